//! The audit page (`/admin/audit`): the organisation's events only, newest first, 50 to a page
//! with "1–50 of N", filtered by actor, action and day range, actions translated in both
//! languages; another organisation's actor is not found.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::AuditAction;
use invitely::db::ids::AccountId;
use invitely::db::schema::accounts;
use invitely::domain::audit::{self, Event, Subject};
use time::Duration;

fn account_id(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

fn count_rows(body: &str) -> usize {
    body.matches("<tr>").count().saturating_sub(1)
}

/// The trail's table, from `<table` on: the filter's `<select>` above it lists every action's
/// label, so a label is only evidence of a row when found here.
fn table(body: &str) -> &str {
    &body[body
        .find("<table")
        .unwrap_or_else(|| panic!("no table: {body}"))..]
}

async fn audit_page_filters_and_pages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("A-1").admin("boss@a1.test").build().await;
    let other = app.org("A-2").admin("boss@a2.test").build().await;
    let org = app.org_id("A-1");
    let boss = account_id(&app, "boss@a1.test");
    let stranger = account_id(&app, "boss@a2.test");
    // 60 "resent" events ten days ago and one "settings changed" today by the admin.
    let now = app.clock.now();
    let then = now - Duration::days(10);
    {
        let mut conn = app.conn();
        for _ in 0..60 {
            audit::record(
                &mut conn,
                then,
                Event {
                    org_id: Some(org),
                    actor_account_id: Some(boss),
                    action: AuditAction::InvitationResent,
                    subject: Subject::None,
                    details: audit::Details::Channel {
                        channel: invitely::db::enums::Channel::Email,
                    },
                    request_id: "t",
                },
            )
            .unwrap();
        }
    }
    app.member(&admin)
        .email("x@a1.test")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let total: i64 = invitely::db::schema::audit_events::table
        .filter(invitely::db::schema::audit_events::org_id.eq(org))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert!(total > 60);

    let page = admin.get("/admin/audit").await;
    page.assert_ok();
    assert!(
        page.body.contains(&format!("1–50 of {total}")),
        "{}",
        page.body
    );
    assert_eq!(count_rows(&page.body), 50);
    // Newest first: today's "User created" above the old "Invitation resent" rows.
    let rows = table(&page.body);
    let created = rows
        .find("<td>User created</td>")
        .expect("a User created row");
    let resent = rows
        .find("<td>Invitation resent</td>")
        .expect("an Invitation resent row");
    assert!(created < resent, "newest first: {rows}");
    let second = admin.get("/admin/audit?page=2").await;
    assert!(second.body.contains(&format!("51–{total} of {total}")));
    // A page past the end shows the last one, with its way back.
    let past = admin.get("/admin/audit?page=9").await;
    past.assert_ok();
    assert!(
        past.body.contains(&format!("51–{total} of {total}")),
        "{}",
        past.body
    );
    assert_eq!(count_rows(&past.body) as i64, total - 50);
    assert!(
        past.body.contains("<a href=\"/admin/audit\" rel=\"prev\">"),
        "{}",
        past.body
    );
    assert_eq!(count_rows(&second.body) as i64, total - 50);
    let rows = table(&second.body);
    assert!(rows.contains("<td>Invitation resent</td>"), "{rows}");
    assert!(
        !rows.contains("<td>User created</td>"),
        "today's events are all on the first page: {rows}"
    );

    // By action.
    let page = admin.get("/admin/audit?action=invitation.resent").await;
    assert!(page.body.contains("1–50 of 60"), "{}", page.body);
    let page = admin.get("/admin/audit?action=member.created").await;
    assert!(page.body.contains("1–1 of 1"), "{}", page.body);
    assert!(page.body.contains("Test Person"), "the subject named");

    // By day range: the 60 old events are outside the last two days.
    let from = (now.date() - Duration::days(2)).to_string();
    let page = admin.get(&format!("/admin/audit?from={from}")).await;
    let recent = total - 60;
    assert!(
        page.body.contains(&format!("1–{recent} of {recent}")),
        "{}",
        page.body
    );
    let to = (now.date() - Duration::days(9)).to_string();
    let page = admin.get(&format!("/admin/audit?to={to}")).await;
    assert!(page.body.contains("1–50 of 60"), "{}", page.body);
    let page = admin.get("/admin/audit?from=yesterday").await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("value=\"yesterday\""));
    // A range that ends before it starts is said to, not answered with an empty table.
    let page = admin
        .get(&format!("/admin/audit?from={from}&to={to}"))
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body
            .contains("The end date is before the start date. Choose an end date on or after it."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!("value=\"{to}\"")),
        "{}",
        page.body
    );

    // By actor: this organisation's admin; another organisation's is not found.
    let page = admin.get(&format!("/admin/audit?actor={boss}")).await;
    page.assert_ok();
    assert_eq!(
        admin
            .get(&format!("/admin/audit?actor={stranger}"))
            .await
            .status,
        404
    );
    assert_eq!(admin.get("/admin/audit?actor=abc").await.status, 400);

    // The other organisation sees none of this one's events.
    let page = other.get("/admin/audit?action=invitation.resent").await;
    assert!(page.body.contains("0 of 0"), "{}", page.body);
    assert_eq!(
        other
            .get(&format!("/admin/audit?actor={boss}"))
            .await
            .status,
        404
    );

    // Russian: actions translated.
    admin.post("/lang", &[("lang", "ru"), ("back", "/")]).await;
    let page = admin.get("/admin/audit?action=invitation.resent").await;
    assert_eq!(
        table(&page.body)
            .matches("<td>Приглашение отправлено повторно</td>")
            .count(),
        50,
        "{}",
        page.body
    );
    assert!(page.body.contains("1–50 из 60"), "{}", page.body);
}

