//! Forgotten passwords (docs/PRODUCT.md §4, `/password/forgot`, `/password/reset/{token}`).
//!
//! The link follows the invitations' design: 32 bytes derived with the server's key from a random
//! nonce (`tokens::password_reset_token`), minted by the job when the message leaves, so only its
//! digest is ever stored (not in `password_resets`, not in the outbox). It works once, for one
//! hour, and only while the account's password is the one it had when the link was asked for:
//! the row keeps a digest of that password hash (`bound_hash`), and any change of the password,
//! whatever the path, makes every older link dead. Disabled accounts get nothing.

use super::audit::{self, Event, Subject};
use super::contact::{self, SignInId};
use super::jobs::{self, Job};
use super::settings::{self, VerificationMethod};
use super::{accounts, throttle, tokens, DomainError, DomainResult};
use crate::db::enums::{AuditAction, Channel};
use crate::db::ids::{AccountId, PasswordResetId};
use crate::db::models::{NewPasswordReset, PasswordReset};
use crate::db::schema::password_resets as pr;
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

/// How long a link works.
pub const LIFETIME: Duration = Duration::hours(1);
/// Links asked for one identifier (whether or not an account has it) per `WINDOW`.
pub const PER_IDENTIFIER: i64 = 3;
/// Requests from one client address per `WINDOW`, whatever the identifiers.
pub const PER_ADDRESS: i64 = 10;
pub const WINDOW: Duration = Duration::hours(1);

/// Reserves one request for `identifier` (the normalised key of what was typed) from `client`,
/// before anything is looked up: `false` once either limit is used up. Both counters move in
/// one write transaction with atomic increments, so parallel requests cannot all pass.
pub fn admit(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    identifier: &str,
    client: &str,
) -> QueryResult<bool> {
    let address_key = format!("reset:address:{}", tokens::digest("reset-address", client));
    let identifier_key = format!(
        "reset:identifier:{}",
        tokens::digest("reset-identifier", identifier)
    );
    write_tx(conn, |c| {
        let (address, n) = throttle::count(c, now, &address_key, WINDOW)?;
        if n > PER_ADDRESS {
            return Ok(false);
        }
        let (_, n) = throttle::count(c, now, &identifier_key, WINDOW)?;
        if n > PER_IDENTIFIER {
            // Refused for the identifier: the address's attempt is given back.
            throttle::release(c, &address)?;
            return Ok(false);
        }
        Ok(true)
    })
}

/// The digest a link is bound to: the account's password hash as it is now.
fn bind(password_hash: Option<&str>) -> String {
    tokens::digest("password_reset_bound", password_hash.unwrap_or(""))
}

/// What was asked for, by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// A link was queued for an account.
    Queued,
    /// No account that can sign in matches: nothing is sent (the visitor is told the same).
    NoAccount,
    /// A phone number under "e-mail only" (docs/PRODUCT.md §2.1): no link goes by SMS, for any
    /// number, decided before any account is looked up.
    EmailOnly,
}

