//! The "access granted" notice (docs/PRODUCT.md §2.11): an admin gave a role to an active member
//! who had none. What the message needs, read again when it is sent: a member who lost every
//! role again, left, or has no e-mail address any more gets nothing.

use crate::db::enums::MemberStatus;
use crate::db::ids::MemberId;
use crate::db::models::Member;
use crate::db::schema::{accounts, member_roles, members, organisations, roles};
use crate::db::DbConnection;
use diesel::prelude::*;

/// Everything needed to send one access-granted e-mail.
#[derive(Debug, Clone)]
pub struct AccessGrantedToSend {
    pub member_id: MemberId,
    pub email: String,
    pub recipient_name: String,
    /// The account's language.
    pub locale: String,
    pub org_name: String,
    pub customer_number: String,
    pub role_names: Vec<String>,
}

/// What to send for `Job::AccessGranted`; `None` when there is nothing (any more) to say.
pub fn to_send(
    conn: &mut DbConnection,
    member_id: MemberId,
) -> QueryResult<Option<AccessGrantedToSend>> {
    let Some(member) = members::table
        .find(member_id)
        .select(Member::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(account_id) = member.account_id else {
        return Ok(None);
    };
    if member.invite_status != MemberStatus::Active {
        return Ok(None);
    }
    let role_names: Vec<String> = member_roles::table
        .inner_join(roles::table)
        .filter(member_roles::member_id.eq(member_id))
        .order(roles::name.asc())
        .select(roles::name)
        .load(conn)?;
    if role_names.is_empty() {
        return Ok(None);
    }
    let (email, locale, disabled): (Option<String>, String, Option<time::PrimitiveDateTime>) =
        accounts::table
            .find(account_id)
            .select((accounts::email, accounts::locale, accounts::disabled_at))
            .first(conn)?;
    let Some(email) = email.or(member.email.clone()) else {
        return Ok(None);
    };
    if disabled.is_some() {
        return Ok(None);
    }
    let (org_name, customer_number): (String, String) = organisations::table
        .find(member.org_id)
        .select((organisations::name, organisations::customer_number))
        .first(conn)?;
    Ok(Some(AccessGrantedToSend {
        member_id,
        email,
        recipient_name: super::contact::full_name(&member.first_name, &member.last_name),
        locale,
        org_name,
        customer_number,
        role_names,
    }))
}
