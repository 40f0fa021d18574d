//! Tokens and passwords never reach the log, even at trace level (docs/SECURITY.md A13). The
//! subscriber is the application's own (`invitely::logging`), so its redacting writer is what
//! is tested: every line, whatever logged it, has token path segments replaced.

use crate::support::app::{Options, PASSWORD};
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

/// The application's own subscriber (`invitely::logging`, as `main` installs it), at trace
/// level, writing into `buffer`.
fn install(buffer: &Buffer) {
    let writer = buffer.clone();
    // The server logs from its own threads: the subscriber must be global. This is the only
    // test that installs one; other tests running meanwhile only add more lines to search.
    invitely::logging::install(tracing_subscriber::EnvFilter::new("trace"), move || {
        writer.clone()
    })
    .expect("no other global subscriber");
}

/// A panic reported by the application's panic hook. The hook is installed only for this
/// panic: the test binary's other tests keep the default hook for their failures.
fn report_panic_through_the_log(message: &str) {
    let message = message.to_owned();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(invitely::logging::report_panic));
    let joined = std::thread::spawn(move || panic!("{message}")).join();
    std::panic::set_hook(previous);
    assert!(joined.is_err(), "the thread panicked");
}

/// The id the server gave a request (the `X-Request-Id` header).
fn request_id(page: &crate::support::Page) -> String {
    let id = page.headers.get("x-request-id").expect("a request id");
    id.to_str().unwrap().to_owned()
}

/// POST exactly these fields (no CSRF token unless given) from a client with no cookies; the
/// status and the request's id.
async fn forged_post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(serde_html_form::to_string(fields).unwrap())
        .send()
        .await
        .unwrap();
    let id = res.headers().get("x-request-id").expect("a request id");
    (res.status().as_u16(), id.to_str().unwrap().to_owned())
}