/// Someone asked for a link for `id`. The same work whether or not an account matches (a look-up
/// and a write transaction with an audit row); a matching account that can sign in gets a row
/// and a queued message, by e-mail or SMS as the identifier typed.
pub fn request(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token_key: &[u8],
    id: &SignInId,
    request_id: &str,
) -> QueryResult<Requested> {
    write_tx(conn, |conn| {
        if matches!(id, SignInId::Phone(_))
            && settings::verification_method(conn)? == VerificationMethod::EmailOnly
        {
            return Ok(Requested::EmailOnly);
        }
        let account = accounts::find_for_login(conn, id)?;
        let Some(account) = account else {
            audit::record(
                conn,
                now,
                Event {
                    org_id: None,
                    actor_account_id: None,
                    action: AuditAction::PasswordResetRequested,
                    subject: Subject::None,
                    details: audit::Details::NoAccount,
                    request_id,
                },
            )?;
            return Ok(Requested::NoAccount);
        };
        let (channel, recipient) = match id {
            SignInId::Email(email) => (Channel::Email, email.as_str()),
            SignInId::Phone(phone) => (Channel::Sms, phone.as_str()),
        };
        // The newest link is the one that works: those asked for before end now (a message of
        // theirs not yet sent is then not sent at all) — under the account's lock, so that
        // parallel requests cannot each miss the others' links; the password hash the link is
        // bound to is read under it too (a change committed meanwhile is the one bound).
        let password_hash = accounts::lock(conn, account.id)?.password_hash;
        diesel::update(
            pr::table
                .filter(pr::account_id.eq(account.id))
                .filter(pr::used_at.is_null())
                .filter(pr::expires_at.gt(now)),
        )
        .set(pr::expires_at.eq(now))
        .execute(conn)?;
        let nonce = tokens::random_token();
        let token = tokens::password_reset_token(token_key, &nonce);
        let reset_id: PasswordResetId = diesel::insert_into(pr::table)
            .values(NewPasswordReset {
                account_id: account.id,
                channel,
                recipient,
                nonce: &nonce,
                token_hash: &tokens::digest(tokens::PASSWORD_RESET, &token),
                bound_hash: &bind(password_hash.as_deref()),
                created_at: now,
                expires_at: now + LIFETIME,
            })
            .returning(pr::id)
            .get_result(conn)?;
        jobs::enqueue(conn, now, &Job::PasswordReset { reset_id })?;
        audit::record(
            conn,
            now,
            Event {
                org_id: None,
                actor_account_id: None,
                action: AuditAction::PasswordResetRequested,
                subject: Subject::Account(account.id),
                details: audit::Details::Channel { channel },
                request_id,
            },
        )?;
        Ok(Requested::Queued)
    })
}

/// Whether a row still opens a page: unused, not expired, the account enabled and its password
/// unchanged since the link was asked for.
fn live_account(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    row: &PasswordReset,
) -> QueryResult<Option<crate::db::models::Account>> {
    if row.used_at.is_some() || row.expires_at <= now {
        return Ok(None);
    }
    Ok(accounts::get(conn, row.account_id)?
        .filter(|a| a.disabled_at.is_none() && bind(a.password_hash.as_deref()) == row.bound_hash))
}

fn by_token(conn: &mut DbConnection, token: &str) -> QueryResult<Option<PasswordReset>> {
    if !tokens::looks_like_token(token) {
        return Ok(None);
    }
    pr::table
        .filter(pr::token_hash.eq(tokens::digest(tokens::PASSWORD_RESET, token)))
        .select(PasswordReset::as_select())
        .first(conn)
        .optional()
}

/// A link as its page sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// No such link (a wrong or mangled token): counts as a guess.
    Unknown,
    /// A link that existed but is used, expired, or outlived by a password change.
    Dead,
    /// Opens the form: whose password it sets (the address or phone it was sent to), in the
    /// account's language (the one its message was written in).
    Live { recipient: String, locale: String },
}

/// Reads a link; changes nothing.
pub fn find(conn: &mut DbConnection, now: PrimitiveDateTime, token: &str) -> QueryResult<Link> {
    let Some(row) = by_token(conn, token)? else {
        return Ok(Link::Unknown);
    };
    Ok(match live_account(conn, now, &row)? {
        Some(account) => Link::Live {
            recipient: row.recipient,
            locale: account.locale,
        },
        None => Link::Dead,
    })
}

/// A password set through a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reset {
    pub account_id: AccountId,
    /// The link, sent by e-mail, proved an address nobody had proved (an account made through a
    /// link handed to its inviter): two-factor sign-in may be set up from now on.
    pub proved: bool,
    /// And two-factor sign-in set up before — perhaps by whoever held the invitation's link,
    /// were it ever on — was turned off.
    pub two_factor_ended: bool,
}

