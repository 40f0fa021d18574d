//! Transactions: SQLite's writers of one process taking turns, write and read transactions on
//! either backend, and what a failed one means (busy, deadlock).

use super::DbConnection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::Connection;
use parking_lot::{Mutex, MutexGuard};
use std::cell::Cell;
use std::time::Duration;

/// How long a writer waits for its turn among this process's writers ([`write_tx`]): longer
/// than [`super::SQLITE_BUSY_WAIT`] (SQLite's own `busy_timeout`), so that while one writer
/// waits out another process's lock, the writers queued behind it do not give up before it does.
const SQLITE_TURN_WAIT: Duration = Duration::from_secs(10);

/// Whose turn it is to write to SQLite, in this process. SQLite lets one connection write at a
/// time, and a `BEGIN IMMEDIATE` that finds another writer sleeps in SQLite's busy handler (1, 2,
/// 5, 10 … up to 100 ms) before it tries again, however soon the lock comes free: `perf` counted
/// 125 such sleeps in 200 acceptances and 312 in delivering 10,000 invitations. Here the writers
/// of this process wait on a mutex instead (not strictly in arrival order), and one of them
/// begins the moment the one before has committed. A writer waits for its turn at most
/// [`SQLITE_TURN_WAIT`], then fails as SQLite's own busy timeout fails ("database is locked",
/// a 503): a long writer of this process (an import's chunk) holds up requests no longer than
/// one of another process does. One mutex for every SQLite file: a process serves one
/// database; the tests, which open many, share it, so a test that holds a file's lock from
/// outside (`tests/integration/busy.rs`) holds up the writes of the tests running beside it.
static SQLITE_WRITER: Mutex<()> = Mutex::new(());

thread_local! {
    /// Whether this thread holds [`SQLITE_WRITER`].
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// This thread's turn to write to SQLite, held until dropped. A thread that already holds it
/// (a write transaction begun inside another) does not wait for itself: the inner one fails as
/// it always did (Diesel refuses to begin on a connection in a transaction; on another
/// connection SQLite's busy timeout ends it), instead of the thread hanging.
struct WriterTurn(Option<MutexGuard<'static, ()>>);

impl WriterTurn {
    /// The turn, once the writer before has finished; the "database is locked" error when that
    /// takes longer than `wait`.
    fn take(wait: Duration) -> diesel::QueryResult<WriterTurn> {
        if WRITING.get() {
            return Ok(WriterTurn(None));
        }
        let guard = SQLITE_WRITER.try_lock_for(wait).ok_or_else(|| {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::Unknown,
                Box::new(format!(
                    "database is locked (another writer of this process kept it for {} ms)",
                    wait.as_millis()
                )),
            )
        })?;
        WRITING.set(true);
        Ok(WriterTurn(Some(guard)))
    }
}

impl Drop for WriterTurn {
    fn drop(&mut self) {
        if self.0.is_some() {
            WRITING.set(false);
        }
    }
}

/// A write transaction: `BEGIN IMMEDIATE` on SQLite (no deadlock on lock upgrade), an ordinary
/// transaction on PostgreSQL. Commits on `Ok`, rolls back on `Err`.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    write_tx_waiting(conn, SQLITE_TURN_WAIT, f)
}

/// [`write_tx`], waiting at most `wait` for this process's other SQLite writers (for work that
/// must not give up as soon as a request would).
pub fn write_tx_waiting<T, E, F>(conn: &mut DbConnection, wait: Duration, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            let _turn = WriterTurn::take(wait)?;
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let result = f(conn);
            end_tx(conn, result)
        }
        DbConnection::Pg(_) => conn.transaction(f),
    }
}

/// A read transaction: every statement of `f` sees the database as it was at one moment, so
/// rows read one after another belong together (a link found and its card deleted in between
/// cannot be half seen). SQLite: a deferred transaction, whose snapshot is taken by its first
/// read (no writer's turn, no lock that holds up writers in WAL mode); PostgreSQL:
/// `REPEATABLE READ, READ ONLY`. `f` must not write (PostgreSQL refuses; SQLite would write
/// without taking this process's writer turn).
pub fn read_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN DEFERRED")?;
        }
        DbConnection::Pg(inner) => {
            AnsiTransactionManager::begin_transaction_sql(
                inner,
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            )?;
        }
    }
    let result = f(conn);
    end_tx(conn, result)
}

