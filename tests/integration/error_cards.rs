//! A card in error because an invitation could not reach it (here: the platform sends by e-mail
//! only and the card has only a phone) gets out of the error once its contact is fixed: on its
//! page, the error is cleared and the card is "not invited" again; in a CSV import with "Send
//! invitation", a row that brings the e-mail invites it, and the review counts it. A row that
//! changes nothing leaves it alone.

use crate::both_backends;
use crate::import::{commit, upload};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{MemberStatus, Reason};
use invitely::db::ids::MemberId;
use invitely::db::schema::members;
use invitely::domain::settings;

fn card(app: &TestApp, id: &str) -> (MemberStatus, Option<String>) {
    members::table
        .find(MemberId::from_raw(id.parse().unwrap()))
        .select((members::invite_status, members::invite_error))
        .first(&mut app.conn())
        .unwrap()
}

/// A phone-only card, sent an invitation the platform cannot send: in error.
async fn card_in_error(app: &TestApp, admin: &Session, first: &str, phone: &str) -> String {
    let id = app
        .member(admin)
        .named(first, "Phone")
        .phone(phone)
        .create()
        .await;
    admin.get("/admin/users").await.assert_ok();
    let sent = admin
        .post("/admin/users/invite", &[("user_id", id.as_str())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let why = Reason::NoEmailEmailOnly.as_str().to_owned();
    assert_eq!(card(app, &id), (MemberStatus::Error, Some(why)));
    id
}

/// The number of invitations the review says the file would send.
fn demand_on(body: &str) -> i64 {
    let at = body.find("data-demand=\"").expect("the figures");
    let rest = &body[at + "data-demand=\"".len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

async fn a_fixed_contact_takes_the_card_out_of_error(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("ERR-1").build().await;
    settings::set(
        &mut app.conn(),
        settings::Key::VerificationMethod,
        settings::VerificationMethod::EmailOnly.as_str(),
    )
    .unwrap();

    // On the card's page — whose hint says where invitations go on this platform.
    let quinn = card_in_error(&app, &admin, "Quinn", "+79051111111").await;
    let page = admin.get(&format!("/admin/users/{quinn}")).await;
    page.assert_ok();
    let email_only =
        "The invitation goes to the e-mail address: this platform sends invitations by e-mail only.";
    assert!(page.body.contains(email_only), "{}", page.body);
    assert!(!page.body.contains("by SMS to the phone"), "{}", page.body);
    let form = admin.get("/admin/invite").await;
    assert!(form.body.contains(email_only), "{}", form.body);
    let saved = admin
        .post(
            &format!("/admin/users/{quinn}"),
            &[("email", "quinn@err1.test")],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(card(&app, &quinn), (MemberStatus::NotInvited, None));

    // In an import: a row that changes nothing is not counted and invites nobody…
    let pat = card_in_error(&app, &admin, "Pat", "+79052222222").await;
    let same = upload(&admin, b"phone,position\n+79052222222,Driver\n", true).await;
    let page = admin.get(&same).await;
    assert_eq!(demand_on(&page.body), 0, "{}", page.body);
    commit(&app, &admin, &same, &[]).await;
    assert_eq!(card(&app, &pat).0, MemberStatus::Error);
    // … one that brings the e-mail is counted and invites it.
    let fixed = upload(&admin, b"phone,email\n+79052222222,pat@err1.test\n", true).await;
    let page = admin.get(&fixed).await;
    assert_eq!(demand_on(&page.body), 1, "{}", page.body);
    commit(&app, &admin, &fixed, &[]).await;
    assert_eq!(app.emails_to("pat@err1.test").len(), 1);
    assert_eq!(card(&app, &pat), (MemberStatus::Invited, None));
}
both_backends!(a_fixed_contact_takes_the_card_out_of_error);
