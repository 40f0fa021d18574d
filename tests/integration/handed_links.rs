//! Links handed to the inviter ("Open in my mail app") prove nothing of who reads the address's
//! mail: whoever held one could set the password of an address with no account and enrol
//! two-factor sign-in on it, and the owner's reset by e-mail would then meet that second
//! factor. Such an account cannot enrol until a link sent to the address proves it (a password
//! reset by e-mail); that reset also turns off any enrolment found all the same. Once proved,
//! a reset leaves two-factor sign-in alone; an enrolment under way when the password changed is
//! refused.

use crate::account::{account_id, audit_count, mails_with_id, NEW_PASSWORD};
use crate::both_backends;
use crate::invite_form::fields;
use crate::password_reset::{ask, mailed_link, set_password};
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use crate::two_factor::enrol;
use diesel::prelude::*;
use invitely::db::schema::{accounts, members, two_factor};
use invitely::domain::two_factor::store::{self, Enabled};

fn unproven(app: &TestApp, email: &str) -> bool {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::email_unproven)
        .first(&mut *app.conn())
        .unwrap()
}

fn set_unproven(app: &TestApp, email: &str, value: bool) {
    diesel::update(accounts::table.filter(accounts::email.eq(email)))
        .set(accounts::email_unproven.eq(value))
        .execute(&mut *app.conn())
        .unwrap();
}

fn enrolled(app: &TestApp, email: &str) -> bool {
    let id = account_id(app, email);
    two_factor::table
        .find(id)
        .count()
        .get_result::<i64>(&mut *app.conn())
        .unwrap()
        == 1
}

