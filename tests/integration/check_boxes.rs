//! Check boxes posted by scripts (docs/PRODUCT.md §4 names `enabled`, `send_invitation`,
//! `all_matching`): the usual spellings are read as meant — off: 0, false, off, no; on: 1,
//! true, on, yes; in any case — and any other value is refused with a 400 that says which
//! values a box takes, rather than guessed. The pages' own hidden 0 before a box still works.

use crate::both_backends;
use crate::invite_once::invitations_to;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::OrgId;
use invitely::db::schema::{invitations, organisations};

const REFUSED: &str = "1, true, on or yes";

fn enabled(app: &TestApp, id: OrgId) -> bool {
    organisations::table
        .find(id)
        .select(organisations::disabled_at)
        .first::<Option<time::PrimitiveDateTime>>(&mut *app.conn())
        .unwrap()
        .is_none()
}

async fn enabled_takes_the_usual_spellings(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("CB-1").build().await;
    let id = app.org_id("CB-1");
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{id}");
    op.get(&edit).await.assert_ok();
    let post = |value: &'static str| {
        let fields = vec![
            ("name", "Org CB-1"),
            ("customer_number", "CB-1"),
            ("seat_limit", "100"),
            ("daily_invite_limit", "50"),
            ("enabled", value),
            // A disabling confirmed (the box's spellings are under test, not the question).
            ("confirm", "1"),
        ];
        let op = &op;
        let edit = edit.clone();
        async move { op.post(&edit, &fields).await }
    };
    for (value, on) in [
        ("false", false),
        ("true", true),
        ("off", false),
        ("on", true),
        ("no", false),
        ("yes", true),
        ("0", false),
        ("1", true),
        ("FALSE", false),
        ("Yes", true),
        ("Off", false),
        ("TRUE", true),
    ] {
        let page = post(value).await;
        assert_eq!(page.status, 303, "enabled={value}: {}", page.body);
        assert_eq!(enabled(&app, id), on, "enabled={value}");
    }
    // Anything else is refused, saying what a box takes; nothing changes.
    for value in ["maybe", "2", "", "enabled", "nope"] {
        let page = post(value).await;
        assert_eq!(page.status, 400, "enabled={value:?}: {}", page.body);
        assert!(page.body.contains(REFUSED), "{}", page.body);
        assert!(enabled(&app, id), "enabled={value:?} changed nothing");
    }
    // The page's hidden 0 then the ticked box; the hidden 0 alone.
    let mut fields = vec![
        ("name", "Org CB-1"),
        ("customer_number", "CB-1"),
        ("seat_limit", "100"),
        ("daily_invite_limit", "50"),
        ("enabled", "0"),
        ("confirm", "1"),
    ];
    assert_eq!(op.post(&edit, &fields).await.status, 303);
    assert!(!enabled(&app, id));
    fields.push(("enabled", "on"));
    assert_eq!(op.post(&edit, &fields).await.status, 303);
    assert!(enabled(&app, id));

    // The platform settings' boxes read the same words.
    op.get("/platform/settings").await.assert_ok();
    let settings = |admins: &'static str| {
        vec![
            ("verification_method", "email_only"),
            ("two_factor_admins", admins),
        ]
    };
    let policy = || invitely::domain::settings::two_factor_policy(&mut app.conn()).unwrap();
    assert_eq!(
        op.post("/platform/settings", &settings("yes")).await.status,
        303
    );
    assert!(policy().admins);
    assert_eq!(
        op.post("/platform/settings", &settings("no")).await.status,
        303
    );
    assert!(!policy().admins);
    let page = op.post("/platform/settings", &settings("sure")).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains(REFUSED), "{}", page.body);
}

async fn the_admins_boxes_read_the_same_words(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CB-2").build().await;
    // "Send invitation" sent as no: the card is saved, nobody is invited.
    admin.get("/admin/users/new").await.assert_ok();
    let card = |email: &'static str, send: &'static str| {
        vec![
            ("first_name", "Anna"),
            ("email", email),
            ("send_invitation", send),
        ]
    };
    let page = admin
        .post("/admin/users/new", &card("no@cb2.test", "no"))
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(invitations_to(&app, "no@cb2.test"), 0);
    let page = admin
        .post("/admin/users/new", &card("yes@cb2.test", "yes"))
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(invitations_to(&app, "yes@cb2.test"), 1);
    let page = admin
        .post("/admin/users/new", &card("odd@cb2.test", "perhaps"))
        .await;
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(page.body.contains(REFUSED), "{}", page.body);

    // "All matching" sent as false is not "everyone": nothing is ticked, nobody is invited.
    admin.get("/admin/users").await.assert_ok();
    let page = admin
        .post("/admin/users/invite", &[("all_matching", "false")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(invitations_to(&app, "no@cb2.test"), 0, "not invited");
    let list = admin.get("/admin/users").await;
    assert!(
        list.body.contains("Select at least one user first."),
        "{}",
        list.body
    );
    let page = admin
        .post("/admin/users/invite", &[("all_matching", "all")])
        .await;
    assert_eq!(page.status, 400, "{}", page.body);
    assert_eq!(invitations_to(&app, "no@cb2.test"), 0, "not invited");
    app.run_jobs().await;
}

fn grants_admin(app: &TestApp, address: &str) -> bool {
    invitations::table
        .filter(invitations::recipient.eq(address))
        .select(invitations::grant_admin)
        .first(&mut *app.conn())
        .unwrap()
}

/// The invite form's boxes ("make them administrators", "resend to those already invited"):
/// `false` does not grant administrator rights.
async fn the_invite_forms_boxes_read_the_same_words(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CB-3").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let invite = |address: &'static str, grant: &'static str| {
        let admin = &admin;
        async move {
            admin
                .post(
                    "/admin/invite",
                    &[
                        ("recipients", address),
                        ("grant_admin", grant),
                        ("resend", "no"),
                        ("action", "send"),
                    ],
                )
                .await
        }
    };
    let page = invite("plain@cb3.test", "false").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        !grants_admin(&app, "plain@cb3.test"),
        "false grants nothing"
    );
    admin.get("/admin/invite").await.assert_ok();
    let page = invite("boss2@cb3.test", "Yes").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(grants_admin(&app, "boss2@cb3.test"));
    admin.get("/admin/invite").await.assert_ok();
    let page = invite("odd@cb3.test", "admin").await;
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(page.body.contains(REFUSED), "{}", page.body);
    app.run_jobs().await;
}

both_backends!(
    enabled_takes_the_usual_spellings,
    the_admins_boxes_read_the_same_words,
    the_invite_forms_boxes_read_the_same_words,
);
