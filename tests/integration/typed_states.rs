//! Typed states (issue 6, item 1): the migration that added the CHECKs keeps every row,
//! reference, index and trigger of a database that already holds data. (That the database at
//! its latest version takes exactly the enums' values: `migrations.rs`.)

use crate::support::scratch::{self, scratch};
use crate::support::Backend;
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use invitely::db::enums::{MemberStatus, Problem, Reason};
use invitely::db::DbConnection;
use v5::{invitations, membership_counts, memberships};

/// The tables as they were when the typed states came (before the compact keys renamed them
/// and changed their keys), as far as these tests read them.
mod v5 {
    diesel::table! {
        memberships (id) {
            id -> Text,
            kind -> Text,
            invite_status -> Text,
            invite_error -> Nullable<Text>,
        }
    }
    diesel::table! {
        membership_counts (org_id, invite_status) {
            org_id -> Text,
            invite_status -> Text,
            n -> BigInt,
        }
    }
    diesel::table! {
        invitations (id) {
            id -> Text,
            channel -> Text,
            status -> Text,
            error -> Nullable<Text>,
        }
    }
}

const MIGRATION_NAME: &str = "2026-12-02-000005_typed_states";

/// Runs the migrations before (or up to and including) the typed-states one.
fn migrate(conn: &mut DbConnection, backend: Backend, through_typed_states: bool) {
    scratch::migrate_to(conn, backend, MIGRATION_NAME, through_typed_states);
}

fn typed_states_migration(
    backend: Backend,
) -> Box<dyn diesel::migration::Migration<invitely::db::MultiBackend>> {
    MigrationSource::<invitely::db::MultiBackend>::migrations(&scratch::migrations(backend))
        .unwrap()
        .into_iter()
        .find(|m| m.name().to_string() == MIGRATION_NAME)
        .expect("the typed-states migration")
}

const ROWS: &str = "
INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit, created_at)
    VALUES ('o1', 'Org', 'N-1', 10, 50, '2026-01-01 00:00:00');
