//! The inviter is named alike on the admin's invitations list and in what the invitee reads:
//! by their card in the organisation. The list named them by their account, so an admin could
//! not see what the invitee was told.

use crate::both_backends;
use crate::support::{mime, Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{accounts, members};

async fn the_list_names_the_inviter_as_the_message_does(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IN-1").admin("boss@in1.test").build().await;
    diesel::update(accounts::table.filter(accounts::email.eq("boss@in1.test")))
        .set((
            accounts::first_name.eq("Ann"),
            accounts::last_name.eq("Account"),
        ))
        .execute(&mut *app.conn())
        .unwrap();
    diesel::update(members::table.filter(members::email.eq("boss@in1.test")))
        .set((
            members::first_name.eq("Cora"),
            members::last_name.eq("Card"),
        ))
        .execute(&mut *app.conn())
        .unwrap();
    app.member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@in1.test")
        .invite()
        .await;
    let mail = app
        .emails_to("ivan@in1.test")
        .pop()
        .expect("the invitation");
    let text = mime::part(&mail.data, "text/plain").unwrap();
    assert!(text.contains("Cora Card"), "{text}");
    let list = admin.get("/admin/invitations").await;
    list.assert_ok();
    assert!(list.body.contains("Cora Card"), "{}", list.body);
    // The account's name is the header's alone (who is signed in), not the list's.
    assert_eq!(list.body.matches("Ann Account").count(), 1, "{}", list.body);
}

both_backends!(the_list_names_the_inviter_as_the_message_does);