/// Members who are not admins cannot read the trail.
async fn audit_and_settings_are_for_admins(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("A-3").build().await;
    let member = app
        .member(&admin)
        .email("m@a3.test")
        .join(crate::support::app::PASSWORD)
        .await;
    for path in ["/admin/audit", "/admin/settings"] {
        assert_eq!(member.get(path).await.status, 403, "{path}");
        assert!(!member
            .get("/")
            .await
            .body
            .contains(&format!("href=\"{path}\"")));
    }
}

/// The "What" filter offers the events the organisation's trail holds beyond invitations:
/// roles, departments, a member's roles, imports (docs/PRODUCT.md §2.15).
async fn audit_filter_offers_role_and_department_events(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("A-4").build().await;
    let role = crate::roles::create_role(&admin, "Manager").await;
    let renamed = admin
        .post(&format!("/admin/roles/{role}"), &[("name", "Supervisor")])
        .await;
    assert_eq!(renamed.status, 303);
    crate::roles::create_department(&admin, "Sales").await;
    let card = app.member(&admin).email("ivan@a4.test").create().await;
    assert_eq!(
        crate::roles::save_card(&admin, &card, &[&role], "").await,
        303
    );

    let page = admin.get("/admin/audit").await;
    page.assert_ok();
    for a in [
        "role.created",
        "role.renamed",
        "role.deleted",
        "department.created",
        "department.renamed",
        "department.deleted",
        "member.roles_changed",
        "import.committed",
        "import.finished",
        "invitation.renewed",
    ] {
        assert!(
            page.body.contains(&format!("<option value=\"{a}\"")),
            "{a} offered: {}",
            page.body
        );
    }
    let page = admin.get("/admin/audit?action=role.renamed").await;
    assert!(
        page.body
            .contains("<option value=\"role.renamed\" selected>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("1–1 of 1"), "{}", page.body);
    assert!(table(&page.body).contains("<td>Role renamed</td>"));
}

both_backends!(
    audit_page_filters_and_pages,
    audit_and_settings_are_for_admins,
    audit_filter_offers_role_and_department_events
);
