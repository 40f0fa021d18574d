//! Fixed-window counters in the database (table `throttles`): the storage under every throttle
//! and daily cap. Each change is one statement, so parallel requests and several instances on
//! one database count exactly; rows outlive a restart and are swept once expired.

use super::schema::throttles;
use super::DbConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};
use time::PrimitiveDateTime;

/// What [`hit`] counted: the count, this attempt included, and the window it was counted in
/// (a newer one than asked for when another request had opened it; give it back from there).
#[derive(QueryableByName, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    #[diesel(sql_type = BigInt)]
    pub hits: i64,
    #[diesel(sql_type = Timestamp)]
    pub window_start: PrimitiveDateTime,
}

/// One statement for both backends: SQLite numbers `$1`…`$3` by their order, as PostgreSQL does.
/// The window only moves forward: a late attempt (its clock read before another request opened
/// the next window) counts in the newer window instead of starting its count again.
const HIT: &str = "INSERT INTO throttles (key, window_start, hits, expires_at) \
     VALUES ($1, $2, 1, $3) \
     ON CONFLICT (key) DO UPDATE SET \
       hits = CASE WHEN throttles.window_start >= excluded.window_start \
                   THEN throttles.hits + 1 ELSE 1 END, \
       window_start = CASE WHEN throttles.window_start > excluded.window_start \
                   THEN throttles.window_start ELSE excluded.window_start END, \
       expires_at = CASE WHEN throttles.window_start > excluded.window_start \
                   THEN throttles.expires_at ELSE excluded.expires_at END \
     RETURNING hits, window_start";

/// Adds one to `key` in the window that starts at `window_start` (a new window starts from 1;
/// an older one counts in the newer window it finds) and returns the count including this
/// one, with the window it counted in — atomically, in one statement.
pub fn hit(
    conn: &mut DbConnection,
    key: &str,
    window_start: PrimitiveDateTime,
    expires_at: PrimitiveDateTime,
) -> QueryResult<Hit> {
    match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(HIT)
            .bind::<Text, _>(key)
            .bind::<Timestamp, _>(window_start)
            .bind::<Timestamp, _>(expires_at)
            .get_result(c),
        DbConnection::Pg(c) => diesel::sql_query(HIT)
            .bind::<Text, _>(key)
            .bind::<Timestamp, _>(window_start)
            .bind::<Timestamp, _>(expires_at)
            .get_result(c),
    }
}

/// Holds `key` until the transaction ends, so that reading its count and the writes that depend
/// on it are not interleaved with another transaction's on the same key. Call it inside
/// `write_tx`: SQLite's write transactions (`BEGIN IMMEDIATE`) already run one at a time;
/// PostgreSQL takes a transaction-scoped advisory lock on the key's hash (two keys sharing a
/// hash only wait for each other).
pub fn lock(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(_) => Ok(()),
        DbConnection::Pg(c) => {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind::<Text, _>(key)
                .execute(c)?;
            Ok(())
        }
    }
}

/// Gives one back (an attempt that turned out not to count) in the window [`hit`] counted it
/// in; nothing once the key has moved on to a later window.
pub fn release(
    conn: &mut DbConnection,
    key: &str,
    window_start: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        throttles::table
            .filter(throttles::key.eq(key))
            .filter(throttles::window_start.eq(window_start))
            .filter(throttles::hits.gt(0)),
    )
    .set(throttles::hits.eq(throttles::hits - 1))
    .execute(conn)
    .map(|_| ())
}

/// The count of `key` in the window that starts at `window_start`, or in a later one that a
/// request with a newer clock has opened meanwhile (0 when the key's window is older or none).
pub fn current(
    conn: &mut DbConnection,
    key: &str,
    window_start: PrimitiveDateTime,
) -> QueryResult<i64> {
    Ok(throttles::table
        .filter(throttles::key.eq(key))
        .filter(throttles::window_start.ge(window_start))
        .select(throttles::hits)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Forgets `key` entirely.
pub fn reset(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
    diesel::delete(throttles::table.filter(throttles::key.eq(key)))
        .execute(conn)
        .map(|_| ())
}

/// Deletes the counters whose window is over; returns how many.
pub fn sweep(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(throttles::table.filter(throttles::expires_at.le(now))).execute(conn)
}
