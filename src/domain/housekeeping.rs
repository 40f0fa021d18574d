//! Periodic clean-up of rows whose time is over. `sweep` is run every few minutes by a
//! background task (`jobs::housekeeping`); tests call it directly after moving the clock.

use crate::db::{self, DbConnection};
use diesel::QueryResult;
use time::PrimitiveDateTime;

/// How many rows of each kind one sweep deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Sessions past their idle deadline.
    pub sessions: usize,
    /// Throttle and cap counters whose window is over.
    pub throttles: usize,
    /// Forgotten-password links a day past their expiry.
    pub password_resets: usize,
    /// Outcomes of form posts older than a day (a post repeated later does its work again).
    pub submissions: usize,
    /// Imports left under review for a week, never committed, or left half-stored.
    pub imports: usize,
    /// Invitations of deleted cards whose day of counting against the daily limit is over.
    pub deleted_sends: usize,
}

impl Swept {
    pub fn total(&self) -> usize {
        self.sessions
            + self.throttles
            + self.password_resets
            + self.submissions
            + self.imports
            + self.deleted_sends
    }
}

/// Deletes everything expired at `now`, in one write transaction (stale imports, whose rows
/// may be many, in transactions of their own after it). Add further kinds of
/// expiring rows here (one field in `Swept` each).
/// Then merges a bounded part of the users search index (`members::merge_search_index`), in a
/// transaction of its own.
pub fn sweep(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<Swept> {
    let swept = db::write_tx(conn, |conn| -> QueryResult<Swept> {
        Ok(Swept {
            sessions: db::sessions::delete_expired(conn, now)?,
            throttles: super::throttle::sweep(conn, now)?,
            password_resets: super::password_reset::sweep(conn, now)?,
            submissions: db::submissions::delete_before(conn, now - time::Duration::days(1))?,
            imports: 0,
            deleted_sends: super::invitations::deleted_sends::sweep(conn, now)?,
        })
    })?;
    // Stale imports in transactions of their own: a file's rows would hold SQLite's writer.
    let imports = super::import::command::discard_stale(conn, now)?;
    super::members::merge_search_index(conn, super::members::MERGE_PAGES)?;
    Ok(Swept { imports, ..swept })
}