/// Whether the password alone signs `email` in (no second step asked for).
async fn password_alone_signs_in(app: &TestApp, email: &str, password: &str) -> bool {
    let s = app.session();
    s.get("/login").await.assert_ok();
    let p = s
        .post("/login", &[("email", email), ("password", password)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    p.location.as_deref() != Some("/login/two-factor")
}

/// The personal link "Open in my mail app" hands the admin for `address`.
async fn handed_link(admin: &Session, address: &str) -> String {
    admin.get("/admin/invite").await.assert_ok();
    let page = admin
        .post(
            "/admin/invite",
            &fields(&[(address, "Handed", "Over")], "", &[("action", "mailapp")]),
        )
        .await;
    page.assert_ok();
    let doc = scraper::Html::parse_document(&page.body);
    let code = scraper::Selector::parse("code.personal-link").unwrap();
    let link = doc.select(&code).next().expect(&page.body);
    link.text().collect()
}

/// Sets a new password through the newest reset link mailed to `email`; where it leads.
async fn reset_by_mail(app: &TestApp, email: &str, password: &str) -> String {
    ask(app, email).await.assert_ok();
    app.run_jobs().await;
    let link = mailed_link(app, email);
    let s = app.session();
    s.get(&link).await.assert_ok();
    let done = set_password(&s, &link, password).await;
    assert_eq!(done.status, 303, "{}", done.body);
    done.location.unwrap()
}

async fn a_handed_link_cannot_keep_the_account_from_its_owner(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-1").admin("boss@h1.test").build().await;
    assert!(!unproven(&app, "boss@h1.test"), "a link sent by the server");

    // Whoever holds the link makes the account, and cannot enrol a second factor on it.
    let link = handed_link(&admin, "alice@h1.test").await;
    let holder = app.accept(&link, PASSWORD).await;
    assert!(unproven(&app, "alice@h1.test"));
    let page = holder.get("/account/two-factor").await;
    page.assert_ok();
    assert!(
        page.body.contains("Send the link to alice@h1.test"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"secret\""), "{}", page.body);
    let tried = holder
        .post("/account/two-factor", &[("code", "123456")])
        .await;
    assert_eq!(tried.location.as_deref(), Some("/account/two-factor"));
    assert!(!enrolled(&app, "alice@h1.test"));
    let uid = account_id(&app, "alice@h1.test");
    let read = invitely::domain::accounts::get(&mut app.conn(), uid)
        .unwrap()
        .unwrap();
    let refused = store::enable(&mut app.conn(), app.clock.now(), &read, "x", 1, &[], "t");
    assert_eq!(refused.unwrap(), Enabled::Unproven);

    // Were one made all the same (before this rule, or in a race), the owner's reset by
    // e-mail proves the address and ends it, and the holder's sessions, and says why.
    set_unproven(&app, "alice@h1.test", false);
    enrol(&app, &holder).await;
    set_unproven(&app, "alice@h1.test", true);
    assert!(!password_alone_signs_in(&app, "alice@h1.test", PASSWORD).await);
    let to = reset_by_mail(&app, "alice@h1.test", NEW_PASSWORD).await;
    assert!(
        password_alone_signs_in(&app, "alice@h1.test", NEW_PASSWORD).await,
        "the holder's second factor outlived the owner's reset"
    );
    assert_eq!(to, "/login?reset=proved");
    let login = app.session().get(&to).await;
    assert!(
        login
            .body
            .contains("Two-factor sign-in, set up on this account before, was turned off"),
        "{}",
        login.body
    );
    assert!(!unproven(&app, "alice@h1.test"));
    assert!(!enrolled(&app, "alice@h1.test"));
    assert_eq!(
        holder.get("/").await.status,
        303,
        "the holder is signed out"
    );
    assert_eq!(
        audit_count(&app, "two_factor.disabled", &format!("account:{uid}")),
        1
    );
    app.run_jobs().await;
    assert_eq!(
        mails_with_id(&app, "alice@h1.test", "<two-factor-off-").len(),
        1
    );

    // Proved now: the owner's own second factor outlives the next reset.
    let me = app.login("alice@h1.test", NEW_PASSWORD).await;
    enrol(&app, &me).await;
    let to = reset_by_mail(&app, "alice@h1.test", "yet another long password").await;
    assert_eq!(to, "/login?reset=done");
    assert!(enrolled(&app, "alice@h1.test"));
    assert!(!password_alone_signs_in(&app, "alice@h1.test", "yet another long password").await);
    app.run_jobs().await;
}

/// The owner of a handed link's account proves the address from the two-factor page, then
/// enrols.
async fn the_owner_proves_the_address_then_enrols(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-2").admin("boss@h2.test").build().await;
    let link = handed_link(&admin, "bob@h2.test").await;
    let bob = app.accept(&link, PASSWORD).await;
    // An admin, where admins must enrol: every page leads to the enrolment page, whose button
    // still sends the link.
    diesel::update(members::table.filter(members::email.eq("bob@h2.test")))
        .set(members::is_admin.eq(true))
        .execute(&mut *app.conn())
        .unwrap();
    invitely::domain::settings::set(
        &mut app.conn(),
        invitely::domain::settings::Key::TwoFactorAdmins,
        "true",
    )
    .unwrap();
    assert_eq!(
        bob.get("/admin/users").await.location.as_deref(),
        Some("/account/two-factor")
    );
    let page = bob.get("/account/two-factor").await;
    assert!(
        page.body.contains("Send the link to bob@h2.test"),
        "{}",
        page.body
    );
    let sent = bob
        .post("/password/forgot", &[("email", "bob@h2.test")])
        .await;
    sent.assert_ok();
    assert!(sent.body.contains("Check your messages"), "{}", sent.body);
    app.run_jobs().await;
    let reset = mailed_link(&app, "bob@h2.test");
    let owner = app.session();
    owner.get(&reset).await.assert_ok();
    let done = set_password(&owner, &reset, NEW_PASSWORD).await;
    assert_eq!(done.location.as_deref(), Some("/login?reset=confirmed"));
    let login = owner.get("/login?reset=confirmed").await;
    assert!(
        login.body.contains("you can now set up two-factor sign-in"),
        "{}",
        login.body
    );
    assert!(!unproven(&app, "bob@h2.test"));
    let bob = app.login("bob@h2.test", NEW_PASSWORD).await;
    enrol(&app, &bob).await;
    assert!(enrolled(&app, "bob@h2.test"));

    // An enrolment read before the password changed (a reset ended its session meanwhile)
    // is refused.
    let uid = account_id(&app, "boss@h2.test");
    let read = invitely::domain::accounts::get(&mut app.conn(), uid)
        .unwrap()
        .unwrap();
    diesel::update(accounts::table.find(uid))
        .set(accounts::password_hash.eq("changed meanwhile"))
        .execute(&mut *app.conn())
        .unwrap();
    let stale = store::enable(&mut app.conn(), app.clock.now(), &read, "x", 1, &[], "t");
    assert_eq!(stale.unwrap(), Enabled::Stale);
    assert!(!enrolled(&app, "boss@h2.test"));
    app.run_jobs().await;
}

both_backends!(
    a_handed_link_cannot_keep_the_account_from_its_owner,
    the_owner_proves_the_address_then_enrols,
);
