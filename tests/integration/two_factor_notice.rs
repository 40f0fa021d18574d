//! Turning two-factor sign-in off tells the account: one e-mail in the account's language with
//! when and where to set a new password (never a code or the secret), an SMS to an account with
//! only a phone, and nothing when it was already off — also when several turn it off at once.

use crate::account::mails_with_id;
use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::smtp_sink::ReceivedMail;
use crate::support::{mime, Backend, Session, TestApp};
use crate::two_factor::{code_at, enrol, now};
use invitely::i18n::{format_datetime_in, Lang};
use totp_rs::Secret;

/// The notices of two-factor sign-in turned off sent to `address`.
pub(crate) fn notices_to(app: &TestApp, address: &str) -> Vec<ReceivedMail> {
    mails_with_id(app, address, "<two-factor-off-")
}

/// Turns two-factor sign-in off from the status page, with the password.
pub(crate) async fn turn_off(s: &Session) {
    s.get("/account/two-factor").await.assert_ok();
    let p = s
        .post("/account/two-factor/disable", &[("password", PASSWORD)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
}

/// Sets the signed-in account's language (every message to it follows).
pub(crate) async fn set_language(s: &Session, lang: &str) {
    s.get("/account").await.assert_ok();
    let p = s.post("/account/language", &[("lang", lang)]).await;
    assert_eq!(p.status, 303, "{}", p.body);
}

/// A member who signs in with a phone and has no e-mail address: invited by SMS, accepted,
/// signed in (the welcome SMS delivered).
pub(crate) async fn phone_only_member(app: &TestApp, admin: &Session, phone: &str) -> Session {
    app.member(admin)
        .named("Pavel", "Phone")
        .phone(phone)
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let sms: serde_json::Value = serde_json::from_str(app.sms.messages().last().unwrap()).unwrap();
    let link = mime::find_link(
        sms["text"].as_str().unwrap(),
        &format!("{}/invite/", app.base),
    )
    .unwrap();
    app.accept(&link, PASSWORD).await
}

/// By e-mail, in the account's language: exactly one message, with the time it was turned off
/// and the forgot-password link, and neither a code nor the secret.
async fn turning_off_sends_one_email_in_the_accounts_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-1").admin("boss@n1.test").build().await;
    let anna = app
        .member(&admin)
        .named("Анна", "Смирнова")
        .email("anna@n1.test")
        .join(PASSWORD)
        .await;
    set_language(&anna, "ru").await;
    for (s, address, subject, lang) in [
        (
            &admin,
            "boss@n1.test",
            "Two-factor sign-in was turned off for your Invitely account",
            Lang::En,
        ),
        (
            &anna,
            "anna@n1.test",
            "Двухфакторный вход в Invitely выключен",
            Lang::Ru,
        ),
    ] {
        let (secret, codes) = enrol(&app, s).await;
        assert_eq!(app.run_jobs().await, 0, "turning it on tells nobody");
        // Off with a current code (the next step's: the enrolment used this one).
        app.clock.advance(time::Duration::minutes(7));
        let code = code_at(&secret, now(&app));
        s.get("/account/two-factor").await.assert_ok();
        let p = s
            .post("/account/two-factor/disable", &[("code", &code)])
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        // Written as the account's language writes a date.
        let when = format_datetime_in(lang, app.clock.now());
        assert_eq!(app.run_jobs().await, 1, "one job");
        let notices = notices_to(&app, address);
        assert_eq!(notices.len(), 1, "one notice to {address}");
        let mail = &notices[0];
        assert_eq!(mail.to, vec![address.to_owned()]);
        assert_eq!(
            mime::header(&mail.data, "Subject").as_deref(),
            Some(subject)
        );
        let forgot = format!("{}/password/forgot", app.base);
        for kind in ["text/plain", "text/html"] {
            let body = mime::part(&mail.data, kind).unwrap();
            assert!(body.contains(&when), "{kind} has the time {when}: {body}");
            assert!(body.contains(&forgot), "{kind}: {body}");
            assert!(!body.contains("signed out") && !body.contains("вход завершён"));
        }
        let b32 = Secret::Raw(secret.clone()).to_encoded().to_string();
        assert!(!mail.data.contains(&b32), "no secret");
        assert!(!mail.data.contains(&code), "no code");
        assert!(!mail.data.contains(PASSWORD), "no password");
        for c in &codes {
            assert!(!mail.data.contains(c.as_str()) && !mail.data.contains(&c.replace('-', "")));
        }
        assert!(app.sms.messages().is_empty(), "no SMS");
    }
}

/// An account with only a phone hears it by SMS, and no e-mail leaves.
async fn a_phone_only_account_gets_an_sms(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-2").admin("boss@n2.test").build().await;
    let pavel = phone_only_member(&app, &admin, "+7 905 111-11-11").await;
    enrol(&app, &pavel).await;
    let (mails, texts) = (app.emails().len(), app.sms.messages().len());
    turn_off(&pavel).await;
    let when = format_datetime_in(Lang::En, app.clock.now());
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.emails().len(), mails, "no e-mail");
    let messages = app.sms.messages();
    assert_eq!(messages.len(), texts + 1, "one SMS");
    let sms: serde_json::Value = serde_json::from_str(messages.last().unwrap()).unwrap();
    assert_eq!(sms["to"], "+79051111111");
    let text = sms["text"].as_str().unwrap();
    assert!(
        text.contains("two-factor sign-in was turned off")
            && text.contains(&when)
            && text.ends_with(&format!("{}/password/forgot", app.base)),
        "{text}"
    );
    assert!(!text.contains(PASSWORD));
}

