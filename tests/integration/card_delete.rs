//! An admin deletes a card that never became a member (a mistyped address): a confirmation
//! page saying what goes, then the card and its invitations are gone — a sent link stops
//! working, a queued one is never sent — and the trail keeps who deleted whom. A member's card
//! is refused (removed from the organisation first); another organisation's is not found.

use crate::account::audit_count;
use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::flashes;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::MemberId;
use invitely::db::schema::{invitations, members};

fn card_of(app: &TestApp, email: &str) -> Option<MemberId> {
    members::table
        .filter(members::email.eq(email))
        .select(members::id)
        .first(&mut *app.conn())
        .optional()
        .unwrap()
}

fn invitations_to(app: &TestApp, email: &str) -> i64 {
    invitations::table
        .filter(invitations::recipient.eq(email))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

async fn a_card_that_never_joined_is_deleted_with_its_invitations(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("DEL-1").admin("boss@del1.test").build().await;
    let typo = app
        .member(&admin)
        .named("Ivan", "Typo")
        .email("ivan@exmaple.test")
        .invite()
        .await;
    let card = admin.get(&format!("/admin/users/{}", typo.id)).await;
    assert!(card.body.contains("Delete this user"), "{}", card.body);
    let confirm = admin.get(&format!("/admin/users/{}/delete", typo.id)).await;
    confirm.assert_ok();
    for said in [
        "Delete Ivan Typo?",
        "ivan@exmaple.test",
        "Its invitation and the invitation&#39;s history",
        "The open invitation&#39;s link stops working at once",
    ] {
        assert!(confirm.body.contains(said), "{said}: {}", confirm.body);
    }
    let done = admin
        .post(&format!("/admin/users/{}/delete", typo.id), &[])
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some("/admin/users"),
        "{}",
        done.body
    );
    let list = admin.get("/admin/users").await;
    assert_eq!(
        flashes(&list.body),
        ["Ivan Typo (ivan@exmaple.test) was deleted."]
    );
    assert_eq!(card_of(&app, "ivan@exmaple.test"), None);
    assert_eq!(invitations_to(&app, "ivan@exmaple.test"), 0);
    assert_eq!(
        app.session().get(&typo.link).await.status,
        404,
        "the link is dead"
    );
    let subject = format!("member:{}", typo.id);
    assert_eq!(audit_count(&app, "member.deleted", &subject), 1);
    let trail = admin.get("/admin/audit").await;
    assert!(trail.body.contains("User deleted"), "{}", trail.body);
    assert!(
        trail
            .body
            .contains("Ivan Typo (ivan@exmaple.test) (invitations deleted with it: 1)"),
        "{}",
        trail.body
    );

    // A queued invitation is never sent.
    let queued = app
        .member(&admin)
        .named("Olga", "Queued")
        .email("olga@exmaple.test")
        .invited()
        .create()
        .await;
    admin
        .get(&format!("/admin/users/{queued}/delete"))
        .await
        .assert_ok();
    admin
        .post(&format!("/admin/users/{queued}/delete"), &[])
        .await;
    app.run_jobs().await;
    assert!(app.emails_to("olga@exmaple.test").is_empty());

    // A member's card is refused; another organisation's is not found.
    app.member(&admin)
        .named("Vera", "Member")
        .email("vera@del1.test")
        .join(PASSWORD)
        .await;
    let vera = card_of(&app, "vera@del1.test").unwrap();
    let page = admin.get(&format!("/admin/users/{vera}")).await;
    assert!(!page.body.contains("Delete this user"), "{}", page.body);
    let refused = admin.get(&format!("/admin/users/{vera}/delete")).await;
    assert!(
        refused.body.contains("is a member of the organisation"),
        "{}",
        refused.body
    );
    let posted = admin
        .post(&format!("/admin/users/{vera}/delete"), &[])
        .await;
    assert_eq!(posted.status, 409, "{}", posted.body);
    assert_eq!(card_of(&app, "vera@del1.test"), Some(vera));
    // Nor, once removed from the organisation, is the card of a former member: it is the
    // organisation's record of them.
    admin
        .get(&format!("/admin/users/{vera}/remove"))
        .await
        .assert_ok();
    let removed = admin
        .post(&format!("/admin/users/{vera}/remove"), &[])
        .await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    let former = admin.get(&format!("/admin/users/{vera}/delete")).await;
    assert!(
        former.body.contains("was a member of the organisation"),
        "{}",
        former.body
    );
    let posted = admin
        .post(&format!("/admin/users/{vera}/delete"), &[])
        .await;
    assert_eq!(posted.status, 409, "{}", posted.body);
    assert_eq!(card_of(&app, "vera@del1.test"), Some(vera));
    let other = app.org("DEL-2").build().await;
    let theirs = app.member(&other).email("x@del2.test").create().await;
    assert_eq!(
        admin
            .get(&format!("/admin/users/{theirs}/delete"))
            .await
            .status,
        404
    );
    admin.get("/admin/users").await;
    assert_eq!(
        admin
            .post(&format!("/admin/users/{theirs}/delete"), &[])
            .await
            .status,
        404
    );
    assert!(card_of(&app, "x@del2.test").is_some());
    app.run_jobs().await;
}

/// Deleting the cards one invited today does not give the day's invitations back: those that
/// went with a deleted card count against their inviter's daily limit until their day is over.
async fn deleting_cards_gives_no_invitations_back(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("DEL-3")
        .admin("boss@del3.test")
        .daily(2)
        .build()
        .await;
    app.clock.pin();
    for email in ["a@del3.test", "b@del3.test"] {
        let sent = app.member(&admin).email(email).invite().await;
        admin
            .get(&format!("/admin/users/{}/delete", sent.id))
            .await
            .assert_ok();
        let done = admin
            .post(&format!("/admin/users/{}/delete", sent.id), &[])
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
    }
    let third = app.member(&admin).email("c@del3.test").create().await;
    admin.get("/admin/users").await.assert_ok();
    admin
        .post("/admin/users/invite", &[("user_id", third.as_str())])
        .await;
    assert_eq!(
        invitations_to(&app, "c@del3.test"),
        0,
        "the day's two invitations still count"
    );
    // A day later they count no more, and the sweep forgets them.
    app.clock.advance(time::Duration::hours(25));
    let swept = invitely::domain::housekeeping::sweep(&mut app.conn(), app.clock.now()).unwrap();
    assert_eq!(swept.deleted_sends, 2);
    let admin = app.login("boss@del3.test", PASSWORD).await;
    admin.get("/admin/users").await.assert_ok();
    let sent = admin
        .post("/admin/users/invite", &[("user_id", third.as_str())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(invitations_to(&app, "c@del3.test"), 1);
    app.run_jobs().await;
    assert_eq!(app.emails_to("c@del3.test").len(), 1);
}

both_backends!(
    a_card_that_never_joined_is_deleted_with_its_invitations,
    deleting_cards_gives_no_invitations_back,
);
