//! A message the worker cannot prepare because the database cannot be read at that moment (a
//! lost connection, a table it cannot reach) is tried again later, as an invitation whose batch
//! could not be read is — before, every message other than an invitation was dropped for good
//! (a password link, a welcome).

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use time::Duration;

async fn a_password_link_waits_out_a_database_it_cannot_read(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("PR-1").admin("boss@pr1.test").build().await;
    app.run_jobs().await;
    let before = app.emails_to("boss@pr1.test").len();
    crate::password_reset::ask(&app, "boss@pr1.test")
        .await
        .assert_ok();

    // The link's row cannot be read while its message is prepared.
    app.conn()
        .batch_execute("ALTER TABLE password_resets RENAME TO password_resets_away")
        .unwrap();
    app.clock.pin();
    app.run_jobs().await;
    app.conn()
        .batch_execute("ALTER TABLE password_resets_away RENAME TO password_resets")
        .unwrap();
    assert_eq!(app.emails_to("boss@pr1.test").len(), before, "not sent yet");

    // Readable again: the retry sends it.
    app.clock.advance(Duration::minutes(5));
    app.run_jobs().await;
    let mails = app.emails_to("boss@pr1.test");
    assert_eq!(mails.len(), before + 1, "the password link arrives");
}

both_backends!(a_password_link_waits_out_a_database_it_cannot_read);