INSERT INTO users (id, email, created_at, updated_at)
    VALUES ('u1', 'anna@example.com', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
INSERT INTO roles (id, org_id, name, created_at) VALUES ('r1', 'o1', 'Staff', '2026-01-01 00:00:00');
INSERT INTO departments (id, org_id, name, created_at) VALUES ('d1', 'o1', 'Sales', '2026-01-01 00:00:00');
INSERT INTO memberships (id, org_id, user_id, email, kind, department_id, invite_status,
        invite_error, created_at, updated_at) VALUES
    ('m1', 'o1', 'u1', 'anna@example.com', 'employee', 'd1', 'active', NULL,
        '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('m2', 'o1', NULL, 'bounce@example.com', 'customer', NULL, 'error', '550 mailbox unavailable',
        '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('m3', 'o1', NULL, NULL, 'employee', NULL, 'error', 'no_contact',
        '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('m4', 'o1', NULL, NULL, 'employee', NULL, 'error', 'internal error',
        '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('m5', 'o1', NULL, 'wait@example.com', 'employee', NULL, 'waiting', NULL,
        '2026-01-01 00:00:00', '2026-01-01 00:00:00');
INSERT INTO membership_roles (membership_id, role_id) VALUES ('m1', 'r1');
INSERT INTO invitations (id, org_id, membership_id, channel, recipient, status, error, created_at)
    VALUES
    ('i1', 'o1', 'm1', 'email', 'anna@example.com', 'accepted', NULL, '2026-01-01 00:00:00'),
    ('i2', 'o1', 'm2', 'email', 'bounce@example.com', 'failed', '550 mailbox unavailable',
        '2026-01-01 00:00:00'),
    ('i3', 'o1', 'm5', 'sms', '+79051111111', 'failed', 'sms_daily_cap', '2026-01-01 00:00:00'),
    ('i4', 'o1', 'm5', 'email', 'wait@example.com', 'queued', NULL, '2026-01-01 00:00:00');
INSERT INTO invitation_roles (invitation_id, role_id) VALUES ('i1', 'r1');
INSERT INTO audit_events (id, org_id, actor_user_id, action, created_at)
    VALUES ('a1', 'o1', 'u1', 'invitation.accepted', '2026-01-01 00:00:00');
";

fn count(conn: &mut DbConnection, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<N>(conn)
        .unwrap()
        .n
}

fn index_names(conn: &mut DbConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') \
             AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name"
        }
        DbConnection::Pg(_) => {
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() \
             UNION SELECT t.tgname AS name FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY name"
        }
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

fn errors(conn: &mut DbConnection) -> Vec<(String, Option<Problem>)> {
    memberships::table
        .order(memberships::id)
        .select((memberships::id, memberships::invite_error))
        .load(conn)
        .unwrap()
}

fn counts(conn: &mut DbConnection) -> Vec<(MemberStatus, i64)> {
    membership_counts::table
        .filter(membership_counts::n.gt(0))
        .order(membership_counts::invite_status)
        .select((membership_counts::invite_status, membership_counts::n))
        .load(conn)
        .unwrap()
}

async fn migration_keeps_rows_references_indexes_and_triggers(backend: Backend) {
    let Some(mut db) = scratch(backend, "typed_states::migration") else {
        return;
    };
    let conn = &mut db.conn;
    migrate(conn, backend, false);
    conn.batch_execute(ROWS).unwrap();
    let tables = [
        "memberships",
        "membership_roles",
        "invitations",
        "invitation_roles",
        "audit_events",
        "membership_counts",
    ];
    let before: Vec<i64> = tables.iter().map(|t| count(conn, t)).collect();
    let indexes_before = index_names(conn);

    conn.run_migration(&*typed_states_migration(backend))
        .unwrap();

    let after: Vec<i64> = tables.iter().map(|t| count(conn, t)).collect();
    assert_eq!(before, after, "rows per table {tables:?}");
    assert_eq!(index_names(conn), indexes_before, "indexes and triggers");
    // Our codes stay codes; everything else was a server's words and says so.
    assert_eq!(
        errors(conn),
        [
            ("m1".to_owned(), None),
            (
                "m2".to_owned(),
                Some(Problem::server("550 mailbox unavailable"))
            ),
            ("m3".to_owned(), Some(Problem::Reason(Reason::NoContact))),
            ("m4".to_owned(), Some(Problem::Reason(Reason::Internal))),
            ("m5".to_owned(), None),
        ]
    );
    let inv_errors: Vec<Option<Problem>> = invitations::table
        .order(invitations::id)
        .select(invitations::error)
        .load(conn)
        .unwrap();
    assert_eq!(
        inv_errors,
        [
            None,
            Some(Problem::server("550 mailbox unavailable")),
            Some(Problem::Reason(Reason::SmsDailyCap)),
            None
        ]
    );
    // The counters' triggers still work on the rebuilt table.
    assert_eq!(
        counts(conn),
        [
            (MemberStatus::Active, 1),
            (MemberStatus::Error, 3),
            (MemberStatus::Waiting, 1)
        ]
    );
    diesel::update(memberships::table.find("m5"))
        .set(memberships::invite_status.eq(MemberStatus::Invited))
        .execute(conn)
        .unwrap();
    assert!(counts(conn).contains(&(MemberStatus::Invited, 1)));
    // Foreign keys hold in both directions: children cascade with the rebuilt parents, and a
    // dangling reference is refused. (The queue's rows are left out: their shape is changing.)
    diesel::delete(memberships::table.find("m5"))
        .execute(conn)
        .unwrap();
    assert_eq!(
        count(conn, "invitations"),
        2,
        "m5's two invitations went with it"
    );
    let dangling = conn.batch_execute(
        "INSERT INTO invitation_roles (invitation_id, role_id) VALUES ('nobody', 'r1')",
    );
    assert!(dangling.is_err(), "a reference to no invitation was stored");
    diesel::delete(memberships::table.find("m1"))
        .execute(conn)
        .unwrap();
    assert_eq!(count(conn, "membership_roles"), 0);
    assert_eq!(count(conn, "invitation_roles"), 0);

    // Down gives the bare words back; up again is the same as the first time.
    conn.revert_migration(&*typed_states_migration(backend))
        .unwrap();
    #[derive(QueryableByName, Debug, PartialEq)]
    struct Raw {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        invite_error: Option<String>,
    }
    let raw: Vec<(String, Option<String>)> =
        diesel::sql_query("SELECT id, invite_error FROM memberships ORDER BY id")
            .load::<Raw>(conn)
            .unwrap()
            .into_iter()
            .map(|r| (r.id, r.invite_error))
            .collect();
    assert_eq!(
        raw,
        [
            ("m2".to_owned(), Some("550 mailbox unavailable".to_owned())),
            ("m3".to_owned(), Some("no_contact".to_owned())),
            ("m4".to_owned(), Some("internal error".to_owned())),
        ]
    );
    conn.run_migration(&*typed_states_migration(backend))
        .unwrap();
    assert_eq!(errors(conn).len(), 3);
}

crate::both_backends!(migration_keeps_rows_references_indexes_and_triggers,);
