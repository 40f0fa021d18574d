//! Counts per status of the users table's searches and filters, kept between requests (issue 10
//! P1, migration 000025): a kept count is used while the organisation's cards are unchanged
//! and never after a change a filter could see — made here by SQL of every kind, and through
//! another instance of the application on the same database.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{MemberKind, MemberStatus};
use invitely::db::ids::{DepartmentId, OrgId};
use invitely::domain::members::{status_counts, Filter, KeptCounts};

fn run(app: &TestApp, sql: &str) -> usize {
    diesel::sql_query(sql).execute(&mut *app.conn()).unwrap()
}

fn filters(department: DepartmentId) -> Vec<Filter> {
    let search = |q: &str| Filter {
        q: invitely::domain::members::SearchText::read(q),
        ..Filter::default()
    };
    vec![
        search("ivan"),
        search("IVAN"),
        search("petrov1"),
        Filter {
            q: invitely::domain::members::SearchText::read("ivan"),
            kind: Some(MemberKind::Customer),
            ..Filter::default()
        },
        Filter {
            kind: Some(MemberKind::Employee),
            ..Filter::default()
        },
        Filter {
            department_id: Some(department),
            ..Filter::default()
        },
    ]
}

/// Every filter's kept counts equal a fresh count, asked twice (the second from what is kept).
fn assert_fresh(app: &TestApp, kept: &KeptCounts, org: OrgId, fs: &[Filter], step: &str) {
    for f in fs {
        let fresh = status_counts(&mut app.conn(), org, f).unwrap();
        for round in ["first", "again"] {
            let answer = kept.status_counts(&mut app.conn(), org, f).unwrap();
            assert_eq!(answer, fresh, "{f:?} after {step} ({round})");
        }
    }
}

async fn kept_counts_follow_every_change(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.clock.now();
    invitely::seed::run(&mut app.conn(), now, 2, 600, None).unwrap();
    use invitely::db::schema::{departments, organisations};
    let orgs: Vec<OrgId> = organisations::table
        .select(organisations::id)
        .order(organisations::id)
        .load(&mut *app.conn())
        .unwrap();
    let org = orgs[1];
    let department: DepartmentId = departments::table
        .filter(departments::org_id.eq(org))
        .select(departments::id)
        .first(&mut *app.conn())
        .unwrap();
    let fs = filters(department);
    let kept = KeptCounts::new(64);
    assert_fresh(&app, &kept, org, &fs, "seeding");
    let ivan = &fs[0];
    let before = kept.status_counts(&mut app.conn(), org, ivan).unwrap();
    assert!(before.values().sum::<i64>() > 20, "{before:?}");

    let changes = [
        (
            "a status change of one matching card",
            "UPDATE members SET invite_status = 'error' WHERE id = (SELECT MAX(id) FROM members \
             WHERE search_text LIKE '%ivan%' AND invite_status <> 'error' AND org_id = {org})",
        ),
        (
            "a name change that makes a card match",
            "UPDATE members SET search_text = search_text || ' ivanova' WHERE id = (SELECT \
             MIN(id) FROM members WHERE search_text NOT LIKE '%ivan%' AND org_id = {org})",
        ),
        (
            "a kind change",
            "UPDATE members SET kind = CASE kind WHEN 'employee' THEN 'customer' \
             ELSE 'employee' END WHERE id % 11 = 0 AND org_id = {org}",
        ),
        (
            "a department taken away",
            "UPDATE members SET department_id = NULL WHERE id % 5 = 0 AND org_id = {org}",
        ),
        (
            "a new matching card",
            "INSERT INTO members (org_id, kind, first_name, last_name, email, phone, position, \
             is_admin, invite_status, search_text, created_at, updated_at) SELECT org_id, \
             'customer', 'Ivan', 'Novy', 'ivan.novy@kept.test', NULL, '', FALSE, \
             'not_invited', 'ivan novy ivan.novy@kept.test', created_at, updated_at \
             FROM members WHERE org_id = {org} LIMIT 1",
        ),
        (
            "matching cards deleted",
            "DELETE FROM members WHERE org_id = {org} AND search_text LIKE '%ivan%' \
             AND id % 4 = 0 AND is_admin = FALSE AND account_id IS NULL \
             AND id NOT IN (SELECT member_id FROM invitations)",
        ),
        (
            "a card moved in from the other organisation",
            "UPDATE members SET org_id = {org} WHERE id = (SELECT MIN(id) FROM members \
             WHERE org_id = {other} AND search_text LIKE '%ivan%' AND is_admin = FALSE \
             AND account_id IS NULL AND id NOT IN (SELECT member_id FROM invitations))",
        ),
    ];
    for (step, sql) in changes {
        let sql = sql
            .replace("{org}", &org.get().to_string())
            .replace("{other}", &orgs[0].get().to_string());
        assert!(run(&app, &sql) > 0, "{step} changed nothing");
        assert_fresh(&app, &kept, org, &fs, step);
    }
    let after = kept.status_counts(&mut app.conn(), org, ivan).unwrap();
    assert_ne!(after, before, "the changes moved the counts of \"ivan\"");

    // The other organisation's version moved with the card that left it; its counts are its own.
    assert_fresh(&app, &kept, orgs[0], &fs[..4], "the other organisation");

    // What is kept is what answers: a change the version does not see (its trigger dropped,
    // as no code path can) is not seen, while a filter counted afresh sees it.
    let drop = match &*app.conn() {
        invitely::db::DbConnection::Sqlite(_) => "DROP TRIGGER member_changes_update",
        invitely::db::DbConnection::Pg(_) => "DROP TRIGGER member_changes_update ON members",
    };
    run(&app, drop);
    run(
        &app,
        &format!(
            "UPDATE members SET invite_status = 'error' WHERE org_id = {} \
             AND search_text LIKE '%ivan%' AND invite_status = 'not_invited'",
            org.get()
        ),
    );
    let unseen = kept.status_counts(&mut app.conn(), org, ivan).unwrap();
    assert_eq!(unseen, after, "kept while the version stands");
    let fresh = status_counts(&mut app.conn(), org, ivan).unwrap();
    assert_ne!(fresh, after, "the change itself is real");
    assert_eq!(
        KeptCounts::new(0)
            .status_counts(&mut app.conn(), org, ivan)
            .unwrap(),
        fresh,
        "nothing kept: counted every time"
    );
}

