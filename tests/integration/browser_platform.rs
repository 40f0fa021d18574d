//! The operator's panel in headless Chromium, axe-core on each page, at 1280 and 375 px in both
//! languages: the organisations list with its search, editing and disabling an organisation
//! (confirmed first; its admin is then kept out with a plain page), the operator log, the platform settings with
//! a refused region beside its field. Screenshots land in `target/screenshots/`.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::OrgId;
use invitely::db::schema::organisations;

#[actix_web::test]
async fn operator_edits_disables_and_configures_in_chromium() {
    let Some(browser) = Browser::start("operator_edits_disables_and_configures_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    app.org("BP-1").admin("boss@bp1.test").build().await;
    app.org("BP-2").admin("boss@bp2.test").build().await;
    let org: OrgId = organisations::table
        .filter(organisations::customer_number.eq("BP-1"))
        .select(organisations::id)
        .first(&mut app.conn())
        .unwrap();
    let b = &browser;

    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "operator@invitely.test").await;
    b.fill("password", PASSWORD).await;
    b.submit("form[action='/login'] button[type=submit]").await;
    b.goto(&format!("{}/platform/orgs", app.base)).await;
    b.expect_text("h1", "Organisations").await;
    b.shots("platform-orgs-list-en").await;
    // Search narrows the list to one organisation.
    b.fill("q", "BP-2").await;
    b.click("form.search button[type=submit]").await;
    b.expect_text("main", "Org BP-2").await;
    assert!(!b.text("main table").await.contains("Org BP-1"));

    // Edit: a refused seat limit is shown beside its field, then a real change and disabling.
    b.goto(&format!("{}/platform/orgs/{org}", app.base)).await;
    b.expect_text("h1", "Org BP-1").await;
    b.fill("seat_limit", "0").await;
    b.click("form[action^='/platform/orgs/'] button[type=submit]")
        .await;
    b.expect_text(".field-error", "seats").await;
    b.shots("platform-org-edit-error-en").await;
    b.fill("seat_limit", "25").await;
    b.click("#enabled").await;
    b.click("form[action^='/platform/orgs/'] button[type=submit]")
        .await;
    // Disabling is confirmed first, saying what it does.
    b.expect_text("#confirm-disable", "Disable Org BP-1?").await;
    b.expect_text("#confirm-disable", "1 member loses access")
        .await;
    b.shots("platform-org-disable-confirm-en").await;
    b.click("form[action^='/platform/orgs/'] button.danger")
        .await;
    b.expect_text("main", "Disabled").await;
    b.shots("platform-org-disabled-en").await;

    // The operator log shows it.
    b.goto(&format!("{}/platform/audit", app.base)).await;
    b.expect_text("h1", "Operator log").await;
    // The newest row (the filter above the table lists every action's label).
    let first = "table.audit-table tbody tr:first-child td:nth-child(3)";
    b.expect_text(first, "Organisation disabled").await;
    assert_eq!(b.text(first).await, "Organisation disabled");
    b.shots("platform-audit-en").await;

    // Settings: a region that does not exist is refused beside its field, input kept.
    b.goto(&format!("{}/platform/settings", app.base)).await;
    b.expect_text("h1", "Platform settings").await;
    b.fill("default_phone_region", "XX").await;
    b.click("form[action='/platform/settings'] button[type=submit]")
        .await;
    b.expect_text(".field-error", "region").await;
    assert_eq!(b.value("default_phone_region").await.as_deref(), Some("XX"));
    b.shots("platform-settings-error-en").await;
    b.fill("default_phone_region", "RU").await;
    b.click("form[action='/platform/settings'] button[type=submit]")
        .await;
    b.expect_text("main", "saved").await;

    // The organisation's administrators; disabled above, the organisation offers no invitation
    // nobody could accept, and says why (a bad address refused beside its field is
    // platform_org_admins' case).
    b.goto(&format!("{}/platform/orgs/{org}", app.base)).await;
    b.expect_text("#org-admins-table", "Active").await;
    b.expect_text("#admin-invite-disabled", "disabled").await;
    b.shots_of("platform-org-admins-disabled-en", "org-admins")
        .await;

    // The same pages in Russian.
    b.switch_language("ru").await;
    b.shots("platform-settings-ru").await;
    b.goto(&format!("{}/platform/orgs", app.base)).await;
    b.shots("platform-orgs-list-ru").await;
    b.goto(&format!("{}/platform/orgs/{org}", app.base)).await;
    b.shots("platform-org-edit-ru").await;
    b.shots_of("platform-org-admins-ru", "org-admins").await;
    b.goto(&format!("{}/platform/audit", app.base)).await;
    b.shots("platform-audit-ru").await;

    // The organisation's admin, signed in while it is enabled, is kept out with a plain page
    // the moment the operator disables it (the operator acting over HTTP meanwhile).
    b.click("form[action='/logout'] button").await;
    // Signing out ends every session of the account: wait for it before signing in again
    // (else the sign-out can end the new session too).
    b.expect_text("form[action='/login']", "").await;
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{org}");
    let fields = |enabled: bool| {
        let mut f = vec![
            ("name", "Org BP-1"),
            ("customer_number", "BP-1"),
            ("seat_limit", "25"),
            ("daily_invite_limit", "50"),
            ("lifetime_hours", "24"),
        ];
        // As the page posts its box: the hidden 0, then the box when ticked (a disabling
        // confirmed).
        f.push(("enabled", "0"));
        f.push(("confirm", "1"));
        if enabled {
            f.push(("enabled", "on"));
        }
        f
    };
    op.get(&edit).await.assert_ok();
    assert_eq!(op.post(&edit, &fields(true)).await.status, 303);
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@bp1.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org BP-1").await;
    b.switch_language("ru").await;
    op.get(&edit).await.assert_ok();
    assert_eq!(op.post(&edit, &fields(false)).await.status, 303);
    b.goto(&format!("{}/admin/users", app.base)).await;
    b.expect_text("h1", "организация отключена").await;
    b.shots("org-disabled-ru").await;
    b.goto(&format!("{}/orgs", app.base)).await;
    b.shots("orgs-with-disabled-ru").await;
    b.switch_language("en").await;
    b.goto(&format!("{}/admin/users", app.base)).await;
    b.expect_text("h1", "This organisation is disabled").await;
    b.shots("org-disabled-en").await;
    // The error page's link leads to the organisations, where the disabled one is shown.
    b.click("main a[href='/orgs']").await;
    b.expect_text("main", "access returns when it is enabled again")
        .await;
    b.shots("orgs-with-disabled-en").await;
    browser.close().await;
}

