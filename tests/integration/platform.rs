//! The operator's panel: `/platform/orgs` searched, with member and pending-invitation counts;
//! `/platform/orgs/{id}` edited (unique customer number, validation, unknown id 404); disabling
//! an organisation revokes its links (the invitee sees a page saying so), drops its queued
//! invitations and keeps its members out while their other memberships work; enabling lets them
//! back in; every operator action is on `/platform/audit`; `/platform/settings` saves and
//! checks the new settings, and "e-mail only" applies to the next invitation. Non-operators are
//! refused everywhere.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{AuditAction, InvitationStatus};
use invitely::db::schema::{audit_events, invitations, organisations};
use invitely::domain::settings;

fn audited(app: &TestApp, action: AuditAction) -> i64 {
    audit_events::table
        .filter(audit_events::action.eq(action))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The page's text with every blank removed, so table cells can be matched in a row.
fn squeezed(body: &str) -> String {
    body.split_whitespace().collect()
}

fn edit_fields<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", "Org P-1"),
        ("customer_number", "P-1"),
        ("seat_limit", "100"),
        ("daily_invite_limit", "50"),
        ("lifetime_hours", "24"),
        ("enabled", "on"),
    ];
    for (k, v) in overrides {
        fields.retain(|(f, _)| f != k);
        // The page's box unticked: its hidden 0 alone, and the disabling confirmed.
        let unticked = v.is_empty() && *k == "enabled";
        fields.push((k, if unticked { "0" } else { v }));
        if unticked {
            fields.push(("confirm", "1"));
        }
    }
    fields
}

