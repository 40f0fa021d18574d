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
    assert_eq!(
        summary_links(&body),
        [(
            "#first_name-2".to_owned(),
            "Use at most 100 characters.".to_owned()
        )],
        "{body}"
    );
    assert_eq!(
        beside(&body, "first_name-2").as_deref(),
        Some("Use at most 100 characters.")
    );
    app.allow_jobs_left("nothing is queued; the admin's welcome message is not checked here");
}

#[derive(diesel::QueryableByName)]
struct Number {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// One number the query selects as `n`.
fn number(app: &TestApp, sql: &str) -> i64 {
    use diesel::RunQueryDsl;
    diesel::sql_query(sql)
        .get_result::<Number>(&mut *app.conn())
        .unwrap()
        .n
}

/// The id of the department or role named `name` (one organisation here).
fn id_of(app: &TestApp, table: &str, name: &str) -> String {
    number(
        app,
        &format!("SELECT id AS n FROM {table} WHERE name = '{name}'"),
    )
    .to_string()
}

/// What the form cannot send is refused with the form again, never a page of results with
/// nothing sent, a 404 or a 500: a row with a name and no contact (it was dropped without a
/// word), a list of which nothing is valid, a department or role deleted while the form was
/// open (the card's department key failed: 500; the role: 404). Nothing is written.
async fn what_cannot_be_sent_is_refused_with_the_form(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("F-2").build().await;
    let cards = || number(&app, "SELECT COUNT(*) AS n FROM members");
    let invitations = || number(&app, "SELECT COUNT(*) AS n FROM invitations");
    let invited_before = invitations();

    // A row with a name and no contact, beside a good row.
    let before = cards();
    let body = refused(
        &admin,
        &[
            ("recipients", "ok@f2.test"),
            ("recipients", ""),
            ("first_name", "Ok"),
            ("first_name", "Eve"),
            ("last_name", ""),
            ("last_name", "NoContact"),
            ("action", "send"),
        ],
    )
    .await;
    let no_contact =
        "This row has a name but no e-mail address or phone number: add one, or clear the name.";
    assert_eq!(
        summary_links(&body),
        [("#recipient-2".to_owned(), no_contact.to_owned())],
        "{body}"
    );
    assert_eq!(beside(&body, "recipient-2").as_deref(), Some(no_contact));
    assert!(body.contains("value=\"Eve\""), "the name is kept: {body}");
    assert!(body.contains("value=\"ok@f2.test\""), "{body}");
    assert_eq!(cards(), before, "nothing written");

    // Nothing valid in the list: the form again with each line's problem.
    let mut fields = vec![("recipients", ""); 5];
    fields.push(("recipients", "bad@, 9051111111; foo"));
    fields.push(("message", "Welcome aboard"));
    fields.push(("action", "send"));
    let body = refused(&admin, &fields).await;
    let none_valid =
        "None of these can be invited: correct the addresses and numbers marked below.";
    assert_eq!(
        summary_links(&body),
        [("#mass".to_owned(), none_valid.to_owned())],
        "{body}"
    );
    assert!(body.contains("bad@, 9051111111; foo"), "the list is kept");
    assert!(body.contains("Welcome aboard"), "the message is kept");
    assert!(body.contains("9051111111</"), "each line's result: {body}");
    assert_eq!(cards(), before, "nothing written");

    // A department and a role deleted while the form was open.
    admin.get("/admin/departments").await.assert_ok();
    let page = admin.post("/admin/departments", &[("name", "Temp")]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let dep = id_of(&app, "departments", "Temp");
    admin.get("/admin/roles").await.assert_ok();
    let page = admin.post("/admin/roles", &[("name", "Courier")]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let role = id_of(&app, "roles", "Courier");
    admin.get("/admin/invite").await.assert_ok();
    let form = |action: &'static str, dep: &str, role: &str| {
        let mut fields = vec![
            ("recipients", "new@f2.test".to_owned()),
            ("first_name", "New".to_owned()),
            ("message", "Hello there".to_owned()),
            ("action", action.to_owned()),
        ];
        if !dep.is_empty() {
            fields.push(("department_id", dep.to_owned()));
        }
        if !role.is_empty() {
            fields.push(("role_id", role.to_owned()));
        }
        fields
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.post("/admin/invite", &fields).await
        }
    };
    let page = admin.get(&format!("/admin/departments/{dep}/delete")).await;
    page.assert_ok();
    let page = admin
        .post(&format!("/admin/departments/{dep}/delete"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let gone = "The department you chose no longer exists: choose another.";
    for action in ["send", "preview", "mailapp"] {
        let page = post(form(action, &dep, "")).await;
        assert_eq!(page.status, 422, "{action}: {}", page.body);
        assert_eq!(
            summary_links(&page.body),
            [("#department_id".to_owned(), gone.to_owned())],
            "{action}"
        );
        assert_eq!(beside(&page.body, "department_id").as_deref(), Some(gone));
        assert!(page.body.contains("value=\"new@f2.test\""), "kept");
        assert!(page.body.contains("Hello there"), "kept");
    }
    let page = admin
        .post(&format!("/admin/roles/{role}/delete"), &[])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let gone = "A role you chose no longer exists: choose the roles again.";
    for action in ["send", "preview"] {
        let page = post(form(action, "", &role)).await;
        assert_eq!(page.status, 422, "{action}: {}", page.body);
        assert_eq!(
            summary_links(&page.body),
            [("#roles".to_owned(), gone.to_owned())],
            "{action}"
        );
        assert!(page.body.contains("value=\"new@f2.test\""), "kept");
    }
    assert_eq!(cards(), before, "no card was made");
    assert_eq!(invitations(), invited_before, "no invitation was made");

    // Positive control: the same form without the deleted terms sends.
    let page = post(form("send", "", "")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(cards(), before + 1);
    app.allow_jobs_left("the invitation is queued; its delivery is not checked here");
}

/// After a send some of whose entries could not be read, the results page leads back to the
/// form with those entries in its box, to correct rather than type again.
async fn unread_entries_come_back_to_be_corrected(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IFE-9").admin("boss@ife9.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let f = crate::invite_form::fields(
        &[("ok@ife9.test", "", "")],
        "anna@ife9 9051111111 ok2@ife9.test",
        &[("action", "send")],
    );
    let done = admin.post("/admin/invite", &f).await;
    done.assert_ok();
    let href = "/admin/invite?again=anna%40ife9%0A9051111111";
    assert!(
        done.body.contains(&format!("href=\"{href}\"")),
        "{}",
        done.body
    );
    let form = admin.get(href).await;
    form.assert_ok();
    assert!(
        form.body
            .contains("aria-describedby=\"mass-hint\">anna@ife9\n9051111111</textarea>"),
        "{}",
        form.body
    );
    // Its tab opens first (the rows' tab does on an empty form).
    assert!(
        form.body
            .contains("id=\"tab-many\" aria-controls=\"panel-many\" aria-selected=\"true\""),
        "{}",
        form.body
    );
    let empty = admin.get("/admin/invite").await;
    assert!(
        empty
            .body
            .contains("id=\"tab-rows\" aria-controls=\"panel-rows\" aria-selected=\"true\""),
        "{}",
        empty.body
    );
    app.run_jobs().await;
    // Every entry read: no such link.
    let f = crate::invite_form::fields(&[("third@ife9.test", "", "")], "", &[("action", "send")]);
    admin.get("/admin/invite").await.assert_ok();
    let done = admin.post("/admin/invite", &f).await;
    assert!(!done.body.contains("again="), "{}", done.body);
    app.run_jobs().await;
}

both_backends!(
    the_invite_forms_summary_links_to_the_field,
    what_cannot_be_sent_is_refused_with_the_form,
    unread_entries_come_back_to_be_corrected,
);
