//! What an inviter who is not an admin may do to invitations: never replace one someone else
//! sent, and never leave one open that offers a role they no longer hold (docs/SECURITY.md B6:
//! nobody grants a role they could not grant themselves).

use crate::both_backends;
use crate::invite_form::{fields, result_for};
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{accounts, audit_events, invitations, member_roles, members};
use invitely::domain::invitations::{self as policy, InviteOptions};
use invitely::domain::{Actor, DomainError};

/// A role of the organisation, by its id.
fn add_role(app: &TestApp, number: &str, name: &str) -> i64 {
    crate::invite_form::add_role(app, number, name)
        .parse()
        .unwrap()
}

/// The id of the card with this e-mail address.
pub(crate) fn card_id(app: &TestApp, email: &str) -> i64 {
    members::table
        .filter(members::email.eq(email))
        .select(members::id)
        .first::<invitely::db::ids::MemberId>(&mut *app.conn())
        .unwrap()
        .get()
}

/// The statuses of the invitations to `address`, oldest first, with whether each makes an admin.
fn invitations_to(app: &TestApp, address: &str) -> Vec<(String, bool)> {
    invitations::table
        .filter(invitations::recipient.eq(address))
        .order(invitations::id)
        .select((invitations::status, invitations::grant_admin))
        .load(&mut *app.conn())
        .unwrap()
}

/// The invite form posted with "resend" ticked for one address.
async fn resend(session: &Session, address: &str) -> crate::support::client::Page {
    let f = fields(
        &[(address, "", "")],
        "",
        &[("resend", "1"), ("action", "send")],
    );
    session.post("/admin/invite", &f).await
}

/// A member who may invite asks to resend to someone an admin invited (as an admin): skipped,
/// and the admin's invitation stays open with its terms; their own invitation they may resend.
async fn members_resend_only_their_own_invitations(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("G-1").admin("boss@g1.test").build().await;
    let member = app
        .member(&admin)
        .named("Mia", "Member")
        .email("mia@g1.test")
        .join(PASSWORD)
        .await;
    app.give_role("mia@g1.test");
    admin.get("/admin/invite").await.assert_ok();
    let sent = admin
        .post(
            "/admin/invite",
            &fields(
                &[("zed@g1.test", "Zed", "")],
                "",
                &[("grant_admin", "1"), ("action", "send")],
            ),
        )
        .await;
    sent.assert_ok();
    app.run_jobs().await;
    assert_eq!(
        invitations_to(&app, "zed@g1.test"),
        [("pending".into(), true)]
    );

    member.get("/admin/invite").await.assert_ok();
    let page = resend(&member, "zed@g1.test").await;
    page.assert_ok();
    let result = result_for(&page.body, "zed@g1.test");
    assert!(result.contains("invited by someone else"), "{result}");
    app.run_jobs().await;
    assert_eq!(
        invitations_to(&app, "zed@g1.test"),
        [("pending".into(), true)],
        "the admin's invitation is untouched"
    );
    assert_eq!(app.emails_to("zed@g1.test").len(), 1);
    // The policy itself refuses it, whichever way of inviting asks.
    let mia = Actor {
        account_id: accounts::table
            .filter(accounts::email.eq("mia@g1.test"))
            .select(accounts::id)
            .first(&mut *app.conn())
            .unwrap(),
        request_id: "test".into(),
    };
    let zed = invitely::db::ids::MemberId::from_raw(card_id(&app, "zed@g1.test"));
    let org = app.org_id("G-1");
    let asked = policy::invite(
        &mut app.conn(),
        app.clock.now(),
        &mia,
        org,
        &[zed],
        &InviteOptions::default(),
    );
    assert!(matches!(asked, Err(DomainError::Forbidden)), "{asked:?}");

    // The same when the card's status no longer says "invited" (its last delivery failed, or a
    // skipped resend marked it so before): the admin's open invitation is still left out, with
    // its own line, and the rest of the post goes on — not the whole post refused (403).
    use invitely::db::enums::MemberStatus;
    diesel::update(members::table.filter(members::email.eq("zed@g1.test")))
        .set(members::invite_status.eq(MemberStatus::Error))
        .execute(&mut *app.conn())
        .unwrap();
    let page = member
        .post(
            "/admin/invite",
            &fields(
                &[("zed@g1.test", "", ""), ("xia@g1.test", "Xia", "")],
                "",
                &[("action", "send")],
            ),
        )
        .await;
    page.assert_ok();
    let result = result_for(&page.body, "zed@g1.test");
    assert!(result.contains("invited by someone else"), "{result}");
    assert!(result_for(&page.body, "xia@g1.test").contains("queued"));
    assert_eq!(
        invitations_to(&app, "zed@g1.test"),
        [("pending".into(), true)],
        "the admin's invitation is untouched"
    );
    app.run_jobs().await;

    // Their own invitation, the member resends.
    let first = member
        .post(
            "/admin/invite",
            &fields(&[("yan@g1.test", "Yan", "")], "", &[("action", "send")]),
        )
        .await;
    first.assert_ok();
    app.run_jobs().await;
    let page = resend(&member, "yan@g1.test").await;
    let result = result_for(&page.body, "yan@g1.test");
    assert!(result.contains("sent again"), "{result}");
    let statuses: Vec<String> = invitations_to(&app, "yan@g1.test")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(statuses, ["revoked", "queued"]);
    app.run_jobs().await;
    assert_eq!(app.emails_to("yan@g1.test").len(), 2);
}
both_backends!(members_resend_only_their_own_invitations);

