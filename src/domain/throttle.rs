//! Throttles (docs/SECURITY.md A9, C4): an attempt is *reserved* before the work it guards is done,
//! so parallel requests cannot all pass a check made before any of them is counted. Counters
//! live in the database (`db::counters`): they survive a restart and are shared by every
//! instance on one database. Windows are fixed and end, so nobody is locked out for good.

use crate::db::{counters, read_tx, retry_on_deadlock, write_tx, DbConnection};
use diesel::QueryResult;
use time::{Duration, PrimitiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

/// One reserved attempt: give it back with `release` when it turned out not to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub key: String,
    pub window_start: PrimitiveDateTime,
}

/// The start of the fixed window `now` falls in.
pub fn window_start(now: PrimitiveDateTime, window: Duration) -> PrimitiveDateTime {
    let secs = window.whole_seconds().max(1);
    let t = now.assume_utc().unix_timestamp();
    let start = t - t.rem_euclid(secs);
    let start = time::OffsetDateTime::from_unix_timestamp(start)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    PrimitiveDateTime::new(start.date(), start.time())
}

/// How long from `now` until the fixed window it falls in ends, at least a second: when a
/// refusal by a limit counted in such windows is lifted.
pub fn until_window_ends(now: PrimitiveDateTime, window: Duration) -> Duration {
    (window_start(now, window) + window - now).max(Duration::seconds(1))
}

/// Counts one attempt under `key` and returns it with its count (this one included).
pub fn count(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    key: &str,
    window: Duration,
) -> QueryResult<(Reservation, i64)> {
    let start = window_start(now, window);
    let counted = counters::hit(conn, key, start, start + window)?;
    Ok((
        Reservation {
            key: key.to_owned(),
            window_start: counted.window_start,
        },
        counted.hits,
    ))
}

/// Reserves one attempt under `key`: `Some` while within the limit, `None` once over it.
pub fn reserve(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    key: &str,
    limit: Limit,
) -> QueryResult<Option<Reservation>> {
    let (reservation, hits) = retry_on_deadlock(conn, |conn| {
        write_tx(conn, |c| count(c, now, key, limit.window))
    })?;
    Ok((hits <= limit.max).then_some(reservation))
}

/// Gives one attempt back, inside the caller's transaction.
pub fn release(conn: &mut DbConnection, r: &Reservation) -> QueryResult<()> {
    counters::release(conn, &r.key, r.window_start)
}

/// Whether a guarded look-up counts against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// A wrong guess: counted.
    Counts,
    /// Found what it looked for: not counted, and nothing is written.
    Free,
}

impl Attempt {
    /// `Counts` for a wrong guess, `Free` otherwise.
    pub fn counts_if(wrong: bool) -> Attempt {
        if wrong {
            Attempt::Counts
        } else {
            Attempt::Free
        }
    }
}

/// Runs `look_up` under the limit on `key`: refused (`None`) once `limit.max` attempts are
/// counted in the window — before `look_up` runs when the count read first is spent, after it
/// when the count is spent by the time the answer is given; otherwise `look_up` runs and, when it
/// says so, is counted. `look_up` reads one snapshot (`db::read_tx`). The common case, a
/// look-up that finds what it sought, only reads: no write lock, nothing written; it is answered
/// only if the count read after it is still under the limit, so no answer is given once the
/// limit is spent. A miss is counted under a lock on the key, its count read again first, so
/// parallel misses under one key are counted one after another and none slips past the limit.
pub fn guarded<T, E>(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    key: &str,
    limit: Limit,
    look_up: impl FnOnce(&mut DbConnection) -> Result<(T, Attempt), E>,
) -> Result<Option<T>, E>
where
    E: From<diesel::result::Error>,
{
    let start = window_start(now, limit.window);
    let spent = |c: &mut DbConnection| -> QueryResult<bool> {
        Ok(counters::current(c, key, start)? >= limit.max)
    };
    // Counts only grow within a window, so a client over its limit is refused for good, before
    // anything is looked up.
    if spent(conn)? {
        return Ok(None);
    }
    let (found, attempt) = read_tx(conn, look_up)?;
    // A look-up that counts for nothing takes no lock. It is answered as of the count read
    // after it: a parallel miss that spent the limit meanwhile is seen, one counted later is
    // ordered after this answer.
    if attempt == Attempt::Free {
        return Ok((!spent(conn)?).then_some(found));
    }
    // The count read after the lock is the committed one: PostgreSQL transactions here are READ
    // COMMITTED (each statement sees what committed before it), SQLite's writer is alone.
    write_tx(conn, |c| {
        counters::lock(c, key)?;
        if spent(c)? {
            return Ok(None);
        }
        counters::hit(c, key, start, start + limit.window)?;
        Ok(Some(found))
    })
}

/// Expired counters go; called by the periodic sweep.
pub fn sweep(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<usize> {
    counters::sweep(conn, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn windows_are_aligned() {
        let w = Duration::minutes(5);
        assert_eq!(
            window_start(datetime!(2026-12-02 10:07:59), w),
            datetime!(2026-12-02 10:05:00)
        );
        assert_eq!(
            window_start(datetime!(2026-12-02 10:05:00), w),
            datetime!(2026-12-02 10:05:00)
        );
    }

    #[test]
    fn a_window_ends_at_its_aligned_end() {
        let w = Duration::minutes(5);
        let left = |t| until_window_ends(t, w).whole_seconds();
        assert_eq!(left(datetime!(2026-12-02 10:07:59)), 121);
        assert_eq!(left(datetime!(2026-12-02 10:05:00)), 300);
        assert_eq!(left(datetime!(2026-12-02 10:09:59)), 1);
        assert_eq!(
            until_window_ends(datetime!(2026-12-02 10:30:00), Duration::hours(1)),
            Duration::minutes(30)
        );
    }
}
