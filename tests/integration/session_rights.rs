//! A change of what a member may do gives their session a new id (docs/SECURITY.md D1): the
//! cookie from before the change is worthless afterwards — a role given on the card, the role
//! deleted, another organisation chosen — while a session whose rights stay the same keeps its
//! id. (Admin and operator rights are in the same stamp, `session::rights_stamp`.)

use crate::both_backends;
use crate::roles::{create_role, joined, save_card};
use crate::security::set_cookie;
use crate::sessions::{get_with_cookie, sign_in, SESSION_COOKIE};
use crate::support::{Backend, TestApp};

/// The member's next request with `cookie` after their rights changed (`path`, answered with
/// `status`): it carries a new session id, also on an error page; the old id then sends the
/// member to sign in. Returns the new cookie.
async fn renewed(app: &TestApp, cookie: &str, (path, status): (&str, u16), why: &str) -> String {
    let sent = format!("{SESSION_COOKIE}={cookie}");
    let page = get_with_cookie(app, path, &sent).await;
    assert_eq!(page.status, status, "{why}: {path}");
    let new =
        set_cookie(&page, SESSION_COOKIE).unwrap_or_else(|| panic!("{why}: no new session cookie"));
    assert_ne!(new, cookie, "{why}: the same session id");
    let replay = get_with_cookie(app, "/account", &sent).await;
    assert_eq!(
        (replay.status, replay.location.as_deref()),
        (303, Some("/login?next=%2Faccount")),
        "{why}: the cookie from before the change replayed"
    );
    get_with_cookie(app, "/account", &format!("{SESSION_COOKIE}={new}"))
        .await
        .assert_ok();
    new
}

/// Requests with `cookie` while nothing changed keep its id.
async fn kept(app: &TestApp, cookie: &str, why: &str) {
    let sent = format!("{SESSION_COOKIE}={cookie}");
    for _ in 0..2 {
        let page = get_with_cookie(app, "/account", &sent).await;
        page.assert_ok();
        let set = set_cookie(&page, SESSION_COOKIE);
        assert!(
            set.is_none() || set.as_deref() == Some(cookie),
            "{why}: a new session id {set:?} without a change"
        );
    }
}

async fn a_change_of_rights_renews_the_session_id(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("D-1").admin("boss@d1.test").build().await;
    let dispatcher = create_role(&admin, "Dispatcher").await;
    let (card, _) = joined(&app, &admin, "ivan@d1.test").await;
    let (_, cookie) = sign_in(&app, "ivan@d1.test").await;
    kept(&app, &cookie, "signed in").await;

    // The admin's own session (their rights did not change) keeps its id meanwhile.
    let (_, admin_cookie) = sign_in(&app, "boss@d1.test").await;

    assert_eq!(save_card(&admin, &card, &[&dispatcher], "").await, 303);
    assert_eq!(app.run_jobs().await, 1, "the member told of their access");
    let cookie = renewed(&app, &cookie, ("/account", 200), "a role given on the card").await;
    kept(&app, &cookie, "after the renewal").await;

    let deleted = admin
        .post(&format!("/admin/roles/{dispatcher}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    // The first request after it is refused (a member's access to an admin page): the error
    // page carries the new id as well.
    let refused = ("/admin/users", 403);
    renewed(&app, &cookie, refused, "the member's role deleted").await;
    kept(&app, &admin_cookie, "the admin who made the changes").await;
}

/// Choosing another organisation changes what the session may do there: a new id too.
async fn choosing_another_organisation_renews_the_session_id(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("D-2").admin("boss@d23.test").build().await;
    app.org("D-3").admin("boss@d23.test").build().await;
    let (session, cookie) = sign_in(&app, "boss@d23.test").await;
    kept(&app, &cookie, "signed in").await;
    let org = crate::invite_form::org_id(&app, "D-2");
    let switched = session.post(&format!("/orgs/{org}/switch"), &[]).await;
    assert_eq!(switched.status, 303, "{}", switched.body);
    let cookie = renewed(
        &app,
        &cookie,
        ("/account", 200),
        "another organisation chosen",
    )
    .await;
    kept(&app, &cookie, "in the organisation chosen").await;
}

both_backends!(
    a_change_of_rights_renews_the_session_id,
    choosing_another_organisation_renews_the_session_id,
);
