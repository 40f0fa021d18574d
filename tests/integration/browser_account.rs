//! The account page and the forgotten-password flow where a person meets them, in headless
//! Chromium with axe-core on every page, at 1280 and 375 px in both languages (issue 8).
//! Screenshots land in `target/screenshots/`.

use crate::account::NEW_PASSWORD;
use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{mime, Backend, TestApp};

#[actix_web::test]
async fn account_and_password_reset_in_chromium() {
    let Some(browser) = Browser::start("account_and_password_reset_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("BA-1").admin("boss@ba.test").build().await;
    app.member(&admin)
        .named("Vera", "Walker")
        .email("vera@ba.test")
        .join(PASSWORD)
        .await;
    app.give_role("vera@ba.test");
    let b = &browser;
    let submit = "main form button[type=submit]";

    // Forgot password, from the sign-in page.
    b.goto(&format!("{}/login", app.base)).await;
    b.click("a[href='/password/forgot']").await;
    b.expect_text("h1", "Forgot your password").await;
    b.shots("forgot-en").await;
    b.fill("email", "not an address").await;
    b.click(submit).await;
    b.expect_text(".error-summary", "country code").await;
    b.shots("forgot-error-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Восстановление пароля").await;
    b.shots("forgot-ru").await;
    b.fill("email", "vera@ba.test").await;
    b.click(submit).await;
    b.expect_text("h1", "Проверьте сообщения").await;
    b.shots("forgot-sent-ru").await;
    // The switch goes back to the form (the answer is not a page of its own): ask again.
    b.switch_language("en").await;
    b.expect_text("h1", "Forgot your password").await;
    b.fill("email", "vera@ba.test").await;
    b.click(submit).await;
    b.expect_text("h1", "Check your messages").await;
    b.shots("forgot-sent-en").await;

    app.run_jobs().await;
    let mail = app.emails_to("vera@ba.test").pop().unwrap();
    let text = mime::part(&mail.data, "text/plain").unwrap();
    let link = mime::find_link(&text, &format!("{}/password/reset/", app.base)).unwrap();
    b.goto(&link).await;
    b.expect_text("main", "vera@ba.test").await;
    b.shots("reset-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Новый пароль").await;
    b.shots("reset-ru").await;
    b.fill("password", NEW_PASSWORD).await;
    b.fill("password_confirm", "something different").await;
    b.click(submit).await;
    b.expect_text(".error-summary", "Пароли не совпадают.")
        .await;
    b.expect_text(".has-error .field-error", "Пароли не совпадают.")
        .await;
    b.shots("reset-error-ru").await;
    b.fill("password", NEW_PASSWORD).await;
    b.fill("password_confirm", NEW_PASSWORD).await;
    b.click(submit).await;
    b.expect_text("main", "Пароль задан").await;
    b.shots("login-after-reset-ru").await;
    b.goto(&link).await;
    b.expect_text("h1", "больше не действует").await;
    b.shots("reset-dead-ru").await;
    b.switch_language("en").await;
    b.shots("reset-dead-en").await;
    app.run_jobs().await;

    // Signed in: the account page.
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "vera@ba.test").await;
    b.fill("password", NEW_PASSWORD).await;
    b.click(submit).await;
    // The signed-in page, once it has loaded (the click returns before the navigation ends).
    b.expect_text("a[href='/account']", "").await;
    b.click("a[href='/account']").await;
    b.expect_text("h1", "Your account").await;
    b.expect_text(".memberships-table", "Org BA-1").await;
    b.shots("account-en").await;
    b.fill("current_password", "not the password").await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.click("form[action='/account/password'] button").await;
    b.expect_text(".error-summary", "current password is not right")
        .await;
    b.shots("account-error-en").await;
    // A form that acts is sent once: a second submit while the first is under way is held
    // back (static/app.js); a search form (GET) is not.
    let held: Vec<bool> = serde_json::from_value(
        b.client
            .execute(
                "var f = document.querySelector(\"form[action='/account/password']\");
                 var once = function () {
                   var e = new Event('submit', { bubbles: true, cancelable: true });
                   f.dispatchEvent(e);
                   return e.defaultPrevented;
                 };
                 var first = once(), second = once();
                 f.removeAttribute('data-sending');
                 return [first, second];",
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(held, [false, true], "the second submit is held back");
    // A double click on the button: the password is changed, and the page says so.
    b.fill("current_password", NEW_PASSWORD).await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.client
        .execute(
            "var b = document.querySelector(\"form[action='/account/password'] button\");
             b.click(); b.click();",
            vec![],
        )
        .await
        .unwrap();
    b.expect_text(".flashes", "Your password was changed").await;
    b.click("form[action='/account/language'] select option[value='ru']")
        .await;
    b.click("form[action='/account/language'] button").await;
    b.expect_text(".flashes", "Язык сохранён").await;
    b.shots("account-ru").await;
    app.run_jobs().await;
    browser.close().await;
}
