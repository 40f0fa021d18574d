//! Two-factor sign-in (TOTP, RFC 6238) through HTTP: enrolment, the second step of sign-in, a
//! reused code, clock drift, recovery codes, the platform's policy, parallel submissions, the
//! throttle, and the invitation page. Codes are computed here from the secret the enrolment page
//! shows, with the application's clock pinned and moved.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::domain::settings;
use totp_rs::{Algorithm, Secret, TOTP};

/// The base32 key shown on the enrolment page, as bytes.
pub fn secret_in(body: &str) -> Vec<u8> {
    let marker = "id=\"secret\"";
    let start = body.find(marker).expect("the secret on the page");
    let start = start + body[start..].find('>').unwrap() + 1;
    let end = start + body[start..].find('<').unwrap();
    let text: String = body[start..end].split_whitespace().collect();
    Secret::Encoded(text).to_bytes().unwrap()
}

/// The code an authenticator app shows at Unix time `t`.
pub fn code_at(secret: &[u8], t: i64) -> String {
    TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, secret.to_vec(), None, "x".into())
        .generate(t as u64)
}

pub fn now(app: &TestApp) -> i64 {
    app.clock.now().assume_utc().unix_timestamp()
}

/// The recovery codes on the page shown after enrolling.
pub fn recovery_codes_in(body: &str) -> Vec<String> {
    body.split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_owned())
        .collect()
}

/// Enrols the signed-in `s`: returns the secret and the recovery codes. Pins the clock.
pub async fn enrol(app: &TestApp, s: &Session) -> (Vec<u8>, Vec<String>) {
    app.clock.pin();
    let page = s.get("/account/two-factor").await;
    page.assert_ok();
    let secret = secret_in(&page.body);
    let done = s
        .post(
            "/account/two-factor",
            &[("code", &code_at(&secret, now(app)))],
        )
        .await;
    done.assert_ok();
    let codes = recovery_codes_in(&done.body);
    assert_eq!(codes.len(), 10, "{}", done.body);
    (secret, codes)
}

async fn password_step(app: &TestApp, email: &str) -> Session {
    let s = app.session();
    s.get("/login").await.assert_ok();
    let p = s
        .post("/login", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location.as_deref(), Some("/login/two-factor"));
    // The password alone does not make the browser known to the account (`web::device`).
    assert_eq!(crate::security::set_cookie(&p, "invitely_device"), None);
    s
}

async fn second_step(s: &Session, code: &str) -> u16 {
    let p = s.post("/login/two-factor", &[("code", code)]).await;
    p.status
}

async fn logout(s: &Session) {
    s.get("/").await;
    let p = s.post("/logout", &[]).await;
    assert_eq!(p.status, 303);
}

