//! A database that cannot be had now — SQLite locked by another writer, every pooled connection
//! taken — answers 503 with Retry-After, never 500, and loses nothing
//! (docs/SECURITY.md I5).

use crate::both_backends;
use crate::support::pages::{create_user, flashes, rows};
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::Connection;

/// Another process takes SQLite's write lock and holds it for 7 s, longer than the 5 s busy
/// timeout; returns once the lock is held (join the thread to wait for its release).
fn hold_write_lock(app: &TestApp) -> std::thread::JoinHandle<()> {
    let path = app.database_url.trim_start_matches("sqlite://").to_owned();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let mut conn = diesel::SqliteConnection::establish(&path).unwrap();
        conn.batch_execute(
            "BEGIN IMMEDIATE; INSERT INTO platform_settings (key, value) VALUES ('lock', 'held');",
        )
        .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(7));
        conn.batch_execute("ROLLBACK;").unwrap();
    });
    locked_rx.recv().unwrap();
    holder
}

#[actix_web::test]
async fn a_long_writer_gives_503_not_500() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("Z-1").admin("boss@z1.test").build().await;
    admin.get("/admin/users/new").await;
    // Another process holds the write lock longer than the 5 s busy timeout.
    let holder = hold_write_lock(&app);
    let page = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Blocked"),
                ("email", "blocked@example.com"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(page.status, 503, "{}", page.body);
    assert_eq!(page.header("retry-after").as_deref(), Some("2"));
    assert!(page.body.contains("busy"));
    holder.join().unwrap();
    // Nothing half-written; trying again works.
    assert!(rows(&admin, "?q=blocked").await.is_empty());
    create_user(
        &admin,
        &[
            ("first_name", "Blocked"),
            ("email", "blocked@example.com"),
            ("kind", "employee"),
        ],
    )
    .await;
    assert_eq!(rows(&admin, "?q=blocked").await.len(), 1);
}

/// The session store's own write (the idle deadline moved on, at most once a minute) meeting a
/// writer that holds the lock past the busy timeout: the page is still answered — the deadline
/// waits for a later request — instead of a bare 500 (docs/SECURITY.md I5).
#[actix_web::test]
async fn a_busy_database_does_not_fail_a_session_read() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("Z-2").admin("boss@z2.test").build().await;
    admin.get("/admin/users").await.assert_ok();
    // Past the refresh interval: the next request writes the session's deadline.
    app.clock.advance(time::Duration::minutes(2));
    let holder = hold_write_lock(&app);
    let page = admin.get("/admin/users").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("action=\"/logout\""),
        "still signed in: {}",
        page.body
    );
    holder.join().unwrap();
    // Once the writer is done, the same session goes on.
    admin.get("/admin/users").await.assert_ok();
}

/// The session store's write after the handler answered (a flash message shown, so taken out of
/// the session) meeting a writer that holds the lock past the busy timeout: 503 with
/// `Retry-After` and the error page, as for a busy handler — not actix-session's bare 500 — and
/// the message is still there to be shown once the writer is done (docs/SECURITY.md I5).
#[actix_web::test]
async fn a_busy_session_write_gives_503_not_500() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("Z-3").admin("boss@z3.test").build().await;
    let card = create_user(
        &admin,
        &[
            ("first_name", "Flash"),
            ("email", "flash@example.com"),
            ("kind", "employee"),
        ],
    )
    .await;
    let holder = hold_write_lock(&app);
    let page = admin.get(&format!("/admin/users/{card}")).await;
    assert_eq!(page.status, 503, "{}", page.body);
    assert_eq!(page.header("retry-after").as_deref(), Some("2"));
    assert!(page.body.contains("busy"), "{}", page.body);
    assert!(page.header("content-security-policy").is_some());
    holder.join().unwrap();
    let page = admin.get(&format!("/admin/users/{card}")).await;
    page.assert_ok();
    assert_eq!(flashes(&page.body), ["The user was created."]);
}

