//! A member of an organisation the platform operator disabled (`enabled=0` on
//! `/platform/orgs/{id}`): the membership is intact, so the person is never told they belong to
//! none. `/` sends them to `/orgs`, which lists the disabled organisation as disabled (not
//! switchable) with what that means, in English and Russian — also when it is their only one,
//! on a fresh sign-in and in a session that was open when it was disabled. Nothing of the
//! disabled organisation's pages is reachable; enabling it again lets them back in.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use invitely::db::ids::OrgId;

const EXPLAINED: &str = "Disabled by the platform; access returns when it is enabled again.";
const EXPLAINED_RU: &str = "Отключена платформой; доступ вернётся, когда её снова включат.";
const NEVER: [&str; 2] = ["invite you again", "not a member of any organisation"];

/// The operator turns the organisation off (`false`, confirmed) or on (`true`), as the edit page
/// posts it.
async fn set_enabled(app: &TestApp, org: OrgId, number: &str, on: bool) {
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{org}");
    op.get(&edit).await.assert_ok();
    let name = format!("Org {number}");
    let mut fields = vec![
        ("name", name.as_str()),
        ("customer_number", number),
        ("seat_limit", "100"),
        ("daily_invite_limit", "50"),
        ("enabled", "0"),
        ("confirm", "1"),
    ];
    if on {
        fields.push(("enabled", "on"));
    }
    let page = op.post(&edit, &fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
}

/// `/orgs` shows `org` as a disabled membership, explained, and offers no switch to it.
async fn shows_disabled(s: &Session, org: OrgId, name: &str) -> String {
    let page = s.get("/orgs").await;
    page.assert_ok();
    assert!(page.body.contains(name), "{}", page.body);
    assert!(page.body.contains(EXPLAINED), "{}", page.body);
    assert!(
        !page
            .body
            .contains(&format!("action=\"/orgs/{org}/switch\"")),
        "a disabled organisation is not offered: {}",
        page.body
    );
    for never in NEVER {
        assert!(!page.body.contains(never), "{never}: {}", page.body);
    }
    page.body
}

async fn an_only_organisation_disabled_is_shown_not_lost(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("DO-1").build().await;
    let ivan = app
        .member(&admin)
        .email("ivan@do1.test")
        .join(PASSWORD)
        .await;
    let org = app.org_id("DO-1");
    ivan.get("/").await.assert_ok();
    set_enabled(&app, org, "DO-1", false).await;

    // The session open when it was disabled: home sends it to the organisations.
    let home = ivan.get("/").await;
    assert_eq!(home.status, 303, "{}", home.body);
    assert_eq!(home.location.as_deref(), Some("/orgs"));
    let body = shows_disabled(&ivan, org, "Org DO-1").await;
    assert!(body.contains("action=\"/logout\""), "sign-out offered");
    // The page of an account without organisations is not theirs.
    let none = ivan.get("/account/none").await;
    assert_eq!(none.location.as_deref(), Some("/orgs"), "{}", none.body);

    // Nothing of the organisation is reachable, for its member or its admin; the refusal
    // links to the organisations, not to a start page that refuses again.
    for (s, path) in [
        (&ivan, "/admin/invite"),
        (&admin, "/admin/users"),
        (&admin, "/admin/settings"),
    ] {
        let page = s.get(path).await;
        assert_eq!(page.status, 403, "{path}: {}", page.body);
        assert!(
            page.body.contains("This organisation is disabled"),
            "{path}"
        );
        assert!(
            page.body.contains("href=\"/orgs\""),
            "{path}: {}",
            page.body
        );
    }
    assert_eq!(
        ivan.post(&format!("/orgs/{org}/switch"), &[]).await.status,
        403
    );

    // A fresh sign-in: the same, never "you belong to none".
    let fresh = app.session();
    fresh.get("/login").await;
    let page = fresh
        .post(
            "/login",
            &[("email", "ivan@do1.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let home = fresh.get("/").await;
    assert_eq!(home.location.as_deref(), Some("/orgs"), "{}", home.body);
    shows_disabled(&fresh, org, "Org DO-1").await;
    assert_eq!(
        fresh.get("/account/none").await.location.as_deref(),
        Some("/orgs")
    );
    assert_eq!(
        fresh.get("/admin/invite").await.status,
        303,
        "no org chosen"
    );
    // In Russian too.
    assert_eq!(
        fresh
            .post("/lang", &[("lang", "ru"), ("back", "/orgs")])
            .await
            .status,
        303
    );
    let page = fresh.get("/orgs").await;
    page.assert_ok();
    assert!(page.body.contains(EXPLAINED_RU), "{}", page.body);
    assert!(!page.body.contains("пригласить вас снова"), "{}", page.body);

    // Enabled again: both sessions are let back in.
    set_enabled(&app, org, "DO-1", true).await;
    ivan.get("/").await.assert_ok();
    admin.get("/admin/users").await.assert_ok();
    let home = fresh.get_follow("/").await;
    home.assert_ok();
    assert!(home.body.contains("Org DO-1"), "{}", home.body);
}

async fn a_current_organisation_disabled_sends_to_the_others(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // "both" is the admin of DO-2 (their current organisation) and a member of DO-3.
    let both = app.org("DO-2").admin("both@do2.test").build().await;
    let other = app.org("DO-3").build().await;
    crate::leaving::join_existing(&app, &other, "both@do2.test").await;
    let (d2, d3) = (app.org_id("DO-2"), app.org_id("DO-3"));
    both.get("/admin/users").await.assert_ok();
    set_enabled(&app, d2, "DO-2", false).await;

    let home = both.get("/").await;
    assert_eq!(home.status, 303, "{}", home.body);
    assert_eq!(home.location.as_deref(), Some("/orgs"));
    let body = shows_disabled(&both, d2, "Org DO-2").await;
    assert!(
        body.contains(&format!("action=\"/orgs/{d3}/switch\"")),
        "{body}"
    );
    assert_eq!(both.get("/admin/users").await.status, 403);
    assert_eq!(
        both.post(&format!("/orgs/{d3}/switch"), &[]).await.status,
        303
    );
    both.get("/").await.assert_ok();
    // Leaving the one still open: the chooser, which shows the disabled one still theirs.
    let page = crate::leaving::leave(&both, d3).await;
    assert_eq!(page.location.as_deref(), Some("/orgs"), "{}", page.body);
    shows_disabled(&both, d2, "Org DO-2").await;
    app.run_jobs().await;
}

both_backends!(
    an_only_organisation_disabled_is_shown_not_lost,
    a_current_organisation_disabled_sends_to_the_others,
);
