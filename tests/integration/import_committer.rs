//! An import is committed in the name of the admin who commits it, not the one who uploaded
//! it: its invitations are theirs (counted against their daily limit, docs/SECURITY.md B9) and
//! the audit trail names them, departments created on commit included (H1).

use crate::both_backends;
use crate::import::{commit, upload};
use crate::support::app::PASSWORD;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::AccountId;
use invitely::db::schema::{accounts, audit_events, invitations, members};

fn account_of(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// Who did `action`, as the audit trail says.
fn actors_of(app: &TestApp, action: &str) -> Vec<Option<AccountId>> {
    audit_events::table
        .filter(audit_events::action.eq(action))
        .select(audit_events::actor_account_id)
        .load(&mut *app.conn())
        .unwrap()
}

async fn the_committing_admin_invites(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let uploader = app.org("IMP-20").admin("up@imp20.test").build().await;
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
    let csv = "email,phone,first_name,last_name,kind,department,position,roles\n\
               kim@imp20.test,,Kim,Lee,,Logistics,,\n";
    let review = upload(&uploader, csv.as_bytes(), true).await;
    commit(&app, &committer, &review, &[("create_departments", "1")]).await;

    let second = account_of(&app, "second@imp20.test");
    let inviter: Option<AccountId> = invitations::table
        .filter(invitations::recipient.eq("kim@imp20.test"))
        .select(invitations::inviter_account_id)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(inviter, Some(second), "sent in the committer's name");
    let by_second = actors_of(&app, "invitation.created")
        .into_iter()
        .filter(|a| *a == Some(second))
        .count();
    assert_eq!(by_second, 1, "the invitation audited as the committer's");
    assert_eq!(actors_of(&app, "department.created"), [Some(second)]);
    assert_eq!(app.emails_to("kim@imp20.test").len(), 1);
}
both_backends!(the_committing_admin_invites);
