//! Migration `2026-12-06-000039_search_folds_yo`: search texts written before the search read
//! `ё` as `е` are folded, and the search index follows them.

use crate::member_search::index_hits_in;
use crate::support::scratch::{self, scratch};
use crate::support::Backend;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use invitely::db::schema::members;

const FOLDS_YO: &str = "2026-12-06-000039_search_folds_yo";

async fn search_texts_are_folded(backend: Backend) {
    let Some(mut db) = scratch(backend, "migration_yo::search_texts_are_folded") else {
        return;
    };
    let conn = &mut db.conn;
    scratch::migrate_to(conn, backend, FOLDS_YO, false);
    conn.batch_execute(
        "INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit,
             created_at) VALUES (1, 'Org', 'N-1', 100, 50, '2026-01-01 00:00:00');
         INSERT INTO members (id, org_id, first_name, last_name, email, kind, invite_status,
             search_text, created_at, updated_at)
             VALUES (1, 1, 'Алёна', 'Семёнова', 'a@example.com', 'customer', 'not_invited',
                 'алёна семёнова a@example.com ', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                 (2, 1, 'Ivan', 'Petrov', 'i@example.com', 'customer', 'not_invited',
                 'ivan petrov i@example.com ', '2026-01-01 00:00:00', '2026-01-01 00:00:00');",
    )
    .unwrap();
    assert_eq!(index_hits_in(conn, "семенова"), 0);
    conn.run_migration(&*scratch::migration(backend, FOLDS_YO))
        .unwrap();

    let texts: Vec<String> = members::table
        .order(members::id)
        .select(members::search_text)
        .load(conn)
        .unwrap();
    assert_eq!(
        texts,
        [
            "алена семенова a@example.com ",
            "ivan petrov i@example.com "
        ]
    );
    assert_eq!(index_hits_in(conn, "семенова"), 1);
    assert_eq!(index_hits_in(conn, "алён"), 0);
    assert_eq!(index_hits_in(conn, "petrov"), 1);
}

crate::both_backends!(search_texts_are_folded);
