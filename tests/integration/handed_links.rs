//! Links handed to the inviter ("Open in my mail app") prove nothing of who reads the address's
//! mail: whoever held one could set the password of an address with no account and enrol
//! two-factor sign-in on it, and the owner's reset by e-mail would then meet that second
//! factor. The first reset by e-mail of such an account proves the address and turns the
//! two-factor sign-in enrolled before off; once proved, a reset leaves it alone.

use crate::account::{account_id, audit_count, mails_with_id, NEW_PASSWORD};
use crate::both_backends;
use crate::invite_form::fields;
use crate::password_reset::{ask, mailed_link, set_password};
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use crate::two_factor::enrol;
use diesel::prelude::*;
use invitely::db::schema::{accounts, two_factor};

fn unproven(app: &TestApp, email: &str) -> bool {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::email_unproven)
        .first(&mut *app.conn())
        .unwrap()
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

async fn a_reset_by_mail_proves_a_handed_address(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-1").admin("boss@h1.test").build().await;
    let link = handed_link(&admin, "alice@h1.test").await;

    // Whoever holds the link makes the account and enrols a second factor of their own.
    let holder = app.accept(&link, PASSWORD).await;
    enrol(&app, &holder).await;
    assert!(!password_alone_signs_in(&app, "alice@h1.test", PASSWORD).await);
    // The admin's own account came through no handed link.
    assert!(!unproven(&app, "boss@h1.test"));

    // The owner asks for a link by e-mail: setting the password proves the address and ends
    // the holder's second factor (and sessions), and the sign-in page says why.
    ask(&app, "alice@h1.test").await.assert_ok();
    app.run_jobs().await;
    let reset = mailed_link(&app, "alice@h1.test");
    let owner = app.session();
    owner.get(&reset).await.assert_ok();
    let done = set_password(&owner, &reset, NEW_PASSWORD).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(
        password_alone_signs_in(&app, "alice@h1.test", NEW_PASSWORD).await,
        "the holder's second factor outlived the owner's reset"
    );
    assert_eq!(done.location.as_deref(), Some("/login?reset=proved"));
    let login = owner.get("/login?reset=proved").await;
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
    let uid = account_id(&app, "alice@h1.test");
    assert_eq!(
        audit_count(&app, "two_factor.disabled", &format!("account:{uid}")),
        1
    );
    // The owner is told, at the address just proved, of the second factor turned off.
    app.run_jobs().await;
    assert_eq!(
        mails_with_id(&app, "alice@h1.test", "<two-factor-off-").len(),
        1
    );

    // Proved now: the owner's own second factor outlives the next reset.
    let me = app.login("alice@h1.test", NEW_PASSWORD).await;
    enrol(&app, &me).await;
    ask(&app, "alice@h1.test").await.assert_ok();
    app.run_jobs().await;
    let again = mailed_link(&app, "alice@h1.test");
    let done = set_password(&app.session(), &again, "yet another long password").await;
    assert_eq!(done.location.as_deref(), Some("/login?reset=done"));
    assert!(enrolled(&app, "alice@h1.test"));
    assert!(!password_alone_signs_in(&app, "alice@h1.test", "yet another long password").await);
    app.run_jobs().await;
    assert_eq!(
        mails_with_id(&app, "alice@h1.test", "<two-factor-off-").len(),
        1
    );

    // Another handed link: the account made through it is marked until its first reset.
    let bob = handed_link(&admin, "bob@h1.test").await;
    app.accept(&bob, PASSWORD).await;
    assert!(unproven(&app, "bob@h1.test"));
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

both_backends!(a_reset_by_mail_proves_a_handed_address);
