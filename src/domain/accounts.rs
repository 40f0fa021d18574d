//! Accounts: one per person, identified by e-mail (or phone).

use super::contact::{EmailAddress, PhoneNumber, SignInId};
use crate::db::enums::MemberStatus;
use crate::db::ids::{AccountId, OrgId};
use crate::db::models::Account;
use crate::db::schema::{accounts, members, organisations};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub fn get(conn: &mut DbConnection, id: AccountId) -> QueryResult<Option<Account>> {
    accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// What a transaction read under the account's row lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    pub password_hash: Option<String>,
    pub email_unproven: bool,
}

/// Takes the account's row lock for the rest of the transaction (PostgreSQL; SQLite's write
/// transaction is exclusive already) and reads what its security decisions rest on. Every
/// change of the account's credentials (password, two-factor sign-in, a reset link) takes it
/// first, so they never pass each other, nor deadlock taking rows in another order. The write
/// is of a column that is no key (writing a key, even unchanged, makes SQLite check every row
/// that refers to it).
pub fn lock(conn: &mut DbConnection, id: AccountId) -> QueryResult<Locked> {
    diesel::update(accounts::table.find(id))
        .set(accounts::locale.eq(accounts::locale))
        .returning((accounts::password_hash, accounts::email_unproven))
        .get_result::<(Option<String>, bool)>(conn)
        .map(|(password_hash, email_unproven)| Locked {
            password_hash,
            email_unproven,
        })
}

pub fn find_by_email(
    conn: &mut DbConnection,
    email: &EmailAddress,
) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::email.eq(email.as_str()))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_phone(conn: &mut DbConnection, phone: &PhoneNumber) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::phone.eq(phone.as_str()))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// An account that can sign in: has a password and is not disabled.
pub fn find_for_login(conn: &mut DbConnection, id: &SignInId) -> QueryResult<Option<Account>> {
    let found = match id {
        SignInId::Email(email) => find_by_email(conn, email)?,
        SignInId::Phone(phone) => find_by_phone(conn, phone)?,
    };
    Ok(found.filter(|u| u.password_hash.is_some() && u.disabled_at.is_none()))
}

/// The account's active memberships joined to their organisations, enabled or not: what
/// [`open_first`], [`active_orgs`] and [`disabled_orgs`] narrow down.
#[diesel::dsl::auto_type(no_type_alias)]
fn memberships(account_id: AccountId) -> _ {
    let active: MemberStatus = MemberStatus::Active;
    members::table
        .inner_join(organisations::table)
        .filter(members::account_id.eq(account_id))
        .filter(members::invite_status.eq(active))
}

/// Up to `at_most` of a person's active memberships, those of enabled organisations first:
/// whether each one's organisation is enabled. What every page asks — none, one, several open,
/// or only disabled ones. Two reads that stop early rather than one that sorts: the enabled
/// ones first, at most `at_most`; only when there is none, whether any membership is left
/// (a disabled organisation's). Ordering every membership by its organisation's state read and
/// sorted them all (an admin of 100 organisations: 12 % of the users page's CPU).
pub fn open_first(
    conn: &mut DbConnection,
    account_id: AccountId,
    at_most: i64,
) -> QueryResult<Vec<bool>> {
    let open = memberships(account_id)
        .filter(organisations::disabled_at.is_null())
        .select(organisations::id)
        .limit(at_most)
        .load::<OrgId>(conn)?;
    if !open.is_empty() {
        return Ok(vec![true; open.len()]);
    }
    let any_disabled = memberships(account_id)
        .select(organisations::id)
        .limit(1)
        .load::<OrgId>(conn)?;
    Ok(vec![false; any_disabled.len()])
}

/// The organisations a person is an active member of: (org id, name, customer number, admin).
pub fn active_orgs(
    conn: &mut DbConnection,
    account_id: AccountId,
) -> QueryResult<Vec<(OrgId, String, String, bool)>> {
    memberships(account_id)
        .filter(organisations::disabled_at.is_null())
        .order(organisations::name.asc())
        .select((
            organisations::id,
            organisations::name,
            organisations::customer_number,
            members::is_admin,
        ))
        .load(conn)
}

/// The organisations the account is an active member of that the platform operator has
/// disabled (kept out of `active_orgs`): id, name, customer number.
pub fn disabled_orgs(
    conn: &mut DbConnection,
    account_id: AccountId,
) -> QueryResult<Vec<(OrgId, String, String)>> {
    memberships(account_id)
        .filter(organisations::disabled_at.is_not_null())
        .order(organisations::name.asc())
        .select((
            organisations::id,
            organisations::name,
            organisations::customer_number,
        ))
        .load(conn)
}

pub fn set_locale(
    conn: &mut DbConnection,
    account_id: AccountId,
    locale: &str,
    now: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(account_id))
        .set((accounts::locale.eq(locale), accounts::updated_at.eq(now)))
        .execute(conn)
        .map(|_| ())
}

/// Disables an account: it can no longer sign in, and the invitations it sent that are still
/// open are revoked and audited (it has lost the right to invite everywhere). The operator's
/// page does more in the same transaction (`platform_accounts::disable`).
pub fn disable(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &crate::domain::Actor,
    account_id: AccountId,
) -> crate::domain::DomainResult<usize> {
    crate::db::write_tx(conn, |conn| disable_in_tx(conn, now, actor, account_id))
}

/// [`disable`], inside the caller's transaction: how many open invitations were revoked;
/// NotFound when there is no such enabled account.
pub fn disable_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &crate::domain::Actor,
    account_id: AccountId,
) -> crate::domain::DomainResult<usize> {
    let updated = diesel::update(
        accounts::table
            .filter(accounts::id.eq(account_id))
            .filter(accounts::disabled_at.is_null()),
    )
    .set((accounts::disabled_at.eq(now), accounts::updated_at.eq(now)))
    .execute(conn)?;
    if updated == 0 {
        return Err(crate::domain::DomainError::NotFound);
    }
    Ok(crate::domain::invitations::revoke_from_inviter(
        conn,
        now,
        actor,
        None,
        account_id,
        crate::domain::invitations::LostRight::AccountDisabled,
    )?)
}
