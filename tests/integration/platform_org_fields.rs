//! The operator's organisation forms (`/platform/orgs` to create, `/platform/orgs/{id}` to
//! edit): a limit over its maximum is refused with a message that says the allowed range, in
//! English and Russian, and nothing is saved.

use crate::both_backends;
use crate::support::{Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::organisations;

/// The field error beside `field` on a re-rendered form.
fn field_error(page: &Page, field: &str) -> String {
    let doc = scraper::Html::parse_document(&page.body);
    let sel = scraper::Selector::parse(".field.has-error").unwrap();
    let input = scraper::Selector::parse(&format!("[name='{field}']")).unwrap();
    let error = scraper::Selector::parse(".field-error").unwrap();
    doc.select(&sel)
        .find(|f| f.select(&input).next().is_some())
        .and_then(|f| f.select(&error).next())
        .map(|e| e.text().collect::<String>())
        .unwrap_or_else(|| panic!("no error beside {field}: {}", page.body))
}

fn organisation_count(app: &TestApp) -> i64 {
    organisations::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

async fn create(op: &Session, seats: &str, daily: &str) -> Page {
    op.get("/platform/orgs").await.assert_ok();
    op.post(
        "/platform/orgs",
        &[
            ("name", "Big Org"),
            ("customer_number", "BIG-1"),
            ("seat_limit", seats),
            ("daily_invite_limit", daily),
            ("admin_email", "boss@big.test"),
        ],
    )
    .await
}

async fn limits_over_their_maximum_say_the_range(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("L-1").build().await;
    let id = app.org_id("L-1");
    let op = app.operator_session().await;
    let orgs = organisation_count(&app);
    let edit = format!("/platform/orgs/{id}");
    let edit_post = |seats: &'static str, daily: &'static str| {
        let (op, edit) = (&op, edit.clone());
        async move {
            op.get(&edit).await.assert_ok();
            op.post(
                &edit,
                &[
                    ("name", "Org L-1"),
                    ("customer_number", "L-1"),
                    ("seat_limit", seats),
                    ("daily_invite_limit", daily),
                ],
            )
            .await
        }
    };
    for (lang, seats_text, daily_text) in [
        (
            "en",
            "Enter a whole number of seats between 1 and 1,000,000.",
            "Enter a whole number of invitations per day between 1 and 100,000.",
        ),
        (
            "ru",
            "Введите целое число мест от 1 до 1\u{a0}000\u{a0}000.",
            "Введите целое число приглашений в день от 1 до 100\u{a0}000.",
        ),
    ] {
        let switched = op
            .post("/lang", &[("lang", lang), ("back", "/platform/orgs")])
            .await;
        assert_eq!(switched.status, 303, "{}", switched.body);
        // Over the maximum, and under the minimum: the same message, with the range.
        for (seats, daily) in [("2000000", "100001"), ("0", "0"), ("1000001", "-5")] {
            let page = create(&op, seats, daily).await;
            assert_eq!(page.status, 422, "{}", page.body);
            assert_eq!(field_error(&page, "seat_limit"), seats_text);
            assert_eq!(field_error(&page, "daily_invite_limit"), daily_text);
            let page = edit_post(seats, daily).await;
            assert_eq!(page.status, 422, "{}", page.body);
            assert_eq!(field_error(&page, "seat_limit"), seats_text);
            assert_eq!(field_error(&page, "daily_invite_limit"), daily_text);
        }
    }
    assert_eq!(organisation_count(&app), orgs, "nothing created");
    let (seats, daily): (i32, i32) = organisations::table
        .find(id)
        .select((organisations::seat_limit, organisations::daily_invite_limit))
        .first(&mut *app.conn())
        .unwrap();
    assert_ne!(seats, 2_000_000, "nothing saved");
    assert_ne!(daily, 100_001, "nothing saved");

    // The maximum itself is taken.
    let page = create(&op, "1000000", "100000").await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.run_jobs().await;
}

both_backends!(limits_over_their_maximum_say_the_range);
