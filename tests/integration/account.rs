//! `/account` (issue 8): the memberships list, the language kept on the account and used for
//! every message sent to it, and the password change (current password checked and throttled,
//! the rules, a notification e-mail, every other session ended, this one kept).

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::smtp_sink::ReceivedMail;
use crate::support::{mime, Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::AccountId;
use invitely::db::schema::{accounts, audit_events};
use regex::Regex;

pub(crate) const NEW_PASSWORD: &str = "a brand new horse battery";

pub(crate) fn account_id(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

pub(crate) fn audit_count(app: &TestApp, action: &str, subject: &str) -> i64 {
    audit_events::table
        .filter(audit_events::action.eq(action))
        .filter(audit_events::subject.eq(subject))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The messages to `address` whose Message-ID starts with `prefix`.
pub(crate) fn mails_with_id(app: &TestApp, address: &str, prefix: &str) -> Vec<ReceivedMail> {
    app.emails_to(address)
        .into_iter()
        .filter(|m| {
            mime::header(&m.data, "Message-ID").is_some_and(|id| id.trim().starts_with(prefix))
        })
        .collect()
}

/// The message as a snapshot shows it: headers a person sees, then each decoded part, with the
/// server's address, link tokens and dates redacted.
pub(crate) fn shown(app: &TestApp, mail: &ReceivedMail) -> String {
    let mut out = String::new();
    for name in ["From", "To", "Subject", "Content-Language"] {
        if let Some(value) = mime::header(&mail.data, name) {
            out.push_str(&format!("{name}: {value}\n"));
        }
    }
    for kind in ["text/plain", "text/html"] {
        let body = mime::part(&mail.data, kind).unwrap();
        out.push_str(&format!("\n----- {kind} -----\n{}\n", body.trim_end()));
    }
    redact(app, &out)
}

pub(crate) fn redact(app: &TestApp, text: &str) -> String {
    let text = text.replace(&app.base, "[base-url]");
    let token = Regex::new(r"/password/reset/[A-Za-z0-9_-]{20,}").unwrap();
    let text = token.replace_all(&text, "/password/reset/[token]");
    crate::support::mime::redact_dates(&text)
}

/// The page lists each organisation with its customer number, kind, roles, admin or not, since
/// when, and a link to leave it; only the account's own memberships; signed-in accounts only.
async fn account_page_lists_memberships(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("A-1").admin("boss@a1.test").build().await;
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@a1.test")
        .join(PASSWORD)
        .await;
    app.give_role("ivan@a1.test");
    // Another organisation Ivan is not in.
    app.org("B-2").admin("boss@b2.test").build().await;

    let page = ivan.get("/account").await;
    page.assert_ok();
    let body = &page.body;
    assert!(body.contains("Org A-1") && body.contains(">A-1<"), "{body}");
    assert!(
        !body.contains("Org B-2"),
        "only the account's own memberships"
    );
    assert!(body.contains("Staff"), "the role held: {body}");
    assert!(body.contains("Employee"), "the kind");
    let today = app.clock.now().date();
    assert!(
        body.contains(&format!(
            "datetime=\"{today}\">{} {} {}</time>",
            today.day(),
            today.month(),
            today.year()
        )),
        "since, as the page's language says a date: {body}"
    );
    let a1 = app.org_id("A-1");
    assert!(
        body.contains(&format!("href=\"/account/leave/{a1}\"")),
        "a Leave link: {body}"
    );
    let row = body.split("data-org=").nth(1).unwrap();
    assert!(row.contains(">No<"), "not an admin: {row}");
    assert!(
        body.contains("href=\"/account\" aria-current=\"page\""),
        "the navigation links the page"
    );

    let boss = admin.get("/account").await;
    boss.assert_ok();
    let row = boss.body.split("data-org=").nth(1).unwrap();
    assert!(row.contains(">Yes<") && row.contains("Org A-1"), "{row}");
    assert!(admin.get("/").await.body.contains("href=\"/account\""));

    // Signed out: to the sign-in page.
    let anon = app.session().get("/account").await;
    assert_eq!(anon.status, 303);
    assert!(anon.location.unwrap().starts_with("/login"));
}

/// The language is kept on the account: a new session on another device shows pages in it, and
/// the next e-mail (and an invitation from another organisation) goes out in it.
async fn language_persists_and_messages_follow_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-1").admin("boss@l1.test").build().await;
    let ivan = app
        .member(&admin)
        .email("ivan@l1.test")
        .join(PASSWORD)
        .await;
    ivan.get("/account").await.assert_ok();
    let bad = ivan.post("/account/language", &[("lang", "xx")]).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body.contains("Choose English or Russian."),
        "not \"Fill in this field\" beside a chosen language: {}",
        bad.body
    );
    let done = ivan.post("/account/language", &[("lang", "ru")]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/account"));
    let page = ivan.get("/account").await;
    assert!(page.body.contains("<html lang=\"ru\">"));
    assert!(page.body.contains("Язык сохранён."), "flash: {}", page.body);
    let stored: String = accounts::table
        .find(account_id(&app, "ivan@l1.test"))
        .select(accounts::locale)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(stored, "ru");

    // Another device, no cookie: the account's language.
    let other = app.login("ivan@l1.test", PASSWORD).await;
    assert!(other
        .get("/account")
        .await
        .body
        .contains("<html lang=\"ru\">"));

    // An invitation from another organisation whose admin writes in English: in Russian.
    let admin2 = app.org("L-2").admin("boss@l2.test").build().await;
    let before = app.emails_to("ivan@l1.test").len();
    app.member(&admin2)
        .email("ivan@l1.test")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let mails = app.emails_to("ivan@l1.test");
    assert_eq!(mails.len(), before + 1);
    let subject = mime::header(&mails.last().unwrap().data, "Subject").unwrap();
    assert!(
        subject.contains("Приглашение"),
        "the invitation follows the account's language: {subject}"
    );

    // The password notification: in Russian too.
    other.get("/account").await.assert_ok();
    let changed = other
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
    app.run_jobs().await;
    let notice = mails_with_id(&app, "ivan@l1.test", "<password-changed-");
    assert_eq!(notice.len(), 1);
    let text = mime::part(&notice[0].data, "text/plain").unwrap();
    assert!(text.contains("Пароль вашей учётной записи"), "{text}");
    // Back to English: the next message is in English.
    other.get("/account").await.assert_ok();
    let en = other.post("/account/language", &[("lang", "en")]).await;
    assert_eq!(en.status, 303);
}

/// Wrong current password, mismatch and weak passwords are refused with the form; a right one
/// changes the password, mails a notice without it, ends every other session and keeps this one.
async fn password_change(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("P-1").admin("boss@p1.test").build().await;
    let here = app
        .member(&admin)
        .named("Olga", "Smirnova")
        .email("olga@p1.test")
        .join(PASSWORD)
        .await;
    let elsewhere = app.login("olga@p1.test", PASSWORD).await;
    let uid = account_id(&app, "olga@p1.test");
    here.get("/account").await.assert_ok();

    let wrong = here
        .post(
            "/account/password",
            &[
                ("current_password", "not the password"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("The current password is not right."));
    assert_eq!(
        audit_count(&app, "signin.failed", &format!("account:{uid}")),
        1
    );
    let mismatch = here
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    // The message in the confirmation field's own error (between its label and its input).
    let confirm = &mismatch.body[mismatch
        .body
        .find("<label for=\"password_confirm\">")
        .expect("the confirmation field")..];
    let confirm = &confirm[..confirm.find("<input").unwrap()];
    assert!(
        confirm.contains("<p class=\"field-error\" id=\"password_confirm-error\">The two passwords do not match.</p>"),
        "{}",
        mismatch.body
    );
    let weak = here
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, 422);
    // The password it has now: said, and nothing ends.
    let same = here
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(same.status, 422, "{}", same.body);
    assert!(
        same.body
            .contains("The new password is the one you have now. Choose a different one."),
        "{}",
        same.body
    );
    // Nothing changed so far.
    elsewhere.get("/account").await.assert_ok();
    app.run_jobs().await;
    assert!(mails_with_id(&app, "olga@p1.test", "<password-changed-").is_empty());

    let done = here
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let page = here.get("/account").await;
    page.assert_ok();
    assert!(
        page.body.contains("Your password was changed."),
        "{}",
        page.body
    );
    here.get("/").await.assert_ok();
    let ended = elsewhere.get("/account").await;
    assert_eq!(ended.status, 303, "the other session ended");
    assert!(ended.location.unwrap().starts_with("/login"));
    assert_eq!(
        audit_count(&app, "account.password_changed", &format!("account:{uid}")),
        1
    );

    // The old password no longer signs in; the new one does.
    let s = app.session();
    s.get("/login").await;
    let old = s
        .post(
            "/login",
            &[("email", "olga@p1.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status, 422);
    app.login("olga@p1.test", NEW_PASSWORD).await;

    app.run_jobs().await;
    let notice = mails_with_id(&app, "olga@p1.test", "<password-changed-");
    assert_eq!(notice.len(), 1, "one notice");
    assert!(!notice[0].data.contains(NEW_PASSWORD) && !notice[0].data.contains(PASSWORD));
    assert!(mime::part(&notice[0].data, "text/html").is_some());
    insta::assert_snapshot!("password_changed.en", shown(&app, &notice[0]));
}

/// The current password is checked like a sign-in: past the allowed failures from one address,
/// 429, and the right password does not get through either until the window ends.
async fn wrong_current_passwords_are_throttled(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-1").admin("boss@t1.test").build().await;
    admin.get("/account").await.assert_ok();
    let max = app.state.config.login_attempts as usize;
    let attempt = |current: &'static str| {
        let admin = &admin;
        async move {
            admin
                .post(
                    "/account/password",
                    &[
                        ("current_password", current),
                        ("password", NEW_PASSWORD),
                        ("password_confirm", NEW_PASSWORD),
                    ],
                )
                .await
        }
    };
    let mut statuses = Vec::new();
    for _ in 0..max + 3 {
        statuses.push(attempt("wrong guess").await);
    }
    let refused = statuses.iter().filter(|p| p.status == 429).count();
    let checked = statuses.iter().filter(|p| p.status == 422).count();
    assert_eq!(
        checked,
        max,
        "{:?}",
        statuses.iter().map(|p| p.status).collect::<Vec<_>>()
    );
    assert_eq!(refused, 3);
    assert_eq!(
        attempt(PASSWORD).await.status,
        429,
        "locked for this window"
    );
    app.clock.advance(time::Duration::minutes(6));
    admin.get("/account").await.assert_ok();
    assert_eq!(attempt(PASSWORD).await.status, 303);
    app.run_jobs().await;
}

/// The notice in Russian (snapshot), for an account whose language is Russian.
async fn password_notice_in_russian(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-1").admin("boss@r1.test").build().await;
    let anna = app
        .member(&admin)
        .named("Анна", "Смирнова")
        .email("anna@r1.test")
        .join(PASSWORD)
        .await;
    anna.get("/account").await.assert_ok();
    assert_eq!(
        anna.post("/account/language", &[("lang", "ru")])
            .await
            .status,
        303
    );
    anna.get("/account").await.assert_ok();
    let done = anna
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    app.run_jobs().await;
    let notice = mails_with_id(&app, "anna@r1.test", "<password-changed-");
    assert_eq!(notice.len(), 1);
    insta::assert_snapshot!("password_changed.ru", shown(&app, &notice[0]));
}

/// The change-password form asks for the "New password" under "Current password"; the pages
/// where a first password is set (the invitation page) keep "Password".
async fn new_password_is_labelled_so(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("NP-1").admin("boss@np1.test").build().await;
    let label = |body: &str| {
        let doc = scraper::Html::parse_document(body);
        let sel = scraper::Selector::parse("label[for=password]").unwrap();
        doc.select(&sel)
            .map(|l| l.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let account = admin.get("/account").await;
    account.assert_ok();
    assert_eq!(label(&account.body), ["New password"]);
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/account")])
        .await;
    assert_eq!(switched.status, 303, "{}", switched.body);
    assert_eq!(label(&admin.get("/account").await.body), ["Новый пароль"]);
    let invited = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@np1.test")
        .invite()
        .await;
    let landing = app.session().get(&invited.link).await;
    landing.assert_ok();
    assert_eq!(label(&landing.body), ["Password"]);
}

/// The same change sent twice at once (a double click): one request changes the password and
/// ends every session; the other finds it changed to what it asked for. Both say it was
/// changed and both leave the browser signed in (the second said "the current password is not
/// right" and signed the person out).
async fn a_password_change_sent_twice_says_changed(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("P-9").admin("boss@p9.test").build().await;
    let s = app
        .member(&admin)
        .named("Olga", "Smirnova")
        .email("olga@p9.test")
        .join(PASSWORD)
        .await;
    s.get("/account").await.assert_ok();
    let fields = [
        ("current_password", PASSWORD),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    let (a, b) = futures::join!(
        s.post("/account/password", &fields),
        s.post("/account/password", &fields)
    );
    for page in [&a, &b] {
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(page.location.as_deref(), Some("/account"));
    }
    let uid = account_id(&app, "olga@p9.test");
    assert_eq!(
        audit_count(&app, "account.password_changed", &format!("account:{uid}")),
        1,
        "changed once"
    );
    let after = s.get("/account").await;
    after.assert_ok();
    assert!(
        after.body.contains("Your password was changed."),
        "{}",
        after.body
    );
    app.login("olga@p9.test", NEW_PASSWORD).await;
    app.run_jobs().await;
}

both_backends!(
    a_password_change_sent_twice_says_changed,
    new_password_is_labelled_so,
    account_page_lists_memberships,
    language_persists_and_messages_follow_it,
    password_change,
    wrong_current_passwords_are_throttled,
    password_notice_in_russian,
);
