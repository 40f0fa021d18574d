//! One-time setup links for platform operators (`invitely serve` on an empty database,
//! `invitely create-admin --email`).
//!
//! Rules (docs/SECURITY.md B2): a link never sets or resets the password of an account that exists
//! — for such an address it only grants operator rights to that account, signed in; a link made
//! by `create-admin --email` serves that address only; an address-less link is usable only while
//! no operator exists; and when the first operator appears every other unused link dies, in the
//! same transaction.

use super::contact::EmailAddress;
use super::jobs::{self, Job};
use super::{tokens, DomainError, DomainResult};
use crate::db::enums::AuditAction;
use crate::db::ids::AccountId;
use crate::db::models::{Account, NewAccount, SetupToken};
use crate::db::schema::{accounts, setup_tokens};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

pub const LIFETIME_HOURS: i64 = 24;

/// Why a setup link could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Unknown, used, expired, or address-less once an operator exists.
    #[error("the setup link cannot be used")]
    Link,
    /// The address already has an account: only that account, signed in, may be granted.
    #[error("an account with this address exists")]
    AccountExists,
    /// The link is bound to another address than the signed-in account's.
    #[error("the link is for another account")]
    WrongAccount,
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<diesel::result::Error> for SetupError {
    fn from(e: diesel::result::Error) -> Self {
        SetupError::Domain(e.into())
    }
}

/// Creates a setup token and returns the raw token (printed once, never stored).
pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    email: Option<&EmailAddress>,
) -> DomainResult<String> {
    let token = tokens::random_token();
    let hash = tokens::digest(tokens::SETUP, &token);
    write_tx(conn, |conn| {
        diesel::insert_into(setup_tokens::table)
            .values((
                setup_tokens::token_hash.eq(&hash),
                setup_tokens::email.eq(email.map(EmailAddress::as_str)),
                setup_tokens::created_at.eq(now),
                setup_tokens::expires_at.eq(now + Duration::hours(LIFETIME_HOURS)),
            ))
            .execute(conn)
            .map_err(DomainError::from)
    })?;
    Ok(token)
}

/// True when no operator exists yet (a fresh installation).
pub fn needs_operator(conn: &mut DbConnection) -> QueryResult<bool> {
    let count: i64 = accounts::table
        .filter(accounts::is_operator.eq(true))
        .count()
        .get_result(conn)?;
    Ok(count == 0)
}

/// A usable setup token, or None (unknown, used, expired, or address-less while an operator
/// exists).
pub fn find_valid(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
) -> QueryResult<Option<SetupToken>> {
    if !tokens::looks_like_token(token) {
        return Ok(None);
    }
    let found = setup_tokens::table
        .filter(setup_tokens::token_hash.eq(tokens::digest(tokens::SETUP, token)))
        .filter(setup_tokens::used_at.is_null())
        .filter(setup_tokens::expires_at.gt(now))
        .select(SetupToken::as_select())
        .first(conn)
        .optional()?;
    match found {
        Some(t) if t.email.is_none() && !needs_operator(conn)? => Ok(None),
        other => Ok(other),
    }
}

/// The address a link is bound to (`create-admin --email`), as it was parsed when the link was
/// made.
pub fn bound_email(token: &SetupToken) -> Option<EmailAddress> {
    token.email.clone().map(EmailAddress::from_stored)
}

