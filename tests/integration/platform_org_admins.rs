//! The platform operator's organisation page lists its administrators and invites one
//! (`POST /platform/orgs/{id}/admins`, `admin_email`): an organisation whose first admin's
//! invitation went to a mistyped address (or expired, failed, was revoked) is not stuck; an
//! address already invited gets a fresh link; an active member is made an administrator at
//! once; a bad address re-renders the form with the input and a message; only the operator,
//! with the CSRF token, for an organisation that exists.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::OrgId;
use invitely::db::schema::{audit_events, invitations, members};

fn audit_count(app: &TestApp, org: OrgId, action: &str) -> i64 {
    audit_events::table
        .filter(audit_events::org_id.eq(org))
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
            "action = '{action}'"
        )))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The statuses of the invitations to `recipient`, oldest first.
pub(crate) fn statuses(app: &TestApp, recipient: &str) -> Vec<String> {
    invitations::table
        .filter(invitations::recipient.eq(recipient))
        .order(invitations::id.asc())
        .select(diesel::dsl::sql::<diesel::sql_types::Text>("status"))
        .load(&mut *app.conn())
        .unwrap()
}

fn is_admin(app: &TestApp, org: OrgId, email: &str) -> bool {
    members::table
        .filter(members::org_id.eq(org))
        .filter(members::email.eq(email))
        .select(members::is_admin)
        .first(&mut *app.conn())
        .unwrap()
}

/// Creates an organisation whose first admin's address is mistyped; returns its id.
async fn stuck_org(app: &TestApp, number: &str, typo: &str) -> OrgId {
    let op = app.operator_session().await;
    op.get("/platform/orgs").await.assert_ok();
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", &format!("Org {number}")),
                ("customer_number", number),
                ("seat_limit", "10"),
                ("daily_invite_limit", "50"),
                ("admin_email", typo),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.run_jobs().await;
    app.org_id(number)
}

