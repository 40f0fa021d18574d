//! The platform operator's accounts (docs/SECURITY.md A6, D2): found by e-mail address or phone
//! number, each with its memberships; disabling one — it can no longer sign in, every session
//! of it ends at once, the invitations it sent that are still open are withdrawn — and enabling
//! it again. Its cards and memberships stay as they are: enabled again, the person is back.

use super::audit::{self, Details, Event, Subject};
use super::{Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, MemberStatus};
use crate::db::ids::AccountId;
use crate::db::models::Account;
use crate::db::schema::{accounts, invitations as invitations_t, members, organisations};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use std::collections::HashMap;
use time::PrimitiveDateTime;

/// The list shows at most this many accounts, newest first; a search narrows it.
pub const LIST_LIMIT: i64 = 50;

/// One line of the list.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub account: Account,
    /// Active memberships, in enabled organisations or not.
    pub orgs: i64,
}

/// One membership on an account's page.
#[derive(Debug, Clone)]
pub struct Membership {
    pub org_name: String,
    pub customer_number: String,
    pub is_admin: bool,
    pub org_disabled: bool,
}

/// What an account's page says of it.
#[derive(Debug, Clone)]
pub struct AccountDetails {
    pub account: Account,
    pub memberships: Vec<Membership>,
    /// Invitations it sent that are still open (queued, or sent and not expired): what disabling
    /// withdraws.
    pub open_sent: i64,
}

/// The greatest character: `text < prefix || MAX` holds for every text that begins with
/// `prefix`, so a prefix is a range of the column's unique index — compared byte by byte on
/// both backends (SQLite's BINARY; `COLLATE "C"` on PostgreSQL, migration 000050).
const AFTER: char = char::MAX;

/// What a typed search looks for: an address's beginning (lower case, as addresses are kept),
/// or a phone number's (its digits after the `+`, typed or not).
fn prefixes(q: &str) -> (String, Option<String>) {
    let email = q.trim().to_lowercase();
    let phone: String = q
        .trim()
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let is_phone = !phone.is_empty()
        && q.trim()
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    // Numbers are kept with their country code (E.164): digits typed without the `+` are its
    // digits.
    let phone = if phone.starts_with('+') {
        phone
    } else {
        format!("+{phone}")
    };
    (email, is_phone.then_some(phone))
}

/// Accounts whose e-mail address or phone number begins with `q` (all accounts when it is
/// empty), newest first, each with its count of memberships: two indexed queries whatever the
/// number of accounts. The flag says whether more matched than are shown.
pub fn search(conn: &mut DbConnection, q: &str) -> QueryResult<(Vec<AccountRow>, bool)> {
    let mut query = accounts::table.into_boxed();
    if !q.trim().is_empty() {
        let (email, phone) = prefixes(q);
        let by_email = accounts::email
            .ge(email.clone())
            .and(accounts::email.lt(format!("{email}{AFTER}")));
        query = match phone {
            Some(p) => query.filter(
                by_email.or(accounts::phone
                    .ge(p.clone())
                    .and(accounts::phone.lt(format!("{p}{AFTER}")))),
            ),
            None => query.filter(by_email),
        };
    }
    let mut found: Vec<Account> = query
        .order(accounts::id.desc())
        .limit(LIST_LIMIT + 1)
        .select(Account::as_select())
        .load(conn)?;
    let more = found.len() as i64 > LIST_LIMIT;
    found.truncate(LIST_LIMIT as usize);
    let ids: Vec<AccountId> = found.iter().map(|a| a.id).collect();
    let counts: HashMap<AccountId, i64> = members::table
        .filter(members::account_id.eq_any(&ids))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .group_by(members::account_id)
        .select((
            members::account_id.assume_not_null(),
            diesel::dsl::count_star(),
        ))
        .load::<(AccountId, i64)>(conn)?
        .into_iter()
        .collect();
    let rows = found
        .into_iter()
        .map(|account| AccountRow {
            orgs: counts.get(&account.id).copied().unwrap_or(0),
            account,
        })
        .collect();
    Ok((rows, more))
}

