//! One-time setup links for platform operators (`invitely serve` on an empty database,
//! `invitely create-admin`).

use super::{new_id, tokens, DomainError, DomainResult};
use crate::db::models::{NewUser, SetupToken};
use crate::db::schema::{setup_tokens, users};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

pub const LIFETIME_HOURS: i64 = 24;

/// Creates a setup token and returns the raw token (printed once, never stored).
pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    email: Option<&str>,
) -> DomainResult<String> {
    let token = tokens::random_token();
    let hash = tokens::digest(tokens::SETUP, &token);
    write_tx(conn, |conn| {
        diesel::insert_into(setup_tokens::table)
            .values((
                setup_tokens::id.eq(new_id()),
                setup_tokens::token_hash.eq(&hash),
                setup_tokens::email.eq(email),
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
    let count: i64 = users::table
        .filter(users::is_operator.eq(true))
        .count()
        .get_result(conn)?;
    Ok(count == 0)
}

/// A usable setup token, or None (unknown, used or expired).
pub fn find_valid(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
) -> QueryResult<Option<SetupToken>> {
    if !tokens::looks_like_token(token) {
        return Ok(None);
    }
    setup_tokens::table
        .filter(setup_tokens::token_hash.eq(tokens::digest(tokens::SETUP, token)))
        .filter(setup_tokens::used_at.is_null())
        .filter(setup_tokens::expires_at.gt(now))
        .select(SetupToken::as_select())
        .first(conn)
        .optional()
}

/// Consumes the token and creates (or promotes) the operator account in one transaction.
pub fn complete(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
    email: &str,
    password_hash: &str,
) -> DomainResult<String> {
    let hash = tokens::digest(tokens::SETUP, token);
    write_tx(conn, |conn| {
        let used = diesel::update(
            setup_tokens::table
                .filter(setup_tokens::token_hash.eq(&hash))
                .filter(setup_tokens::used_at.is_null())
                .filter(setup_tokens::expires_at.gt(now)),
        )
        .set(setup_tokens::used_at.eq(now))
        .execute(conn)?;
        if used != 1 {
            return Err(DomainError::NotFound);
        }
        let existing: Option<String> = users::table
            .filter(users::email.eq(email))
            .select(users::id)
            .first(conn)
            .optional()?;
        let user_id = match existing {
            Some(id) => {
                diesel::update(users::table.find(&id))
                    .set((
                        users::is_operator.eq(true),
                        users::password_hash.eq(password_hash),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                id
            }
            None => {
                let id = new_id();
                diesel::insert_into(users::table)
                    .values(NewUser {
                        id: &id,
                        email: Some(email),
                        phone: None,
                        password_hash: Some(password_hash),
                        first_name: "",
                        last_name: "",
                        locale: "en",
                        is_operator: true,
                        created_at: now,
                        updated_at: now,
                    })
                    .execute(conn)?;
                id
            }
        };
        super::audit::record(
            conn,
            now,
            super::audit::Event {
                org_id: None,
                actor_user_id: Some(&user_id),
                action: "operator.created",
                subject: email,
                details: "",
                request_id: "",
            },
        )?;
        Ok(user_id)
    })
}