/// Sets the password through a link, in one transaction: the link is consumed by a conditional
/// UPDATE that must match exactly one live row, the password by a compare-and-swap on the hash
/// the link is bound to (a change made meanwhile wins, and the link is dead), every other open
/// link of the account is retired, every session of the account ends, and it is audited and the
/// account told by e-mail. An account made through a link handed to its inviter ("Open in my
/// mail app") has its address proved by a link sent to it; it could not enrol two-factor
/// sign-in before (`two_factor::store::enable`), and any enrolment found all the same ends with
/// the reset, for the inviter could have made it. `Err(NotFound)`: the link is dead (or
/// unknown).
pub fn consume(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
    new_hash: &str,
    request_id: &str,
) -> DomainResult<Reset> {
    write_tx(conn, |conn| {
        let row = by_token(conn, token)?.ok_or(DomainError::NotFound)?;
        // The account's lock before the link's row, in the order a request takes them (a
        // reversed order could deadlock a request against a reset on PostgreSQL).
        accounts::lock(conn, row.account_id)?;
        let account = live_account(conn, now, &row)?.ok_or(DomainError::NotFound)?;
        let consumed = diesel::update(
            pr::table
                .filter(pr::id.eq(row.id))
                .filter(pr::used_at.is_null())
                .filter(pr::expires_at.gt(now)),
        )
        .set(pr::used_at.eq(now))
        .execute(conn)?;
        if consumed != 1 {
            return Err(DomainError::NotFound);
        }
        super::account_password::replace(
            conn,
            now,
            &account,
            new_hash,
            AuditAction::PasswordReset,
            request_id,
        )?;
        let proved = row.channel == Channel::Email && account.email_unproven;
        let two_factor_ended = proved && prove_address(conn, now, account.id, request_id)?;
        Ok(Reset {
            account_id: account.id,
            proved,
            two_factor_ended,
        })
    })
}

/// The account's address is proved: marked so, and its two-factor sign-in, if any, turned off
/// (audited, the account told). Whether it was on.
fn prove_address(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    id: AccountId,
    request_id: &str,
) -> QueryResult<bool> {
    use crate::db::schema::accounts as a;
    diesel::update(a::table.find(id))
        .set(a::email_unproven.eq(false))
        .execute(conn)?;
    super::two_factor::store::turn_off(conn, now, id, request_id)
}

/// Every link of the account still open is used up (a password change happened).
pub fn retire_for_account(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account_id: AccountId,
) -> QueryResult<usize> {
    diesel::update(
        pr::table
            .filter(pr::account_id.eq(account_id))
            .filter(pr::used_at.is_null()),
    )
    .set(pr::used_at.eq(now))
    .execute(conn)
}

/// Everything the job needs to send one link.
#[derive(Debug, Clone)]
pub struct ResetToSend {
    pub channel: Channel,
    pub recipient: String,
    pub recipient_name: String,
    pub locale: String,
    /// The raw token for the link in the message, derived now; never stored.
    pub token: String,
    pub expires_at: PrimitiveDateTime,
}

/// The link to send now; `None` when it is no longer worth sending (used, expired, outlived by a
/// password change, the account disabled or gone).
pub fn to_send(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token_key: &[u8],
    reset_id: PasswordResetId,
) -> QueryResult<Option<ResetToSend>> {
    let Some(row) = pr::table
        .find(reset_id)
        .select(PasswordReset::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(account) = live_account(conn, now, &row)? else {
        return Ok(None);
    };
    Ok(Some(ResetToSend {
        channel: row.channel,
        recipient: row.recipient,
        recipient_name: contact::full_name(&account.first_name, &account.last_name),
        locale: account.locale,
        token: tokens::password_reset_token(token_key, &row.nonce),
        expires_at: row.expires_at,
    }))
}

/// Links that can no longer be used go after a day (the periodic sweep).
pub fn sweep(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(pr::table.filter(pr::expires_at.le(now - Duration::days(1)))).execute(conn)
}
