//! Setup links (docs/SECURITY.md B2): earlier links die with the first operator, an address-less
//! link is usable only while no operator exists, a setup link never sets the password of an
//! existing account (it grants operator rights only to that account signed in), and `create-admin
//! --email` binds the link to the address.

use crate::account::mails_with_id;
use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{mime, Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{accounts, audit_events, setup_tokens};
use invitely::domain::contact::EmailAddress;

const NEW_PASSWORD: &str = "a brand new password chosen by a stranger";

/// A setup link made the way `invitely serve` (None) or `create-admin` (Some) makes it.
fn new_link(app: &TestApp, email: Option<&str>) -> String {
    let email = email.map(|e| EmailAddress::parse(e).unwrap());
    let token =
        invitely::domain::setup::create(&mut app.conn(), app.state.now(), email.as_ref()).unwrap();
    format!("{}/setup/{token}", app.base)
}

/// What `invitely create-admin --email E` does (src/main.rs calls this), against the test
/// database.
fn create_admin_cli(app: &TestApp, email: &str) -> String {
    use clap::{Args, Command, FromArgMatches};
    let matches =
        invitely::config::Config::augment_args(Command::new("invitely").no_binary_name(true))
            .try_get_matches_from(["--database-url", &app.database_url, "--base-url", &app.base])
            .unwrap();
    let config = invitely::config::Config::from_arg_matches(&matches).unwrap();
    let (_, link) = invitely::startup::create_admin_link(&config, app.state.now(), email).unwrap();
    assert!(link.starts_with(&format!("{}/setup/", app.base)), "{link}");
    link
}

fn is_operator(app: &TestApp, email: &str) -> bool {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::is_operator)
        .first(&mut app.conn())
        .unwrap()
}

