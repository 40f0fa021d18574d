//! Flows a person clicks through, in headless Chromium: the admin ticks users and sends
//! invitations, watches the statuses change without reloading; the invitee accepts.
//! Screenshots land in `target/screenshots/`, at 1280 and 375 px, each page checked by axe-core.

use crate::support::app::{Options, PASSWORD};
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use std::time::{Duration, Instant};

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
    let admin = app.org("B-2024").admin("boss@browser.test").build().await;
    admin.get("/admin/departments").await;
    admin
        .post("/admin/departments", &[("name", "Service")])
        .await;
    let member = |first, last| app.member(&admin).named(first, last);
    member("Ivan", "Petrov")
        .email("ivan@example.com")
        .create()
        .await;
    member("Olga", "Smirnova")
        .phone("+7 905 111-11-11")
        .customer()
        .create()
        .await;
    let pavel = member("Pavel", "Nocontact")
        .email("pavel@example.com")
        .create()
        .await;
    // A card saved before a contact was required: no e-mail, no phone.
    crate::support::pages::remove_contact(&app, &pavel);
    member("Anna", "Kuznetsova")
        .email("anna@example.com")
        .customer()
        .create()
        .await;
    let b = &browser;

    // Sign in through the form.
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@browser.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org B-2024").await;

    // The users table: tick Ivan, Olga and Pavel; the button counts them.
    b.goto(&format!("{}/admin/users?status=not_invited", app.base))
        .await;
    for name in ["Ivan Petrov", "Olga Smirnova", "Pavel Nocontact"] {
        b.click(&format!("input[aria-label='{name}']")).await;
    }
    assert_eq!(b.text("[data-bulk-submit]").await, "Send invitation (3)");
    b.shots("users-selected").await;
    b.click("[data-bulk-submit]").await;
    b.expect_text(".flashes", "2 invitations queued").await;
    b.expect_text(".flashes", "no e-mail or phone (Pavel Nocontact)")
        .await;

    // All users: the rows waiting turn into "User invited" by themselves (no reload).
    b.goto(&format!("{}/admin/users", app.base)).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let waiting = b.count("tr[data-status='waiting']").await;
        let invited = b.count("tr[data-status='invited']").await;
        if waiting == 0 && invited == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "statuses did not update: {waiting} waiting, {invited} invited"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = b.text("table.users-table").await;
    assert!(
        body.contains("User invited") && body.contains("no e-mail or phone"),
        "{body}"
    );
    // Each sent row has its own "Invite again", drawn by the page or by the update.
    assert_eq!(
        b.count("tr[data-status='invited'] button.row-invite").await,
        2
    );
    b.shots("users-table").await;

    // The invitations list and a card form that failed validation, for the record.
    b.goto(&format!("{}/admin/invitations", app.base)).await;
    b.expect_text("table", "ivan@example.com").await;
    b.shots("invitations").await;
    b.goto(&format!("{}/admin/users/new", app.base)).await;
    b.fill("first_name", "Maria").await;
    b.fill("phone", "9051111111").await;
    b.click("form.form-grid button[type=submit]").await;
    b.expect_text(".error-summary", "no country code").await;
    assert_eq!(
        b.value("first_name").await.as_deref(),
        Some("Maria"),
        "the input is kept"
    );
    b.shots("user-form-error").await;

    // Sign out, then the invitee follows the link from the e-mail.
    b.click("form[action='/logout'] button").await;
    b.expect_text("h1", "Sign in").await;
    b.goto(&app.invitation_link("ivan@example.com")).await;
    b.expect_text("h1", "Org B-2024").await;
    b.shots("invite-landing").await;
    // A mismatched confirmation is refused with a message and the names kept.
    b.fill("password", "a long password").await;
    b.fill("password_confirm", "a different one").await;
    b.click("main form button[type=submit]").await;
    b.expect_text(".error-summary", "do not match").await;
    b.shots("invite-error").await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.click("main form button[type=submit]").await;
    b.expect_text(".flashes", "Welcome!").await;
    b.expect_text(".banner", "has not given you access yet")
        .await;
    b.shots("invitee-home").await;

    // Russian, by the switch in the header.
    b.switch_language("ru").await;
    b.expect_text(".banner", "Администратор ещё не выдал").await;
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
    let b = &browser;

    // 1. The one-time setup link creates the operator.
    b.goto(app.setup_link.as_deref().unwrap()).await;
    b.expect_text("h1", "Create the platform operator").await;
    b.shots("setup").await;
    b.fill("email", "operator@example.com").await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.click("main form button[type=submit]").await;
    b.expect_text("h1", "Organisations").await;

    // 2. An organisation: a malformed admin address is refused with the input kept.
    b.fill("name", "Acme Service").await;
    b.fill("customer_number", "100-200").await;
    b.fill("admin_email", "boss@acme").await;
    b.click("form.form-grid button[type=submit]").await;
    b.expect_text(".error-summary", "name@example.com").await;
    assert_eq!(b.value("name").await.as_deref(), Some("Acme Service"));
    b.shots("platform-orgs-error").await;
    b.fill("admin_email", "boss@acme.example").await;
    b.click("form.form-grid button[type=submit]").await;
    b.expect_text(".flashes", "The organisation Acme Service was created.")
        .await;
    b.expect_text(".flashes", "1 invitation queued.").await;
    b.expect_text("table", "100-200").await;
    b.shots("platform-orgs").await;

    // 3. The first admin accepts the e-mailed invitation and lands in the organisation.
    b.click("form[action='/logout'] button").await;
    b.expect_text("h1", "Sign in").await;
    b.goto(&app.invitation_link("boss@acme.example")).await;
    b.expect_text("h1", "Acme Service").await;
    b.expect_text(".facts", "The platform administrator").await;
    b.fill("first_name", "Boris").await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.click("main form button[type=submit]").await;
    b.expect_text(".flashes", "Welcome!").await;
    b.expect_text("nav", "Users").await;

    // The users table lists the admin, in Russian after the switch.
    b.goto(&format!("{}/admin/users", app.base)).await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Пользователи").await;
    b.expect_text("table", "Активен").await;
    b.shots("users-ru").await;
    browser.close().await;
}
