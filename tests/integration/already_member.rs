//! A member whose card's address was changed, and whose old address (still the account's) is
//! invited again: the invite form says the person is already a member instead of making a
//! second card, and a second card's invitation made another way is refused on acceptance with
//! a page that says why and where to go — before, a generic "the data changed" 409 that every
//! retry met again.

use crate::both_backends;
use crate::invite_form::{fields, result_for};
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{invitations, members};

async fn an_account_is_not_made_a_member_twice(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AM-1").admin("boss@am1.test").build().await;
    let anna = app
        .member(&admin)
        .named("Anna", "Smirnova")
        .email("anna@am1.test")
        .join(PASSWORD)
        .await;
    let card: i64 = members::table
        .filter(members::email.eq("anna@am1.test"))
        .select(members::id)
        .first(&mut app.conn())
        .unwrap();
    admin.get(&format!("/admin/users/{card}")).await.assert_ok();
    let moved = admin
        .post(
            &format!("/admin/users/{card}"),
            &[("email", "anna.work@am1.test")],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    let invited = |app: &TestApp| -> i64 {
        invitations::table
            .filter(invitations::recipient.eq("anna@am1.test"))
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };
    let before = invited(&app);

    // The invite form: already a member, no second card, no invitation.
    admin.get("/admin/invite").await.assert_ok();
    let page = admin
        .post(
            "/admin/invite",
            &fields(&[("anna@am1.test", "", "")], "", &[("action", "send")]),
        )
        .await;
    page.assert_ok();
    let said = result_for(&page.body, "anna@am1.test");
    assert!(said.contains("already a member"), "{said}");
    let cards: i64 = members::table
        .filter(members::email.eq("anna@am1.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!((cards, invited(&app)), (0, before));

    // A second card typed by hand is refused, Anna's address or her phone alike — on a new
    // card and on another card changed to it; nothing is written.
    admin.get("/admin/users/new").await.assert_ok();
    let second = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Anna"),
                ("email", "anna@am1.test"),
                ("kind", "employee"),
                ("send_invitation", "1"),
            ],
        )
        .await;
    assert_eq!(second.status, 422, "{}", second.body);
    assert!(
        second
            .body
            .contains("Somebody in this organisation already has this e-mail address."),
        "{}",
        second.body
    );
    assert!(second.body.contains(r#"value="anna@am1.test""#));
    assert_eq!(invited(&app), before);
    let other = app
        .member(&admin)
        .named("Oleg", "Other")
        .email("oleg@am1.test")
        .create()
        .await;
    admin
        .get(&format!("/admin/users/{other}"))
        .await
        .assert_ok();
    let changed = admin
        .post(
            &format!("/admin/users/{other}"),
            &[("email", "ANNA@am1.test")],
        )
        .await;
    assert_eq!(changed.status, 422, "{}", changed.body);
    // Anna's own card may take her account's address back.
    admin.get(&format!("/admin/users/{card}")).await.assert_ok();
    let back = admin
        .post(
            &format!("/admin/users/{card}"),
            &[("email", "anna@am1.test")],
        )
        .await;
    assert_eq!(back.status, 303, "{}", back.body);
    let moved = admin
        .post(
            &format!("/admin/users/{card}"),
            &[("email", "anna.work@am1.test")],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);

    // An import row with Anna's address is Anna's card, not a second one: the card takes the
    // address again, and nobody is invited.
    let csv = b"email,first_name,last_name\nanna@am1.test,Anna,Smirnova\n";
    let review = crate::import::upload(&admin, csv, true).await;
    crate::import::commit(&app, &admin, &review, &[]).await;
    let cards: Vec<(i64, Option<String>)> = members::table
        .filter(members::first_name.eq("Anna"))
        .select((members::id, members::email))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(cards, [(card, Some("anna@am1.test".to_owned()))]);
    assert_eq!(invited(&app), before);
    let moved = admin
        .post(
            &format!("/admin/users/{card}"),
            &[("email", "anna.work@am1.test")],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);

    // A second card all the same (two saves racing, or a database from before these checks),
    // invited: its link tells Anna she is a member already.
    diesel::update(members::table.filter(members::id.eq(other.parse::<i64>().unwrap())))
        .set(members::email.eq("anna@am1.test"))
        .execute(&mut app.conn())
        .unwrap();
    let sent = admin
        .post("/admin/users/invite", &[("user_id", other.as_str())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    // Such a card stays editable: the check is for an address a card takes, not one it holds.
    admin
        .get(&format!("/admin/users/{other}"))
        .await
        .assert_ok();
    let edited = admin
        .post(&format!("/admin/users/{other}"), &[("position", "Driver")])
        .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    app.run_jobs().await;
    let link = app.invitation_link("anna@am1.test");
    anna.get(&link).await.assert_ok();
    let refused = anna.post(&link, &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains(
            "This account is already a member of Org AM-1, so this invitation cannot add it a \
             second time."
        ),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("href=\"/orgs\""), "{}", refused.body);
    assert!(!refused.body.contains("Join Org AM-1"), "{}", refused.body);
    // Signed out, with the password on the page: the same answer, with the way to sign in.
    let visitor = app.session();
    visitor.get(&link).await.assert_ok();
    let refused = visitor.post(&link, &[("password", PASSWORD)]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("You are already a member"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("href=\"/login\""), "{}", refused.body);
    // Nothing changed: one active card, the new one still waiting.
    let active: i64 = members::table
        .filter(members::account_id.is_not_null())
        .filter(members::email.eq("anna.work@am1.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(active, 1);
}
both_backends!(an_account_is_not_made_a_member_twice);
