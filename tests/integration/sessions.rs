//! Sessions (docs/SECURITY.md D2): anonymous visits store no row (their forms use a signed
//! double-submit cookie), expired rows are swept, sign-out ends every session of the account,
//! and a request in flight during sign-out never saves the purged session back.

use crate::both_backends;
use crate::security::{page_of, set_cookie};
use crate::support::app::PASSWORD;
use crate::support::{Backend, Page, Session, TestApp};
use actix_session::storage::SessionStore;
use diesel::prelude::*;
use invitely::db::ids::AccountId;
use invitely::db::schema::{accounts, sessions};
use invitely::web::session_store::DbSessionStore;
use std::collections::HashMap;

pub(crate) const SESSION_COOKIE: &str = "invitely_session";
const NONCE_COOKIE: &str = "invitely_csrf";

fn session_rows(app: &TestApp) -> i64 {
    sessions::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn rows_of(app: &TestApp, account_id: AccountId) -> i64 {
    sessions::table
        .filter(sessions::account_id.eq(account_id))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn account_id(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// A client with no cookie jar and no redirects: every request is a first visit.
fn cookieless() -> reqwest::Client {
    crate::support::client::builder().build().unwrap()
}

pub(crate) async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Page {
    let resp = cookieless()
        .get(format!("{}{path}", app.base))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    page_of(resp).await
}

async fn post_with_cookie(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> Page {
    let mut req = cookieless()
        .post(format!("{}{path}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(serde_html_form::to_string(fields).unwrap());
    if !cookie.is_empty() {
        req = req.header("Cookie", cookie);
    }
    page_of(req.send().await.unwrap()).await
}

/// Signs in through the form; returns the session and the session cookie it was given.
pub(crate) async fn sign_in(app: &TestApp, email: &str) -> (Session, String) {
    let s = app.session();
    s.get("/login").await.assert_ok();
    let done = s
        .post("/login", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(done.status, 303, "sign-in as {email}: {}", done.body);
    let cookie = set_cookie(&done, SESSION_COOKIE).expect("a session cookie at sign-in");
    s.get_follow("/").await;
    (s, cookie)
}

/// 300 cookieless visits (and a few anonymous form posts) leave no session row; the anonymous
/// forms still work with their tokens.
async fn anonymous_visits_store_no_session(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let raw = cookieless();
    let mut statuses = Vec::new();
    for i in 0..300 {
        let path = ["/login", "/", "/invite/xxx"][i % 3];
        let r = raw.get(format!("{}{path}", app.base)).send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    assert!(
        statuses.iter().all(|s| matches!(s, 200 | 303 | 404)),
        "{statuses:?}"
    );
    // Anonymous posts: a failed sign-in and the language switch.
    let s = app.session();
    s.get("/login").await.assert_ok();
    let failed = s
        .post(
            "/login",
            &[("email", "nobody@x.test"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(failed.status, 422, "{}", failed.body);
    let lang = s.post("/lang", &[("lang", "ru"), ("back", "/login")]).await;
    assert_eq!(lang.status, 303, "{}", lang.body);
    let rows = session_rows(&app);
    assert_eq!(
        rows, 0,
        "300 cookieless visits and 2 anonymous posts left {rows} session rows"
    );

    // The anonymous forms work: setup, invitation acceptance and sign-in (all in here).
    app.org("S-1").admin("boss@s1.test").build().await;
    let (s, _) = sign_in(&app, "boss@s1.test").await;
    s.get("/admin/users").await.assert_ok();
}

/// The anonymous CSRF token belongs to its own nonce cookie; a signed-in session accepts only
/// its synchronizer token.
async fn anonymous_tokens_are_bound_to_their_cookie(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("S-2").admin("boss@s2.test").build().await;
    let creds = [("email", "boss@s2.test"), ("password", PASSWORD)];

    let a = app.session();
    let page_a = a.get("/login").await;
    page_a.assert_ok();
    let nonce_a = set_cookie(&page_a, NONCE_COOKIE).expect("a CSRF cookie for a first visit");
    let header = page_a
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{NONCE_COOKIE}=")))
        .unwrap()
        .to_owned();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(header.contains(attr), "{attr} missing: {header}");
    }
    assert!(!header.contains("Secure"), "plain http in tests: {header}");
    let token_a = a.csrf();

    let b = app.session();
    let page_b = b.get("/login").await;
    let nonce_b = set_cookie(&page_b, NONCE_COOKIE).expect("a CSRF cookie");
    assert_ne!(nonce_a, nonce_b);
    let token_b = b.csrf();
    assert_ne!(token_a, token_b);
    // The token is on the page, never in a cookie.
    assert!(!nonce_b.contains(&token_b));

    // Another visitor's token, a missing token, a token without its cookie: refused.
    let mut with_a = vec![("csrf_token", token_a.as_str())];
    with_a.extend_from_slice(&creds);
    let foreign = b.post_raw("/login", &with_a).await;
    assert_eq!(
        foreign.status, 403,
        "another visitor's token: {}",
        foreign.body
    );
    let missing = b.post_raw("/login", &creds).await;
    assert_eq!(missing.status, 403, "no token: {}", missing.body);
    let cookieless_post = post_with_cookie(&app, "/login", "", &with_a).await;
    assert_eq!(cookieless_post.status, 403, "a token without its cookie");
    assert_eq!(b.get("/admin/users").await.status, 303, "still signed out");
    assert_eq!(
        session_rows(&app),
        2,
        "the refusals stored nothing (operator and boss only)"
    );

    // The token matches its cookie, whoever sends the pair.
    let pair = post_with_cookie(
        &app,
        "/login",
        &format!("{NONCE_COOKIE}={nonce_a}"),
        &with_a,
    )
    .await;
    assert_eq!(pair.status, 303, "{}", pair.body);

    // B's own token passes.
    let done = b.post("/login", &creds).await;
    assert_eq!(done.status, 303, "{}", done.body);
    b.get("/admin/users").await.assert_ok();
    let synchronizer = b.csrf();
    assert_ne!(
        synchronizer, token_b,
        "signed in, the page carries the session's token"
    );

    // Signed in, the anonymous token of the same browser is refused.
    let anon = b
        .post_raw("/logout", &[("csrf_token", token_b.as_str())])
        .await;
    assert_eq!(
        anon.status, 403,
        "the anonymous token on a signed-in session"
    );
    b.get("/admin/users").await.assert_ok();

    // Signing out with the session's token; afterwards the anonymous scheme applies again.
    let out = b.post("/logout", &[]).await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location.as_deref(), Some("/login?out=here"));
    let login = b.get("/login?out=here").await;
    login.assert_ok();
    assert!(login.body.contains("You are signed out."), "{}", login.body);
    assert_eq!(
        b.csrf(),
        token_b,
        "the same nonce cookie, the same anonymous token"
    );
    let stale = b
        .post_raw(
            "/login",
            &[("csrf_token", synchronizer.as_str()), creds[0], creds[1]],
        )
        .await;
    assert_eq!(stale.status, 403, "the ended session's token is worthless");
    let again = b.post("/login", &creds).await;
    assert_eq!(again.status, 303, "{}", again.body);
    b.get("/admin/users").await.assert_ok();
}

/// The nonce cookie comes with a page that needs its token, and only then: a health check, a
/// redirect or a signed-in visitor's page sets none.
async fn only_a_page_with_a_form_sets_the_nonce(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("S-3").admin("boss@s3.test").build().await;
    let raw = cookieless();
    for (path, status) in [
        ("/healthz", 200),
        ("/admin/users", 303),
        ("/static/app.css", 200),
    ] {
        let page = page_of(raw.get(format!("{}{path}", app.base)).send().await.unwrap()).await;
        assert_eq!(page.status, status, "{path}");
        assert_eq!(set_cookie(&page, NONCE_COOKIE), None, "{path} set a nonce");
    }
    let login = page_of(raw.get(format!("{}/login", app.base)).send().await.unwrap()).await;
    login.assert_ok();
    let nonce = set_cookie(&login, NONCE_COOKIE).expect("the sign-in form's nonce");
    assert!(login.body.contains("name=\"csrf_token\""), "{}", login.body);

    // Signed in, a page carries the session's token: no nonce, with or without one sent.
    let (_, session) = sign_in(&app, "boss@s3.test").await;
    let users = get_with_cookie(&app, "/admin/users", &format!("{SESSION_COOKIE}={session}")).await;
    users.assert_ok();
    assert_eq!(
        set_cookie(&users, NONCE_COOKIE),
        None,
        "a signed-in page set a nonce"
    );
    // A page whose form needs the anonymous token, visited twice without the cookie: a nonce
    // each time; with it, none again.
    let again = get_with_cookie(&app, "/login", "").await;
    assert!(set_cookie(&again, NONCE_COOKIE).is_some());
    let kept = get_with_cookie(&app, "/login", &format!("{NONCE_COOKIE}={nonce}")).await;
    kept.assert_ok();
    assert_eq!(
        set_cookie(&kept, NONCE_COOKIE),
        None,
        "the browser's nonce is kept"
    );
}

/// The sweep deletes expired rows and keeps live ones.
async fn sweep_deletes_expired_sessions(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-3").admin("boss@s3.test").build().await;
    let (op, _) = sign_in(&app, "operator@invitely.test").await;
    let boss = account_id(&app, "boss@s3.test");
    let before = session_rows(&app);
    assert!(before >= 2, "{before}");
    let now = || app.clock.now();

    app.clock.advance(time::Duration::minutes(20));
    admin.get("/admin/users").await.assert_ok(); // active: its idle timeout moves
    app.clock.advance(time::Duration::minutes(20));
    let expired: i64 = sessions::table
        .filter(sessions::expires_at.le(now()))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(
        expired,
        before - 1,
        "every session but the admin's is idle for 40 minutes"
    );

    let counts = invitely::domain::housekeeping::sweep(&mut app.conn(), now()).unwrap();
    assert_eq!(counts.sessions as i64, before - 1, "{counts:?}");
    assert_eq!(session_rows(&app), 1);
    assert_eq!(rows_of(&app, boss), 1, "the live session stays");
    admin.get("/admin/users").await.assert_ok();
    assert_eq!(
        op.get("/platform/orgs").await.status,
        303,
        "the idle one is over"
    );

    app.clock.advance(time::Duration::minutes(31));
    let counts = invitely::domain::housekeeping::sweep(&mut app.conn(), now()).unwrap();
    assert_eq!(counts.sessions, 1);
    assert_eq!(session_rows(&app), 0);
    let counts = invitely::domain::housekeeping::sweep(&mut app.conn(), now()).unwrap();
    assert_eq!(counts.sessions, 0, "nothing left to sweep");
}

/// Sign-out ends this browser's session: its replayed cookie is sent to /login, the account's
/// other devices stay signed in. "Sign out on every device" on the account page ends them all;
/// another account's session is untouched.
async fn sign_out_here_or_on_every_device(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let first = app.org("S-4").admin("boss@s4.test").build().await;
    let boss = account_id(&app, "boss@s4.test");
    let (laptop, laptop_cookie) = sign_in(&app, "boss@s4.test").await;
    let (phone, _) = sign_in(&app, "boss@s4.test").await;
    let (op, _) = sign_in(&app, "operator@invitely.test").await;
    assert_eq!(rows_of(&app, boss), 3);
    let replay_cookie = format!("{SESSION_COOKIE}={laptop_cookie}");
    get_with_cookie(&app, "/admin/users", &replay_cookie)
        .await
        .assert_ok();

    laptop.get("/admin/users").await.assert_ok();
    let out = laptop.post("/logout", &[]).await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location.as_deref(), Some("/login?out=here"));

    let replay = get_with_cookie(&app, "/admin/users", &replay_cookie).await;
    assert_eq!(
        (replay.status, replay.location.as_deref()),
        (303, Some("/login?next=%2Fadmin%2Fusers")),
        "the cookie replayed after sign-out"
    );
    phone.get("/admin/users").await.assert_ok();
    assert_eq!(rows_of(&app, boss), 2, "the other devices stay signed in");

    let account = phone.get("/account").await;
    account.assert_ok();
    assert!(
        account
            .body
            .contains("You are signed in on 2 devices, this one included."),
        "{}",
        account.body
    );
    let out = phone.post("/logout", &[("everywhere", "1")]).await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location.as_deref(), Some("/login?out=everywhere"));
    let login = phone.get("/login?out=everywhere").await;
    assert!(
        login.body.contains("You were signed out on every device."),
        "{}",
        login.body
    );
    let third = first.get("/admin/users").await;
    assert_eq!(
        (third.status, third.location.as_deref()),
        (303, Some("/login?next=%2Fadmin%2Fusers")),
        "the session from accepting the invitation"
    );
    assert_eq!(rows_of(&app, boss), 0, "no row of the account is left");
    op.get("/platform/orgs").await.assert_ok();
}

/// The server's session store, and the state of a signed-in session of `email`'s account.
fn signed_in_state(
    app: &TestApp,
    email: &str,
) -> (AccountId, DbSessionStore, HashMap<String, String>) {
    let account = account_id(app, email);
    let store = DbSessionStore::new(app.state.pool.clone(), app.clock.clone(), b"successor");
    let state = [
        ("uid".to_owned(), serde_json::to_string(&account).unwrap()),
        ("csrf".to_owned(), "\"t\"".to_owned()),
    ]
    .into();
    (account, store, state)
}

/// A request in flight during sign-out cannot save the purged session back (under any key).
async fn update_never_resurrects_a_session(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("S-5").admin("boss@s5.test").build().await;
    let (boss, store, state) = signed_in_state(&app, "boss@s5.test");
    let ttl = actix_web::cookie::time::Duration::minutes(30);
    let baseline = rows_of(&app, boss);

    // Signed out on another device while this request ran.
    let key = store.save(state.clone(), &ttl).await.unwrap();
    assert_eq!(rows_of(&app, boss), baseline + 1);
    invitely::domain::sessions::end_all_for_account(&mut app.conn(), boss).unwrap();
    assert_eq!(rows_of(&app, boss), 0);
    let returned = store.update(key, state.clone(), &ttl).await.unwrap();
    assert_eq!(
        rows_of(&app, boss),
        0,
        "update wrote the ended session back"
    );
    assert!(
        store.load(&returned).await.unwrap().is_none(),
        "the key returned points to nothing"
    );

    // Signed out in this very browser (the purge deletes the row), another tab still in flight.
    let key = store.save(state.clone(), &ttl).await.unwrap();
    let copy: actix_session::storage::SessionKey = String::from(key.as_ref()).try_into().unwrap();
    store.delete(&key).await.unwrap();
    let returned = store.update(copy, state, &ttl).await.unwrap();
    assert_eq!(rows_of(&app, boss), 0, "update after delete wrote a row");
    assert!(store.load(&returned).await.unwrap().is_none());
}

/// A new id for a signed-in session (its rights changed, docs/SECURITY.md D1) moves its row to a
/// new key in one statement: the old key points to nothing afterwards, the state is kept
/// without the store's mark — and a session ended by a sign-out while the request ran is not
/// written back under either key.
async fn a_renewal_moves_the_row_and_never_resurrects_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("S-6").admin("boss@s6.test").build().await;
    let (boss, store, state) = signed_in_state(&app, "boss@s6.test");
    let ttl = actix_web::cookie::time::Duration::minutes(30);
    let mut renewing = state.clone();
    renewing.insert("rotate".to_owned(), "true".to_owned());
    let baseline = rows_of(&app, boss);

    let key = store.save(state.clone(), &ttl).await.unwrap();
    let copy: actix_session::storage::SessionKey = String::from(key.as_ref()).try_into().unwrap();
    let moved = store.update(key, renewing.clone(), &ttl).await.unwrap();
    assert_ne!(moved.as_ref(), copy.as_ref(), "a new key");
    assert!(
        store.load(&copy).await.unwrap().is_none(),
        "the old key is dead"
    );
    assert_eq!(store.load(&moved).await.unwrap(), Some(state.clone()));
    assert_eq!(rows_of(&app, boss), baseline + 1, "moved, not copied");

    // Requests of the session in flight at once (a page and its polling) loaded the old key:
    // one renewing as well, one writing a flash. Both land on the key the row moved to.
    let mut flashed = state.clone();
    flashed.insert("flash".to_owned(), "[]".to_owned());
    for (what, late) in [("renewing", renewing.clone()), ("writing", flashed.clone())] {
        let old: actix_session::storage::SessionKey =
            String::from(copy.as_ref()).try_into().unwrap();
        let landed = store.update(old, late, &ttl).await.unwrap();
        assert_eq!(landed.as_ref(), moved.as_ref(), "{what}: the same new key");
    }
    assert_eq!(store.load(&moved).await.unwrap(), Some(flashed));
    assert_eq!(rows_of(&app, boss), baseline + 1);

    // Signed out on another device while the renewing request ran.
    invitely::domain::sessions::end_all_for_account(&mut app.conn(), boss).unwrap();
    let returned = store.update(moved, renewing, &ttl).await.unwrap();
    assert_eq!(
        rows_of(&app, boss),
        0,
        "the renewal wrote the ended session back"
    );
    assert!(store.load(&returned).await.unwrap().is_none());
}

/// A request reads its session; the idle deadline is written back at most once a minute
/// (docs/SECURITY.md D2, issue 10): a signed-in request costs a read, not a write.
async fn idle_deadline_is_written_at_most_once_a_minute(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.clock.pin();
    let admin = app.org("S-6").admin("boss@s6.test").build().await;
    let boss = account_id(&app, "boss@s6.test");
    let deadline = || -> time::PrimitiveDateTime {
        sessions::table
            .filter(sessions::account_id.eq(boss))
            .select(sessions::expires_at)
            .first(&mut *app.conn())
            .unwrap()
    };
    let signed_in = deadline();

    app.clock.advance(time::Duration::seconds(30));
    admin.get("/admin/users").await.assert_ok();
    admin.get("/healthz").await.assert_ok();
    assert_eq!(deadline(), signed_in, "written again within the minute");

    app.clock.advance(time::Duration::seconds(31));
    admin.get("/healthz").await.assert_ok();
    let moved = deadline();
    assert_eq!(
        moved,
        app.clock.now() + time::Duration::minutes(30),
        "a minute later the idle deadline moves to 30 minutes from now"
    );

    // Idle for the whole timeout (less than the minute of slack): over.
    app.clock.advance(time::Duration::minutes(30));
    assert_eq!(admin.get("/admin/users").await.status, 303, "idle too long");
}

both_backends!(
    idle_deadline_is_written_at_most_once_a_minute,
    anonymous_visits_store_no_session,
    anonymous_tokens_are_bound_to_their_cookie,
    only_a_page_with_a_form_sets_the_nonce,
    sweep_deletes_expired_sessions,
    sign_out_here_or_on_every_device,
    update_never_resurrects_a_session,
    a_renewal_moves_the_row_and_never_resurrects_it,
);
