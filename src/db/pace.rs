//! Room for other processes' writers between the write transactions of a long task. SQLite
//! has one writer per file, and a `BEGIN IMMEDIATE` of another process that finds it taken
//! sleeps in SQLite's busy handler (up to 100 ms a time) before it tries again: a task that
//! begins its next transaction the moment it commits the last one (the command line's import
//! chunks, one after another) can keep that writer out past its 5 s busy timeout — measured
//! beside a 40,000-row `invitely import`, another process's writes waited up to 5 s, some failed
//! ("database is locked", a request's 503). This process's own writers take turns on a mutex
//! instead ([`super::write_tx`]) and need no room.
//!
//! After every [`WORK`] of such transactions the task pauses [`ROOM`], longer than the busy
//! handler's longest sleep: a writer waiting meanwhile is in before the task writes again. It
//! costs the task about an eighth of its time; PostgreSQL locks rows, not the database, and
//! never pauses.

use super::DbConnection;
use std::time::{Duration, Instant};

/// How long a task writes before it leaves room.
const WORK: Duration = Duration::from_millis(750);

/// How long the room is: more than SQLite's longest busy-handler sleep (100 ms).
const ROOM: Duration = Duration::from_millis(110);

/// A long task's pace; call [`Pace::between`] between two of its write transactions.
pub struct Pace {
    since: Option<Instant>,
}

impl Pace {
    pub fn new(conn: &DbConnection) -> Pace {
        Pace {
            since: super::is_sqlite(conn).then(Instant::now),
        }
    }

    /// Leaves room when the task has written for [`WORK`] since the last.
    pub fn between(&mut self) {
        if let Some(since) = &mut self.since {
            if since.elapsed() >= WORK {
                std::thread::sleep(ROOM);
                *since = Instant::now();
            }
        }
    }
}
