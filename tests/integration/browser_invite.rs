//! The invite form in headless Chromium, in English and Russian: two rows, a role, a
//! department and an edited message → preview → send → "Invite more"; then a pasted list with
//! good and bad items, each with its result. The preview's frame shows the message with its own
//! styles (`invite-preview-mail-{en,ru}-{1280,375}.png`). Screenshots at 1280 and 375 px,
//! axe-core on each.

use crate::support::app::PASSWORD;
use crate::support::browser::{shot, Browser};
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use fantoccini::Locator;
use std::time::{Duration, Instant};

fn role(app: &TestApp, name: &str) -> String {
    diesel::sql_query(format!(
        "INSERT INTO roles (org_id, name, created_at) \
         SELECT id, '{name}', CURRENT_TIMESTAMP FROM organisations"
    ))
    .execute(&mut *app.conn())
    .unwrap();
    use invitely::db::schema::roles;
    roles::table
        .filter(roles::name.eq(name))
        .select(roles::id)
        .first::<invitely::db::ids::RoleId>(&mut *app.conn())
        .unwrap()
        .to_string()
}

/// The preview's frame as Chromium shows it, with screenshots at 1280 and 375 px (`name`): the
/// message's own inline styles apply (a frame that took on the page's policy showed plain
/// text). Returns the personal message's text as shown.
async fn mail_frame(b: &Browser, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let (body, quote, white_space) = loop {
        let frame = b
            .client
            .find(Locator::Css("iframe.mail-html"))
            .await
            .unwrap();
        frame.enter_frame().await.unwrap();
        let found = match b.client.find(Locator::Css("blockquote")).await {
            Ok(quote) => Some((
                b.client
                    .find(Locator::Css("body"))
                    .await
                    .unwrap()
                    .css_value("background-color")
                    .await
                    .unwrap(),
                quote.text().await.unwrap(),
                quote.css_value("white-space").await.unwrap(),
            )),
            Err(_) => None,
        };
        b.client.enter_parent_frame().await.unwrap();
        match found {
            Some(f) => break f,
            None if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            None => panic!("the preview frame never showed the message"),
        }
    };
    for (width, height) in [(1280, 900), (375, 812)] {
        b.resize(width, height).await;
        b.client
            .execute(
                "document.querySelector('iframe.mail-html').scrollIntoView({block: 'center'});",
                vec![],
            )
            .await
            .unwrap();
        b.screenshot(&shot(&format!("{name}-{width}"))).await;
    }
    b.resize(1280, 900).await;
    assert_eq!(body, "rgba(244, 245, 247, 1)", "the message's background");
    assert_eq!(white_space, "pre-line", "the personal message's style");
    quote
}