fn user_count(app: &TestApp, email: &str) -> i64 {
    accounts::table
        .filter(accounts::email.eq(email))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn audited(app: &TestApp, action: &str, subject: &str) -> i64 {
    audit_events::table
        .filter(audit_events::action.eq(action))
        .filter(audit_events::subject.eq(subject))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    let s = app.session();
    s.get("/login").await;
    s.post("/login", &[("email", email), ("password", password)])
        .await
        .status
}

/// An account with a password that exists before any operator (as `invitely seed
/// --admin-email` makes one).
fn seeded_account(app: &TestApp, email: &str) {
    let hash = app.state.hasher.hash(PASSWORD).unwrap();
    invitely::seed::run(
        &mut app.conn(),
        app.state.now(),
        0,
        0,
        Some(&invitely::seed::SeedAdmin {
            email: &EmailAddress::parse(email).unwrap(),
            password_hash: Some(&hash),
        }),
    )
    .unwrap();
}

/// Tries every way a setup-link holder could set a password or take operator rights.
async fn attack(s: &Session, link: &str, email: &str) -> Vec<u16> {
    s.get(link).await;
    let mut statuses = Vec::new();
    for fields in [
        vec![
            ("email", email),
            ("password", NEW_PASSWORD),
            ("password_confirm", NEW_PASSWORD),
        ],
        vec![("grant", "1")],
        vec![("email", email), ("grant", "1")],
    ] {
        statuses.push(s.post(link, &fields).await.status);
    }
    statuses
}

/// A setup post with several problems says all of them at once, not one after another.
async fn every_problem_is_said_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let link = new_link(&app, None);
    let s = app.session();
    s.get(&link).await.assert_ok();
    let page = s
        .post(
            &link,
            &[
                ("email", "not-an-address"),
                ("password", "short"),
                ("password_confirm", "other"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    for message in [
        "Enter an e-mail address like name@example.com.",
        "The password must have at least 8 characters.",
    ] {
        assert!(page.body.contains(message), "{message}: {}", page.body);
    }
    assert!(
        page.body.contains("value=\"not-an-address\""),
        "{}",
        page.body
    );
    assert_eq!(user_count(&app, "not-an-address"), 0);
}

async fn earlier_links_die_with_the_first_operator(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Links printed on earlier starts, and one made by create-admin before the operator.
    let earlier = new_link(&app, None);
    let bound_earlier = new_link(&app, Some("second@invitely.test"));
    let anon = app.session();
    anon.get(&earlier).await.assert_ok();
    anon.get(&bound_earlier).await.assert_ok();

    let _op = app.operator().await;

    for link in [&earlier, &bound_earlier] {
        let s = app.session();
        let page = s.get(link).await;
        assert_eq!(page.status, 404, "earlier link still open: {}", page.body);
        let post = s
            .post(
                link,
                &[
                    ("email", "intruder@evil.test"),
                    ("password", NEW_PASSWORD),
                    ("password_confirm", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(post.status, 404, "{}", post.body);
    }
    assert_eq!(user_count(&app, "intruder@evil.test"), 0);
    assert_eq!(user_count(&app, "second@invitely.test"), 0);
    let operators: i64 = accounts::table
        .filter(accounts::is_operator.eq(true))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(operators, 1);
    // Every unused link was ended in the operator's transaction.
    let open: i64 = setup_tokens::table
        .filter(setup_tokens::used_at.is_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(open, 0);
    assert_eq!(
        audited(&app, "operator.created", "operator@invitely.test"),
        1
    );

    // An address-less link made after an operator exists is never usable.
    let late = new_link(&app, None);
    assert_eq!(app.session().get(&late).await.status, 404);
}

async fn addressless_link_never_sets_an_existing_password(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    seeded_account(&app, "owner@seed.test");
    let link = app.setup_link.clone().unwrap();

    // A stranger holding the link types the existing account's address.
    let stranger = app.session();
    stranger.get(&link).await.assert_ok();
    let page = stranger
        .post(
            &link,
            &[
                ("email", "owner@seed.test"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_ne!(page.status, 303, "account taken over: {:?}", page.location);
    assert!(
        !page.body.contains("name=\"password\""),
        "the page asks for a password of an existing account"
    );
    assert!(page.body.contains("owner@seed.test"));
    let statuses = attack(&stranger, &link, "owner@seed.test").await;
    assert!(statuses.iter().all(|s| *s != 303), "{statuses:?}");
    assert_eq!(
        login_status(&app, "owner@seed.test", NEW_PASSWORD).await,
        422
    );
    assert_eq!(login_status(&app, "owner@seed.test", PASSWORD).await, 303);
    assert!(!is_operator(&app, "owner@seed.test"));

    // Signed in as the account, the same link grants it operator rights with one button.
    let owner = app.login("owner@seed.test", PASSWORD).await;
    owner.get(&link).await.assert_ok();
    let page = owner.post(&link, &[("email", "owner@seed.test")]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("name=\"grant\""), "{}", page.body);
    assert!(!page.body.contains("name=\"password\""));
    let granted = owner.post(&link, &[("grant", "1")]).await;
    assert_eq!(granted.status, 303, "{}", granted.body);
    assert!(is_operator(&app, "owner@seed.test"));
    owner.get("/platform/orgs").await.assert_ok();
    assert_eq!(audited(&app, "operator.granted", "owner@seed.test"), 1);
    // The password is still the old one.
    assert_eq!(login_status(&app, "owner@seed.test", PASSWORD).await, 303);
    // The link is used up.
    assert_eq!(app.session().get(&link).await.status, 404);
}

async fn bound_link_grants_only_to_that_account_signed_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let boss = app.org("S-1").admin("boss@s1.test").build().await;
    let other = app.org("S-2").admin("other@s2.test").build().await;
    let link = create_admin_cli(&app, "boss@s1.test");

    // Not signed in: told to sign in as the address; no password is asked.
    let anon = app.session();
    let page = anon.get(&link).await;
    page.assert_ok();
    assert!(page.body.contains("boss@s1.test"));
    assert!(!page.body.contains("name=\"password\""));
    assert!(!page.body.contains("name=\"grant\""));
    let statuses = attack(&anon, &link, "boss@s1.test").await;
    assert!(statuses.iter().all(|s| *s != 303), "{statuses:?}");

    // Signed in as someone else: told to sign out first; nothing accepted.
    let page = other.get(&link).await;
    page.assert_ok();
    assert!(!page.body.contains("name=\"grant\""));
    assert!(!page.body.contains("name=\"password\""));
    let statuses = attack(&other, &link, "boss@s1.test").await;
    assert!(statuses.iter().all(|s| *s != 303), "{statuses:?}");
    assert!(!is_operator(&app, "other@s2.test"));
    assert!(!is_operator(&app, "boss@s1.test"));
    assert_eq!(login_status(&app, "boss@s1.test", NEW_PASSWORD).await, 422);
    assert_eq!(login_status(&app, "boss@s1.test", PASSWORD).await, 303);

    // Signed in as the address: a button grants operator rights.
    let page = boss.get(&link).await;
    page.assert_ok();
    assert!(page.body.contains("name=\"grant\""), "{}", page.body);
    assert!(!page.body.contains("name=\"password\""));
    let granted = boss.post(&link, &[("grant", "1")]).await;
    assert_eq!(granted.status, 303, "{}", granted.body);
    assert!(is_operator(&app, "boss@s1.test"));
    assert!(!is_operator(&app, "other@s2.test"));
    assert_eq!(audited(&app, "operator.granted", "boss@s1.test"), 1);
    boss.get("/platform/orgs").await.assert_ok();
    assert_eq!(login_status(&app, "boss@s1.test", PASSWORD).await, 303);
}

async fn create_admin_binds_the_address(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let _op = app.operator().await;
    let link = create_admin_cli(&app, "New.Op@Example.com");
    let s = app.session();
    let page = s.get(&link).await;
    page.assert_ok();
    // The address is shown, fixed: no editable e-mail field.
    assert!(page.body.contains("new.op@example.com"), "{}", page.body);
    assert!(!page.body.contains("name=\"email\""), "{}", page.body);
    assert!(page.body.contains("name=\"password\""));
    // A typed address is ignored: the account gets the bound one.
    let done = s
        .post(
            &link,
            &[
                ("email", "evil@evil.test"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(user_count(&app, "evil@evil.test"), 0);
    assert!(is_operator(&app, "new.op@example.com"));
    assert_eq!(audited(&app, "operator.created", "new.op@example.com"), 1);
    app.login("new.op@example.com", PASSWORD)
        .await
        .get("/platform/orgs")
        .await
        .assert_ok();
    // The address hears that a password was set for it (docs/SECURITY.md C6): when, and where
    // to set another; never the password, nor a link that would sign in.
    app.run_jobs().await;
    let notices = mails_with_id(&app, "new.op@example.com", "<password-set-");
    assert_eq!(notices.len(), 1, "one notice of the password set");
    let text = mime::part(&notices[0].data, "text/plain").unwrap();
    assert!(text.contains("password was set"), "{text}");
    assert!(
        text.contains(&format!("{}/password/forgot", app.base)),
        "{text}"
    );
    assert!(
        !text.contains(PASSWORD) && !text.contains("signed out"),
        "{text}"
    );
    assert!(!text.contains("/setup/"), "{text}");
    // An operator already: no link that would offer it again.
    let matches = {
        use clap::{Args, Command};
        invitely::config::Config::augment_args(Command::new("invitely").no_binary_name(true))
            .try_get_matches_from(["--database-url", &app.database_url, "--base-url", &app.base])
            .unwrap()
    };
    let config =
        <invitely::config::Config as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
    let refused =
        invitely::startup::create_admin_link(&config, app.state.now(), "new.op@example.com")
            .unwrap_err();
    assert!(
        refused.to_string().contains("already a platform operator"),
        "{refused}"
    );
}

both_backends!(
    every_problem_is_said_at_once,
    earlier_links_die_with_the_first_operator,
    addressless_link_never_sets_an_existing_password,
    bound_link_grants_only_to_that_account_signed_in,
    create_admin_binds_the_address,
);
