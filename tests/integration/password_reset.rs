//! Forgotten passwords (issue 8): `/password/forgot` and `/password/reset/{token}` through HTTP,
//! the link by e-mail over the SMTP sink and by SMS over the gateway; the same answer whether or
//! not an account exists; single use, one hour, dead after any password change; throttled under
//! parallel requests; opening a link changes nothing.

use crate::account::{account_id, audit_count, mails_with_id, redact, shown, NEW_PASSWORD};
use crate::both_backends;
use crate::security::dump_tables;
use crate::support::app::PASSWORD;
use crate::support::{mime, Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{accounts, password_resets};
use invitely::domain::password_reset::{PER_ADDRESS, PER_IDENTIFIER};

/// Asks for a link as a visitor does; returns the answer.
pub(crate) async fn ask(app: &TestApp, identifier: &str) -> Page {
    let s = app.session();
    s.get("/password/forgot").await.assert_ok();
    s.post("/password/forgot", &[("email", identifier)]).await
}

/// The reset link in the newest reset e-mail to `address`.
pub(crate) fn mailed_link(app: &TestApp, address: &str) -> String {
    let mail = mails_with_id(app, address, "<password-reset-")
        .pop()
        .unwrap_or_else(|| panic!("no reset mail to {address}"));
    let text = mime::part(&mail.data, "text/plain").unwrap();
    mime::find_link(&text, &format!("{}/password/reset/", app.base)).unwrap()
}

fn reset_rows(app: &TestApp) -> i64 {
    password_resets::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The page without what differs from request to request (the CSRF tokens) and the identifier.
fn comparable(page: &Page, identifier: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf_token" value="[^"]*""#).unwrap();
    re.replace_all(&page.body, "")
        .replace(identifier, "[identifier]")
}

pub(crate) async fn set_password(s: &Session, link: &str, password: &str) -> Page {
    s.post(
        link,
        &[("password", password), ("password_confirm", password)],
    )
    .await
}

/// An unknown address, a disabled account and a known one get the same page; only the known
/// one gets mail; a malformed identifier is a form error.
async fn same_answer_whether_or_not_the_account_exists(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("F-1").admin("boss@f1.test").build().await;
    let mails = app.emails().len();
    let known = ask(&app, "boss@f1.test").await;
    let unknown = ask(&app, "nobody@f1.test").await;
    assert_eq!(known.status, 200, "{}", known.body);
    assert_eq!(unknown.status, 200);
    assert_eq!(
        comparable(&known, "boss@f1.test"),
        comparable(&unknown, "nobody@f1.test")
    );
    assert!(known.body.contains("Check your messages"));
    let unknown_phone = ask(&app, "+7 905 000-00-00").await;
    assert_eq!(unknown_phone.status, 200);
    app.run_jobs().await;
    assert_eq!(
        app.emails().len(),
        mails + 1,
        "only the known account got mail"
    );
    assert!(app.emails_to("nobody@f1.test").is_empty());
    assert!(app.sms.messages().is_empty());
    assert_eq!(reset_rows(&app), 1);
    assert_eq!(
        audit_count(&app, "account.password_reset_requested", ""),
        2,
        "the requests without an account are audited too"
    );

    // A disabled account gets nothing, and its old link dies.
    let link = mailed_link(&app, "boss@f1.test");
    diesel::update(accounts::table.filter(accounts::email.eq("boss@f1.test")))
        .set(accounts::disabled_at.eq(app.clock.now()))
        .execute(&mut *app.conn())
        .unwrap();
    let disabled = ask(&app, "boss@f1.test").await;
    assert_eq!(
        comparable(&disabled, "boss@f1.test"),
        comparable(&unknown, "nobody@f1.test")
    );
    app.run_jobs().await;
    assert_eq!(app.emails().len(), mails + 1);
    assert_eq!(app.session().get(&link).await.status, 404);

    let bad = ask(&app, "not an address").await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains(
            "<p class=\"field-error\" id=\"email-error\">Type an e-mail address \
             (name@example.com) or a phone number with its country code (+7 905 111-11-11).</p>"
        ),
        "{}",
        bad.body
    );
    // The login page links here.
    assert!(app
        .session()
        .get("/login")
        .await
        .body
        .contains("href=\"/password/forgot\""));
}

/// By e-mail, end to end: the mail carries the link (never stored raw, not even in the outbox);
/// opening it changes nothing; the rules apply; setting the password consumes it, ends every
/// session of the account, audits, tells the account, and sends to the sign-in page.
async fn email_reset_end_to_end(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("E-1").admin("boss@e1.test").build().await;
    let uid = account_id(&app, "boss@e1.test");
    let page = ask(&app, "Boss@E1.test").await;
    assert_eq!(page.status, 200);
    // Before the job runs, while the message waits in the outbox, and after it left: the link
    // exists only as a digest.
    let queued = dump_tables(&app, &[]);
    let waiting = |rows: &[String]| {
        rows.iter()
            .filter(|r| r.starts_with("outbox_jobs|") && r.contains("password_reset"))
            .count()
    };
    assert_eq!(waiting(&queued), 1, "the message waits in the outbox");
    app.run_jobs().await;
    let link = mailed_link(&app, "boss@e1.test");
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(token.len(), 43);
    let delivered = dump_tables(&app, &[]);
    assert_eq!(waiting(&delivered), 0, "the outbox row is gone once sent");
    for (when, rows) in [("queued", &queued), ("delivered", &delivered)] {
        assert!(
            !rows.join("\n").contains(&token),
            "the raw token is stored somewhere ({when})"
        );
    }
    let mail = mails_with_id(&app, "boss@e1.test", "<password-reset-")
        .pop()
        .unwrap();
    insta::assert_snapshot!("password_reset.en", shown(&app, &mail));

    // Opening the link (twice, and with HEAD) changes nothing.
    let before = dump_tables(&app, &["sessions", "throttles"]);
    let visitor = app.session();
    for _ in 0..2 {
        let form = visitor.get(&link).await;
        form.assert_ok();
        assert!(form.body.contains("boss@e1.test"));
        assert_eq!(
            form.header("referrer-policy").as_deref(),
            Some("no-referrer")
        );
        visitor.client.head(&link).send().await.unwrap();
    }
    assert_eq!(before, dump_tables(&app, &["sessions", "throttles"]));

    let mismatch = visitor
        .post(
            &link,
            &[
                ("password", NEW_PASSWORD),
                ("password_confirm", "other one here"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    let weak = set_password(&visitor, &link, "short").await;
    assert_eq!(weak.status, 422);
    admin.get("/admin/users").await.assert_ok();

    let done = set_password(&visitor, &link, NEW_PASSWORD).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/login?reset=done"));
    let login = visitor.get("/login?reset=done").await;
    assert!(login.body.contains("Your password was set."));
    assert_eq!(
        admin.get("/admin/users").await.status,
        303,
        "every session ended"
    );
    assert_eq!(
        audit_count(&app, "account.password_reset", &format!("account:{uid}")),
        1
    );
    app.login("boss@e1.test", NEW_PASSWORD).await;

    // Single use.
    assert_eq!(visitor.get(&link).await.status, 404);
    let again = set_password(&app.session(), &link, "yet another long password").await;
    assert_eq!(again.status, 404);
    assert!(again.body.contains("This link no longer works"));
    app.login("boss@e1.test", NEW_PASSWORD).await;

    app.run_jobs().await;
    assert_eq!(
        mails_with_id(&app, "boss@e1.test", "<password-changed-").len(),
        1,
        "the account is told"
    );
}

/// By SMS, end to end, for an account that signs in with its phone.
async fn sms_reset_end_to_end(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-1").admin("boss@s1.test").build().await;
    app.member(&admin)
        .named("Pavel", "Phone")
        .phone("+7 905 111-11-11")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let sms: serde_json::Value = serde_json::from_str(app.sms.messages().last().unwrap()).unwrap();
    let invite = mime::find_link(
        sms["text"].as_str().unwrap(),
        &format!("{}/invite/", app.base),
    )
    .unwrap();
    app.accept(&invite, PASSWORD).await;
    // The password set on acceptance: the phone hears that the account is ready
    // (docs/SECURITY.md C6), with the sign-in page.
    app.run_jobs().await;
    let sms: serde_json::Value = serde_json::from_str(app.sms.messages().last().unwrap()).unwrap();
    assert_eq!(sms["to"], "+79051111111");
    let welcome = sms["text"].as_str().unwrap();
    assert!(
        welcome.contains("account is ready") && welcome.ends_with(&format!("{}/login", app.base)),
        "{welcome}"
    );
    let phone_session = app.login("+79051111111", PASSWORD).await;

    let page = ask(&app, "+7 (905) 111-11-11").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let before = app.sms.messages().len();
    app.run_jobs().await;
    let messages = app.sms.messages();
    assert_eq!(messages.len(), before + 1);
    let sms: serde_json::Value = serde_json::from_str(messages.last().unwrap()).unwrap();
    assert_eq!(sms["to"], "+79051111111");
    let text = sms["text"].as_str().unwrap();
    let link = mime::find_link(text, &format!("{}/password/reset/", app.base)).unwrap();
    insta::assert_snapshot!("password_reset_sms.en", redact(&app, text));

    let visitor = app.session();
    visitor.get(&link).await.assert_ok();
    let done = set_password(&visitor, &link, NEW_PASSWORD).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(phone_session.get("/").await.status, 303, "signed out");
    app.login("+79051111111", NEW_PASSWORD).await;
    assert_eq!(visitor.get(&link).await.status, 404);
    // The account has no e-mail address: the change is told by SMS (docs/SECURITY.md C6),
    // with where to set another password and never the new one.
    let before = app.sms.messages().len();
    app.run_jobs().await;
    let messages = app.sms.messages();
    assert_eq!(messages.len(), before + 1, "one notice of the change");
    let sms: serde_json::Value = serde_json::from_str(messages.last().unwrap()).unwrap();
    assert_eq!(sms["to"], "+79051111111");
    let notice = sms["text"].as_str().unwrap();
    assert!(
        notice.contains("password was changed")
            && notice.ends_with(&format!("{}/password/forgot", app.base)),
        "{notice}"
    );
    assert!(!notice.contains(NEW_PASSWORD) && !notice.contains("/password/reset/"));
}

/// One hour: still open at 59 minutes, dead at 61, for the page and for the form.
async fn links_expire_after_an_hour(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("X-1").admin("boss@x1.test").build().await;
    app.clock.pin();
    ask(&app, "boss@x1.test").await;
    app.run_jobs().await;
    let link = mailed_link(&app, "boss@x1.test");
    app.clock.advance(time::Duration::minutes(59));
    app.session().get(&link).await.assert_ok();
    app.clock.advance(time::Duration::minutes(2));
    assert_eq!(app.session().get(&link).await.status, 404);
    let late = set_password(&app.session(), &link, NEW_PASSWORD).await;
    assert_eq!(late.status, 404);
    app.login("boss@x1.test", PASSWORD).await;
}

/// Any password change kills the links asked for before it: a change on `/account`, and a
/// reset with another link.
async fn links_die_with_any_password_change(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("D-1").admin("boss@d1.test").build().await;
    ask(&app, "boss@d1.test").await;
    app.run_jobs().await;
    let first = mailed_link(&app, "boss@d1.test");
    admin.get("/account").await.assert_ok();
    let changed = admin
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    assert_eq!(app.session().get(&first).await.status, 404);
    app.run_jobs().await;

    // Two links; using one kills the other.
    ask(&app, "boss@d1.test").await;
    app.run_jobs().await;
    let a = mailed_link(&app, "boss@d1.test");
    ask(&app, "boss@d1.test").await;
    app.run_jobs().await;
    let b = mailed_link(&app, "boss@d1.test");
    assert_ne!(a, b);
    let s = app.session();
    s.get(&b).await.assert_ok();
    assert_eq!(set_password(&s, &b, PASSWORD).await.status, 303);
    assert_eq!(app.session().get(&a).await.status, 404);
    assert_eq!(
        set_password(&app.session(), &a, "a third long password")
            .await
            .status,
        404
    );
    app.login("boss@d1.test", PASSWORD).await;
    app.run_jobs().await;
}

/// Parallel requests for one identifier: exactly `PER_IDENTIFIER` get through (the newest link
/// is sent); the rest are refused (429). Per client address: `PER_ADDRESS` in all, whatever the identifiers.
async fn requests_are_throttled_under_parallel_load(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("Q-1").admin("boss@q1.test").build().await;
    app.clock.pin();
    let sessions: Vec<Session> = (0..8).map(|_| app.session()).collect();
    for s in &sessions {
        s.get("/password/forgot").await.assert_ok();
    }
    let pages = futures::future::join_all(
        sessions
            .iter()
            .map(|s| s.post("/password/forgot", &[("email", "boss@q1.test")])),
    )
    .await;
    let statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
    let passed = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!(passed as i64, PER_IDENTIFIER, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 8 - passed);
    // Each request ended the links asked for before it: one message, the newest link's.
    app.run_jobs().await;
    assert_eq!(
        mails_with_id(&app, "boss@q1.test", "<password-reset-").len(),
        1
    );

    // The address: what is left of its allowance, in parallel, with distinct identifiers.
    let left = PER_ADDRESS - PER_IDENTIFIER;
    let sessions: Vec<Session> = (0..left + 4).map(|_| app.session()).collect();
    for s in &sessions {
        s.get("/password/forgot").await.assert_ok();
    }
    let names: Vec<String> = (0..sessions.len())
        .map(|i| format!("p{i}@q1.test"))
        .collect();
    let pages =
        futures::future::join_all(sessions.iter().zip(&names).map(|(s, n)| async move {
            s.post("/password/forgot", &[("email", n.as_str())]).await
        }))
        .await;
    let passed = pages.iter().filter(|p| p.status == 200).count() as i64;
    assert_eq!(passed, left);
    // A new window: allowed again.
    app.clock.advance(time::Duration::minutes(61));
    assert_eq!(ask(&app, "boss@q1.test").await.status, 200);
    app.run_jobs().await;
}

/// The reset message in Russian (snapshot), for an account whose language is Russian.
async fn reset_message_in_russian(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-2").admin("boss@r2.test").build().await;
    admin.get("/account").await.assert_ok();
    assert_eq!(
        admin
            .post("/account/language", &[("lang", "ru")])
            .await
            .status,
        303
    );
    ask(&app, "boss@r2.test").await;
    app.run_jobs().await;
    let mail = mails_with_id(&app, "boss@r2.test", "<password-reset-")
        .pop()
        .unwrap();
    insta::assert_snapshot!("password_reset.ru", shown(&app, &mail));
    // The link's page speaks the account's language too, in a browser that chose none (it was
    // in English), and so does its answer to a bad password.
    let link = mailed_link(&app, "boss@r2.test");
    let s = app.session();
    let page = s.get(&link).await;
    page.assert_ok();
    assert!(page.body.contains("<html lang=\"ru\">"), "{}", page.body);
    assert!(page.body.contains("Новый пароль"), "{}", page.body);
    let short = set_password(&s, &link, "short").await;
    assert_eq!(short.status, 422);
    assert!(short.body.contains("<html lang=\"ru\">"), "{}", short.body);
    // A language the visitor chose comes first.
    let en = app.session();
    en.get("/login").await;
    en.post("/lang", &[("lang", "en"), ("back", "/")]).await;
    let page = en.get(&link).await;
    assert!(page.body.contains("Set a new password"), "{}", page.body);
    // Set, the sign-in page that says so speaks it as well; so does the dead link after it.
    let done = set_password(&s, &link, "a good new passphrase 42").await;
    assert_eq!(done.status, 303, "{}", done.body);
    let login = s.get(done.location.as_deref().unwrap()).await;
    assert!(login.body.contains("<html lang=\"ru\">"), "{}", login.body);
    let dead = s.get(&link).await;
    assert!(dead.body.contains("<html lang=\"ru\">"), "{}", dead.body);
    assert_eq!(app.run_jobs().await, 1, "the notice of the password set");
}

/// Under "e-mail only" (docs/PRODUCT.md §2.1) no link goes by SMS: a phone number typed is a
/// form error that says to type the e-mail address — for any number, whether or not an account
/// signs in with it, so it tells nothing of accounts — and nothing is queued or sent. The
/// account's e-mail address still gets its link.
async fn email_only_sends_no_link_by_sms(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("S-2").admin("boss@s2.test").build().await;
    // The admin's account signs in with a phone too.
    diesel::update(accounts::table.filter(accounts::email.eq("boss@s2.test")))
        .set(accounts::phone.eq("+79051112233"))
        .execute(&mut *app.conn())
        .unwrap();
    use invitely::domain::settings::{self, Key, VerificationMethod};
    let method = VerificationMethod::EmailOnly.as_str();
    settings::set(&mut app.conn(), Key::VerificationMethod, method).unwrap();
    let form = app.session().get("/password/forgot").await;
    assert!(
        form.body
            .contains("Type the e-mail address of your account.")
            && !form.body.contains("phone"),
        "{}",
        form.body
    );
    for number in ["+7 905 111-22-33", "+7 905 000-00-00"] {
        let page = ask(&app, number).await;
        assert_eq!(page.status, 422, "{number}: {}", page.body);
        assert!(
            page.body.contains(
                "Links are sent by e-mail only. Type the e-mail address you sign in with."
            ),
            "{}",
            page.body
        );
        assert!(
            page.body.contains(&format!(r#"value="{number}""#)),
            "{}",
            page.body
        );
    }
    app.run_jobs().await;
    assert_eq!(reset_rows(&app), 0);
    assert!(app.sms.messages().is_empty(), "{:?}", app.sms.messages());
    let page = ask(&app, "boss@s2.test").await;
    assert_eq!(page.status, 200, "{}", page.body);
    app.run_jobs().await;
    assert!(mailed_link(&app, "boss@s2.test").contains("/password/reset/"));
}

/// Asking again ends the links asked for before: only the newest works (the older message,
/// sent already, leads to the dead link's page).
async fn a_new_link_ends_the_older_ones(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("N-1").admin("boss@n1.test").build().await;
    ask(&app, "boss@n1.test").await;
    app.run_jobs().await;
    let first = mailed_link(&app, "boss@n1.test");
    app.session().get(&first).await.assert_ok();
    ask(&app, "boss@n1.test").await;
    app.run_jobs().await;
    let second = mailed_link(&app, "boss@n1.test");
    assert_ne!(first, second);
    assert_eq!(app.session().get(&first).await.status, 404);
    let late = set_password(&app.session(), &first, NEW_PASSWORD).await;
    assert_eq!(late.status, 404, "{}", late.body);
    let visitor = app.session();
    visitor.get(&second).await.assert_ok();
    let done = set_password(&visitor, &second, NEW_PASSWORD).await;
    assert_eq!(done.status, 303, "{}", done.body);
    app.login("boss@n1.test", NEW_PASSWORD).await;
    app.run_jobs().await;
}

both_backends!(
    same_answer_whether_or_not_the_account_exists,
    a_new_link_ends_the_older_ones,
    email_reset_end_to_end,
    sms_reset_end_to_end,
    email_only_sends_no_link_by_sms,
    links_expire_after_an_hour,
    links_die_with_any_password_change,
    requests_are_throttled_under_parallel_load,
    reset_message_in_russian,
);