/// An account with its memberships and the open invitations it sent; None when there is none.
pub fn details(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    id: AccountId,
) -> QueryResult<Option<AccountDetails>> {
    let Some(account) = super::accounts::get(conn, id)? else {
        return Ok(None);
    };
    let memberships = members::table
        .inner_join(organisations::table)
        .filter(members::account_id.eq(id))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .order((organisations::name.asc(), organisations::id.asc()))
        .select((
            organisations::name,
            organisations::customer_number,
            members::is_admin,
            organisations::disabled_at.is_not_null(),
        ))
        .load::<(String, String, bool, bool)>(conn)?
        .into_iter()
        .map(
            |(org_name, customer_number, is_admin, org_disabled)| Membership {
                org_name,
                customer_number,
                is_admin,
                org_disabled,
            },
        )
        .collect();
    // Open as disabling counts them (`revoke_from_inviter`): queued, or sent and not expired.
    let open_sent = invitations_t::table
        .filter(invitations_t::inviter_account_id.eq(id))
        .filter(super::invitations::open_at(now))
        .count()
        .get_result(conn)?;
    Ok(Some(AccountDetails {
        account,
        memberships,
        open_sent,
    }))
}

/// Disables `id` for the operator `actor`, in one transaction: it can no longer sign in, its
/// sessions are deleted (a request of it in flight cannot write one back), and the invitations
/// it sent that are still open are revoked (each audited where it was sent); the platform's
/// trail says how many. Returns that count. An operator cannot disable their own account
/// (Forbidden); an account disabled already, or none, is NotFound.
pub fn disable(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    id: AccountId,
    request_id: &str,
) -> DomainResult<usize> {
    if id == actor.account_id {
        return Err(DomainError::Forbidden);
    }
    write_tx(conn, |conn| {
        // Still an enabled operator (another one may have disabled this one meanwhile).
        if super::invitations::standing(conn, actor.account_id)? != (true, true) {
            return Err(DomainError::Forbidden);
        }
        let revoked = super::accounts::disable_in_tx(conn, now, actor, id)?;
        crate::db::sessions::delete_for_account(conn, id)?;
        let count = revoked as i64;
        record(
            conn,
            now,
            actor,
            id,
            AuditAction::AccountDisabled,
            Details::Revoked { count },
            request_id,
        )?;
        Ok(revoked)
    })
}

/// Enables a disabled account again: it signs in with its password as before (its sessions
/// ended when it was disabled; the invitations withdrawn then stay withdrawn). NotFound when
/// there is no such disabled account.
pub fn enable(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    id: AccountId,
    request_id: &str,
) -> DomainResult<()> {
    write_tx(conn, |conn| {
        let updated = diesel::update(
            accounts::table
                .filter(accounts::id.eq(id))
                .filter(accounts::disabled_at.is_not_null()),
        )
        .set((
            accounts::disabled_at.eq(None::<PrimitiveDateTime>),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(DomainError::NotFound);
        }
        // A sign-in whose password was checked before the disabling committed may have written
        // its session after it: none outlives the disabled time.
        crate::db::sessions::delete_for_account(conn, id)?;
        record(
            conn,
            now,
            actor,
            id,
            AuditAction::AccountEnabled,
            Details::None,
            request_id,
        )?;
        Ok(())
    })
}

/// The operator's log line for `action` on the account `id`.
fn record(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    id: AccountId,
    action: AuditAction,
    details: Details,
    request_id: &str,
) -> QueryResult<()> {
    audit::record(
        conn,
        now,
        Event {
            org_id: None,
            actor_account_id: Some(actor.account_id),
            action,
            subject: Subject::Account(id),
            details,
            request_id,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::prefixes;

    #[test]
    fn a_search_is_an_addresss_or_a_numbers_beginning() {
        assert_eq!(prefixes(" Anna@X "), ("anna@x".into(), None));
        assert_eq!(
            prefixes("+7 905 (12)"),
            ("+7 905 (12)".into(), Some("+790512".into()))
        );
        assert_eq!(prefixes("ivan"), ("ivan".into(), None));
        assert_eq!(prefixes("7905"), ("7905".into(), Some("+7905".into())));
    }
}
