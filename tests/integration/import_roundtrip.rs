//! A property: the users of one organisation exported to CSV and imported into another come out
//! the same — names with formula characters, apostrophes, quotes, commas and Cyrillic, phones
//! in E.164 (which start with `+`, so they leave with a `'` in front), kinds, departments,
//! positions and roles — and importing the same export again changes nothing.

use crate::both_backends;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::MemberKind;
use invitely::db::ids::{AccountId, DepartmentId, OrgId, RoleId};
use invitely::db::schema::{
    accounts, departments, import_rows, imports, member_roles, members, organisations, roles,
};
use invitely::db::DbConnection;
use invitely::domain::import::{self, read, Runner, Upload};
use invitely::domain::members::{self as cards_domain, Filter, MemberInput};
use invitely::domain::{contact, Actor};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

const DEPARTMENTS: [&str; 3] = ["Sales", "=Ops", "Отдел кадров"];
const ROLES: [&str; 3] = ["Manager", "+Admin", "Зритель"];

#[derive(Debug, Clone)]
struct Person {
    first: String,
    last: String,
    email: bool,
    phone: bool,
    customer: bool,
    department: Option<usize>,
    position: String,
    roles: Vec<usize>,
}

/// Text as people type it into names and positions, formula starts and CSV specials included.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-zА-Яа-яЁё0-9=+@'\"\\-,; ]{0,14}"
}

