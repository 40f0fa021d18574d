//! What a new user meets on a first walk through the pages: a card needs a name and a contact,
//! unknown URLs get the application's own page (and there is a favicon), e-mails read well on
//! a phone, admin pages before an organisation is chosen lead to the chooser, HEAD answers like
//! GET, and skipped parts of the suite are reported at the end of `cargo test`.

use crate::both_backends;
use crate::support::pages::{create_user, row_ids};
use crate::support::{mime, skips, Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::MemberId;
use invitely::db::schema::members;

/// The text of the link to each card in the users table, by card id.
fn card_links(body: &str) -> Vec<(String, String)> {
    row_ids(body)
        .into_iter()
        .map(|(id, _)| {
            let marker = format!("<a href=\"/admin/users/{id}\" id=\"rn-{id}\">");
            let text = body
                .split(&marker)
                .nth(1)
                .and_then(|rest| rest.split("</a>").next())
                .unwrap_or_default()
                .trim()
                // An address shown as a name may break after "@" and dots: read as text.
                .replace("<wbr>", "");
            (id, text)
        })
        .collect()
}

async fn users_count(admin: &Session) -> usize {
    let page = admin.get("/admin/users").await;
    page.assert_ok();
    row_ids(&page.body).len()
}

/// The error summary's links (`#field`) on a page.
fn summary_targets(body: &str) -> Vec<String> {
    let Some(start) = body.find("class=\"error-summary\"") else {
        return Vec::new();
    };
    let summary = &body[start
        ..body[start..]
            .find("</div>")
            .map_or(body.len(), |e| start + e)];
    summary
        .split("href=\"#")
        .skip(1)
        .filter_map(|p| p.split('"').next())
        .map(str::to_owned)
        .collect()
}

async fn card_needs_a_name_and_a_contact(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-1").admin("admin@n1.example").build().await;
    let before = users_count(&admin).await;

    // The empty form, as the "New user" page sends it.
    admin.get("/admin/users/new").await.assert_ok();
    let empty = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", ""),
                ("last_name", ""),
                ("email", ""),
                ("phone", ""),
                ("kind", "employee"),
                ("department_id", ""),
                ("position", "Night porter"),
                ("send_invitation", "1"),
            ],
        )
        .await;
    assert_eq!(empty.status, 422, "empty card: {}", empty.body);
    assert_eq!(
        summary_targets(&empty.body),
        ["first_name", "email"],
        "the summary links to the name and the contact"
    );
    assert!(empty.body.contains("Enter a first or last name."));
    assert!(empty
        .body
        .contains("Enter an e-mail address or a phone number."));
    assert!(empty.body.contains("value=\"Night porter\""), "input kept");
    assert_eq!(users_count(&admin).await, before, "nothing created");

    // A name without a contact, and a contact without a name: each says what is missing.
    let no_contact = admin
        .post(
            "/admin/users/new",
            &[("first_name", "Anna"), ("kind", "employee")],
        )
        .await;
    assert_eq!(no_contact.status, 422);
    assert_eq!(summary_targets(&no_contact.body), ["email"]);
    assert!(no_contact.body.contains("value=\"Anna\""));
    let no_name = admin
        .post(
            "/admin/users/new",
            &[("email", "anna@n1.example"), ("kind", "employee")],
        )
        .await;
    assert_eq!(no_name.status, 422);
    assert_eq!(summary_targets(&no_name.body), ["first_name"]);
    assert!(no_name.body.contains("value=\"anna@n1.example\""));
    assert_eq!(users_count(&admin).await, before, "nothing created");

    // A last name alone and a phone alone make a card.
    let id = create_user(
        &admin,
        &[
            ("last_name", "Sidorova"),
            ("phone", "+7 905 222-22-22"),
            ("kind", "employee"),
        ],
    )
    .await;

    // Editing the card follows the same rule, and changes nothing when refused.
    admin.get(&format!("/admin/users/{id}")).await.assert_ok();
    let emptied = admin
        .post(
            &format!("/admin/users/{id}"),
            &[
                ("first_name", " "),
                ("last_name", ""),
                ("email", ""),
                ("phone", ""),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(emptied.status, 422, "emptied card: {}", emptied.body);
    assert_eq!(summary_targets(&emptied.body), ["first_name", "email"]);
    let card = admin.get(&format!("/admin/users/{id}")).await;
    card.assert_ok();
    assert!(card.body.contains("value=\"Sidorova\""), "card unchanged");
    assert!(card.body.contains("+79052222222"), "card unchanged");
}

async fn table_links_are_never_empty(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-2").admin("admin@n2.example").build().await;
    let fields = |first: &'static str, email: &'static str| {
        [
            ("first_name", first),
            ("email", email),
            ("kind", "employee"),
        ]
    };
    let nameless = create_user(&admin, &fields("Old", "old@n2.example")).await;
    let empty = create_user(&admin, &fields("Older", "older@n2.example")).await;
    // Rows saved before the rule: one without a name, one without a name or contact.
    let mut conn = app.conn();
    diesel::update(members::table.find(nameless.parse::<MemberId>().unwrap()))
        .set(members::first_name.eq(""))
        .execute(&mut *conn)
        .unwrap();
    diesel::update(members::table.find(empty.parse::<MemberId>().unwrap()))
        .set((
            members::first_name.eq(""),
            members::email.eq(None::<String>),
            members::phone.eq(None::<String>),
        ))
        .execute(&mut *conn)
        .unwrap();
    drop(conn);

    let page = admin.get("/admin/users").await;
    page.assert_ok();
    let links = card_links(&page.body);
    assert_eq!(links.len(), 3, "{links:?}");
    for (id, text) in &links {
        assert!(!text.is_empty(), "the link to {id} has no text: {links:?}");
    }
    let text_of = |id: &str| links.iter().find(|(i, _)| i == id).unwrap().1.clone();
    assert_eq!(text_of(&nameless), "old@n2.example");
    assert_eq!(text_of(&empty), "Unnamed user");
    // And the card of the row with nothing opens with that heading.
    let card = admin.get(&format!("/admin/users/{empty}")).await;
    card.assert_ok();
    assert!(card.body.contains("<h1>Unnamed user</h1>"), "{}", card.body);
}

async fn head(s: &Session, path: &str) -> Page {
    crate::security::page_of(s.client.head(s.url(path)).send().await.unwrap()).await
}

async fn unknown_urls_get_the_own_page_and_there_is_a_favicon(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let s = app.session();
    for path in ["/no/such/page", "/admin/nothing", "/static/missing.css"] {
        let page = s.get(path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(
            page.header("content-type")
                .is_some_and(|c| c.starts_with("text/html")),
            "{path}: {:?}",
            page.headers
        );
        assert!(
            page.body.contains("<h1>Page not found</h1>"),
            "{path}: {}",
            page.body
        );
        assert!(
            page.body.contains("href=\"/static/app.css\""),
            "{path}: styled"
        );
        assert!(page.header("content-security-policy").is_some());
    }
    let ru = s
        .client
        .get(s.url("/no/such/page"))
        .header("Accept-Language", "ru")
        .send()
        .await
        .unwrap();
    assert_eq!(ru.status(), 404);
    let ru = ru.text().await.unwrap();
    assert!(ru.contains("<h1>Страница не найдена</h1>"), "{ru}");
    assert!(ru.contains("lang=\"ru\""));

    // The favicon: linked from every page, served from our own origin as SVG.
    let login = s.get("/login").await;
    login.assert_ok();
    let icon = "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">";
    assert!(login.body.contains(icon), "{}", login.body);
    assert!(s.get("/no/such/page").await.body.contains(icon));
    let svg = s.get("/static/favicon.svg").await;
    svg.assert_ok();
    assert_eq!(svg.header("content-type").as_deref(), Some("image/svg+xml"));
    assert!(svg.body.trim_start().starts_with("<svg"), "{}", svg.body);
    assert!(!svg.body.contains("<script") && !svg.body.contains("href=\"http"));
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    assert_eq!(hex.len(), 6, "{hex}");
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The value of `property:` in an inline style attribute.
fn style_value(tag: &str, property: &str) -> Option<String> {
    let style = tag.split("style=\"").nth(1)?.split('"').next()?;
    style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(k, _)| k.trim() == property)
        .map(|(_, v)| v.trim().to_owned())
}

async fn emails_read_well_on_a_phone(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // The organisation's admin receives an invitation and, after accepting, a welcome.
    app.org("N-3").admin("admin@n3.example").build().await;
    let mails = app.emails_to("admin@n3.example");
    assert_eq!(mails.len(), 2, "invitation and welcome");
    for mail in &mails {
        let html = mime::part(&mail.data, "text/html").expect("an HTML part");
        assert!(
            html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            ),
            "no viewport: {html}"
        );
    }
    let html = mime::part(&mails[0].data, "text/html").unwrap();
    // The card the text sits on, and its last paragraph (the footer).
    let card = html
        .split("<div ")
        .nth(1)
        .and_then(|d| d.split('>').next())
        .expect("the card");
    let background = style_value(card, "background").expect("the card's background");
    let footer = html
        .rsplit("<p ")
        .next()
        .and_then(|p| p.split('>').next())
        .expect("a footer paragraph");
    let colour = style_value(footer, "color").expect("the footer's colour");
    let ratio = contrast(&colour, &background);
    assert!(
        ratio >= 4.5,
        "footer {colour} on {background}: {ratio:.2}:1, below AA (4.5:1)"
    );
}

async fn admin_pages_before_an_organisation_lead_to_the_chooser(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-4").admin("admin@n4.example").build().await;
    // The operator is signed in and belongs to no organisation.
    let operator = app
        .login("operator@invitely.test", crate::support::app::PASSWORD)
        .await;
    for path in [
        "/admin/users",
        "/admin/users/new",
        "/admin/invitations",
        "/admin/departments",
    ] {
        let page = operator.get(path).await;
        assert_eq!(
            (page.status, page.location.as_deref()),
            (303, Some("/orgs")),
            "{path}: {}",
            page.body
        );
    }
    // A member who is not an admin of the chosen organisation is still refused.
    let member = app
        .member(&admin)
        .named("Plain", "")
        .email("plain@n4.example")
        .join(crate::support::app::PASSWORD)
        .await;
    assert_eq!(member.get("/admin/users").await.status, 403);
    // Anonymous visitors still go to sign in.
    let anonymous = app.session();
    let page = anonymous.get("/admin/users").await;
    assert_eq!(page.status, 303);
    assert!(page
        .location
        .as_deref()
        .unwrap_or_default()
        .starts_with("/login"));
}

async fn head_answers_like_get(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("N-5").admin("admin@n5.example").build().await;
    let anonymous = app.session();
    let mut checked = 0;
    for (s, path) in [
        (&anonymous, "/healthz"),
        (&anonymous, "/login"),
        (&anonymous, "/"),
        (&anonymous, "/static/app.css"),
        (&anonymous, "/static/app.js"),
        (&anonymous, "/static/favicon.svg"),
        (&anonymous, "/no/such/page"),
        (&admin, "/"),
        (&admin, "/orgs"),
        (&admin, "/admin/users"),
        (&admin, "/admin/users/new"),
        (&admin, "/admin/invitations"),
        (&admin, "/admin/departments"),
    ] {
        let got = s.get(path).await;
        let headed = head(s, path).await;
        assert_eq!(headed.status, got.status, "HEAD {path}");
        assert_eq!(headed.location, got.location, "HEAD {path}");
        assert!(headed.body.is_empty(), "HEAD {path} has a body");
        for name in ["content-type", "content-security-policy", "cache-control"] {
            assert_eq!(headed.header(name), got.header(name), "HEAD {path}: {name}");
        }
        // Pages with a per-request token differ in length; fixed ones must not.
        if path.starts_with("/static/") || path == "/healthz" {
            assert_eq!(
                headed.header("content-length"),
                got.header("content-length"),
                "HEAD {path}: content-length"
            );
            assert!(got.header("content-length").is_some());
        }
        checked += 1;
    }
    assert_eq!(checked, 13);
}

both_backends!(
    card_needs_a_name_and_a_contact,
    table_links_are_never_empty,
    unknown_urls_get_the_own_page_and_there_is_a_favicon,
    emails_read_well_on_a_phone,
    admin_pages_before_an_organisation_lead_to_the_chooser,
    head_answers_like_get,
);

/// Skips are written where the end-of-run summary finds them, once per run, and only lines of
/// the current `cargo test` run (same parent process) are reported.
#[test]
fn skipped_parts_are_summarised_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("skipped.txt");
    // A line from an earlier run (another parent process) is stale.
    std::fs::write(&file, "parent 1\nold reason\told test\n").unwrap();
    skips::record_to(&file, "browser test x", "chromedriver not found");
    skips::record_to(&file, "a::postgres", "PostgreSQL: no server at P");
    skips::record_to(&file, "b::postgres", "PostgreSQL: no server at P");
    let summary = skips::take_summary(&file).expect("a summary");
    assert!(!summary.contains("old"), "{summary}");
    assert!(
        summary.contains("2 skipped: PostgreSQL: no server at P\n      a::postgres, b::postgres\n"),
        "{summary}"
    );
    assert!(
        summary.contains("1 skipped: chromedriver not found\n      browser test x\n"),
        "{summary}"
    );
    assert!(summary.contains("3 skipped in all"), "{summary}");
    assert_eq!(skips::take_summary(&file), None, "the file is cleared");
    // Only stale lines: no summary.
    std::fs::write(&file, "parent 1\nold reason\told test\n").unwrap();
    assert_eq!(skips::take_summary(&file), None);
}
