//! What a member who may invite (not an admin) learns and changes through the invite form: they
//! do not bring back someone an admin removed (or who left), the preview does not tell them the
//! names the organisation's cards hold, and inviting a card an admin put in a department does
//! not move it to another.

use crate::both_backends;
use crate::invite_form::{fields, result_for};
use crate::member_grants::card_id;
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::DepartmentId;
use invitely::db::schema::{departments, invitations, members};

fn invitations_to(app: &TestApp, address: &str) -> i64 {
    invitations::table
        .filter(invitations::recipient.eq(address))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn department(app: &TestApp, name: &str) -> DepartmentId {
    departments::table
        .filter(departments::name.eq(name))
        .select(departments::id)
        .first(&mut *app.conn())
        .unwrap()
}

fn department_of(app: &TestApp, email: &str) -> Option<DepartmentId> {
    members::table
        .filter(members::email.eq(email))
        .select(members::department_id)
        .first(&mut *app.conn())
        .unwrap()
}

async fn a_member_inviting_meets_the_admins_decisions(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MI-1").admin("boss@mi1.test").build().await;
    let bob = app
        .member(&admin)
        .named("Bob", "Member")
        .email("bob@mi1.test")
        .join(PASSWORD)
        .await;
    app.give_role("bob@mi1.test");
    // Carol was a member; the admin removed her.
    app.member(&admin)
        .named("Carol", "Gone")
        .email("carol@mi1.test")
        .join(PASSWORD)
        .await;
    let carol = card_id(&app, "carol@mi1.test");
    admin
        .get(&format!("/admin/users/{carol}/remove"))
        .await
        .assert_ok();
    let removed = admin
        .post(&format!("/admin/users/{carol}/remove"), &[])
        .await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    let before = invitations_to(&app, "carol@mi1.test");

    bob.get("/admin/invite").await.assert_ok();
    let preview = bob
        .post(
            "/admin/invite",
            &fields(&[("carol@mi1.test", "", "")], "", &[("action", "preview")]),
        )
        .await;
    preview.assert_ok();
    let said = result_for(&preview.body, "carol@mi1.test");
    assert!(
        said.contains("only an administrator can invite them again"),
        "{said}"
    );
    let sent = bob
        .post(
            "/admin/invite",
            &fields(&[("carol@mi1.test", "", "")], "", &[("action", "send")]),
        )
        .await;
    sent.assert_ok();
    let said = result_for(&sent.body, "carol@mi1.test");
    assert!(
        said.contains("only an administrator can invite them again"),
        "{said}"
    );
    assert_eq!(
        invitations_to(&app, "carol@mi1.test"),
        before,
        "not invited"
    );
    // An admin may.
    admin.get("/admin/invite").await.assert_ok();
    let again = admin
        .post(
            "/admin/invite",
            &fields(&[("carol@mi1.test", "", "")], "", &[("action", "send")]),
        )
        .await;
    again.assert_ok();
    assert_eq!(invitations_to(&app, "carol@mi1.test"), before + 1);

    // A card the admin made: its names are not shown to the member.
    admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Secretia"),
                ("last_name", "Hiddenova"),
                ("email", "sh@mi1.test"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert!(card_id(&app, "sh@mi1.test") > 0);
    let preview = bob
        .post(
            "/admin/invite",
            &fields(&[("sh@mi1.test", "", "")], "", &[("action", "preview")]),
        )
        .await;
    preview.assert_ok();
    assert!(
        !preview.body.contains("Secretia") && !preview.body.contains("Hiddenova"),
        "{}",
        preview.body
    );
    admin.get("/admin/invite").await.assert_ok();
    let preview = admin
        .post(
            "/admin/invite",
            &fields(&[("sh@mi1.test", "", "")], "", &[("action", "preview")]),
        )
        .await;
    assert!(preview.body.contains("Secretia"), "{}", preview.body);

    // A card the admin put in Sales, invited by the member "into" Support: it stays in Sales.
    for name in ["Sales", "Support"] {
        admin.get("/admin/departments").await.assert_ok();
        admin.post("/admin/departments", &[("name", name)]).await;
    }
    let (sales, support) = (department(&app, "Sales"), department(&app, "Support"));
    admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Dana"),
                ("email", "dana@mi1.test"),
                ("kind", "employee"),
                ("department_id", &sales.to_string()),
            ],
        )
        .await;
    assert_eq!(department_of(&app, "dana@mi1.test"), Some(sales));
    let support_id = support.to_string();
    let sent = bob
        .post(
            "/admin/invite",
            &fields(
                &[("dana@mi1.test", "", "")],
                "",
                &[("department_id", &support_id), ("action", "send")],
            ),
        )
        .await;
    sent.assert_ok();
    app.run_jobs().await;
    let link = app.invitation_link("dana@mi1.test");
    app.accept(&link, PASSWORD).await;
    assert_eq!(
        department_of(&app, "dana@mi1.test"),
        Some(sales),
        "the admin's department kept"
    );
    // A new person the member invites goes where the member says.
    let sent = bob
        .post(
            "/admin/invite",
            &fields(
                &[("erin@mi1.test", "", "")],
                "",
                &[("department_id", &support_id), ("action", "send")],
            ),
        )
        .await;
    sent.assert_ok();
    app.run_jobs().await;
    let link = app.invitation_link("erin@mi1.test");
    app.accept(&link, PASSWORD).await;
    assert_eq!(department_of(&app, "erin@mi1.test"), Some(support));
}

both_backends!(a_member_inviting_meets_the_admins_decisions);
