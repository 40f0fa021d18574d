//! A role held by more cards than one statement can name value by value (SQLite binds at most
//! 32,766): the roles page, the role's page, its delete confirmation and its deletion count
//! and find its holders in SQL. The holders are active members (only members are counted as
//! such), without accounts (nothing of theirs to withdraw).

use crate::both_backends;
use crate::roles::create_role;
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use invitely::db::schema::member_roles;

const HOLDERS: i64 = 33_000;

/// The page's text without digit grouping or Fluent's isolation marks.
fn plain(body: &str) -> String {
    body.replace([',', '\u{a0}', '\u{202f}', '\u{2068}', '\u{2069}'], "")
}

async fn a_role_held_by_many_cards(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-1").admin("boss@h1.test").build().await;
    let staff = create_role(&admin, "Staff").await;
    let extra = create_role(&admin, "Extra").await;
    // A role nobody holds says so, not "0 members hold this role".
    let empty = admin.get(&format!("/admin/roles/{extra}")).await;
    assert!(
        plain(&empty.body).contains("No member holds this role yet; no open invitation offers it."),
        "{}",
        empty.body
    );
    app.conn()
        .batch_execute(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {HOLDERS})
             INSERT INTO members (org_id, first_name, last_name, email, kind, invite_status,
                 search_text, created_at, updated_at)
             SELECT (SELECT id FROM organisations WHERE customer_number = 'H-1'), 'Holder',
                 'No ' || i, 'h' || i || '@h1.test', 'employee', 'active',
                 'holder no ' || i || ' h' || i || '@h1.test ', '2026-01-01 00:00:00',
                 '2026-01-01 00:00:00'
             FROM n;
             INSERT INTO member_roles (member_id, role_id)
             SELECT id, {staff} FROM members WHERE email LIKE 'h%@h1.test';
             INSERT INTO member_roles (member_id, role_id)
             SELECT id, {extra} FROM members WHERE email = 'h1@h1.test';"
        ))
        .unwrap();

    let roles = admin.get("/admin/roles").await;
    roles.assert_ok();
    assert!(plain(&roles.body).contains(&HOLDERS.to_string()));
    let role = admin.get(&format!("/admin/roles/{staff}")).await;
    role.assert_ok();
    assert!(plain(&role.body).contains(&format!("{HOLDERS} members hold")));
    let confirm = admin.get(&format!("/admin/roles/{staff}/delete")).await;
    confirm.assert_ok();
    let confirm = plain(&confirm.body);
    assert!(
        confirm.contains(&format!("{HOLDERS} members lose")),
        "{confirm}"
    );
    // One of them also holds "Extra".
    assert!(confirm.contains(&format!("{} of them have no other role", HOLDERS - 1)));

    let deleted = admin
        .post(&format!("/admin/roles/{staff}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    let left: i64 = member_roles::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(left, 1, "only h1's other role");
}

both_backends!(a_role_held_by_many_cards);