async fn enrolment_and_sign_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    // Another device signed in before two-factor sign-in is turned on.
    let elsewhere = app.login("boss@acme.test", PASSWORD).await;
    elsewhere.get("/admin/users").await.assert_ok();
    app.clock.pin();
    // The account page says whether it is on.
    let account = admin.get("/account").await;
    assert!(
        account
            .body
            .contains("Off: only your password is asked for"),
        "{}",
        account.body
    );
    let page = admin.get("/account/two-factor").await;
    page.assert_ok();
    assert!(page.body.contains("data:image/svg+xml;base64,"), "QR image");
    assert!(page.body.contains("boss@acme.test"), "label");
    assert!(page.body.contains("Invitely"), "issuer");
    let secret = secret_in(&page.body);
    assert_eq!(secret.len(), 20);
    // The same secret on a reload (kept in the session until confirmed).
    assert_eq!(
        secret_in(&admin.get("/account/two-factor").await.body),
        secret
    );

    // A wrong code: refused, the same secret shown again.
    let right = code_at(&secret, now(&app));
    let wrong = if right == "000000" {
        "000001"
    } else {
        "000000"
    };
    let p = admin.post("/account/two-factor", &[("code", wrong)]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("That code is not right"), "{}", p.body);
    assert_eq!(secret_in(&p.body), secret);
    let p = admin.post("/account/two-factor", &[("code", &right)]).await;
    p.assert_ok();
    let codes = recovery_codes_in(&p.body);
    assert_eq!(codes.len(), 10);
    // Turning it on ends every other session (signed in with the password alone); this one stays.
    assert_eq!(
        elsewhere.get("/admin/users").await.location.as_deref(),
        Some("/login?next=%2Fadmin%2Fusers")
    );
    // Shown once: the page now says it is on, and shows no code.
    let status = admin.get("/account/two-factor").await;
    status.assert_ok();
    assert!(
        status.body.contains("10 unused recovery codes"),
        "{}",
        status.body
    );
    assert!(codes.iter().all(|c| !status.body.contains(c.as_str())));
    let account = admin.get("/account").await;
    let day = invitely::i18n::format_date_in(invitely::i18n::Lang::En, app.clock.now().date());
    assert!(
        account.body.contains(&format!("On since {day}")),
        "{}",
        account.body
    );
    // Since when, as the page's language writes a date.
    let since = invitely::i18n::format_datetime_in(invitely::i18n::Lang::En, app.clock.now());
    assert!(
        status
            .body
            .contains(&format!("Two-factor sign-in is on since {since}.")),
        "{}",
        status.body
    );

    // At rest: no base32 secret and no recovery code anywhere in the database.
    let dump = crate::security::dump_tables(&app, &[]);
    let b32 = Secret::Raw(secret.clone()).to_encoded().to_string();
    let all = format!("{dump:?}");
    assert!(!all.contains(&b32), "the secret is stored encrypted");
    for c in &codes {
        assert!(!all.contains(c.as_str()) && !all.contains(&c.replace('-', "")));
    }

    logout(&admin).await;
    let s = password_step(&app, "boss@acme.test").await;
    // Half-signed: nothing opens.
    assert_eq!(s.get("/admin/users").await.status, 303);
    assert_eq!(
        s.get("/admin/users").await.location.as_deref(),
        Some("/login?next=%2Fadmin%2Fusers")
    );
    s.get("/login/two-factor").await.assert_ok();
    // The step speaks the account's language (its setting), not the browser's.
    let set_locale = |code: &str| {
        diesel::update(
            invitely::db::schema::accounts::table
                .filter(invitely::db::schema::accounts::email.eq("boss@acme.test")),
        )
        .set(invitely::db::schema::accounts::locale.eq(code))
        .execute(&mut *app.conn())
        .unwrap()
    };
    set_locale("ru");
    let ru = s.get("/login/two-factor").await;
    assert!(ru.body.contains("Введите код для входа"), "{}", ru.body);
    set_locale("en");
    // The enrolment's code, used again: refused.
    let p = s.post("/login/two-factor", &[("code", &right)]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("already been used"), "{}", p.body);
    // The next step's code signs in, with a new session, and the browser is known from now on.
    app.clock.advance(time::Duration::seconds(30));
    // What the server keeps while the second step waits (every session's state).
    let kept: Vec<String> = {
        use diesel::prelude::*;
        use invitely::db::schema::sessions;
        sessions::table
            .select(sessions::state)
            .load(&mut *app.conn())
            .unwrap()
    };
    let p = s
        .post(
            "/login/two-factor",
            &[("code", &code_at(&secret, now(&app)))],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let cookie = crate::security::set_cookie(&p, "invitely_device").expect("a device cookie");
    // The cookie was never stored at rest: no session held it, nor its signature.
    let signature = cookie.rsplit('.').next().unwrap().to_owned();
    assert!(signature.len() >= 32, "{cookie}");
    assert!(
        kept.iter().all(|state| !state.contains(&signature)),
        "{kept:?}"
    );
    s.get("/admin/users").await.assert_ok();
    // …and is then used.
    logout(&s).await;
    let s = password_step(&app, "boss@acme.test").await;
    assert_eq!(second_step(&s, &code_at(&secret, now(&app))).await, 422);

    // Drift: one step behind or ahead is accepted, two are not.
    app.clock.advance(time::Duration::seconds(90));
    assert_eq!(
        second_step(&s, &code_at(&secret, now(&app) - 30)).await,
        303
    );
    logout(&s).await;
    app.clock.advance(time::Duration::seconds(30));
    let s = password_step(&app, "boss@acme.test").await;
    assert_eq!(
        second_step(&s, &code_at(&secret, now(&app) - 60)).await,
        422
    );
    assert_eq!(
        second_step(&s, &code_at(&secret, now(&app) + 60)).await,
        422
    );
    assert_eq!(
        second_step(&s, &code_at(&secret, now(&app) + 30)).await,
        303
    );
    logout(&s).await;

    // A recovery code works once (in any case, with or without its dash).
    let s = password_step(&app, "boss@acme.test").await;
    assert_eq!(second_step(&s, &codes[0].to_uppercase()).await, 303);
    s.get("/admin/users").await.assert_ok();
    logout(&s).await;
    let s = password_step(&app, "boss@acme.test").await;
    assert_eq!(second_step(&s, &codes[0].replace('-', "")).await, 422);
    assert_eq!(second_step(&s, &codes[1]).await, 303);
    let page = s.get("/account/two-factor").await;
    assert!(
        page.body.contains("8 unused recovery codes"),
        "{}",
        page.body
    );

    // The half-signed state lasts five minutes.
    logout(&s).await;
    let s = password_step(&app, "boss@acme.test").await;
    app.clock.advance(time::Duration::minutes(6));
    let p = s
        .post(
            "/login/two-factor",
            &[("code", &code_at(&secret, now(&app)))],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/login"));
    assert_eq!(s.get("/admin/users").await.status, 303);
}

async fn recovery_codes_and_turning_off(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let (secret, old) = enrol(&app, &admin).await;
    // New codes need a fresh code; the old codes stop working.
    let p = admin.get("/account/two-factor").await;
    p.assert_ok();
    let p = admin
        .post("/account/two-factor/recovery-codes", &[("code", "123")])
        .await;
    assert_eq!(p.status, 422);
    // No code at all is asked for, as enrolment asks (it said "not right").
    let p = admin
        .post("/account/two-factor/recovery-codes", &[("code", " ")])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("Enter the code from your authenticator app"),
        "{}",
        p.body
    );
    app.clock.advance(time::Duration::seconds(30));
    let p = admin
        .post(
            "/account/two-factor/recovery-codes",
            &[("code", &code_at(&secret, now(&app)))],
        )
        .await;
    p.assert_ok();
    assert!(
        p.body
            .contains("New recovery codes are ready. The earlier ones no longer work."),
        "{}",
        p.body
    );
    assert!(!p.body.contains("Two-factor sign-in is on."));
    let new = recovery_codes_in(&p.body);
    assert_eq!(new.len(), 10);
    logout(&admin).await;
    let s = password_step(&app, "boss@acme.test").await;
    assert_eq!(second_step(&s, &old[0]).await, 422);
    assert_eq!(second_step(&s, &new[0]).await, 303);

    // Another browser signed in with a code of its own.
    let other = password_step(&app, "boss@acme.test").await;
    assert_eq!(second_step(&other, &new[1]).await, 303);
    other.get("/account").await.assert_ok();

    // Turning off: a wrong password is refused; the right one turns it off.
    s.get("/account/two-factor").await.assert_ok();
    let p = s
        .post(
            "/account/two-factor/disable",
            &[("password", "wrong password!")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("That password is not right."), "{}", p.body);
    let p = s
        .post("/account/two-factor/disable", &[("code", "000000")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("That code is not right."), "{}", p.body);
    let p = s
        .post("/account/two-factor/disable", &[("password", "")])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("Enter a current code from your app or your password"),
        "{}",
        p.body
    );
    let p = s
        .post("/account/two-factor/disable", &[("password", PASSWORD)])
        .await;
    assert_eq!(p.status, 303);
    // Every other session ends, as when it was turned on; this one goes on.
    assert_eq!(
        other.get("/account").await.status,
        303,
        "the other browser is out"
    );
    s.get("/account").await.assert_ok();
    // …and the account is told (`two_factor_notice` checks the message).
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(
        crate::two_factor_notice::notices_to(&app, "boss@acme.test").len(),
        1
    );
    logout(&s).await;
    // Plain sign-in again.
    let s = app.login("boss@acme.test", PASSWORD).await;
    s.get("/admin/users").await.assert_ok();
    use invitely::db::enums::AuditAction;
    let actions: Vec<AuditAction> = {
        use invitely::db::schema::audit_events::dsl::*;
        audit_events
            .select(action)
            .load::<AuditAction>(&mut *app.conn())
            .unwrap()
    };
    for a in [
        AuditAction::TwoFactorEnabled,
        AuditAction::TwoFactorRecoveryRegenerated,
        AuditAction::TwoFactorRecoveryUsed,
        AuditAction::TwoFactorDisabled,
    ] {
        assert!(actions.contains(&a), "{a:?} audited: {actions:?}");
    }
}

async fn parallel_submissions_of_one_code(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let (secret, _) = enrol(&app, &admin).await;
    app.clock.advance(time::Duration::seconds(30));
    let code = code_at(&secret, now(&app));
    let mut sessions = Vec::new();
    for _ in 0..8 {
        sessions.push(password_step(&app, "boss@acme.test").await);
    }
    let results = futures::future::join_all(sessions.iter().map(|s| second_step(s, &code))).await;
    let ok = results.iter().filter(|s| **s == 303).count();
    assert_eq!(ok, 1, "{results:?}");
    assert!(
        results.iter().all(|s| *s == 303 || *s == 422),
        "{results:?}"
    );
}

async fn wrong_codes_are_throttled(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let (secret, _) = enrol(&app, &admin).await;
    logout(&admin).await;
    let s = password_step(&app, "boss@acme.test").await;
    // 30 parallel wrong codes: exactly the limit (10) are evaluated, the rest get 429. The
    // clock is pinned (by `enrol`), so all count in one window; the codes a step either side
    // of now are left out too, lest one of them be accepted.
    let right_now = code_at(&secret, now(&app));
    let near: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|d| code_at(&secret, now(&app) + d))
        .collect();
    let wrong: Vec<String> = (0..30)
        .map(|i| format!("{:06}", 100_000 + i))
        .filter(|w| !near.contains(w))
        .collect();
    let results = futures::future::join_all(wrong.iter().map(|w| second_step(&s, w))).await;
    let evaluated = results.iter().filter(|s| **s == 422).count();
    let refused = results.iter().filter(|s| **s == 429).count();
    assert_eq!((evaluated, refused), (10, wrong.len() - 10), "{results:?}");
    // Even a right code waits for the window (five minutes) to end.
    assert_eq!(second_step(&s, &right_now).await, 429);
    app.clock.advance(time::Duration::minutes(5));
    let s = password_step(&app, "boss@acme.test").await;
    assert_eq!(second_step(&s, &code_at(&secret, now(&app))).await, 303);
}

