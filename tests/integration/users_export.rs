//! `GET /admin/users/export.csv`: the users table's filters as a CSV file in the import's
//! columns — formula cells defused (docs/SECURITY.md G4), roles and department names, only the
//! organisation's own members, streamed in pieces — and the link to it on the users page.

use crate::both_backends;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{AuditAction, MemberKind, MemberStatus};
use invitely::db::ids::{DepartmentId, MemberId, RoleId};
use invitely::db::schema::{audit_events, departments, member_roles, members, roles};
use invitely::domain::audit::Details;
use invitely::domain::import::cells::{unprotect, COLUMNS};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A download as it arrived: status, headers and the raw bytes (the BOM kept).
struct Download {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Download {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every record of the file, the header row first (the BOM checked and taken off).
    fn records(&self) -> Vec<Vec<String>> {
        assert_eq!(self.status, 200);
        assert!(self.body.starts_with(BOM), "UTF-8 BOM first");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&self.body[BOM.len()..]);
        reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    /// The data rows (without the header row).
    fn rows(&self) -> Vec<Vec<String>> {
        let mut all = self.records();
        assert_eq!(
            all.first().map(Vec::as_slice),
            Some(&COLUMNS.map(String::from)[..])
        );
        all.remove(0);
        all
    }

    /// The e-mail column of the data rows, sorted.
    fn emails(&self) -> Vec<String> {
        let mut e: Vec<String> = self.rows().into_iter().map(|r| r[0].clone()).collect();
        e.sort();
        e
    }
}

async fn download(s: &Session, path: &str) -> Download {
    let resp = s.client.get(s.url(path)).send().await.unwrap();
    Download {
        status: resp.status().as_u16(),
        headers: resp.headers().clone(),
        body: resp.bytes().await.unwrap().to_vec(),
    }
}

fn card(id: &str) -> MemberId {
    MemberId::from_raw(id.parse().unwrap())
}

/// A department through the departments page; its id.
async fn add_department(app: &TestApp, admin: &Session, number: &str, name: &str) -> DepartmentId {
    admin.get("/admin/departments").await.assert_ok();
    let page = admin.post("/admin/departments", &[("name", name)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    departments::table
        .filter(departments::org_id.eq(app.org_id(number)))
        .filter(departments::name.eq(name))
        .select(departments::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// A role through the roles page, given to the cards straight in the database.
async fn give_role(app: &TestApp, admin: &Session, number: &str, name: &str, to: &[MemberId]) {
    admin.get("/admin/roles").await.assert_ok();
    let page = admin.post("/admin/roles", &[("name", name)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let role: RoleId = roles::table
        .filter(roles::org_id.eq(app.org_id(number)))
        .filter(roles::name.eq(name))
        .select(roles::id)
        .first(&mut *app.conn())
        .unwrap();
    for member in to {
        diesel::insert_into(member_roles::table)
            .values((
                member_roles::member_id.eq(*member),
                member_roles::role_id.eq(role),
            ))
            .execute(&mut *app.conn())
            .unwrap();
    }
}

fn set_department(app: &TestApp, member: MemberId, department: DepartmentId) {
    diesel::update(members::table.find(member))
        .set(members::department_id.eq(department))
        .execute(&mut *app.conn())
        .unwrap();
}

fn exports_recorded(app: &TestApp, number: &str) -> Vec<String> {
    audit_events::table
        .filter(audit_events::org_id.eq(app.org_id(number)))
        .filter(audit_events::action.eq(AuditAction::UsersExported))
        .order(audit_events::id.asc())
        .select(audit_events::details)
        .load(&mut *app.conn())
        .unwrap()
}

async fn filters_apply_within_the_organisation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("E-1").admin("boss@e1.test").build().await;
    app.member(&admin)
        .named("Anna", "Petrova")
        .email("anna@e1.test")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    app.member(&admin)
        .named("Boris", "Abramov")
        .email("boris@e1.test")
        .customer()
        .create()
        .await;
    let clara = app
        .member(&admin)
        .named("Clara", "Zimina")
        .email("clara@e1.test")
        .create()
        .await;
    let sales = add_department(&app, &admin, "E-1", "Sales").await;
    set_department(&app, card(&clara), sales);

    // Another organisation's members, and its department.
    let other = app.org("E-2").admin("boss@e2.test").build().await;
    app.member(&other)
        .named("Olga", "Other")
        .email("olga@e2.test")
        .create()
        .await;
    let foreign = add_department(&app, &other, "E-2", "Sales").await;

    let all = download(&admin, "/admin/users/export.csv").await;
    assert_eq!(
        all.emails(),
        [
            "anna@e1.test",
            "boris@e1.test",
            "boss@e1.test",
            "clara@e1.test"
        ]
    );
    // In key order.
    let order: Vec<String> = all.rows().into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(order.first().map(String::as_str), Some("boss@e1.test"));

    let invited = download(&admin, "/admin/users/export.csv?status=invited").await;
    assert_eq!(invited.emails(), ["anna@e1.test"], "status");
    let customers = download(&admin, "/admin/users/export.csv?kind=customer").await;
    assert_eq!(customers.emails(), ["boris@e1.test"], "kind");
    let search = download(&admin, "/admin/users/export.csv?q=ZIMINA").await;
    assert_eq!(search.emails(), ["clara@e1.test"], "q");
    let department = download(
        &admin,
        &format!("/admin/users/export.csv?department={sales}"),
    )
    .await;
    assert_eq!(department.emails(), ["clara@e1.test"], "department");
    let both = download(
        &admin,
        "/admin/users/export.csv?status=not_invited&kind=employee",
    )
    .await;
    assert_eq!(both.emails(), ["clara@e1.test"], "filters combine");
    // `page` does not apply: every matching row.
    let paged = download(&admin, "/admin/users/export.csv?page=3&per_page=25").await;
    assert_eq!(paged.emails(), all.emails());
    // Another organisation's department selects nobody; its members never appear.
    let theirs = download(
        &admin,
        &format!("/admin/users/export.csv?department={foreign}"),
    )
    .await;
    assert!(theirs.rows().is_empty());
    assert!(!String::from_utf8_lossy(&all.body).contains("olga@e2.test"));
    let their_export = download(&other, "/admin/users/export.csv").await;
    assert_eq!(their_export.emails(), ["boss@e2.test", "olga@e2.test"]);

    // Each export is in the trail with its filter.
    let recorded = exports_recorded(&app, "E-1");
    assert_eq!(recorded.len(), 8, "{recorded:?}");
    assert_eq!(recorded[0], "");
    let export = |status, q: Option<&str>| {
        Details::Export {
            status,
            kind: None,
            department: None,
            q: q.map(str::to_owned),
        }
        .stored()
    };
    assert_eq!(recorded[1], export(Some(MemberStatus::Invited), None));
    assert_eq!(recorded[3], export(None, Some("ZIMINA")));
    assert_eq!(exports_recorded(&app, "E-2").len(), 1);

    // A member who is not an admin is refused like on the users page; a visitor is sent to
    // sign in.
    let member = app
        .member(&admin)
        .named("Mark", "Member")
        .email("mark@e1.test")
        .join("another-long-password-1")
        .await;
    let page = member.get("/admin/users").await.status;
    assert_ne!(page, 200);
    let refused = download(&member, "/admin/users/export.csv").await;
    assert_eq!(refused.status, page);
    assert!(!String::from_utf8_lossy(&refused.body).contains("anna@e1.test"));
    let visitor = app.session();
    let to_sign_in = download(&visitor, "/admin/users/export.csv").await;
    assert_eq!(to_sign_in.status, visitor.get("/admin/users").await.status);
    assert_eq!(to_sign_in.status, 303);
    assert_eq!(
        exports_recorded(&app, "E-1").len(),
        8,
        "refusals record nothing"
    );
}

async fn cells_roles_departments_and_headers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("E-3").admin("boss@e3.test").build().await;
    let id = crate::support::pages::create_user(
        &admin,
        &[
            ("first_name", "=HYPERLINK(\"x\")"),
            ("last_name", "Smith, Jr."),
            ("email", "formula@e3.test"),
            ("phone", "+7 916 123-45-67"),
            ("kind", MemberKind::Customer.as_str()),
            ("position", "@SUM(1)"),
        ],
    )
    .await;
    let plain = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .phone("+79161112233")
        .create()
        .await;
    let (formula, plain) = (card(&id), card(&plain));
    let sales = add_department(&app, &admin, "E-3", "Sales & Service").await;
    set_department(&app, formula, sales);
    give_role(&app, &admin, "E-3", "Zeta", &[formula]).await;
    give_role(&app, &admin, "E-3", "alpha", &[formula, plain]).await;

    let file = download(&admin, "/admin/users/export.csv?sort=name").await;
    assert_eq!(file.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = file.header("content-disposition").unwrap();
    let today = app.clock.now().date();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"users-E-3-{today}.csv\"")
    );
    assert_eq!(file.header("cache-control"), Some("no-store"));
    assert!(file.body.ends_with(b"\r\n"), "CRLF line ends");
    let text = String::from_utf8(file.body[BOM.len()..].to_vec()).unwrap();
    assert!(
        text.starts_with(&format!("{}\r\n", COLUMNS.join(","))),
        "{text}"
    );

    let rows = file.rows();
    let row = |email: &str| {
        rows.iter()
            .find(|r| r[0] == email || r[1] == email)
            .unwrap_or_else(|| panic!("{email} in {rows:?}"))
            .clone()
    };
    assert_eq!(
        row("formula@e3.test"),
        [
            "formula@e3.test",
            "'+79161234567",
            "'=HYPERLINK(\"x\")",
            "Smith, Jr.",
            MemberKind::Customer.as_str(),
            "Sales & Service",
            "'@SUM(1)",
            "alpha|Zeta",
        ]
    );
    let ivan = row("'+79161112233");
    assert_eq!(ivan[0], "", "no e-mail: an empty cell");
    assert_eq!(
        &ivan[2..],
        [
            "Ivan",
            "Petrov",
            MemberKind::Employee.as_str(),
            "",
            "",
            "alpha"
        ]
    );
    let boss = row("boss@e3.test");
    assert_eq!(boss[7], "", "no roles");

    // Read back as the import reads it, every cell is the stored value.
    let stored: (Option<String>, String, String) = members::table
        .find(formula)
        .select((members::phone, members::first_name, members::position))
        .first(&mut *app.conn())
        .unwrap();
    let back = row("formula@e3.test");
    assert_eq!(Some(unprotect(&back[1]).to_owned()), stored.0);
    assert_eq!(unprotect(&back[2]), stored.1);
    assert_eq!(unprotect(&back[6]), stored.2);

    // The users page links to the export of its current filters (not its order or page).
    let page = admin
        .get("/admin/users?kind=customer&q=smith&sort=name&page=1")
        .await;
    page.assert_ok();
    assert!(
        page.body
            .contains("href=\"/admin/users/export.csv?q=smith&#38;kind=customer\"")
            || page
                .body
                .contains("href=\"/admin/users/export.csv?q=smith&amp;kind=customer\""),
        "{}",
        page.body
    );
    assert!(page.body.contains(">Export CSV</a>"));
    let ru = admin.post("/lang", &[("lang", "ru"), ("back", "/")]).await;
    assert!(ru.status < 400);
    assert!(admin
        .get("/admin/users")
        .await
        .body
        .contains(">Экспорт в CSV</a>"));
}

async fn a_large_export_streams(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("E-4").admin("boss@e4.test").build().await;
    let org = app.org_id("E-4");
    let now = app.clock.now();
    {
        let mut conn = app.conn();
        use invitely::domain::contact::{EmailAddress, PersonName};
        invitely::db::write_tx(&mut conn, |c| {
            for i in 0..3_000 {
                let input = invitely::domain::members::MemberInput {
                    first_name: PersonName::parse("Bulk"),
                    last_name: PersonName::parse(&format!("N{i:04}")),
                    email: Some(EmailAddress::parse(&format!("bulk{i:04}@e4.test")).unwrap()),
                    kind: Some(MemberKind::Employee),
                    ..Default::default()
                };
                invitely::domain::members::insert(c, now, org, &input)?;
            }
            Ok::<_, invitely::domain::DomainError>(())
        })
        .unwrap();
    }

    let file = download(&admin, "/admin/users/export.csv").await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-length"), None, "not sized in advance");
    assert_eq!(file.header("transfer-encoding"), Some("chunked"));
    let emails = file.emails();
    assert_eq!(emails.len(), 3_001);
    let mut unique = emails.clone();
    unique.dedup();
    assert_eq!(unique.len(), 3_001, "no row twice across pieces");
    assert!(emails.contains(&"bulk0000@e4.test".to_owned()));
    assert!(emails.contains(&"bulk2999@e4.test".to_owned()));
    // Only one header row and one BOM, however many pieces.
    let text = String::from_utf8_lossy(&file.body);
    assert_eq!(text.matches(COLUMNS.join(",").as_str()).count(), 1);
    assert_eq!(text.matches('\u{feff}').count(), 1);
    // A filter over the pieces.
    let some = download(&admin, "/admin/users/export.csv?q=bulk1").await;
    assert_eq!(some.rows().len(), 1_000);
}

async fn head_answers_without_exporting(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("E-5").admin("boss@e5.test").build().await;
    let resp = admin
        .client
        .head(admin.url("/admin/users/export.csv?kind=customer"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let header = |n: &str| {
        resp.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert!(header("content-disposition")
        .unwrap()
        .starts_with("attachment; filename=\"users-E-5-"));
    assert!(resp.bytes().await.unwrap().is_empty());
    assert!(
        exports_recorded(&app, "E-5").is_empty(),
        "HEAD exports nothing"
    );

    let visitor = app.session();
    let visitor_head = visitor
        .client
        .head(visitor.url("/admin/users/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(visitor_head.status().as_u16(), 303, "HEAD is guarded too");
}

/// A card saved with "Send invitation" and its roles and department: the file gives them as
/// the card's page shows them (they travel with its invitation until it is accepted), so an
/// export imports back with them — not only once the card has been edited again.
async fn an_invited_cards_terms_are_exported(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("E-5").admin("boss@e5.test").build().await;
    let support = add_department(&app, &admin, "E-5", "Support").await;
    give_role(&app, &admin, "E-5", "Manager", &[]).await;
    let manager: RoleId = roles::table
        .filter(roles::name.eq("Manager"))
        .select(roles::id)
        .first(&mut *app.conn())
        .unwrap();
    let (role, department) = (manager.to_string(), support.to_string());
    crate::support::pages::create_user(
        &admin,
        &[
            ("first_name", "Терм"),
            ("email", "terms@e5.test"),
            ("kind", MemberKind::Employee.as_str()),
            ("role_id", &role),
            ("department_id", &department),
            ("send_invitation", "1"),
        ],
    )
    .await;
    let file = download(&admin, "/admin/users/export.csv?q=terms").await;
    let rows = file.rows();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let cells: Vec<String> = rows[0].iter().map(|c| unprotect(c).to_owned()).collect();
    assert_eq!(
        (cells[5].as_str(), cells[7].as_str()),
        ("Support", "Manager"),
        "{cells:?}"
    );
    app.run_jobs().await;
    assert_eq!(app.emails_to("terms@e5.test").len(), 1);
}

both_backends!(
    an_invited_cards_terms_are_exported,
    filters_apply_within_the_organisation,
    cells_roles_departments_and_headers,
    a_large_export_streams,
    head_answers_without_exporting
);
