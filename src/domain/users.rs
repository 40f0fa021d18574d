//! Accounts: one per person, identified by e-mail (or phone).

use super::contact::SignInId;
use crate::db::models::User;
use crate::db::schema::{memberships, organisations, users};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_phone(conn: &mut DbConnection, phone: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::phone.eq(phone))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// An account that can sign in: has a password and is not disabled.
pub fn find_for_login(conn: &mut DbConnection, id: &SignInId) -> QueryResult<Option<User>> {
    let found = match id {
        SignInId::Email(email) => find_by_email(conn, email)?,
        SignInId::Phone(phone) => find_by_phone(conn, phone)?,
    };
    Ok(found.filter(|u| u.password_hash.is_some() && u.disabled_at.is_none()))
}

/// The organisations a person is an active member of: (org id, name, customer number, admin).
pub fn active_orgs(
    conn: &mut DbConnection,
    user_id: &str,
) -> QueryResult<Vec<(String, String, String, bool)>> {
    memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::invite_status.eq(crate::db::enums::MemberStatus::Active))
        .order(organisations::name.asc())
        .select((
            organisations::id,
            organisations::name,
            organisations::customer_number,
            memberships::is_admin,
        ))
        .load(conn)
}

pub fn set_locale(
    conn: &mut DbConnection,
    user_id: &str,
    locale: &str,
    now: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((users::locale.eq(locale), users::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}
