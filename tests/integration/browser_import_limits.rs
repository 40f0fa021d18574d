//! A CSV import over the admin's daily limit in headless Chromium, in English and Russian: the
//! review says what the file would send and what is left, and that confirming would import
//! nothing — with no button to confirm, only to upload again; a file that fitted when reviewed
//! but no longer does (an invitation sent meanwhile) brings the review back with the message in
//! the error summary, whose link leads to the figures; nothing is imported (docs/PRODUCT.md
//! §2.8). Screenshots at 1280 and 375 px, each checked by axe-core.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use fantoccini::Locator;
use invitely::db::schema::members;

/// Cards made from the uploaded files.
fn imported(app: &TestApp) -> i64 {
    members::table
        .filter(
            members::email
                .like("over-%")
                .or(members::email.like("fits-%")),
        )
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

const HEADER: &str = "email,phone,first_name,last_name,kind,department,position,roles\n";

struct Pass {
    lang: &'static str,
    /// Invitations the admin may still send when the pass begins.
    left: usize,
    figures: &'static str,
    over: &'static str,
    refused: &'static str,
}

const PASSES: [Pass; 2] = [
    Pass {
        lang: "en",
        left: 4,
        figures: "This import would send 5 invitations. You may send 4 more today.",
        over: "confirming would import nothing",
        refused: "Nothing was imported: the file's invitations (4) are more than you may still \
                  send today (3).",
    },
    Pass {
        lang: "ru",
        left: 3,
        figures: "Этот импорт отправит 4 приглашения. Сегодня вы можете отправить ещё 3 \
                  приглашения.",
        over: "при подтверждении ничего не будет импортировано",
        refused: "Ничего не импортировано: приглашений в файле (3) больше, чем вы ещё можете \
                  отправить сегодня (2).",
    },
];

/// A file of `rows` new people, written for the browser to upload.
fn file(dir: &std::path::Path, name: &str, rows: usize) -> String {
    let path = dir.join(format!("{name}.csv"));
    let mut text = HEADER.to_owned();
    for i in 0..rows {
        text.push_str(&format!("{name}.{i}@limits.test,,P{i},{name},,,,\n"));
    }
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Uploads the file at `path` on the import page.
async fn upload(b: &Browser, base: &str, path: String) {
    b.goto(&format!("{base}/admin/import")).await;
    let input = b.client.find(Locator::Id("file")).await.unwrap();
    input.send_keys(&path).await.unwrap();
    b.click("form.import-form button[type=submit]").await;
}

#[actix_web::test]
async fn an_import_over_the_daily_limit_is_refused_whole_in_chromium() {
    let Some(browser) =
        Browser::start("an_import_over_the_daily_limit_is_refused_whole_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app
        .org("IMP-L")
        .admin("boss@limits.test")
        .daily(4)
        .build()
        .await;
    let files = tempfile::tempdir().unwrap();
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@limits.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org IMP-L").await;

    for p in &PASSES {
        let lang = p.lang;
        if lang == "ru" {
            b.goto(&format!("{}/admin/import", app.base)).await;
            b.switch_language("ru").await;
        }
        // One more than is left: the review says so and offers no button that could only be
        // refused — uploading again is the way on.
        upload(
            b,
            &app.base,
            file(files.path(), &format!("over-{lang}"), p.left + 1),
        )
        .await;
        b.expect_text("#import-allowance", p.figures).await;
        b.expect_text("#import-allowance .allowance-over", p.over)
            .await;
        assert_eq!(
            b.count("form[data-commit-form] button[type=submit]").await,
            0
        );
        assert_eq!(
            b.count("form[data-commit-form] a.button.primary[href='/admin/import']")
                .await,
            1
        );
        b.shots(&format!("import-over-limit-{lang}")).await;

        // As many as are left, but one is sent another way before the commit: refused whole.
        upload(
            b,
            &app.base,
            file(files.path(), &format!("fits-{lang}"), p.left),
        )
        .await;
        // The review is on the screen, with its button, before the invitation is sent.
        b.expect_text("form[data-commit-form] button[type=submit]", "")
            .await;
        let elsewhere = format!("elsewhere.{lang}@limits.test");
        admin.get("/admin/invite").await.assert_ok();
        let sent = admin
            .post(
                "/admin/invite",
                &[("recipients", elsewhere.as_str()), ("action", "send")],
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.body);
        b.click("form[data-commit-form] button[type=submit]").await;
        b.expect_text(".error-summary", p.refused).await;
        b.shots(&format!("import-refused-{lang}")).await;
        // The summary's link leads to the figures it is about.
        b.click(".error-summary a").await;
        let focused: String = serde_json::from_value(
            b.client
                .execute("return document.activeElement.id;", vec![])
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(focused, "import-allowance");
        assert_eq!(imported(&app), 0, "nothing imported");
        assert!(app
            .emails_to(&format!("fits-{lang}.0@limits.test"))
            .is_empty());
    }
    app.run_jobs().await;
    browser.close().await;
}
