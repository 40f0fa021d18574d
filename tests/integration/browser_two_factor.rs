//! Enrolling in two-factor sign-in and signing in with a code, in headless Chromium with
//! axe-core on every page, at 1280 and 375 px in English and Russian: the secret is read from
//! the page as a person would type it, the code computed here, typed, the recovery codes seen,
//! then sign-out and sign-in with a fresh code. Screenshots land in `target/screenshots/`.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use crate::two_factor::{code_at, now};
use totp_rs::Secret;

#[actix_web::test]
async fn enrol_and_sign_in_with_a_code_in_chromium() {
    let Some(browser) = Browser::start("enrol_and_sign_in_with_a_code_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let _admin = app.org("tf-1").admin("boss@tf.test").build().await;
    app.clock.pin();
    let b = &browser;
    let submit = "main form button[type=submit]";

    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@tf.test").await;
    b.fill("password", PASSWORD).await;
    b.submit(submit).await;
    b.goto(&format!("{}/account/two-factor", app.base)).await;
    b.expect_text("h1", "Two-factor sign-in").await;
    assert_eq!(b.count("img.qr").await, 1, "the QR image");
    b.shots("two-factor-enrol-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Двухфакторный вход").await;
    b.shots("two-factor-enrol-ru").await;
    b.switch_language("en").await;

    // The key as shown (groups of four), typed into "the app": here, computed in Rust.
    let shown = b.text("#secret").await;
    let secret = Secret::Encoded(shown.split_whitespace().collect())
        .to_bytes()
        .unwrap();
    b.fill("code", "000000").await;
    b.submit(submit).await;
    let wrong_shown = b.count(".error-summary").await;
    if code_at(&secret, now(&app)) != "000000" {
        assert_eq!(wrong_shown, 1, "a wrong code is refused");
        b.shots("two-factor-enrol-error-en").await;
    }
    b.fill("code", &code_at(&secret, now(&app))).await;
    b.click(submit).await;
    b.expect_text("h1", "Your recovery codes").await;
    assert_eq!(b.count(".recovery-codes li").await, 10);
    b.shots("two-factor-codes-en").await;

    // Sign out, sign in: the password, then the code.
    b.click("form[action='/logout'] button").await;
    b.expect_text("form[action='/login']", "").await;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@tf.test").await;
    b.fill("password", PASSWORD).await;
    b.click(submit).await;
    b.expect_text("h1", "Enter your sign-in code").await;
    b.shots("two-factor-step-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Введите код").await;
    b.shots("two-factor-step-ru").await;
    app.clock.advance(time::Duration::seconds(30));
    b.fill("code", &code_at(&secret, now(&app))).await;
    b.submit(submit).await;
    b.goto(&format!("{}/account/two-factor", app.base)).await;
    // Still in Russian: ten codes left ("10" alone would match a date or a time).
    b.expect_text("main", "У вас 10 неиспользованных резервных кодов.")
        .await;
    b.shots("two-factor-status-ru").await;
    browser.close().await;
}