/// "All" and each status's count, as the users page shows them.
async fn shown_counts(admin: &Session, q: &str) -> Vec<i64> {
    let page = admin.get(&format!("/admin/users?q={q}")).await;
    page.assert_ok();
    page.body
        .split("<span class=\"count\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().parse().unwrap())
        .collect()
}

/// Two instances on one database: a change made through one is counted by the other, which
/// had counts of the same search kept.
async fn another_instances_change_is_counted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("K-1").admin("boss@k1.test").build().await;
    let mut ids = Vec::new();
    for (first, last) in [
        ("Anna", "Petrova"),
        ("Boris", "Petrov"),
        ("Vera", "Smirnova"),
    ] {
        ids.push(
            app.member(&admin)
                .named(first, last)
                .email(&format!("{}@k1.test", first.to_lowercase()))
                .create()
                .await,
        );
    }
    let counts = shown_counts(&admin, "petrov").await;
    assert_eq!(counts.len(), 1 + MemberStatus::ALL.len());
    assert_eq!(counts[0], 2, "{counts:?}");
    assert_eq!(shown_counts(&admin, "petrov").await, counts, "asked again");

    let second = app.another_instance(Default::default()).await;
    let other = second.login("boss@k1.test", PASSWORD).await;
    let edit = other
        .post(
            &format!("/admin/users/{}", ids[2]),
            &[
                ("first_name", "Vera"),
                ("last_name", "Petrovskaya"),
                ("email", "vera@k1.test"),
                ("phone", ""),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(edit.status, 303, "{}", edit.body);
    assert_eq!(shown_counts(&admin, "petrov").await[0], 3);
    assert_eq!(shown_counts(&other, "petrov").await[0], 3);
}

both_backends!(
    kept_counts_follow_every_change,
    another_instances_change_is_counted
);
