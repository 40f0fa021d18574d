//! Database access: one `DbConnection` over PostgreSQL and SQLite, chosen from the URL.

pub mod bulk;
pub mod counters;
#[macro_use]
mod text_enum;
pub mod enums;
pub mod ids;
pub mod import_enums;
pub mod models;
pub mod pace;
mod problem;
pub mod queue;
pub mod schema;
pub mod sessions;
pub mod submissions;
mod tx;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;
pub use tx::{is_busy, is_deadlock, read_tx, retry_on_deadlock, write_tx, write_tx_waiting};

/// PostgreSQL first: SQLite would accept any string as a file name.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConnection>>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("could not open the database: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("could not apply migrations: {0}")]
    Migrations(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
}

/// `sqlite://path` and bare paths become a file name; `postgres://` URLs stay as they are.
pub fn connection_string(url: &str) -> String {
    if is_postgres_url(url) {
        url.to_owned()
    } else {
        url.strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url)
            .to_owned()
    }
}

pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// How SQLite connections use memory (`INVITELY_SQLITE_CACHE_MIB`, `INVITELY_SQLITE_MMAP_MIB`;
/// chosen by `bench/run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqliteTuning {
    /// Page cache of each connection, in MiB.
    pub cache_mib: u32,
    /// Bytes of the file read through a memory map, in MiB; 0: none.
    pub mmap_mib: u32,
}

/// How long a SQLite writer waits for a writer of another process before it gives up with
/// "database is locked" (the request then answers 503): SQLite's `busy_timeout`.
const SQLITE_BUSY_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug)]
struct SqlitePragmas(SqliteTuning);

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            // busy_timeout first, so that switching to WAL waits for other writers. A negative
            // cache_size is in KiB.
            let SqliteTuning {
                cache_mib,
                mmap_mib,
            } = self.0;
            c.batch_execute(&format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                 PRAGMA cache_size = -{}; PRAGMA mmap_size = {};",
                SQLITE_BUSY_WAIT.as_millis(),
                u64::from(cache_mib) * 1024,
                u64::from(mmap_mib) * 1024 * 1024
            ))
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Rows (or keys) per multi-row statement: well under both backends' limits on bound
/// parameters (SQLite 32,766, PostgreSQL 65,535) for rows of up to ~60 columns.
pub const ROWS_PER_STATEMENT: usize = 500;

/// One column of `rows`, to bind as a PostgreSQL array: many rows are written in one statement
/// as `INSERT … SELECT FROM unnest($1, $2, …)`, one bound array per column.
pub fn column<R, T>(rows: &[R], f: impl Fn(&R) -> T) -> Vec<T> {
    rows.iter().map(f).collect()
}

/// Why work on a pooled connection failed: no connection within the pool's timeout, or the
/// work's own error.
#[derive(Debug, thiserror::Error)]
pub enum PoolWorkError {
    #[error("no database connection: {0}")]
    Pool(#[from] r2d2::Error),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl PoolWorkError {
    /// The database could not be had now — every pooled connection taken, or another writer
    /// holding SQLite past the busy timeout: worth a 503 and a retry, not a 500.
    pub fn is_unavailable(&self) -> bool {
        match self {
            PoolWorkError::Pool(_) => true,
            PoolWorkError::Query(e) => is_busy(e),
        }
    }
}

/// Runs `work` on a connection of `pool` (blocking: call it off the actix threads).
pub fn on_pool<T, E: Into<PoolWorkError>>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, PoolWorkError> {
    let mut conn = pool.get()?;
    work(&mut conn).map_err(Into::into)
}

/// Opens one connection with the URL's own backend and drops it: its error says what is wrong
/// (refused, a wrong password, a file that cannot be opened), where the pool's says only that
/// it timed out waiting, after trying every backend on the URL.
pub fn check_connection(url: &str) -> Result<(), diesel::ConnectionError> {
    use diesel::Connection;
    let target = connection_string(url);
    if is_postgres_url(url) {
        diesel::PgConnection::establish(&target).map(drop)
    } else {
        diesel::SqliteConnection::establish(&target).map(drop)
    }
}

pub fn build_pool(url: &str, size: u32, sqlite: SqliteTuning) -> Result<DbPool, DbSetupError> {
    let manager = ConnectionManager::<DbConnection>::new(connection_string(url));
    let pool = Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(5))
        .connection_customizer(Box::new(SqlitePragmas(sqlite)))
        .build(manager)?;
    Ok(pool)
}

pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, DbSetupError> {
    let source = match conn {
        DbConnection::Pg(_) => PG_MIGRATIONS,
        DbConnection::Sqlite(_) => SQLITE_MIGRATIONS,
    };
    let applied = conn
        .run_pending_migrations(source)
        .map_err(|e| DbSetupError::Migrations(e.to_string()))?;
    Ok(applied.len())
}

pub fn is_sqlite(conn: &DbConnection) -> bool {
    matches!(conn, DbConnection::Sqlite(_))
}
