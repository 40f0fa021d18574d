//! Administrator rights of an existing member (`/admin/users/{id}/admin`): an admin makes an
//! active member an administrator from the card and takes the rights away after a confirmation
//! page; the open invitations the member sent that only an admin could send are revoked; the
//! last admin keeps the rights (also under two admins giving theirs up at once); a member who
//! is not an admin, another organisation's admin and a post without the CSRF token change
//! nothing.

use crate::both_backends;
use crate::leaving::second_admin;
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{MemberId, OrgId};
use invitely::db::schema::{audit_events, invitations, members};

/// (card id, admin) of the card with this address in the organisation.
fn card(app: &TestApp, org: OrgId, email: &str) -> (MemberId, bool) {
    members::table
        .filter(members::org_id.eq(org))
        .filter(members::email.eq(email))
        .select((members::id, members::is_admin))
        .first(&mut *app.conn())
        .unwrap()
}

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

fn admins(app: &TestApp, org: OrgId) -> i64 {
    members::table
        .filter(members::org_id.eq(org))
        .filter(members::is_admin.eq(true))
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "invite_status = 'active'",
        ))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The status of the newest invitation to `recipient`.
fn invitation_status(app: &TestApp, recipient: &str) -> String {
    invitations::table
        .filter(invitations::recipient.eq(recipient))
        .order(invitations::id.desc())
        .select(diesel::dsl::sql::<diesel::sql_types::Text>("status"))
        .first(&mut *app.conn())
        .unwrap()
}

async fn grant_and_take_away(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MA-1").build().await;
    let org = app.org_id("MA-1");
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@ma1.test")
        .join(PASSWORD)
        .await;
    app.give_role("ivan@ma1.test");
    let (id, is_admin) = card(&app, org, "ivan@ma1.test");
    assert!(!is_admin);
    let page = admin.get(&format!("/admin/users/{id}")).await;
    page.assert_ok();
    assert!(page.body.contains("Make administrator"), "{}", page.body);
    assert!(!page.body.contains("id=\"admin-status\""));
    assert_eq!(ivan.get("/admin/users").await.status, 403);

    let done = admin
        .post(&format!("/admin/users/{id}/admin"), &[("admin", "1")])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location, Some(format!("/admin/users/{id}")));
    assert!(card(&app, org, "ivan@ma1.test").1);
    assert_eq!(audit_count(&app, org, "member.admin_granted"), 1);
    let page = admin.get(&format!("/admin/users/{id}")).await;
    assert!(page
        .body
        .contains("Ivan Petrov is now an administrator of the organisation."));
    assert!(page.body.contains("id=\"admin-status\">Administrator<"));
    assert!(page.body.contains("Take administrator rights away"));
    // The rights work at once, on the member's own session.
    ivan.get("/admin/users").await.assert_ok();
    // Granting again changes nothing and says so.
    let again = admin
        .post(&format!("/admin/users/{id}/admin"), &[("admin", "1")])
        .await;
    assert_eq!(again.status, 303);
    assert_eq!(audit_count(&app, org, "member.admin_granted"), 1);

    // As an admin, Ivan invites an administrator (only an admin may) and a plain member.
    ivan.get("/admin/invite").await.assert_ok();
    for (to, admin_box) in [("boss@ma1.test", "1"), ("plain@ma1.test", "0")] {
        let mut fields = vec![("recipients", to), ("action", "send")];
        if admin_box == "1" {
            fields.push(("grant_admin", "1"));
        }
        let sent = ivan.post("/admin/invite", &fields).await;
        assert_eq!(sent.status, 200, "{}", sent.body);
    }
    app.run_jobs().await;
    assert_eq!(invitation_status(&app, "boss@ma1.test"), "pending");

    // Taking the rights away asks first, saying what happens.
    let confirm = admin.get(&format!("/admin/users/{id}/admin")).await;
    confirm.assert_ok();
    assert!(confirm
        .body
        .contains("Take administrator rights from Ivan Petrov"));
    assert!(confirm.body.contains("they keep their roles: Staff"));
    let done = admin
        .post(&format!("/admin/users/{id}/admin"), &[("admin", "0")])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(!card(&app, org, "ivan@ma1.test").1);
    assert_eq!(audit_count(&app, org, "member.admin_revoked"), 1);
    // What only an admin could send is revoked; what a member with a role may send stays.
    assert_eq!(invitation_status(&app, "boss@ma1.test"), "revoked");
    assert_eq!(invitation_status(&app, "plain@ma1.test"), "pending");
    let page = admin.get(&format!("/admin/users/{id}")).await;
    assert!(page
        .body
        .contains("Ivan Petrov is no longer an administrator of the organisation."));
    assert!(page
        .body
        .contains("1 open invitation they sent was revoked."));
    assert!(!page.body.contains("id=\"admin-status\""));
    assert_eq!(ivan.get("/admin/users").await.status, 403);
    // The confirmation's address, opened for a member who is no administrator now, says so
    // without offering to take anything away or claiming that something was tried.
    let page = admin.get(&format!("/admin/users/{id}/admin")).await;
    page.assert_ok();
    assert!(
        page.body
            .contains("<h1>Administrator rights of Ivan Petrov</h1>"),
        "{}",
        page.body
    );
    assert!(page.body.contains(
        "Ivan Petrov is not an administrator of the organisation: there are no rights to take \
         away."
    ));
    assert!(!page.body.contains("Take administrator rights from"));
    assert!(!page.body.contains("nothing changed"));
    // The trail names both changes in the page's words.
    let trail = admin.get("/admin/audit").await;
    assert!(trail.body.contains("Member made an administrator"));
    assert!(trail.body.contains("Administrator rights taken away"));
    assert!(trail.body.contains("administrator rights were taken away"));
}

