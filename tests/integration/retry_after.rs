//! A request refused by a throttle (429) says how long to wait: `Retry-After` with the seconds
//! until the window that refused it ends, and the page the same in minutes, in English and
//! Russian (plurals), for each throttle's window — sign-in (5 minutes), a forgotten password
//! (1 hour), link guesses (1 minute). The page stays generic: the same words whether or not an
//! account exists.

use crate::both_backends;
use crate::support::app::{Options, PASSWORD};
use crate::support::{Backend, Page, Session, TestApp};

/// Pins the clock `into` seconds after the start of a fixed window of `window` seconds.
fn pin_into_window(app: &TestApp, window: i64, into: i64) {
    app.clock.pin();
    let t = app.clock.now().assume_utc().unix_timestamp();
    let to_next = window - t.rem_euclid(window);
    app.clock.advance(time::Duration::seconds(to_next + into));
}

fn refused(page: &Page, seconds: &str, text: &str) {
    assert_eq!(page.status, 429, "{}", page.body);
    assert_eq!(page.header("retry-after").as_deref(), Some(seconds));
    assert!(page.body.contains(text), "{text}: {}", page.body);
}

async fn in_russian(s: &Session) {
    assert_eq!(
        s.post("/lang", &[("lang", "ru"), ("back", "/")])
            .await
            .status,
        303
    );
}

async fn sign_in_says_how_long_to_wait(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("RA-1").admin("boss@ra1.test").build().await;
    // 61 s into a five-minute window: 239 s left, "4 minutes".
    pin_into_window(&app, 300, 61);
    for (email, who) in [
        ("boss@ra1.test", "an account"),
        ("ghost@ra1.test", "nobody"),
    ] {
        let s = app.session();
        s.get("/login").await.assert_ok();
        let mut last = None;
        for _ in 0..11 {
            last = Some(
                s.post(
                    "/login",
                    &[("email", email), ("password", "wrong password!")],
                )
                .await,
            );
        }
        let page = last.unwrap();
        refused(&page, "239", "Please wait 4 minutes and try again.");
        assert!(!page.body.contains("a minute"), "{who}: {}", page.body);
        // Even the right password waits for the window's end.
        let page = s
            .post("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(page.status, 429, "{who}");
        in_russian(&s).await;
        let page = s
            .post("/login", &[("email", email), ("password", PASSWORD)])
            .await;
        refused(&page, "239", "Подождите 4 минуты и попробуйте снова.");
    }
    // Once the window is over, the right password gets through.
    app.clock.advance(time::Duration::seconds(239));
    let s = app.session();
    s.get("/login").await;
    let page = s
        .post(
            "/login",
            &[("email", "boss@ra1.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

async fn a_forgotten_password_says_how_long_to_wait(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("RA-2").admin("boss@ra2.test").build().await;
    // A minute into the hour: 3540 s left, "59 minutes".
    pin_into_window(&app, 3600, 60);
    let s = app.session();
    s.get("/password/forgot").await.assert_ok();
    for _ in 0..3 {
        let page = s
            .post("/password/forgot", &[("email", "boss@ra2.test")])
            .await;
        page.assert_ok();
    }
    let page = s
        .post("/password/forgot", &[("email", "boss@ra2.test")])
        .await;
    refused(&page, "3540", "Please wait 59 minutes and try again.");
    in_russian(&s).await;
    let page = s
        .post("/password/forgot", &[("email", "boss@ra2.test")])
        .await;
    refused(&page, "3540", "Подождите 59 минут и попробуйте снова.");
    app.run_jobs().await;
}

async fn link_guesses_say_how_long_to_wait(backend: Backend) {
    let opts = Options {
        token_attempts_per_minute: 2,
        ..Options::default()
    };
    let Some(app) = TestApp::spawn_with(backend, opts).await else {
        return;
    };
    // 30 s into a minute: 30 s left, "1 minute".
    pin_into_window(&app, 60, 30);
    let s = app.session();
    let guess = "/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for _ in 0..2 {
        assert_eq!(s.get(guess).await.status, 404);
    }
    refused(
        &s.get(guess).await,
        "30",
        "Please wait 1 minute and try again.",
    );
    s.get("/login").await;
    in_russian(&s).await;
    refused(
        &s.get(guess).await,
        "30",
        "Подождите 1 минуту и попробуйте снова.",
    );
}

both_backends!(
    sign_in_says_how_long_to_wait,
    a_forgotten_password_says_how_long_to_wait,
    link_guesses_say_how_long_to_wait,
);
