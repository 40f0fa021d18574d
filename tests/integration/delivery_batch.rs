//! The worker reads the invitations of a batch together (issue 10 P2): a few statements for the
//! whole batch instead of seven per message. Every message of a batch must still carry its own
//! organisation, inviter, roles, language, account state and link.

use crate::both_backends;
use crate::support::{mime, Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{members, roles};

/// Creates a role through the roles page; returns its id.
async fn role(app: &TestApp, admin: &Session, name: &str) -> String {
    admin.get("/admin/roles").await.assert_ok();
    let page = admin.post("/admin/roles", &[("name", name)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    roles::table
        .filter(roles::name.eq(name))
        .select(roles::id)
        .first::<invitely::db::ids::RoleId>(&mut *app.conn())
        .unwrap()
        .to_string()
}

/// Queues an invitation to `address` through the invite form.
async fn invite(admin: &Session, address: &str, role_id: &str, locale: &str) {
    admin.get("/admin/invite").await.assert_ok();
    let mut fields = vec![
        ("recipients", address),
        ("first_name", "Batch"),
        ("last_name", "Member"),
    ];
    for _ in 1..5 {
        fields.extend([("recipients", ""), ("first_name", ""), ("last_name", "")]);
    }
    fields.push(("recipients", ""));
    if !role_id.is_empty() {
        fields.push(("role_id", role_id));
    }
    fields.extend([
        ("department_id", ""),
        ("message", ""),
        ("locale", locale),
        ("action", "send"),
    ]);
    let page = admin.post("/admin/invite", &fields).await;
    page.assert_ok();
    assert!(page.body.contains("queued"), "{}", page.body);
}

/// The plain-text part of the last message to `address`.
fn last_text(app: &TestApp, address: &str) -> String {
    let mail = app
        .emails_to(address)
        .pop()
        .unwrap_or_else(|| panic!("no message to {address}"));
    mime::part(&mail.data, "text/plain").unwrap()
}

async fn one_batch_keeps_every_message_its_own(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let first = app.org("BA-1").admin("boss@ba1.test").build().await;
    let second = app.org("BA-2").admin("boss@ba2.test").build().await;
    let dispatcher = role(&app, &first, "Dispatcher").await;
    let courier = role(&app, &second, "Courier").await;
    invite(&first, "anna@batch.test", &dispatcher, "en").await;
    // The second organisation's admin already has an account: asked to sign in, not to set a
    // password, in their account's language whatever the form chose.
    invite(&first, "boss@ba2.test", "", "ru").await;
    invite(&second, "olga@batch.test", &courier, "ru").await;

    // The inviters' cards carry names that tell them apart.
    for (address, name) in [("boss@ba1.test", "Alpha"), ("boss@ba2.test", "Beta")] {
        diesel::update(members::table.filter(members::email.eq(address)))
            .set((members::first_name.eq(name), members::last_name.eq("Boss")))
            .execute(&mut *app.conn())
            .unwrap();
    }

    assert_eq!(app.run_jobs().await, 3, "three invitations, one batch");

    let anna = last_text(&app, "anna@batch.test");
    assert!(
        anna.contains("Alpha Boss invites you to join Org BA-1"),
        "{anna}"
    );
    assert!(anna.contains("Roles offered: Dispatcher"), "{anna}");
    assert!(
        anna.contains("open this link and set your password"),
        "{anna}"
    );
    assert!(
        !anna.contains("Courier") && !anna.contains("BA-2") && !anna.contains("Beta"),
        "{anna}"
    );

    let boss = last_text(&app, "boss@ba2.test");
    assert!(
        boss.contains("Alpha Boss invites you to join Org BA-1"),
        "{boss}"
    );
    assert!(
        boss.contains("This address already has an account"),
        "{boss}"
    );
    assert!(!boss.contains("Roles offered"), "{boss}");

    let olga = last_text(&app, "olga@batch.test");
    assert!(olga.contains("Предлагаемые роли: Courier"), "{olga}");
    assert!(
        olga.contains("Org BA-2") && olga.contains("Beta Boss"),
        "{olga}"
    );
    assert!(olga.contains("задайте пароль"), "{olga}");
    assert!(
        !olga.contains("Dispatcher") && !olga.contains("BA-1") && !olga.contains("Alpha"),
        "{olga}"
    );

    // Each link is its own and works.
    let links: Vec<String> = ["anna@batch.test", "boss@ba2.test", "olga@batch.test"]
        .iter()
        .map(|a| app.invitation_link(a))
        .collect();
    assert!(links[0] != links[1] && links[1] != links[2] && links[0] != links[2]);
    for link in &links {
        app.session().get(link).await.assert_ok();
    }
}

both_backends!(one_batch_keeps_every_message_its_own);
