//! Roles and departments are listed as a person reads a list, without case: "ab" before
//! "Worker", "ёлка" before "Ель" (the database's byte order put every capital first and ё last),
//! on their pages and in the card's choices; a new department's message names it, as a new
//! role's does.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use regex::Regex;

fn listed(body: &str, attr: &str) -> Vec<String> {
    let re = Regex::new(&format!(
        r#"data-{attr}="\d+">\s*(?:<th scope="row">)?<a href="[^"]+">([^<]+)</a>"#
    ))
    .unwrap();
    re.captures_iter(body).map(|c| c[1].to_owned()).collect()
}

async fn roles_and_departments_in_reading_order(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("LO-1").build().await;
    for name in ["Worker", "ab", "Ель", "ёлка"] {
        crate::roles::create_role(&admin, name).await;
        crate::roles::create_department(&admin, name).await;
    }
    let expected = ["ab", "Worker", "ёлка", "Ель"];
    let roles = admin.get("/admin/roles").await;
    assert_eq!(listed(&roles.body, "role"), expected, "{}", roles.body);
    let departments = admin.get("/admin/departments").await;
    assert_eq!(
        listed(&departments.body, "department"),
        expected,
        "{}",
        departments.body
    );
    let card = admin.get("/admin/users/new").await;
    let options = Regex::new(r#"<option value="\d+"[^>]*>([^<]+)</option>"#).unwrap();
    let shown: Vec<String> = options
        .captures_iter(&card.body)
        .map(|c| c[1].to_owned())
        .collect();
    assert_eq!(shown, expected, "the department choices: {}", card.body);

    admin.get("/admin/departments").await.assert_ok();
    let created = admin.post("/admin/departments", &[("name", "Depot")]).await;
    assert_eq!(created.status, 303);
    let page = admin.get("/admin/departments").await;
    assert!(
        page.body.contains("The department \"Depot\" was created.")
            || page
                .body
                .contains("The department &quot;Depot&quot; was created.")
            || page
                .body
                .contains("The department &#34;Depot&#34; was created."),
        "{}",
        page.body
    );
}

both_backends!(roles_and_departments_in_reading_order);