/// Ends the transaction begun on `conn`: commits when `result` is `Ok` (rolls back and fails when
/// the commit does), rolls back otherwise.
fn end_tx<T, E>(conn: &mut DbConnection, result: Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match result {
        Ok(value) => {
            if let Err(e) =
                <DbConnection as TransactionManager<DbConnection>>::commit_transaction(conn)
            {
                let _ =
                    <DbConnection as TransactionManager<DbConnection>>::rollback_transaction(conn);
                return Err(e.into());
            }
            Ok(value)
        }
        Err(e) => {
            // The caller's error says why; a failed rollback leaves the connection broken,
            // and the pool does not hand it out again.
            if let Err(rollback) =
                <DbConnection as TransactionManager<DbConnection>>::rollback_transaction(conn)
            {
                tracing::error!(error = %rollback, "rolling back a failed transaction failed");
            }
            Err(e)
        }
    }
}

/// True when PostgreSQL aborted this transaction to break a deadlock: it can be run again.
pub fn is_deadlock(err: &diesel::result::Error) -> bool {
    matches!(err, diesel::result::Error::DatabaseError(_, info)
        if info.message().contains("deadlock detected"))
}

/// Runs `f` — one whole transaction, never a part of one — again when PostgreSQL aborted it to
/// break a deadlock (its documented advice). Hot rows such as a client's throttle counters,
/// changed by many requests at once, can meet in a deadlock even when every transaction takes
/// them in the same order (a speculative insert racing an update of the same row).
pub fn retry_on_deadlock<T>(
    conn: &mut DbConnection,
    mut f: impl FnMut(&mut DbConnection) -> diesel::QueryResult<T>,
) -> diesel::QueryResult<T> {
    let mut tries = 0u32;
    loop {
        match f(conn) {
            Err(e) if is_deadlock(&e) && tries < 4 => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(5 << tries));
            }
            other => return other,
        }
    }
}

