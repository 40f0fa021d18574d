//! Field errors are tied to their inputs for screen readers: on a re-rendered form every
//! message beside a field has an id, and the field's input names it in `aria-describedby`
//! and says `aria-invalid="true"` (radio buttons only the former) — on the user card, the
//! operator's organisation forms, the organisation settings and the password fields.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Page, TestApp};

/// Every `.field-error` on the page is named by the inputs of its field; returns the ids of
/// the inputs found in error.
fn tied_errors(page: &Page) -> Vec<String> {
    let doc = scraper::Html::parse_document(&page.body);
    let errors = scraper::Selector::parse(".field-error").unwrap();
    let controls = scraper::Selector::parse("input, select, textarea").unwrap();
    let mut fields = Vec::new();
    let mut seen = 0;
    for error in doc.select(&errors) {
        seen += 1;
        let id = error
            .value()
            .attr("id")
            .unwrap_or_else(|| panic!("a field error without an id: {}", error.html()));
        let described: Vec<_> = doc
            .select(&controls)
            .filter(|c| {
                c.value()
                    .attr("aria-describedby")
                    .is_some_and(|d| d.split_whitespace().any(|w| w == id))
            })
            .collect();
        assert!(!described.is_empty(), "no input is described by #{id}");
        for c in described {
            if c.value().attr("type") != Some("radio") {
                assert_eq!(
                    c.value().attr("aria-invalid"),
                    Some("true"),
                    "{} is not marked invalid",
                    c.html()
                );
            }
            if let Some(cid) = c.value().attr("id") {
                fields.push(cid.to_owned());
            }
        }
    }
    assert!(seen > 0, "no field error on the page: {}", page.body);
    fields
}

/// No input claims to be invalid when no error is shown.
fn none_invalid(page: &Page) {
    assert!(!page.body.contains("aria-invalid"), "{}", page.body);
}

async fn field_errors_are_tied_to_their_inputs(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("F-1").build().await;

    // The user card: a bad address and a bad number.
    none_invalid(&admin.get("/admin/users/new").await);
    let card = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Ivan"),
                ("email", "not an address"),
                ("phone", "12"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(card.status, 422, "{}", card.body);
    let fields = tied_errors(&card);
    assert!(fields.contains(&"email".to_owned()), "{fields:?}");
    assert!(card
        .body
        .contains("aria-describedby=\"email-hint email-error\""));

    // The organisation settings: a lifetime over the maximum keeps its hint too.
    admin.get("/admin/settings").await.assert_ok();
    let settings = admin
        .post(
            "/admin/settings",
            &[
                ("invite_policy", "everyone"),
                ("lifetime_hours", "169"),
                ("employee_app_url", "http://apps.example.com/x"),
                ("customer_app_url", ""),
                ("default_message", ""),
                ("default_locale", "en"),
            ],
        )
        .await;
    assert_eq!(settings.status, 422, "{}", settings.body);
    let fields = tied_errors(&settings);
    assert!(fields.contains(&"lifetime_hours".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"employee_app_url".to_owned()),
        "{fields:?}"
    );
    assert!(settings
        .body
        .contains("aria-describedby=\"lifetime_hours-hint lifetime_hours-error\""));

    // The password fields (the account page): a password too short.
    admin.get("/account").await.assert_ok();
    let password = admin
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(password.status, 422, "{}", password.body);
    let fields = tied_errors(&password);
    assert!(fields.contains(&"password".to_owned()), "{fields:?}");

    // The operator's forms: a new organisation without name or number, an edit over a limit.
    app.org("F-2").build().await;
    let id = app.org_id("F-2");
    let op = app.operator_session().await;
    none_invalid(&op.get("/platform/orgs").await);
    let create = op
        .post(
            "/platform/orgs",
            &[
                ("name", ""),
                ("customer_number", ""),
                ("seat_limit", "10"),
                ("daily_invite_limit", "10"),
                ("admin_email", "boss@f3.test"),
            ],
        )
        .await;
    assert_eq!(create.status, 422, "{}", create.body);
    let fields = tied_errors(&create);
    assert!(fields.contains(&"name".to_owned()), "{fields:?}");
    assert!(fields.contains(&"customer_number".to_owned()), "{fields:?}");
    let edit = format!("/platform/orgs/{id}");
    none_invalid(&op.get(&edit).await);
    let edited = op
        .post(
            &edit,
            &[
                ("name", "Org F-2"),
                ("customer_number", "F-2"),
                ("seat_limit", "0"),
                ("daily_invite_limit", "10"),
            ],
        )
        .await;
    assert_eq!(edited.status, 422, "{}", edited.body);
    let fields = tied_errors(&edited);
    assert!(fields.contains(&"seat_limit".to_owned()), "{fields:?}");
    assert!(edited
        .body
        .contains("aria-describedby=\"seat_limit-hint seat_limit-error\""));
}

both_backends!(field_errors_are_tied_to_their_inputs);
