//! A CSV import over the admin's daily limit in headless Chromium, in English and Russian: the
//! review says what the file would send and what is left, and that confirming would import
//! nothing; confirming brings the review back with the message in the error summary, whose link
//! leads to the figures; nothing is imported (docs/PRODUCT.md §2.8). Screenshots at 1280 and
//! 375 px, each checked by axe-core.

use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use fantoccini::Locator;
use invitely::db::schema::members;

fn members(app: &TestApp) -> i64 {
    members::table.count().get_result(&mut app.conn()).unwrap()
}

const HEADER: &str = "email,phone,first_name,last_name,kind,department,position,roles\n";

struct Pass {
    lang: &'static str,
    figures: &'static str,
    over: &'static str,
    refused: &'static str,
}

const PASSES: [Pass; 2] = [
    Pass {
        lang: "en",
        figures: "This import would send 3 invitations. You may send 2 more today.",
        over: "confirming would import nothing",
        refused: "Nothing was imported: the file's invitations (3) are more than you may still \
                  send today (2).",
    },
    Pass {
        lang: "ru",
        figures: "Этот импорт отправит 3 приглашения. Сегодня вы можете отправить ещё 2 \
                  приглашения.",
        over: "при подтверждении ничего не будет импортировано",
        refused: "Ничего не импортировано: приглашений в файле (3) больше, чем вы ещё можете \
                  отправить сегодня (2).",
    },
];

#[actix_web::test]
async fn an_import_over_the_daily_limit_is_refused_whole_in_chromium() {
    let Some(browser) =
        Browser::start("an_import_over_the_daily_limit_is_refused_whole_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let _admin = app
        .org("IMP-L")
        .admin("boss@limits.test")
        .daily(2)
        .build()
        .await;
    let files = tempfile::tempdir().unwrap();
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@limits.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org IMP-L").await;
    let members_before = members(&app);

    for p in &PASSES {
        let lang = p.lang;
        b.goto(&format!("{}/admin/import", app.base)).await;
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        let path = files.path().join(format!("three-{lang}.csv"));
        std::fs::write(
            &path,
            format!(
                "{HEADER}a.{lang}@limits.test,,A,One,,,,\nb.{lang}@limits.test,,B,Two,,,,\n\
                 c.{lang}@limits.test,,C,Three,,,,\n"
            ),
        )
        .unwrap();
        let input = b.client.find(Locator::Id("file")).await.unwrap();
        input.send_keys(path.to_str().unwrap()).await.unwrap();
        b.click("form.import-form button[type=submit]").await;
        b.expect_text("#import-allowance", p.figures).await;
        b.expect_text("#import-allowance .allowance-over", p.over)
            .await;
        b.shots(&format!("import-over-limit-{lang}")).await;

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
        assert_eq!(members(&app), members_before, "nothing imported");
        assert!(app.emails_to(&format!("a.{lang}@limits.test")).is_empty());
    }
    browser.close().await;
}
