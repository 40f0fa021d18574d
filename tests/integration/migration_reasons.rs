//! Migration `2026-12-06-000038_server_words`: failure reasons stored with lettre's English
//! framing become the server's code and words, or the mail server's configuration.

use crate::support::scratch::{self, scratch};
use crate::support::Backend;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use invitely::db::enums::Problem;
use invitely::db::schema::{invitations, members};

const SERVER_WORDS: &str = "2026-12-06-000038_server_words";

/// (stored before, read after)
fn cases() -> Vec<(&'static str, Problem)> {
    vec![
        (
            "server:permanent error (550): 5.1.1 Mailbox unavailable",
            Problem::server("550 5.1.1 Mailbox unavailable"),
        ),
        (
            "server:transient error (451): 4.3.0 Try again later",
            Problem::server("451 4.3.0 Try again later"),
        ),
        ("server:permanent error (554)", Problem::server("554")),
        (
            "server:permanent error (535): 5.7.8 bad credentials",
            Problem::mail_setup("535 5.7.8 bad credentials"),
        ),
        (
            "server:Connection error: Connection refused (os error 111)",
            Problem::mail_setup(""),
        ),
        ("server:network error: timed out", Problem::mail_setup("")),
        // Already the server's words, or ours: unchanged.
        (
            "server:400 invalid number",
            Problem::server("400 invalid number"),
        ),
        ("server:550 5.1.1 Gone", Problem::server("550 5.1.1 Gone")),
        (
            "no_contact",
            Problem::Reason(invitely::db::enums::Reason::NoContact),
        ),
    ]
}

async fn old_framing_becomes_the_servers_words(backend: Backend) {
    let Some(mut db) = scratch(backend, "migration_reasons::server_words") else {
        return;
    };
    let conn = &mut db.conn;
    scratch::migrate_to(conn, backend, SERVER_WORDS, false);
    let mut sql = String::from(
        "INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit,
             created_at) VALUES (1, 'Org', 'N-1', 100, 50, '2026-01-01 00:00:00');",
    );
    for (i, (stored, _)) in cases().iter().enumerate() {
        let id = i + 1;
        let stored = stored.replace('\'', "''");
        sql.push_str(&format!(
            "INSERT INTO members (id, org_id, email, kind, invite_status, invite_error,
                 created_at, updated_at)
                 VALUES ({id}, 1, 'm{id}@example.com', 'customer', 'error', '{stored}',
                 '2026-01-01 00:00:00', '2026-01-01 00:00:00');
             INSERT INTO invitations (id, org_id, member_id, channel, recipient, status, error,
                 created_at)
                 VALUES ({id}, 1, {id}, 'email', 'm{id}@example.com', 'failed', '{stored}',
                 '2026-01-01 00:00:00');"
        ));
    }
    conn.batch_execute(&sql).unwrap();
    conn.run_migration(&*scratch::migration(backend, SERVER_WORDS))
        .unwrap();

    let expected: Vec<Option<Problem>> = cases().into_iter().map(|(_, p)| Some(p)).collect();
    let on_cards: Vec<Option<Problem>> = members::table
        .order(members::id)
        .select(members::invite_error)
        .load(conn)
        .unwrap();
    assert_eq!(on_cards, expected);
    let on_invitations: Vec<Option<Problem>> = invitations::table
        .order(invitations::id)
        .select(invitations::error)
        .load(conn)
        .unwrap();
    assert_eq!(on_invitations, expected);
}

crate::both_backends!(old_framing_becomes_the_servers_words);
