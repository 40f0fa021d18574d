//! What the role and department pages count, and what they say a deletion reaches: an open
//! invitation is one the invitations list shows under Queued or Pending (an expired one is not);
//! a member is an active member (a card never invited, or invited and not yet accepted, is not
//! one); deleting a role says how many open invitations it revokes because their sender loses
//! their last role, before and after. The same expiry rule holds for the invitations a member
//! sent, on the removal page and when an admin's rights are taken away.

use crate::both_backends;
use crate::platform_org_admins::statuses;
use crate::roles::{create_department, create_role, save_card};
use crate::support::app::PASSWORD;
use crate::support::pages::{create_user, flashes};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{MemberId, OrgId};
use invitely::db::schema::{invitations, members};
use regex::Regex;

/// The page's text without digit grouping or Fluent's isolation marks.
fn plain(body: &str) -> String {
    body.replace([',', '\u{a0}', '\u{202f}', '\u{2068}', '\u{2069}'], "")
}

fn card(app: &TestApp, org: OrgId, email: &str) -> MemberId {
    members::table
        .filter(members::org_id.eq(org))
        .filter(members::email.eq(email))
        .select(members::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// (members, open invitations) in the role's row of /admin/roles.
async fn role_row(admin: &Session, role: &str) -> (String, String) {
    let list = admin.get("/admin/roles").await;
    list.assert_ok();
    let row = Regex::new(&format!(
        r#"(?s)data-role="{role}">.*?<td class="num"[^>]*>(\d+)</td>\s*<td class="num"[^>]*>(\d+)</td>"#
    ))
    .unwrap();
    let c = row.captures(&list.body).expect("the role's row");
    (c[1].to_owned(), c[2].to_owned())
}

/// The count on the invitations list's tab for `status`.
async fn tab(admin: &Session, status: &str) -> u32 {
    let page = admin.get("/admin/invitations").await;
    page.assert_ok();
    let re = Regex::new(&format!(
        r#"(?s)status={status}"[^>]*>\s*<span>[^<]*</span>\s*<span class="count">(\d+)</span>"#
    ))
    .unwrap();
    re.captures(&plain(&page.body))
        .unwrap_or_else(|| panic!("the {status} tab"))[1]
        .parse()
        .unwrap()
}

/// A card offering `role` and placing its invitee in `department`, invited by the admin.
async fn invite_with(admin: &Session, email: &str, role: &str, department: &str) -> String {
    create_user(
        admin,
        &[
            ("first_name", "Invitee"),
            ("email", email),
            ("kind", "employee"),
            ("role_id", role),
            ("department_id", department),
            ("send_invitation", "1"),
        ],
    )
    .await
}

/// The invitations to these recipients expire (their lifetime passed an hour ago).
fn expire(app: &TestApp, recipients: &[&str]) {
    diesel::update(invitations::table.filter(invitations::recipient.eq_any(recipients)))
        .set(invitations::expires_at.eq(app.clock.now() - time::Duration::hours(1)))
        .execute(&mut *app.conn())
        .unwrap();
}

/// `from` sends a plain invitation to `to` from the invite form.
async fn send(from: &Session, to: &str) {
    from.get("/admin/invite").await.assert_ok();
    let sent = from
        .post("/admin/invite", &[("recipients", to), ("action", "send")])
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
}

fn contains(page: &str, what: &str) {
    assert!(plain(page).contains(what), "{what}: {page}");
}

fn lacks(page: &str, what: &str) {
    assert!(!plain(page).contains(what), "not {what}: {page}");
}

async fn expired_invitations_are_not_open(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("RC-1").admin("boss@rc1.test").build().await;
    let org = app.org_id("RC-1");
    let driver = create_role(&admin, "Driver").await;
    let depot = create_department(&admin, "Depot").await;
    // Ivan, an administrator without a role, invites too.
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@rc1.test")
        .join(PASSWORD)
        .await;
    let ivan_id = card(&app, org, "ivan@rc1.test");
    let made = admin
        .post(&format!("/admin/users/{ivan_id}/admin"), &[("admin", "1")])
        .await;
    assert_eq!(made.status, 303, "{}", made.body);

    // Sent, then their lifetime passes.
    invite_with(&admin, "olga@rc1.test", &driver, &depot).await;
    send(&ivan, "old@rc1.test").await;
    app.run_jobs().await;
    expire(&app, &["olga@rc1.test", "old@rc1.test"]);
    // Sent after: open.
    invite_with(&admin, "petr@rc1.test", &driver, &depot).await;
    send(&ivan, "new@rc1.test").await;
    app.run_jobs().await;

    // Olga's and Petr's invitations place them in Depot (the card's own department is applied
    // on acceptance; the invitation's is what the department's page counts).
    let depot_id: invitely::db::ids::DepartmentId = depot.parse().unwrap();
    diesel::update(
        invitations::table
            .filter(invitations::recipient.eq_any(["olga@rc1.test", "petr@rc1.test"])),
    )
    .set(invitations::department_id.eq(Some(depot_id)))
    .execute(&mut *app.conn())
    .unwrap();

    // The invitations list: two pending, two expired, none queued.
    assert_eq!(tab(&admin, "pending").await, 2);
    assert_eq!(tab(&admin, "expired").await, 2);
    assert_eq!(tab(&admin, "queued").await, 0);

    // The role offered by one open invitation (Petr's), not by the expired one (Olga's).
    assert_eq!(
        role_row(&admin, &driver).await,
        ("0".to_owned(), "1".to_owned())
    );
    let edit = admin.get(&format!("/admin/roles/{driver}")).await;
    contains(
        &edit.body,
        "No member holds this role yet; 1 open invitation offers it.",
    );
    let confirm = admin.get(&format!("/admin/roles/{driver}/delete")).await;
    contains(&confirm.body, "1 open invitation no longer offers it");
    let dep = admin.get(&format!("/admin/departments/{depot}")).await;
    contains(&dep.body, "1 open invitation places its invitee in it.");
    let confirm = admin
        .get(&format!("/admin/departments/{depot}/delete"))
        .await;
    contains(
        &confirm.body,
        "1 open invitation no longer places its invitee in it",
    );

    // What Ivan sent that is still open: one invitation.
    let remove = admin.get(&format!("/admin/users/{ivan_id}/remove")).await;
    remove.assert_ok();
    contains(
        &remove.body,
        "the invitation they sent that is still open is revoked",
    );

    // His rights taken: both invitations are revoked (an expired one can no longer be sent
    // again under rights he lost), the count says what was open: one.
    let taken = admin
        .post(&format!("/admin/users/{ivan_id}/admin"), &[("admin", "0")])
        .await;
    assert_eq!(taken.status, 303, "{}", taken.body);
    let page = admin.get(&format!("/admin/users/{ivan_id}")).await;
    let shown = flashes(&plain(&page.body));
    assert!(
        shown
            .iter()
            .any(|f| f.contains("1 open invitation they sent was revoked.")),
        "{shown:?}"
    );
    assert_eq!(statuses(&app, "old@rc1.test"), ["revoked"]);
    assert_eq!(statuses(&app, "new@rc1.test"), ["revoked"]);
    let audit = admin.get("/admin/audit").await;
    contains(&audit.body, "Open invitations revoked: 1");
}

async fn only_active_members_are_members(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("RC-2").admin("boss@rc2.test").build().await;
    let driver = create_role(&admin, "Driver").await;
    let depot = create_department(&admin, "Depot").await;
    // A card with the role and the department, never invited; another invited, not accepted.
    create_user(
        &admin,
        &[
            ("first_name", "Never"),
            ("email", "never@rc2.test"),
            ("kind", "employee"),
            ("role_id", &driver),
            ("department_id", &depot),
        ],
    )
    .await;
    invite_with(&admin, "olga@rc2.test", &driver, &depot).await;
    // A card made in the department and invited from the new-card form: its invitation has
    // no department of its own, and accepting places the invitee in the card's.
    create_user(
        &admin,
        &[
            ("first_name", "Card"),
            ("email", "card@rc2.test"),
            ("kind", "employee"),
            ("department_id", &depot),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;

    assert_eq!(
        role_row(&admin, &driver).await,
        ("0".to_owned(), "1".to_owned())
    );
    let edit = admin.get(&format!("/admin/roles/{driver}")).await;
    contains(
        &edit.body,
        "No member holds this role yet; 1 open invitation offers it.",
    );
    let confirm = admin.get(&format!("/admin/roles/{driver}/delete")).await;
    confirm.assert_ok();
    contains(&confirm.body, "No member holds this role.");
    contains(&confirm.body, "Nobody is left without a role.");
    lacks(&confirm.body, "restricted access");
    lacks(&confirm.body, "revoked: whoever");
    contains(
        &confirm.body,
        "1 card of someone who is not a member loses it too.",
    );
    let dep = admin.get(&format!("/admin/departments/{depot}")).await;
    contains(&dep.body, "No member is in this department yet;");
    // The cards the departments list counts are named too, as the delete page names them.
    contains(
        &dep.body,
        "3 cards of people who are not members are in it too;",
    );
    contains(&dep.body, "2 open invitations place their invitees in it.");
    let confirm = admin
        .get(&format!("/admin/departments/{depot}/delete"))
        .await;
    contains(&confirm.body, "No member is in this department.");
    contains(
        &confirm.body,
        "3 cards of people who are not members are left with no department.",
    );
    contains(
        &confirm.body,
        "2 open invitations no longer place their invitees in it",
    );

    // A member who joins and is given the role is one.
    let (ivan_id, _ivan) = crate::roles::joined(&app, &admin, "ivan@rc2.test").await;
    assert_eq!(save_card(&admin, &ivan_id, &[&driver], &depot).await, 303);
    app.run_jobs().await;
    assert_eq!(
        role_row(&admin, &driver).await,
        ("1".to_owned(), "1".to_owned())
    );
    let confirm = admin.get(&format!("/admin/roles/{driver}/delete")).await;
    contains(&confirm.body, "1 member loses this role.");
    contains(
        &confirm.body,
        "1 of them has no other role and goes back to restricted access.",
    );
    let dep = admin.get(&format!("/admin/departments/{depot}")).await;
    contains(&dep.body, "1 member is in this department;");
}

async fn deleting_a_role_says_what_it_withdraws(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("RC-3").admin("boss@rc3.test").build().await;
    let driver = create_role(&admin, "Driver").await;
    // Ivan's only role is Driver; he invites.
    let (ivan_id, ivan) = crate::roles::joined(&app, &admin, "ivan@rc3.test").await;
    assert_eq!(save_card(&admin, &ivan_id, &[&driver], "").await, 303);
    app.run_jobs().await;
    send(&ivan, "old@rc3.test").await;
    app.run_jobs().await;
    expire(&app, &["old@rc3.test"]);
    send(&ivan, "olga@rc3.test").await;
    send(&ivan, "petr@rc3.test").await;
    app.run_jobs().await;

    let confirm = admin.get(&format!("/admin/roles/{driver}/delete")).await;
    confirm.assert_ok();
    contains(
        &confirm.body,
        "2 open invitations are revoked: whoever sent them has no other role and may no longer invite.",
    );
    let deleted = admin
        .post(&format!("/admin/roles/{driver}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    let list = admin.get("/admin/roles").await;
    let shown = flashes(&plain(&list.body));
    assert!(
        shown.iter().any(|f| {
            f.contains("Driver")
            && f.contains(
                "was deleted. 2 open invitations were revoked: whoever sent them has no other role."
            )
        }),
        "{shown:?}"
    );
    for to in ["old@rc3.test", "olga@rc3.test", "petr@rc3.test"] {
        assert_eq!(statuses(&app, to), ["revoked"], "{to}");
    }

    // A role whose deletion withdraws nothing says nothing about it.
    let other = create_role(&admin, "Loader").await;
    let confirm = admin.get(&format!("/admin/roles/{other}/delete")).await;
    lacks(&confirm.body, "revoked: whoever");
}

both_backends!(
    expired_invitations_are_not_open,
    only_active_members_are_members,
    deleting_a_role_says_what_it_withdraws
);