/// Off when it was already off: nothing is deleted, and nobody is told — a second post after
/// the first (a later minute, so a new message were one queued), and an account that never
/// turned it on.
async fn turning_off_what_is_off_tells_nobody(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-3").admin("boss@n3.test").build().await;
    let mia = app
        .member(&admin)
        .named("Mia", "Member")
        .email("mia@n3.test")
        .join(PASSWORD)
        .await;
    enrol(&app, &admin).await;
    turn_off(&admin).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(notices_to(&app, "boss@n3.test").len(), 1);
    let (mails, texts) = (app.emails().len(), app.sms.messages().len());
    app.clock.advance(time::Duration::minutes(2));
    let again = admin
        .post("/account/two-factor/disable", &[("password", PASSWORD)])
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
    let never = mia
        .post("/account/two-factor/disable", &[("password", PASSWORD)])
        .await;
    assert_eq!(never.status, 303, "{}", never.body);
    assert_eq!(app.run_jobs().await, 0, "nothing queued");
    assert_eq!(app.emails().len(), mails);
    assert_eq!(app.sms.messages().len(), texts);
}

/// Four turn it off at once, each at its own second (so that each would be a message of its own,
/// not one idempotency key): one of them deletes the secret, and only that one queues a notice.
async fn parallel_turning_off_tells_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-4").admin("boss@n4.test").build().await;
    enrol(&app, &admin).await;
    let account = crate::account::account_id(&app, "boss@n4.test");
    let start = app.clock.now();
    let runs = (0..4i64).map(|i| {
        let pool = app.state.pool.clone();
        tokio::task::spawn_blocking(move || {
            let at = start - time::Duration::seconds(i);
            let mut conn = pool.get().unwrap();
            invitely::domain::two_factor::store::disable(&mut conn, at, account, "parallel")
                .unwrap();
        })
    });
    for r in futures::future::join_all(runs).await {
        r.unwrap();
    }
    assert_eq!(app.run_jobs().await, 1, "one notice queued");
    assert_eq!(notices_to(&app, "boss@n4.test").len(), 1);
}

both_backends!(
    turning_off_sends_one_email_in_the_accounts_language,
    a_phone_only_account_gets_an_sms,
    turning_off_what_is_off_tells_nobody,
    parallel_turning_off_tells_once,
);