async fn the_last_admin_keeps_the_rights(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MA-2").build().await;
    let org = app.org_id("MA-2");
    let (id, _) = card(&app, org, "admin@ma-2.test");
    let confirm = admin.get(&format!("/admin/users/{id}/admin")).await;
    confirm.assert_ok();
    assert!(confirm.body.contains("is the only administrator"));
    assert!(!confirm.body.contains("name=\"admin\" value=\"0\""));
    let refused = admin
        .post(&format!("/admin/users/{id}/admin"), &[("admin", "0")])
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("is the only administrator"));
    assert_eq!(admins(&app, org), 1);
    assert_eq!(audit_count(&app, org, "member.admin_revoked"), 0);
    // The leave page says how to make an existing member an administrator.
    let leave = admin.get(&format!("/account/leave/{org}")).await;
    assert!(leave
        .body
        .contains("open the card of the member who should take over"));
    assert!(leave.body.contains("href=\"/admin/users?status=active\""));

    // With a second admin, an admin may give up their own rights.
    let other = second_admin(&app, &admin, "second@ma2.test", "en").await;
    let done = admin
        .post(&format!("/admin/users/{id}/admin"), &[("admin", "0")])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/"));
    assert_eq!(admins(&app, org), 1);
    assert_eq!(admin.get("/admin/users").await.status, 403);
    other.get("/admin/users").await.assert_ok();
}

async fn two_admins_giving_up_at_once_leave_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MA-3").build().await;
    let org = app.org_id("MA-3");
    let other = second_admin(&app, &admin, "second@ma3.test", "en").await;
    let (first, _) = card(&app, org, "admin@ma-3.test");
    let (second, _) = card(&app, org, "second@ma3.test");
    assert_eq!(admins(&app, org), 2);
    // Each gives up their own rights at the same moment.
    let (own1, own2) = (
        format!("/admin/users/{first}/admin"),
        format!("/admin/users/{second}/admin"),
    );
    let (p1, p2) = tokio::join!(
        admin.post(&own1, &[("admin", "0")]),
        other.post(&own2, &[("admin", "0")]),
    );
    let mut statuses = [p1.status, p2.status];
    statuses.sort();
    assert_eq!(statuses, [303, 409], "{} / {}", p1.body, p2.body);
    assert_eq!(admins(&app, org), 1);
    assert_eq!(audit_count(&app, org, "member.admin_revoked"), 1);
}

