//! Failures of the mail server or of Invitely's settings for it — a wrong SMTP password here —
//! are not the recipients': nothing is failed at the first attempt, every message is retried,
//! and only when no attempt is left is the invitation failed, with a reason that says it was
//! the mail server's configuration. A 550 to one recipient stays final (delivery.rs).

use crate::both_backends;
use crate::support::app::{Options, PASSWORD};
use crate::support::pages::table_row;
use crate::support::{Backend, Session, TestApp};

/// More than any message backoff (at most an hour, + 20 %).
const PAST_ANY_BACKOFF: time::Duration = time::Duration::hours(2);

/// Attempts a message gets (`domain::jobs::MESSAGE_RETRIES`).
const ATTEMPTS: usize = 8;

const BAD_CREDENTIALS: &str = "535 5.7.8 bad credentials";

async fn spawn(backend: Backend) -> Option<TestApp> {
    let opts = Options {
        smtp_login: Some(("invitely", "a-wrong-password")),
        ..Options::default()
    };
    TestApp::spawn_with(backend, opts).await
}

/// The server now refuses the password: it restarts (the pooled connections, signed in
/// before, are cut) and answers every AUTH with 535.
fn refuse_sign_in(app: &TestApp) {
    app.smtp.refuse_auth(Some(BAD_CREDENTIALS));
    app.smtp.set_down(true);
    app.smtp.set_down(false);
}

async fn status_entry(admin: &Session, id: &str) -> serde_json::Value {
    let page = admin.get(&format!("/admin/users/statuses?id={id}")).await;
    page.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    json[id].clone()
}

/// A wrong password: the server answers AUTH with 535 for every message. Both invitations
/// stay queued, their cards waiting (neither in error nor failed), and go out once the
/// setting is right.
async fn a_refused_sign_in_fails_no_recipient(backend: Backend) {
    let Some(app) = spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    refuse_sign_in(&app);
    let auths_before = app.smtp.auths();
    let mut ids = Vec::new();
    for (first, email) in [("Ivan", "ivan@example.com"), ("Olga", "olga@example.com")] {
        let member = app.member(&admin).named(first, "Petrov").email(email);
        ids.push(member.invited().create().await);
    }

    assert_eq!(app.run_jobs().await, 2, "one attempt each");
    assert!(app.smtp.auths() >= auths_before + 2, "the server was asked");
    assert!(app.emails_to("ivan@example.com").is_empty());
    for id in &ids {
        let entry = status_entry(&admin, id).await;
        assert_eq!(
            entry["status"], "waiting",
            "not the recipient's fault: {entry}"
        );
        assert_eq!(entry["error"], "", "{entry}");
        assert!(table_row(&admin, "error", id).await.is_none());
    }
    let failed = admin.get("/admin/invitations?status=failed").await;
    failed.assert_ok();
    assert!(
        !failed.body.contains("ivan@example.com") && !failed.body.contains("olga@example.com"),
        "no invitation failed: {}",
        failed.body
    );

    // Retried with backoff, like a refused connection; delivered once the password is right.
    app.clock.advance(time::Duration::minutes(10));
    assert_eq!(app.run_jobs().await, 2, "retried");
    assert_eq!(status_entry(&admin, &ids[0]).await["status"], "waiting");
    app.smtp.refuse_auth(None);
    app.clock.advance(time::Duration::minutes(10));
    assert_eq!(app.run_jobs().await, 2);
    assert_eq!(app.emails_to("ivan@example.com").len(), 1);
    assert_eq!(app.emails_to("olga@example.com").len(), 1);
    for id in &ids {
        assert_eq!(status_entry(&admin, id).await["status"], "invited");
    }
}

/// A password that is never fixed: after the last attempt the invitation fails, and its reason
/// says it was the mail server's configuration, with the server's own answer, in the page's
/// language — not a refusal of the address.
async fn a_sign_in_refused_to_the_end_is_the_configuration(backend: Backend) {
    let Some(app) = spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    refuse_sign_in(&app);
    let member = app.member(&admin).named("Ivan", "Petrov");
    let id = member.email("ivan@example.com").invited().create().await;
    for attempt in 1..=ATTEMPTS {
        assert_eq!(app.run_jobs().await, 1, "attempt {attempt}");
        app.clock.advance(PAST_ANY_BACKOFF);
    }
    assert_eq!(app.run_jobs().await, 0, "no attempt left");
    assert!(app.emails_to("ivan@example.com").is_empty());

    // The clock ran past the session's idle limit: sign in again.
    let admin = app.login("boss@acme.test", PASSWORD).await;
    let entry = status_entry(&admin, &id).await;
    assert_eq!(entry["status"], "error", "{entry}");
    assert_eq!(
        entry["error"],
        "not sent because of the mail server's configuration, not this address: the server \
         refused Invitely's connection or sign-in (535 5.7.8 bad credentials); the operator \
         should check the SMTP settings and send again",
        "{entry}"
    );
    admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/users")])
        .await;
    let row = table_row(&admin, "error", &id).await.expect("listed");
    assert!(
        row.contains("из-за настройки почтового сервера, а не из-за адреса")
            && row.contains("(535 5.7.8 bad credentials)"),
        "{row}"
    );
}

both_backends!(
    a_refused_sign_in_fails_no_recipient,
    a_sign_in_refused_to_the_end_is_the_configuration,
);
