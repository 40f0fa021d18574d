//! The operator's organisation forms (`/platform/orgs` to create, `/platform/orgs/{id}` to
//! edit): a limit over its maximum is refused with a message that says the allowed range, in
//! English and Russian, and nothing is saved. A customer number another organisation gets
//! while a create is under way is "already taken" beside the field (422), as when it was
//! taken before — never a 500.

use crate::both_backends;
use crate::support::pages::flashes;
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

/// Another writer (another operator's create, on another instance) that has inserted an
/// organisation with `number` and not yet committed when a post arrives; it commits 1.5 s later.
/// PostgreSQL: the post's check does not see the row, and its insert waits on the unique index
/// until the commit, then fails. SQLite: the post waits for the write lock, then its check sees
/// the row. Returns once the row is written.
fn insert_while_a_post_runs(
    app: &TestApp,
    backend: Backend,
    number: &str,
) -> std::thread::JoinHandle<()> {
    use diesel::connection::SimpleConnection;
    let sql = format!(
        "INSERT INTO organisations (name, customer_number, seat_limit, daily_invite_limit, \
         invite_policy, invitation_lifetime_hours, created_at) \
         VALUES ('Rival', '{number}', 10, 50, 'everyone', 24, CURRENT_TIMESTAMP);"
    );
    let url = app.database_url.clone();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        let hold = |conn: &mut dyn SimpleConnection, begin: &str| {
            conn.batch_execute(&format!("{begin}; {sql}")).unwrap();
            held_tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(1500));
            conn.batch_execute("COMMIT;").unwrap();
        };
        match backend {
            Backend::Postgres => hold(&mut diesel::PgConnection::establish(&url).unwrap(), "BEGIN"),
            Backend::Sqlite => hold(
                &mut diesel::SqliteConnection::establish(url.trim_start_matches("sqlite://"))
                    .unwrap(),
                "BEGIN IMMEDIATE",
            ),
        }
    });
    held_rx.recv().unwrap();
    writer
}

async fn a_customer_number_taken_meanwhile_is_a_field_error(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let op = app.operator_session().await;
    op.get("/platform/orgs").await.assert_ok();
    let writer = insert_while_a_post_runs(&app, backend, "RACE-1");
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", "Late Org"),
                ("customer_number", "RACE-1"),
                ("seat_limit", "10"),
                ("daily_invite_limit", "50"),
                ("admin_email", "boss@late.test"),
            ],
        )
        .await;
    writer.join().unwrap();
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        field_error(&page, "customer_number"),
        "Another organisation already has this customer number."
    );
    assert!(
        page.body.contains("value=\"Late Org\""),
        "the input is kept"
    );
    let names: Vec<String> = organisations::table
        .filter(organisations::customer_number.eq("RACE-1"))
        .select(organisations::name)
        .load(&mut *app.conn())
        .unwrap();
    assert_eq!(names, ["Rival"], "only the other writer's organisation");
    assert!(app.emails_to("boss@late.test").is_empty());

    // Several operators' creates with one new number at once: one is created, the others are
    // told it is taken.
    let posts = (0..4).map(|i| {
        let app = &app;
        async move {
            let op = app.operator_session().await;
            op.get("/platform/orgs").await.assert_ok();
            let name = format!("Twin {i}");
            let email = format!("boss{i}@twin.test");
            op.post(
                "/platform/orgs",
                &[
                    ("name", name.as_str()),
                    ("customer_number", "TWIN-1"),
                    ("seat_limit", "10"),
                    ("daily_invite_limit", "50"),
                    ("admin_email", email.as_str()),
                ],
            )
            .await
        }
    });
    let mut statuses: Vec<u16> = futures::future::join_all(posts)
        .await
        .iter()
        .map(|p| p.status)
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 422, 422, 422]);

    // The same number in another case is the same number: refused on create and on edit; an
    // organisation may change the case of its own.
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", "Lower Twin"),
                ("customer_number", "twin-1"),
                ("seat_limit", "10"),
                ("daily_invite_limit", "50"),
                ("admin_email", "boss@lower.test"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        field_error(&page, "customer_number"),
        "Another organisation already has this customer number."
    );
    let rival: i64 = organisations::table
        .filter(organisations::customer_number.eq("RACE-1"))
        .select(organisations::id)
        .first(&mut *app.conn())
        .unwrap();
    let edit = format!("/platform/orgs/{rival}");
    op.get(&edit).await.assert_ok();
    let renumber = |number: &'static str| {
        [
            ("name", "Rival"),
            ("customer_number", number),
            ("seat_limit", "10"),
            ("daily_invite_limit", "50"),
        ]
    };
    let page = op.post(&edit, &renumber("Twin-1")).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        field_error(&page, "customer_number"),
        "Another organisation already has this customer number."
    );
    let page = op.post(&edit, &renumber("race-1")).await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.run_jobs().await;
}