async fn two_admins_demoting_each_other_leave_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MA-4").build().await;
    let org = app.org_id("MA-4");
    let other = second_admin(&app, &admin, "second@ma4.test", "en").await;
    let (first, _) = card(&app, org, "admin@ma-4.test");
    let (second, _) = card(&app, org, "second@ma4.test");
    let (theirs, mine) = (
        format!("/admin/users/{second}/admin"),
        format!("/admin/users/{first}/admin"),
    );
    let (p1, p2) = tokio::join!(
        admin.post(&theirs, &[("admin", "0")]),
        other.post(&mine, &[("admin", "0")]),
    );
    // The second to run is no longer an admin (or would take the last admin's rights).
    let mut statuses = [p1.status, p2.status];
    statuses.sort();
    assert_eq!(statuses[0], 303, "{} / {}", p1.body, p2.body);
    assert!(
        [403, 409].contains(&statuses[1]),
        "{} / {}",
        p1.body,
        p2.body
    );
    assert_eq!(admins(&app, org), 1);
    assert_eq!(audit_count(&app, org, "member.admin_revoked"), 1);
}

async fn others_cannot_change_the_rights(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MA-5").build().await;
    let other_admin = app.org("MA-6").build().await;
    let org = app.org_id("MA-5");
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@ma5.test")
        .join(PASSWORD)
        .await;
    app.give_role("ivan@ma5.test");
    let (id, _) = card(&app, org, "ivan@ma5.test");
    let path = format!("/admin/users/{id}/admin");
    // A member who is not an admin, not even for themselves.
    assert_eq!(ivan.post(&path, &[("admin", "1")]).await.status, 403);
    assert_eq!(ivan.get(&path).await.status, 403);
    // Another organisation's admin: the card is not found.
    assert_eq!(other_admin.get(&path).await.status, 404);
    assert_eq!(other_admin.post(&path, &[("admin", "1")]).await.status, 404);
    // No CSRF token, or another session's.
    assert_eq!(admin.post_raw(&path, &[("admin", "1")]).await.status, 403);
    let foreign = other_admin.csrf();
    let forged = admin
        .post_raw(&path, &[("csrf_token", foreign.as_str()), ("admin", "1")])
        .await;
    assert_eq!(forged.status, 403);
    // A value that is not a check box's.
    assert_eq!(admin.post(&path, &[("admin", "maybe")]).await.status, 400);
    assert_eq!(admin.post(&path, &[]).await.status, 400);
    assert!(!card(&app, org, "ivan@ma5.test").1);
    assert_eq!(audit_count(&app, org, "member.admin_granted"), 0);
    // A card that is not an active member cannot be made an admin.
    let invited = app
        .member(&admin)
        .named("Olga", "Sidorova")
        .email("olga@ma5.test")
        .invite()
        .await;
    let _ = invited;
    let (olga, _) = card(&app, org, "olga@ma5.test");
    let page = admin.get(&format!("/admin/users/{olga}")).await;
    assert!(!page.body.contains("Make administrator"));
    let refused = admin
        .post(&format!("/admin/users/{olga}/admin"), &[("admin", "1")])
        .await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("is not an active member"));
    assert!(!card(&app, org, "olga@ma5.test").1);
}

both_backends!(
    grant_and_take_away,
    the_last_admin_keeps_the_rights,
    two_admins_giving_up_at_once_leave_one,
    two_admins_demoting_each_other_leave_one,
    others_cannot_change_the_rights,
);
