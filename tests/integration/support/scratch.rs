//! Databases of their own for migration tests: a SQLite file, or a fresh PostgreSQL schema
//! (dropped afterwards), migrated to a chosen point.

use super::{skips, Backend};
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use invitely::db::DbConnection;

/// A database of its own: a SQLite file, or a fresh PostgreSQL schema (dropped afterwards).
pub struct Scratch {
    pub conn: DbConnection,
    pg: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.pg {
            if let Ok(mut c) = diesel::PgConnection::establish(base) {
                let _ = diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE")).execute(&mut c);
            }
        }
    }
}

pub fn scratch(backend: Backend, test: &str) -> Option<Scratch> {
    let dir = tempfile::tempdir().unwrap();
    match backend {
        Backend::Sqlite => {
            let path = dir.path().join("t.db");
            let mut conn = DbConnection::establish(path.to_str().unwrap()).unwrap();
            conn.batch_execute("PRAGMA foreign_keys = ON;").unwrap();
            Some(Scratch {
                conn,
                pg: None,
                _dir: dir,
            })
        }
        Backend::Postgres => {
            let base = crate::support::app::pg_base_url();
            let Ok(mut admin) = diesel::PgConnection::establish(&base) else {
                assert_ne!(
                    std::env::var("INVITELY_REQUIRE_PG").as_deref(),
                    Ok("1"),
                    "PostgreSQL is required but not reachable at {base}"
                );
                skips::skipped(test, &format!("no PostgreSQL server at {base}"));
                return None;
            };
            let schema = crate::support::app::create_test_schema(&mut admin);
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
            Some(Scratch {
                conn: DbConnection::establish(&url).unwrap(),
                pg: Some((base, schema)),
                _dir: dir,
            })
        }
    }
}

pub fn migrations(backend: Backend) -> FileBasedMigrations {
    let dir = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    FileBasedMigrations::from_path(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
}

/// Runs every migration before `name` (and `name` itself when `inclusive`).
pub fn migrate_to(conn: &mut DbConnection, backend: Backend, name: &str, inclusive: bool) {
    conn.applied_migrations().unwrap(); // creates Diesel's bookkeeping table
    let mut all =
        MigrationSource::<invitely::db::MultiBackend>::migrations(&migrations(backend)).unwrap();
    all.sort_by_key(|m| m.name().to_string());
    for m in all {
        let this = m.name().to_string();
        if this.as_str() > name || (this == name && !inclusive) {
            continue;
        }
        conn.run_migration(&*m).unwrap();
    }
}

/// The migration called `name`.
pub fn migration(
    backend: Backend,
    name: &str,
) -> Box<dyn diesel::migration::Migration<invitely::db::MultiBackend>> {
    MigrationSource::<invitely::db::MultiBackend>::migrations(&migrations(backend))
        .unwrap()
        .into_iter()
        .find(|m| m.name().to_string() == name)
        .unwrap_or_else(|| panic!("no migration {name}"))
}
