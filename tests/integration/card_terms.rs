//! An admin's edit of a card is the last word on what the person invited gets: the card of
//! someone invited with a role and a department shows them, and when the admin takes the role
//! away and moves the card to another department, neither accepting the invitation nor a
//! resend brings the old terms back (acceptance re-applied the invitation's roles and
//! department over the edit).

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{DepartmentId, InvitationId, MemberId, RoleId};
use invitely::db::schema::{invitation_roles, invitations, member_roles, members};

fn member_of(app: &TestApp, email: &str) -> MemberId {
    members::table
        .filter(members::email.eq(email))
        .select(members::id)
        .first(&mut *app.conn())
        .unwrap()
}

fn roles_of(app: &TestApp, id: MemberId) -> Vec<RoleId> {
    member_roles::table
        .filter(member_roles::member_id.eq(id))
        .select(member_roles::role_id)
        .load(&mut *app.conn())
        .unwrap()
}

fn department_of(app: &TestApp, id: MemberId) -> Option<DepartmentId> {
    members::table
        .find(id)
        .select(members::department_id)
        .first(&mut *app.conn())
        .unwrap()
}

/// The roles and department the card's latest invitation offers.
fn offered(app: &TestApp, id: MemberId) -> (Vec<RoleId>, Option<DepartmentId>) {
    let (inv, dep): (InvitationId, Option<DepartmentId>) = invitations::table
        .filter(invitations::member_id.eq(id))
        .order(invitations::id.desc())
        .select((invitations::id, invitations::department_id))
        .first(&mut *app.conn())
        .unwrap();
    let roles = invitation_roles::table
        .filter(invitation_roles::invitation_id.eq(inv))
        .select(invitation_roles::role_id)
        .load(&mut *app.conn())
        .unwrap();
    (roles, dep)
}

fn ticked_roles(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let ticked = scraper::Selector::parse("input[name=role_id][checked]").unwrap();
    html.select(&ticked)
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect()
}

async fn the_cards_edit_wins(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CT-1").admin("boss@ct1.test").build().await;
    app.run_jobs().await;
    let driver = crate::roles::create_role(&admin, "Driver").await;
    let depot = crate::roles::create_department(&admin, "Depot").await;
    let ops = crate::roles::create_department(&admin, "Ops").await;
    admin.get("/admin/invite").await.assert_ok();
    for (email, first) in [("dana@ct1.test", "Dana"), ("egor@ct1.test", "Egor")] {
        let sent = admin
            .post(
                "/admin/invite",
                &crate::invite_form::fields(
                    &[(email, first, "Lee")],
                    "",
                    &[
                        ("role_id", driver.as_str()),
                        ("department_id", depot.as_str()),
                        ("action", "send"),
                    ],
                ),
            )
            .await;
        sent.assert_ok();
    }
    app.run_jobs().await;
    let dana = member_of(&app, "dana@ct1.test");

    // The card shows what accepting will give: the role ticked, the department chosen.
    let card = admin.get(&format!("/admin/users/{dana}")).await;
    card.assert_ok();
    assert_eq!(ticked_roles(&card.body), [driver.as_str()], "{}", card.body);
    let html = scraper::Html::parse_document(&card.body);
    let chosen = scraper::Selector::parse("select[name=department_id] option[selected]").unwrap();
    let chosen: Vec<&str> = html
        .select(&chosen)
        .filter_map(|e| e.value().attr("value"))
        .collect();
    assert_eq!(chosen, [depot.as_str()], "{}", card.body);

    // The admin takes the role away and moves the card to Ops; the person then accepts.
    assert_eq!(
        crate::roles::save_card(&admin, &dana.to_string(), &[], &ops).await,
        303
    );
    app.accept(&app.invitation_link("dana@ct1.test"), PASSWORD)
        .await;
    assert_eq!(roles_of(&app, dana), [], "the role taken away stays away");
    assert_eq!(department_of(&app, dana), Some(ops.parse().unwrap()));

    // Egor: the role taken away on the card, then a resend from the users table (no new
    // terms: it repeats the last invitation's) offers none.
    let egor = member_of(&app, "egor@ct1.test");
    assert_eq!(
        crate::roles::save_card(&admin, &egor.to_string(), &[], &ops).await,
        303
    );
    admin.get("/admin/users").await.assert_ok();
    let resent = admin
        .post("/admin/users/invite", &[("user_id", &egor.to_string())])
        .await;
    assert_eq!(resent.status, 303, "{}", resent.body);
    assert_eq!(offered(&app, egor), (vec![], Some(ops.parse().unwrap())));
    app.run_jobs().await;
    let card = admin.get(&format!("/admin/users/{egor}")).await;
    assert!(ticked_roles(&card.body).is_empty(), "{}", card.body);
}

