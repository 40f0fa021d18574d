//! The operator's forms posted with only the contract's fields (docs/PRODUCT.md §4): a field
//! that is absent keeps its stored value — `/platform/settings` with nothing but
//! `verification_method`, `/platform/orgs/{id}` without `lifetime_hours` or `enabled`. The
//! pages' check boxes carry a hidden `0` before the box, so a browser unticking one still
//! turns it off; `0` is off for a script too.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::OrgId;
use invitely::db::schema::organisations;
use invitely::domain::settings::{self, TwoFactorPolicy, VerificationMethod};

type Region = Option<phonenumber::country::Id>;
const RU: Region = Some(phonenumber::country::Id::RU);

fn stored_settings(app: &TestApp) -> (VerificationMethod, Region, TwoFactorPolicy) {
    let mut c = app.conn();
    (
        settings::verification_method(&mut c).unwrap(),
        settings::default_phone_region(&mut c).unwrap(),
        settings::two_factor_policy(&mut c).unwrap(),
    )
}

async fn settings_post_keeps_the_fields_it_does_not_name(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let op = app.operator_session().await;
    op.get("/platform/settings").await.assert_ok();
    // A script ticks the admins' box (the box alone) and sets a region.
    let page = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_or_phone"),
                ("default_phone_region", "RU"),
                ("default_lifetime_hours", "24"),
                ("two_factor_admins", "true"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, region, tf) = stored_settings(&app);
    assert_eq!(region, RU);
    assert!(tf.admins && !tf.operators, "{tf:?}");

    // Only the documented field: the method changes, the rest stays.
    let page = op
        .post(
            "/platform/settings",
            &[("verification_method", "email_only")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (method, region, tf) = stored_settings(&app);
    assert_eq!(method, VerificationMethod::EmailOnly);
    assert_eq!(region, RU, "the default region was kept");
    assert!(tf.admins, "admins' two-factor was kept: {tf:?}");
    assert!(!tf.operators, "{tf:?}");

    // The page's form sends a hidden 0 before each check box.
    let page = op.get("/platform/settings").await;
    for name in ["two_factor_operators", "two_factor_admins"] {
        let hidden = format!("<input type=\"hidden\" name=\"{name}\" value=\"0\">");
        assert!(page.body.contains(&hidden), "{name}: {}", page.body);
    }
    // As a browser sends it with the admins' box ticked: its hidden 0, then the box.
    let page = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_only"),
                ("default_phone_region", "RU"),
                ("default_lifetime_hours", "24"),
                ("two_factor_operators", "0"),
                ("two_factor_admins", "0"),
                ("two_factor_admins", "true"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, _, tf) = stored_settings(&app);
    assert!(tf.admins && !tf.operators, "{tf:?}");
    // The browser with the box unticked sends only its hidden 0: off.
    let page = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_only"),
                ("default_phone_region", "RU"),
                ("default_lifetime_hours", "24"),
                ("two_factor_operators", "0"),
                ("two_factor_admins", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, region, tf) = stored_settings(&app);
    assert!(!tf.admins && !tf.operators, "{tf:?}");
    assert_eq!(region, RU);
    // An empty region still clears it.
    let page = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_only"),
                ("default_phone_region", ""),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored_settings(&app).1, None);
    // So does an empty SMS cap (set here first): posted empty is not absent.
    let cap = || {
        invitely::domain::sms_policy::load(&mut app.conn())
            .unwrap()
            .platform_cap
    };
    for (value, stored) in [("100", Some(100)), ("", None)] {
        let page = op
            .post(
                "/platform/settings",
                &[
                    ("verification_method", "email_only"),
                    ("sms_daily_cap", value),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(cap(), stored, "sms_daily_cap={value:?}");
    }
    // A box sent as anything but "its hidden 0, then the box" is malformed.
    let page = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_only"),
                ("two_factor_admins", "true"),
                ("two_factor_admins", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, 400, "{}", page.body);
}

/// (name, seat limit, lifetime hours, enabled)
fn stored_org(app: &TestApp, id: OrgId) -> (String, i32, i32, bool) {
    let (name, seats, hours, disabled): (String, i32, i32, Option<time::PrimitiveDateTime>) =
        organisations::table
            .find(id)
            .select((
                organisations::name,
                organisations::seat_limit,
                organisations::invitation_lifetime_hours,
                organisations::disabled_at,
            ))
            .first(&mut *app.conn())
            .unwrap();
    (name, seats, hours, disabled.is_none())
}

async fn org_edit_takes_the_contract_fields_and_enabled_0(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("K-1").build().await;
    let id = app.org_id("K-1");
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{id}");
    op.get(&edit).await.assert_ok();
    // A lifetime the contract does not name, set on the page first.
    let page = op
        .post(
            &edit,
            &[
                ("name", "Org K-1"),
                ("customer_number", "K-1"),
                ("seat_limit", "100"),
                ("daily_invite_limit", "50"),
                ("lifetime_hours", "72"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored_org(&app, id), ("Org K-1".into(), 100, 72, true));

    // The contract's fields alone: saved, the lifetime kept.
    let contract = |enabled: &'static str| {
        vec![
            ("name", "Kestrel"),
            ("customer_number", "K-1"),
            ("seat_limit", "7"),
            ("daily_invite_limit", "5"),
            ("enabled", enabled),
        ]
    };
    let page = op.post(&edit, &contract("1")).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored_org(&app, id), ("Kestrel".into(), 7, 72, true));

    // enabled=0 disables it, once confirmed (without `confirm` it only asks: platform.rs).
    let mut disable = contract("0");
    disable.push(("confirm", "1"));
    let page = op.post(&edit, &disable).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored_org(&app, id), ("Kestrel".into(), 7, 72, false));
    // Without `enabled` at all, the state is kept (here: still disabled).
    let page = op
        .post(
            &edit,
            &[
                ("name", "Kestrel"),
                ("customer_number", "K-1"),
                ("seat_limit", "8"),
                ("daily_invite_limit", "5"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored_org(&app, id), ("Kestrel".into(), 8, 72, false));
    // The page's box carries a hidden 0: a browser ticking it sends 0, then on.
    let page = op.get(&edit).await;
    assert!(
        page.body
            .contains("<input type=\"hidden\" name=\"enabled\" value=\"0\">"),
        "{}",
        page.body
    );
    let mut ticked = contract("0");
    ticked.push(("enabled", "on"));
    let page = op.post(&edit, &ticked).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert!(stored_org(&app, id).3, "enabled again");
    // A lifetime that is present is still checked.
    let mut fields = contract("on");
    fields.push(("lifetime_hours", "0"));
    let page = op.post(&edit, &fields).await;
    assert_eq!(page.status, 422);
    assert!(page
        .body
        .contains("Enter a whole number of hours from 1 to 168."));
}

/// Another writer (another operator's request, another instance) that has changed `sql` but not
/// yet committed when a post arrives: holds SQLite's write lock with the change made, for 1.5 s
/// (under the 5 s busy timeout), then commits. Returns once the lock is held.
fn commit_while_a_post_waits(app: &TestApp, sql: String) -> std::thread::JoinHandle<()> {
    use diesel::connection::SimpleConnection;
    let path = app.database_url.trim_start_matches("sqlite://").to_owned();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        let mut conn = diesel::SqliteConnection::establish(&path).unwrap();
        conn.batch_execute(&format!("BEGIN IMMEDIATE; {sql};"))
            .unwrap();
        held_tx.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1500));
        conn.batch_execute("COMMIT;").unwrap();
    });
    held_rx.recv().unwrap();
    writer
}

