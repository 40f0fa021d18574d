//! Roles and departments in headless Chromium: the invitee accepts and sees the restricted
//! banner; the admin creates a role, looks at what renaming and deleting would reach, gives the
//! role on the member's card; the banner is gone and the e-mail arrived. Every new page is
//! screenshot at 1280 and 375 px and checked by axe-core, in English and Russian.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};

async fn sign_in(b: &Browser, base: &str, email: &str) {
    b.goto(&format!("{base}/login")).await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org W-7").await;
}

#[actix_web::test]
async fn admin_gives_a_role_and_the_banner_goes_in_chromium() {
    let Some(b) = Browser::start("admin_gives_a_role_and_the_banner_goes_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let base = app.base.clone();
    let admin = app.org("W-7").admin("boss@walk.test").build().await;
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@walk.test")
        .invite()
        .await;

    // The invitee accepts: restricted access, with its banner.
    b.goto(&ivan.link).await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.click("main form[method=post] button.primary").await;
    b.expect_text(".banner", "has not given you access").await;
    b.shots("roles-home-restricted").await;
    app.run_jobs().await;
    b.click("form[action='/logout'] button").await;
    b.expect_text("h1", "Sign in").await;

    // The admin creates a role and a department from the pages.
    sign_in(&b, &base, "boss@walk.test").await;
    b.click("nav a[href='/admin/roles']").await;
    b.expect_text("h1", "Roles").await;
    b.shots("roles-empty").await;
    b.fill("name", "Dispatcher").await;
    b.click("form[action='/admin/roles'] button[type=submit]")
        .await;
    b.expect_text(".flashes", "The role \"Dispatcher\" was created.")
        .await;
    b.fill("name", "dispatcher").await;
    b.click("form[action='/admin/roles'] button[type=submit]")
        .await;
    b.expect_text(".error-summary", "already exists").await;
    assert_eq!(b.value("name").await.as_deref(), Some("dispatcher"));
    b.shots("roles-duplicate").await;
    b.submit("nav a[href='/admin/departments']").await;
    b.fill("name", "Service").await;
    b.click("form[action='/admin/departments'] button[type=submit]")
        .await;
    b.expect_text(".flashes", "created").await;

    // The card: tick the role, save.
    b.goto(&format!("{base}/admin/users/{}", ivan.id)).await;
    b.expect_text("#roles", "No role").await;
    b.shots("roles-card-no-role").await;
    b.click("#roles input[type=checkbox]").await;
    b.click("form.form-grid button[type=submit]").await;
    b.expect_text(".flashes", "Access granted").await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(
        app.emails_to("ivan@walk.test")
            .iter()
            .filter(|m| crate::support::mime::header(&m.data, "Subject")
                .is_some_and(|s| s.contains("You now have access")))
            .count(),
        1
    );

    // What renaming and deleting would reach.
    for lang in ["en", "ru"] {
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        b.goto(&format!("{base}/admin/roles")).await;
        b.shots(&format!("roles-list-{lang}")).await;
        b.click("table.roles tbody th a").await;
        b.expect_text(
            "main",
            if lang == "en" {
                "1 member holds"
            } else {
                "Эта роль есть у 1"
            },
        )
        .await;
        b.shots(&format!("roles-edit-{lang}")).await;
        b.click("a.button.danger").await;
        b.expect_text(
            ".consequences",
            if lang == "en" {
                "1 member loses"
            } else {
                "1 участник лишится"
            },
        )
        .await;
        b.shots(&format!("roles-delete-{lang}")).await;
        b.goto(&format!("{base}/admin/departments")).await;
        b.shots(&format!("departments-list-{lang}")).await;
        b.click("table.departments th a").await;
        b.shots(&format!("departments-edit-{lang}")).await;
        b.click("a.button.danger").await;
        b.expect_text(
            ".consequences",
            if lang == "en" {
                "No member"
            } else {
                "нет участников"
            },
        )
        .await;
        b.shots(&format!("departments-delete-{lang}")).await;
        b.goto(&format!("{base}/admin/users/{}", ivan.id)).await;
        b.shots(&format!("roles-card-{lang}")).await;
    }
    b.switch_language("en").await;
    b.click("form[action='/logout'] button").await;
    b.expect_text("h1", "Sign in").await;

    // The member signs in again: the banner is gone.
    sign_in(&b, &base, "ivan@walk.test").await;
    b.expect_text("h1", "Home").await;
    assert_eq!(b.count(".banner").await, 0);
    b.shots("roles-home-granted").await;
    b.close().await;
}