#[actix_web::test]
async fn no_token_or_password_in_trace_logs() {
    let buffer = Buffer::default();
    install(&buffer);

    // Two wrong token pages per minute, so that a 429 on a token page is logged below.
    let opts = Options {
        token_attempts_per_minute: 2,
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, opts).await.unwrap();
    let setup_link = app.setup_link.clone().unwrap();
    let setup_token = setup_link.rsplit('/').next().unwrap().to_owned();
    let setup_path = format!("/setup/{setup_token}");

    // The log is shared with the tests running meanwhile: each line looked for below is tied
    // to one of this test's requests by its id (the `X-Request-Id` header).
    let mut logged_as = Vec::new();

    // An operator who left the setup page open too long: CSRF refusals on a live setup link.
    let pw = [("password", PASSWORD), ("password_confirm", PASSWORD)];
    let (no_token, no_token_id) = forged_post(&app, &setup_path, &pw).await;
    let bad = [("csrf_token", "not-the-token"), pw[0], pw[1]];
    let (bad_token, bad_token_id) = forged_post(&app, &setup_path, &bad).await;
    assert_eq!(
        (no_token, bad_token),
        (403, 403),
        "CSRF refusals on /setup/{{token}}"
    );
    logged_as.push(("csrf.refused", no_token_id));
    logged_as.push(("csrf.refused", bad_token_id));

    let admin = app.org("L-1").admin("boss@logs.test").build().await;
    let link = app
        .member(&admin)
        .named("Logged", "")
        .email("logged@example.com")
        .invite()
        .await
        .link;
    let token = link.rsplit('/').next().unwrap().to_owned();
    let invite_path = format!("/invite/{token}");

    // The invitee's page expired: CSRF refusals on a live invitation link.
    let secret = "a secret passphrase 42";
    let pw = [("password", secret), ("password_confirm", secret)];
    let (no_token, no_token_id) = forged_post(&app, &invite_path, &pw).await;
    let bad = [("csrf_token", "not-the-token"), pw[0], pw[1]];
    let (bad_token, bad_token_id) = forged_post(&app, &invite_path, &bad).await;
    assert_eq!(
        (no_token, bad_token),
        (403, 403),
        "CSRF refusals on /invite/{{token}}"
    );
    logged_as.push(("csrf.refused", no_token_id));
    logged_as.push(("csrf.refused", bad_token_id));

    // 404s under the token prefixes (no route), including a password-reset link.
    let reset_token = "ResetTokenResetTokenResetTokenResetToken123";
    for path in [
        format!("/invite/{token}/extra"),
        format!("/setup/{setup_token}/extra"),
        format!("/password/reset/{reset_token}"),
        format!("/password/reset/{reset_token}/x"),
    ] {
        let page = app.session().get(&path).await;
        assert_eq!(page.status, 404, "{path}");
        if path == format!("/password/reset/{reset_token}") {
            logged_as.push(("account.password_reset_unknown_token", request_id(&page)));
            // The request log line, its token redacted.
            logged_as.push(("/password/reset/[token]", request_id(&page)));
        }
    }

    let s = app.session();
    s.get(&link).await;
    let accepted = s.post(&link, &[pw[0], pw[1]]).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    logged_as.push(("invitation.accepted", request_id(&accepted)));
    app.expect_welcome("logged@example.com").await;
    // The used link posted again: refused, and logged as such.
    let used = app.session().post(&link, &[pw[0], pw[1]]).await;
    assert_eq!(used.status, 410, "{}", used.body);
    logged_as.push(("invitation.accept_refused", request_id(&used)));

    // Wrong tokens until the throttle answers 429 on the live link.
    let wrong: Vec<String> = (0..3)
        .map(|i| format!("WrongTokenWrongTokenWrongTokenWrongToken{i:03}"))
        .collect();
    let mut statuses = Vec::new();
    for w in &wrong {
        let page = app.session().get(&format!("/invite/{w}")).await;
        statuses.push(page.status);
        if page.status == 404 {
            logged_as.push(("invitation.unknown_token", request_id(&page)));
        }
    }
    let throttled = app.session().get(&link).await;
    assert_eq!(throttled.status, 429, "wrong tokens first: {statuses:?}");
    logged_as.push(("limit.throttled", request_id(&throttled)));
    logged_as.push(("status=429", request_id(&throttled)));
    assert!(
        statuses.contains(&404),
        "a wrong token was answered: {statuses:?}"
    );

    // A panic whose message holds a link.
    report_panic_through_the_log(&format!("cannot render {}/invite/{token}", app.base));

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    let mut problems = Vec::new();
    for (what, needle) in [
        ("the request log ran", "/invite/[token]"),
        ("panics are logged", "panicked: cannot render"),
    ] {
        if !log.contains(needle) {
            problems.push(format!("{what}: {needle} not in {} bytes", log.len()));
        }
    }
    // H1: this test's CSRF refusals, its acceptance (an audit event), its wrong links, its 404
    // and its throttle's refusal are each logged with the request's id.
    // (Audit events log the id quoted, `request_id="…"`; the other lines bare.)
    for (action, id) in &logged_as {
        let line = format!("request_id={id}");
        let quoted = format!("request_id=\"{id}\"");
        if !log
            .lines()
            .any(|l| l.contains(action) && (l.contains(&line) || l.contains(&quoted)))
        {
            problems.push(format!("no {action} line with {line}"));
        }
    }
    for (what, needle) in [
        ("invitation token", token.as_str()),
        ("setup token", setup_token.as_str()),
        ("password-reset token", reset_token),
        ("wrong token", wrong[0].as_str()),
        ("password", secret),
        ("password", PASSWORD),
    ] {
        let lines: Vec<&str> = log.lines().filter(|l| l.contains(needle)).collect();
        if !lines.is_empty() {
            problems.push(format!(
                "the {what} appears in {} lines:\n{}",
                lines.len(),
                lines.join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
