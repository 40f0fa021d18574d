//! A CSV file over the import limit in headless Chromium, in English and Russian: the import
//! form comes back with the limit said beside the file field and the kind and "Send invitation"
//! as chosen (Chromium sends them after the file). Screenshots at 1280 and 375 px, each checked
//! by axe-core.

use crate::support::app::{Options, PASSWORD};
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};
use fantoccini::Locator;

#[actix_web::test]
async fn an_oversized_file_comes_back_to_the_form_in_chromium() {
    let Some(browser) =
        Browser::start("an_oversized_file_comes_back_to_the_form_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        Options {
            import_max_bytes: 2048,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    app.org("IMP-T").admin("boss@big.test").build().await;
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("big.csv");
    let mut csv = String::from("email,first_name\n");
    for n in 0..120 {
        csv.push_str(&format!("person{n}@big.test,Person\n"));
    }
    std::fs::write(&path, csv).unwrap();
    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@big.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org IMP-T").await;

    for (lang, message) in [
        ("en", "The file is larger than 2 KB."),
        ("ru", "Файл больше 2 КБ."),
    ] {
        b.goto(&format!("{}/admin/import", app.base)).await;
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        let input = b.client.find(Locator::Id("file")).await.unwrap();
        input.send_keys(path.to_str().unwrap()).await.unwrap();
        b.click("#kind option[value='customer']").await;
        b.click("input[name='send_invitation']").await;
        b.submit("form.import-form button[type=submit]").await;
        b.expect_text("#file-error", message).await;
        b.expect_text(".error-summary", message).await;
        assert_eq!(b.value("kind").await.as_deref(), Some("customer"));
        let ticked = b
            .client
            .find(Locator::Css("input[name='send_invitation']"))
            .await
            .unwrap()
            .prop("checked")
            .await
            .unwrap();
        assert_eq!(ticked.as_deref(), Some("false"), "unticked as sent");
        b.shots(&format!("import-too-large-{lang}")).await;
    }
    browser.close().await;
}
