//! Error pages are pages of the application: inside the layout (the header with the product's
//! name and the language switch, the account and its navigation when signed in), in the page's
//! language, with their status and the security headers — an unknown address, another
//! organisation's card, a page refused, a request refused by actix's own extractors.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::client::Page;
use crate::support::{Backend, TestApp};

/// The layout's header with the product's name and a working language switch.
fn assert_framed(what: &str, page: &Page, lang: &str) {
    let body = &page.body;
    assert!(
        body.contains(&format!(r#"<html lang="{lang}">"#)),
        "{what}: {body}"
    );
    assert!(
        body.contains(r#"<header class="topbar">"#),
        "{what}: {body}"
    );
    assert!(
        body.contains(r#"<a class="brand" href="/">Invitely</a>"#),
        "{what}: {body}"
    );
    assert!(
        body.contains(r#"<form class="lang-switch" method="post" action="/lang">"#),
        "{what}: {body}"
    );
    assert!(body.contains(r#"<main id="main""#), "{what}: {body}");
    for header in ["content-security-policy", "x-frame-options", "x-request-id"] {
        assert!(page.header(header).is_some(), "{what}: {header}");
    }
    let id = page.header("x-request-id").unwrap_or_default();
    assert!(
        body.contains(&format!("<code>{id}</code>")),
        "{what}: {body}"
    );
}

/// The navigation of a signed-in admin, with their name and the sign-out button.
fn assert_admin_nav(what: &str, page: &Page, users: &str) {
    let body = &page.body;
    assert!(body.contains(r#"<nav class="mainnav""#), "{what}: {body}");
    let nav = &body[body.find(r#"<nav class="mainnav""#).unwrap_or(0)..];
    assert!(
        nav.contains(r#"<li><a href="/admin/users""#),
        "{what}: {body}"
    );
    assert!(nav.contains(&format!(">{users}</a>")), "{what}: {body}");
    assert!(body.contains(r#"action="/logout""#), "{what}: {body}");
}

async fn error_pages_are_inside_the_layout(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // A visitor: the header and the switch, no navigation; the browser's language.
    let visitor = app.session();
    let en = visitor.get("/no/such/page").await;
    assert_eq!(en.status, 404);
    assert_framed("unknown address", &en, "en");
    assert!(en.body.contains("<h1>Page not found</h1>"), "{}", en.body);
    assert!(!en.body.contains("mainnav"), "{}", en.body);
    // Its switch works from the error page (the token is the visitor's), back to the address.
    let switched = visitor
        .post("/lang", &[("lang", "ru"), ("back", "/no/such/page")])
        .await;
    assert_eq!(switched.status, 303, "{}", switched.body);
    assert_eq!(switched.location.as_deref(), Some("/no/such/page"));
    let ru = visitor.get("/no/such/page").await;
    assert_eq!(ru.status, 404);
    assert_framed("unknown address", &ru, "ru");
    assert!(
        ru.body.contains("<h1>Страница не найдена</h1>"),
        "{}",
        ru.body
    );

    // An admin of A asking for B's card: not found, in A's frame.
    let admin_b = app.org("EP-B").build().await;
    let theirs = app
        .member(&admin_b)
        .named("Boris", "Other")
        .email("boris@ep-b.test")
        .create()
        .await;
    let admin = app.org("EP-A").admin("boss@ep-a.test").build().await;
    admin.get("/admin/users").await.assert_ok();
    let card = admin.get(&format!("/admin/users/{theirs}")).await;
    assert_eq!(card.status, 404);
    assert_framed("another organisation's card", &card, "en");
    assert_admin_nav("another organisation's card", &card, "Users");
    assert!(card.body.contains("Org EP-A"), "{}", card.body);
    assert!(!card.body.contains("Boris"), "{}", card.body);
    assert!(
        card.body.contains("<h1>Page not found</h1>"),
        "{}",
        card.body
    );
    // An unknown address when signed in: the same frame (nothing loaded the caller before).
    let nowhere = admin.get("/admin/nowhere").await;
    assert_eq!(nowhere.status, 404);
    assert_admin_nav("unknown address, signed in", &nowhere, "Users");
    // In Russian once the admin switches, from the error page itself.
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/nowhere")])
        .await;
    assert_eq!(switched.status, 303, "{}", switched.body);
    let card = admin.get(&format!("/admin/users/{theirs}")).await;
    assert_eq!(card.status, 404);
    assert_framed("another organisation's card", &card, "ru");
    assert_admin_nav("another organisation's card", &card, "Пользователи");
    assert!(
        card.body.contains("<h1>Страница не найдена</h1>"),
        "{}",
        card.body
    );
    // A page refused to an admin who is no operator: 403, framed.
    let refused = admin.get("/platform/orgs").await;
    assert_eq!(refused.status, 403);
    assert_framed("refused page", &refused, "ru");
    assert_admin_nav("refused page", &refused, "Пользователи");
    assert!(
        refused.body.contains("<h1>Доступ запрещён</h1>"),
        "{}",
        refused.body
    );

    // A member who is no admin refused an admin page: their own (shorter) navigation.
    let member = app
        .member(&admin)
        .named("Mira", "Member")
        .email("mira@ep-a.test")
        .join(PASSWORD)
        .await;
    let refused = member.get("/admin/users").await;
    assert_eq!(refused.status, 403);
    assert_framed("admin page to a member", &refused, "en");
    assert!(
        refused.body.contains(r#"<nav class="mainnav""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"href="/account""#),
        "{}",
        refused.body
    );
    assert!(
        !refused.body.contains(r#"href="/admin/users""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("<h1>Access denied</h1>"),
        "{}",
        refused.body
    );

    // actix's own refusal of a query it cannot read (a field twice): a framed 400, not plain
    // text.
    let query = visitor.get("/login?next=/a&next=/b").await;
    assert_eq!(query.status, 400, "{}", query.body);
    assert_framed("unreadable query", &query, "ru");
    assert!(
        query.body.contains("<h1>Запрос не удалось разобрать</h1>"),
        "{}",
        query.body
    );
}

/// An address the application has, asked with a method it does not take: 405 with the methods
/// it takes, on the application's own page; an address it does not have stays 404.
async fn a_known_address_with_another_method_is_405(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let client = crate::support::client::builder().build().unwrap();
    for (method, path, allow) in [
        (reqwest::Method::PUT, "/login", Some("GET, HEAD, POST")),
        (reqwest::Method::DELETE, "/admin/users", Some("GET, HEAD")),
        (reqwest::Method::POST, "/healthz", Some("GET, HEAD")),
        (reqwest::Method::GET, "/logout", Some("POST")),
        // Spelled out in the table, not the card's `{id}`: its own method only.
        (
            reqwest::Method::DELETE,
            "/admin/users/export.csv",
            Some("GET, HEAD"),
        ),
        (
            reqwest::Method::PATCH,
            "/invite/some-token",
            Some("GET, HEAD, POST"),
        ),
        (reqwest::Method::PUT, "/no/such/page", None),
    ] {
        let res = client
            .request(method.clone(), format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let allowed = res
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = res.text().await.unwrap();
        match allow {
            Some(allow) => {
                assert_eq!(status, 405, "{method} {path}: {body}");
                assert_eq!(allowed.as_deref(), Some(allow), "{method} {path}");
                assert!(body.contains("<h1>Not possible here</h1>"), "{body}");
            }
            None => {
                assert_eq!(status, 404, "{method} {path}: {body}");
                assert!(body.contains("<h1>Page not found</h1>"), "{body}");
            }
        }
    }
}

both_backends!(
    error_pages_are_inside_the_layout,
    a_known_address_with_another_method_is_405
);