fn person() -> impl Strategy<Value = Person> {
    (
        (text(), text(), text()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        proptest::option::of(0..DEPARTMENTS.len()),
        proptest::collection::btree_set(0..ROLES.len(), 0..=ROLES.len()),
    )
        .prop_map(
            |((first, last, position), (email, phone, customer), department, roles)| Person {
                first,
                last,
                email,
                phone,
                customer,
                department,
                position,
                roles: roles.into_iter().collect(),
            },
        )
}

struct Org {
    id: OrgId,
    actor: Actor,
    departments: Vec<DepartmentId>,
    roles: Vec<RoleId>,
}

async fn org(app: &TestApp, number: &str) -> Org {
    let admin: Session = app.org(number).build().await;
    admin.get("/admin/departments").await;
    for d in DEPARTMENTS {
        assert_eq!(
            admin
                .post("/admin/departments", &[("name", d)])
                .await
                .status,
            303
        );
    }
    admin.get("/admin/roles").await;
    for r in ROLES {
        assert_eq!(admin.post("/admin/roles", &[("name", r)]).await.status, 303);
    }
    let conn = &mut app.conn();
    let id: OrgId = organisations::table
        .filter(organisations::customer_number.eq(number))
        .select(organisations::id)
        .first(conn)
        .unwrap();
    let account_id: AccountId = accounts::table
        .filter(accounts::email.eq(format!("admin@{}.test", number.to_lowercase())))
        .select(accounts::id)
        .first(conn)
        .unwrap();
    let deps: Vec<(DepartmentId, String)> = departments::table
        .filter(departments::org_id.eq(id))
        .select((departments::id, departments::name))
        .load(conn)
        .unwrap();
    let rs: Vec<(RoleId, String)> = roles::table
        .filter(roles::org_id.eq(id))
        .select((roles::id, roles::name))
        .load(conn)
        .unwrap();
    fn by_name<T: Copy>(names: &[&str], ids: &[(T, String)]) -> Vec<T> {
        names
            .iter()
            .map(|n| ids.iter().find(|(_, name)| name == n).unwrap().0)
            .collect()
    }
    Org {
        id,
        actor: Actor {
            account_id,
            request_id: "roundtrip".into(),
        },
        departments: by_name(&DEPARTMENTS, &deps),
        roles: by_name(&ROLES, &rs),
    }
}

type Card = (
    Option<String>,
    Option<String>,
    String,
    String,
    MemberKind,
    Option<String>,
    String,
    Vec<String>,
);

/// Every non-admin card of the organisation, as the export shows it, in a stable order.
fn cards(conn: &mut DbConnection, org: OrgId) -> Vec<Card> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = cards_domain::export_page(conn, org, &Filter::default(), after, 500).unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        out.extend(
            page.into_iter()
                .filter(|r| !r.email.as_deref().unwrap_or("").starts_with("admin@"))
                .map(|r| {
                    let mut roles = r.roles;
                    roles.sort();
                    (
                        r.email,
                        r.phone,
                        r.first_name,
                        r.last_name,
                        r.kind,
                        r.department,
                        r.position,
                        roles,
                    )
                }),
        );
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

/// The whole export of an organisation, as the route streams it.
fn export_csv(conn: &mut DbConnection, org: OrgId) -> Vec<u8> {
    let mut out = Vec::new();
    let mut after = None;
    let mut first = true;
    loop {
        let page = cards_domain::export_page(conn, org, &Filter::default(), after, 7).unwrap();
        if page.is_empty() && !first {
            break;
        }
        out.extend(cards_domain::csv_chunk(&page, first).unwrap());
        first = false;
        match page.last() {
            Some(last) => after = Some(last.id),
            None => break,
        }
    }
    out
}

/// Imports `csv` into `org` the way the command line does; returns the review's counts.
fn import_into(conn: &mut DbConnection, org: &Org, csv: &[u8]) -> import::OutcomeCounts {
    let organisation = invitely::domain::orgs::get(conn, org.id).unwrap().unwrap();
    let parsed = read::read(csv, &invitely::config::Config::for_tests().import_limits()).unwrap();
    let upload = Upload {
        file_name: "export.csv".into(),
        send_invitation: false,
        default_kind: MemberKind::Employee,
    };
    let now = time::OffsetDateTime::now_utc();
    let now = time::PrimitiveDateTime::new(now.date(), now.time());
    let id = import::stage(conn, now, &org.actor, &organisation, &upload, &parsed.rows).unwrap();
    let review = import::review::counts(conn, id, false).unwrap();
    import::commit(
        conn,
        now,
        &org.actor,
        &organisation,
        id,
        false,
        Runner::Inline,
    )
    .unwrap();
    while !import::run_chunk(conn, now, id, Runner::Inline)
        .unwrap()
        .finished
    {}
    review
}

fn reset(conn: &mut DbConnection, orgs: &[OrgId]) {
    diesel::delete(import_rows::table).execute(conn).unwrap();
    diesel::delete(imports::table).execute(conn).unwrap();
    diesel::delete(
        members::table
            .filter(members::org_id.eq_any(orgs))
            .filter(members::is_admin.eq(false)),
    )
    .execute(conn)
    .unwrap();
}

async fn export_then_import_reproduces_the_members(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = org(&app, "RT-A").await;
    let b = org(&app, "RT-B").await;
    // The runner takes a `Fn`: the connection is borrowed anew in each case.
    let pooled = std::cell::RefCell::new(app.conn());
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&proptest::collection::vec(person(), 1..12), |people| {
        let mut guard = pooled.borrow_mut();
        let conn: &mut DbConnection = &mut guard;
        reset(conn, &[a.id, b.id]);
        let now = time::OffsetDateTime::now_utc();
        let now = time::PrimitiveDateTime::new(now.date(), now.time());
        for (i, p) in people.iter().enumerate() {
            let mut first = contact::PersonName::parse(&p.first);
            let last = contact::PersonName::parse(&p.last);
            if first.is_none() && last.is_none() {
                first = contact::PersonName::parse(&format!("N{i}"));
            }
            let input = MemberInput {
                first_name: first,
                last_name: last,
                email: (p.email || !p.phone)
                    .then(|| contact::EmailAddress::parse(&format!("p{i}@example.test")).unwrap()),
                phone: p.phone.then(|| {
                    contact::PhoneRules::INTERNATIONAL
                        .parse(&format!("+7916{:07}", 1_000_000 + i))
                        .unwrap()
                }),
                kind: Some(if p.customer {
                    MemberKind::Customer
                } else {
                    MemberKind::Employee
                }),
                department_id: p.department.map(|d| a.departments[d]),
                position: contact::clean_text(&p.position),
            };
            let id = cards_domain::insert(conn, now, a.id, &input).unwrap();
            for r in &p.roles {
                diesel::insert_into(member_roles::table)
                    .values((
                        member_roles::member_id.eq(id),
                        member_roles::role_id.eq(a.roles[*r]),
                    ))
                    .execute(conn)
                    .unwrap();
            }
        }
        let csv = export_csv(conn, a.id);
        let review = import_into(conn, &b, &csv);
        // Everyone of A arrives, A's admin included (as a plain card of B).
        prop_assert_eq!(
            review.new,
            people.len() as i64 + 1,
            "{}",
            String::from_utf8_lossy(&csv)
        );
        prop_assert_eq!(review.error, 0);
        prop_assert_eq!(cards(conn, b.id), cards(conn, a.id));
        // The same export again: nothing new, nothing changed.
        let again = import_into(conn, &b, &csv);
        prop_assert_eq!(again.unchanged, people.len() as i64 + 1);
        prop_assert_eq!(cards(conn, b.id), cards(conn, a.id));
        Ok::<(), TestCaseError>(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

both_backends!(export_then_import_reproduces_the_members);
