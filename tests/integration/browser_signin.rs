//! Signing in where a person meets it, in headless Chromium with axe-core on every page: the
//! invitation of an address that already has an account (the address fixed, only its password
//! typed; then, signed in, one "Join" button) and the sign-in page, at desktop and phone
//! widths in both languages. Screenshots land in `target/screenshots/`.

use crate::browser_flow::{assert_accessible, shot, wait_for_text};
use crate::signin::{existing_account_link, MEMBER_PASSWORD};
use crate::support::browser::Browser;
use crate::support::pages::create_user;
use crate::support::{Backend, TestApp};
use fantoccini::Locator;

/// Screenshots of the current page at 1280 and 375 px, each checked by axe-core.
async fn both_widths(b: &Browser, axe: Option<&str>, name: &str) {
    for (width, height) in [(1280, 900), (375, 812)] {
        b.client.set_window_size(width, height).await.unwrap();
        b.screenshot(&shot(&format!("{name}-{width}"))).await;
        assert_accessible(b, axe, &format!("{name} at {width} px")).await;
    }
    b.client.set_window_size(1280, 900).await.unwrap();
}

async fn switch_language(b: &Browser, lang: &str) {
    b.client
        .find(Locator::Css(&format!(
            ".lang-switch button[value='{lang}']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(b, "html", "").await;
    let current = b
        .client
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(current.as_deref(), Some(lang));
}

async fn type_into(b: &Browser, id: &str, text: &str) {
    let field = b.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn submit(b: &Browser) {
    b.client
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[actix_web::test]
async fn existing_account_accepts_in_chromium() {
    let Some(browser) = Browser::start("existing_account_accepts_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let (_member, link) = existing_account_link(&app, "bs").await;
    let axe = crate::browser_flow::axe_source();
    let axe = axe.as_deref();
    let c = &browser.client;

    // Not signed in: the address is shown, not typed; only the password is asked.
    c.goto(&link).await.unwrap();
    wait_for_text(&browser, "h1", "Org bs-2").await;
    wait_for_text(&browser, "main", "member@bs.test").await;
    both_widths(&browser, axe, "invite-signin-en").await;
    switch_language(&browser, "ru").await;
    wait_for_text(&browser, "main h2", "учётная запись").await;
    both_widths(&browser, axe, "invite-signin-ru").await;
    switch_language(&browser, "en").await;

    // A wrong password: one generic message, nothing else revealed.
    type_into(&browser, "password", "not the password").await;
    submit(&browser).await;
    wait_for_text(&browser, ".error-summary", "password is not right").await;
    both_widths(&browser, axe, "invite-signin-error").await;

    // The right one: signed in and a member.
    type_into(&browser, "password", MEMBER_PASSWORD).await;
    submit(&browser).await;
    wait_for_text(&browser, ".flashes", "Welcome!").await;

    // Signed in as the recipient, a third organisation's invitation is one button.
    let third = app.org_with_admin("bs-3", "third@bs.test").await;
    create_user(
        &third,
        &[
            ("first_name", "Mira"),
            ("last_name", "Member"),
            ("email", "member@bs.test"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;
    c.goto(&app.invitation_link("member@bs.test"))
        .await
        .unwrap();
    wait_for_text(&browser, "main form button", "Join Org bs-3").await;
    both_widths(&browser, axe, "invite-join-en").await;
    switch_language(&browser, "ru").await;
    wait_for_text(&browser, "main form button", "Присоединиться").await;
    both_widths(&browser, axe, "invite-join-ru").await;
    submit(&browser).await;
    wait_for_text(&browser, ".flashes", "bs-3").await;

    // The sign-in page takes an e-mail address or a phone number.
    c.find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "label[for=email]", "Почта или телефон").await;
    both_widths(&browser, axe, "login-ru").await;
    switch_language(&browser, "en").await;
    wait_for_text(&browser, "label[for=email]", "E-mail or phone").await;
    both_widths(&browser, axe, "login-en").await;
    browser.close().await;
}
