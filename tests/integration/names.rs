//! Names of roles and departments that the CSV files must carry back and forth: a department
//! differs from another by more than case (the import matches names without case, so "sales"
//! beside "Sales" would catch rows meant for either), and a role name holds no "|" (the files
//! separate roles with it).

use crate::both_backends;
use crate::import::{commit, upload};
use crate::roles::{create_department, create_role};
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{departments, members, roles};

/// The message beside the form's `name` field.
fn name_error(body: &str) -> String {
    let html = scraper::Html::parse_document(body);
    let error = scraper::Selector::parse(".has-error .field-error").unwrap();
    html.select(&error)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .unwrap_or_else(|| panic!("no message beside the name: {body}"))
}

async fn a_department_differs_by_more_than_case(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("NAM-1").build().await;
    let sales = create_department(&admin, "Sales").await;
    let page = admin.post("/admin/departments", &[("name", "sales")]).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        name_error(&page.body),
        "A department with this name already exists."
    );
    assert!(page.body.contains("value=\"sales\""), "the input is kept");
    // Nor by what cannot be seen: a zero-width space, a bidi override, an accent typed apart.
    for twin in ["Sa\u{200B}les", "\u{202E}Sales\u{202C}", "Sales\u{FEFF}"] {
        let page = admin.post("/admin/departments", &[("name", twin)]).await;
        assert_eq!(page.status, 422, "{twin:?}: {}", page.body);
        assert_eq!(
            name_error(&page.body),
            "A department with this name already exists."
        );
    }
    let page = admin
        .post("/admin/departments", &[("name", "Ren\u{65}\u{301}e")])
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = admin
        .post("/admin/departments", &[("name", "Ren\u{E9}e")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let deleted = diesel::delete(departments::table.filter(departments::name.eq("Ren\u{E9}e")))
        .execute(&mut app.conn())
        .unwrap();
    assert_eq!(deleted, 1, "stored composed");
    let names: Vec<String> = departments::table
        .select(departments::name)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(names, ["Sales"]);
    // A row naming it in any case lands in it.
    let csv = "email,first_name,department\nq@nam1.test,Q,SA\u{200B}LES\n";
    let review = upload(&admin, csv.as_bytes(), false).await;
    commit(&app, &admin, &review, &[]).await;
    let placed: Option<i64> = members::table
        .filter(members::email.eq("q@nam1.test"))
        .select(members::department_id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(placed.map(|d| d.to_string()), Some(sales));
}
both_backends!(a_department_differs_by_more_than_case);

async fn a_role_name_holds_no_separator(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("NAM-2").build().await;
    admin.get("/admin/roles").await.assert_ok();
    let page = admin
        .post("/admin/roles", &[("name", "Viewer|Editor")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let said = "A role name cannot contain \"|\": CSV files use it to separate roles.";
    assert_eq!(name_error(&page.body), said);
    assert!(
        page.body.contains("value=\"Viewer|Editor\""),
        "the input is kept"
    );
    let id = create_role(&admin, "Viewer").await;
    admin.get(&format!("/admin/roles/{id}")).await.assert_ok();
    let page = admin
        .post(
            &format!("/admin/roles/{id}"),
            &[("name", "Viewer | Editor")],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(name_error(&page.body), said);
    let names: Vec<String> = roles::table
        .select(roles::name)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(names, ["Viewer"]);
}
both_backends!(a_role_name_holds_no_separator);

/// A department cell longer than a department's name may be is refused with the row, not cut
/// to fit when the commit creates the department.
async fn a_department_cell_too_long_is_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("NAM-3").build().await;
    let csv = format!(
        "email,first_name,department\nr@nam3.test,R,{}\n",
        "D".repeat(150)
    );
    let review = upload(&admin, csv.as_bytes(), false).await;
    let page = admin.get(&review).await;
    assert!(
        page.body
            .contains("A cell is too long (names, position and department: 100"),
        "{}",
        page.body
    );
    commit(&app, &admin, &review, &[("create_departments", "1")]).await;
    let made: i64 = departments::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(made, 0, "no department cut to fit");
    let written: i64 = members::table
        .filter(members::email.eq("r@nam3.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(written, 0);
}
both_backends!(a_department_cell_too_long_is_refused);

/// Russian writes `ё` as `е` as often as not: "Елка" beside "Ёлка" is the same name twice,
/// refused for a role and a department as a case-only twin is — on creating and on renaming
/// another — while renaming one to its own spelling with `ё` is allowed; an import row that
/// spells it with `е` lands in it.
async fn yo_and_ye_are_one_letter_in_names(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("NAM-4").build().await;
    let tree = create_department(&admin, "Ёлка").await;
    let page = admin.post("/admin/departments", &[("name", "елка")]).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        name_error(&page.body),
        "A department with this name already exists."
    );
    let other = create_department(&admin, "Сервис").await;
    admin
        .get(&format!("/admin/departments/{other}"))
        .await
        .assert_ok();
    let page = admin
        .post(&format!("/admin/departments/{other}"), &[("name", "ЕЛКА")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let page = admin
        .post(
            &format!("/admin/departments/{other}"),
            &[("name", "Сёрвис")],
        )
        .await;
    assert_eq!(page.status, 303, "its own name with ё: {}", page.body);

    admin.get("/admin/roles").await.assert_ok();
    create_role(&admin, "Ёж").await;
    let page = admin.post("/admin/roles", &[("name", "ЕЖ")]).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        name_error(&page.body),
        "A role with this name already exists."
    );
    let roles: Vec<String> = roles::table
        .select(roles::name)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(roles, ["Ёж"]);

    let csv = "email,first_name,department,roles\nyo@nam4.test,Y,Елка,еж\n";
    let review = upload(&admin, csv.as_bytes(), false).await;
    commit(&app, &admin, &review, &[]).await;
    let placed: Option<i64> = members::table
        .filter(members::email.eq("yo@nam4.test"))
        .select(members::department_id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(placed.map(|d| d.to_string()), Some(tree));
    let departments: i64 = departments::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(departments, 2);
}
both_backends!(yo_and_ye_are_one_letter_in_names);
