//! The life of an invitation in headless Chromium (issue 7): a bulk send's progress bar moves
//! by itself from queued to done and says so after a reload; the invitations list's filters,
//! bulk resend and one-click renew; a sortable column and the page-size choice. Screenshots at 1280 and 375 px, in English and Russian,
//! each checked by axe-core.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::MemberId;
use invitely::db::schema::invitations;

#[actix_web::test]
async fn bulk_send_progress_and_the_invitations_list_in_chromium() {
    let Some(browser) =
        Browser::start("bulk_send_progress_and_the_invitations_list_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("B-7").admin("boss@browser.test").build().await;
    let mut ids = Vec::new();
    for (first, last, email) in [
        ("Ivan", "Petrov", "ivan@example.com"),
        ("Olga", "Smirnova", "olga@example.com"),
        ("Anna", "Kuznetsova", "anna@example.com"),
    ] {
        let m = app.member(&admin).named(first, last).email(email);
        ids.push(m.create().await);
    }
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@browser.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org B-7").await;

    // Tick all three and send: the progress page, waiting for the workers.
    b.goto(&format!("{}/admin/users?status=not_invited", app.base))
        .await;
    b.click("[data-select-page]").await;
    b.click("[data-bulk-submit]").await;
    b.expect_text("[data-batch-state]", "Sending: 0 of 3 handled")
        .await;
    b.expect_text(".flashes", "3 invitations queued").await;
    b.shots("batch-running").await;
    let batch_url = b.client.current_url().await.unwrap().to_string();

    // The workers deliver; the bar follows without a reload.
    assert_eq!(app.run_jobs().await, 3);
    b.expect_text("[data-batch-state]", "Done: 3 invited, 0 errors")
        .await;
    assert_eq!(b.text("[data-count='sent']").await, "3");
    assert_eq!(b.text("[data-count='queued']").await, "0");
    // A reload tells the same.
    b.goto(&batch_url).await;
    b.expect_text("[data-batch-state]", "Done: 3 invited, 0 errors")
        .await;
    b.shots("batch-done").await;
    // The send's own invitations: the list narrowed to it, and saying so.
    b.click("a[href^='/admin/invitations?batch=']").await;
    b.expect_text(".filter-note", "Only the invitations of the send started")
        .await;
    b.expect_text(".pager", "1–3 of 3").await;
    b.shots("invitations-of-batch").await;
    b.goto(&batch_url).await;

    // Ivan's invitation is past its expiry: the list offers "Renew".
    let ivan: MemberId = ids[0].parse().unwrap();
    diesel::update(invitations::table.filter(invitations::member_id.eq(ivan)))
        .set(invitations::expires_at.eq(app.clock.now() - time::Duration::minutes(1)))
        .execute(&mut *app.conn())
        .unwrap();
    b.click("a[href='/admin/invitations']").await;
    b.expect_text("h1", "Invitations").await;
    b.expect_text(".pager", "1–4 of 4").await;
    b.shots("invitations-list").await;
    // Sortable headers and the page-size choice, as on the users table; the headers keep the
    // size, and the pager is shown scrolled into view.
    b.click(".pager .page-sizes a[href$='per_page=25']").await;
    b.expect_text(".pager .page-sizes a[aria-current]", "25")
        .await;
    b.click("th a.sort[href*='sort=recipient']").await;
    assert_eq!(
        b.count("th[aria-sort='ascending'] a[href*='sort=recipient&dir=desc&per_page=25']")
            .await,
        1
    );
    let shown: Vec<String> = b
        .client
        .execute(
            "return [...document.querySelectorAll('.invitations-table tbody tr td:nth-child(3)')]\
           .map(td => td.textContent);",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap();
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "by recipient");
    b.client
        .execute("document.querySelector('.pager').scrollIntoView();", vec![])
        .await
        .unwrap();
    b.shots("invitations-sorted").await;
    // At 375 px the pager (page sizes, range) folds under the table.
    b.resize(375, 812).await;
    b.client
        .execute("document.querySelector('.pager').scrollIntoView();", vec![])
        .await
        .unwrap();
    b.screenshot(&crate::support::browser::shot("invitations-pager-375"))
        .await;
    b.assert_no_sideways_scroll("the pager at 375 px").await;
    b.resize(1280, 900).await;
    b.goto(&format!("{}/admin/invitations", app.base)).await;
    b.click("a[href='/admin/invitations?status=expired']").await;
    b.expect_text("table", "ivan@example.com").await;
    b.click("form[action$='/renew'] button").await;
    b.expect_text(
        ".flashes",
        "A new invitation with the same terms was queued",
    )
    .await;

    // Tick Olga and Anna, resend: one message.
    b.goto(&format!("{}/admin/invitations?status=pending", app.base))
        .await;
    // Every tab is shown, whatever its count: the replaced tab's count tells. So far only
    // Ivan's renewed invitation is replaced.
    let replaced = ".status-filter a[href*='status=replaced'] .count";
    b.expect_text(replaced, "1").await;
    assert_eq!(b.text(replaced).await, "1");
    b.click("[data-select-ticked]").await;
    b.expect_text("[data-ticked-submit]", "Resend selected (2)")
        .await;
    b.click("button[data-ticked-submit]:not([formaction])")
        .await;
    b.expect_text(".flashes", "2 resent").await;
    // Now the two resent invitations are replaced too.
    b.expect_text(replaced, "3").await;
    assert_eq!(b.text(replaced).await, "3");
    b.shots("invitations-after-resend").await;
    app.run_jobs().await;

    // Revoking the ticked rows without JavaScript's question (the button cloned without its
    // listener): the server lists them and asks; "Cancel" goes back with nothing revoked.
    revoke_without_script(b, &app.base).await;
    b.expect_text("h1", "Revoke").await;
    b.expect_text(".revoke-list", "olga@example.com").await;
    b.shots("revoke-many").await;
    b.click("main a.button").await;
    b.expect_text("h1", "Invitations").await;

    // The same pages in Russian.
    b.switch_language("ru").await;
    b.expect_text("h1", "Приглашения").await;
    b.shots("invitations-list-ru").await;
    b.goto(&format!(
        "{}/admin/invitations?sort=expires&dir=desc&per_page=25",
        app.base
    ))
    .await;
    b.expect_text(".pager", "Строк на странице:").await;
    b.client
        .execute("document.querySelector('.pager').scrollIntoView();", vec![])
        .await
        .unwrap();
    b.shots("invitations-sorted-ru").await;
    revoke_without_script(b, &app.base).await;
    b.expect_text("h1", "Отозвать").await;
    b.shots("revoke-many-ru").await;
    b.click("main button.danger").await;
    b.expect_text(".flashes", "Отозвано: ").await;
    b.goto(&batch_url).await;
    b.expect_text("[data-batch-state]", "Готово").await;
    b.shots("batch-done-ru").await;
    b.click("a[href^='/admin/invitations?batch=']").await;
    b.expect_text(".filter-note", "Только приглашения рассылки")
        .await;
    b.shots("invitations-of-batch-ru").await;
    browser.close().await;
}

/// Ticks every pending invitation and presses "Revoke selected" as a browser without
/// JavaScript would: no question asked, so the server's confirmation page answers.
async fn revoke_without_script(b: &Browser, base: &str) {
    b.goto(&format!("{base}/admin/invitations?status=pending"))
        .await;
    b.click("[data-select-ticked]").await;
    b.client
        .execute(
            "var b = document.querySelector(\"button[formaction$='/revoke']\"); \
             b.replaceWith(b.cloneNode(true));",
            vec![],
        )
        .await
        .unwrap();
    b.click("button[formaction$='/revoke']").await;
}
