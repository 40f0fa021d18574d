//! The roles of a member's card: kept when the card is created (on the card, or offered by its
//! invitation when one is sent), and a role another admin deleted while the form was open refused beside the
//! roles with everything typed kept — on a new card and on an existing one. Before, a new card
//! without an invitation dropped its roles, and a deleted role answered 404 with the form lost.

use crate::both_backends;
use crate::roles::create_role;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{MemberId, RoleId};
use invitely::db::schema::{invitations, member_roles, members};

/// The message beside the roles.
fn roles_error(body: &str) -> String {
    let html = scraper::Html::parse_document(body);
    let error = scraper::Selector::parse("#roles.has-error .field-error").unwrap();
    html.select(&error)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .unwrap_or_else(|| panic!("no message beside the roles: {body}"))
}

fn roles_of(app: &TestApp, email: &str) -> Vec<RoleId> {
    member_roles::table
        .inner_join(members::table)
        .filter(members::email.eq(email))
        .order(member_roles::role_id.asc())
        .select(member_roles::role_id)
        .load(&mut app.conn())
        .unwrap()
}

async fn delete_role(admin: &Session, id: &str) {
    admin
        .get(&format!("/admin/roles/{id}/delete"))
        .await
        .assert_ok();
    let deleted = admin.post(&format!("/admin/roles/{id}/delete"), &[]).await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
}

async fn a_new_card_keeps_its_roles(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CR-1").build().await;
    let courier = create_role(&admin, "Courier").await;
    admin.get("/admin/users/new").await.assert_ok();
    let created = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Ivan"),
                ("email", "ivan@cr1.test"),
                ("kind", "employee"),
                ("roles_listed", "1"),
                ("role_id", &courier),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let courier: RoleId = courier.parse().unwrap();
    assert_eq!(roles_of(&app, "ivan@cr1.test"), [courier]);
    let card = admin.get(created.location.as_deref().unwrap()).await;
    assert!(
        card.body
            .contains(&format!("name=\"role_id\" value=\"{courier}\" checked")),
        "{}",
        card.body
    );

    // With its invitation: the invitation offers them, given when it is accepted.
    let created = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Olga"),
                ("email", "olga@cr1.test"),
                ("kind", "employee"),
                ("roles_listed", "1"),
                ("role_id", &courier.to_string()),
                ("send_invitation", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let offered: Vec<RoleId> = invitely::db::schema::invitation_roles::table
        .inner_join(invitations::table)
        .filter(invitations::recipient.eq("olga@cr1.test"))
        .select(invitely::db::schema::invitation_roles::role_id)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(offered, [courier]);
    assert_eq!(roles_of(&app, "olga@cr1.test"), []);
    app.run_jobs().await;
    // Her card does not say she has restricted access: the roles come with her acceptance.
    let no_role = "No role: this member has restricted access until you give one.";
    let card = admin.get(created.location.as_deref().unwrap()).await;
    assert!(!card.body.contains(no_role), "{}", card.body);
    // An active member without a role is told as such.
    let joined = app
        .member(&admin)
        .email("petr@cr1.test")
        .join(crate::support::app::PASSWORD)
        .await;
    drop(joined);
    let petr: i64 = members::table
        .filter(members::email.eq("petr@cr1.test"))
        .select(members::id)
        .first(&mut app.conn())
        .unwrap();
    let card = admin.get(&format!("/admin/users/{petr}")).await;
    assert!(card.body.contains(no_role), "{}", card.body);
}
both_backends!(a_new_card_keeps_its_roles);

async fn a_role_deleted_meanwhile_is_refused_with_the_form_kept(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CR-2").build().await;
    let (late, kept) = (
        create_role(&admin, "Late").await,
        create_role(&admin, "Kept").await,
    );
    admin.get("/admin/users/new").await.assert_ok();
    let existing = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Anna"),
                ("email", "anna@cr2.test"),
                ("kind", "employee"),
                ("roles_listed", "1"),
                ("role_id", &kept),
            ],
        )
        .await;
    assert_eq!(existing.status, 303, "{}", existing.body);
    let anna = existing.location.clone().unwrap();
    delete_role(&admin, &late).await;
    let message = "A role you chose no longer exists: choose the roles again.";

    // A new card, with its invitation: nothing written, the form again as typed.
    let page = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Late"),
                ("last_name", "Comer"),
                ("email", "late@cr2.test"),
                ("kind", "customer"),
                ("roles_listed", "1"),
                ("role_id", &kept),
                ("role_id", &late),
                ("send_invitation", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(roles_error(&page.body), message);
    assert!(page.body.contains("value=\"Comer\""), "{}", page.body);
    assert!(
        page.body.contains("value=\"late@cr2.test\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("name=\"role_id\" value=\"{kept}\" checked")),
        "the roles still there stay ticked: {}",
        page.body
    );
    let cards: i64 = members::table
        .filter(members::email.eq("late@cr2.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    let sent: i64 = invitations::table
        .filter(invitations::recipient.eq("late@cr2.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!((cards, sent), (0, 0));

    // An existing card: nothing saved, the edit kept.
    let page = admin
        .post(
            &anna,
            &[
                ("first_name", "Anne"),
                ("email", "anna@cr2.test"),
                ("kind", "employee"),
                ("roles_listed", "1"),
                ("role_id", &late),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(roles_error(&page.body), message);
    assert!(page.body.contains("value=\"Anne\""), "{}", page.body);
    let id: MemberId = anna.rsplit('/').next().unwrap().parse().unwrap();
    let name: String = members::table
        .find(id)
        .select(members::first_name)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(name, "Anna");
    assert_eq!(
        roles_of(&app, "anna@cr2.test"),
        [kept.parse::<RoleId>().unwrap()]
    );
}
both_backends!(a_role_deleted_meanwhile_is_refused_with_the_form_kept);
