//! A bulk invite that queues nothing and skips nothing — "all matching" a search nobody
//! matches, or ids that are not this organisation's cards (another organisation's card, an id
//! of no card at all) — says so as information, never as a green success (docs/UX.md: "never
//! a green 'nothing happened'"), and leaves the other organisation's card as it was.

use crate::both_backends;
use crate::support::pages::flashes;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::MemberId;
use invitely::db::models::Member;
use invitely::db::schema::{invitations, members};

const NOTHING: &str = "Nothing was sent: no user matched your selection.";

/// A card as stored, and how many invitations it has: what an invite would change.
fn card_state(app: &TestApp, id: &str) -> (String, i64) {
    let id: MemberId = id.parse().unwrap();
    let card: Member = members::table
        .find(id)
        .select(Member::as_select())
        .first(&mut *app.conn())
        .unwrap();
    let invited = invitations::table
        .filter(invitations::member_id.eq(id))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    (format!("{card:?}"), invited)
}

async fn a_bulk_invite_that_matches_nobody_is_information(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Another organisation's card: a real id, not this organisation's.
    let other = app.org("Z-2").build().await;
    let foreign = app.member(&other).email("someone@z2.test").create().await;
    let admin = app.org("Z-1").build().await;
    app.member(&admin).email("someone@z1.test").create().await;
    app.run_jobs().await;
    let untouched = card_state(&app, &foreign);
    assert_eq!(untouched.1, 0, "never invited");
    admin.get("/admin/users").await.assert_ok();
    for fields in [
        vec![("all_matching", "1"), ("q", "zzzzzz")],
        vec![("user_id", foreign.as_str())],
        vec![("user_id", "999999")],
    ] {
        let sent = admin.post("/admin/users/invite", &fields).await;
        assert_eq!(
            card_state(&app, &foreign),
            untouched,
            "{fields:?}: the other organisation's card is untouched"
        );
        assert_eq!(sent.status, 303, "{fields:?}: {}", sent.body);
        let back = admin.get(sent.location.as_deref().unwrap()).await;
        back.assert_ok();
        assert_eq!(flashes(&back.body), [NOTHING], "{fields:?}: {}", back.body);
        assert!(back.body.contains("flash flash-info"), "{}", back.body);
        assert!(!back.body.contains("flash flash-success"), "{}", back.body);
    }
    // And in Russian.
    admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/users")])
        .await;
    let sent = admin
        .post("/admin/users/invite", &[("user_id", foreign.as_str())])
        .await;
    let back = admin.get(sent.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&back.body),
        ["Ничего не отправлено: ни один пользователь не подошёл под выбор."],
        "{}",
        back.body
    );
    assert_eq!(app.run_jobs().await, 0, "nothing was queued");
    assert_eq!(card_state(&app, &foreign), untouched);

    // The way back keeps the table as it was shown: its filter, order and page size.
    let sent = admin
        .post(
            "/admin/users/invite",
            &[
                ("user_id", foreign.as_str()),
                ("status", "not_invited"),
                ("sort", "name"),
                ("dir", "desc"),
                ("per_page", "100"),
            ],
        )
        .await;
    assert_eq!(
        sent.location.as_deref(),
        Some("/admin/users?status=not_invited&sort=name&dir=desc&per_page=100")
    );
}

both_backends!(a_bulk_invite_that_matches_nobody_is_information);
