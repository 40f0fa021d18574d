//! Migrations that change the shape of stored data keep every row and every reference of a
//! database that already holds data: the typed job queue (rows queued in the old shape become
//! payloads) and the compact keys (text keys become numbers, tables get their names); and the
//! database at its latest version takes exactly the values of the stored enums.

use crate::support::scratch::{self, scratch};
use crate::support::Backend;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_migrations::MigrationHarness;
use invitely::db::enums::{
    AuditAction, Channel, InvitationStatus, MemberKind, MemberStatus, Problem, Reason,
};
use invitely::db::ids::{AccountId, DepartmentId, ImportId, InvitationId, MemberId, OrgId, RoleId};
use invitely::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use invitely::db::schema::{
    accounts, audit_events, departments, import_rows, imports, invitation_roles, invitations,
    member_counts, member_roles, members, organisations, outbox_jobs, roles, sessions,
};
use invitely::domain::jobs::Job;

const QUEUE: &str = "2026-12-02-000004_typed_job_queue";
const COMPACT: &str = "2026-12-02-000007_compact_ids";

#[derive(QueryableByName, Debug, PartialEq)]
struct QueueRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    payload: String,
    #[diesel(sql_type = Text)]
    idempotency_key: String,
}

/// Rows queued before the typed queue (an `invitation_id` column) become payloads.
async fn queue_migration_converts_queued_rows(backend: Backend) {
    let Some(mut db) = scratch(backend, "migrations::queue") else {
        return;
    };
    let conn = &mut db.conn;
    scratch::migrate_to(conn, backend, QUEUE, false);
    conn.batch_execute(
        "INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit,
             created_at) VALUES ('o1', 'Org', 'N-1', 10, 50, '2026-01-01 00:00:00');
         INSERT INTO memberships (id, org_id, email, created_at, updated_at)
             VALUES ('m1', 'o1', 'q@example.com', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
         INSERT INTO invitations (id, org_id, membership_id, channel, recipient, status,
             created_at) VALUES ('i1', 'o1', 'm1', 'email', 'q@example.com', 'queued',
             '2026-01-01 00:00:00');
         INSERT INTO outbox_jobs (id, kind, invitation_id, dedupe_key, run_at, max_attempts,
             created_at) VALUES ('j1', 'invitation', 'i1', 'invitation:i1:0:email',
             '2026-01-01 00:00:00', 8, '2026-01-01 00:00:00');",
    )
    .unwrap();
    conn.run_migration(&*scratch::migration(backend, QUEUE))
        .unwrap();
    let rows: Vec<QueueRow> =
        diesel::sql_query("SELECT kind, payload, idempotency_key FROM outbox_jobs")
            .load(conn)
            .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, "invitation");
    assert_eq!(rows[0].idempotency_key, "invitation:i1:0");
    let payload: serde_json::Value = serde_json::from_str(&rows[0].payload).unwrap();
    assert_eq!(
        payload,
        serde_json::json!({"invitation_id": "i1", "token_generation": 0})
    );
}

/// A small organisation as it was stored before the compact keys: text keys that do not sort
/// as they were created, every kind of reference, a queued job, audit rows naming rows.
const OLD_ROWS: &str = "
INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit, created_at)
    VALUES ('o-zulu', 'Second', 'N-2', 10, 50, '2026-01-02 00:00:00'),
           ('o-alfa', 'First', 'N-1', 10, 50, '2026-01-01 00:00:00');
