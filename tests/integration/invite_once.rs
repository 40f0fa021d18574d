//! A double-submitted invite form does its work once (docs/STYLE.md, idempotent form posts): the
//! second post of the same form — a double click, a reload of the result page — shows the
//! first post's result and queues nothing, even with "resend" ticked; a new showing of the form
//! is a new post. Links handed to the admin's mail program are not kept, so that post mints
//! them again and shows them.

use crate::both_backends;
use crate::invite_form::{fields, result_for};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::invitations;

/// The form's own key, from a new showing of it.
async fn new_form(admin: &Session) -> String {
    let page = admin.get("/admin/invite").await;
    page.assert_ok();
    let re = regex::Regex::new(r#"name="submission" value="([^"]+)""#).unwrap();
    re.captures(&page.body).expect("the form's key")[1].to_owned()
}

/// How many invitations were made to `address`.
pub(crate) fn invitations_to(app: &TestApp, address: &str) -> i64 {
    invitations::table
        .filter(invitations::recipient.eq(address))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

async fn a_repeated_post_does_its_work_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-1").admin("boss@o1.test").build().await;
    let rows = [("once@o1.test", "Olga", "Once"), ("twice@o1.test", "", "")];
    let post = |key: String, rest: Vec<(&'static str, &'static str)>| {
        let admin = &admin;
        async move {
            let mut f = fields(&rows, "", &rest);
            f.push(("submission", &key));
            admin.post("/admin/invite", &f).await
        }
    };

    // Sent, then the same form posted again with "resend" ticked: the same page, one
    // invitation each.
    let first_key = new_form(&admin).await;
    let key = first_key.clone();
    let first = post(key.clone(), vec![("resend", "1")]).await;
    first.assert_ok();
    let again = post(key.clone(), vec![("resend", "1")]).await;
    again.assert_ok();
    for address in ["once@o1.test", "twice@o1.test"] {
        let (was, is) = (
            result_for(&first.body, address),
            result_for(&again.body, address),
        );
        assert!(was.contains("queued"), "{address}: {was}");
        assert_eq!(is, was, "{address}: the second post's result");
        assert_eq!(invitations_to(&app, address), 1, "{address}");
    }
    assert_eq!(app.run_jobs().await, 2, "one message each");

    // A new showing of the form is a new post: resent.
    let key = new_form(&admin).await;
    let resent = post(key, vec![("resend", "1")]).await;
    assert!(
        result_for(&resent.body, "once@o1.test").contains("sent again"),
        "{}",
        result_for(&resent.body, "once@o1.test")
    );
    assert_eq!(invitations_to(&app, "once@o1.test"), 2);
    assert_eq!(app.run_jobs().await, 2);

    // Another account posting the same key has posted nothing yet: its own result.
    let other = app.org("O-2").admin("boss@o2.test").build().await;
    other.get("/admin/invite").await.assert_ok();
    let mut f = fields(&[("once@o2.test", "", "")], "", &[]);
    f.push(("submission", &first_key));
    let theirs = other.post("/admin/invite", &f).await;
    assert!(result_for(&theirs.body, "once@o2.test").contains("queued"));
    assert_eq!(invitations_to(&app, "once@o2.test"), 1);
    assert_eq!(app.run_jobs().await, 1);
}

both_backends!(a_repeated_post_does_its_work_once);

async fn post_ticked(admin: &Session, ids: &[&str], key: &str) -> crate::support::Page {
    let mut f: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", *id)).collect();
    f.push(("submission", key));
    admin.post("/admin/users/invite", &f).await
}

/// The users table's invite button: the same showing of the table posted twice with the same
/// ticks invites once and answers the same page; ticked anew (a page the browser restored), it
/// is a new post.
async fn the_users_table_posts_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-3").admin("boss@o3.test").build().await;
    let card = |first: &'static str, email: &'static str| {
        app.member(&admin)
            .named(first, "Once")
            .email(email)
            .create()
    };
    let (anna, boris, clara) = (
        card("Anna", "anna@o3.test").await,
        card("Boris", "boris@o3.test").await,
        card("Clara", "clara@o3.test").await,
    );
    let table = admin.get("/admin/users").await;
    table.assert_ok();
    let re = regex::Regex::new(r#"name="submission" value="([^"]+)""#).unwrap();
    let key = re.captures(&table.body).expect("the table form's key")[1].to_owned();
    let first = post_ticked(&admin, &[&anna, &boris], &key).await;
    let again = post_ticked(&admin, &[&anna, &boris], &key).await;
    assert_eq!(first.status, 303);
    assert_eq!(again.location, first.location, "the same page");
    let location = first.location.clone().unwrap();
    assert!(
        location.starts_with("/admin/invitations/batches/"),
        "{location}"
    );
    let page = admin.get(&location).await;
    assert_eq!(
        crate::support::pages::flashes(&page.body),
        ["2 invitations queued."],
        "said once"
    );
    for address in ["anna@o3.test", "boris@o3.test"] {
        assert_eq!(invitations_to(&app, address), 1, "{address}");
    }
    assert_eq!(app.run_jobs().await, 2, "one message each");

    let other = post_ticked(&admin, &[&clara], &key).await;
    assert_eq!(other.status, 303);
    assert_eq!(invitations_to(&app, "clara@o3.test"), 1);
    assert_eq!(app.run_jobs().await, 1);
}

both_backends!(the_users_table_posts_once);

/// The same form posted again after choosing another organisation (another tab, a restored
/// page) is a post to that organisation: its work is done there.
async fn a_post_in_another_organisation_is_its_own(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("O-4").admin("boss@o45.test").build().await;
    let admin = app.org("O-5").admin("boss@o45.test").build().await;
    let key = new_form(&admin).await;
    let mut f = fields(&[("both@o45.test", "", "")], "", &[]);
    f.push(("submission", &key));
    for number in ["O-5", "O-4"] {
        let org = crate::invite_form::org_id(&app, number);
        let switched = admin.post(&format!("/orgs/{org}/switch"), &[]).await;
        assert_eq!(switched.status, 303, "{number}: {}", switched.body);
        let done = admin.post("/admin/invite", &f).await;
        done.assert_ok();
        let result = result_for(&done.body, "both@o45.test");
        assert!(result.contains("queued"), "{number}: {result}");
    }
    assert_eq!(invitations_to(&app, "both@o45.test"), 2, "one in each");
    assert_eq!(app.run_jobs().await, 2);
}

both_backends!(a_post_in_another_organisation_is_its_own);