/// The operator's accounts in Chromium, axe-core on each page, 1280 and 375 px, both
/// languages: from the navigation to the list, a search, an account's page saying what
/// disabling does, disabled (the flash, the page offering to enable it), enabled again.
#[actix_web::test]
async fn operator_disables_an_account_in_chromium() {
    let Some(browser) = Browser::start("operator_disables_an_account_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("BA-1").admin("boss@ba1.test").build().await;
    app.org("BA-2").admin("boss@ba2.test").build().await;
    app.member(&admin)
        .email("guest@ba1.test")
        .invited()
        .create()
        .await;
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "operator@invitely.test").await;
    b.fill("password", PASSWORD).await;
    b.submit("form[action='/login'] button[type=submit]").await;
    b.goto(&format!("{}/platform/orgs", app.base)).await;
    b.click("nav a[href='/platform/accounts']").await;
    b.expect_text("h1", "Accounts").await;
    b.shots("platform-accounts-en").await;
    b.fill("q", "boss@ba1").await;
    b.click("form.search button[type=submit]").await;
    b.expect_text("main table", "boss@ba1.test").await;
    assert!(!b.text("main table").await.contains("boss@ba2.test"));
    b.click("main table a[href^='/platform/accounts/']").await;
    b.expect_text(
        "main",
        "The invitation they sent that is still open will be withdrawn",
    )
    .await;
    b.shots("platform-account-en").await;
    b.click("form[action$='/disable'] button").await;
    b.expect_text(".flash", "signed out everywhere").await;
    b.expect_text("main", "Enable account").await;
    b.shots("platform-account-disabled-en").await;

    b.switch_language("ru").await;
    b.expect_text("h1", "Учётная запись").await;
    b.shots("platform-account-disabled-ru").await;
    b.click("form[action$='/enable'] button").await;
    b.expect_text(".flash", "снова включена").await;
    b.shots("platform-account-ru").await;
    b.goto(&format!("{}/platform/accounts", app.base)).await;
    b.expect_text("h1", "Учётные записи").await;
    b.shots("platform-accounts-ru").await;
    browser.close().await;
}
