//! How the bundled SQLite is compiled (`.cargo/config.toml`, issue 10): a cached statement is
//! planned once, allocations take no global lock, connections take no lock of their own.

use crate::support::scratch::scratch;
use crate::support::Backend;
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct CompileOption {
    #[diesel(sql_type = Text)]
    compile_options: String,
}

#[test]
fn sqlite_is_built_for_cached_statements() {
    let mut db = scratch(Backend::Sqlite, "sqlite_is_built_for_cached_statements").unwrap();
    let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
        .load::<CompileOption>(&mut db.conn)
        .unwrap()
        .into_iter()
        .map(|o| o.compile_options)
        .collect();
    // Without the planner stability guarantee SQLite re-parses every statement with a bound
    // `LIMIT` (each Diesel `.first()`) whenever it is bound again.
    for wanted in ["ENABLE_QPSG", "DEFAULT_MEMSTATUS=0", "THREADSAFE=2"] {
        assert!(
            options.iter().any(|o| o == wanted),
            "SQLite built without {wanted}: {options:?}"
        );
    }
}