async fn a_stuck_organisation_gets_its_admin(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let org = stuck_org(&app, "PA-1", "boss@tpyo.test").await;
    let op = app.operator_session().await;
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    page.assert_ok();
    assert!(
        page.body.contains("id=\"org-admins-table\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("boss@tpyo.test"));
    assert!(page.body.contains("Invited, until"));
    assert!(page.body.contains("name=\"admin_email\""));

    // The right address: invited as an administrator, as creation does.
    let done = op
        .post(
            &format!("/platform/orgs/{org}/admins"),
            &[("admin_email", " Boss@Right.test ")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location, Some(format!("/platform/orgs/{org}")));
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    assert!(page
        .body
        .contains("boss@right.test is invited as an administrator of Org PA-1."));
    assert_eq!(audit_count(&app, org, "invitation.created"), 2);
    app.run_jobs().await;
    let link = app.invitation_link("boss@right.test");
    let boss = app.accept(&link, PASSWORD).await;
    boss.get("/admin/users").await.assert_ok();
    assert!(is_admin(&app, org, "boss@right.test"));
    // The operator hears of it, greeted plainly (their account has no name), not by address.
    app.run_jobs().await;
    let notice = app
        .emails_to("operator@invitely.test")
        .into_iter()
        .find(|m| m.data.contains("<invitation-accepted-"))
        .expect("the operator's notice");
    let text = crate::support::mime::part(&notice.data, "text/plain").unwrap();
    assert!(text.starts_with("Hello,"), "{text}");
    assert!(!text.contains("Hello operator@"), "{text}");
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    assert!(page.body.contains("boss@right.test"));
    assert!(page.body.contains("status status-active"));

    // The address already invited: a fresh link, the old one replaced.
    let again = op
        .post(
            &format!("/platform/orgs/{org}/admins"),
            &[("admin_email", "boss@tpyo.test")],
        )
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
    app.run_jobs().await;
    let s = statuses(&app, "boss@tpyo.test");
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(s[0], "revoked");
    assert_eq!(s[1], "pending");
}

async fn an_active_member_is_made_an_admin(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PA-2").build().await;
    let org = app.org_id("PA-2");
    app.member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@pa2.test")
        .join(PASSWORD)
        .await;
    let op = app.operator_session().await;
    op.get(&format!("/platform/orgs/{org}")).await.assert_ok();
    let path = format!("/platform/orgs/{org}/admins");
    let done = op.post(&path, &[("admin_email", "ivan@pa2.test")]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(is_admin(&app, org, "ivan@pa2.test"));
    assert_eq!(audit_count(&app, org, "member.admin_granted"), 1);
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    assert!(page
        .body
        .contains("Ivan Petrov was already a member of Org PA-2 and is now its administrator."));
    assert!(page.body.contains("ivan@pa2.test"));
    // Again: nothing changes, and the page says so.
    op.post(&path, &[("admin_email", "ivan@pa2.test")]).await;
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    assert!(page
        .body
        .contains("already is an administrator of Org PA-2"));
    assert_eq!(audit_count(&app, org, "member.admin_granted"), 1);
}

async fn bad_addresses_and_strangers_are_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PA-3").build().await;
    let org = app.org_id("PA-3");
    let op = app.operator_session().await;
    let path = format!("/platform/orgs/{org}/admins");
    let before = statuses(&app, "admin@pa-3.test").len();
    for bad in ["not-an-address", ""] {
        let page = op.post(&path, &[("admin_email", bad)]).await;
        assert_eq!(page.status, 422, "{}", page.body);
        assert!(page.body.contains("id=\"admin_email-error\""));
        assert!(
            page.body.contains("class=\"error-summary\"") || page.body.contains("error-summary")
        );
        assert!(page.body.contains(&format!(
            "name=\"admin_email\" type=\"email\" value=\"{bad}\""
        )));
    }
    // Russian page: the message in Russian.
    op.post("/lang", &[("lang", "ru"), ("back", "/")]).await;
    let page = op.post(&path, &[("admin_email", "nope")]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Пригласить администратора"));
    // Not the operator: an organisation's admin; no CSRF token; an unknown organisation.
    assert_eq!(
        admin
            .post(&path, &[("admin_email", "x@pa3.test")])
            .await
            .status,
        403
    );
    assert_eq!(
        op.post_raw(&path, &[("admin_email", "x@pa3.test")])
            .await
            .status,
        403
    );
    assert_eq!(
        op.post(
            "/platform/orgs/999999/admins",
            &[("admin_email", "x@pa3.test")]
        )
        .await
        .status,
        404
    );
    assert!(statuses(&app, "x@pa3.test").is_empty());
    assert_eq!(statuses(&app, "admin@pa-3.test").len(), before);
}

/// The list names an administrator who has no name yet as such (their address has a column of
/// its own: it was said twice); a disabled organisation's page offers no invitation form that
/// would only be refused, and says why.
async fn the_admins_list_and_a_disabled_organisation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let org = stuck_org(&app, "PA-4", "nameless@pa4.test").await;
    let op = app.operator_session().await;
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    page.assert_ok();
    assert!(
        page.body.contains(
            "<tr><td>Unnamed user</td><td data-label=\"E-mail or phone\">nameless@pa4.test</td>"
        ),
        "{}",
        page.body
    );
    assert_eq!(
        page.body.matches("nameless@pa4.test").count(),
        1,
        "{}",
        page.body
    );
    diesel::update(
        invitely::db::schema::organisations::table
            .filter(invitely::db::schema::organisations::id.eq(org)),
    )
    .set(invitely::db::schema::organisations::disabled_at.eq(app.clock.now()))
    .execute(&mut *app.conn())
    .unwrap();
    let page = op.get(&format!("/platform/orgs/{org}")).await;
    page.assert_ok();
    assert!(!page.body.contains("name=\"admin_email\""), "{}", page.body);
    assert!(
        page.body
            .contains("The organisation is disabled, so its invitations cannot be accepted."),
        "{}",
        page.body
    );
}

both_backends!(
    a_stuck_organisation_gets_its_admin,
    an_active_member_is_made_an_admin,
    bad_addresses_and_strangers_are_refused,
    the_admins_list_and_a_disabled_organisation,
);