#[actix_web::test]
async fn invite_form_preview_send_and_mass_invite_in_chromium() {
    let Some(browser) =
        Browser::start("invite_form_preview_send_and_mass_invite_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.org("W-7").admin("boss@w7.test").build().await;
    admin.get("/admin/departments").await;
    admin
        .post("/admin/departments", &[("name", "Service")])
        .await;
    let dispatcher = role(&app, "Dispatcher");
    role(&app, "Driver");
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@w7.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org W-7").await;

    for (lang, nav, title, queued, preview_word, malformed) in [
        (
            "en",
            "Invite",
            "Invite people",
            "invitation queued",
            "Welcome",
            "malformed e-mail",
        ),
        (
            "ru",
            "Пригласить",
            "Пригласить людей",
            "приглашение в очереди",
            "Добро",
            "неверный адрес почты",
        ),
    ] {
        // From the navigation, not a typed URL.
        b.goto(&format!("{}/admin/users", app.base)).await;
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        b.expect_text("nav.mainnav", nav).await;
        b.click("nav a[href='/admin/invite']").await;
        b.expect_text("h1", title).await;
        b.shots(&format!("invite-form-{lang}")).await;

        b.fill("recipient-1", &format!("ivan.{lang}@w7.test")).await;
        b.fill("first_name-1", "Ivan").await;
        b.fill("last_name-1", "Petrov").await;
        b.fill("recipient-2", &format!("olga.{lang}@w7.test")).await;
        b.fill("first_name-2", "Olga").await;
        b.click(&format!("input[name='role_id'][value='{dispatcher}']"))
            .await;
        b.click("#department_id option:nth-child(2)").await;
        b.fill(
            "message",
            &format!("{preview_word} to the night shift\nBring boots"),
        )
        .await;
        // The message in the page's language (the organisation's default is English).
        b.click(&format!("#locale option[value='{lang}']")).await;
        b.click("button[value='preview']").await;
        b.expect_text(
            "#preview-text",
            &format!("{preview_word} to the night shift"),
        )
        .await;
        b.shots(&format!("invite-preview-{lang}")).await;
        let quote = mail_frame(b, &format!("invite-preview-mail-{lang}")).await;
        assert_eq!(
            quote,
            format!("{preview_word} to the night shift\nBring boots"),
            "the personal message keeps its lines"
        );
        // Edit after reading, then send (the form keeps everything else).
        b.fill("message", &format!("{preview_word} to the day shift"))
            .await;
        b.click("button[value='send']").await;
        b.expect_text(".invite-lines", queued).await;
        b.shots(&format!("invite-done-{lang}")).await;
        b.click("a.button.primary[href='/admin/invite']").await;
        b.expect_text("h1", title).await;
        assert_eq!(
            b.value("recipient-1").await.as_deref(),
            Some(""),
            "an empty form"
        );

        // A pasted list with good and bad items, on the "Many addresses" tab (the rows' tab
        // shows first; the box is hidden until it is chosen).
        assert_eq!(
            b.count("#panel-many[hidden]").await,
            1,
            "the box starts hidden"
        );
        b.click("#tab-many").await;
        assert_eq!(b.count("#panel-rows[hidden]").await, 1, "the rows hide");
        assert_eq!(b.count("#tab-many[aria-selected='true']").await, 1);
        b.shots(&format!("invite-tab-many-{lang}")).await;
        b.fill(
            "mass",
            &format!("a.{lang}@w7.test, Anna Petrova <anna.{lang}@w7.test>; bad@ 89051111111\na.{lang}@w7.test"),
        )
        .await;
        b.click("button[value='send']").await;
        b.expect_text(".invite-lines", malformed).await;
        assert_eq!(b.count(".invite-lines tbody tr").await, 5);
        b.shots(&format!("invite-mass-{lang}")).await;

        // The entries not read come back in the box, to be corrected, its tab shown.
        b.submit("a.button.primary[href^='/admin/invite?again=']")
            .await;
        assert_eq!(
            b.count("#panel-rows[hidden]").await,
            1,
            "the box's tab first"
        );
        assert_eq!(
            b.value("mass").await.as_deref(),
            Some("bad@\n89051111111"),
            "the entries not read, to correct"
        );
        b.fill("mass", "").await;
        b.click("#tab-rows").await;

        // "Open in my mail app": the personal link on a page of its own, no e-mail.
        b.fill("recipient-1", &format!("mailapp.{lang}@w7.test"))
            .await;
        b.fill("first_name-1", "Pavel").await;
        b.click("button[value='mailapp']").await;
        b.expect_text(".mail-links", "/invite/").await;
        assert_eq!(b.count("a[href^='mailto:']").await, 1);
        b.shots(&format!("invite-mailapp-{lang}")).await;
    }
    app.run_jobs().await;
    let mail = app
        .emails_to("ivan.en@w7.test")
        .pop()
        .expect("the invitation");
    let text = crate::support::mime::part(&mail.data, "text/plain").unwrap();
    assert!(text.contains("Welcome to the day shift"), "{text}");
    assert!(app.emails_to("mailapp.en@w7.test").is_empty());
    browser.close().await;
}

/// The preview of an SMS (a phone number typed on the platform that verifies by phone too):
/// where it goes and its text, no subject and no HTML frame — in both languages, at 1280 and
/// 375 px (`invite-preview-sms-{en,ru}-*.png`), axe-core on each.
#[actix_web::test]
async fn sms_preview_in_chromium() {
    let Some(browser) = Browser::start("sms_preview_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    app.org("W-8").admin("boss@w8.test").build().await;
    let op = app.login("operator@invitely.test", PASSWORD).await;
    assert_eq!(
        crate::support::pages::sms_settings(&op, "", "", "").await,
        303
    );
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@w8.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org W-8").await;
    for (lang, to, text) in [
        ("en", "SMS to +79051234567", "Org W-8 invites you"),
        ("ru", "SMS на номер +79051234567", "Org W-8 приглашает вас"),
    ] {
        b.goto(&format!("{}/admin/invite", app.base)).await;
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        b.fill("recipient-1", "+7 905 123-45-67").await;
        b.fill("first_name-1", "Pavel").await;
        b.click(&format!("#locale option[value='{lang}']")).await;
        b.click("button[value='preview']").await;
        b.expect_text("#preview-to", to).await;
        b.expect_text("#preview-text", text).await;
        assert_eq!(b.count("#preview iframe").await, 0, "no HTML part");
        assert_eq!(b.count("#preview-subject").await, 0, "no subject");
        b.shots(&format!("invite-preview-sms-{lang}")).await;
    }
    browser.close().await;
}
