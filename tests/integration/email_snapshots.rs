//! Every message a person receives, in both languages, as they receive it: taken from the SMTP
//! server (and the SMS gateway), the MIME parts decoded, compared with the reviewed snapshots in
//! `tests/integration/snapshots/`. Links' tokens, the server's address and dates are redacted.
//!
//! A change to a template or a translation shows up here as a diff; review it, then accept it
//! with `INSTA_UPDATE=always cargo test --test integration email_snapshots` (or `cargo insta
//! review`) and commit the `.snap` files. On CI (`CI=true`) a missing or different snapshot fails.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::smtp_sink::ReceivedMail;
use crate::support::{mime, Backend, Session, TestApp};
use regex::Regex;

/// The headers a person sees (Date and Message-ID differ on every run and are left out).
const HEADERS: [&str; 4] = ["From", "To", "Subject", "Content-Language"];

/// The message as text for a snapshot: the shown headers, then each part decoded.
fn render(app: &TestApp, mail: &ReceivedMail) -> String {
    let mut out = String::new();
    for name in HEADERS {
        if let Some(value) = mime::header(&mail.data, name) {
            out.push_str(&format!("{name}: {value}\n"));
        }
    }
    for kind in ["text/plain", "text/html"] {
        let body = mime::part(&mail.data, kind).unwrap_or_else(|| panic!("no {kind} part"));
        out.push_str(&format!("\n----- {kind} -----\n{}\n", body.trim_end()));
    }
    redact(app, &out)
}

/// Replaces what changes from run to run: the server's address, link tokens, dates.
fn redact(app: &TestApp, text: &str) -> String {
    let text = text.replace(&app.base, "[base-url]");
    let token = Regex::new(r"/invite/[A-Za-z0-9_-]{20,}").unwrap();
    let text = token.replace_all(&text, "/invite/[token]");
    let card = Regex::new(r"/admin/users/\d+").unwrap();
    let text = card.replace_all(&text, "/admin/users/[id]");
    crate::support::mime::redact_dates(&text)
}

/// The only message to `address` (there must be exactly one).
fn only_mail_to(app: &TestApp, address: &str) -> ReceivedMail {
    let mut mails = app.emails_to(address);
    assert_eq!(mails.len(), 1, "messages to {address}");
    mails.remove(0)
}

