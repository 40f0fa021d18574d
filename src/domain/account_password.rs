//! Changing an account's password (from `/account`, or through a forgotten-password link):
//! one compare-and-swap on the hash, every session of the account ended, every open reset link
//! retired, audited, and the account told by e-mail, or by SMS when it has only a phone
//! (docs/SECURITY.md D2, C6).

use super::audit::{self, Event, Subject};
use super::jobs::{self, Job};
use super::{contact, DomainError, DomainResult};
use crate::db::enums::{AuditAction, Channel};
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
            details: audit::Details::SessionsEnded {
                count: ended as i64,
            },
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

/// Where a security notice (password changed or set, two-factor sign-in turned off) goes: the
/// account's e-mail address, else its phone by SMS.
#[derive(Debug, Clone)]
pub struct NoticeToSend {
    pub channel: Channel,
    pub recipient: String,
    pub recipient_name: String,
    pub locale: String,
}

/// The notification for `account_id`; `None` when the account is gone or has neither an e-mail
/// address nor a phone (nothing to send).
pub fn notice_to_send(
    conn: &mut DbConnection,
    account_id: AccountId,
) -> QueryResult<Option<NoticeToSend>> {
    let Some(account) = super::accounts::get(conn, account_id)? else {
        return Ok(None);
    };
    let (channel, recipient) = match (account.email.clone(), account.phone.clone()) {
        (Some(email), _) => (Channel::Email, email),
        (None, Some(phone)) => (Channel::Sms, phone),
        (None, None) => return Ok(None),
    };
    Ok(Some(NoticeToSend {
        channel,
        recipient,
        recipient_name: contact::full_name(&account.first_name, &account.last_name),
        locale: account.locale,
    }))
}
