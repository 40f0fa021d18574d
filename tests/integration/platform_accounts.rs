//! The operator's accounts (docs/SECURITY.md A6, D2): `/platform/accounts` finds an account by
//! the beginning of its e-mail address or phone number; its page says what disabling does, and
//! `POST …/disable` does it in one go — no more sign-in, every session ended at once, the open
//! invitations it sent withdrawn (their links dead), the trail told — while `…/enable` lets it
//! sign in again. An operator cannot disable their own account; only operators see any of it.

use crate::both_backends;
use crate::platform_org_admins::statuses;
use crate::support::app::PASSWORD;
use crate::support::pages::flashes;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::ids::AccountId;
use invitely::db::schema::{accounts, audit_events, sessions};

fn account_id(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

fn platform_audit(app: &TestApp, action: &str) -> Vec<(String, String)> {
    audit_events::table
        .filter(audit_events::org_id.is_null())
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
            "action = '{action}'"
        )))
        .select((audit_events::subject, audit_events::details))
        .load(&mut *app.conn())
        .unwrap()
}

async fn the_operator_disables_and_enables_an_account(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PA-1").admin("boss@pa1.test").build().await;
    app.org("PA-2").admin("other@pa2.test").build().await;
    app.member(&admin)
        .email("guest@pa1.test")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let link = app.invitation_link("guest@pa1.test");
    let boss = account_id(&app, "boss@pa1.test");

    // Only operators.
    assert_eq!(admin.get("/platform/accounts").await.status, 403);
    assert_eq!(
        admin
            .get(&format!("/platform/accounts/{boss}"))
            .await
            .status,
        403
    );

    let op = app.login("operator@invitely.test", PASSWORD).await;
    let all = op.get("/platform/accounts").await;
    all.assert_ok();
    for email in [
        "boss@<wbr>pa1.<wbr>test",
        "other@<wbr>pa2.<wbr>test",
        "operator@<wbr>invitely.<wbr>test",
    ] {
        assert!(all.body.contains(email), "{email}: {}", all.body);
    }
    let found = op.get("/platform/accounts?q=BOSS@pa").await;
    assert!(
        found.body.contains("boss@<wbr>pa1.<wbr>test"),
        "{}",
        found.body
    );
    assert!(
        !found.body.contains("other@<wbr>pa2.<wbr>test"),
        "{}",
        found.body
    );
    let none = op.get("/platform/accounts?q=nobody").await;
    assert!(
        none.body
            .contains("No account&#39;s e-mail address or phone number begins with that."),
        "{}",
        none.body
    );

    // The page says what disabling does, with the open invitation it withdraws.
    let page = format!("/platform/accounts/{boss}");
    let shown = op.get(&page).await;
    shown.assert_ok();
    assert!(shown.body.contains("Org PA-1"), "{}", shown.body);
    assert!(
        shown
            .body
            .contains("The invitation they sent that is still open will be withdrawn."),
        "{}",
        shown.body
    );
    admin.get("/admin/users").await.assert_ok();

    let done = op.post(&format!("{page}/disable"), &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let after = op.get(done.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&after.body),
        ["New Member is disabled and signed out everywhere. 1 open invitation withdrawn."],
        "{}",
        after.body
    );
    assert!(after.body.contains("Enable account"), "{}", after.body);
    // Signed out at once (every session row gone, not only refused on its next request), and
    // no way back in; the invitation withdrawn, its link dead.
    let rows: i64 = sessions::table
        .filter(sessions::account_id.eq(boss))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(rows, 0, "the account's sessions are deleted");
    assert_eq!(admin.get("/admin/users").await.status, 303, "signed out");
    let again = app.session();
    again.get("/login").await.assert_ok();
    let refused = again
        .post(
            "/login",
            &[("email", "boss@pa1.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(statuses(&app, "guest@pa1.test"), ["revoked"]);
    assert_eq!(
        app.session().get(&link).await.status,
        410,
        "the link is dead"
    );
    assert_eq!(
        platform_audit(&app, "account.disabled"),
        [(
            format!("account:{boss}"),
            r#"{"what":"revoked","count":1}"#.to_owned()
        )]
    );
    // Disabled twice: nothing changes, and it says so.
    let twice = op.post(&format!("{page}/disable"), &[]).await;
    let twice = op.get(twice.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&twice.body),
        ["Nothing changed: the account is already disabled."]
    );
    assert_eq!(platform_audit(&app, "account.disabled").len(), 1);

    // Enabled: signs in again.
    let enabled = op.post(&format!("{page}/enable"), &[]).await;
    assert_eq!(enabled.status, 303, "{}", enabled.body);
    let shown = op.get(enabled.location.as_deref().unwrap()).await;
    assert_eq!(flashes(&shown.body), ["New Member is enabled again."]);
    assert_eq!(platform_audit(&app, "account.enabled").len(), 1);
    app.login("boss@pa1.test", PASSWORD)
        .await
        .get("/admin/users")
        .await
        .assert_ok();

    // The operator's own account: no button, and a post changes nothing.
    let me = account_id(&app, "operator@invitely.test");
    let own = op.get(&format!("/platform/accounts/{me}")).await;
    assert!(
        own.body
            .contains("This is your own account: only another operator can disable it."),
        "{}",
        own.body
    );
    assert!(!own.body.contains("/disable\""), "{}", own.body);
    let refused = op
        .post(&format!("/platform/accounts/{me}/disable"), &[])
        .await;
    assert_eq!(refused.status, 303);
    let told = op.get(refused.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&told.body),
        ["This is your own account: only another operator can disable it."]
    );
    assert_eq!(
        platform_audit(&app, "account.disabled").len(),
        1,
        "nothing more"
    );
    op.get("/platform/accounts").await.assert_ok();
    // An account that does not exist.
    assert_eq!(op.get("/platform/accounts/999999").await.status, 404);
}

both_backends!(the_operator_disables_and_enables_an_account);