INSERT INTO users (id, email, password_hash, is_operator, created_at, updated_at)
    VALUES ('u-anna', 'anna@example.com', 'h', TRUE, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
INSERT INTO departments (id, org_id, name, created_at)
    VALUES ('d-sales', 'o-alfa', 'Sales', '2026-01-01 00:00:00');
INSERT INTO roles (id, org_id, name, created_at)
    VALUES ('r-staff', 'o-alfa', 'Staff', '2026-01-01 00:00:00');
INSERT INTO memberships (id, org_id, user_id, email, kind, department_id, is_admin, invite_status,
        created_at, updated_at) VALUES
    ('m-anna', 'o-alfa', 'u-anna', 'anna@example.com', 'employee', 'd-sales', TRUE, 'active',
        '2026-01-01 00:00:01', '2026-01-01 00:00:01'),
    ('m-bob', 'o-alfa', NULL, 'bob@example.com', 'customer', NULL, FALSE, 'waiting',
        '2026-01-01 00:00:02', '2026-01-01 00:00:02'),
    ('m-cid', 'o-zulu', NULL, 'cid@example.com', 'employee', NULL, FALSE, 'not_invited',
        '2026-01-02 00:00:01', '2026-01-02 00:00:01');
INSERT INTO membership_roles (membership_id, role_id) VALUES ('m-bob', 'r-staff');
INSERT INTO invitations (id, org_id, membership_id, inviter_user_id, channel, recipient, status,
        department_id, token_generation, created_at) VALUES
    ('i-bob', 'o-alfa', 'm-bob', 'u-anna', 'email', 'bob@example.com', 'queued', 'd-sales', 2,
        '2026-01-01 00:00:03');
INSERT INTO invitation_roles (invitation_id, role_id) VALUES ('i-bob', 'r-staff');
INSERT INTO outbox_jobs (id, kind, payload, idempotency_key, run_at, max_attempts, created_at)
    VALUES ('j-1', 'invitation', '{\"invitation_id\":\"i-bob\",\"token_generation\":2}',
        'invitation:i-bob:2', '2026-01-01 00:00:03', 8, '2026-01-01 00:00:03');
INSERT INTO audit_events (id, org_id, actor_user_id, action, subject, created_at) VALUES
    ('a-1', 'o-alfa', 'u-anna', 'invitation.created', 'i-bob', '2026-01-01 00:00:03'),
    ('a-2', 'o-alfa', 'u-anna', 'member.created', 'm-bob', '2026-01-01 00:00:02'),
    ('a-3', NULL, 'u-anna', 'operator.created', 'anna@example.com', '2026-01-01 00:00:00');
INSERT INTO sessions (id, user_id, state, created_at, expires_at)
    VALUES ('s-1', 'u-anna', '{}', '2026-01-01 00:00:00', '2026-01-02 00:00:00');
";

/// Text keys become numbers in creation order; every reference follows; names change; queued
/// jobs and audit subjects are rewritten; the checks and foreign keys hold afterwards.
async fn compact_ids_keep_rows_and_references(backend: Backend) {
    let Some(mut db) = scratch(backend, "migrations::compact_ids") else {
        return;
    };
    let conn = &mut db.conn;
    scratch::migrate_to(conn, backend, COMPACT, false);
    conn.batch_execute(OLD_ROWS).unwrap();
    conn.run_migration(&*scratch::migration(backend, COMPACT))
        .unwrap();

    let orgs: Vec<(OrgId, String)> = organisations::table
        .order(organisations::id)
        .select((organisations::id, organisations::name))
        .load(conn)
        .unwrap();
    let (first, second) = (OrgId::from_raw(1), OrgId::from_raw(2));
    assert_eq!(
        orgs,
        [(first, "First".to_owned()), (second, "Second".to_owned())],
        "numbered by creation, not by the old text"
    );
    let anna = AccountId::from_raw(1);
    let operator: (AccountId, bool) = accounts::table
        .select((accounts::id, accounts::is_operator))
        .first(conn)
        .unwrap();
    assert_eq!(operator, (anna, true));
    let sales: (DepartmentId, OrgId) = departments::table
        .select((departments::id, departments::org_id))
        .first(conn)
        .unwrap();
    let staff: (RoleId, OrgId) = roles::table
        .select((roles::id, roles::org_id))
        .first(conn)
        .unwrap();
    assert_eq!((sales.1, staff.1), (first, first));

    type MemberRow = (
        MemberId,
        OrgId,
        Option<AccountId>,
        Option<DepartmentId>,
        Option<String>,
    );
    let rows: Vec<MemberRow> = members::table
        .order(members::id)
        .select((
            members::id,
            members::org_id,
            members::account_id,
            members::department_id,
            members::email,
        ))
        .load(conn)
        .unwrap();
    let (m_anna, m_bob, m_cid) = (
        MemberId::from_raw(1),
        MemberId::from_raw(2),
        MemberId::from_raw(3),
    );
    assert_eq!(
        rows,
        [
            (
                m_anna,
                first,
                Some(anna),
                Some(sales.0),
                Some("anna@example.com".into())
            ),
            (m_bob, first, None, None, Some("bob@example.com".into())),
            (m_cid, second, None, None, Some("cid@example.com".into())),
        ]
    );
    let member_roles: Vec<(MemberId, RoleId)> = member_roles::table
        .select((member_roles::member_id, member_roles::role_id))
        .load(conn)
        .unwrap();
    assert_eq!(member_roles, [(m_bob, staff.0)]);

    let bob_inv = InvitationId::from_raw(1);
    type InvRow = (
        InvitationId,
        OrgId,
        MemberId,
        Option<AccountId>,
        Option<DepartmentId>,
    );
    let inv: InvRow = invitations::table
        .select((
            invitations::id,
            invitations::org_id,
            invitations::member_id,
            invitations::inviter_account_id,
            invitations::department_id,
        ))
        .first(conn)
        .unwrap();
    assert_eq!(inv, (bob_inv, first, m_bob, Some(anna), Some(sales.0)));
    let inv_roles: Vec<(InvitationId, RoleId)> = invitation_roles::table
        .select((invitation_roles::invitation_id, invitation_roles::role_id))
        .load(conn)
        .unwrap();
    assert_eq!(inv_roles, [(bob_inv, staff.0)]);

    // The queued job names the new key, in its payload and its idempotency key.
    let job: (String, String, String) = outbox_jobs::table
        .select((
            outbox_jobs::kind,
            outbox_jobs::payload,
            outbox_jobs::idempotency_key,
        ))
        .first(conn)
        .unwrap();
    let decoded = Job::decode(&job.0, &job.1).unwrap();
    assert_eq!(
        decoded,
        Job::Invitation {
            invitation_id: bob_inv,
            token_generation: 2
        }
    );
    assert_eq!(job.2, decoded.idempotency_key());

    // Audit subjects say what they name; other words stay.
    let subjects: Vec<(String, Option<AccountId>)> = audit_events::table
        .order(audit_events::created_at)
        .select((audit_events::subject, audit_events::actor_account_id))
        .load(conn)
        .unwrap();
    assert_eq!(
        subjects,
        [
            ("anna@example.com".to_owned(), Some(anna)),
            ("member:2".to_owned(), Some(anna)),
            ("invitation:1".to_owned(), Some(anna)),
        ]
    );
    let counts: Vec<(OrgId, String, i64)> = member_counts::table
        .order((member_counts::org_id, member_counts::invite_status))
        .select((
            member_counts::org_id,
            member_counts::invite_status,
            member_counts::n,
        ))
        .load(conn)
        .unwrap();
    assert_eq!(
        counts,
        [
            (first, "active".to_owned(), 1),
            (first, "waiting".to_owned(), 1),
            (second, "not_invited".to_owned(), 1),
        ]
    );
    let sessions: i64 = sessions::table.count().get_result(conn).unwrap();
    assert_eq!(
        sessions, 0,
        "sessions held old keys: everyone signs in again"
    );

    // New rows continue after the carried-over keys.
    let next: OrgId = diesel::insert_into(organisations::table)
        .values((
            organisations::name.eq("Third"),
            organisations::customer_number.eq("N-3"),
            organisations::seat_limit.eq(1),
            organisations::daily_invite_limit.eq(1),
            organisations::created_at.eq(time::macros::datetime!(2026-01-03 0:00)),
        ))
        .returning(organisations::id)
        .get_result(conn)
        .unwrap();
    assert_eq!(next, OrgId::from_raw(3));

    // The checks and references of the rebuilt tables hold.
    let refused = [
        "UPDATE members SET invite_status = 'archived' WHERE id = 2",
        "UPDATE members SET kind = 'contractor' WHERE id = 2",
        "UPDATE invitations SET channel = 'fax' WHERE id = 1",
        "UPDATE audit_events SET action = 'invitation.teleported'",
        "INSERT INTO member_roles (member_id, role_id) VALUES (99, 1)",
        "INSERT INTO invitations (org_id, member_id, channel, recipient, status, created_at)
             VALUES (1, 99, 'email', 'x@example.com', 'queued', '2026-01-01 00:00:00')",
    ];
    let stored_anyway: Vec<&str> = refused
        .iter()
        .copied()
        .filter(|sql| conn.batch_execute(sql).is_ok())
        .collect();
    assert!(stored_anyway.is_empty(), "stored: {stored_anyway:?}");
    // Deleting a member takes its roles and invitations along.
    diesel::delete(members::table.find(m_bob))
        .execute(conn)
        .unwrap();
    let left: (i64, i64) = (
        member_roles::table.count().get_result(conn).unwrap(),
        invitations::table.count().get_result(conn).unwrap(),
    );
    assert_eq!(left, (0, 0));
}

/// Rows in the current shape, for the values test.
const ROWS_NOW: &str = "
INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit, created_at)
    VALUES (1, 'Org', 'N-1', 10, 50, '2026-01-01 00:00:00');
