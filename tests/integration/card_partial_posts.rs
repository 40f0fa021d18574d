//! A member's card posted with only some of its fields (`POST /admin/users/{id}`, a script
//! changing one value): a field not sent keeps what is stored, a field sent empty clears it, and
//! the roles change only when the post lists them (`role_id`, or the page's `roles_listed`).
//! Before, a post without `kind` was refused and one without `role_id` took every role.

use crate::both_backends;
use crate::roles::{create_department, create_role};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::MemberKind;
use invitely::db::ids::{DepartmentId, MemberId, RoleId};
use invitely::db::schema::{member_roles, members};

/// What is stored on the card: names, contacts, kind, department, position, and its roles
/// (their ids, in order).
type Stored = (
    (String, String, Option<String>, Option<String>),
    MemberKind,
    Option<DepartmentId>,
    String,
    Vec<RoleId>,
);

fn stored(app: &TestApp, id: MemberId) -> Stored {
    let mut c = app.conn();
    let (first, last, email, phone, kind, department, position) = members::table
        .find(id)
        .select((
            members::first_name,
            members::last_name,
            members::email,
            members::phone,
            members::kind,
            members::department_id,
            members::position,
        ))
        .first::<(
            String,
            String,
            Option<String>,
            Option<String>,
            MemberKind,
            Option<DepartmentId>,
            String,
        )>(&mut *c)
        .unwrap();
    let roles = member_roles::table
        .filter(member_roles::member_id.eq(id))
        .order(member_roles::role_id.asc())
        .select(member_roles::role_id)
        .load(&mut *c)
        .unwrap();
    (
        (first, last, email, phone),
        kind,
        department,
        position,
        roles,
    )
}

async fn save(admin: &Session, id: MemberId, fields: &[(&str, &str)]) -> u16 {
    let page = admin.post(&format!("/admin/users/{id}"), fields).await;
    assert!(
        page.status == 303 || page.status == 422,
        "{}: {}",
        page.status,
        page.body
    );
    page.status
}

async fn a_card_post_keeps_the_fields_it_does_not_name(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").build().await;
    let (courier, driver) = (
        create_role(&admin, "Courier").await,
        create_role(&admin, "Driver").await,
    );
    let depot = create_department(&admin, "Depot").await;
    admin.get("/admin/users/new").await.assert_ok();
    let created = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Ivan"),
                ("last_name", "Petrov"),
                ("email", "ivan@c1.test"),
                ("phone", "+7 905 123-45-67"),
                ("kind", "customer"),
                ("department_id", &depot),
                ("position", "Night shift"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id: MemberId = created
        .location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|id| id.parse().ok())
        .expect("the new card's address");
    // Roles given on the card once it exists.
    let given = admin
        .post(
            &format!("/admin/users/{id}"),
            &[("role_id", &courier), ("role_id", &driver)],
        )
        .await;
    assert_eq!(given.status, 303, "{}", given.body);
    let depot: DepartmentId = depot.parse().unwrap();
    let (courier, driver): (RoleId, RoleId) = (courier.parse().unwrap(), driver.parse().unwrap());
    let mut both = vec![courier, driver];
    both.sort();
    let contacts = |first: &str| {
        (
            first.to_owned(),
            "Petrov".to_owned(),
            Some("ivan@c1.test".to_owned()),
            Some("+79051234567".to_owned()),
        )
    };
    let start = stored(&app, id);
    assert_eq!(
        start,
        (
            contacts("Ivan"),
            MemberKind::Customer,
            Some(depot),
            "Night shift".to_owned(),
            both
        )
    );
    admin.get(&format!("/admin/users/{id}")).await.assert_ok();

    // One field: only it changes; the kind, department, position and roles stay.
    assert_eq!(save(&admin, id, &[("first_name", "Vanya")]).await, 303);
    let mut expected = start.clone();
    expected.0 = contacts("Vanya");
    assert_eq!(stored(&app, id), expected);

    // The kind alone (a post without it was refused with 422).
    assert_eq!(save(&admin, id, &[("kind", "employee")]).await, 303);
    expected.1 = MemberKind::Employee;
    assert_eq!(stored(&app, id), expected);

    // Sent empty clears: no phone, no department, no position. (Clearing a phone or a
    // department never took effect before: the card's changeset skipped `None`.)
    assert_eq!(
        save(
            &admin,
            id,
            &[("phone", ""), ("department_id", ""), ("position", "")]
        )
        .await,
        303
    );
    (expected.0 .3, expected.2, expected.3) = (None, None, String::new());
    assert_eq!(stored(&app, id), expected);

    // Roles: the one listed is the one kept (Driver, not Courier); the page's marker with none
    // ticked takes them all.
    assert_eq!(
        save(&admin, id, &[("role_id", &driver.to_string())]).await,
        303
    );
    expected.4 = vec![driver];
    assert_eq!(stored(&app, id), expected);
    assert_eq!(save(&admin, id, &[("roles_listed", "1")]).await, 303);
    expected.4 = Vec::new();
    assert_eq!(stored(&app, id), expected);

    // The e-mail cleared while a phone is given back: the card keeps the phone alone.
    assert_eq!(
        save(&admin, id, &[("email", ""), ("phone", "+7 905 123-45-67")]).await,
        303
    );
    (expected.0 .2, expected.0 .3) = (None, Some("+79051234567".to_owned()));
    assert_eq!(stored(&app, id), expected);

    // Clearing the last contact is still refused, with the card's other values on the form.
    let page = admin
        .post(&format!("/admin/users/{id}"), &[("phone", "")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("value=\"Vanya\""), "{}", page.body);
    assert!(page.body.contains("field-error"), "{}", page.body);
    // A kind sent empty is no kind at all.
    assert_eq!(save(&admin, id, &[("kind", "")]).await, 422);
    assert_eq!(
        stored(&app, id),
        expected,
        "nothing changed by the refusals"
    );
}

both_backends!(a_card_post_keeps_the_fields_it_does_not_name);
