//! Changing an account's password (from `/account`, or through a forgotten-password link):
//! one compare-and-swap on the hash, every session of the account ended, every open reset link
//! retired, audited, and the account told by e-mail (docs/SECURITY.md D2).

use super::audit::{self, Event, Subject};
use super::jobs::{self, Job};
use super::{contact, DomainError, DomainResult};
use crate::db::enums::AuditAction;
use crate::db::ids::AccountId;
use crate::db::models::Account;
use crate::db::schema::accounts;
use crate::db::{self, write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Replaces `account`'s password with `new_hash`, inside the caller's transaction, only if the
/// stored hash is still the one `account` was read with (a change made meanwhile wins:
/// `Conflict`) and the account is enabled. Ends every session of the account (the caller signs
/// the current one in again if it should stay), retires its open reset links, records `action`
/// and queues the notification e-mail. Returns how many sessions ended.
pub fn replace(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: &Account,
    new_hash: &str,
    action: AuditAction,
    request_id: &str,
) -> DomainResult<usize> {
    let Some(old_hash) = account.password_hash.as_deref() else {
        return Err(DomainError::Conflict("password"));
    };
    let updated = diesel::update(
        accounts::table
            .filter(accounts::id.eq(account.id))
            .filter(accounts::disabled_at.is_null())
            .filter(accounts::password_hash.eq(old_hash)),
    )
    .set((
        accounts::password_hash.eq(new_hash),
        accounts::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated != 1 {
        return Err(DomainError::Conflict("password"));
    }
    super::password_reset::retire_for_account(conn, now, account.id)?;
    let ended = db::sessions::delete_for_account(conn, account.id)?;
    audit::record(
        conn,
        now,
        Event {
            org_id: None,
            actor_account_id: Some(account.id),
            action,
            subject: Subject::Account(account.id),
            details: &format!("sessions ended: {ended}"),
            request_id,
        },
    )?;
    jobs::enqueue(
        conn,
        now,
        &Job::PasswordChanged {
            account_id: account.id,
            changed_at: now.assume_utc().unix_timestamp(),
        },
    )?;
    Ok(ended)
}

/// The signed-in account changes its own password (the current one already checked).
pub fn change(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: &Account,
    new_hash: &str,
    request_id: &str,
) -> DomainResult<usize> {
    write_tx(conn, |conn| {
        replace(
            conn,
            now,
            account,
            new_hash,
            AuditAction::PasswordChanged,
            request_id,
        )
    })
}

/// Who the "your password was changed" e-mail goes to.
#[derive(Debug, Clone)]
pub struct NoticeToSend {
    pub email: String,
    pub recipient_name: String,
    pub locale: String,
}

/// The notification for `account_id`; `None` when it has no e-mail address (nothing to send).
pub fn notice_to_send(
    conn: &mut DbConnection,
    account_id: AccountId,
) -> QueryResult<Option<NoticeToSend>> {
    let Some(account) = super::accounts::get(conn, account_id)? else {
        return Ok(None);
    };
    let Some(email) = account.email.clone() else {
        return Ok(None);
    };
    Ok(Some(NoticeToSend {
        email,
        recipient_name: contact::full_name(&account.first_name, &account.last_name),
        locale: account.locale,
    }))
}
