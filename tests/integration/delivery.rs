//! Delivery through the outbox: temporary and permanent SMTP answers, a server that is down,
//! the SMS gateway, background workers, what the received e-mail looks like, and resends.

use crate::both_backends;
use crate::support::app::{Options, PASSWORD};
use crate::support::pages::{flashes, table_row};
use crate::support::smtp_sink::Reply;
use crate::support::{mime, Backend, Page, Session, TestApp};
use std::time::{Duration as StdDuration, Instant};

/// Far more than the first retry's backoff (30 s ± 20 %, then 60 s ± 20 %), but less than the
/// 30-minute session lifetime, which runs on the same clock: the admin stays signed in.
const RETRY_DUE: time::Duration = time::Duration::minutes(10);

/// Upper bound for anything the background workers do.
const WORKER_WAIT: StdDuration = StdDuration::from_secs(10);

/// Creates a user with an e-mail address and "Send invitation" ticked.
async fn invite_by_email(
    app: &TestApp,
    admin: &Session,
    first: &str,
    last: &str,
    email: &str,
) -> String {
    let member = app.member(admin).named(first, last).email(email);
    member.invited().create().await
}

/// The `statuses` JSON entry of one card.
async fn status_entry(admin: &Session, id: &str) -> serde_json::Value {
    let page = admin.get(&format!("/admin/users/statuses?id={id}")).await;
    page.assert_ok();
    let json: serde_json::Value =
        serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body));
    json.get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no entry for {id}: {}", page.body))
}

async fn status_of(admin: &Session, id: &str) -> String {
    status_entry(admin, id).await["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The text of every `<span class="reason">` in an HTML fragment.
fn reasons(html: &str) -> Vec<String> {
    html.split("<span class=\"reason\">")
        .skip(1)
        .map(|p| p.split("</span>").next().unwrap_or_default().to_owned())
        .collect()
}

/// "Invitations waiting to be sent: N" on the invitations page (the organisation's own).
async fn outbox_depth_shown(admin: &Session) -> String {
    let page = admin.get("/admin/invitations").await;
    page.assert_ok();
    let marker = "Invitations waiting to be sent: ";
    let start = page
        .body
        .find(marker)
        .unwrap_or_else(|| panic!("no outbox depth: {}", page.body))
        + marker.len();
    page.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// The `<tr>` of the invitations list whose recipient is `recipient`, newest first.
fn invitation_rows<'a>(body: &'a str, recipient: &str) -> Vec<&'a str> {
    let cell = format!("<td>{recipient}</td>");
    body.split("<tr>")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or_default())
        // Addresses may break after "@" and dots (<wbr>): matched as read.
        .filter(|row| row.replace("<wbr>", "").contains(&cell))
        .collect()
}

/// The resend form action `/admin/invitations/ID/resend` in a row of the invitations list.
fn resend_action(row: &str) -> Option<String> {
    let start = row.find("action=\"/admin/invitations/")? + "action=\"".len();
    let action = &row[start..];
    let action = &action[..action.find('"')?];
    action.ends_with("/resend").then(|| action.to_owned())
}

async fn poll<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + WORKER_WAIT;
    loop {
        if check().await {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {WORKER_WAIT:?} waiting for {what}"
        );
        actix_web::rt::time::sleep(StdDuration::from_millis(25)).await;
    }
}

/// The header block of each part of a (non-nested) multipart message.
fn part_headers(raw: &str) -> Vec<String> {
    let content_type = mime::header(raw, "Content-Type").expect("Content-Type");
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .expect("boundary");
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut chunks = raw.split(&delimiter).skip(1);
    for chunk in chunks.by_ref() {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.trim_start_matches(['\r', '\n']);
        let end = chunk
            .find("\r\n\r\n")
            .or_else(|| chunk.find("\n\n"))
            .unwrap_or(chunk.len());
        out.push(chunk[..end].to_owned());
    }
    out
}

