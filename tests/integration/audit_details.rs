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

/// The details of the organisation's events of `action`, oldest first.
fn details(app: &TestApp, org: &str, action: AuditAction) -> Vec<String> {
    audit_events::table
        .filter(audit_events::org_id.eq(app.org_id(org)))
        .filter(audit_events::action.eq(action))
        .order(audit_events::id.asc())
        .select(audit_events::details)
        .load(&mut *app.conn())
        .unwrap()
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

    assert_eq!(
        details(&app, "AD-1", AuditAction::MemberRolesChanged),
        [
            "roles: none → Manager, Viewer",
            "roles: Manager, Viewer → Viewer",
            "roles: Viewer → none",
        ]
    );
    let page = admin.get("/admin/audit?action=member.roles_changed").await;
    page.assert_ok();
    assert!(
        page.body
            .contains("<td class=\"details\">roles: none → Manager, Viewer</td>"),
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
            [format!("{same} → {}", same.to_uppercase())],
            "{path}"
        );
    }
}

both_backends!(
    member_roles_changed_names_the_roles,
    a_rename_that_changes_nothing_is_not_audited
);
