//! Device cookies (docs/SECURITY.md C4, `web::device`): a browser that signed in to an account
//! before gets in while strangers' failures from many addresses have paused that account; a
//! fresh browser, an altered cookie or another account's cookie does not; and the known
//! browser's own wrong guesses are bounded: past the limit its cookie vouches for nothing, so a
//! stolen copy spent on guesses does not keep the owner out either.

use crate::both_backends;
use crate::security::set_cookie;
use crate::signin::{behind_a_proxy, sign_in_from, sign_in_response, strangers};
use crate::support::app::PASSWORD;
use crate::support::{Backend, Page, Session, TestApp};

const DEVICE: &str = "invitely_device";
const CSRF: &str = "invitely_csrf";

/// Signs in with the right password from `client`; the device cookie the answer sets.
async fn known_browser(app: &TestApp, client: &str, email: &str) -> (Session, String) {
    let s = app.session();
    s.get("/login").await.assert_ok();
    let resp = sign_in_response(&s, client, email, PASSWORD, None).await;
    let page = Page {
        status: resp.status().as_u16(),
        location: None,
        headers: resp.headers().clone(),
        body: String::new(),
    };
    assert_eq!(page.status, 303);
    let cookie = set_cookie(&page, DEVICE).expect("a device cookie after signing in");
    assert!(
        page.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.starts_with(DEVICE) && v.contains("HttpOnly") && v.contains("Max-Age")),
        "{:?}",
        page.headers
    );
    // Signed out (with the signed-in page's form token): the cookie stays with the browser.
    s.get("/").await.assert_ok();
    assert_eq!(s.post("/logout", &[]).await.status, 303);
    s.get("/login").await.assert_ok();
    (s, cookie)
}

/// Strangers' wrong passwords, 40 at a time in parallel, each from its own address, until the
/// account is paused: a wrong password from a fresh address is refused (attempts the server was
/// too busy to check, 503, do not count, so a wave may fall short under load).
async fn pause(app: &TestApp, email: &str) {
    for wave in 0..5 {
        strangers(app, email, wave).await;
        let probe = app.session();
        probe.get("/login").await.assert_ok();
        let client = format!("203.0.113.{}", wave + 1);
        if sign_in_from(&probe, &client, email, "wrong password!").await == 429 {
            return;
        }
    }
    panic!("the account did not pause");
}

async fn a_known_browser_gets_in_while_the_account_is_paused(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, behind_a_proxy()).await else {
        return;
    };
    app.org("DC-1").admin("boss@dc1.test").build().await;
    app.org("DC-2").admin("other@dc2.test").build().await;
    // One window at a time: a boundary in the middle would split the counts.
    app.clock.pin();
    let (owner, cookie) = known_browser(&app, "192.0.2.10", "boss@dc1.test").await;
    let (_, others) = known_browser(&app, "192.0.2.11", "other@dc2.test").await;
    pause(&app, "boss@dc1.test").await;

    // A fresh browser is refused even with the right password, from a fresh address.
    let fresh = app.session();
    let login = fresh.get("/login").await;
    assert_eq!(
        sign_in_from(&fresh, "192.0.2.20", "boss@dc1.test", PASSWORD).await,
        429,
        "paused for browsers the account does not know"
    );
    // So is one presenting an altered cookie, or another account's.
    let csrf = set_cookie(&login, CSRF).expect("the form's nonce cookie");
    let (head, signature) = cookie.rsplit_once('.').unwrap();
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    let altered = format!("{head}.{flipped}{}", &signature[1..]);
    for (what, device) in [
        ("altered", altered.as_str()),
        ("another account's", &others),
    ] {
        let cookies = format!("{CSRF}={csrf}; {DEVICE}={device}");
        let resp = sign_in_response(
            &fresh,
            "192.0.2.21",
            "boss@dc1.test",
            PASSWORD,
            Some(&cookies),
        )
        .await;
        assert_eq!(resp.status(), 429, "{what} cookie");
    }
    // The owner's browser gets in, from yet another address.
    assert_eq!(
        sign_in_from(&owner, "192.0.2.30", "boss@dc1.test", PASSWORD).await,
        303,
        "the known browser signs in through the pause"
    );
    assert_eq!(owner.get("/admin/users").await.status, 200);
    // Its success did not lift the strangers' pause.
    assert_eq!(
        sign_in_from(&fresh, "192.0.2.22", "boss@dc1.test", PASSWORD).await,
        429
    );

    // The known browser's own guesses, once the strangers' window is over: its cookie takes
    // the limit (10) ...
    app.clock.advance(time::Duration::minutes(6));
    assert_eq!(owner.post("/logout", &[]).await.status, 303);
    owner.get("/login").await.assert_ok();
    let mut statuses = Vec::new();
    for _ in 0..21 {
        statuses.push(sign_in_from(&owner, "192.0.2.30", "boss@dc1.test", "guess!guess").await);
    }
    // ... then vouches for nothing: its attempts are a stranger's, held by this address's
    // counter for the account (10 more, then 429).
    assert_eq!(&statuses[..20], &[422; 20], "{statuses:?}");
    assert_eq!(statuses[20], 429, "{statuses:?}");
    // A stolen copy spent like that does not keep the owner out: from another address the
    // right password gets in (the account counted only the 10 stranger's attempts).
    assert_eq!(
        sign_in_from(&owner, "192.0.2.31", "boss@dc1.test", PASSWORD).await,
        303
    );
}

both_backends!(a_known_browser_gets_in_while_the_account_is_paused);