async fn policy_forces_enrolment(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let member = app
        .member(&admin)
        .named("Mia", "Member")
        .email("mia@acme.test")
        .join(PASSWORD)
        .await;
    let op = app.operator_session().await;
    settings::set(&mut app.conn(), settings::Key::TwoFactorAdmins, "true").unwrap();
    // The admin: every page sends to the enrolment page; sign-out and the language still work.
    for path in ["/admin/users", "/", "/admin/settings", "/orgs"] {
        let p = admin.get(path).await;
        assert_eq!(p.status, 303, "{path}");
        assert_eq!(p.location.as_deref(), Some("/account/two-factor"), "{path}");
    }
    let page = admin.get("/account/two-factor").await;
    page.assert_ok();
    assert!(page
        .body
        .contains("The platform requires two-factor sign-in"));
    assert!(
        !page.body.contains("href=\"/admin/users\""),
        "no navigation"
    );
    let p = admin.post("/admin/departments", &[("name", "Sales")]).await;
    assert_eq!(p.location.as_deref(), Some("/account/two-factor"));
    // A member who is not an admin, and the operator (not required yet), go on as before.
    member.get("/").await.assert_ok();
    op.get("/platform/orgs").await.assert_ok();
    settings::set(&mut app.conn(), settings::Key::TwoFactorOperators, "true").unwrap();
    let p = op.get("/platform/orgs").await;
    assert_eq!(p.location.as_deref(), Some("/account/two-factor"));

    // After enrolling, the admin works again, and cannot turn it off while it is required.
    let (secret, _) = enrol(&app, &admin).await;
    admin.get("/admin/users").await.assert_ok();
    let p = admin
        .post("/account/two-factor/disable", &[("password", PASSWORD)])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("cannot be turned off"));
    // Sign-out works for an account that must still enrol.
    let p = op.post("/logout", &[]).await;
    assert_eq!(p.status, 303);
    assert_eq!(op.get("/platform/orgs").await.status, 303);
    let _ = secret;
}