async fn orgs_are_searched_counted_and_edited(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("P-1").build().await;
    app.member(&admin).email("one@p.test").invite().await;
    app.member(&admin)
        .email("two@p.test")
        .invited()
        .create()
        .await;
    app.org("Q-2").build().await;
    let (p1, q2) = (app.org_id("P-1"), app.org_id("Q-2"));
    let op = app.operator_session().await;

    // Search by customer number (any case) and by name; the counts come with each row.
    let page = op.get("/platform/orgs?q=p-1").await;
    page.assert_ok();
    assert!(page.body.contains("Org P-1") && !page.body.contains("Org Q-2"));
    let row = format!(
        "href=\"/platform/orgs/{p1}\">OrgP-1</a></td><tdclass=\"customer-number\"data-label=\"Customernumber\">P-1</td><tdclass=\"num\"data-label=\"Members\">1</td><tdclass=\"num\"data-label=\"Pendinginvitations\">2</td>"
    );
    assert!(squeezed(&page.body).contains(&row), "{}", page.body);
    assert!(page.body.contains("Enabled"));
    let page = op.get("/platform/orgs?q=ORG+Q").await;
    assert!(page.body.contains("Org Q-2") && !page.body.contains("Org P-1"));
    let page = op.get("/platform/orgs?q=nothing-like-it").await;
    assert!(page.body.contains("No organisation matches this search."));
    // The create form still works from the list page.
    assert!(op
        .get("/platform/orgs")
        .await
        .body
        .contains("action=\"/platform/orgs\""));

    // Edit: a customer number another organisation has, and bad limits, re-render with input.
    let edit = format!("/platform/orgs/{p1}");
    op.get(&edit).await.assert_ok();
    let page = op
        .post(
            &edit,
            &edit_fields(&[("customer_number", "Q-2"), ("name", "Kept Name")]),
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page
        .body
        .contains("Another organisation already has this customer number."));
    assert!(page.body.contains("value=\"Kept Name\""));
    let page = op
        .post(
            &edit,
            &edit_fields(&[("seat_limit", "0"), ("lifetime_hours", "100000")]),
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page
        .body
        .contains("Enter a whole number of seats between 1 and 1,000,000."));
    assert!(page
        .body
        .contains("Enter a whole number of hours from 1 to 168."));
    let page = op.post(&edit, &edit_fields(&[("name", "")])).await;
    assert_eq!(page.status, 422);
    assert_eq!(audited(&app, AuditAction::OrgUpdated), 0, "nothing saved");

    let page = op
        .post(
            &edit,
            &edit_fields(&[
                ("name", "Pioneer Ltd"),
                ("customer_number", "P-100"),
                ("seat_limit", "7"),
                ("daily_invite_limit", "3"),
                ("lifetime_hours", "72"),
            ]),
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let saved: (String, String, i32, i32, i32) = organisations::table
        .find(p1)
        .select((
            organisations::name,
            organisations::customer_number,
            organisations::seat_limit,
            organisations::daily_invite_limit,
            organisations::invitation_lifetime_hours,
        ))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(saved, ("Pioneer Ltd".into(), "P-100".into(), 7, 3, 72));
    assert_eq!(audited(&app, AuditAction::OrgUpdated), 1);
    let page = op.get(&edit).await;
    assert!(page.body.contains("Changes saved.") && page.body.contains("value=\"P-100\""));

    // Unknown ids are 404; another organisation's id is simply that organisation's page.
    assert_eq!(op.get("/platform/orgs/999999").await.status, 404);
    assert_eq!(
        op.post("/platform/orgs/999999", &edit_fields(&[]))
            .await
            .status,
        404
    );
    assert_eq!(op.get("/platform/orgs/abc").await.status, 404);
    op.get(&format!("/platform/orgs/{q2}")).await.assert_ok();

    // Not an operator: refused on every platform route; signed out: sent to sign in.
    let anon = app.session();
    for path in [
        "/platform/orgs",
        &edit,
        "/platform/settings",
        "/platform/audit",
    ] {
        assert_eq!(admin.get(path).await.status, 403, "{path}");
        assert_eq!(anon.get(path).await.status, 303, "{path}");
    }
    assert_eq!(admin.post(&edit, &edit_fields(&[])).await.status, 403);
    assert_eq!(
        admin
            .post(
                "/platform/settings",
                &[("verification_method", "email_only")]
            )
            .await
            .status,
        403
    );
    let name: String = organisations::table
        .find(p1)
        .select(organisations::name)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(name, "Pioneer Ltd");

    // A day later both invitations have expired: they hold no seat, and are no longer counted
    // as pending (the seat limit does not count them either); the member still is.
    app.clock.advance(time::Duration::hours(25));
    let op = app.operator_session().await; // a day later: signed in again
    let page = op.get("/platform/orgs?q=p-1").await;
    let row = format!(
        "href=\"/platform/orgs/{p1}\">PioneerLtd</a></td><tdclass=\"customer-number\"data-label=\"Customernumber\">P-100</td><tdclass=\"num\"data-label=\"Members\">1</td><tdclass=\"num\"data-label=\"Pendinginvitations\">0</td>"
    );
    assert!(squeezed(&page.body).contains(&row), "{}", page.body);
}

async fn disabling_keeps_members_out_and_kills_links(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // "both" is the admin of D-1 and a member of E-2.
    let both = app.org("D-1").admin("both@d.test").build().await;
    let admin_e = app.org("E-2").build().await;
    let to_e = app.member(&admin_e).email("both@d.test").invite().await;
    let s = app.session();
    s.get(&to_e.link).await.assert_ok();
    let p = s
        .post(
            &to_e.link,
            &[("email", "both@d.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    app.run_jobs().await;
    // D-1 has a sent invitation (a live link) and a queued one.
    let pending = app.member(&both).email("pending@d.test").invite().await;
    app.member(&both)
        .email("queued@d.test")
        .invited()
        .create()
        .await;
    let (d1, e2) = (app.org_id("D-1"), app.org_id("E-2"));
    both.get("/admin/users").await.assert_ok();

    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{d1}");
    op.get(&edit).await.assert_ok();
    let page = op
        .post(
            &edit,
            &edit_fields(&[
                ("name", "Org D-1"),
                ("customer_number", "D-1"),
                ("enabled", ""),
            ]),
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = op.get(&edit).await;
    assert!(
        page.body.contains("2 pending invitations were revoked"),
        "{}",
        page.body
    );
    assert!(!page
        .body
        .contains("name=\"enabled\" value=\"on\" aria-describedby=\"enabled-hint\" checked"));
    let open: i64 = invitations::table
        .filter(invitations::org_id.eq(d1))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(open, 0, "every open invitation revoked");

    // The link dies with a page saying why; the queued invitation is never sent.
    let page = app.session().get(&pending.link).await;
    assert_eq!(page.status, 410);
    assert!(
        page.body.contains("This organisation is disabled"),
        "{}",
        page.body
    );
    app.run_jobs().await;
    assert!(
        app.emails_to("queued@d.test").is_empty(),
        "queued invitation not sent"
    );

    // Its members are kept out of every org page, with a plain page saying so; home sends
    // them to their organisations, where it is shown as disabled.
    for path in ["/admin/users", "/admin/invite", "/admin/audit"] {
        let page = both.get(path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(
            page.body.contains("This organisation is disabled"),
            "{path}"
        );
    }
    assert_eq!(both.get("/").await.location.as_deref(), Some("/orgs"));
    let orgs = both.get("/orgs").await;
    orgs.assert_ok();
    assert!(orgs.body.contains(&format!("action=\"/orgs/{e2}/switch\"")));
    assert!(!orgs.body.contains(&format!("action=\"/orgs/{d1}/switch\"")));
    assert!(orgs.body.contains("Disabled organisations"));
    let page = both.post(&format!("/orgs/{d1}/switch"), &[]).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("This organisation is disabled"));
    // Their other membership works.
    assert_eq!(
        both.post(&format!("/orgs/{e2}/switch"), &[]).await.status,
        303
    );
    both.get("/").await.assert_ok();
    // Signing in again lands in the organisation still open.
    let again = app.login("both@d.test", PASSWORD).await;
    again.get("/").await.assert_ok();

    // Enabling restores access; withdrawn links stay withdrawn.
    let page = op
        .post(
            &edit,
            &edit_fields(&[("name", "Org D-1"), ("customer_number", "D-1")]),
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        both.post(&format!("/orgs/{d1}/switch"), &[]).await.status,
        303
    );
    both.get("/admin/users").await.assert_ok();
    let page = app.session().get(&pending.link).await;
    assert_eq!(page.status, 410);
    assert!(page.body.contains("This invitation was withdrawn"));

    // The operator's log: newest first, with the organisation named.
    let page = op.get("/platform/audit").await;
    page.assert_ok();
    let body = &page.body[page.body.find("<table").expect("rows")..];
    let enabled = body.find("Organisation enabled").expect("enabled row");
    let disabled = body.find("Organisation disabled").expect("disabled row");
    let created = body.find("Organisation created").expect("created row");
    assert!(enabled < disabled && disabled < created, "newest first");
    assert!(body.contains("Org D-1 (D-1)"));
    assert!(body.contains("Open invitations revoked: 2"));
    let page = op.get("/platform/audit?action=org.disabled").await;
    assert!(
        page.body.contains("Organisation disabled")
            && !page.body.contains("Organisation enabled</td>")
    );
    assert_eq!(op.get("/platform/audit?actor=999999").await.status, 404);
}

async fn settings_are_saved_validated_and_applied(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-1").build().await;
    let op = app.operator_session().await;
    let page = op.get("/platform/settings").await;
    page.assert_ok();
    let base = [
        ("verification_method", "email_or_phone"),
        ("default_phone_region", "ru"),
        ("default_lifetime_hours", "48"),
        ("two_factor_admins", "true"),
    ];
    let with = |k: &'static str, v: &'static str| {
        let mut f: Vec<(&str, &str)> = base.iter().filter(|(n, _)| *n != k).copied().collect();
        f.push((k, v));
        f
    };
    let page = op
        .post("/platform/settings", &with("default_phone_region", "XX"))
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Enter a two-letter region code"));
    assert!(page.body.contains("value=\"XX\""));
    let page = op
        .post("/platform/settings", &with("default_lifetime_hours", "0"))
        .await;
    assert_eq!(page.status, 422);
    assert!(page
        .body
        .contains("Enter a whole number of hours from 1 to 168."));
    assert_eq!(audited(&app, AuditAction::SettingsChanged), 0);

    let page = op.post("/platform/settings", &base).await;
    assert_eq!(page.status, 303, "{}", page.body);
    {
        let mut c = app.conn();
        assert_eq!(
            settings::default_phone_region(&mut c).unwrap(),
            Some(phonenumber::country::Id::RU)
        );
        assert_eq!(settings::default_lifetime_hours(&mut c, 24).unwrap(), 48);
        let tf = settings::two_factor_policy(&mut c).unwrap();
        assert!(tf.admins && !tf.operators);
        assert_eq!(
            settings::get(&mut c, settings::Key::TwoFactorAdmins)
                .unwrap()
                .as_deref(),
            Some("true")
        );
    }
    // Region, lifetime, admins' two-factor: three changes, each audited.
    assert_eq!(audited(&app, AuditAction::SettingsChanged), 3);
    let page = op.get("/platform/settings").await;
    assert!(
        page.body.contains("The settings were saved."),
        "{}",
        page.body
    );
    // The same form again: nothing changed, and no green "saved" says otherwise.
    assert_eq!(op.post("/platform/settings", &base).await.status, 303);
    let again = op.get("/platform/settings").await;
    assert!(
        again
            .body
            .contains("Nothing was changed: every value is as it was already."),
        "{}",
        again.body
    );
    assert!(!again.body.contains("The settings were saved."));
    assert_eq!(audited(&app, AuditAction::SettingsChanged), 3);
    assert!(page.body.contains("value=\"RU\"") && page.body.contains("value=\"48\""));
    assert!(page
        .body
        .contains("name=\"two_factor_admins\" value=\"true\" checked"));
    assert!(!page
        .body
        .contains("name=\"two_factor_operators\" value=\"true\" checked"));
    // New organisations start with the default lifetime.
    assert!(op
        .get("/platform/orgs")
        .await
        .body
        .contains("name=\"lifetime_hours\" type=\"number\" min=\"1\" max=\"168\" value=\"48\""));
    let page = op.get("/platform/audit").await;
    // The setting by its label, the values as the form takes them (not the stored key).
    assert!(page.body.contains("Settings changed"));
    assert!(
        page.body
            .contains("<td class=\"details\" data-label=\"Details\">Default phone region: (empty) → &#34;RU&#34;</td>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("default_phone_region</td>"));
    // Clearing the region.
    let page = op
        .post("/platform/settings", &with("default_phone_region", ""))
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        settings::default_phone_region(&mut app.conn()).unwrap(),
        None
    );

    // E-mail only: the next invitation of a card without e-mail fails with a clear status.
    // (Admins' two-factor is switched off again — the box unticked, its hidden 0 alone —
    // otherwise the admin, not enrolled, is sent to the enrolment page first.)
    let page = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_only"),
                ("default_phone_region", ""),
                ("default_lifetime_hours", "48"),
                ("two_factor_admins", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    let id = app
        .member(&admin)
        .named("Phone", "Only")
        .phone("+79051111111")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let card = admin.get(&format!("/admin/users/{id}")).await;
    card.assert_ok();
    assert!(
        card.body
            .contains("no e-mail (the platform sends invitations by e-mail only)"),
        "{}",
        card.body
    );
    assert!(card.body.contains("status status-error"));
}

/// A new organisation posted without a daily limit gets the default, 50 (docs/PRODUCT.md §2.8),
/// as one without a lifetime gets the default lifetime.
async fn a_new_organisation_without_a_daily_limit_gets_50(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let op = app.operator_session().await;
    op.get("/platform/orgs").await.assert_ok();
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", "Org D-1"),
                ("customer_number", "D-1"),
                ("seat_limit", "10"),
                ("admin_email", "boss@d1.test"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let limit: i32 = organisations::table
        .filter(organisations::customer_number.eq("D-1"))
        .select(organisations::daily_invite_limit)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(limit, 50);
    app.allow_jobs_left("the first admin's invitation is not sent here");
}

/// The operator's search folds every letter's case, not only Latin ones, reads `ё` as `е`, and
/// takes its words in any order.
async fn orgs_are_found_in_any_case_and_order(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("R-1").build().await;
    app.org("R-2").build().await;
    diesel::update(organisations::table.filter(organisations::customer_number.eq("R-1")))
        .set(organisations::name.eq("Ромашка Ёлка"))
        .execute(&mut *app.conn())
        .unwrap();
    let op = app.operator_session().await;
    for q in ["ромашка", "РОМАШКА", "елка", "ёлка ромашка", "r-1 ромаш"]
    {
        let page = op.get(&format!("/platform/orgs?q={q}")).await;
        page.assert_ok();
        assert!(
            page.body.contains("Ромашка Ёлка") && !page.body.contains("Org R-2"),
            "{q}: {}",
            page.body
        );
    }
    let page = op.get("/platform/orgs?q=ромашка+r-2").await;
    assert!(page.body.contains("No organisation matches this search."));
}

both_backends!(
    a_new_organisation_without_a_daily_limit_gets_50,
    orgs_are_searched_counted_and_edited,
    orgs_are_found_in_any_case_and_order,
    disabling_keeps_members_out_and_kills_links,
    settings_are_saved_validated_and_applied,
);
