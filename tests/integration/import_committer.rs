//! An import is committed in the name of the admin who commits it, not the one who uploaded
//! it: its invitations are theirs (counted against their daily limit, docs/SECURITY.md B9) and
//! the audit trail names them, departments created on commit included (H1).

use crate::both_backends;
use crate::import::{commit, upload};
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::AuditAction;
use invitely::db::ids::AccountId;
use invitely::db::schema::{accounts, audit_events, invitations, members};
use invitely::domain::Actor;

fn account_of(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// Who did `action`, as the audit trail says.
fn actors_of(app: &TestApp, action: AuditAction) -> Vec<Option<AccountId>> {
    audit_events::table
        .filter(audit_events::action.eq(action.as_str()))
        .select(audit_events::actor_account_id)
        .load(&mut *app.conn())
        .unwrap()
}

/// How many invitations `account` may still send in the organisation today, as the daily
/// limit reads it (`domain::invitations::allowance`).
fn daily_left(app: &TestApp, number: &str, account: AccountId) -> i64 {
    let org = invitely::domain::orgs::get(&mut app.conn(), app.org_id(number))
        .unwrap()
        .unwrap();
    let actor = Actor {
        account_id: account,
        request_id: "test".into(),
    };
    invitely::domain::invitations::allowance(&mut app.conn(), app.clock.now(), &actor, &org)
        .unwrap()
        .daily_left
}

/// The uploader has spent the day's invitations by the time another admin commits: charged to
/// the uploader, the rows would be refused at the daily limit; charged to the committer, who
/// has room, they are invited and the committer's allowance goes down by as many.
async fn the_committing_admin_invites(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Three invitations a day per inviter.
    let uploader = app
        .org("IMP-20")
        .admin("up@imp20.test")
        .daily(3)
        .build()
        .await;
    let committer = app
        .member(&uploader)
        .named("Second", "Admin")
        .email("second@imp20.test")
        .join(PASSWORD)
        .await;
    diesel::update(members::table.filter(members::email.eq("second@imp20.test")))
        .set(members::is_admin.eq(true))
        .execute(&mut *app.conn())
        .unwrap();
    let (up, second) = (
        account_of(&app, "up@imp20.test"),
        account_of(&app, "second@imp20.test"),
    );
    // Uploaded while the uploader has room for both rows (the review refuses none).
    assert_eq!(
        daily_left(&app, "IMP-20", up),
        2,
        "the second admin's invitation"
    );
    let csv = "email,phone,first_name,last_name,kind,department,position,roles\n\
               kim@imp20.test,,Kim,Lee,,Logistics,,\n\
               max@imp20.test,,Max,Lee,,Logistics,,\n";
    let review = upload(&uploader, csv.as_bytes(), true).await;
    // Then the uploader spends the rest of the day.
    for email in ["one@imp20.test", "two@imp20.test"] {
        app.member(&uploader).email(email).invite().await;
    }
    assert_eq!(
        daily_left(&app, "IMP-20", up),
        0,
        "the uploader has no room left"
    );
    assert_eq!(daily_left(&app, "IMP-20", second), 3, "the committer has");

    commit(&app, &committer, &review, &[("create_departments", "1")]).await;

    for email in ["kim@imp20.test", "max@imp20.test"] {
        let inviter: Option<AccountId> = invitations::table
            .filter(invitations::recipient.eq(email))
            .select(invitations::inviter_account_id)
            .first(&mut *app.conn())
            .optional()
            .unwrap()
            .unwrap_or_else(|| panic!("{email} was not invited (charged to the uploader?)"));
        assert_eq!(inviter, Some(second), "sent in the committer's name");
        assert_eq!(app.emails_to(email).len(), 1, "{email}");
    }
    assert_eq!(
        daily_left(&app, "IMP-20", second),
        1,
        "the two invitations are counted against the committer"
    );
    assert_eq!(
        daily_left(&app, "IMP-20", up),
        0,
        "and not against the uploader"
    );
    let by_second = actors_of(&app, AuditAction::InvitationCreated)
        .into_iter()
        .filter(|a| *a == Some(second))
        .count();
    assert_eq!(by_second, 2, "the invitations audited as the committer's");
    assert_eq!(
        actors_of(&app, AuditAction::DepartmentCreated),
        [Some(second)]
    );
}
both_backends!(the_committing_admin_invites);
