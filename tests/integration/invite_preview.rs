//! The invite form's preview of the HTML message (docs/UX.md "personal message with a preview of
//! the e-mail"): its frame loads the message from `/admin/invite-preview/{id}`, sent with a
//! policy made for an e-mail (its inline styles apply, nothing else: no script, no request,
//! sandboxed, framed by this site only) while the form's page keeps the pages' policy. The
//! document is only ever the caller's own last preview: another account, an unknown id, or a
//! preview the form has since sent answer 404.

use crate::both_backends;
use crate::invite_form::fields;
use crate::support::{Backend, Page, Session, TestApp};

/// The `src` of the preview's frame on the form's page.
pub(crate) fn frame_src(page: &Page) -> String {
    let doc = scraper::Html::parse_document(&page.body);
    let frame = scraper::Selector::parse("iframe.mail-html").unwrap();
    let el = doc
        .select(&frame)
        .next()
        .unwrap_or_else(|| panic!("no preview frame: {}", page.body));
    assert!(
        el.value().attr("srcdoc").is_none(),
        "a srcdoc frame takes on the page's policy: {}",
        el.html()
    );
    assert!(
        el.value().attr("sandbox").is_some(),
        "the frame stays sandboxed"
    );
    el.value()
        .attr("src")
        .unwrap_or_else(|| panic!("the preview frame loads no document: {}", el.html()))
        .to_owned()
}

/// The form posted with `action=preview` for one recipient and `message`.
async fn preview(admin: &Session, message: &str, locale: &str) -> Page {
    admin.get("/admin/invite").await.assert_ok();
    let page = admin
        .post(
            "/admin/invite",
            &fields(
                &[("ivan@pv.test", "Ivan", "Petrov")],
                "",
                &[
                    ("message", message),
                    ("locale", locale),
                    ("action", "preview"),
                ],
            ),
        )
        .await;
    page.assert_ok();
    page
}

async fn the_preview_frame_gets_the_mail_policy(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PV-1").admin("boss@pv.test").build().await;
    let message = "Night shift:\nbring boots";
    let page = preview(&admin, message, "en").await;
    // The form's page keeps the pages' policy, unchanged.
    assert_eq!(
        page.header("content-security-policy").as_deref(),
        Some(invitely::web::middleware::CSP)
    );
    assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"));

    let src = frame_src(&page);
    assert!(src.starts_with("/admin/invite-preview/"), "{src}");
    let doc = admin.get(&src).await;
    doc.assert_ok();
    assert!(doc
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html")));
    let csp = doc.header("content-security-policy").unwrap_or_default();
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for wanted in [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "sandbox",
    ] {
        assert!(directives.contains(&wanted), "{wanted:?} in {csp}");
    }
    assert!(!csp.contains("script-src"), "no script at all: {csp}");
    assert_eq!(doc.header("x-frame-options").as_deref(), Some("SAMEORIGIN"));
    assert_eq!(doc.header("cache-control").as_deref(), Some("no-store"));
    // The message as the recipient gets it: its inline styles, the personal message's lines.
    assert!(doc.body.contains("white-space:pre-line"), "{}", doc.body);
    assert!(
        doc.body.contains("Night shift:\nbring boots"),
        "{}",
        doc.body
    );
    assert!(doc.body.contains("Invitation to Org PV-1"), "{}", doc.body);

    // A newer preview (in Russian) replaces it; the older id is gone.
    let ru = preview(&admin, "Ночная смена", "ru").await;
    let newer = frame_src(&ru);
    assert_ne!(newer, src);
    assert_eq!(admin.get(&src).await.status, 404);
    let doc = admin.get(&newer).await;
    doc.assert_ok();
    assert!(doc.body.contains("Ночная смена") && doc.body.contains("lang=\"ru\""));

    // Only the caller's own: another organisation's admin, a visitor, an unknown id.
    let second = app.org("PV-2").admin("boss@pv2.test").build().await;
    assert_eq!(second.get(&newer).await.status, 404, "another account");
    let visitor = app.session().get(&newer).await;
    assert_ne!(visitor.status, 200, "a visitor");
    assert!(!visitor.body.contains("Ночная смена"));
    let unknown = format!("/admin/invite-preview/{}", "A".repeat(43));
    assert_eq!(admin.get(&unknown).await.status, 404, "an unknown id");

    // Sent: nothing is kept to look at.
    let sent = admin
        .post(
            "/admin/invite",
            &fields(
                &[("ivan@pv.test", "Ivan", "Petrov")],
                "",
                &[
                    ("message", "Ночная смена"),
                    ("locale", "ru"),
                    ("action", "send"),
                ],
            ),
        )
        .await;
    sent.assert_ok();
    assert_eq!(admin.get(&newer).await.status, 404, "after sending");
    app.run_jobs().await;
}

both_backends!(the_preview_frame_gets_the_mail_policy);