/// A form post whose handler answered (here the organisation switch, which reads the database
/// and changes only the session) and whose session write then meets a writer holding the lock
/// past the busy timeout: 503 with a page saying the post may have been carried out, and no
/// `Retry-After` — a script retrying on it could do a handler's work twice. (A page read whose
/// session write fails keeps `Retry-After`: `a_busy_session_write_gives_503_not_500`.) The
/// lock cannot be taken between a handler's own commit and the session's write, so the switch
/// stands in for a post whose work was done.
#[actix_web::test]
async fn a_busy_session_write_after_a_post_does_not_invite_a_retry() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("Z-6").admin("boss@z6.test").build().await;
    admin.get("/orgs").await.assert_ok();
    let org = app.org_id("Z-6");
    let holder = hold_write_lock(&app);
    let page = admin.post(&format!("/orgs/{org}/switch"), &[]).await;
    assert_eq!(page.status, 503, "{}", page.body);
    assert_eq!(page.header("retry-after"), None, "no invitation to retry");
    assert!(
        page.body.contains("may already have been carried out"),
        "{}",
        page.body
    );
    holder.join().unwrap();
    admin.get("/admin/users").await.assert_ok();
}

/// Every pooled connection taken (by long requests, say) when a signed-in request reads its
/// session: the read gives up after the pool's timeout and the request is answered 503 with
/// `Retry-After` and the error page, like a handler that found no connection — actix-session
/// would answer a bare 500 (docs/SECURITY.md I5). The session itself is untouched.
async fn a_full_pool_during_the_session_read_gives_503(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Z-4").admin("boss@z4.test").build().await;
    admin.get("/admin/users").await.assert_ok();
    let pool = app.state.pool.clone();
    let held: Vec<_> = (0..pool.max_size()).map(|_| pool.get().unwrap()).collect();
    let page = admin.get("/admin/users").await;
    assert_eq!(page.status, 503, "{}", page.body);
    assert_eq!(page.header("retry-after").as_deref(), Some("2"));
    assert!(page.body.contains("busy"), "{}", page.body);
    drop(held);
    let page = admin.get("/admin/users").await;
    page.assert_ok();
    assert!(page.body.contains("action=\"/logout\""), "still signed in");
}

both_backends!(a_full_pool_during_the_session_read_gives_503);

/// A session store that fails otherwise than by being busy — here its table is gone — answers
/// with the application's own 500 page, its request id and the security headers, not
/// actix-session's bare 500; once the store is back the visitor is still signed in.
async fn a_broken_session_store_gives_the_500_page(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Z-5").admin("boss@z5.test").build().await;
    admin.get("/admin/users").await.assert_ok();
    let mut conn = app.state.pool.get().unwrap();
    conn.batch_execute("ALTER TABLE sessions RENAME TO sessions_away")
        .unwrap();
    let page = admin.get("/admin/users").await;
    conn.batch_execute("ALTER TABLE sessions_away RENAME TO sessions")
        .unwrap();
    assert_eq!(page.status, 500, "{}", page.body);
    assert!(page.body.contains("Something went wrong"), "{}", page.body);
    let id = page.header("x-request-id").expect("a request id");
    assert!(page.body.contains(&id), "the page names its request id");
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let page = admin.get("/admin/users").await;
    page.assert_ok();
    assert!(page.body.contains("action=\"/logout\""), "still signed in");
}
both_backends!(a_broken_session_store_gives_the_500_page);

/// /healthz answers a monitor in JSON whatever happens: 503 `{"status": "unavailable"}` with
/// `Retry-After` when the database fails (here the outbox's table is gone) or cannot be had
/// (every pooled connection taken) — not the HTML error page, and no cookie; 200 once it is back.
async fn the_health_check_answers_json_when_the_database_does_not(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let monitor = app.session();
    let ok = monitor.get("/healthz").await;
    ok.assert_ok();
    let mut conn = app.state.pool.get().unwrap();
    conn.batch_execute("ALTER TABLE outbox_jobs RENAME TO outbox_jobs_away")
        .unwrap();
    let broken = monitor.get("/healthz").await;
    conn.batch_execute("ALTER TABLE outbox_jobs_away RENAME TO outbox_jobs")
        .unwrap();
    drop(conn);
    let pool = app.state.pool.clone();
    let held: Vec<_> = (0..pool.max_size()).map(|_| pool.get().unwrap()).collect();
    let busy = monitor.get("/healthz").await;
    drop(held);
    for page in [&broken, &busy] {
        assert_eq!(page.status, 503, "{}", page.body);
        assert_eq!(
            page.header("content-type").as_deref(),
            Some("application/json")
        );
        let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(json, serde_json::json!({ "status": "unavailable" }));
        assert!(page.header("retry-after").is_some());
        assert!(page.header("set-cookie").is_none());
    }
    monitor.get("/healthz").await.assert_ok();
}
both_backends!(the_health_check_answers_json_when_the_database_does_not);
