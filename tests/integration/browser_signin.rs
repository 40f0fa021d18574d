//! Signing in where a person meets it, in headless Chromium with axe-core on every page: the
//! invitation of an address that already has an account (the address fixed, only its password
//! typed; then, signed in, one "Join" button) and the sign-in page, at desktop and phone
//! widths in both languages. Screenshots land in `target/screenshots/`.

use crate::signin::{existing_account_link, MEMBER_PASSWORD};
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};

#[actix_web::test]
async fn existing_account_accepts_in_chromium() {
    let Some(browser) = Browser::start("existing_account_accepts_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let (_member, link) = existing_account_link(&app, "bs").await;
    let b = &browser;
    let submit = "main form button[type=submit]";

    // Not signed in: the address is shown, not typed; only the password is asked.
    b.goto(&link).await;
    b.expect_text("h1", "Org bs-2").await;
    b.expect_text("main", "member@bs.test").await;
    b.shots("invite-signin-en").await;
    b.switch_language("ru").await;
    b.expect_text("main h2", "учётная запись").await;
    b.shots("invite-signin-ru").await;
    b.switch_language("en").await;

    // A wrong password: one generic message, nothing else revealed.
    b.fill("password", "not the password").await;
    b.click(submit).await;
    b.expect_text(".error-summary", "password is not right")
        .await;
    b.shots("invite-signin-error").await;

    // The right one: signed in and a member.
    b.fill("password", MEMBER_PASSWORD).await;
    b.click(submit).await;
    b.expect_text(".flashes", "Welcome!").await;
    app.expect_welcome("member@bs.test").await;

    // Signed in as the recipient, a third organisation's invitation is one button.
    let third = app.org("bs-3").admin("third@bs.test").build().await;
    let invited = app
        .member(&third)
        .named("Mira", "Member")
        .email("member@bs.test")
        .invite()
        .await;
    b.goto(&invited.link).await;
    b.expect_text("main form button", "Join Org bs-3").await;
    b.shots("invite-join-en").await;
    b.switch_language("ru").await;
    b.expect_text("main form button", "Присоединиться").await;
    b.shots("invite-join-ru").await;
    b.click(submit).await;
    b.expect_text(".flashes", "bs-3").await;
    app.expect_welcome("member@bs.test").await;

    // The sign-in page takes an e-mail address or a phone number.
    b.click("form[action='/logout'] button").await;
    b.expect_text("label[for=email]", "Почта или телефон").await;
    b.shots("login-ru").await;
    b.switch_language("en").await;
    b.expect_text("label[for=email]", "E-mail or phone").await;
    b.shots("login-en").await;
    browser.close().await;
}
