//! The organisation's settings and audit pages in headless Chromium, axe-core on each, at 1280
//! and 375 px in both languages: a refused lifetime shown beside its field, app links saved,
//! tightening who may invite confirmed with the count, then the audit trail filtered.
//! Screenshots land in `target/screenshots/`.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::MemberId;
use invitely::db::schema::{accounts, organisations};
use invitely::domain::invitations::{invite, InviteOptions};
use invitely::domain::Actor;

#[actix_web::test]
async fn admin_changes_settings_and_reads_the_audit_in_chromium() {
    let Some(browser) =
        Browser::start("admin_changes_settings_and_reads_the_audit_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("BS-1").admin("boss@bs1.test").build().await;
    // A member who is not an admin has invited somebody (everyone may, so far).
    app.member(&admin)
        .named("Mia", "Member")
        .email("mia@bs1.test")
        .join(PASSWORD)
        .await;
    // Members who are not admins invite while they hold a role.
    app.give_role("mia@bs1.test");
    let guest = app
        .member(&admin)
        .named("Gleb", "Guest")
        .email("guest@bs1.test")
        .create()
        .await;
    {
        let mut conn = app.conn();
        let mia = accounts::table
            .filter(accounts::email.eq("mia@bs1.test"))
            .select(accounts::id)
            .first(&mut conn)
            .unwrap();
        let org = organisations::table
            .filter(organisations::customer_number.eq("BS-1"))
            .select(organisations::id)
            .first(&mut conn)
            .unwrap();
        let actor = Actor {
            account_id: mia,
            request_id: "browser".into(),
        };
        let id = MemberId::from_raw(guest.parse().unwrap());
        invite(
            &mut conn,
            app.clock.now(),
            &actor,
            org,
            &[id],
            &InviteOptions::default(),
        )
        .unwrap();
    }
    app.run_jobs().await;
    let b = &browser;

    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@bs1.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org BS-1").await;

    // Settings from the navigation.
    b.click("nav.mainnav a[href='/admin/settings']").await;
    b.expect_text("h1", "Organisation settings").await;
    b.shots("org-settings-en").await;

    // Over the platform's cap: refused beside the field, input kept.
    b.fill("lifetime_hours", "500").await;
    b.fill("employee_app_url", "http://apps.example.com/field")
        .await;
    b.click("main form button[type=submit]").await;
    b.expect_text(".error-summary", "from 1 to 168").await;
    assert_eq!(b.value("lifetime_hours").await.as_deref(), Some("500"));
    b.shots("org-settings-error-en").await;

    b.fill("lifetime_hours", "72").await;
    b.fill("employee_app_url", "https://apps.example.com/field")
        .await;
    b.fill("customer_app_url", "https://apps.example.com/customers")
        .await;
    b.click("input[name=invite_policy][value=admins_only]")
        .await;
    b.click("main form button[type=submit]").await;
    b.expect_text("#confirm-revocations", "1 pending invitation")
        .await;
    b.shots("org-settings-confirm-en").await;
    b.switch_language("ru").await;
    b.expect_text("h1", "Настройки организации").await;
    b.shots("org-settings-ru").await;
    b.switch_language("en").await;
    // The language switch reloads the saved settings: choose again and confirm.
    b.fill("lifetime_hours", "72").await;
    b.fill("employee_app_url", "https://apps.example.com/field")
        .await;
    b.click("input[name=invite_policy][value=admins_only]")
        .await;
    b.click("main form button[type=submit]").await;
    b.expect_text("#confirm-revocations", "1 pending invitation")
        .await;
    b.click("main form button.danger").await;
    b.expect_text(".flashes", "was revoked").await;
    assert_eq!(b.value("lifetime_hours").await.as_deref(), Some("72"));

    // The audit trail from the navigation, filtered to revocations.
    b.click("nav.mainnav a[href='/admin/audit']").await;
    b.expect_text("h1", "Audit").await;
    b.expect_text("#audit-range", "of").await;
    b.shots("audit-en").await;
    b.click("select#action option[value='invitation.revoked']")
        .await;
    b.click(".audit-filters button[type=submit]").await;
    b.expect_text("#audit-range", "1–1 of 1").await;
    b.expect_text("main table", "Gleb Guest").await;
    b.switch_language("ru").await;
    b.expect_text("main table", "Приглашение отозвано").await;
    b.shots("audit-ru").await;
    browser.close().await;
}