INSERT INTO members (id, org_id, email, kind, invite_status, created_at, updated_at)
    VALUES (2, 1, 'bounce@example.com', 'customer', 'error', '2026-01-01 00:00:00',
        '2026-01-01 00:00:00');
INSERT INTO invitations (id, org_id, member_id, channel, recipient, status, created_at)
    VALUES (2, 1, 2, 'email', 'bounce@example.com', 'failed', '2026-01-01 00:00:00');
INSERT INTO audit_events (org_id, action, created_at)
    VALUES (1, 'invitation.accepted', '2026-01-01 00:00:00');
INSERT INTO imports (id, org_id, file_name, send_invitation, default_kind, status, total_rows,
        created_at)
    VALUES (3, 1, 'people.csv', FALSE, 'employee', 'review', 1, '2026-01-01 00:00:00');
INSERT INTO import_rows (import_id, line, email, phone, first_name, last_name, kind, department,
        position, roles, outcome)
    VALUES (3, 2, 'a@example.com', '', 'A', '', '', '', '', '', 'new');
";

/// The database at its latest version accepts every variant of every stored enum in its
/// column, and nothing else (CHECKs; audit actions by their lookup table).
async fn the_database_takes_exactly_the_enums_values(backend: Backend) {
    let Some(mut db) = scratch(backend, "migrations::enum_values") else {
        return;
    };
    let conn = &mut db.conn;
    conn.run_pending_migrations(scratch::migrations(backend))
        .unwrap();
    conn.batch_execute(ROWS_NOW).unwrap();
    let (m2, i2) = (MemberId::from_raw(2), InvitationId::from_raw(2));
    let mut accepted = 0;
    for s in MemberStatus::ALL {
        diesel::update(members::table.find(m2))
            .set(members::invite_status.eq(*s))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    for k in MemberKind::ALL {
        diesel::update(members::table.find(m2))
            .set(members::kind.eq(*k))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    let problems = Reason::ALL
        .iter()
        .map(|r| Problem::Reason(*r))
        .chain([Problem::server("421 try later"), Problem::server("")]);
    for p in problems {
        diesel::update(members::table.find(m2))
            .set(members::invite_error.eq(&p))
            .execute(conn)
            .unwrap();
        diesel::update(invitations::table.find(i2))
            .set(invitations::error.eq(&p))
            .execute(conn)
            .unwrap();
        accepted += 2;
    }
    for s in ImportStatus::ALL {
        diesel::update(imports::table.find(ImportId::from_raw(3)))
            .set(imports::status.eq(*s))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    let row = import_rows::table.find((ImportId::from_raw(3), 2));
    for o in ImportOutcome::ALL {
        diesel::update(row)
            .set(import_rows::outcome.eq(*o))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    for p in ImportProblem::ALL {
        diesel::update(row)
            .set(import_rows::problem.eq(*p))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    for s in InvitationStatus::ALL {
        diesel::update(invitations::table.find(i2))
            .set(invitations::status.eq(*s))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    for c in Channel::ALL {
        diesel::update(invitations::table.find(i2))
            .set(invitations::channel.eq(*c))
            .execute(conn)
            .unwrap();
        accepted += 1;
    }
    for a in AuditAction::ALL {
        diesel::insert_into(audit_events::table)
            .values((
                audit_events::action.eq(*a),
                audit_events::subject.eq("check"),
                audit_events::created_at.eq(time::macros::datetime!(2026-01-01 0:00)),
            ))
            .execute(conn)
            .unwrap_or_else(|e| panic!("audit action {a}: {e}"));
        accepted += 1;
    }
    let stored: Vec<AuditAction> = audit_events::table
        .filter(audit_events::subject.eq("check"))
        .order(audit_events::id)
        .select(audit_events::action)
        .load(conn)
        .unwrap();
    assert_eq!(stored, AuditAction::ALL);

    let refused = [
        "UPDATE members SET invite_status = 'archived' WHERE id = 2",
        "UPDATE members SET invite_status = 'Active' WHERE id = 2",
        "UPDATE members SET kind = 'contractor' WHERE id = 2",
        "UPDATE members SET invite_error = '550 mailbox unavailable' WHERE id = 2",
        "UPDATE invitations SET status = 'expired' WHERE id = 2",
        "UPDATE invitations SET channel = 'fax' WHERE id = 2",
        "UPDATE invitations SET error = 'no such code' WHERE id = 2",
        "UPDATE audit_events SET action = 'invitation.teleported' WHERE id = 1",
        "UPDATE imports SET status = 'paused' WHERE id = 3",
        "UPDATE import_rows SET outcome = 'maybe' WHERE import_id = 3",
        "UPDATE import_rows SET problem = 'no_reason' WHERE import_id = 3",
        "INSERT INTO audit_events (action, created_at)
             VALUES ('invitation.teleported', '2026-01-01 00:00:00')",
    ];
    let stored_anyway: Vec<&str> = refused
        .iter()
        .copied()
        .filter(|sql| conn.batch_execute(sql).is_ok())
        .collect();
    assert!(
        stored_anyway.is_empty(),
        "{} of {} unknown values stored: {stored_anyway:?}",
        stored_anyway.len(),
        refused.len()
    );
    assert!(accepted > 40, "{accepted}");
}

crate::both_backends!(
    queue_migration_converts_queued_rows,
    compact_ids_keep_rows_and_references,
    the_database_takes_exactly_the_enums_values,
);
