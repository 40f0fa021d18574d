//! A page number that is not a number (an edited or truncated link) is the first page, with
//! every other filter kept: on the audit trails and the invitations list it dropped every
//! filter (the whole query was refused and read as none), on the users table it answered 400.
//! An action another trail records is refused on this one as an unknown action is.

use crate::both_backends;
use crate::support::{Backend, TestApp};

async fn a_bad_page_number_keeps_the_filters(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PN-1").build().await;
    crate::roles::create_role(&admin, "Manager").await;
    app.member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@pn1.test")
        .invite()
        .await;
    app.member(&admin)
        .named("Olga", "Smirnova")
        .email("olga@pn1.test")
        .create()
        .await;

    // The audit trail: one role created among several events.
    let filtered = admin.get("/admin/audit?action=role.created").await;
    filtered.assert_ok();
    assert!(filtered.body.contains("1–1 of 1"), "{}", filtered.body);
    for bad in ["abc", "", "1.5", "-"] {
        let page = admin
            .get(&format!("/admin/audit?action=role.created&page={bad}"))
            .await;
        page.assert_ok();
        assert!(page.body.contains("1–1 of 1"), "page={bad}: {}", page.body);
    }

    // The invitations list: searched for Ivan's invitation (the admin has one too).
    let page = admin
        .get("/admin/invitations?q=ivan&page=abc&per_page=x")
        .await;
    page.assert_ok();
    assert!(page.body.contains("1–1 of 1"), "{}", page.body);

    // The users table: searched for Olga.
    let page = admin.get("/admin/users?q=olga&page=abc").await;
    page.assert_ok();
    assert!(page.body.contains("1–1 of 1"), "{}", page.body);

    // Another trail's action: refused here as an unknown one is.
    assert_eq!(
        admin
            .get("/admin/audit?action=platform.settings_changed")
            .await
            .status,
        400
    );
    let op = app.operator_session().await;
    assert_eq!(
        op.get("/platform/audit?action=role.created").await.status,
        400
    );
    op.get("/platform/audit?action=org.created&page=x")
        .await
        .assert_ok();
    app.allow_jobs_left("Ivan's invitation is not delivered here");
}

both_backends!(a_bad_page_number_keeps_the_filters);