/// A post that leaves a field out keeps the value stored when it is saved, not one read
/// before its transaction: here the other writer's change lands while the post waits for the
/// write lock, after the handler could have read the old value (the old code copied the
/// organisation's `enabled` and the settings' two-factor flag from that earlier read and so
/// undid the other change). SQLite shows the interleaving deterministically.
#[actix_web::test]
async fn a_field_left_out_keeps_a_change_committed_meanwhile() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    app.org("K-2").build().await;
    let id = app.org_id("K-2");
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{id}");
    op.get(&edit).await.assert_ok();
    // Another operator disables the organisation while this post (no `enabled`) waits.
    let writer = commit_while_a_post_waits(
        &app,
        format!("UPDATE organisations SET disabled_at = created_at WHERE id = {id}"),
    );
    let page = op
        .post(
            &edit,
            &[
                ("name", "Kite"),
                ("customer_number", "K-2"),
                ("seat_limit", "9"),
                ("daily_invite_limit", "5"),
            ],
        )
        .await;
    writer.join().unwrap();
    assert_eq!(page.status, 303, "{}", page.body);
    let (name, seats, _, enabled) = stored_org(&app, id);
    assert_eq!((name.as_str(), seats), ("Kite", 9), "the post was saved");
    assert!(!enabled, "the other operator's disabling was kept");

    // The same for the settings: admins' two-factor turned on while a post of the method alone
    // waits.
    op.get("/platform/settings").await.assert_ok();
    assert!(!stored_settings(&app).2.admins);
    let writer = commit_while_a_post_waits(
        &app,
        "INSERT INTO platform_settings (key, value) VALUES ('two_factor_required_admins', \
         'true') ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            .into(),
    );
    let page = op
        .post(
            "/platform/settings",
            &[("verification_method", "email_only")],
        )
        .await;
    writer.join().unwrap();
    assert_eq!(page.status, 303, "{}", page.body);
    let (method, _, tf) = stored_settings(&app);
    assert_eq!(method, VerificationMethod::EmailOnly, "the post was saved");
    assert!(tf.admins, "the other operator's two-factor rule was kept");
}

both_backends!(
    settings_post_keeps_the_fields_it_does_not_name,
    org_edit_takes_the_contract_fields_and_enabled_0,
);
