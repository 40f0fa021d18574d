//! The account page's "Where you are signed in" counts the browsers that are signed in: not a
//! sign-in still waiting for its second step, not a session past its 12-hour lifetime whose row
//! is still within its idle time (its next request signs it out).

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use crate::two_factor::{code_at, enrol, now};
use time::Duration;

/// The password step of a sign-in with two-factor sign-in on: the browser waits for its code.
async fn half_signed_in(app: &TestApp, email: &str) -> Session {
    let s = app.session();
    s.get("/login").await.assert_ok();
    let p = s
        .post("/login", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(
        p.location.as_deref(),
        Some("/login/two-factor"),
        "{}",
        p.body
    );
    s
}

/// Both steps of a sign-in with two-factor sign-in on, with the next code (a code is taken once).
async fn signed_in(app: &TestApp, email: &str, secret: &[u8]) -> Session {
    app.clock.advance(Duration::seconds(30));
    let s = half_signed_in(app, email).await;
    let code = code_at(secret, now(app));
    let p = s.post("/login/two-factor", &[("code", &code)]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    s.get("/admin/users").await.assert_ok();
    s
}

fn count_line(body: &str) -> &str {
    let start = body
        .find("id=\"sessions-count\"")
        .expect("the sessions panel");
    let start = start + body[start..].find('>').unwrap() + 1;
    &body[start..start + body[start..].find('<').unwrap()]
}

async fn counts_only_browsers_signed_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let first = app.org("S-9").admin("boss@s9.test").build().await;
    let (secret, _) = enrol(&app, &first).await;

    // Signed in at the start and used every 25 minutes for eleven hours and forty minutes: its
    // row lives on past the 12-hour lifetime, until its idle deadline.
    let old = signed_in(&app, "boss@s9.test", &secret).await;
    for _ in 0..28 {
        app.clock.advance(Duration::minutes(25));
        old.get("/admin/users").await.assert_ok();
    }
    app.clock.advance(Duration::minutes(25));

    let fresh = signed_in(&app, "boss@s9.test", &secret).await;
    let _waiting = half_signed_in(&app, "boss@s9.test").await;
    let page = fresh.get("/account").await;
    page.assert_ok();
    assert_eq!(
        count_line(&page.body),
        "You are signed in on this browser only.",
        "neither the sign-in waiting for its code nor the session past its lifetime"
    );
    assert!(
        !page.body.contains("Sign out on every device"),
        "nothing else to sign out: {}",
        page.body
    );

    // The session past its lifetime is indeed signed out at its next request.
    let next = old.get("/admin/users").await;
    assert_eq!(next.status, 303, "{}", next.body);

    let other = signed_in(&app, "boss@s9.test", &secret).await;
    other.get("/admin/users").await.assert_ok();
    let page = fresh.get("/account").await;
    assert_eq!(
        count_line(&page.body),
        "You are signed in on 2 devices, this one included."
    );
}

both_backends!(counts_only_browsers_signed_in);
