//! The help page where a person meets it — before signing in, and from the navigation of a
//! member without a role (docs/PRODUCT.md §2.11: home, help, settings) — in headless Chromium
//! with axe-core, at 1280 and 375 px in both languages. Screenshots land in
//! `target/screenshots/`.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};

#[actix_web::test]
async fn help_page_in_chromium() {
    let Some(browser) = Browser::start("help_page_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("BH-1").admin("boss@bh.test").build().await;
    app.member(&admin)
        .named("Nora", "Norole")
        .email("nora@bh.test")
        .join(PASSWORD)
        .await;
    let b = &browser;

    // Open to everyone: an invited person reads it before having an account.
    b.goto(&format!("{}/help", app.base)).await;
    b.expect_text("h1", "Help").await;
    b.expect_text("main", "Open the link in your invitation")
        .await;

    // A member without a role finds it in the navigation.
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "nora@bh.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("nav.mainnav", "Help").await;
    // On a phone the navigation folds behind its button (docs/UX.md).
    b.resize(375, 812).await;
    assert!(!b.displayed("nav.mainnav a[href='/help']").await, "folded");
    b.click("nav.mainnav [data-nav-toggle]").await;
    assert!(b.displayed("nav.mainnav a[href='/help']").await, "unfolded");
    b.resize(1280, 900).await;
    assert!(!b.displayed("nav.mainnav [data-nav-toggle]").await);
    b.click("nav.mainnav a[href='/help']").await;
    b.expect_text("h1", "Help").await;
    b.expect_text("main", "A member without a role sees only")
        .await;
    b.shots("help-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Справка").await;
    b.expect_text("main", "Участник без роли").await;
    b.shots("help-ru").await;
    browser.close().await;
}