/// The value of `name` in a header block (first line only is enough for these headers).
fn header_in(block: &str, name: &str) -> Option<String> {
    block.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

/// 1. 451 then 250: the first attempt leaves the user waiting, the retry delivers once.
async fn temporary_smtp_failure_is_retried(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    app.smtp.script(vec![
        Reply::Temporary("451 4.3.0 Try again later".into()),
        Reply::Ok,
    ]);

    let id = invite_by_email(&app, &admin, "Ivan", "Petrov", "ivan@example.com").await;
    assert_eq!(status_of(&admin, &id).await, "waiting");
    assert_eq!(app.run_jobs().await, 1, "one attempt");
    assert!(
        app.emails_to("ivan@example.com").is_empty(),
        "451: nothing was accepted"
    );
    assert_eq!(
        status_of(&admin, &id).await,
        "waiting",
        "a temporary failure is not an error"
    );
    assert_eq!(
        outbox_depth_shown(&admin).await,
        "1",
        "the job is kept for a retry"
    );
    assert_eq!(app.run_jobs().await, 0, "the retry is not due yet");

    // The admin sees since when it waits (docs/SECURITY.md I8).
    app.clock.advance(RETRY_DUE);
    let page = admin.get("/admin/invitations").await;
    assert!(
        page.body
            .contains("Invitations waiting to be sent: 1 (the oldest for 10 min)"),
        "{}",
        page.body
    );
    assert_eq!(app.run_jobs().await, 1, "the retry");
    assert_eq!(app.emails_to("ivan@example.com").len(), 1);
    assert_eq!(status_of(&admin, &id).await, "invited");
    assert!(table_row(&admin, "invited", &id).await.is_some());

    app.clock.advance(RETRY_DUE);
    assert_eq!(app.run_jobs().await, 0, "nothing left to do");
    assert_eq!(
        app.emails_to("ivan@example.com").len(),
        1,
        "received exactly once"
    );
    assert_eq!(outbox_depth_shown(&admin).await, "0");
}

/// 2. 550: the user is in error with the server's words; the invitation is listed as failed.
async fn permanent_smtp_failure_is_an_error(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    app.smtp.script(vec![Reply::Permanent(
        "550 5.1.1 Mailbox unavailable".into(),
    )]);

    let id = invite_by_email(&app, &admin, "Gone", "Away", "gone@example.com").await;
    assert_eq!(app.run_jobs().await, 1);
    assert!(app.emails_to("gone@example.com").is_empty());
    assert_eq!(status_of(&admin, &id).await, "error");

    let row = table_row(&admin, "error", &id)
        .await
        .expect("listed under error");
    let shown = reasons(&row);
    // The server's code and words, framed by the page's language: none of lettre's English
    // ("permanent error (550): …") is stored or shown.
    assert_eq!(
        shown,
        ["the server answered: 550 5.1.1 Mailbox unavailable"],
        "{row}"
    );
    let entry = status_entry(&admin, &id).await;
    assert_eq!(
        entry["error"], "the server answered: 550 5.1.1 Mailbox unavailable",
        "{entry}"
    );
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/users")])
        .await;
    assert_eq!(switched.status, 303);
    let row = table_row(&admin, "error", &id).await.expect("listed");
    assert_eq!(
        reasons(&row),
        ["ответ сервера: 550 5.1.1 Mailbox unavailable"],
        "{row}"
    );
    let card = admin.get(&format!("/admin/users/{id}")).await;
    assert!(
        card.body
            .contains("ответ сервера: 550 5.1.1 Mailbox unavailable")
            && !card.body.contains("permanent error"),
        "{}",
        card.body
    );
    admin
        .post("/lang", &[("lang", "en"), ("back", "/admin/users")])
        .await;

    // No retry of a permanent failure.
    app.clock.advance(RETRY_DUE);
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(outbox_depth_shown(&admin).await, "0");
    // The admin sees it was not delivered, with a link to those (docs/SECURITY.md I8).
    let page = admin.get("/admin/invitations").await;
    assert!(
        page.body
            .contains("<a href=\"/admin/invitations?status=failed\">Not delivered: 1</a>"),
        "{}",
        page.body
    );

    let failed = admin.get("/admin/invitations?status=failed").await;
    failed.assert_ok();
    let rows = invitation_rows(&failed.body, "gone@example.com");
    assert_eq!(rows.len(), 1, "{}", failed.body);
    assert!(rows[0].contains("istatus-failed"), "{}", rows[0]);
    assert!(rows[0].contains("550"), "{}", rows[0]);
    assert!(
        invitation_rows(&failed.body, "boss@acme.test").is_empty(),
        "only failed ones"
    );
}

/// 3. The SMTP server is down: nothing is lost, and it is delivered once when it is back.
async fn smtp_down_then_back(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let before = app.emails().len();
    app.smtp.set_down(true);

    let id = invite_by_email(&app, &admin, "Ivan", "Petrov", "ivan@example.com").await;
    assert_eq!(app.run_jobs().await, 1, "one failed attempt");
    assert_eq!(status_of(&admin, &id).await, "waiting");
    // Not sent yet: no sending time, no expiry on the invitations list or the card.
    let list = admin.get("/admin/invitations").await;
    let row = list
        .body
        .split("<tr>")
        .find(|r| r.contains("ivan@example.com"))
        .expect("the invitation listed");
    assert!(!row.contains(" UTC"), "{row}");
    let card = admin.get(&format!("/admin/users/{id}")).await;
    let history = card.body.split("invitations-history").last().unwrap();
    let row = history
        .split("<tr>")
        .find(|r| r.contains("ivan@example.com"))
        .expect("the invitation on the card");
    assert_eq!(row.matches(" UTC").count(), 1, "created, no expiry: {row}");
    assert_eq!(
        outbox_depth_shown(&admin).await,
        "1",
        "the message is still queued"
    );
    assert_eq!(app.emails().len(), before);

    app.smtp.set_down(false);
    app.clock.advance(RETRY_DUE);
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.emails_to("ivan@example.com").len(), 1);
    assert_eq!(status_of(&admin, &id).await, "invited");

    app.clock.advance(RETRY_DUE);
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(app.emails_to("ivan@example.com").len(), 1, "exactly once");
    assert_eq!(app.emails().len(), before + 1);
    assert_eq!(outbox_depth_shown(&admin).await, "0");
}

