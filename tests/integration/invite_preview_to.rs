//! The invite form's preview is the message sending writes: for the first recipient the form
//! would invite (not one already a member), by the channel it goes by (an SMS for a phone
//! number, an e-mail when the card found has an address), with a found card's stored names
//! and its kind's app link. Each preview is compared with the message that then arrives.

use crate::both_backends;
use crate::invite_form::fields;
use crate::support::app::PASSWORD;
use crate::support::mime;
use crate::support::pages::{app_links, sms_settings};
use crate::support::{Backend, Page, TestApp};

/// The text of the element with `id` on the page, or None.
fn text_of(page: &Page, id: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(&page.body);
    let sel = scraper::Selector::parse(&format!("#{id}")).unwrap();
    doc.select(&sel).next().map(|e| e.text().collect())
}

/// The name column of the line for `typed` on the form's page.
fn name_for(page: &Page, typed: &str) -> String {
    let doc = scraper::Html::parse_document(&page.body);
    let row = scraper::Selector::parse(".invite-lines tbody tr").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    doc.select(&row)
        .map(|tr| {
            tr.select(&td)
                .map(|c| c.text().collect::<String>())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first().map(|c| c.trim()) == Some(typed))
        .and_then(|cells| cells.get(1).map(|c| c.trim().to_owned()))
        .unwrap_or_else(|| panic!("no line for {typed:?}: {}", page.body))
}

/// `text` with its invitation link cut to `/invite/…` and every digit read as `#`: the
/// preview's placeholder link and its expiry (a minute may pass before sending) compare equal
/// to the sent message's.
fn masked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text.replace("\r\n", "\n");
    while let Some(at) = rest.find("/invite/") {
        out.push_str(&rest[..at]);
        out.push_str("/invite/…");
        let tail = &rest[at + "/invite/".len()..];
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        rest = tail[end..].to_owned();
    }
    out.push_str(&rest);
    out.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

async fn the_preview_is_the_message_sending_writes(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PT-1").admin("boss@pt.test").build().await;
    let op = app.login("operator@invitely.test", PASSWORD).await;
    assert_eq!(sms_settings(&op, "RU", "", "").await, 303);
    app_links(&admin, "en").await;

    // A phone number after someone already a member and a number of a country SMS may not go
    // to (said on its line, as sending would skip it): the preview is the SMS the number gets.
    let rows = [
        ("boss@pt.test", "", ""),
        ("+1 202 555 0147", "Sam", "Far"),
        ("+7 905 111-11-11", "Pavel", "Orlov"),
    ];
    // The form posted with `action`: preview, or send.
    let post = |rows: Vec<(&'static str, &'static str, &'static str)>, action: &'static str| {
        let admin = &admin;
        async move {
            admin.get("/admin/invite").await.assert_ok();
            let page = admin
                .post(
                    "/admin/invite",
                    &fields(
                        &rows,
                        "",
                        &[
                            ("message", "Bring boots"),
                            ("locale", "en"),
                            ("action", action),
                        ],
                    ),
                )
                .await;
            page.assert_ok();
            page
        }
    };
    let preview = |rows| post(rows, "preview");
    let page = preview(rows.to_vec()).await;
    let far = crate::invite_form::result_for(&page.body, "+1 202 555 0147");
    assert!(far.contains("SMS to this country is not allowed"), "{far}");
    assert_eq!(
        text_of(&page, "preview-to").as_deref(),
        Some("SMS to +79051111111"),
        "{}",
        page.body
    );
    assert!(
        text_of(&page, "preview-subject").is_none(),
        "an SMS has none"
    );
    assert!(!page.body.contains("iframe"), "no HTML part for an SMS");
    let sms_preview = text_of(&page, "preview-text").expect("the SMS text");
    assert!(!sms_preview.contains("Bring boots"), "{sms_preview}");

    // A customer card with an address and a number, its number typed with other names: the
    // preview is the e-mail to its address, greeting its stored names, with the customers' app.
    app.member(&admin)
        .named("Olga", "Smirnova")
        .email("olga@pt.test")
        .phone("+7 905 222-22-22")
        .customer()
        .create()
        .await;
    let page = preview(vec![("+7 905 222-22-22", "Typed", "Other")]).await;
    assert_eq!(
        text_of(&page, "preview-to").as_deref(),
        Some("E-mail to olga@pt.test"),
        "{}",
        page.body
    );
    // Its line names the card as its messages greet it, not as typed.
    assert_eq!(name_for(&page, "+7 905 222-22-22"), "Olga Smirnova");
    let mail_preview = text_of(&page, "preview-text").expect("the e-mail text");
    assert!(mail_preview.contains("Olga Smirnova"), "{mail_preview}");
    assert!(!mail_preview.contains("Typed"), "{mail_preview}");
    assert!(
        mail_preview.contains("https://apps.example.com/customers"),
        "{mail_preview}"
    );
    assert!(
        !mail_preview.contains("apps.example.com/field"),
        "{mail_preview}"
    );
    let subject = text_of(&page, "preview-subject").expect("a subject");

    // Sent, each arrives as previewed.
    post(rows.to_vec(), "send").await;
    let sent = post(vec![("+7 905 222-22-22", "Typed", "Other")], "send").await;
    assert_eq!(name_for(&sent, "+7 905 222-22-22"), "Olga Smirnova");
    app.run_jobs().await;
    let sms = app.sms.messages();
    assert_eq!(sms.len(), 1, "the allowed country's only: {sms:?}");
    let sent: serde_json::Value = serde_json::from_str(&sms[0]).unwrap();
    assert_eq!(sent["to"], "+79051111111");
    let sent = sent["text"].as_str().unwrap();
    assert!(sent.contains("(until "), "the expiry fits: {sent}");
    assert_eq!(masked(sent), masked(&sms_preview));
    let mails = app.emails_to("olga@pt.test");
    assert_eq!(mails.len(), 1);
    assert_eq!(mime::header(&mails[0].data, "Subject"), Some(subject));
    let text = mime::part(&mails[0].data, "text/plain").expect("a text part");
    assert_eq!(masked(&text), masked(&mail_preview));
}

both_backends!(the_preview_is_the_message_sending_writes);
