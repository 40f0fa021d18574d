//! The invitee's landing page `/invite/{token}` as a person with no account meets it: the names
//! they correct become the card's, the page and the new account speak the invitation's
//! language unless the visitor chose one, and over-long or missing names are refused beside
//! their field.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::{create_user, rows, table_row};
use crate::support::{mime, Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{MemberKind, MemberStatus};
use invitely::db::schema::accounts;

/// The plain-text part of the newest message to `address` whose Message-ID starts with
/// `<{prefix}`.
fn message_text(app: &TestApp, address: &str, prefix: &str) -> String {
    let mail = app
        .emails_to(address)
        .into_iter()
        .rev()
        .find(|m| {
            mime::header(&m.data, "Message-ID")
                .is_some_and(|id| id.trim().starts_with(&format!("<{prefix}")))
        })
        .unwrap_or_else(|| panic!("no {prefix} message to {address}"));
    mime::part(&mail.data, "text/plain").unwrap()
}

/// A new account's corrected names are the card's names too: the users table (and its search),
/// the welcome message and the inviter's notice use them. Accepting with an existing account
/// posts no names and leaves that organisation's card as it is.
async fn corrected_names_become_the_cards(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-1").admin("boss@al1.test").build().await;
    let invited = app
        .member(&admin)
        .named("Jhon", "Smyth")
        .email("john@al1.test")
        .invite()
        .await;
    let visitor = app.session();
    let landing = visitor.get(&invited.link).await;
    landing.assert_ok();
    assert!(landing.body.contains("value=\"Jhon\""), "{}", landing.body);
    let done = visitor
        .post(
            &invited.link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "John"),
                ("last_name", "Smith"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    app.run_jobs().await;

    // The account and the card.
    let names: (String, String) = accounts::table
        .filter(accounts::email.eq("john@al1.test"))
        .select((accounts::first_name, accounts::last_name))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(names, ("John".to_owned(), "Smith".to_owned()));
    let card = admin.get(&format!("/admin/users/{}", invited.id)).await;
    card.assert_ok();
    assert!(
        card.body.contains("value=\"John\"") && card.body.contains("value=\"Smith\""),
        "the card keeps the old name: {}",
        card.body
    );
    let row = table_row(&admin, MemberStatus::Active.as_str(), &invited.id)
        .await
        .expect("the member is listed as active");
    assert!(
        row.contains("John Smith") && !row.contains("Jhon"),
        "the users table shows the old name: {row}"
    );
    // The search finds the card by its new name only (its search text follows the card).
    let found: Vec<String> = rows(&admin, "?q=smith")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found, [invited.id.as_str()], "search by the new name");
    assert!(
        rows(&admin, "?q=smyth").await.is_empty(),
        "search by the old name"
    );

    // The welcome and the inviter's notice greet and name the member as corrected.
    let welcome = message_text(&app, "john@al1.test", "welcome-");
    assert!(
        welcome.contains("Hello John Smith,") && !welcome.contains("Jhon"),
        "{welcome}"
    );
    let notice = message_text(&app, "boss@al1.test", "invitation-accepted-");
    assert!(
        notice.contains("John Smith accepted your invitation") && !notice.contains("Jhon"),
        "{notice}"
    );

    // Another organisation's card for the same person, accepted with the account: no names
    // are posted, and that card keeps its own.
    let other = app.org("AL-2").admin("boss@al2.test").build().await;
    let second = app
        .member(&other)
        .named("Johnny", "Smithers")
        .email("john@al1.test")
        .invite()
        .await;
    let join = visitor.get(&second.link).await;
    join.assert_ok();
    let joined = visitor.post(&second.link, &[]).await;
    assert_eq!(joined.status, 303, "{}", joined.body);
    app.run_jobs().await;
    let card = other.get(&format!("/admin/users/{}", second.id)).await;
    card.assert_ok();
    assert!(
        card.body.contains("value=\"Johnny\"") && card.body.contains("value=\"Smithers\""),
        "{}",
        card.body
    );
}

both_backends!(corrected_names_become_the_cards);

/// The language of the account with this address.
fn account_locale(app: &TestApp, email: &str) -> String {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::locale)
        .first(&mut *app.conn())
        .unwrap()
}

