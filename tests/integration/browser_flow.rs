//! Flows a person clicks through, in headless Chromium: the admin ticks users and sends
//! invitations, watches the statuses change without reloading; the invitee accepts.
//! Screenshots land in `target/screenshots/`.

use crate::support::app::{Options, PASSWORD};
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use fantoccini::Locator;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// axe-core, installed by `.ci/run` (`npm install --prefix target/axe axe-core@4`).
pub(crate) fn axe_source() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var("INVITELY_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!("axe-core is required but missing at {}", path.display())
        }
        Err(_) => {
            let test = std::thread::current()
                .name()
                .unwrap_or("browser")
                .to_owned();
            crate::support::skips::skipped(
                &format!("accessibility checks of {test}"),
                &format!("axe-core not installed at {}", path.display()),
            );
            None
        }
    }
}

/// Runs axe-core on the current page; fails on any violation, listing them.
pub(crate) async fn assert_accessible(b: &Browser, axe: Option<&str>, page: &str) {
    let Some(axe) = axe else { return };
    b.client.execute(axe, vec![]).await.unwrap();
    let result = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    let violations: Vec<String> = serde_json::from_value(result).unwrap();
    assert!(
        violations.is_empty(),
        "accessibility violations on {page}: {violations:#?}"
    );
}

pub(crate) fn shot(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(format!("{name}.png"))
}

