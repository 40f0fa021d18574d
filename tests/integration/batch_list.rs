//! A bulk send's progress page leads to that send's invitations: "See the failed ones" lists
//! the failures of this batch only (it listed every failed invitation of the organisation),
//! the list says it is narrowed to one send and links back to all, its filters and pages keep
//! the batch, and another organisation's batch is not found.

use crate::both_backends;
use crate::support::smtp_sink::Reply;
use crate::support::{Backend, Session, TestApp};

/// Ticks `emails`' cards in the users table and sends; the batch's progress page.
async fn send_batch(app: &TestApp, admin: &Session, emails: &[&str]) -> String {
    let mut ids = Vec::new();
    for email in emails {
        ids.push(app.member(admin).email(email).create().await);
    }
    admin.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let sent = admin.post("/admin/users/invite", &fields).await;
    let at = sent.location.clone().unwrap_or_default();
    assert!(at.starts_with("/admin/invitations/batches/"), "{at}");
    at
}

/// The `href` of the link whose text is `text`.
fn link(body: &str, text: &str) -> String {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse("a").unwrap();
    html.select(&sel)
        .find(|a| a.text().collect::<String>().trim() == text)
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_else(|| panic!("no link {text:?} in {body}"))
        .to_owned()
}

/// The `href` of the status tab named `status`.
fn status_tab(body: &str, status: &str) -> String {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(".status-filter a").unwrap();
    let span = scraper::Selector::parse("span").unwrap();
    html.select(&sel)
        .find(|a| {
            a.select(&span).next().map(|s| s.text().collect::<String>()) == Some(status.into())
        })
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_else(|| panic!("no tab {status:?} in {body}"))
        .to_owned()
}

/// The recipients listed in the invitations table.
fn recipients(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse("tbody tr td:nth-child(3)").unwrap();
    let mut out: Vec<String> = html
        .select(&sel)
        .map(|td| td.text().collect::<String>().trim().to_owned())
        .collect();
    out.sort();
    out
}

async fn the_failed_ones_are_the_batchs(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("BL-1").build().await;
    app.run_jobs().await;
    let gone = || Reply::Permanent("550 5.1.1 Mailbox unavailable".into());

    // An earlier send with one failure, then the one followed: one failure of its own.
    send_batch(&app, &admin, &["old1@bl.test", "old2@bl.test"]).await;
    app.smtp.script(vec![gone(), Reply::Ok]);
    assert_eq!(app.run_jobs().await, 2);
    let at = send_batch(&app, &admin, &["new1@bl.test", "new2@bl.test"]).await;
    app.smtp.script(vec![gone(), Reply::Ok]);
    assert_eq!(app.run_jobs().await, 2);
    let batch = at.rsplit('/').next().unwrap().to_owned();

    let progress = admin.get(&at).await;
    progress.assert_ok();
    let failed_href = link(&progress.body, "See the failed ones");
    assert_eq!(
        failed_href,
        format!("/admin/invitations?status=failed&batch={batch}")
    );
    let failed = admin.get(&failed_href).await;
    failed.assert_ok();
    let shown = recipients(&failed.body);
    assert_eq!(shown.len(), 1, "{}", failed.body);
    assert!(shown[0].starts_with("new"), "{shown:?}");
    assert!(
        failed
            .body
            .contains("Only the invitations of the send started"),
        "{}",
        failed.body
    );
    // "Show every invitation" drops the batch and keeps the status.
    let all_failed = link(&failed.body, "Show every invitation");
    assert_eq!(all_failed, "/admin/invitations?status=failed");
    let all = admin.get(&all_failed).await;
    assert_eq!(recipients(&all.body).len(), 2, "{}", all.body);

    // The send's own invitations, every status; the status tabs count the batch's.
    let own = admin
        .get(&link(&progress.body, "See this send's invitations"))
        .await;
    own.assert_ok();
    assert_eq!(
        recipients(&own.body),
        ["new1@bl.test", "new2@bl.test"],
        "{}",
        own.body
    );
    let pending = status_tab(&own.body, "Pending");
    assert!(pending.contains(&format!("batch={batch}")), "{pending}");
    assert!(
        own.body.contains(&format!(
            "<input type=\"hidden\" name=\"batch\" value=\"{batch}\">"
        )),
        "the filter and search forms keep the batch: {}",
        own.body
    );

    // The failed one sent again (it shows as Replaced now, not under Failed): the send still
    // counts its failure, and no longer offers a list that would be empty.
    let action = failed
        .body
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|a| {
            a.strip_prefix("/admin/invitations/")
                .and_then(|r| r.strip_suffix("/resend"))
                .is_some_and(|id| id.parse::<i64>().is_ok())
        })
        .unwrap_or_else(|| panic!("no resend on the failed row: {}", failed.body))
        .to_owned();
    assert_eq!(
        admin.post(&action, &[("back", &failed_href)]).await.status,
        303
    );
    assert_eq!(app.run_jobs().await, 1);
    let progress = admin.get(&at).await;
    assert!(
        progress.body.contains("<dd data-count=\"failed\">1</dd>"),
        "{}",
        progress.body
    );
    assert!(
        !progress.body.contains("See the failed ones"),
        "{}",
        progress.body
    );
    assert!(recipients(&admin.get(&failed_href).await.body).is_empty());

    // Another organisation's batch is not there to narrow to.
    let other = app.org("BL-2").build().await;
    let foreign = other
        .get(&format!("/admin/invitations?batch={batch}"))
        .await;
    assert_eq!(foreign.status, 404, "{}", foreign.body);
    app.allow_jobs_left("the second organisation's admin's welcome is not checked here");
}

both_backends!(the_failed_ones_are_the_batchs);
