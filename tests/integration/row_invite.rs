//! A row's own invite button in the users table (docs/UX.md: per-row actions): "Invite" for a
//! card never invited, "Invite again" for one invited or failed, none while an invitation waits
//! nor for an active member; it invites that card alone, whatever boxes are ticked.

use crate::both_backends;
use crate::support::pages::flashes;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::MemberId;
use invitely::db::schema::invitations;

fn invitations_of(app: &TestApp, id: &str) -> i64 {
    invitations::table
        .filter(invitations::member_id.eq(id.parse::<MemberId>().unwrap()))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// A row's button, named by its own text and the row's name link (`aria-labelledby`).
fn button(id: &str, text: &str) -> String {
    format!(
        "<button type=\"submit\" name=\"row\" value=\"{id}\" class=\"link-button row-invite\" \
         id=\"ri-{id}\" aria-labelledby=\"ri-{id} rn-{id}\">{text}</button>"
    )
}

async fn a_rows_button_invites_that_card_alone(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("RI-1").admin("boss@ri1.test").build().await;
    let anna = app
        .member(&admin)
        .named("Anna", "Ivanova")
        .email("anna@ri1.test")
        .create()
        .await;
    let boris = app
        .member(&admin)
        .named("Boris", "Petrov")
        .email("boris@ri1.test")
        .create()
        .await;
    let table = admin.get("/admin/users").await;
    table.assert_ok();
    for (id, name) in [(&anna, "Anna Ivanova"), (&boris, "Boris Petrov")] {
        let expected = button(id, "Invite");
        assert!(table.body.contains(&expected), "{expected}\n{}", table.body);
        let link = format!("<a href=\"/admin/users/{id}\" id=\"rn-{id}\">{name}</a>");
        assert!(table.body.contains(&link), "{link}");
    }
    assert_eq!(
        table.body.matches("name=\"row\"").count(),
        2,
        "none for the active admin"
    );

    // Boris's box ticked and "all matching" too: Anna's button invites Anna alone.
    let sent = admin
        .post(
            "/admin/users/invite",
            &[
                ("user_id", boris.as_str()),
                ("all_matching", "1"),
                ("row", anna.as_str()),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let back = admin.get(sent.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&back.body),
        ["1 invitation queued."],
        "{}",
        back.body
    );
    assert_eq!(invitations_of(&app, &anna), 1);
    assert_eq!(
        invitations_of(&app, &boris),
        0,
        "the ticked box is not sent"
    );
    assert!(
        !back
            .body
            .contains(&format!("name=\"row\" value=\"{anna}\"")),
        "no button while the invitation waits"
    );

    // Sent: "Invite again", which sends a new link.
    app.run_jobs().await;
    let table = admin.get("/admin/users").await;
    let again = button(&anna, "Invite again");
    assert!(table.body.contains(&again), "{again}\n{}", table.body);
    let sent = admin
        .post("/admin/users/invite", &[("row", anna.as_str())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(invitations_of(&app, &anna), 2);
    app.run_jobs().await;
    assert_eq!(app.emails_to("anna@ri1.test").len(), 2);
    assert!(app.emails_to("boris@ri1.test").is_empty());
}

both_backends!(a_rows_button_invites_that_card_alone);