/// A member who holds two roles invites one person with each; an admin takes one role away:
/// the invitation offering it is revoked (and audited), the other stays open.
async fn a_role_taken_revokes_the_invitations_offering_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("G-2").admin("boss@g2.test").build().await;
    let courier = add_role(&app, "G-2", "Courier");
    let accountant = add_role(&app, "G-2", "Accountant");
    let member = app
        .member(&admin)
        .named("Mia", "Member")
        .email("mia@g2.test")
        .join(PASSWORD)
        .await;
    let mia = card_id(&app, "mia@g2.test");
    for role in [courier, accountant] {
        diesel::insert_into(member_roles::table)
            .values((
                member_roles::member_id.eq(invitely::db::ids::MemberId::from_raw(mia)),
                member_roles::role_id.eq(invitely::db::ids::RoleId::from_raw(role)),
            ))
            .execute(&mut *app.conn())
            .unwrap();
    }
    member.get("/admin/invite").await.assert_ok();
    for (address, role) in [("acc@g2.test", accountant), ("cou@g2.test", courier)] {
        let role = role.to_string();
        member
            .post(
                "/admin/invite",
                &fields(
                    &[(address, "New", "")],
                    "",
                    &[("role_id", &role), ("action", "send")],
                ),
            )
            .await
            .assert_ok();
    }
    app.run_jobs().await;
    let link = app.invitation_link("acc@g2.test");

    let card = format!("/admin/users/{mia}");
    admin.get(&card).await.assert_ok();
    let courier = courier.to_string();
    let saved = admin
        .post(
            &card,
            &[
                ("first_name", "Mia"),
                ("last_name", "Member"),
                ("email", "mia@g2.test"),
                ("kind", "employee"),
                ("role_id", &courier),
            ],
        )
        .await;
    assert!(saved.status < 400, "{}: {}", saved.status, saved.body);

    assert_eq!(
        invitations_to(&app, "acc@g2.test"),
        [("revoked".into(), false)]
    );
    assert_eq!(
        invitations_to(&app, "cou@g2.test"),
        [("pending".into(), false)]
    );
    let audited: i64 = audit_events::table
        .filter(audit_events::details.eq(crate::org_settings::lost(
            invitely::domain::invitations::LostRight::RoleTaken,
        )))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(audited, 1);
    let page = app.session().get(&link).await;
    assert_eq!(page.status, 410, "{}", page.body);
}
both_backends!(a_role_taken_revokes_the_invitations_offering_it);
