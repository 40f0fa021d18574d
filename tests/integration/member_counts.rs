//! The per-organisation counts by invitation status (`member_counts`, read by the users table's
//! tabs and the operator's list) stay exact through every kind of write to the cards: inserts
//! of many rows, updates of many rows and of one, updates that leave the status alone, moves
//! between statuses back and forth in one statement, deletes. (On PostgreSQL a statement
//! trigger keeps them, on SQLite a row trigger.) On PostgreSQL the search table's copy of each
//! card's status stays exact through the same writes.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Count {
    #[diesel(sql_type = BigInt)]
    org_id: i64,
    #[diesel(sql_type = Text)]
    invite_status: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn counts(app: &TestApp, sql: &str) -> Vec<Count> {
    let mut rows: Vec<Count> = diesel::sql_query(sql).load(&mut *app.conn()).unwrap();
    rows.sort();
    rows
}

fn assert_exact(app: &TestApp, step: &str) {
    let kept = counts(
        app,
        "SELECT org_id, invite_status, n FROM member_counts WHERE n <> 0",
    );
    let real = counts(
        app,
        "SELECT org_id, invite_status, COUNT(*) AS n FROM members \
         GROUP BY org_id, invite_status",
    );
    assert_eq!(kept, real, "after {step}");
    if matches!(&*app.conn(), invitely::db::DbConnection::Pg(_)) {
        // PostgreSQL's search table keeps every card's organisation, text and status (migrations
        // 000021, 000022), row for row.
        let differ: Vec<Differ> = diesel::sql_query(
            "SELECT COUNT(*) AS n FROM members m FULL JOIN members_search s \
             ON s.member_id = m.id WHERE m.id IS NULL OR s.member_id IS NULL \
             OR s.org_id <> m.org_id OR s.invite_status <> m.invite_status \
             OR s.search_text <> m.search_text",
        )
        .load(&mut *app.conn())
        .unwrap();
        assert_eq!(differ[0].n, 0, "search table's cards differ after {step}");
    }
}

#[derive(QueryableByName)]
struct Differ {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn run(app: &TestApp, sql: &str) -> usize {
    diesel::sql_query(sql).execute(&mut *app.conn()).unwrap()
}

async fn counts_stay_exact_through_every_write(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.clock.now();
    invitely::seed::run(&mut app.conn(), now, 3, 400, None).unwrap();
    assert_exact(&app, "seeding three organisations (multi-row inserts)");

    // Many rows at once, as "invite all matching" does.
    let moved = run(
        &app,
        "UPDATE members SET invite_status = 'waiting' WHERE invite_status = 'not_invited' \
         AND id % 3 = 0",
    );
    assert!(moved > 50, "{moved}");
    assert_exact(&app, "a bulk status change");

    // One row; then a change that leaves every status as it was.
    run(
        &app,
        "UPDATE members SET invite_status = 'error' WHERE id = \
         (SELECT MIN(id) FROM members WHERE invite_status = 'waiting')",
    );
    assert_exact(&app, "a one-row change");
    run(
        &app,
        "UPDATE members SET first_name = first_name || 'x' WHERE id % 5 = 0",
    );
    assert_exact(&app, "a change of names only");

    // Statuses swapped within one statement: the net change per status is what counts.
    run(
        &app,
        "UPDATE members SET invite_status = CASE invite_status \
         WHEN 'waiting' THEN 'invited' WHEN 'invited' THEN 'waiting' ELSE invite_status END",
    );
    assert_exact(&app, "statuses swapped in one statement");

    // A card moved to another organisation with a new status and text, in one statement.
    let moved = run(
        &app,
        "UPDATE members SET org_id = (SELECT MAX(org_id) FROM members), \
         invite_status = 'error', search_text = search_text || ' moved' WHERE id = \
         (SELECT MIN(id) FROM members WHERE org_id = (SELECT MIN(org_id) FROM members) \
         AND is_admin = FALSE AND account_id IS NULL)",
    );
    assert_eq!(moved, 1);
    assert_exact(&app, "a card moved between organisations");

    // Deletes of many rows of several organisations, then of one.
    let gone = run(
        &app,
        "DELETE FROM members WHERE id % 7 = 0 AND is_admin = FALSE AND account_id IS NULL \
         AND id NOT IN (SELECT member_id FROM invitations)",
    );
    assert!(gone > 50, "{gone}");
    assert_exact(&app, "a bulk delete");
}

both_backends!(counts_stay_exact_through_every_write);