both_backends!(the_cards_edit_wins);

/// Someone who was an admin, left, and is invited again with a plain invitation (no terms in
/// the form) is invited as a plain member: the accepted invitation's admin right is not carried
/// to the next one (it was, and accepting made them an admin again).
async fn a_new_invitation_after_leaving_carries_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CT-2").admin("boss@ct2.test").build().await;
    app.run_jobs().await;
    let second = crate::leaving::second_admin(&app, &admin, "bob@ct2.test", "en").await;
    let bob = member_of(&app, "bob@ct2.test");
    let org: invitely::db::ids::OrgId = members::table
        .find(bob)
        .select(members::org_id)
        .first(&mut *app.conn())
        .unwrap();
    let left = crate::leaving::leave(&second, org).await;
    assert_eq!(left.status, 303, "{}", left.body);
    app.run_jobs().await;

    admin.get("/admin/invite").await.assert_ok();
    let sent = admin
        .post(
            "/admin/invite",
            &[("recipients", "bob@ct2.test"), ("action", "send")],
        )
        .await;
    sent.assert_ok();
    let granted: bool = invitations::table
        .filter(invitations::member_id.eq(bob))
        .order(invitations::id.desc())
        .select(invitations::grant_admin)
        .first(&mut *app.conn())
        .unwrap();
    assert!(!granted, "the new invitation makes nobody an admin");
    app.run_jobs().await;
    crate::leaving::accept_existing(&app, &app.invitation_link("bob@ct2.test"), "bob@ct2.test")
        .await;
    let is_admin: bool = members::table
        .find(bob)
        .select(members::is_admin)
        .first(&mut *app.conn())
        .unwrap();
    assert!(!is_admin, "back as a member, not an admin");
}

both_backends!(a_new_invitation_after_leaving_carries_nothing);

/// A card saved as it is says so (it said "The changes were saved." in green and recorded a
/// "User changed" with nothing in it); a real change is saved and recorded.
async fn a_card_saved_as_it_is_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CT-3").admin("boss@ct3.test").build().await;
    let card = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@ct3.test")
        .create()
        .await;
    let updates = || -> i64 {
        use invitely::db::schema::audit_events;
        audit_events::table
            .filter(audit_events::action.eq("member.updated"))
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    let before = updates();
    assert_eq!(crate::roles::save_card(&admin, &card, &[], "").await, 303);
    let page = admin.get(&format!("/admin/users/{card}")).await;
    assert!(
        page.body.contains("flash-info") && page.body.contains("Nothing was changed"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("The changes were saved."));
    assert_eq!(updates(), before, "nothing recorded");

    let depot = crate::roles::create_department(&admin, "Depot").await;
    assert_eq!(
        crate::roles::save_card(&admin, &card, &[], &depot).await,
        303
    );
    let page = admin.get(&format!("/admin/users/{card}")).await;
    assert!(
        page.body.contains("The changes were saved."),
        "{}",
        page.body
    );
    assert_eq!(updates(), before + 1);
}

both_backends!(a_card_saved_as_it_is_changes_nothing);
