//! An invitation's pages speak the language its message was sent in: the recipient's account's
//! when they have one (the message went out in it), else the one chosen when inviting — on the
//! valid link's page, on the refusals of an expired or withdrawn one, and in the welcome said
//! after accepting. A signed-in account's own language comes before a browser's cookie.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::client::Session;
use crate::support::pages::flashes;
use crate::support::{mime, Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{Language, MemberKind};
use invitely::db::schema::invitations;

const RU: &str = "ru-RU,ru;q=0.9";

/// Creates a card for `email` on `admin`'s organisation and sends it an invitation in
/// `language`; the link of the message.
async fn invite(app: &TestApp, admin: &Session, email: &str, language: Language) -> String {
    admin.get("/admin/users/new").await.assert_ok();
    let created = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Guest"),
                ("email", email),
                ("kind", MemberKind::Employee.as_str()),
                ("send_invitation", "1"),
                ("language", language.as_str()),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    app.run_jobs().await;
    app.invitation_link(email)
}

async fn an_accounts_invitation_speaks_the_accounts_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let first = app.org("IL-1").build().await;
    // Bob's account speaks English (he accepted his first invitation on an English page).
    app.member(&first).email("bob@il.test").join(PASSWORD).await;
    let second = app.org("IL-2").build().await;
    let link = invite(&app, &second, "bob@il.test", Language::Ru).await;
    let mail = app.emails_to("bob@il.test").pop().unwrap();
    let subject = mime::header(&mail.data, "Subject").unwrap();
    assert!(subject.starts_with("Invitation to Org IL-2"), "{subject}");

    // A browser asking for Russian opens it: the page speaks the message's English.
    let bob = Session::with_accept_language(&app.base, RU);
    let landing = bob.get(&link).await;
    landing.assert_ok();
    assert!(
        landing.body.contains(r#"<html lang="en">"#),
        "{}",
        landing.body
    );
    // A forgotten password has a way out from here.
    assert!(landing
        .body
        .contains("<a href=\"/password/forgot\">Forgot your password?</a>"));
    let accepted = bob.post(&link, &[("password", PASSWORD)]).await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let home = bob.get_follow("/").await;
    assert!(home.body.contains(r#"<html lang="en">"#), "{}", home.body);
    assert_eq!(
        flashes(&home.body),
        ["Welcome! You are now a member of Org IL-2."]
    );
    app.run_jobs().await;
    let welcome = app.emails_to("bob@il.test").pop().unwrap();
    let subject = mime::header(&welcome.data, "Subject").unwrap();
    assert!(subject.starts_with("Welcome to Org IL-2"), "{subject}");
}

async fn a_dead_links_page_speaks_the_invitations_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IL-3").build().await;
    let link = invite(&app, &admin, "ivan@il.test", Language::Ru).await;
    diesel::update(invitations::table.filter(invitations::recipient.eq("ivan@il.test")))
        .set(invitations::expires_at.eq(app.clock.now() - time::Duration::hours(1)))
        .execute(&mut *app.conn())
        .unwrap();
    // A browser asking for English: the refusal speaks the message's Russian.
    let page = app.session().get(&link).await;
    assert_eq!(page.status, 410);
    assert!(page.body.contains(r#"<html lang="ru">"#), "{}", page.body);
    assert!(page.body.contains("Срок действия приглашения истёк"));
    // An unknown link names no invitation: the browser's language.
    let unknown = format!("{}x", &link[..link.len() - 1]);
    let page = Session::with_accept_language(&app.base, RU)
        .get(&unknown)
        .await;
    assert!(page.body.contains(r#"<html lang="ru">"#), "{}", page.body);
}

async fn an_account_speaks_its_language_over_the_browsers_cookie(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IL-4").build().await;
    app.member(&admin).email("eve@il.test").join(PASSWORD).await;
    // Someone switched this browser to Russian; Eve's account speaks English.
    let shared = app.session();
    shared.get("/login").await.assert_ok();
    let switched = shared
        .post(
            "/lang",
            &[("lang", Language::Ru.as_str()), ("back", "/login")],
        )
        .await;
    assert_eq!(switched.status, 303);
    let login = shared.get("/login").await;
    assert!(login.body.contains(r#"<html lang="ru">"#));
    let signed_in = shared
        .post(
            "/login",
            &[("email", "eve@il.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let home = shared.get_follow("/").await;
    assert!(home.body.contains(r#"<html lang="en">"#), "{}", home.body);
    // The switch, used while signed in, changes the account's language.
    let switched = shared
        .post("/lang", &[("lang", Language::Ru.as_str()), ("back", "/")])
        .await;
    assert_eq!(switched.status, 303);
    let home = shared.get_follow("/").await;
    assert!(home.body.contains(r#"<html lang="ru">"#), "{}", home.body);
}

/// A form on an invitation's page refused before its handler runs (a form token that no longer
/// matches, after the browser lost its cookie) gets an error page that speaks the invitation's
/// language — the page left it in the browser, as the language switch does — and leads back to
/// the link, not to the start page. A browser whose language was chosen keeps its choice.
async fn a_refused_form_on_an_invitations_page_speaks_its_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IL-5").build().await;
    let link = invite(&app, &admin, "olga@il.test", Language::Ru).await;
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    // A browser asking for English.
    let browser = app.session();
    let landing = browser.get(&link).await;
    landing.assert_ok();
    assert!(landing.body.contains(r#"<html lang="ru">"#));
    let refused = browser
        .post_raw(
            &link,
            &[
                ("csrf_token", "stale"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains(r#"<html lang="ru">"#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(&format!(r#"<a href="{path}">"#)),
        "{}",
        refused.body
    );
    // Nothing was accepted: the link still opens its form.
    let again = browser.get(&link).await;
    again.assert_ok();
    assert!(again.body.contains(r#"name="password""#), "{}", again.body);

    // The language kept from the Russian link is no choice of the visitor's: an English
    // invitation opened next in the same browser speaks English.
    let english = invite(&app, &admin, "emma@il.test", Language::En).await;
    let page = browser.get(&english).await;
    assert!(page.body.contains(r#"<html lang="en">"#), "{}", page.body);

    // A browser switched to English before it opened the link keeps English.
    let chosen = app.session();
    chosen.get("/login").await.assert_ok();
    let switched = chosen
        .post(
            "/lang",
            &[("lang", Language::En.as_str()), ("back", "/login")],
        )
        .await;
    assert_eq!(switched.status, 303);
    let landing = chosen.get(&link).await;
    assert!(
        landing.body.contains(r#"<html lang="en">"#),
        "{}",
        landing.body
    );
    assert!(landing
        .headers
        .get_all("set-cookie")
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("lang")));

    // A form that posts to an address with no page of its own leads to the start page.
    let member = app.session();
    member.get("/login").await.assert_ok();
    let refused = member.post_raw("/logout", &[("csrf_token", "stale")]).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.body.contains(r#"<a href="/">"#), "{}", refused.body);
}

both_backends!(
    an_accounts_invitation_speaks_the_accounts_language,
    a_dead_links_page_speaks_the_invitations_language,
    a_refused_form_on_an_invitations_page_speaks_its_language,
    an_account_speaks_its_language_over_the_browsers_cookie
);
