//! The "Page not found" page in headless Chromium with axe-core, at 1280 and 375 px in both
//! languages: inside the layout (header, language switch; the navigation once signed in).
//! Screenshots land in `target/screenshots/`.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};

#[actix_web::test]
async fn not_found_page_in_chromium() {
    let Some(browser) = Browser::start("not_found_page_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    app.org("BE-1").admin("boss@be.test").build().await;
    let b = &browser;

    // A visitor: the header and its language switch.
    b.goto(&format!("{}/no/such/page", app.base)).await;
    b.expect_text("h1", "Page not found").await;
    b.expect_text("header.topbar", "Invitely").await;
    b.shots("not-found-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Страница не найдена").await;
    b.shots("not-found-ru").await;

    // Signed in: the navigation too.
    b.switch_language("en").await;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@be.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("nav.mainnav", "Users").await;
    b.goto(&format!("{}/admin/users/999999999", app.base)).await;
    b.expect_text("h1", "Page not found").await;
    b.expect_text("nav.mainnav", "Users").await;
    b.shots("not-found-admin-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Страница не найдена").await;
    b.expect_text("nav.mainnav", "Пользователи").await;
    b.shots("not-found-admin-ru").await;
    browser.close().await;
}