/// 4. SMS: 400 is final (error); 503 is retried and then delivered.
async fn sms_gateway_failures(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let sms_user = |first: &str, phone: &str| {
        let member = app.member(&admin).named(first, "Smirnova").phone(phone);
        member.customer().invited()
    };

    app.sms.script(vec![400]);
    let refused = sms_user("Olga", "+7 905 111-11-11").create().await;
    assert_eq!(status_of(&admin, &refused).await, "waiting");
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.sms.attempts(), 1);
    assert!(app.sms.messages().is_empty());
    assert_eq!(status_of(&admin, &refused).await, "error");
    let row = table_row(&admin, "error", &refused)
        .await
        .expect("listed under error");
    assert!(reasons(&row).iter().any(|r| r.contains("400")), "{row}");
    app.clock.advance(RETRY_DUE);
    assert_eq!(app.run_jobs().await, 0, "a 400 is not retried");
    assert_eq!(app.sms.attempts(), 1);

    app.sms.script(vec![503]);
    let retried = sms_user("Irina", "+7 905 222-22-22").create().await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.sms.attempts(), 2);
    assert!(app.sms.messages().is_empty());
    assert_eq!(
        status_of(&admin, &retried).await,
        "waiting",
        "503 is temporary"
    );

    app.clock.advance(RETRY_DUE);
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.sms.attempts(), 3);
    let sent = app.sms.messages();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].contains("+79052222222") && sent[0].contains(&format!("{}/invite/", app.base)),
        "{}",
        sent[0]
    );
    assert_eq!(status_of(&admin, &retried).await, "invited");
    assert_eq!(
        status_of(&admin, &refused).await,
        "error",
        "the refused one stays in error"
    );
}