pub(crate) async fn wait_for_text(b: &Browser, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(el) = b.client.find(Locator::Css(css)).await {
            if el.text().await.unwrap_or_default().contains(text) {
                return;
            }
        }
        if Instant::now() > deadline {
            b.screenshot(&shot("failure")).await;
            let source = b.client.source().await.unwrap_or_default();
            panic!("'{text}' never appeared in {css}; page:\n{source}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[actix_web::test]
async fn admin_invites_and_invitee_accepts_in_chromium() {
    let Some(browser) = Browser::start("admin_invites_and_invitee_accepts_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        Options {
            workers: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let admin = app.org_with_admin("B-2024", "boss@browser.test").await;
    admin.get("/admin/departments").await;
    admin
        .post("/admin/departments", &[("name", "Service")])
        .await;
    for (first, last, email, phone, kind) in [
        ("Ivan", "Petrov", "ivan@example.com", "", "employee"),
        ("Olga", "Smirnova", "", "+7 905 111-11-11", "customer"),
        ("Pavel", "Nocontact", "pavel@example.com", "", "employee"),
        ("Anna", "Kuznetsova", "anna@example.com", "", "customer"),
    ] {
        admin.get("/admin/users/new").await;
        let p = admin
            .post(
                "/admin/users/new",
                &[
                    ("first_name", first),
                    ("last_name", last),
                    ("email", email),
                    ("phone", phone),
                    ("kind", kind),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        if last == "Nocontact" {
            // A card saved before a contact was required: no e-mail, no phone.
            let id = p.location.as_deref().unwrap().rsplit('/').next().unwrap();
            crate::support::pages::remove_contact(&app, id);
        }
    }
    let c = &browser.client;
    let axe = axe_source();
    let axe = axe.as_deref();

    // Sign in through the form.
    c.goto(&format!("{}/login", app.base)).await.unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("boss@browser.test")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "main", "Org B-2024").await;

    // The users table: tick Ivan, Olga and Pavel; the button counts them.
    c.goto(&format!("{}/admin/users?status=not_invited", app.base))
        .await
        .unwrap();
    for name in ["Ivan Petrov", "Olga Smirnova", "Pavel Nocontact"] {
        c.find(Locator::Css(&format!("input[aria-label='{name}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    let button = c.find(Locator::Css("[data-bulk-submit]")).await.unwrap();
    assert_eq!(button.text().await.unwrap(), "Send invitation (3)");
    browser.screenshot(&shot("users-selected")).await;
    assert_accessible(&browser, axe, "users-selected").await;
    button.click().await.unwrap();
    wait_for_text(&browser, ".flashes", "2 invitations queued").await;
    wait_for_text(&browser, ".flashes", "no e-mail or phone (Pavel Nocontact)").await;

    // All users: the rows waiting turn into "User invited" by themselves (no reload).
    c.goto(&format!("{}/admin/users", app.base)).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let waiting = c
            .find_all(Locator::Css("tr[data-status='waiting']"))
            .await
            .unwrap()
            .len();
        let invited = c
            .find_all(Locator::Css("tr[data-status='invited']"))
            .await
            .unwrap()
            .len();
        if waiting == 0 && invited == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "statuses did not update: {waiting} waiting, {invited} invited"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = c
        .find(Locator::Css("table.users-table"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("User invited") && body.contains("no e-mail or phone"),
        "{body}"
    );
    browser.screenshot(&shot("users-table")).await;
    assert_accessible(&browser, axe, "users-table").await;

    // The invitations list and a card form that failed validation, for the record.
    c.goto(&format!("{}/admin/invitations", app.base))
        .await
        .unwrap();
    wait_for_text(&browser, "table", "ivan@example.com").await;
    browser.screenshot(&shot("invitations")).await;
    assert_accessible(&browser, axe, "invitations").await;
    c.goto(&format!("{}/admin/users/new", app.base))
        .await
        .unwrap();
    c.find(Locator::Id("first_name"))
        .await
        .unwrap()
        .send_keys("Maria")
        .await
        .unwrap();
    c.find(Locator::Id("phone"))
        .await
        .unwrap()
        .send_keys("9051111111")
        .await
        .unwrap();
    c.find(Locator::Css("form.form-grid button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, ".error-summary", "no country code").await;
    let kept = c
        .find(Locator::Id("first_name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Maria"), "the input is kept");
    browser.screenshot(&shot("user-form-error")).await;
    assert_accessible(&browser, axe, "user-form-error").await;

    // Sign out, then the invitee follows the link from the e-mail.
    c.find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "h1", "Sign in").await;
    let link = app.invitation_link("ivan@example.com");
    c.goto(&link).await.unwrap();
    wait_for_text(&browser, "h1", "Org B-2024").await;
    browser.screenshot(&shot("invite-landing")).await;
    assert_accessible(&browser, axe, "invite-landing").await;
    // A mismatched confirmation is refused with a message and the names kept.
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys("a long password")
        .await
        .unwrap();
    c.find(Locator::Id("password_confirm"))
        .await
        .unwrap()
        .send_keys("a different one")
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, ".error-summary", "do not match").await;
    browser.screenshot(&shot("invite-error")).await;
    assert_accessible(&browser, axe, "invite-error").await;
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("password_confirm"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, ".flashes", "Welcome!").await;
    wait_for_text(&browser, ".banner", "has not given you access yet").await;
    browser.screenshot(&shot("invitee-home")).await;
    assert_accessible(&browser, axe, "invitee-home").await;

    // Russian, by the switch in the header.
    c.find(Locator::Css(".lang-switch button[value='ru']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, ".banner", "Администратор ещё не выдал").await;
    browser.close().await;
}

#[actix_web::test]
async fn operator_sets_up_the_platform_in_chromium() {
    let Some(browser) = Browser::start("operator_sets_up_the_platform_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        Options {
            workers: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (c, axe) = (&browser.client, axe_source());
    let axe = axe.as_deref();

    // 1. The one-time setup link creates the operator.
    c.goto(app.setup_link.as_deref().unwrap()).await.unwrap();
    wait_for_text(&browser, "h1", "Create the platform operator").await;
    assert_accessible(&browser, axe, "setup").await;
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("operator@example.com")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("password_confirm"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "h1", "Organisations").await;

    // 2. An organisation: a malformed admin address is refused with the input kept.
    c.find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys("Acme Service")
        .await
        .unwrap();
    c.find(Locator::Id("customer_number"))
        .await
        .unwrap()
        .send_keys("100-200")
        .await
        .unwrap();
    c.find(Locator::Id("admin_email"))
        .await
        .unwrap()
        .send_keys("boss@acme")
        .await
        .unwrap();
    c.find(Locator::Css("form.form-grid button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, ".error-summary", "name@example.com").await;
    let kept = c
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Acme Service"));
    browser.screenshot(&shot("platform-orgs-error")).await;
    assert_accessible(&browser, axe, "platform-orgs-error").await;
    let email = c.find(Locator::Id("admin_email")).await.unwrap();
    email.clear().await.unwrap();
    email.send_keys("boss@acme.example").await.unwrap();
    c.find(Locator::Css("form.form-grid button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(
        &browser,
        ".flashes",
        "The organisation Acme Service was created.",
    )
    .await;
    wait_for_text(&browser, ".flashes", "1 invitation queued.").await;
    wait_for_text(&browser, "table", "100-200").await;
    browser.screenshot(&shot("platform-orgs")).await;
    assert_accessible(&browser, axe, "platform-orgs").await;

    // 3. The first admin accepts the e-mailed invitation and lands in the organisation.
    c.find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "h1", "Sign in").await;
    let link = app.invitation_link("boss@acme.example");
    c.goto(&link).await.unwrap();
    wait_for_text(&browser, "h1", "Acme Service").await;
    wait_for_text(&browser, ".facts", "The platform administrator").await;
    c.find(Locator::Id("first_name"))
        .await
        .unwrap()
        .send_keys("Boris")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("password_confirm"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, ".flashes", "Welcome!").await;
    wait_for_text(&browser, "nav", "Users").await;

    // The users table lists the admin, in Russian after the switch.
    c.goto(&format!("{}/admin/users", app.base)).await.unwrap();
    c.find(Locator::Css(".lang-switch button[value='ru']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "h1", "Пользователи").await;
    wait_for_text(&browser, "table", "Активен").await;
    browser.screenshot(&shot("users-ru")).await;
    assert_accessible(&browser, axe, "users-ru").await;
    browser.close().await;
}
