//! Signing in, wherever it happens (docs/SECURITY.md B1, C4, C5): `/login` and the invitation page
//! of an address that already has an account. The invitation page checks only the recipient's own
//! account; attempts are reserved before a password is checked, so parallel requests cannot escape
//! the limit; people invited by SMS sign in with their phone number.

use crate::both_backends;
use crate::support::app::Options;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Page, Session, TestApp};

fn errors_of(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(".field-error, .error-summary li").unwrap();
    html.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The `name` attributes of the form fields a person can type into.
fn typed_fields(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse("form input:not([type=hidden]):not([readonly])").unwrap();
    html.select(&sel)
        .filter_map(|e| e.value().attr("name").map(str::to_owned))
        .collect()
}

/// The recipient's own password: different from every other account's.
pub(crate) const MEMBER_PASSWORD: &str = "the member's own passphrase";

/// A member of a first organisation (an account with its own password), then a second
/// organisation that invites the same address: the link of an existing account. Returns the
/// member's signed-in session and the link.
pub(crate) async fn existing_account_link(app: &TestApp, n: &str) -> (Session, String) {
    let member = format!("member@{n}.test");
    let card = |admin| app.member(admin).named("Mira", "Member").email(&member);
    let first = app
        .org(&format!("{n}-1"))
        .admin(&format!("boss@{n}.test"))
        .build()
        .await;
    let signed_in = card(&first).join(MEMBER_PASSWORD).await;
    let second = app
        .org(&format!("{n}-2"))
        .admin(&format!("other@{n}.test"))
        .build()
        .await;
    let link = card(&second).invite().await.link;
    (signed_in, link)
}

async fn member_of(s: &Session, org_name: &str) -> bool {
    let page = s.get_follow("/orgs").await;
    page.body.contains(org_name)
}

/// The invitation page is no password oracle: the right password of *another* account and a
/// wrong password get the same answer, and neither accepts (docs/SECURITY.md B1, C5).
async fn invitation_page_checks_only_the_recipient(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (_member, link) = existing_account_link(&app, "or").await;

    let s = app.session();
    let landing = s.get(&link).await;
    landing.assert_ok();
    assert!(
        landing.body.contains("member@or.test"),
        "the recipient is named"
    );
    assert_eq!(
        typed_fields(&landing.body),
        vec!["password".to_owned()],
        "the address is fixed, only the password is typed"
    );

    // The operator's right password, typed as if the visitor could choose the account.
    let other_account = s
        .post(
            &link,
            &[("email", "operator@invitely.test"), ("password", PASSWORD)],
        )
        .await;
    let wrong = s
        .post(
            &link,
            &[
                ("email", "member@or.test"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(other_account.status, 422, "{}", other_account.body);
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert_eq!(
        errors_of(&other_account.body),
        errors_of(&wrong.body),
        "one generic message"
    );
    assert_eq!(s.get("/").await.status, 303, "nobody was signed in");

    // Failures are audited.
    let failures: i64 = {
        use diesel::prelude::*;
        use invitely::db::schema::audit_events;
        audit_events::table
            .filter(audit_events::action.eq(invitely::db::enums::AuditAction::SigninFailed))
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(failures, 2, "each failure is audited");

    // The recipient's own password accepts.
    let ok = s.post(&link, &[("password", MEMBER_PASSWORD)]).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert!(member_of(&s, "Org or-2").await);
    app.expect_welcome("member@or.test").await;
}

/// The invitation e-mail says what the link will ask: a new address sets a password, an address
/// that already has an account signs in with it.
async fn the_invitation_mail_asks_for_what_the_page_will_ask(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (_member, _link) = existing_account_link(&app, "im").await;
    let texts: Vec<String> = app
        .emails_to("member@im.test")
        .iter()
        .filter_map(|m| crate::support::mime::part(&m.data, "text/plain"))
        .filter(|t| t.contains("/invite/"))
        .collect();
    assert_eq!(texts.len(), 2, "the first invitation and the second");
    assert!(texts[0].contains("set your password"), "{}", texts[0]);
    assert!(!texts[1].contains("set your password"), "{}", texts[1]);
    assert!(texts[1].contains("already has an account"), "{}", texts[1]);
    // A third organisation invites the address alone from the invite form (its card has no
    // name): the message greets the account by its own (the inviter's pages never show it).
    let third = app.org("im-3").admin("third@im.test").build().await;
    third.get("/admin/invite").await.assert_ok();
    let sent = third
        .post(
            "/admin/invite",
            &crate::invite_form::fields(
                &[("member@im.test", "", "")],
                "",
                &[("message", ""), ("locale", "en"), ("action", "send")],
            ),
        )
        .await;
    sent.assert_ok();
    assert!(!sent.body.contains("Mira"), "{}", sent.body);
    app.run_jobs().await;
    let last = app.emails_to("member@im.test").pop().unwrap();
    let text = crate::support::mime::part(&last.data, "text/plain").unwrap();
    assert!(text.starts_with("Hello Mira Member,"), "{text}");
}

/// The sign-in throttle applies on the invitation page: one link does not give unlimited
/// guesses of the recipient's password (docs/SECURITY.md C4).
async fn invitation_page_is_throttled(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (_member, link) = existing_account_link(&app, "ot").await;
    let s = app.session();
    s.get(&link).await.assert_ok();
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..12 {
        let page = s.post(&link, &[("password", "wrong password!")]).await;
        statuses.push(page.status);
        last = Some(page);
    }
    assert_eq!(&statuses[..10], &[422; 10], "{statuses:?}");
    assert_eq!(&statuses[10..], &[429, 429], "{statuses:?}");
    // Refused, the person stays on the invitation: its page, the wait beside the password,
    // the form to try again once it is over.
    let refused = last.unwrap();
    assert!(refused.header("retry-after").is_some());
    assert!(refused.body.contains("Org ot-2"), "{}", refused.body);
    assert!(
        refused.body.contains("name=\"password\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("id=\"password-error\"") && refused.body.contains("Please wait"),
        "{}",
        refused.body
    );
}

/// Signed in as the recipient: one button joins. Signed in as someone else: told to sign out
/// first, and nothing is accepted, even with the recipient's password.
async fn invitation_page_and_the_signed_in_visitor(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (member, link) = existing_account_link(&app, "sv").await;

    let stranger = app.login("other@sv.test", PASSWORD).await;
    let page = stranger.get(&link).await;
    page.assert_ok();
    assert!(
        page.body.contains("action=\"/logout\""),
        "offers to sign out first"
    );
    assert!(typed_fields(&page.body).is_empty(), "{}", page.body);
    let refused = stranger
        .post(
            &link,
            &[("email", "member@sv.test"), ("password", MEMBER_PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(!member_of(&member, "Org sv-2").await, "nothing accepted");

    let page = member.get(&link).await;
    page.assert_ok();
    assert!(typed_fields(&page.body).is_empty(), "no password asked");
    assert!(page.body.contains("Join Org sv-2"), "{}", page.body);
    let joined = member.post(&link, &[]).await;
    assert_eq!(joined.status, 303, "{}", joined.body);
    assert!(member_of(&member, "Org sv-2").await);
    app.expect_welcome("member@sv.test").await;
    // The welcome of an account that joined one more organisation: nothing about it is new.
    let texts: Vec<String> = app
        .emails_to("member@sv.test")
        .iter()
        .filter(|m| {
            crate::support::mime::header(&m.data, "Message-ID")
                .is_some_and(|id| id.trim().starts_with("<welcome-"))
        })
        .filter_map(|m| crate::support::mime::part(&m.data, "text/plain"))
        .collect();
    let (first, joined) = (&texts[0], texts.last().unwrap());
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(first.contains("Your account is ready"), "{first}");
    assert!(
        joined.contains("You are now a member of Org sv-2 (customer number sv-2). Sign in with your account as before"),
        "{joined}"
    );
    assert!(!joined.contains("Your account is ready"), "{joined}");
}

/// 40 wrong sign-ins for `email` at once, each from its own address (`198.51.{100 + wave}.x`);
/// their statuses.
pub(crate) async fn strangers(app: &TestApp, email: &str, wave: u8) -> Vec<u16> {
    let mut sessions = Vec::new();
    for _ in 0..40 {
        let s = app.session();
        s.get("/login").await.assert_ok();
        sessions.push(s);
    }
    let attempts = sessions.iter().enumerate().map(|(i, s)| async move {
        let client = format!("198.51.{}.{}", 100 + u16::from(wave), i + 1);
        sign_in_from(s, &client, email, "wrong password!").await
    });
    futures::future::join_all(attempts).await
}

/// 40 parallel wrong sign-ins for one account from one address: at most the limit (10) are
/// evaluated; the rest are refused before any password is checked.
async fn parallel_wrong_sign_ins_stay_within_the_limit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("PW-1").admin("boss@pw.test").build().await;
    let mut sessions = Vec::new();
    for _ in 0..40 {
        let s = app.session();
        s.get("/login").await.assert_ok();
        sessions.push(s);
    }
    let attempts = sessions.iter().map(|s| {
        s.post(
            "/login",
            &[("email", "boss@pw.test"), ("password", "wrong password!")],
        )
    });
    let pages: Vec<Page> = futures::future::join_all(attempts).await;
    let evaluated = pages.iter().filter(|p| p.status == 422).count();
    let refused = pages.iter().filter(|p| p.status == 429).count();
    assert_eq!(evaluated + refused, 40, "{:?}", statuses(&pages));
    assert_eq!(evaluated, 10, "evaluated: {evaluated}, refused: {refused}");
}

fn statuses(pages: &[Page]) -> Vec<u16> {
    pages.iter().map(|p| p.status).collect()
}

/// A person invited by SMS has no e-mail: they sign in with their phone number, typed in any
/// of the forms the user card accepts.
async fn people_invited_by_sms_sign_in_with_their_phone(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("SM-1").admin("boss@sm.test").build().await;
    app.member(&admin)
        .named("Olga", "Smirnova")
        .phone("+7 905 111-11-11")
        .customer()
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let sms = app.sms.messages().pop().expect("an SMS");
    let link = sms
        .split_whitespace()
        .find(|w| w.contains("/invite/"))
        .expect("a link in the SMS")
        .to_owned();
    app.accept(&link, PASSWORD).await;

    for typed in ["+79051111111", "+7 (905) 111-11-11", "79051111111"] {
        let s = app.session();
        let form = s.get("/login").await;
        form.assert_ok();
        let page = s
            .post("/login", &[("email", typed), ("password", PASSWORD)])
            .await;
        assert_eq!(page.status, 303, "signing in as {typed}: {}", page.body);
        assert_eq!(s.get("/").await.status, 200, "signed in as {typed}");
    }
    let s = app.session();
    let page = s.get("/login").await;
    assert!(
        page.body.contains("E-mail or phone"),
        "the field says what it takes"
    );
    let wrong = s
        .post(
            "/login",
            &[("email", "+79051111111"), ("password", "wrong password!")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        errors_of(&wrong.body),
        ["The e-mail address, phone number or password is not right."; 2],
        "{}",
        wrong.body
    );
    // The number without its country code, with the right password: it can be no account's,
    // so the page says how to write it (not "wrong password"), and keeps what was typed.
    for typed in ["9051111111", "olga"] {
        let national = s
            .post("/login", &[("email", typed), ("password", PASSWORD)])
            .await;
        assert_eq!(national.status, 422, "{}", national.body);
        let errors = errors_of(&national.body);
        assert!(
            errors.iter().all(|e| e.contains("+7 905 111-11-11")) && !errors.is_empty(),
            "{typed}: {errors:?}"
        );
        assert!(
            national.body.contains(&format!("value=\"{typed}\"")),
            "{}",
            national.body
        );
    }
    // A field left empty is said to be missing, not "not right", and costs no attempt: more
    // empty posts than the limit allows leave the account free to sign in.
    for _ in 0..12 {
        let empty = s
            .post("/login", &[("email", "+79051111111"), ("password", "")])
            .await;
        assert_eq!(empty.status, 422, "{}", empty.body);
        assert_eq!(
            errors_of(&empty.body),
            ["Type your password."; 2],
            "{}",
            empty.body
        );
        assert!(empty.body.contains(r#"value="+79051111111""#));
    }
    let empty = s.post("/login", &[("email", " "), ("password", "")]).await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert_eq!(
        errors_of(&empty.body),
        [
            "Type the e-mail address or phone number you sign in with.",
            "Type your password.",
            "Type the e-mail address or phone number you sign in with.",
            "Type your password.",
        ],
        "{}",
        empty.body
    );
    let page = s
        .post(
            "/login",
            &[("email", "+79051111111"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// Signing in from a deep link returns to the page asked for; only same-site paths.
async fn sign_in_returns_to_the_page_asked_for(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("DL-1").admin("boss@dl.test").build().await;
    let s = app.session();
    let asked = s.get("/admin/users?status=error").await;
    assert_eq!(asked.status, 303);
    let to_login = asked.location.clone().unwrap();
    assert!(to_login.starts_with("/login?next="), "{to_login}");
    let form = s.get(&to_login).await;
    form.assert_ok();
    let next = {
        let html = scraper::Html::parse_document(&form.body);
        let sel = scraper::Selector::parse("input[name=next]").unwrap();
        html.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
            .expect("the form carries the page asked for")
    };
    assert_eq!(next, "/admin/users?status=error");
    let done = s
        .post(
            "/login",
            &[
                ("email", "boss@dl.test"),
                ("password", PASSWORD),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/admin/users?status=error"));

    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
    ] {
        let s = app.session();
        s.get("/login").await;
        let done = s
            .post(
                "/login",
                &[
                    ("email", "boss@dl.test"),
                    ("password", PASSWORD),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(done.status, 303);
        assert_eq!(done.location.as_deref(), Some("/"), "next={evil:?}");
    }
}

/// POSTs a wrong or right sign-in as if relayed by a proxy for `client`.
pub(crate) async fn sign_in_from(s: &Session, client: &str, email: &str, password: &str) -> u16 {
    sign_in_response(s, client, email, password, None)
        .await
        .status()
        .as_u16()
}

/// [`sign_in_from`]'s whole answer; `cookies`: sent instead of the browser's own.
pub(crate) async fn sign_in_response(
    s: &Session,
    client: &str,
    email: &str,
    password: &str,
    cookies: Option<&str>,
) -> reqwest::Response {
    let body = serde_html_form::to_string([
        ("csrf_token", s.csrf().as_str()),
        ("email", email),
        ("password", password),
    ])
    .unwrap();
    let mut request = s
        .client
        .post(s.url("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Forwarded-For", client);
    if let Some(cookies) = cookies {
        request = request.header("Cookie", cookies);
    }
    request.body(body).send().await.unwrap()
}

pub(crate) fn behind_a_proxy() -> Options {
    Options {
        trusted_proxies: "127.0.0.1".into(),
        ..Options::default()
    }
}

/// A stranger who exhausts the attempts for someone's account from their address does not lock
/// the owner out: the owner, from another address, signs in with the right password (after
/// a short delay). The stranger stays refused.
async fn a_stranger_cannot_lock_the_owner_out(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, behind_a_proxy()).await else {
        return;
    };
    app.org("LO-1").admin("boss@lo.test").build().await;
    let attacker = app.session();
    attacker.get("/login").await.assert_ok();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(sign_in_from(&attacker, "203.0.113.9", "boss@lo.test", "guess!guess").await);
    }
    assert_eq!(&statuses[..10], &[422; 10], "{statuses:?}");
    assert_eq!(&statuses[10..], &[429, 429], "{statuses:?}");
    assert_eq!(
        sign_in_from(&attacker, "203.0.113.9", "boss@lo.test", PASSWORD).await,
        429,
        "the attacker's address is refused even with the right password"
    );

    let owner = app.session();
    owner.get("/login").await.assert_ok();
    let started = std::time::Instant::now();
    assert_eq!(
        sign_in_from(&owner, "198.51.100.7", "boss@lo.test", PASSWORD).await,
        303,
        "the owner still gets in"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(200),
        "after a delay: {:?}",
        started.elapsed()
    );
}

/// 40 parallel wrong sign-ins for one account, each from its own address: at most twice the
/// limit (20) are evaluated, whatever the addresses; the rest are refused (429), or not
/// evaluated at all when the server is too busy to check a password (503), until the window
/// ends — then the owner signs in again (a pause, never a permanent lock). The clock is pinned,
/// so every attempt falls in one window (a boundary passing mid-test would start a fresh one).
async fn many_addresses_get_at_most_twice_the_limit_per_account(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, behind_a_proxy()).await else {
        return;
    };
    app.org("LO-2").admin("boss@lo2.test").build().await;
    app.clock.pin();
    let statuses = strangers(&app, "boss@lo2.test", 0).await;
    let evaluated = statuses.iter().filter(|s| **s == 422).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    let busy = statuses.iter().filter(|s| **s == 503).count();
    assert_eq!(evaluated + refused + busy, 40, "{statuses:?}");
    assert!(evaluated <= 20, "{statuses:?}");
    assert!(refused + busy >= 20, "{statuses:?}");
    // An attempt answered 503 (the database busy on a loaded machine) was not a failure and
    // gave its place back: the strangers go on, one at a time, until the account is paused —
    // which must come after exactly the failures still missing from 20.
    let stranger = app.session();
    stranger.get("/login").await.assert_ok();
    let mut more = 0;
    for i in 0..=20 {
        let client = format!("198.51.200.{}", i + 1);
        match sign_in_from(&stranger, &client, "boss@lo2.test", "wrong password!").await {
            422 => more += 1,
            429 => break,
            other => panic!("stranger {i}: {other}"),
        }
    }
    assert_eq!(evaluated + more, 20, "{statuses:?} and {more} more");

    let owner = app.session();
    owner.get("/login").await.assert_ok();
    assert_eq!(
        sign_in_from(&owner, "192.0.2.1", "boss@lo2.test", PASSWORD).await,
        429,
        "paused for every address while the window lasts"
    );
    app.clock.advance(time::Duration::minutes(6));
    assert_eq!(
        sign_in_from(&owner, "192.0.2.1", "boss@lo2.test", PASSWORD).await,
        303,
        "the owner gets in once the window has passed"
    );
}

/// `X-Forwarded-For` counts only from a trusted proxy: sent straight to the server, a forged
/// header does not give a client fresh attempts.
async fn forwarded_for_is_ignored_from_untrusted_peers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("XF-1").admin("boss@xf.test").build().await;
    let s = app.session();
    s.get("/login").await.assert_ok();
    let mut statuses = Vec::new();
    for i in 0..12 {
        let forged = format!("203.0.113.{i}");
        statuses.push(sign_in_from(&s, &forged, "boss@xf.test", "guess!guess").await);
    }
    assert_eq!(&statuses[10..], &[429, 429], "{statuses:?}");
}

/// Throttle state is in the database: it survives a restart and holds across instances.
async fn throttles_survive_a_restart_and_are_shared(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("RS-1").admin("boss@rs.test").build().await;
    let s = app.session();
    s.get("/login").await.assert_ok();
    for _ in 0..10 {
        let p = s
            .post(
                "/login",
                &[("email", "boss@rs.test"), ("password", "guess!guess")],
            )
            .await;
        assert_eq!(p.status, 422);
    }
    let second = app.another_instance(Options::default()).await;
    let s2 = second.session();
    s2.get("/login").await.assert_ok();
    let p = s2
        .post(
            "/login",
            &[("email", "boss@rs.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, 429, "the other instance knows the ten failures");
}

fn throttle_rows(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    invitely::db::schema::throttles::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// Counters whose window is over are deleted by the periodic sweep; live ones stay.
async fn expired_counters_are_swept(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let s = app.session();
    s.get("/login").await.assert_ok();
    let p = s
        .post(
            "/login",
            &[("email", "nobody@sw.test"), ("password", "guess!guess")],
        )
        .await;
    assert_eq!(p.status, 422);
    let rows = throttle_rows(&app);
    assert!(rows >= 3, "pair, address and account counters: {rows}");
    let sweep = |app: &TestApp| {
        let now = app.clock.now();
        invitely::domain::housekeeping::sweep(&mut app.conn(), now).unwrap()
    };
    assert_eq!(sweep(&app).throttles, 0, "live counters stay");
    app.clock.advance(time::Duration::minutes(6));
    assert_eq!(sweep(&app).throttles as i64, rows);
    assert_eq!(throttle_rows(&app), 0);
}

/// The password-hashing queue is bounded: a burst beyond it gets 503 with `Retry-After`
/// at once instead of an ever-growing wait; the rest are answered.
async fn the_hashing_queue_is_bounded(backend: Backend) {
    let opts = Options {
        hash_queue: 2,
        argon2_memory_kib: 19456,
        ..Options::default()
    };
    let Some(app) = TestApp::spawn_with(backend, opts).await else {
        return;
    };
    let mut sessions = Vec::new();
    for _ in 0..30 {
        let s = app.session();
        s.get("/login").await.assert_ok();
        sessions.push(s);
    }
    let pages: Vec<Page> = futures::future::join_all(sessions.iter().enumerate().map(|(i, s)| {
        let email = format!("nobody{i}@hq.test");
        async move {
            s.post("/login", &[("email", &email), ("password", "guess!guess")])
                .await
        }
    }))
    .await;
    let busy: Vec<&Page> = pages.iter().filter(|p| p.status == 503).collect();
    let answered = pages.iter().filter(|p| p.status == 422).count();
    assert!(!busy.is_empty(), "{:?}", statuses(&pages));
    assert!(answered >= 2, "{:?}", statuses(&pages));
    assert_eq!(busy.len() + answered, 30, "{:?}", statuses(&pages));
    assert!(busy.iter().all(|p| p.header("retry-after").is_some()));
}

both_backends!(
    a_stranger_cannot_lock_the_owner_out,
    many_addresses_get_at_most_twice_the_limit_per_account,
    forwarded_for_is_ignored_from_untrusted_peers,
    throttles_survive_a_restart_and_are_shared,
    expired_counters_are_swept,
    the_hashing_queue_is_bounded,
);

both_backends!(
    the_invitation_mail_asks_for_what_the_page_will_ask,
    invitation_page_checks_only_the_recipient,
    invitation_page_is_throttled,
    invitation_page_and_the_signed_in_visitor,
    parallel_wrong_sign_ins_stay_within_the_limit,
    people_invited_by_sms_sign_in_with_their_phone,
    sign_in_returns_to_the_page_asked_for,
);
