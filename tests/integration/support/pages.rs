//! Reading the admin pages the way a person does: rows of the users table, flash messages,
//! creating a user through the form, the names the invitee's landing page offers, and the
//! settings forms tests set up through.

use super::client::Session;

/// Creates a user through the form; returns the new card's id (from the redirect).
pub async fn create_user(admin: &Session, fields: &[(&str, &str)]) -> String {
    admin.get("/admin/users/new").await.assert_ok();
    let page = admin.post("/admin/users/new", fields).await;
    assert_eq!(page.status, 303, "creating {fields:?}: {}", page.body);
    let location = page.location.expect("redirect to the new card");
    let id = location
        .strip_prefix("/admin/users/")
        .expect("card location")
        .to_owned();
    assert!(!id.is_empty() && !id.contains('/'), "{location}");
    id
}

/// Creates `n` employee cards, `{prefix}0@example.com` on, with "Send invitation" ticked: their
/// invitations are queued, not delivered. Returns their ids.
pub async fn queue_invitations(admin: &Session, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("{prefix}{i}@example.com");
        let fields = [
            ("first_name", "Queued"),
            ("email", email.as_str()),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ];
        ids.push(create_user(admin, &fields).await);
    }
    ids
}

/// (card id, status) of every row of a users-table page.
pub fn row_ids(body: &str) -> Vec<(String, String)> {
    body.split("<tr data-id=\"")
        .skip(1)
        .map(|part| {
            let id = part.split('"').next().unwrap_or_default().to_owned();
            let status = part
                .split("data-status=\"")
                .nth(1)
                .unwrap_or_default()
                .split('"')
                .next()
                .unwrap_or_default()
                .to_owned();
            (id, status)
        })
        .collect()
}

/// The rows of the users table for a query string such as `?status=waiting`.
pub async fn rows(admin: &Session, query: &str) -> Vec<(String, String)> {
    let page = admin.get(&format!("/admin/users{query}")).await;
    page.assert_ok();
    row_ids(&page.body)
}

/// The `<tr>` of one card in the users table filtered by `status`, if it is listed there.
pub async fn table_row(admin: &Session, status: &str, id: &str) -> Option<String> {
    let page = admin.get(&format!("/admin/users?status={status}")).await;
    page.assert_ok();
    let start = page.body.find(&format!("<tr data-id=\"{id}\""))?;
    let rest = &page.body[start..];
    Some(rest[..rest.find("</tr>").unwrap_or(rest.len())].to_owned())
}

/// The texts of the flash messages on a page.
pub fn flashes(body: &str) -> Vec<String> {
    body.split("<p class=\"flash ")
        .skip(1)
        .filter_map(|p| p.split_once('>'))
        .map(|(_, rest)| {
            rest.split("</p>")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

/// Makes a card what cards saved before a contact was required may be: no e-mail, no phone
/// (the form refuses such a card now; inviting one reports "no e-mail or phone").
pub fn remove_contact(app: &super::TestApp, id: &str) {
    use diesel::prelude::*;
    use invitely::db::schema::members;
    let changed =
        diesel::update(members::table.find(id.parse::<invitely::db::ids::MemberId>().unwrap()))
            .set((
                members::email.eq(None::<String>),
                members::phone.eq(None::<String>),
            ))
            .execute(&mut *app.conn())
            .unwrap();
    assert_eq!(changed, 1, "card {id}");
}

/// The first and last name the landing page's form offers, as a person who keeps them posts
/// them; "New Member" when it offers none.
pub fn offered_names(body: &str) -> (String, String) {
    let html = scraper::Html::parse_document(body);
    let value = |id: &str| {
        let input = scraper::Selector::parse(&format!("input#{id}")).unwrap();
        html.select(&input)
            .next()
            .and_then(|i| i.value().attr("value"))
            .unwrap_or_default()
            .to_owned()
    };
    match (value("first_name"), value("last_name")) {
        (first, last) if first.is_empty() && last.is_empty() => ("New".into(), "Member".into()),
        names => names,
    }
}

/// Operator's platform settings form with these SMS values.
pub async fn sms_settings(op: &Session, countries: &str, platform_cap: &str, org_cap: &str) -> u16 {
    op.get("/platform/settings").await.assert_ok();
    op.post(
        "/platform/settings",
        &[
            ("verification_method", "email_or_phone"),
            ("sms_countries", countries),
            ("sms_daily_cap", platform_cap),
            ("sms_daily_cap_per_org", org_cap),
        ],
    )
    .await
    .status
}

/// The organisation's settings form with the two app links set (employees' and customers'),
/// everything else its default, messages in `lang`.
pub async fn app_links(admin: &Session, lang: &str) {
    admin.get("/admin/settings").await.assert_ok();
    let saved = admin
        .post(
            "/admin/settings",
            &[
                ("invite_policy", "everyone"),
                ("lifetime_hours", "24"),
                ("employee_app_url", "https://apps.example.com/field"),
                ("customer_app_url", "https://apps.example.com/customers"),
                ("default_message", ""),
                ("default_locale", lang),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}
