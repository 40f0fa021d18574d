//! Cards named only by a long e-mail address in the Russian users table and invitations list
//! in headless Chromium: at 1280 px the tables fit without scrolling sideways (the name breaks
//! after its "@"); at 375 px they read as the row cards. Screenshots at both widths in both
//! languages, each checked by axe-core.

use crate::invite_form::fields;
use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};

const ADDRESSES: [&str; 3] = [
    "konstantinopolskaya.aleksandra@otdel-prodazh.example-company.ru",
    "v.nepomnyashchikh@severo-zapadnyi-filial.example-company.ru",
    "short@example.test",
];

/// The table inside its scrolling box is no wider than the box (a pixel of rounding aside).
async fn assert_table_fits(b: &Browser, what: &str) {
    let widths = b
        .client
        .execute(
            "const t = document.querySelector('.table-scroll table');\
             return [t.scrollWidth, t.parentElement.clientWidth];",
            vec![],
        )
        .await
        .unwrap();
    let (table, space): (u64, u64) = serde_json::from_value(widths).unwrap();
    assert!(
        table <= space + 1,
        "{what}: the table is {table} px in {space} px"
    );
}

#[actix_web::test]
async fn address_names_fit_the_tables_in_chromium() {
    let Some(browser) = Browser::start("address_names_fit_the_tables_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("AN-B").admin("boss@an.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let rows: Vec<(&str, &str, &str)> = ADDRESSES.iter().map(|a| (*a, "", "")).collect();
    let sent = admin
        .post("/admin/invite", &fields(&rows, "", &[("action", "send")]))
        .await;
    sent.assert_ok();
    app.run_jobs().await;
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@an.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org AN-B").await;
    for lang in ["ru", "en"] {
        b.goto(&format!("{}/admin/users", app.base)).await;
        b.switch_language(lang).await;
        b.expect_text("table", "konstantinopolskaya").await;
        b.shots(&format!("address-names-users-{lang}")).await;
        assert_table_fits(b, &format!("users-{lang}")).await;
        b.goto(&format!("{}/admin/invitations", app.base)).await;
        b.expect_text("table", "konstantinopolskaya").await;
        b.shots(&format!("address-names-invitations-{lang}")).await;
        assert_table_fits(b, &format!("invitations-{lang}")).await;
    }
    browser.close().await;
}
