//! Invitation links: scanner-safe GET, single use, expiry on an injected clock, one winner
//! among concurrent submits, revocation, contact changes, existing accounts, setup links.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{InvitationId, MemberId};
use invitely::db::schema::{accounts, invitations};
use time::Duration;

async fn accept_with(s: &Session, link: &str) -> u16 {
    s.get(link).await;
    s.post(
        link,
        &[("password", PASSWORD), ("password_confirm", PASSWORD)],
    )
    .await
    .status
}

fn user_count(app: &TestApp, email: &str) -> i64 {
    accounts::table
        .filter(accounts::email.eq(email))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

async fn scanners_do_not_consume(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-1").admin("boss@t1.test").build().await;
    let link = app
        .member(&admin)
        .email("scan@example.com")
        .invite()
        .await
        .link;
    let bare = crate::support::client::builder().build().unwrap();
    assert_eq!(bare.head(&link).send().await.unwrap().status(), 200);
    assert_eq!(bare.get(&link).send().await.unwrap().status(), 200);
    assert_eq!(bare.get(&link).send().await.unwrap().status(), 200);
    assert_eq!(
        user_count(&app, "scan@example.com"),
        0,
        "opening a link creates nothing"
    );
    let person = app.session();
    assert_eq!(accept_with(&person, &link).await, 303);
    assert_eq!(user_count(&app, "scan@example.com"), 1);
    // Second use is refused with its own page.
    let again = app.session();
    again.get(&link).await;
    let second = again
        .post(
            &link,
            &[("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(second.status, 410);
    assert!(second.body.contains("already been used"));
    assert_eq!(user_count(&app, "scan@example.com"), 1);
    app.expect_welcome("scan@example.com").await;
}

async fn expiry_counts_from_sending(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-2").admin("boss@t2.test").build().await;
    app.clock.pin();
    let early = app
        .member(&admin)
        .email("early@example.com")
        .invite()
        .await
        .link;
    let late = app
        .member(&admin)
        .email("late@example.com")
        .invite()
        .await
        .link;
    app.clock.advance(Duration::seconds(24 * 3600 - 1));
    assert_eq!(
        accept_with(&app.session(), &early).await,
        303,
        "valid at T+23:59:59"
    );
    app.clock.advance(Duration::seconds(2));
    let s = app.session();
    let expired = s.get(&late).await;
    assert_eq!(expired.status, 410);
    assert!(expired.body.contains("has expired"));
    assert!(expired.body.contains("send a new invitation"));
    assert_eq!(user_count(&app, "late@example.com"), 0);
    // Queue time does not eat the link's life: queued now, sent a day later, valid a day more.
    // (A day passed: the admin's session timed out, so sign in again.)
    let admin = app.login("boss@t2.test", PASSWORD).await;
    app.member(&admin)
        .named("Queued", "")
        .email("queued@example.com")
        .invited()
        .create()
        .await;
    app.clock.advance(Duration::hours(30));
    app.run_jobs().await;
    let queued = app.invitation_link("queued@example.com");
    app.clock.advance(Duration::hours(23));
    assert_eq!(accept_with(&app.session(), &queued).await, 303);
    app.expect_welcome("queued@example.com").await;
}

/// 50 concurrent submits of one link: exactly one account (docs/SECURITY.md A3). On a loaded
/// machine some requests may be turned away with 503 (the database pool or the hashing queue
/// is full, docs/SECURITY.md I5) — never a second success, never a 500.
async fn one_winner_among_concurrent_submits(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-3").admin("boss@t3.test").build().await;
    let link = app
        .member(&admin)
        .email("race@example.com")
        .invite()
        .await
        .link;
    let mut sessions = Vec::new();
    for _ in 0..50 {
        let s = app.session();
        s.get(&link).await.assert_ok();
        sessions.push(s);
    }
    let mut handles = Vec::new();
    for s in sessions {
        let link = link.clone();
        handles.push(actix_web::rt::spawn(async move {
            s.post(
                &link,
                &[("password", PASSWORD), ("password_confirm", PASSWORD)],
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for h in handles {
        statuses.push(h.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| matches!(*s, 303 | 410 | 503)),
        "{statuses:?}"
    );
    assert_eq!(user_count(&app, "race@example.com"), 1);
    app.expect_welcome("race@example.com").await;
}

async fn revoked_and_changed_links_die(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-4").admin("boss@t4.test").build().await;
    // Revoke: a confirmation page first, then the link is dead.
    let link = app
        .member(&admin)
        .email("revoke@example.com")
        .invite()
        .await
        .link;
    let id: InvitationId = invitations::table
        .filter(invitations::recipient.eq("revoke@example.com"))
        .select(invitations::id)
        .first(&mut app.conn())
        .unwrap();
    let confirm = admin.get(&format!("/admin/invitations/{id}/revoke")).await;
    confirm.assert_ok();
    assert!(confirm.body.contains("revoke@example.com"));
    assert_eq!(
        admin
            .get(&format!("/invite/{}", link.rsplit('/').next().unwrap()))
            .await
            .status,
        200,
        "GET of the confirmation changed nothing"
    );
    let done = admin
        .post(&format!("/admin/invitations/{id}/revoke"), &[])
        .await;
    assert_eq!(done.status, 303);
    let dead = app.session().get(&link).await;
    assert_eq!(dead.status, 410);
    assert!(dead.body.contains("withdrawn"));

    // Contact changed: the old link dies and the card is back to "not invited".
    let link = app
        .member(&admin)
        .email("old@example.com")
        .invite()
        .await
        .link;
    let member: MemberId = invitations::table
        .filter(invitations::recipient.eq("old@example.com"))
        .select(invitations::member_id)
        .first(&mut app.conn())
        .unwrap();
    admin
        .get(&format!("/admin/users/{member}"))
        .await
        .assert_ok();
    let saved = admin
        .post(
            &format!("/admin/users/{member}"),
            &[
                ("first_name", "Test"),
                ("email", "new@example.com"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let card = admin.get(&format!("/admin/users/{member}")).await;
    assert!(
        card.body.contains("the open invitation was revoked"),
        "the admin is told"
    );
    assert_eq!(app.session().get(&link).await.status, 410);
    assert_eq!(accept_with(&app.session(), &link).await, 410);
}

async fn existing_account_signs_in_to_accept(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let _a = app.org("T-5").admin("boss@t5.test").build().await;
    let admin_b = app.org("T-6").admin("boss@t6.test").build().await;
    // The admin of T-5 is invited into T-6 as a member.
    let link = app
        .member(&admin_b)
        .email("boss@t5.test")
        .invite()
        .await
        .link;
    let s = app.session();
    let landing = s.get(&link).await;
    landing.assert_ok();
    assert!(landing.body.contains("already have an account"));
    let wrong = s
        .post(
            &link,
            &[("email", "boss@t5.test"), ("password", "not the password")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    // Only the recipient's own account is checked, whatever address is posted (docs/SECURITY.md
    // B1); see `signin::invitation_page_checks_only_the_recipient` for another account's password.
    let ok = s
        .post(&link, &[("email", "boss@t5.test"), ("password", PASSWORD)])
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    // Two organisations now: the chooser appears; the password did not change (docs/SECURITY.md
    // B2).
    let orgs = s.get("/orgs").await;
    assert!(orgs.body.contains("Org T-5") && orgs.body.contains("Org T-6"));
    app.login("boss@t5.test", PASSWORD).await;
    assert_eq!(user_count(&app, "boss@t5.test"), 1);
    app.expect_welcome("boss@t5.test").await;
}

async fn setup_link_is_single_use(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let _op = app.operator().await;
    let link = app.setup_link.clone().unwrap();
    let s = app.session();
    let page = s.get(&link).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("cannot be used"));
}

both_backends!(
    scanners_do_not_consume,
    expiry_counts_from_sending,
    one_winner_among_concurrent_submits,
    revoked_and_changed_links_die,
    existing_account_signs_in_to_accept,
    setup_link_is_single_use,
);
