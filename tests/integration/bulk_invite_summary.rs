//! A bulk invite that queues nothing and skips nothing — "all matching" a search nobody
//! matches, or ids that are not this organisation's cards — says so as information, never as
//! a green success (docs/UX.md: "never a green 'nothing happened'").

use crate::both_backends;
use crate::support::pages::flashes;
use crate::support::{Backend, TestApp};

const NOTHING: &str = "Nothing was sent: no user matched your selection.";

async fn a_bulk_invite_that_matches_nobody_is_information(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Z-1").build().await;
    app.member(&admin).email("someone@z1.test").create().await;
    app.run_jobs().await;
    admin.get("/admin/users").await.assert_ok();
    for fields in [
        vec![("all_matching", "1"), ("q", "zzzzzz")],
        vec![("user_id", "999999")],
    ] {
        let sent = admin.post("/admin/users/invite", &fields).await;
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
        .post("/admin/users/invite", &[("user_id", "999999")])
        .await;
    let back = admin.get(sent.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&back.body),
        ["Ничего не отправлено: ни один пользователь не подошёл под выбор."],
        "{}",
        back.body
    );
    assert_eq!(app.run_jobs().await, 0, "nothing was queued");
}

both_backends!(a_bulk_invite_that_matches_nobody_is_information);