/// True when an account (with or without a password yet) holds this address.
pub fn account_exists(conn: &mut DbConnection, email: &EmailAddress) -> QueryResult<bool> {
    let count: i64 = accounts::table
        .filter(accounts::email.eq(email.as_str()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Consumes the token (one conditional UPDATE that must touch one row) and returns it.
fn consume(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
) -> Result<SetupToken, SetupError> {
    let hash = tokens::digest(tokens::SETUP, token);
    let used = diesel::update(
        setup_tokens::table
            .filter(setup_tokens::token_hash.eq(&hash))
            .filter(setup_tokens::used_at.is_null())
            .filter(setup_tokens::expires_at.gt(now)),
    )
    .set(setup_tokens::used_at.eq(now))
    .execute(conn)?;
    if used != 1 {
        return Err(SetupError::Link);
    }
    let t = setup_tokens::table
        .filter(setup_tokens::token_hash.eq(&hash))
        .select(SetupToken::as_select())
        .first(conn)?;
    if t.email.is_none() && !needs_operator(conn)? {
        return Err(SetupError::Link);
    }
    Ok(t)
}

/// Ends every unused setup link (called when the first operator appears).
fn end_other_links(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::update(setup_tokens::table.filter(setup_tokens::used_at.is_null()))
        .set(setup_tokens::used_at.eq(now))
        .execute(conn)
}

fn audit(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    action: AuditAction,
    account_id: AccountId,
    email: &str,
    request_id: &str,
) -> QueryResult<()> {
    super::audit::record(
        conn,
        now,
        super::audit::Event {
            org_id: None,
            actor_account_id: Some(account_id),
            action,
            subject: super::audit::Subject::Text(email),
            details: super::audit::Details::None,
            request_id,
        },
    )
}

/// Creates a new operator account through the link. The address is the link's own when it is
/// bound, else `typed`. An address that already has an account is refused (`AccountExists`),
/// and the link stays unused.
pub fn create_operator(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
    typed: &EmailAddress,
    password_hash: &str,
    request_id: &str,
) -> Result<(AccountId, String), SetupError> {
    write_tx(conn, |conn| {
        let first = needs_operator(conn)?;
        let t = consume(conn, now, token)?;
        let email = bound_email(&t).unwrap_or_else(|| typed.clone());
        if account_exists(conn, &email)? {
            return Err(SetupError::AccountExists);
        }
        let id: AccountId = diesel::insert_into(accounts::table)
            .values(NewAccount {
                email: Some(email.as_str()),
                phone: None,
                password_hash: Some(password_hash),
                first_name: "",
                last_name: "",
                locale: "en",
                is_operator: true,
                created_at: now,
                updated_at: now,
            })
            .returning(accounts::id)
            .get_result(conn)?;
        audit(
            conn,
            now,
            AuditAction::OperatorCreated,
            id,
            email.as_str(),
            request_id,
        )?;
        if first {
            end_other_links(conn, now)?;
        }
        // The address hears that a password was set for it (docs/SECURITY.md C6).
        jobs::enqueue(
            conn,
            now,
            &Job::PasswordSet {
                account_id: id,
                set_at: now.assume_utc().unix_timestamp(),
            },
        )?;
        Ok((id, email.into_string()))
    })
}

/// Grants operator rights to the signed-in account `account_id` through the link: only when the
/// link is bound to that account's address, or is address-less (usable only while no operator
/// exists). The account's password is not touched.
pub fn grant_operator(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
    account_id: AccountId,
    request_id: &str,
) -> Result<String, SetupError> {
    write_tx(conn, |conn| {
        let first = needs_operator(conn)?;
        let t = consume(conn, now, token)?;
        let account: Account = accounts::table
            .find(account_id)
            .select(Account::as_select())
            .first(conn)
            .optional()?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(SetupError::WrongAccount)?;
        let email = account.email.clone().ok_or(SetupError::WrongAccount)?;
        if t.email.as_ref().is_some_and(|bound| *bound != email) {
            return Err(SetupError::WrongAccount);
        }
        diesel::update(accounts::table.find(account_id))
            .set((accounts::is_operator.eq(true), accounts::updated_at.eq(now)))
            .execute(conn)?;
        audit(
            conn,
            now,
            AuditAction::OperatorGranted,
            account_id,
            &email,
            request_id,
        )?;
        if first {
            end_other_links(conn, now)?;
        }
        Ok(email)
    })
}
