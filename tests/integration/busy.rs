//! A locked SQLite database answers 503 with Retry-After, never 500, and loses nothing
//! (docs/SECURITY.md I5).

use crate::support::pages::{create_user, rows};
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
        page.body.contains("boss@z2.test"),
        "still signed in: {}",
        page.body
    );
    holder.join().unwrap();
    // Once the writer is done, the same session goes on.
    admin.get("/admin/users").await.assert_ok();
}
