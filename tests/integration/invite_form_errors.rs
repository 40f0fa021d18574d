//! The invite form's 422 (docs/UX.md "Forms"): the error summary links to the field the
//! problem is about — the first row's contact when the rows were used (or nothing was typed),
//! the mass-invite box when it was, the personal message, a name too long — and the message
//! stands beside that field too, as on the card form.

use crate::both_backends;
use crate::support::{Backend, Session, TestApp};

/// The error summary's links (`#field`) and texts.
fn summary_links(body: &str) -> Vec<(String, String)> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(".error-summary a").unwrap();
    html.select(&sel)
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_owned(),
                a.text().collect::<String>().trim().to_owned(),
            )
        })
        .collect()
}

/// The field error shown in the `.field` that holds the element `#id`.
fn beside(body: &str, id: &str) -> Option<String> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(".field").unwrap();
    let error = scraper::Selector::parse(".field-error").unwrap();
    let target = scraper::Selector::parse(&format!("#{id}")).unwrap();
    html.select(&sel)
        .filter(|f| f.select(&target).next().is_some())
        .filter(|f| !f.value().name().eq("fieldset"))
        .find_map(|f| f.select(&error).next())
        .map(|e| e.text().collect::<String>().trim().to_owned())
}

async fn refused(admin: &Session, fields: &[(&str, &str)]) -> String {
    admin.get("/admin/invite").await.assert_ok();
    let page = admin.post("/admin/invite", fields).await;
    assert_eq!(page.status, 422, "{fields:?}: {}", page.body);
    page.body
}

async fn the_invite_forms_summary_links_to_the_field(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("F-1").daily(1).build().await;

    // Nothing typed: the first row.
    let body = refused(&admin, &[("recipients", ""), ("action", "send")]).await;
    let empty = "Enter at least one e-mail address or phone number.";
    assert_eq!(
        summary_links(&body),
        [("#recipient-1".to_owned(), empty.to_owned())],
        "{body}"
    );
    assert_eq!(
        beside(&body, "recipient-1").as_deref(),
        Some(empty),
        "{body}"
    );

    // The mass-invite box used (the rows empty), over the daily limit: the box.
    let mut fields = vec![("recipients", ""); 5];
    fields.push(("recipients", "one@f1.test\ntwo@f1.test"));
    fields.push(("action", "send"));
    let body = refused(&admin, &fields).await;
    let links = summary_links(&body);
    assert_eq!(links.len(), 1, "{body}");
    assert_eq!(links[0].0, "#mass", "{body}");
    assert!(links[0].1.contains("Nothing was sent"), "{links:?}");
    assert_eq!(beside(&body, "mass").as_deref(), Some(links[0].1.as_str()));
    assert_eq!(beside(&body, "recipient-1"), None, "{body}");

    // A message too long: the message.
    let long = "x".repeat(2001);
    let body = refused(
        &admin,
        &[
            ("recipients", "one@f1.test"),
            ("message", &long),
            ("action", "send"),
        ],
    )
    .await;
    let too_long = "The personal message is longer than 2000 characters.";
    assert_eq!(
        summary_links(&body),
        [("#message".to_owned(), too_long.to_owned())],
        "{body}"
    );
    assert_eq!(beside(&body, "message").as_deref(), Some(too_long));

    // A name too long in the second row: that name.
    let long = "n".repeat(101);
    let body = refused(
        &admin,
        &[
            ("recipients", "one@f1.test"),
            ("recipients", "two@f1.test"),
            ("first_name", "One"),
            ("first_name", &long),
            ("action", "send"),
        ],
    )
    .await;
    let links = summary_links(&body);
    assert_eq!(links.len(), 1, "{body}");
    assert_eq!(links[0].0, "#first_name-2", "{body}");
    assert_eq!(
        beside(&body, "first_name-2").as_deref(),
        Some(links[0].1.as_str())
    );
    app.allow_jobs_left("nothing is queued; the admin's welcome message is not checked here");
}

both_backends!(the_invite_forms_summary_links_to_the_field);
