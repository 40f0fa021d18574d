//! What the audit trail says of role and department changes (docs/PRODUCT.md §2.15): a
//! member's roles by their names as they were at the change, and a rename that changes nothing
//! is no event.

use crate::both_backends;
use crate::roles::{create_department, create_role, save_card};
use crate::support::pages::flashes;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::AuditAction;
use invitely::db::schema::audit_events;
use invitely::domain::audit::Details;

/// The details of the organisation's events of `action`, oldest first.
fn details(app: &TestApp, org: &str, action: AuditAction) -> Vec<Details> {
    let stored: Vec<String> = audit_events::table
        .filter(audit_events::org_id.eq(app.org_id(org)))
        .filter(audit_events::action.eq(action))
        .order(audit_events::id.asc())
        .select(audit_events::details)
        .load(&mut *app.conn())
        .unwrap();
    stored.iter().map(|d| Details::parse(d)).collect()
}

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

async fn member_roles_changed_names_the_roles(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AD-1").build().await;
    let viewer = create_role(&admin, "Viewer").await;
    let manager = create_role(&admin, "Manager").await;
    let card = app.member(&admin).email("ivan@ad1.test").create().await;

    assert_eq!(
        save_card(&admin, &card, &[&viewer, &manager], "").await,
        303
    );
    assert_eq!(save_card(&admin, &card, &[&viewer], "").await, 303);
    // Renamed afterwards: the trail keeps the name the role had at the change.
    let renamed = admin
        .post(
            &format!("/admin/roles/{manager}"),
            &[("name", "Supervisor")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    assert_eq!(save_card(&admin, &card, &[], "").await, 303);

    let roles = |before: &[&str], after: &[&str]| Details::Roles {
        before: names(before),
        after: names(after),
    };
    assert_eq!(
        details(&app, "AD-1", AuditAction::MemberRolesChanged),
        [
            roles(&[], &["Manager", "Viewer"]),
            roles(&["Manager", "Viewer"], &["Viewer"]),
            roles(&["Viewer"], &[]),
        ]
    );
    let page = admin.get("/admin/audit?action=member.roles_changed").await;
    page.assert_ok();
    assert!(
        page.body.contains(
            "<td class=\"details\" data-label=\"Details\">Roles: none → Manager, Viewer</td>"
        ),
        "{}",
        page.body
    );
}

/// Posts `name` as the new name of `path` (a role or a department): a success either way.
async fn rename(admin: &Session, path: &str, name: &str) {
    let page = admin.post(path, &[("name", name)]).await;
    assert_eq!(page.status, 303, "{path} → {name}: {}", page.body);
    let list = admin.get(page.location.as_deref().unwrap()).await;
    assert!(
        flashes(&list.body).iter().any(|f| f.contains("now called")),
        "{:?}",
        flashes(&list.body)
    );
}

async fn a_rename_that_changes_nothing_is_not_audited(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AD-2").build().await;
    let role = format!("/admin/roles/{}", create_role(&admin, "Manager").await);
    let dep = format!(
        "/admin/departments/{}",
        create_department(&admin, "Sales").await
    );
    for (path, same, action) in [
        (&role, "Manager", AuditAction::RoleRenamed),
        (&dep, "Sales", AuditAction::DepartmentRenamed),
    ] {
        // The same name, also as typed with spaces around it: saved, nothing recorded.
        rename(&admin, path, same).await;
        rename(&admin, path, &format!("  {same} ")).await;
        let recorded = details(&app, "AD-2", action);
        assert!(recorded.is_empty(), "{path}: {recorded:?}");
        // Another case is another name.
        rename(&admin, path, &same.to_uppercase()).await;
        assert_eq!(
            details(&app, "AD-2", action),
            [Details::Renamed {
                from: same.to_owned(),
                to: same.to_uppercase()
            }],
            "{path}"
        );
    }
}

/// The trail keeps details as data and says them in the page's language; a role's or a
/// department's events name it as it is now (nothing once deleted: the details keep its name);
/// text stored before details were data is shown as it was.
async fn details_read_in_the_pages_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AD-3").build().await;
    let role = create_role(&admin, "Manager").await;
    create_department(&admin, "Sales").await;
    let card = app.member(&admin).email("ivan@ad3.test").create().await;
    assert_eq!(save_card(&admin, &card, &[&role], "").await, 303);
    let renamed = admin
        .post(&format!("/admin/roles/{role}"), &[("name", "Lead")])
        .await;
    assert_eq!(renamed.status, 303);
    {
        use invitely::domain::audit::{self, Event, Subject};
        let mut conn = app.conn();
        audit::record(
            &mut conn,
            app.clock.now(),
            Event {
                org_id: Some(app.org_id("AD-3")),
                actor_account_id: None,
                action: AuditAction::ImportCommitted,
                subject: Subject::None,
                details: Details::Legacy("import 3: 10 rows from \"a.csv\"".into()),
                request_id: "t",
            },
        )
        .unwrap();
    }
    // The details cell (labelled for narrow screens: `data-label`) holding exactly `text`.
    let cell = |body: &str, text: &str| {
        let wanted = format!(
            r#"<td class="details" data-label="[^"]*">{}</td>"#,
            regex::escape(text)
        );
        assert!(
            regex::Regex::new(&wanted).unwrap().is_match(body),
            "{wanted} in {body}"
        );
    };

    let en = admin.get("/admin/audit").await;
    en.assert_ok();
    cell(&en.body, "Roles: none → Manager");
    cell(&en.body, "&#34;Manager&#34; → &#34;Lead&#34;");
    cell(&en.body, "import 3: 10 rows from &#34;a.csv&#34;");
    // The role's and the department's events are about them by name.
    assert!(
        en.body.contains("data-label=\"About\">Lead</td>"),
        "{}",
        en.body
    );
    assert!(
        en.body.contains("data-label=\"About\">Sales</td>"),
        "{}",
        en.body
    );

    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/audit")])
        .await;
    assert_eq!(switched.status, 303);
    let ru = admin.get("/admin/audit").await;
    ru.assert_ok();
    cell(&ru.body, "Роли: нет → Manager");
    cell(&ru.body, "«Manager» → «Lead»");
    cell(&ru.body, "import 3: 10 rows from &#34;a.csv&#34;");

    let deleted = admin
        .post(&format!("/admin/roles/{role}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303);
    let after = admin.get("/admin/audit?action=role.deleted").await;
    after.assert_ok();
    // Ivan's card holds it, but he is not a member (never invited): no member lost it.
    cell(&after.body, "Lead (участников: 0, открытых приглашений: 0)");
    assert!(
        !after.body.contains("data-label=\"О ком\">Lead</td>"),
        "{}",
        after.body
    );
}

both_backends!(
    member_roles_changed_names_the_roles,
    a_rename_that_changes_nothing_is_not_audited,
    details_read_in_the_pages_language
);