/// 5. Real background workers deliver without anybody calling `run_jobs`.
async fn background_workers_deliver(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        Options {
            workers: 2,
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let app = &app;
    // `app.org(..).build()` calls `run_jobs`, which races with the workers; set up by hand instead.
    let op = app.operator().await;
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", "Org C-1"),
                ("customer_number", "C-1"),
                ("seat_limit", "100"),
                ("daily_invite_limit", "50"),
                ("admin_email", "boss@acme.test"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    poll("the admin's invitation", || async move {
        !app.emails_to("boss@acme.test").is_empty()
    })
    .await;
    // The worker records the send just after the server accepted the message: until then
    // the link is not known yet.
    let link = app.invitation_link("boss@acme.test");
    let link = link.as_str();
    poll("the link to work", || async move {
        app.session().get(link).await.status == 200
    })
    .await;
    let admin = app.accept_only(link, PASSWORD).await;
    poll("the welcome mail", || async move {
        app.emails_to("boss@acme.test").len() >= 2
    })
    .await;

    let id = invite_by_email(app, &admin, "Ivan", "Petrov", "ivan@example.com").await;
    let admin = &admin;
    let id = id.as_str();
    poll("the user to be invited", || async move {
        status_of(admin, id).await == "invited"
    })
    .await;
    let mails = app.emails_to("ivan@example.com");
    assert_eq!(mails.len(), 1, "the mail arrived once");
    let text = mime::part(&mails[0].data, "text/plain").unwrap();
    assert!(text.contains(&format!("{}/invite/", app.base)), "{text}");
    poll("an empty outbox", || async move {
        outbox_depth_shown(admin).await == "0"
    })
    .await;
    assert_eq!(
        app.emails_to("ivan@example.com").len(),
        1,
        "no duplicate from the second worker"
    );
}

/// 6. The invitation e-mail: structure, encodings, content, one link, escaped names.
async fn invitation_email_quality(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-4711").admin("boss@acme.test").build().await;
    invite_by_email(&app, &admin, "Anna", "Karenina", "anna@example.com").await;
    assert_eq!(app.run_jobs().await, 1);
    let mails = app.emails_to("anna@example.com");
    assert_eq!(mails.len(), 1);
    let raw = &mails[0].data;

    let content_type = mime::header(raw, "Content-Type").unwrap();
    assert!(
        content_type
            .to_ascii_lowercase()
            .starts_with("multipart/alternative"),
        "{content_type}"
    );
    let parts = part_headers(raw);
    assert_eq!(parts.len(), 2, "{raw}");
    let types: Vec<String> = parts
        .iter()
        .map(|p| {
            header_in(p, "Content-Type")
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .collect();
    assert!(types[0].starts_with("text/plain"), "{types:?}");
    assert!(types[1].starts_with("text/html"), "{types:?}");
    for p in &parts {
        let cte = header_in(p, "Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            cte == "quoted-printable" || cte == "base64",
            "part encoded as {cte:?}: {p}"
        );
    }
    let cte_lines: Vec<&str> = raw
        .lines()
        .filter(|l| {
            l.to_ascii_lowercase()
                .starts_with("content-transfer-encoding:")
        })
        .collect();
    assert_eq!(cte_lines.len(), 2, "{cte_lines:?}");
    assert!(
        raw.lines().all(|l| l.len() <= 998),
        "no over-long line on the wire"
    );
    assert!(raw.is_ascii(), "everything on the wire is encoded");

    let message_id = mime::header(raw, "Message-ID").expect("a Message-ID");
    assert!(
        message_id.starts_with('<') && message_id.ends_with('>') && message_id.contains('@'),
        "{message_id}"
    );
    assert!(mime::header(raw, "Date").is_some());
    let subject = mime::header(raw, "Subject").unwrap();
    assert!(
        subject.contains("Org C-4711") && subject.contains("customer number C-4711"),
        "{subject}"
    );

    let text = mime::part(raw, "text/plain").unwrap();
    let html = mime::part(raw, "text/html").unwrap();
    assert!(
        text.contains("Org C-4711") && text.contains("(customer number C-4711)"),
        "{text}"
    );
    assert!(
        html.contains("Org C-4711") && html.contains("(customer number C-4711)"),
        "{html}"
    );
    assert!(text.contains("Hello Anna Karenina"), "{text}");
    let prefix = format!("{}/invite/", app.base);
    let text_link = mime::find_link(&text, &prefix).expect("link in text");
    let html_link = mime::find_link(&html, &prefix).expect("link in HTML");
    assert!(text_link.len() > prefix.len() + 10, "{text_link}");
    assert_eq!(text_link, html_link, "the same link in both parts");
    assert_eq!(text_link, app.invitation_link("anna@example.com"));
    assert!(html.contains(&format!("href=\"{text_link}\"")), "{html}");
    app.session().get(&text_link).await.assert_ok();

    // A name with markup is escaped in the HTML part.
    invite_by_email(
        &app,
        &admin,
        "<script>alert(1)</script>",
        "Evil",
        "evil@example.com",
    )
    .await;
    assert_eq!(app.run_jobs().await, 1);
    let mails = app.emails_to("evil@example.com");
    assert_eq!(mails.len(), 1);
    let html = mime::part(&mails[0].data, "text/html").unwrap();
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "raw script tag in the HTML part: {html}"
    );
    assert!(
        html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"),
        "the name is shown escaped: {html}"
    );
    let subject = mime::header(&mails[0].data, "Subject").unwrap();
    assert!(!subject.contains('\n'), "{subject}");
}

/// 7. Resend: a second message with a new link; the first link is withdrawn (410).
async fn resend_replaces_the_link(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let id = invite_by_email(&app, &admin, "Ivan", "Petrov", "ivan@example.com").await;
    assert_eq!(app.run_jobs().await, 1);
    let first_link = app.invitation_link("ivan@example.com");
    let first_id = mime::header(&app.emails_to("ivan@example.com")[0].data, "Message-ID").unwrap();

    let list = admin.get("/admin/invitations").await;
    list.assert_ok();
    let rows = invitation_rows(&list.body, "ivan@example.com");
    assert_eq!(rows.len(), 1, "{}", list.body);
    let action = resend_action(rows[0]).unwrap_or_else(|| panic!("no resend form: {}", rows[0]));
    let page: Page = admin.post(&action, &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/admin/invitations"));
    let back = admin.get("/admin/invitations").await;
    assert!(
        flashes(&back.body)
            .iter()
            .any(|f| f == "1 invitation queued."),
        "{:?}",
        flashes(&back.body)
    );
    assert_eq!(status_of(&admin, &id).await, "waiting");

    assert_eq!(app.run_jobs().await, 1);
    let mails = app.emails_to("ivan@example.com");
    assert_eq!(mails.len(), 2, "a second e-mail");
    let second_link = app.invitation_link("ivan@example.com");
    assert_ne!(first_link, second_link, "a new link");
    assert_ne!(
        mime::header(&mails[1].data, "Message-ID").unwrap(),
        first_id
    );
    assert_eq!(status_of(&admin, &id).await, "invited");

    let visitor = app.session();
    let old = visitor.get(&first_link).await;
    assert_eq!(old.status, 410, "{}", old.body);
    assert!(
        old.body.contains("This invitation was withdrawn"),
        "{}",
        old.body
    );
    assert!(
        !old.body.contains("ivan@example.com"),
        "the withdrawn page reveals nothing"
    );
    visitor.get(&second_link).await.assert_ok();

    // The list shows both: the first replaced (not "Revoked": nobody revoked it), the second
    // pending.
    let list = admin.get("/admin/invitations").await;
    let rows = invitation_rows(&list.body, "ivan@example.com");
    assert_eq!(rows.len(), 2, "{}", list.body);
    let count = |class: &str| rows.iter().filter(|r| r.contains(class)).count();
    assert_eq!(
        (
            count("istatus-pending"),
            count("istatus-replaced"),
            count("istatus-revoked")
        ),
        (1, 1, 0),
        "{rows:?}"
    );
}

both_backends!(
    temporary_smtp_failure_is_retried,
    permanent_smtp_failure_is_an_error,
    smtp_down_then_back,
    sms_gateway_failures,
    background_workers_deliver,
    invitation_email_quality,
    resend_replaces_the_link,
);
