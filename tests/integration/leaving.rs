//! Leaving an organisation (`/account/leave/{org_id}`, two confirmations, docs/PRODUCT.md
//! §2.13) and an admin removing a member (`/admin/users/{id}/remove`): what each takes away,
//! that access ends on every session at once, where the person lands afterwards, the e-mail to
//! the organisation's admins (real SMTP sink, both languages), the last admin (also under two
//! admins leaving in parallel), re-inviting a removed member, and other organisations' ids.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::flashes;
use crate::support::{mime, Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{AccountId, MemberId, OrgId};
use invitely::db::schema::{audit_events, invitations, member_roles, members};

/// (card id, account, status, admin) of the card with this address in the organisation.
fn card(app: &TestApp, org: OrgId, email: &str) -> (MemberId, Option<AccountId>, String, bool) {
    members::table
        .filter(members::org_id.eq(org))
        .filter(members::email.eq(email))
        .select((
            members::id,
            members::account_id,
            diesel::dsl::sql::<diesel::sql_types::Text>("invite_status"),
            members::is_admin,
        ))
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

fn active_admins(app: &TestApp, org: OrgId) -> i64 {
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

/// Invites `email` as an administrator through the invite form and accepts in `lang`; returns
/// the new admin's session.
pub async fn second_admin(app: &TestApp, admin: &Session, email: &str, lang: &str) -> Session {
    admin.get("/admin/invite").await.assert_ok();
    let page = admin
        .post(
            "/admin/invite",
            &[
                ("recipients", email),
                ("grant_admin", "1"),
                ("action", "send"),
            ],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    app.run_jobs().await;
    let link = app.invitation_link(email);
    let s = app.session();
    s.get("/login").await;
    if lang != "en" {
        assert_eq!(
            s.post("/lang", &[("lang", lang), ("back", "/")])
                .await
                .status,
            303
        );
    }
    s.get(&link).await.assert_ok();
    let page = s
        .post(
            &link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "Second"),
                ("last_name", "Admin"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.run_jobs().await;
    s.get("/").await.assert_ok();
    s
}

/// Accepts an invitation link with an existing account.
pub async fn accept_existing(app: &TestApp, link: &str, email: &str) {
    let s = app.session();
    s.get(link).await.assert_ok();
    let page = s
        .post(link, &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.expect_welcome(email).await;
}

/// The admin invites `email` (an existing account) to their organisation; it accepts.
pub async fn join_existing(app: &TestApp, admin: &Session, email: &str) {
    let invited = app.member(admin).email(email).invite().await;
    accept_existing(app, &invited.link, email).await;
}

async fn leave_step(s: &Session, org: OrgId, fields: &[(&str, &str)]) -> Page {
    s.post(&format!("/account/leave/{org}"), fields).await
}

/// Both confirmations, as the pages send them.
pub async fn leave(s: &Session, org: OrgId) -> Page {
    let path = format!("/account/leave/{org}");
    s.get(&path).await.assert_ok();
    leave_step(s, org, &[("step", "confirm")]).await.assert_ok();
    leave_step(s, org, &[("step", "final"), ("understood", "1")]).await
}

async fn two_confirmations_and_access_ends_everywhere(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-1").build().await;
    let org = app.org_id("L-1");
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@l1.test")
        .join(PASSWORD)
        .await;
    app.give_role("ivan@l1.test");
    // Ivan invites Olga: his open invitation is revoked when he leaves.
    ivan.get("/admin/invite").await.assert_ok();
    let sent = ivan
        .post(
            "/admin/invite",
            &[("recipients", "olga@l1.test"), ("action", "send")],
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    app.run_jobs().await;
    let second = app.login("ivan@l1.test", PASSWORD).await;
    second.get("/admin/invite").await.assert_ok();

    let path = format!("/account/leave/{org}");
    let first = ivan.get(&path).await;
    first.assert_ok();
    assert!(first.body.contains("Step 1 of 2"), "{}", first.body);
    assert!(first.body.contains("value=\"confirm\""));
    // Neither a plain POST, nor the first confirmation, nor the final one without the box
    // changes anything.
    let plain = leave_step(&ivan, org, &[]).await;
    plain.assert_ok();
    assert!(plain.body.contains("Step 2 of 2"), "{}", plain.body);
    let confirm = leave_step(&ivan, org, &[("step", "confirm"), ("understood", "1")]).await;
    confirm.assert_ok();
    for what in [
        "Leave Org L-1 (customer number L-1)?",
        "you lose all access to Org L-1",
        "you lose your roles in it: Staff",
        "the invitation you sent that is still open is revoked",
        "value=\"final\"",
    ] {
        assert!(confirm.body.contains(what), "{what}: {}", confirm.body);
    }
    let unticked = leave_step(&ivan, org, &[("step", "final")]).await;
    assert_eq!(unticked.status, 422, "{}", unticked.body);
    assert!(unticked.body.contains("Tick the box to confirm"));
    // The box read as every check box is: "off" is unticked, an unknown word refused.
    let off = leave_step(&ivan, org, &[("step", "final"), ("understood", "off")]).await;
    assert_eq!(off.status, 422, "{}", off.body);
    let odd = leave_step(&ivan, org, &[("step", "final"), ("understood", "maybe")]).await;
    assert_eq!(odd.status, 400, "{}", odd.body);
    let (id, account, status, _) = card(&app, org, "ivan@l1.test");
    assert_eq!((status.as_str(), account.is_some()), ("active", true));
    second.get("/admin/invite").await.assert_ok();

    let done = leave_step(&ivan, org, &[("step", "final"), ("understood", "on")]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/account/none"));
    let none = ivan.get("/account/none").await;
    none.assert_ok();
    assert!(none.body.contains("You have left Org L-1"), "{}", none.body);
    // The confirmation sent again (a double click, or from the browser's history) is answered
    // as done, in the browser that left.
    let again = leave_step(&ivan, org, &[("step", "final"), ("understood", "on")]).await;
    assert_eq!(
        (again.status, again.location.as_deref()),
        (303, Some("/")),
        "{}",
        again.body
    );
    assert_eq!(ivan.get(&path).await.location.as_deref(), Some("/"));
    let said = ivan.get_follow("/").await;
    assert!(
        said.body
            .contains("You have already left that organisation."),
        "{}",
        said.body
    );
    // Both sessions lost the organisation at once.
    for s in [&ivan, &second] {
        assert_eq!(
            s.get("/admin/invite").await.location.as_deref(),
            Some("/orgs")
        );
        assert_eq!(s.get("/").await.location.as_deref(), Some("/account/none"));
        assert_eq!(
            s.get("/orgs").await.location.as_deref(),
            Some("/account/none")
        );
    }
    // Elsewhere it was never left: not found, as any organisation not one's own.
    assert_eq!(second.get(&path).await.status, 404);
    let none = ivan.get("/account/none").await;
    none.assert_ok();
    assert!(none.body.contains("cannot be deleted automatically"));
    assert!(none.body.contains("ivan@l1.test"));
    assert!(none.body.contains("action=\"/logout\"") && none.body.contains("action=\"/lang\""));
    // The card stays, detached, not invited, without roles; Olga's link is dead.
    let (same, account, status, _) = card(&app, org, "ivan@l1.test");
    assert_eq!((same, account, status.as_str()), (id, None, "not_invited"));
    let roles: i64 = member_roles::table
        .filter(member_roles::member_id.eq(id))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(roles, 0);
    let olga: String = invitations::table
        .filter(invitations::recipient.eq("olga@l1.test"))
        .select(diesel::dsl::sql::<diesel::sql_types::Text>("status"))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(olga, "revoked");
    assert_eq!(audit_count(&app, org, "member.left"), 1);
    // The admin is told, over SMTP.
    app.run_jobs().await;
    let mail = app.emails_to("admin@l-1.test").pop().unwrap();
    let subject = mime::header(&mail.data, "Subject").unwrap();
    assert!(subject.contains("left Org L-1"), "{subject}");
    let text = mime::part(&mail.data, "text/plain").unwrap();
    assert!(text.contains("ivan@l1.test"), "{text}");
    assert!(text.contains(&format!("/admin/users/{id}")), "{text}");
    // The audit page shows the departure.
    // (In the trail's rows: the filter above them lists every action's label.)
    let audit = admin.get("/admin/audit").await;
    audit.assert_ok();
    let rows = &audit.body[audit.body.find("<table").expect("the trail's table")..];
    assert!(
        rows.contains("<td>Member left the organisation</td>"),
        "{rows}"
    );
}

async fn where_you_land_after_leaving(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = app.org("L-A").build().await;
    let b = app.org("L-B").build().await;
    let c = app.org("L-C").build().await;
    let ivan = app.member(&a).email("ivan@l.test").join(PASSWORD).await;
    join_existing(&app, &b, "ivan@l.test").await;
    join_existing(&app, &c, "ivan@l.test").await;
    let (oa, ob, oc) = (app.org_id("L-A"), app.org_id("L-B"), app.org_id("L-C"));
    // Three → two left: choose one.
    let page = leave(&ivan, oa).await;
    assert_eq!(page.location.as_deref(), Some("/orgs"), "{}", page.body);
    let orgs = ivan.get("/orgs").await;
    orgs.assert_ok();
    assert!(orgs.body.contains("You have left Org L-A"));
    assert!(!orgs.body.contains("action=\"/orgs/{oa}/switch\""));
    assert!(orgs.body.contains(&format!("action=\"/orgs/{ob}/switch\"")));
    // Two → one left: its home.
    let page = leave(&ivan, ob).await;
    assert_eq!(page.location.as_deref(), Some("/"));
    let home = ivan.get("/").await;
    home.assert_ok();
    assert!(home.body.contains("Org L-C"), "{}", home.body);
    assert!(home.body.contains("You have left Org L-B"));
    // One → none.
    let page = leave(&ivan, oc).await;
    assert_eq!(page.location.as_deref(), Some("/account/none"));
    ivan.get("/account/none").await.assert_ok();
    app.run_jobs().await;
    for (admin, n) in [("admin@l-a.test", "L-A"), ("admin@l-c.test", "L-C")] {
        let mails = app.emails_to(admin);
        assert!(
            mails.iter().any(|m| mime::header(&m.data, "Subject")
                .is_some_and(|s| s.contains(&format!("left Org {n}")))),
            "{admin}"
        );
    }
    // A signed-in member with organisations is sent home from the "none" page.
    assert_eq!(a.get("/account/none").await.location.as_deref(), Some("/"));
}

async fn the_last_admin_cannot_leave(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-2").build().await;
    let org = app.org_id("L-2");
    let page = admin.get(&format!("/account/leave/{org}")).await;
    page.assert_ok();
    assert!(page
        .body
        .contains("You are the only administrator of Org L-2"));
    assert!(page
        .body
        .contains("Make them administrators of the organisation"));
    assert!(page.body.contains("href=\"/admin/invite\""));
    assert!(!page.body.contains("value=\"confirm\""), "no way forward");
    let refused = leave_step(&admin, org, &[("step", "final"), ("understood", "1")]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("You are the only administrator"));
    assert_eq!(active_admins(&app, org), 1);
    admin.get("/admin/users").await.assert_ok();
    assert_eq!(audit_count(&app, org, "member.left"), 0);
}

async fn two_admins_leaving_at_once_leave_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-3").build().await;
    let org = app.org_id("L-3");
    let other = second_admin(&app, &admin, "second@l3.test", "en").await;
    assert_eq!(active_admins(&app, org), 2);
    for s in [&admin, &other] {
        s.get(&format!("/account/leave/{org}")).await.assert_ok();
    }
    let fields = [("step", "final"), ("understood", "1")];
    let (p1, p2) = tokio::join!(
        leave_step(&admin, org, &fields),
        leave_step(&other, org, &fields)
    );
    let mut statuses = [p1.status, p2.status];
    statuses.sort();
    assert_eq!(statuses, [303, 409], "{} / {}", p1.body, p2.body);
    assert_eq!(active_admins(&app, org), 1);
    assert_eq!(audit_count(&app, org, "member.left"), 1);
    // The one who stayed is told.
    app.run_jobs().await;
    let stayed = if p1.status == 409 {
        "admin@l-3.test"
    } else {
        "second@l3.test"
    };
    assert!(app
        .emails_to(stayed)
        .iter()
        .any(|m| mime::header(&m.data, "Subject").is_some_and(|s| s.contains("left Org L-3"))));
}

async fn admins_are_told_in_their_own_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-4").build().await;
    let org = app.org_id("L-4");
    second_admin(&app, &admin, "vtoroy@l4.test", "ru").await;
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@l4.test")
        .join(PASSWORD)
        .await;
    assert_eq!(leave(&ivan, org).await.status, 303);
    assert_eq!(app.run_jobs().await, 2, "one message per admin");
    let card_link = regex::Regex::new(r"/admin/users/\d+").unwrap();
    for (to, lang) in [("admin@l-4.test", "en"), ("vtoroy@l4.test", "ru")] {
        let mail = app
            .emails_to(to)
            .into_iter()
            .find(|m| {
                mime::header(&m.data, "Message-ID").is_some_and(|i| i.contains("<member-left-"))
            })
            .unwrap_or_else(|| panic!("no notice to {to}"));
        let mut out = String::new();
        for name in ["From", "To", "Subject"] {
            if let Some(v) = mime::header(&mail.data, name) {
                out.push_str(&format!("{name}: {v}\n"));
            }
        }
        for kind in ["text/plain", "text/html"] {
            let body = mime::part(&mail.data, kind).unwrap();
            out.push_str(&format!("\n----- {kind} -----\n{}\n", body.trim_end()));
        }
        let out = out.replace(&app.base, "[base-url]");
        let out = card_link
            .replace_all(&out, "/admin/users/[id]")
            .into_owned();
        if lang == "ru" {
            assert!(out.contains("покинул(а)"), "{out}");
        } else {
            assert!(
                out.contains("Ivan Petrov (ivan@l4.test) has left Org L-4"),
                "{out}"
            );
        }
        if backend == Backend::Sqlite {
            insta::assert_snapshot!(format!("member_left.{lang}"), out);
        }
    }
}

async fn admin_removes_a_member_who_can_be_invited_again(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-5").build().await;
    let other_org = app.org("L-6").build().await;
    let org = app.org_id("L-5");
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@l5.test")
        .join(PASSWORD)
        .await;
    join_existing(&app, &other_org, "ivan@l5.test").await;
    app.give_role("ivan@l5.test");
    let switch = ivan.post(&format!("/orgs/{org}/switch"), &[]).await;
    assert_eq!(switch.status, 303);
    ivan.get("/admin/invite").await.assert_ok();
    let second = app.login("ivan@l5.test", PASSWORD).await;
    second.post(&format!("/orgs/{org}/switch"), &[]).await;
    second.get("/admin/invite").await.assert_ok();
    let (id, account, _, _) = card(&app, org, "ivan@l5.test");

    let card_page = admin.get(&format!("/admin/users/{id}")).await;
    card_page.assert_ok();
    assert!(card_page
        .body
        .contains(&format!("href=\"/admin/users/{id}/remove\"")));
    assert!(card_page.body.contains("Remove from organisation"));
    let confirm = admin.get(&format!("/admin/users/{id}/remove")).await;
    confirm.assert_ok();
    assert!(confirm
        .body
        .contains("Remove Ivan Petrov from the organisation"));
    assert!(confirm.body.contains("they lose their roles: Staff"));
    assert!(confirm.body.contains("they keep their account"));
    let done = admin.post(&format!("/admin/users/{id}/remove"), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location, Some(format!("/admin/users/{id}")));
    let shown = admin.get(&format!("/admin/users/{id}")).await;
    assert!(shown
        .body
        .contains("Ivan Petrov was removed from the organisation"));
    assert_eq!(audit_count(&app, org, "member.removed"), 1);
    let (_, gone, status, _) = card(&app, org, "ivan@l5.test");
    assert_eq!((gone, status.as_str()), (None, "not_invited"));
    // Both of Ivan's sessions lost this organisation at once and keep the other one.
    for s in [&ivan, &second] {
        assert_eq!(
            s.get("/admin/invite").await.location.as_deref(),
            Some("/orgs")
        );
        let home = s.get_follow("/").await;
        home.assert_ok();
        assert!(home.body.contains("Org L-6"), "{}", home.body);
        // Told once why the organisation went away.
        assert_eq!(
            flashes(&home.body),
            ["You are no longer a member of Org L-5, so its pages are closed to you."]
        );
        assert!(flashes(&s.get_follow("/").await.body).is_empty());
    }
    // Removing again: no longer a member.
    let again = admin.post(&format!("/admin/users/{id}/remove"), &[]).await;
    assert_eq!(again.status, 409);
    // Invited again, accepted with the same account: active again.
    let resent = admin
        .post("/admin/users/invite", &[("user_id", &id.to_string())])
        .await;
    assert_eq!(resent.status, 303, "{}", resent.body);
    app.run_jobs().await;
    let link = app.invitation_link("ivan@l5.test");
    accept_existing(&app, &link, "ivan@l5.test").await;
    let (_, back, status, _) = card(&app, org, "ivan@l5.test");
    assert_eq!((back, status.as_str()), (account, "active"));
    let fresh = app.login("ivan@l5.test", PASSWORD).await;
    assert!(fresh
        .get("/orgs")
        .await
        .body
        .contains(&format!("action=\"/orgs/{org}/switch\"")));
}

async fn admins_cannot_remove_themselves_or_the_last_admin(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-7").build().await;
    let org = app.org_id("L-7");
    let (own, ..) = card(&app, org, "admin@l-7.test");
    let page = admin.get(&format!("/admin/users/{own}/remove")).await;
    page.assert_ok();
    assert!(page.body.contains("You cannot remove yourself here"));
    assert!(!page.body.contains("method=\"post\" action=\"/admin/users/"));
    let refused = admin.post(&format!("/admin/users/{own}/remove"), &[]).await;
    assert_eq!(refused.status, 409);
    assert_eq!(active_admins(&app, org), 1);
    // A second admin may remove the first, not the other way round once alone.
    let other = second_admin(&app, &admin, "second@l7.test", "en").await;
    let (second_id, ..) = card(&app, org, "second@l7.test");
    let removed = other.post(&format!("/admin/users/{own}/remove"), &[]).await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    assert_eq!(removed.location, Some(format!("/admin/users/{own}")));
    assert_eq!(active_admins(&app, org), 1);
    let gone = admin.get("/admin/users").await;
    assert_eq!(gone.status, 303, "no longer admin: {}", gone.body);
    let alone = other
        .post(&format!("/admin/users/{second_id}/remove"), &[])
        .await;
    assert_eq!(alone.status, 409);
    // A card that is not a member has nothing to remove.
    let plain = app.member(&other).email("plain@l7.test").create().await;
    let page = other.get(&format!("/admin/users/{plain}/remove")).await;
    page.assert_ok();
    assert!(page.body.contains("is not an active member"));
}

async fn other_organisations_ids_are_not_found(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = app.org("L-8").build().await;
    let b = app.org("L-9").build().await;
    let (oa, ob) = (app.org_id("L-8"), app.org_id("L-9"));
    let bob = app.member(&b).email("bob@l9.test").join(PASSWORD).await;
    let (bob_card, ..) = card(&app, ob, "bob@l9.test");
    // An admin of A cannot see or remove B's member.
    let path = format!("/admin/users/{bob_card}/remove");
    assert_eq!(a.get(&path).await.status, 404);
    a.get("/admin/users").await.assert_ok();
    assert_eq!(a.post(&path, &[]).await.status, 404);
    // Bob cannot leave A (not a member), nor an unknown organisation.
    for org in [oa.to_string(), "999999".to_owned()] {
        let path = format!("/account/leave/{org}");
        assert_eq!(bob.get(&path).await.status, 404);
        bob.get("/").await;
        let p = bob
            .post(&path, &[("step", "final"), ("understood", "1")])
            .await;
        assert_eq!(p.status, 404);
    }
    let (_, account, status, _) = card(&app, ob, "bob@l9.test");
    assert_eq!((account.is_some(), status.as_str()), (true, "active"));
    // Signed out: to the sign-in page.
    let anon = app.session();
    assert_eq!(anon.get(&format!("/account/leave/{ob}")).await.status, 303);
}

both_backends!(
    two_confirmations_and_access_ends_everywhere,
    where_you_land_after_leaving,
    the_last_admin_cannot_leave,
    two_admins_leaving_at_once_leave_one,
    admins_are_told_in_their_own_language,
    admin_removes_a_member_who_can_be_invited_again,
    admins_cannot_remove_themselves_or_the_last_admin,
    other_organisations_ids_are_not_found,
);