/// True when the error means "the database is busy" (SQLite lock timeout; a deadlock that
/// outlasted its retries): the request gets 503 and `Retry-After`, never 500.
pub fn is_busy(err: &diesel::result::Error) -> bool {
    match err {
        diesel::result::Error::DatabaseError(_, info) => {
            let m = info.message();
            m.contains("database is locked")
                || m.contains("database is busy")
                || m.contains("deadlock detected")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{build_pool, DbPool, SqliteTuning};
    use diesel::connection::SimpleConnection;
    use diesel::RunQueryDsl;

    /// A pool of `size` connections to a new SQLite file in `dir`.
    fn sqlite_pool(dir: &tempfile::TempDir, size: u32) -> DbPool {
        let file = dir.path().join("test.db").to_string_lossy().into_owned();
        let tuning = SqliteTuning {
            cache_mib: 2,
            mmap_mib: 0,
        };
        build_pool(&file, size, tuning).unwrap()
    }

    /// The writers of one process take turns instead of finding SQLite locked: with SQLite's
    /// own waiting switched off (`busy_timeout = 0`), every one of many parallel write
    /// transactions commits.
    #[test]
    fn parallel_sqlite_writers_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let pool = sqlite_pool(&dir, 4);
        pool.get()
            .unwrap()
            .batch_execute("CREATE TABLE t (n INTEGER NOT NULL)")
            .unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    conn.batch_execute("PRAGMA busy_timeout = 0").unwrap();
                    (0..50)
                        .filter_map(|_| {
                            write_tx(&mut conn, |c| {
                                c.batch_execute("INSERT INTO t SELECT COUNT(*) FROM t")
                            })
                            .err()
                        })
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let failed: Vec<String> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        assert_eq!(failed, Vec::<String>::new());
        let written: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT COUNT(*) FROM t)",
        ))
        .get_result(&mut pool.get().unwrap())
        .unwrap();
        assert_eq!(written, 200);
    }

    /// A write transaction begun inside another on the same thread fails as it always did
    /// (Diesel refuses to begin inside an open transaction), instead of waiting for its own turn
    /// (run on a thread of its own, so that a wait for ever fails the test instead of hanging it).
    #[test]
    fn a_write_transaction_inside_another_fails_instead_of_waiting() {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let dir = tempfile::tempdir().unwrap();
            let mut conn = sqlite_pool(&dir, 1).get().unwrap();
            let outer: Result<(), diesel::result::Error> =
                write_tx_waiting(&mut conn, Duration::from_secs(60), |c| {
                    write_tx_waiting(c, Duration::from_secs(60), |_| Ok(()))
                });
            let err = outer.unwrap_err().to_string();
            // The turn was given back: the next write transaction begins.
            let next = write_tx(&mut conn, |c| c.batch_execute("CREATE TABLE t (n INTEGER)"));
            done.send((err, next)).unwrap();
        });
        let (err, next) = finished
            .recv_timeout(Duration::from_secs(20))
            .expect("the inner transaction waited for its own turn");
        assert!(err.contains("while a transaction is open"), "{err}");
        next.unwrap();
    }

    /// A writer that waits longer than its limit for another writer of this process fails with
    /// the "database is locked" error the pages answer with 503 (docs/SECURITY.md I5), instead
    /// of waiting for as long as the other writes; once the turn is free, writing works again.
    #[test]
    fn a_writer_kept_waiting_past_its_limit_fails_as_busy() {
        let dir = tempfile::tempdir().unwrap();
        let pool = sqlite_pool(&dir, 2);
        let (started, holding) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let long_writer = {
            let pool = pool.clone();
            std::thread::spawn(move || {
                write_tx(&mut pool.get().unwrap(), |c| {
                    c.batch_execute("CREATE TABLE t (n INTEGER)")?;
                    started.send(()).unwrap();
                    let _ = released.recv_timeout(Duration::from_secs(10));
                    Ok::<_, diesel::result::Error>(())
                })
            })
        };
        holding.recv().unwrap();
        let mut conn = pool.get().unwrap();
        let waited = std::time::Instant::now();
        let kept_waiting = write_tx_waiting(&mut conn, Duration::from_millis(200), |c| {
            c.batch_execute("SELECT 1")
        });
        let waited = waited.elapsed();
        release.send(()).unwrap();
        long_writer.join().unwrap().unwrap();
        let err = kept_waiting.expect_err("the writer waited as long as the other wrote");
        assert!(is_busy(&err), "{err}");
        assert!(waited >= Duration::from_millis(200), "{waited:?}");
        write_tx(&mut conn, |c| c.batch_execute("INSERT INTO t VALUES (1)")).unwrap();
    }

    /// A refusal of the caller's, or a database error.
    #[derive(Debug)]
    enum Refused {
        No,
        Db,
    }

    impl From<diesel::result::Error> for Refused {
        fn from(_: diesel::result::Error) -> Self {
            Refused::Db
        }
    }

    /// When rolling back a failed transaction fails as well, its caller still learns why it
    /// failed (a refusal its page explains), not that the rollback did; the connection is then
    /// broken, and the pool replaces it.
    #[test]
    fn a_failed_rollback_keeps_the_callers_error() {
        let dir = tempfile::tempdir().unwrap();
        let pool = sqlite_pool(&dir, 1);
        let mut conn = pool.get().unwrap();
        type Body = fn(&mut DbConnection) -> Result<(), Refused>;
        fn refuse(c: &mut DbConnection) -> Result<(), Refused> {
            // Ended under the transaction manager's feet: its own ROLLBACK then fails.
            c.batch_execute("ROLLBACK")?;
            Err(Refused::No)
        }
        for end in [write_tx::<(), Refused, Body>, read_tx::<(), Refused, Body>] {
            let result = end(&mut conn, refuse);
            assert!(matches!(result, Err(Refused::No)), "{result:?}");
            drop(conn);
            conn = pool.get().unwrap();
        }
        write_tx(&mut conn, |c| c.batch_execute("SELECT 1")).unwrap();
    }
}
