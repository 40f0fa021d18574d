//! What the users table's address carries, typed or edited by hand: a search with a NUL or
//! a zero-width space is looked up without them (a NUL answered 500, and cut the export short),
//! and a status, kind or department that is none is a bad request — before, it read as "all",
//! so "invite all matching" with `status=bogus` reached every member of the search.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::invitations;

async fn odd_filters_are_refused_and_invisible_characters_ignored(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("UQ-1").build().await;
    app.member(&admin)
        .named("Pelageya", "Orlova")
        .email("pelageya@uq1.test")
        .create()
        .await;
    app.member(&admin)
        .named("Olga", "Petrova")
        .email("olga@uq1.test")
        .create()
        .await;

    for path in [
        "/admin/users?q=Pel%00ageya",
        "/admin/users?q=%E2%80%8BPelageya",
        "/admin/invitations?q=ab%00cd",
    ] {
        let page = admin.get(path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
    }
    let page = admin.get("/admin/users?q=%E2%80%8Bpelag").await;
    assert!(page.body.contains("Pelageya Orlova"), "{}", page.body);
    assert!(!page.body.contains("Olga Petrova"), "{}", page.body);
    let csv = admin.get("/admin/users/export.csv?q=pel%00ageya").await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.body.contains("pelageya@uq1.test"), "{}", csv.body);

    for path in [
        "/admin/users?status=bogus",
        "/admin/users?status=ERROR",
        "/admin/users?kind=bogus",
        "/admin/users?department=abc",
        "/admin/users/export.csv?status=bogus",
    ] {
        let page = admin.get(path).await;
        assert_eq!(page.status, 400, "{path}");
        // It says what is wrong and leads to the whole list, not "go back and try again".
        assert!(
            page.body
                .contains("asks the list for a filter it does not have"),
            "{path}: {}",
            page.body
        );
        assert!(
            page.body
                .contains("href=\"/admin/users\">Show the whole list</a>"),
            "{}",
            page.body
        );
    }
    // "All" is a status the page itself links to.
    admin.get("/admin/users?status=all").await.assert_ok();
    // A page past the end says so and leads back, rather than "No users match".
    let past = admin.get("/admin/users?q=uq1&page=999").await;
    past.assert_ok();
    assert!(
        past.body.contains("This page is past the end of the list."),
        "{}",
        past.body
    );
    assert!(!past.body.contains("No users match these filters."));
    assert!(
        past.body.contains("href=\"/admin/users?q=uq1\""),
        "{}",
        past.body
    );
    let none = admin.get("/admin/users?q=zzzzqqq").await;
    assert!(none.body.contains("No users match these filters."));

    // All matching a status that is none: refused, nobody invited.
    admin.get("/admin/users").await.assert_ok();
    let sent = admin
        .post(
            "/admin/users/invite",
            &[("all_matching", "1"), ("status", "bogus"), ("q", "uq1")],
        )
        .await;
    assert_eq!(sent.status, 400, "{}", sent.body);
    let n: i64 = invitations::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    let admins: i64 = invitations::table
        .filter(invitations::recipient.like("%uq1.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(admins, 0, "{n} invitations in all");
}
/// The invitations list answers a filter it does not have as the users table does: a 400 that
/// says so and leads to the whole list — before, it showed every invitation under the filter's
/// name ("status=sent", an inviter or role key that is not a number, "channel=fax").
async fn the_invitations_list_refuses_filters_it_lacks(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("UQ-2").build().await;
    for path in [
        "/admin/invitations?status=sent",
        "/admin/invitations?channel=fax",
        "/admin/invitations?inviter=boss",
        "/admin/invitations?role=x",
        "/admin/invitations?batch=last",
    ] {
        let page = admin.get(path).await;
        assert_eq!(page.status, 400, "{path}: {}", page.body);
        assert!(
            page.body
                .contains("href=\"/admin/invitations\">Show the whole list</a>"),
            "{path}: {}",
            page.body
        );
    }
    for path in [
        "/admin/invitations?status=all",
        "/admin/invitations?status=expired&channel=sms&inviter=&role=",
        "/admin/invitations?status=replaced&inviter=999&role=999",
    ] {
        admin.get(path).await.assert_ok();
    }
}

both_backends!(
    odd_filters_are_refused_and_invisible_characters_ignored,
    the_invitations_list_refuses_filters_it_lacks,
);