/// The subject of the welcome message to `address`.
fn welcome_subject(app: &TestApp, address: &str) -> String {
    let mail = app
        .emails_to(address)
        .into_iter()
        .rev()
        .find(|m| {
            mime::header(&m.data, "Message-ID").is_some_and(|id| id.trim().starts_with("<welcome-"))
        })
        .unwrap_or_else(|| panic!("no welcome to {address}"));
    mime::header(&mail.data, "Subject").unwrap()
}

/// Creates a card for `email` with its invitation in `language`, and delivers it; the link.
async fn invite_in(app: &TestApp, admin: &Session, email: &str, language: &str) -> String {
    create_user(
        admin,
        &[
            ("first_name", "Pat"),
            ("email", email),
            ("kind", MemberKind::Employee.as_str()),
            ("send_invitation", "1"),
            ("language", language),
        ],
    )
    .await;
    app.run_jobs().await;
    app.invitation_link(email)
}

async fn accept_with_password(s: &Session, link: &str) {
    let done = s
        .post(
            link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "Pat"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
}

/// A Russian invitation opened in a browser set to English, with no language chosen: the page
/// (and its refusal) are Russian, the new account's language is Russian, and so is the welcome.
/// The language switch's cookie, or a signed-in account's own language, still wins.
async fn the_page_speaks_the_invitations_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-3").admin("boss@al3.test").build().await;

    let link = invite_in(&app, &admin, "petr@al3.test", "ru").await;
    let petr = Session::with_accept_language(&app.base, "en-GB,en;q=0.9");
    let landing = petr.get(&link).await;
    landing.assert_ok();
    assert!(
        landing.body.contains(r#"<html lang="ru">"#) && landing.body.contains("Задайте пароль"),
        "the landing page is not in the invitation's language: {}",
        landing.body
    );
    let refused = petr
        .post(
            &link,
            &[("password", PASSWORD), ("password_confirm", "another one")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains(r#"<html lang="ru">"#),
        "{}",
        refused.body
    );
    accept_with_password(&petr, &link).await;
    assert_eq!(account_locale(&app, "petr@al3.test"), "ru");
    app.run_jobs().await;
    let subject = welcome_subject(&app, "petr@al3.test");
    assert!(
        subject.starts_with("Добро пожаловать в организацию Org AL-3"),
        "{subject}"
    );

    // The switch to English (a browser set to Russian, even): English, and an English account.
    let link = invite_in(&app, &admin, "anna@al3.test", "ru").await;
    let anna = Session::with_accept_language(&app.base, "ru");
    anna.get(&link).await.assert_ok();
    let path = link.strip_prefix(&app.base).unwrap();
    let switched = anna.post("/lang", &[("lang", "en"), ("back", path)]).await;
    assert_eq!(switched.location.as_deref(), Some(path));
    let landing = anna.get(&link).await;
    landing.assert_ok();
    assert!(
        landing.body.contains(r#"<html lang="en">"#) && landing.body.contains("Set your password"),
        "{}",
        landing.body
    );
    accept_with_password(&anna, &link).await;
    assert_eq!(account_locale(&app, "anna@al3.test"), "en");
    app.run_jobs().await;
    let subject = welcome_subject(&app, "anna@al3.test");
    assert!(subject.starts_with("Welcome to Org AL-3"), "{subject}");

    // Petr, signed in, opens an English invitation: his account's Russian.
    let other = app.org("AL-4").admin("boss@al4.test").build().await;
    let link = invite_in(&app, &other, "petr@al3.test", "en").await;
    let join = petr.get(&link).await;
    join.assert_ok();
    assert!(join.body.contains(r#"<html lang="ru">"#), "{}", join.body);
}

both_backends!(the_page_speaks_the_invitations_language);

/// Where a page's error summary links (`#field`), in its order.
fn summary_targets(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let links = scraper::Selector::parse(".error-summary a").unwrap();
    html.select(&links)
        .filter_map(|a| a.value().attr("href")?.strip_prefix('#').map(str::to_owned))
        .collect()
}

/// The message shown beside a field (its `.field` box's `.field-error`), if any.
fn message_beside(body: &str, field: &str) -> Option<String> {
    let html = scraper::Html::parse_document(body);
    let boxes = scraper::Selector::parse(".field").unwrap();
    let input = scraper::Selector::parse(&format!("#{field}")).unwrap();
    let error = scraper::Selector::parse(".field-error").unwrap();
    let field_box = html
        .select(&boxes)
        .find(|b| b.select(&input).next().is_some())?;
    field_box
        .select(&error)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_owned())
}

/// A first or last name over 100 characters is refused with 422 and the limit beside its
/// field, what was typed kept and the passwords not echoed; nothing is accepted. 100
/// characters (of two bytes each) are taken whole.
async fn over_long_names_are_refused_beside_the_field(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-5").admin("boss@al5.test").build().await;
    let invited = app
        .member(&admin)
        .named("Jhon", "Smyth")
        .email("john@al5.test")
        .invite()
        .await;
    let visitor = app.session();
    visitor.get(&invited.link).await.assert_ok();
    let long = "x".repeat(101);
    for (first, last, field) in [
        (long.as_str(), "Smith", "first_name"),
        ("John", long.as_str(), "last_name"),
    ] {
        let page = visitor
            .post(
                &invited.link,
                &[
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                    ("first_name", first),
                    ("last_name", last),
                ],
            )
            .await;
        assert_eq!(
            page.status, 422,
            "{field} over 100 characters: {}",
            page.body
        );
        assert_eq!(summary_targets(&page.body), [field]);
        assert_eq!(
            message_beside(&page.body, field).as_deref(),
            Some("Use at most 100 characters."),
            "{}",
            page.body
        );
        assert!(
            page.body.contains(&format!("value=\"{long}\"")),
            "input kept"
        );
        assert!(!page.body.contains(PASSWORD), "a password echoed");
    }
    // Nothing was accepted: the link still opens its page, the card is as it was.
    visitor.get(&invited.link).await.assert_ok();
    let card = admin.get(&format!("/admin/users/{}", invited.id)).await;
    assert!(card.body.contains("value=\"Jhon\""), "{}", card.body);

    let hundred = "Ж".repeat(100);
    let done = visitor
        .post(
            &invited.link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", hundred.as_str()),
                ("last_name", "Smith"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    app.run_jobs().await;
    let card = admin.get(&format!("/admin/users/{}", invited.id)).await;
    assert!(
        card.body.contains(&format!("value=\"{hundred}\"")),
        "{}",
        card.body
    );
}

both_backends!(over_long_names_are_refused_beside_the_field);

/// Invited without a name (a pasted address): the new account says who it is — no name at all,
/// or only invisible characters, is refused beside the first name and nothing is accepted.
async fn a_nameless_invitee_gives_a_name(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-9").admin("boss@al9.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let sent = admin
        .post(
            "/admin/invite",
            &crate::invite_form::fields(&[], "nameless@al9.test", &[("action", "send")]),
        )
        .await;
    sent.assert_ok();
    app.run_jobs().await;
    let link = app.invitation_link("nameless@al9.test");
    let visitor = app.session();
    let landing = visitor.get(&link).await;
    landing.assert_ok();
    // Said before the first try, and named by both fields.
    assert!(
        landing.body.contains(
            "The organisation has no name for you yet: give at least your first or your last name."
        ),
        "{}",
        landing.body
    );
    assert_eq!(
        landing
            .body
            .matches("aria-describedby=\"names-hint \"")
            .count(),
        2,
        "{}",
        landing.body
    );
    for (first, last) in [("", ""), (" \u{200B}", "\u{202E}")] {
        let page = visitor
            .post(
                &link,
                &[
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                    ("first_name", first),
                    ("last_name", last),
                ],
            )
            .await;
        assert_eq!(page.status, 422, "{first:?} {last:?}: {}", page.body);
        assert_eq!(summary_targets(&page.body), ["first_name"]);
        assert_eq!(
            message_beside(&page.body, "first_name").as_deref(),
            Some(
                "Enter your first or last name, so the people you work with can tell who you are."
            ),
            "{}",
            page.body
        );
    }
    visitor.get(&link).await.assert_ok();
    let done = visitor
        .post(
            &link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "Nina"),
                ("last_name", ""),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let first: String = accounts::table
        .filter(accounts::email.eq("nameless@al9.test"))
        .select(accounts::first_name)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(first, "Nina");
    app.run_jobs().await;
}

both_backends!(a_nameless_invitee_gives_a_name);

/// An invitation that makes the invitee an administrator says so on its page, as its message
/// does (docs/PRODUCT.md §2.4: what accepting gives); an ordinary one says nothing of it.
async fn the_page_says_when_it_makes_an_administrator(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-4").admin("boss@al4.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    for (email, grant) in [("deputy@al4.test", true), ("plain@al4.test", false)] {
        let mut fields = vec![("recipients", email), ("action", "send")];
        if grant {
            fields.push(("grant_admin", "1"));
        }
        admin.post("/admin/invite", &fields).await.assert_ok();
    }
    app.run_jobs().await;
    let rights = "<dt>Rights</dt><dd>Administrator: manages the organisation";
    let said = "You are invited as an administrator of Org AL-4";
    let deputy = app
        .session()
        .get(&app.invitation_link("deputy@al4.test"))
        .await;
    deputy.assert_ok();
    assert!(deputy.body.contains(rights), "{}", deputy.body);
    assert!(message_text(&app, "deputy@al4.test", "invitation-").contains(said));
    let plain = app
        .session()
        .get(&app.invitation_link("plain@al4.test"))
        .await;
    plain.assert_ok();
    assert!(!plain.body.contains(rights), "{}", plain.body);
    assert!(!message_text(&app, "plain@al4.test", "invitation-").contains(said));
}

both_backends!(the_page_says_when_it_makes_an_administrator);

/// Names posted back as the page offered them correct nothing: an admin's edit of the card made
/// between the page and the post stands (the names the page had shown overwrote it). Changed
/// names still correct the card.
async fn names_kept_as_offered_leave_an_edit_made_meanwhile(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-5").admin("boss@al5.test").build().await;
    let card_name = |email: &str| -> String {
        use invitely::db::schema::members;
        members::table
            .filter(members::email.eq(email))
            .select(members::first_name)
            .first(&mut *app.conn())
            .unwrap()
    };
    for (email, typed, kept) in [
        ("pat@al5.test", "Pat", "Patricia"),
        ("sam@al5.test", "Samuel", "Samuel"),
    ] {
        let link = invite_in(&app, &admin, email, "en").await;
        let s = app.session();
        let page = s.get(&link).await;
        page.assert_ok();
        assert!(
            page.body
                .contains("name=\"offered_first_name\" value=\"Pat\""),
            "{}",
            page.body
        );
        // The admin corrects the card meanwhile.
        let card = format!(
            "/admin/users/{}",
            crate::member_grants::card_id(&app, email)
        );
        admin.get(&card).await.assert_ok();
        let edit = admin.post(&card, &[("first_name", "Patricia")]).await;
        assert_eq!(edit.status, 303, "{}", edit.body);
        assert_eq!(card_name(email), "Patricia", "the admin's edit");
        let done = s
            .post(
                &link,
                &[
                    ("first_name", typed),
                    ("last_name", ""),
                    ("offered_first_name", "Pat"),
                    ("offered_last_name", ""),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(done.status, 303, "{}", done.body);
        assert_eq!(card_name(email), kept, "{email}");
    }
    app.run_jobs().await;
}

both_backends!(names_kept_as_offered_leave_an_edit_made_meanwhile);

/// Signed in as someone else, the invitation's page offers to sign out; signed out, the
/// visitor is back on the same invitation (its password form), not on an empty sign-in page
/// with the link to find again in the message. A sign-out elsewhere says it was done.
async fn signing_out_for_an_invitation_comes_back_to_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AL-11").admin("boss@al11.test").build().await;
    let link = invite_in(&app, &admin, "pat@al11.test", "en").await;
    let path = &link[link.find("/invite/").unwrap()..];
    let page = admin.get(&link).await;
    page.assert_ok();
    assert!(page
        .body
        .contains("Sign out, and this page opens again for pat@al11.test."));
    assert!(
        page.body
            .contains(&format!("name=\"back\" value=\"{path}\"")),
        "{}",
        page.body
    );
    let out = admin.post("/logout", &[("back", path)]).await;
    assert_eq!(out.status, 303, "{}", out.body);
    assert_eq!(out.location.as_deref(), Some(path));
    let again = admin.get(&link).await;
    again.assert_ok();
    assert!(
        again.body.contains("name=\"password_confirm\""),
        "{}",
        again.body
    );
    // Only a page of this site: anything else signs out to the sign-in page.
    let other = app.login("boss@al11.test", PASSWORD).await;
    let out = other
        .post("/logout", &[("back", "//evil.example.com/x")])
        .await;
    assert_eq!(out.location.as_deref(), Some("/login?out=here"));
    let login = other.get("/login?out=here").await;
    assert!(login.body.contains("You are signed out."), "{}", login.body);
}

both_backends!(signing_out_for_an_invitation_comes_back_to_it);