async fn invitation_sign_in_asks_for_the_code(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = app.org("C-1").admin("boss@acme.test").build().await;
    let (secret, _) = enrol(&app, &a).await;
    let b = app.org("C-2").admin("other@beta.test").build().await;
    let invited = app
        .member(&b)
        .named("Boss", "Acme")
        .email("boss@acme.test")
        .invite()
        .await;
    let s = app.session();
    s.get(&invited.link).await.assert_ok();
    let p = s.post(&invited.link, &[("password", PASSWORD)]).await;
    p.assert_ok();
    assert!(
        p.body.contains("name=\"code\""),
        "asks for the code: {}",
        p.body
    );
    // Not accepted, not signed in.
    assert_eq!(s.get("/orgs").await.status, 303);
    let wrong = s.post(&invited.link, &[("code", "000000")]).await;
    assert_eq!(wrong.status, 422);
    app.clock.advance(time::Duration::seconds(30));
    let p = s
        .post(&invited.link, &[("code", &code_at(&secret, now(&app)))])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let orgs = s.get("/orgs").await;
    orgs.assert_ok();
    assert!(orgs.body.contains("C-2"), "{}", orgs.body);
    app.expect_welcome("boss@acme.test").await;
    app.run_jobs().await;
}

both_backends!(
    enrolment_and_sign_in,
    recovery_codes_and_turning_off,
    parallel_submissions_of_one_code,
    wrong_codes_are_throttled,
    policy_forces_enrolment,
    invitation_sign_in_asks_for_the_code,
);
