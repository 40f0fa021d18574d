//! Smaller points of the users pages from a review: the empty table's next steps link to both
//! ways of adding people, the Waiting badge carries a clock sign, the progress pages of a bulk
//! send and of an import use the users table's status words, and a card posted without `kind`
//! is an employee's (as an import row without one is).

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::MemberKind;
use invitely::db::ids::{MemberId, OrgId};
use invitely::db::schema::{member_counts, members, organisations};

/// The empty table's branch of the template ("No users yet." with links to create and to
/// import), forced: no organisation an admin can open reaches it, since the admin's own card
/// is always one of its cards (the branch needs no card in any status and no search, kind or
/// department filter). The test empties the organisation's counters (`member_counts`) under
/// the admin's card, a state the application never makes, so that the page renders that
/// branch; it checks the template, not a reachable state.
async fn the_empty_table_links_create_and_import(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("U-1").build().await;
    // Forced (see above): the organisation's only card is its admin's; with its counters
    // emptied, the status counts say "no cards" (the "Waiting" tab lists no admin either).
    let org: OrgId = organisations::table
        .filter(organisations::customer_number.eq("U-1"))
        .select(organisations::id)
        .first(&mut *app.conn())
        .unwrap();
    diesel::delete(member_counts::table.filter(member_counts::org_id.eq(org)))
        .execute(&mut *app.conn())
        .unwrap();
    let page = admin.get("/admin/users?status=waiting").await;
    page.assert_ok();
    let html = scraper::Html::parse_document(&page.body);
    let sel = scraper::Selector::parse("p.empty a").unwrap();
    let links: Vec<&str> = html
        .select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(page.body.contains("No users yet."), "{}", page.body);
    assert_eq!(
        links,
        ["/admin/users/new", "/admin/import"],
        "{}",
        page.body
    );
    app.allow_jobs_left("the admin's welcome message is not checked here");
}

/// The Waiting badge's sign is a clock, not an ellipsis: "◷" (U+25F7), a text glyph drawn in
/// the badge's colour as "✓" and "!" are (an emoji clock shows only with an emoji font).
#[actix_web::test]
async fn the_waiting_badge_shows_a_clock() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let css = app.session().get("/static/app.css").await;
    css.assert_ok();
    let rule = css
        .body
        .lines()
        .find(|l| l.starts_with(".status-waiting::before"))
        .expect("a sign before the Waiting badge");
    assert!(rule.contains(r#"content: "\25F7"#), "{rule}");
}

async fn progress_pages_use_the_tables_status_words(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("U-2").build().await;
    app.run_jobs().await;
    let mut ids = Vec::new();
    for email in ["ann@u2.test", "bob@u2.test"] {
        ids.push(app.member(&admin).email(email).create().await);
    }
    admin.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let sent = admin.post("/admin/users/invite", &fields).await;
    let at = sent.location.clone().unwrap();
    assert!(at.starts_with("/admin/invitations/batches/"), "{at}");
    assert_eq!(app.run_jobs().await, 2);
    let page = admin.get(&at).await;
    page.assert_ok();
    let words = |body: &str| {
        let html = scraper::Html::parse_document(body);
        let sel = scraper::Selector::parse(".batch-counts dt").unwrap();
        html.select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words(&page.body),
        ["Waiting", "Invited", "Error"],
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Done: 2 invited, 0 errors"),
        "{}",
        page.body
    );

    // The import's progress, with "Send invitation".
    let csv = "email,first_name\ncid@u2.test,Cid\n";
    let review = crate::import::upload(&admin, csv.as_bytes(), true).await;
    crate::import::commit(&app, &admin, &review, &[]).await;
    app.run_jobs().await;
    let page = admin.get(&review).await;
    page.assert_ok();
    let counts = words(&page.body);
    assert!(
        counts.ends_with(&["Waiting".into(), "Invited".into(), "Error".into()]),
        "{counts:?}"
    );
}

async fn a_card_without_kind_is_an_employees(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("U-3").build().await;
    admin.get("/admin/users/new").await.assert_ok();
    let page = admin
        .post(
            "/admin/users/new",
            &[("first_name", "Kim"), ("email", "kim@u3.test")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let id: MemberId = page
        .location
        .unwrap()
        .trim_start_matches("/admin/users/")
        .parse()
        .unwrap();
    let kind: MemberKind = members::table
        .find(id)
        .select(members::kind)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(kind, MemberKind::Employee);
    // A kind that is there must be one of the kinds.
    for bad in ["robot", ""] {
        let page = admin
            .post(
                "/admin/users/new",
                &[
                    ("first_name", "Lee"),
                    ("email", "lee@u3.test"),
                    ("kind", bad),
                ],
            )
            .await;
        assert_eq!(page.status, 422, "kind={bad:?}: {}", page.body);
    }
    app.allow_jobs_left("the admin's welcome message is not checked here");
}

both_backends!(
    the_empty_table_links_create_and_import,
    progress_pages_use_the_tables_status_words,
    a_card_without_kind_is_an_employees,
);