/// The create form's lifetime: left out of a post (a script), the platform's default; sent
/// empty (the field cleared), a field to fill in — not silently the default.
async fn an_emptied_lifetime_is_to_be_filled_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let op = app.operator_session().await;
    op.get("/platform/orgs").await.assert_ok();
    let fields = |number: &'static str, email: &'static str| {
        vec![
            ("name", "Life Org"),
            ("customer_number", number),
            ("seat_limit", "10"),
            ("daily_invite_limit", "50"),
            ("admin_email", email),
        ]
    };
    let mut emptied = fields("LIFE-1", "boss@life1.test");
    emptied.push(("lifetime_hours", ""));
    let page = op.post("/platform/orgs", &emptied).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        field_error(&page, "lifetime_hours").starts_with("Enter a whole number of hours"),
        "{}",
        page.body
    );
    assert_eq!(organisation_count(&app), 0);
    let page = op
        .post("/platform/orgs", &fields("LIFE-2", "boss@life2.test"))
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.run_jobs().await;
}

/// An empty name or customer number is asked for by its name, not "Fill in this field." twice
/// in the error summary; on the create and the edit form, in English and Russian.
async fn an_empty_name_and_number_are_named(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("N-1").build().await;
    let edit = format!("/platform/orgs/{}", app.org_id("N-1"));
    let op = app.operator_session().await;
    for (lang, name_text, number_text) in [
        (
            "en",
            "Enter the organisation name.",
            "Enter the customer number.",
        ),
        (
            "ru",
            "Введите название организации.",
            "Введите номер клиента.",
        ),
    ] {
        let switched = op
            .post("/lang", &[("lang", lang), ("back", "/platform/orgs")])
            .await;
        assert_eq!(switched.status, 303, "{}", switched.body);
        op.get("/platform/orgs").await.assert_ok();
        let created = op
            .post(
                "/platform/orgs",
                &[
                    ("name", " "),
                    ("customer_number", ""),
                    ("seat_limit", "10"),
                    ("daily_invite_limit", "10"),
                    ("admin_email", "boss@n2.test"),
                ],
            )
            .await;
        op.get(&edit).await.assert_ok();
        let edited = op
            .post(
                &edit,
                &[
                    ("name", ""),
                    ("customer_number", " "),
                    ("seat_limit", "10"),
                    ("daily_invite_limit", "10"),
                ],
            )
            .await;
        for page in [created, edited] {
            assert_eq!(page.status, 422, "{}", page.body);
            assert_eq!(field_error(&page, "name"), name_text);
            assert_eq!(field_error(&page, "customer_number"), number_text);
            // The summary lists both, each by its own words.
            let summary = &page.body[page.body.find("error-summary").unwrap()..];
            let summary = &summary[..summary.find("</ul>").unwrap()];
            assert!(summary.contains(name_text), "{summary}");
            assert!(summary.contains(number_text), "{summary}");
        }
    }
}

/// A name longer than an organisation's keeps is refused beside its field with the input kept,
/// never cut to fit.
async fn a_long_name_is_refused_not_cut(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let op = app.operator_session().await;
    let orgs = organisation_count(&app);
    let long = "Ромашка ".repeat(18);
    op.get("/platform/orgs").await.assert_ok();
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", long.as_str()),
                ("customer_number", "LONG-1"),
                ("seat_limit", "10"),
                ("daily_invite_limit", "10"),
                ("admin_email", "boss@long.test"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        field_error(&page, "name"),
        "Enter between 1 and 100 characters."
    );
    assert!(page.body.contains(long.trim()), "the input is kept");
    assert_eq!(organisation_count(&app), orgs, "nothing created");
    app.allow_jobs_left("nothing was created");
}

/// A seat limit lowered below the seats in use is saved (nobody loses access) and said to stop
/// every invitation until members leave or it is raised.
async fn a_seat_limit_below_use_is_said(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("SL-1").build().await;
    app.member(&admin)
        .email("one@sl.test")
        .join(crate::support::app::PASSWORD)
        .await;
    app.member(&admin).email("two@sl.test").invite().await;
    let id = app.org_id("SL-1");
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{id}");
    let save = |seats: &'static str| {
        let (op, edit) = (&op, edit.clone());
        async move {
            op.get(&edit).await.assert_ok();
            let page = op
                .post(
                    &edit,
                    &[
                        ("name", "Org SL-1"),
                        ("customer_number", "SL-1"),
                        ("seat_limit", seats),
                        ("daily_invite_limit", "50"),
                    ],
                )
                .await;
            assert_eq!(page.status, 303, "{}", page.body);
            flashes(&op.get(&edit).await.body)
        }
    };
    // Two members and one waiting invitation: three seats in use.
    assert_eq!(
        save("2").await,
        [
            "Changes saved.",
            "3 seats are in use (active members and waiting invitations), more than the new \
             limit of 2: nobody can be invited until members leave or the limit is raised. \
             Nobody loses access."
        ]
    );
    assert_eq!(save("3").await, ["Changes saved."]);
    // Saved again as it is: nothing was changed, and nothing green says otherwise.
    assert_eq!(
        save("3").await,
        ["Nothing was changed: every value is as it was already."]
    );
}

both_backends!(
    a_seat_limit_below_use_is_said,
    a_long_name_is_refused_not_cut,
    an_empty_name_and_number_are_named,
    an_emptied_lifetime_is_to_be_filled_in,
    limits_over_their_maximum_say_the_range,
    a_customer_number_taken_meanwhile_is_a_field_error,
);
