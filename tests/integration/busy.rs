//! A locked SQLite database answers 503 with Retry-After, never 500, and loses nothing
//! (docs/SECURITY.md I5).

use crate::support::pages::{create_user, rows};
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::Connection;

#[actix_web::test]
async fn a_long_writer_gives_503_not_500() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("Z-1").admin("boss@z1.test").build().await;
    admin.get("/admin/users/new").await;
    // Another process holds the write lock longer than the 5 s busy timeout.
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