/// Switches a session's language through the header form.
async fn switch_to(s: &Session, lang: &str) {
    if lang != "en" {
        s.get("/login").await;
        let page = s.post("/lang", &[("lang", lang), ("back", "/")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
    }
}

/// Every message in one language: the operator's invitation of an organisation's first admin,
/// the welcome after acceptance, an admin's invitation by e-mail and by SMS, and the notice to
/// the admin when the invitation is accepted.
async fn messages_in(app: &TestApp, lang: &str, number: &str) {
    let (admin_email, member_email) = (format!("boss@{lang}.test"), format!("ivan@{lang}.test"));
    let op = app.operator_session().await;
    switch_to(&op, lang).await;
    op.get("/platform/orgs").await.assert_ok();
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", &format!("Org {number}")),
                ("customer_number", number),
                ("seat_limit", "100"),
                ("daily_invite_limit", "50"),
                ("admin_email", &admin_email),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.run_jobs().await;
    let invitation = only_mail_to(app, &admin_email);
    insta::assert_snapshot!(
        format!("invitation_from_platform.{lang}"),
        render(app, &invitation)
    );

    // The admin accepts in the same language: the welcome follows the account's language.
    let link = app.invitation_link(&admin_email);
    let admin = app.session();
    switch_to(&admin, lang).await;
    admin.get(&link).await.assert_ok();
    let (first, last) = if lang == "ru" {
        ("Анна", "Смирнова")
    } else {
        ("Anna", "Smith")
    };
    let accepted = admin
        .post(
            &link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", first),
                ("last_name", last),
            ],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    // The organisation's app links (seed 000: one app for employees, another for customers),
    // set before the welcome leaves: the admin, an employee, gets the employees' app.
    crate::support::pages::app_links(&admin, lang).await;
    app.expect_welcome(&admin_email).await;
    let welcome = app.emails_to(&admin_email).pop().unwrap();
    insta::assert_snapshot!(format!("welcome.{lang}"), render(app, &welcome));

    // The admin invites a person by e-mail, and one by SMS.
    let (first, last) = if lang == "ru" {
        ("Иван", "Петров")
    } else {
        ("Ivan", "Petrov")
    };
    app.member(&admin)
        .named(first, last)
        .email(&member_email)
        .invited()
        .create()
        .await;
    app.member(&admin)
        .named(first, last)
        .phone("+7 905 111-11-11")
        .customer()
        .invited()
        .create()
        .await;
    let sms_before = app.sms.messages().len();
    assert_eq!(app.run_jobs().await, 2, "an e-mail and an SMS");
    let invitation = only_mail_to(app, &member_email);
    insta::assert_snapshot!(
        format!("invitation_from_admin.{lang}"),
        render(app, &invitation)
    );
    let sms = app.sms.messages();
    assert_eq!(sms.len(), sms_before + 1);
    let sms: serde_json::Value = serde_json::from_str(sms.last().unwrap()).unwrap();
    let shown = format!("To: {}\n\n{}", sms["to"], sms["text"].as_str().unwrap());
    insta::assert_snapshot!(format!("invitation_sms.{lang}"), redact(app, &shown));

    // The person accepts: the admin who invited them is told, in the admin's language, with
    // the card to grant access (no role yet).
    let link = app.invitation_link(&member_email);
    app.accept(&link, PASSWORD).await;
    let notice = app
        .emails_to(&admin_email)
        .into_iter()
        .filter(|m| {
            mime::header(&m.data, "Message-ID")
                .is_some_and(|id| id.contains("invitation-accepted-"))
        })
        .collect::<Vec<_>>();
    assert_eq!(notice.len(), 1);
    insta::assert_snapshot!(
        format!("invitation_accepted.{lang}"),
        render(app, &notice[0])
    );
}

async fn every_message_in_both_languages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    messages_in(&app, "en", "E-100").await;
    messages_in(&app, "ru", "R-200").await;
}

/// Two-factor sign-in turned off, in both languages: the e-mail, and the SMS to an account with
/// only a phone.
async fn two_factor_off_in_both_languages(backend: Backend) {
    use crate::two_factor::enrol;
    use crate::two_factor_notice::{notices_to, phone_only_member, set_language, turn_off};
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-1").admin("boss@t1.test").build().await;
    let olga = app
        .member(&admin)
        .named("Olga", "Smirnova")
        .email("olga@t1.test")
        .join(PASSWORD)
        .await;
    let pavel = phone_only_member(&app, &admin, "+7 905 111-11-11").await;
    for (n, lang) in ["en", "ru"].into_iter().enumerate() {
        for s in [&olga, &pavel] {
            set_language(s, lang).await;
            enrol(&app, s).await;
            turn_off(s).await;
        }
        let sms_before = app.sms.messages().len();
        assert_eq!(app.run_jobs().await, 2, "an e-mail and an SMS");
        let mails = notices_to(&app, "olga@t1.test");
        assert_eq!(mails.len(), n + 1);
        insta::assert_snapshot!(
            format!("two_factor_off.{lang}"),
            render(&app, mails.last().unwrap())
        );
        let sms = app.sms.messages();
        assert_eq!(sms.len(), sms_before + 1);
        let sms: serde_json::Value = serde_json::from_str(sms.last().unwrap()).unwrap();
        let shown = format!("To: {}\n\n{}", sms["to"], sms["text"].as_str().unwrap());
        insta::assert_snapshot!(format!("two_factor_off_sms.{lang}"), redact(&app, &shown));
        app.clock.advance(time::Duration::minutes(1));
    }
}

both_backends!(
    every_message_in_both_languages,
    two_factor_off_in_both_languages
);
