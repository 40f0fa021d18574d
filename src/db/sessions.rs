//! The `sessions` table (docs/SECURITY.md D2). Rows are keyed by the SHA-256 of the cookie's key
//! and hold only signed-in sessions (and sign-ins waiting for their second step); `expires_at` is
//! the idle deadline, `signed_in_at` when the browser signed in (NULL while it waits).

use crate::db::ids::AccountId;
use crate::db::schema::sessions;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub account_id: AccountId,
    pub state: &'a str,
    pub created_at: PrimitiveDateTime,
    pub expires_at: PrimitiveDateTime,
    pub signed_in_at: Option<PrimitiveDateTime>,
}

/// What a session's row holds besides its id: whose it is, since when it is signed in (None
/// while it waits for its second step), its state and its idle deadline.
#[derive(Debug, Clone, Copy)]
pub struct Contents<'a> {
    pub account_id: AccountId,
    pub signed_in_at: Option<PrimitiveDateTime>,
    pub state: &'a str,
    pub expires_at: PrimitiveDateTime,
}

/// The state of a session that has not expired, with its idle deadline.
pub fn find_live(
    conn: &mut DbConnection,
    id: &str,
    now: PrimitiveDateTime,
) -> QueryResult<Option<(String, PrimitiveDateTime)>> {
    sessions::table
        .find(id)
        .filter(sessions::expires_at.gt(now))
        .select((sessions::state, sessions::expires_at))
        .first(conn)
        .optional()
}

/// A live session's state, its idle deadline moved to `now + idle` — written back only when
/// that moves it by at least `refresh_every`, so most reads write nothing. A session ended
/// between the read and the write still answers the request that read it.
pub fn read_and_refresh(
    conn: &mut DbConnection,
    id: &str,
    now: PrimitiveDateTime,
    idle: Duration,
    refresh_every: Duration,
) -> QueryResult<Option<String>> {
    let Some((state, expires_at)) = find_live(conn, id, now)? else {
        return Ok(None);
    };
    let deadline = now + idle;
    if deadline - expires_at >= refresh_every {
        // Moving the deadline is worth a write a minute, not the request: one that cannot be
        // made now (another writer holding the database past the busy timeout) leaves the old
        // deadline for a later request to move, and the page is answered (docs/SECURITY.md I5:
        // busy is never a 500).
        if let Err(e) = extend_live(conn, id, now, deadline) {
            tracing::warn!(error = %e, "session deadline not moved now");
        }
    }
    Ok(Some(state))
}

pub fn insert(conn: &mut DbConnection, row: &NewSession<'_>) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values(row)
        .execute(conn)
}

/// Rewrites a live session, under the id `keep_as` (`id` itself, or a new one when the
/// session's id is renewed: one statement, so a session ended meanwhile is not stored again
/// under either); 0 when the row is gone (ended, expired): nothing is created.
pub fn update_live(
    conn: &mut DbConnection,
    id: &str,
    keep_as: &str,
    now: PrimitiveDateTime,
    row: Contents<'_>,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::expires_at.gt(now)),
    )
    .set((
        sessions::id.eq(keep_as),
        sessions::account_id.eq(row.account_id),
        sessions::signed_in_at.eq(row.signed_in_at),
        sessions::state.eq(row.state),
        sessions::expires_at.eq(row.expires_at),
    ))
    .execute(conn)
}

/// Where [`write_live`] wrote a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Under the id asked for (`id`, or `keep_as` when renewing).
    AsAsked,
    /// The row had moved to `next` (renewed by another request of the session meanwhile):
    /// written there.
    Followed,
    /// Gone (ended, expired): nothing written.
    Gone,
}

/// Rewrites a live session as [`update_live`] does; when its row is no longer under `id`
/// because another request of the session renewed it meanwhile, writes it where it went
/// (`next`, the one id a renewal of `id` moves to).
pub fn write_live(
    conn: &mut DbConnection,
    id: &str,
    keep_as: &str,
    next: &str,
    now: PrimitiveDateTime,
    row: Contents<'_>,
) -> QueryResult<Written> {
    if update_live(conn, id, keep_as, now, row)? == 1 {
        return Ok(Written::AsAsked);
    }
    Ok(match update_live(conn, next, next, now, row)? {
        1 => Written::Followed,
        _ => Written::Gone,
    })
}

/// Moves a live session's idle deadline; 0 when the row is gone.
pub fn extend_live(
    conn: &mut DbConnection,
    id: &str,
    now: PrimitiveDateTime,
    expires_at: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::expires_at.gt(now)),
    )
    .set(sessions::expires_at.eq(expires_at))
    .execute(conn)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id)).execute(conn)
}

pub fn delete_for_account(conn: &mut DbConnection, account_id: AccountId) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::account_id.eq(account_id))).execute(conn)
}

/// How many sessions of the account are live (not past their idle deadline) and signed in
/// after `signed_in_after` (not waiting for a second step, not past their lifetime).
pub fn count_signed_in_for_account(
    conn: &mut DbConnection,
    account_id: AccountId,
    now: PrimitiveDateTime,
    signed_in_after: PrimitiveDateTime,
) -> QueryResult<i64> {
    sessions::table
        .filter(sessions::account_id.eq(account_id))
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::signed_in_at.gt(signed_in_after))
        .count()
        .get_result(conn)
}

/// Deletes every session whose idle deadline has passed.
pub fn delete_expired(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}
