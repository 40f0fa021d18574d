//! "Create missing departments" on an import: a cell of invisible characters names no
//! department (nor one named ""), and a department deleted between the review and the commit
//! is created again with the box ticked (its rows placed in it), or refuses its rows without.

use crate::both_backends;
use crate::import::{commit, outcomes, upload};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{accounts, departments, members};
use invitely::domain::{Actor, DomainError};

fn department_names(app: &TestApp) -> Vec<String> {
    departments::table
        .select(departments::name)
        .order(departments::name)
        .load(&mut app.conn())
        .unwrap()
}

/// The cards whose e-mail ends in `domain` that are in a department.
fn placed(app: &TestApp, domain: &str) -> i64 {
    members::table
        .filter(members::email.like(format!("%{domain}")))
        .filter(members::department_id.is_not_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn cards(app: &TestApp, domain: &str) -> i64 {
    members::table
        .filter(members::email.like(format!("%{domain}")))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

async fn add_department(admin: &Session, name: &str) {
    admin.get("/admin/departments").await.assert_ok();
    let page = admin.post("/admin/departments", &[("name", name)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// A department cell holding only a zero-width space or a soft hyphen offered to create a
/// department named "" and created it on commit: it reads as empty, and the domain refuses
/// such a name whoever asks.
async fn invisible_department_cells_name_none(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("DEP-1").build().await;
    let csv = "email,first_name,department\nz@zw.test,Zed,\u{200b}\ns@zw.test,Sam,\u{00ad}\n";
    let review = upload(&admin, csv.as_bytes(), false).await;
    let page = admin.get(&review).await;
    let got = outcomes(&page.body);
    let got: Vec<(i32, &str)> = got.iter().map(|(l, o)| (*l, o.as_str())).collect();
    assert_eq!(got, [(2, "new"), (3, "new")], "{}", page.body);
    assert!(
        !page.body.contains("name=\"create_departments\""),
        "nothing to create: {}",
        page.body
    );
    commit(&app, &admin, &review, &[("create_departments", "1")]).await;
    assert!(department_names(&app).is_empty());
    assert_eq!((cards(&app, "@zw.test"), placed(&app, "@zw.test")), (2, 0));

    let account = accounts::table
        .filter(accounts::email.eq("admin@dep-1.test"))
        .select(accounts::id)
        .first(&mut app.conn())
        .unwrap();
    let actor = Actor {
        account_id: account,
        request_id: "test".into(),
    };
    let long = "x".repeat(101);
    for name in ["", " \u{200b}\u{00ad} ", long.as_str()] {
        let made = invitely::domain::departments::create(
            &mut app.conn(),
            app.clock.now(),
            &actor,
            app.org_id("DEP-1"),
            name,
        );
        assert!(
            matches!(made, Err(DomainError::Conflict(_))),
            "{name:?}: {made:?}"
        );
    }
    assert!(department_names(&app).is_empty());
}

/// Rows naming a department that is deleted after the review were written with no department
/// (the review and the result still naming it) when the box was ticked: the commit creates it
/// again and places them in it; without the box they are refused.
async fn a_department_deleted_before_the_commit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("DEP-2").build().await;
    add_department(&admin, "Sales").await;
    let csv = "email,first_name,department\nd1@gone.test,D,Sales\nd2@gone.test,E,sales \n";
    let review = upload(&admin, csv.as_bytes(), false).await;
    let got = outcomes(&admin.get(&review).await.body);
    assert_eq!(got, [(2, "new".to_owned()), (3, "new".to_owned())]);
    diesel::delete(departments::table)
        .execute(&mut app.conn())
        .unwrap();
    commit(&app, &admin, &review, &[("create_departments", "1")]).await;
    assert_eq!(department_names(&app), ["Sales"]);
    assert_eq!(
        (cards(&app, "@gone.test"), placed(&app, "@gone.test")),
        (2, 2)
    );

    // Without the box: refused, nothing written.
    let csv = "email,first_name,department\nn1@kept.test,N,Sales\n";
    let review = upload(&admin, csv.as_bytes(), false).await;
    diesel::delete(departments::table)
        .execute(&mut app.conn())
        .unwrap();
    commit(&app, &admin, &review, &[]).await;
    let page = admin.get(&review).await;
    assert_eq!(
        outcomes(&page.body),
        [(2, "error".to_owned())],
        "{}",
        page.body
    );
    assert_eq!(cards(&app, "@kept.test"), 0);
    assert!(department_names(&app).is_empty());
}

both_backends!(
    invisible_department_cells_name_none,
    a_department_deleted_before_the_commit,
);
