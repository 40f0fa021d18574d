//! Tokens and passwords never reach the log, even at trace level (SECURITY.md A13).

use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn no_token_or_password_in_trace_logs() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The server logs from its own threads: the subscriber must be global. This is the only
    // test that installs one; other tests running meanwhile only add more lines to search.
    tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");

    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let setup_token = app
        .setup_link
        .clone()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let admin = app.org_with_admin("L-1", "boss@logs.test").await;
    admin.get("/admin/users/new").await;
    admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Logged"),
                ("email", "logged@example.com"),
                ("kind", "employee"),
                ("send_invitation", "1"),
            ],
        )
        .await;
    app.run_jobs().await;
    let link = app.invitation_link("logged@example.com");
    let token = link.rsplit('/').next().unwrap().to_owned();
    let s = app.session();
    s.get(&link).await;
    let secret = "a secret passphrase 42";
    s.post(&link, &[("password", secret), ("password_confirm", secret)])
        .await;
    app.session()
        .get(&format!("/invite/{}", "x".repeat(43)))
        .await;

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("/invite/[token]"),
        "the request log ran: {} bytes",
        log.len()
    );
    assert!(
        log.contains("invitation.accepted"),
        "audit events are logged"
    );
    for (what, needle) in [
        ("invitation token", token.as_str()),
        ("setup token", setup_token.as_str()),
        ("password", secret),
        ("password", PASSWORD),
    ] {
        assert!(!log.contains(needle), "the {what} appears in the log");
    }
}
