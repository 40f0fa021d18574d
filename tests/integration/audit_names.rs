//! The trail names what each event is about, read for the whole page at once: a role and a
//! department by their names now, an invitation by its member's card, a member by their card,
//! the actor by their account; a deleted role is named by nothing (its details keep the name).

use crate::both_backends;
use crate::support::{Backend, TestApp};

/// (actor, action, subject) of every row of the audit table.
fn rows(body: &str) -> Vec<(String, String, String)> {
    let html = scraper::Html::parse_document(body);
    let tr = scraper::Selector::parse("table tbody tr").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    html.select(&tr)
        .map(|row| {
            let cells: Vec<String> = row
                .select(&td)
                .map(|c| c.text().collect::<String>().trim().to_owned())
                .collect();
            (cells[1].clone(), cells[2].clone(), cells[3].clone())
        })
        .collect()
}

async fn subjects_are_named(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AN-1").admin("boss@an1.test").build().await;
    app.run_jobs().await;
    let role = crate::roles::create_role(&admin, "Manager").await;
    let gone = crate::roles::create_role(&admin, "Temp").await;
    crate::roles::create_department(&admin, "Sales").await;
    let card = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@an1.test")
        .create()
        .await;
    assert_eq!(
        crate::roles::save_card(&admin, &card, &[&role], "").await,
        303
    );
    admin
        .post(&format!("/admin/roles/{gone}/delete"), &[])
        .await;
    admin.get("/admin/users").await.assert_ok();
    let sent = admin
        .post("/admin/users/invite", &[("user_id", card.as_str())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);

    let page = admin.get("/admin/audit").await;
    page.assert_ok();
    let rows = rows(&page.body);
    let subject_of = |action: &str| -> Vec<String> {
        rows.iter()
            .filter(|(_, a, _)| a == action)
            .map(|(_, _, s)| s.clone())
            .collect()
    };
    let mut roles = subject_of("Role created");
    roles.sort();
    assert_eq!(roles, ["", "Manager"], "{rows:?}");
    assert_eq!(subject_of("Role deleted"), [""], "{rows:?}");
    assert_eq!(subject_of("Department created"), ["Sales"], "{rows:?}");
    // Created under the name it still has: said once, not again as the details.
    assert!(
        page.body
            .contains("data-label=\"About\">Sales</td>\n    <td class=\"details\" data-label=\"Details\"></td>"),
        "{}",
        page.body
    );
    assert_eq!(subject_of("User created"), ["Ivan Petrov"], "{rows:?}");
    assert_eq!(
        subject_of("Member roles changed"),
        ["Ivan Petrov"],
        "{rows:?}"
    );
    let mut invited = subject_of("Invited");
    invited.sort();
    // The admin's own invitation (from the operator) and Ivan's.
    assert_eq!(invited, ["Ivan Petrov", "New Member"], "{rows:?}");
    assert_eq!(subject_of("Organisation created"), ["AN-1"], "{rows:?}");
    let (actor, _, _) = rows
        .iter()
        .find(|(_, a, _)| a == "Department created")
        .unwrap();
    assert!(!actor.is_empty(), "the actor is named: {rows:?}");
    app.allow_jobs_left("Ivan's invitation is not delivered here");
}

both_backends!(subjects_are_named);
