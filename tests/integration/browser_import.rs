//! The CSV import in headless Chromium, in English and Russian, with a job runner working in
//! the background: a file that is not CSV is refused on the form; a real file is uploaded
//! through the `<input type=file>`, reviewed (counts, the error tab, the missing departments
//! check box), committed, followed live until the page reloads itself with the summary; the
//! imported users are "invited" in the users table. Screenshots at 1280 and 375 px, each
//! checked by axe-core.

use crate::support::app::{Options, PASSWORD};
use crate::support::browser::{shot, Browser};
use crate::support::{Backend, TestApp};
use fantoccini::Locator;
use std::path::Path;
use std::time::{Duration, Instant};

const HEADER: &str = "email,phone,first_name,last_name,kind,department,position,roles\n";

/// One pass of the journey in a language: the words the pages show and the file's rows.
struct Pass {
    lang: &'static str,
    title: &'static str,
    not_csv: &'static str,
    review: &'static str,
    malformed: &'static str,
    unknown_department: &'static str,
    /// The kind "employee", as the review shows it.
    employee: &'static str,
    missing: &'static str,
    done: &'static str,
    /// The commit button once the departments box is as the pass leaves it.
    commit: &'static str,
    /// Tick "create the missing departments": the row with the new department is written.
    create_departments: bool,
    saved: usize,
    refused: usize,
}

const PASSES: [Pass; 2] = [
    Pass {
        lang: "en",
        title: "Import users from a CSV file",
        not_csv: "This file is not a CSV text file",
        review: "Import of staff-en.csv",
        malformed: "The e-mail address is not valid.",
        unknown_department: "No such department",
        employee: "Employee",
        missing: "Logistics",
        done: "Done: 4 users saved, 4 invited, 1 row refused.",
        commit: "Import 4 rows and send 4 invitations",
        create_departments: true,
        saved: 4,
        refused: 1,
    },
    Pass {
        lang: "ru",
        title: "Импорт пользователей из CSV-файла",
        not_csv: "Это не текстовый CSV-файл",
        review: "Импорт файла staff-ru.csv",
        malformed: "Неверный адрес электронной почты.",
        unknown_department: "Такого отдела нет",
        employee: "Сотрудник",
        missing: "Склад",
        done: "Готово: сохранено пользователей — 3, приглашено — 3, отклонено строк — 2.",
        commit: "Импортировать строк: 3, отправить приглашений: 3",
        create_departments: false,
        saved: 3,
        refused: 2,
    },
];

/// The people in a pass's file that end up as users.
fn good_emails(p: &Pass) -> Vec<String> {
    let mut v: Vec<String> = ["anna", "boris", "clara"]
        .iter()
        .map(|n| format!("{n}.{}@example.test", p.lang))
        .collect();
    if p.create_departments {
        v.push(format!("dmitri.{}@example.test", p.lang));
    }
    v
}

fn csv(p: &Pass) -> String {
    let l = p.lang;
    format!(
        "{HEADER}anna.{l}@example.test,,Anna,Ivanova,employee,Sales,Engineer,\n\
         boris.{l}@example.test,,Boris,Petrov,customer,,,\n\
         clara.{l}@example.test,,Клара,Сергеевна-Длинноимённая,,Sales,Ведущий инженер по качеству данных,\n\
         bad-address,,Bad,Row,,,,\n\
         dmitri.{l}@example.test,,Dmitri,Orlov,,{},,\n",
        p.missing
    )
}

/// `b.shots(name)`, plus the rest of the page below the window at both widths, scrolled a
/// window at a time, in `{name}-{width}-more{n}.png`, for a person reviewing the layout.
async fn shots(b: &Browser, name: &str) {
    b.shots(name).await;
    for (width, height) in [(1280, 900), (375, 812)] {
        b.client.set_window_size(width, height).await.unwrap();
        let [page, window]: [u32; 2] = serde_json::from_value(
            b.client
                .execute(
                    "return [document.documentElement.scrollHeight, window.innerHeight];",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        let mut n = 1;
        while n * window < page && n <= 6 {
            b.client
                .execute(&format!("window.scrollTo(0, {});", n * window), vec![])
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            b.screenshot(&shot(&format!("{name}-{width}-more{n}")))
                .await;
            n += 1;
        }
        b.client
            .execute("window.scrollTo(0, 0);", vec![])
            .await
            .unwrap();
    }
    b.client.set_window_size(1280, 900).await.unwrap();
}

/// Chooses `path` in the page's file input, as a person picking it in the dialog.
async fn choose_file(b: &Browser, path: &Path) {
    let input = b.client.find(Locator::Id("file")).await.unwrap();
    input
        .send_keys(path.to_str().expect("a UTF-8 temp path"))
        .await
        .unwrap();
}

/// Waits until the progress page says `done`, the page reloaded itself (when it was still
/// running when first shown) and the server drew the finished summary.
async fn wait_for_summary(b: &Browser, done: &str) {
    let already_done: bool = serde_json::from_value(
        b.client
            .execute(
                "window.__beforeReload = true;\
                 return document.querySelector('[data-import]').hasAttribute('data-done');",
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = b
            .client
            .execute(
                "var s = document.querySelector('[data-import-state]');\
                 var sec = document.querySelector('[data-import]');\
                 return [s ? s.textContent : '', !!(sec && sec.hasAttribute('data-done')),\
                         window.__beforeReload === true];",
                vec![],
            )
            .await;
        if let Ok(v) = state {
            let (text, finished, same_document): (String, bool, bool) =
                serde_json::from_value(v).unwrap();
            if text.contains(done) && finished && (already_done || !same_document) {
                return;
            }
        }
        if Instant::now() > deadline {
            let line = b.text("[data-import-state]").await;
            panic!("the import never finished: {line:?}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[actix_web::test]
async fn csv_import_upload_review_commit_and_progress_in_chromium() {
    let Some(browser) =
        Browser::start("csv_import_upload_review_commit_and_progress_in_chromium").await
    else {
        return;
    };
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        Options {
            workers: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let admin = app.org("IMP-B").admin("boss@import.test").build().await;
    admin.get("/admin/departments").await;
    admin.post("/admin/departments", &[("name", "Sales")]).await;
    let files = tempfile::tempdir().unwrap();
    let picture = files.path().join("staff.png");
    std::fs::write(&picture, crate::import::fixture("binary.bin")).unwrap();

    let b = &browser;
    b.goto(&format!("{}/login", app.base)).await;
    b.fill("email", "boss@import.test").await;
    b.fill("password", PASSWORD).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.expect_text("main", "Org IMP-B").await;

    for p in &PASSES {
        let lang = p.lang;
        // The upload form, reached from the navigation.
        b.goto(&format!("{}/admin/users", app.base)).await;
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        b.click("nav a[href='/admin/import']").await;
        b.expect_text("h1", p.title).await;
        let send = b
            .client
            .find(Locator::Css("input[name='send_invitation']"))
            .await
            .unwrap();
        assert!(send.is_selected().await.unwrap(), "sending is the default");
        shots(b, &format!("import-form-{lang}")).await;

        // A picture instead of a CSV file: the form comes back with what to do.
        choose_file(b, &picture).await;
        b.click("form.import-form button[type=submit]").await;
        b.expect_text(".error-summary", p.not_csv).await;
        b.expect_text("#file-error", p.not_csv).await;
        b.expect_text("h1", p.title).await;
        shots(b, &format!("import-form-error-{lang}")).await;

        // The real file, "Send invitation" still ticked.
        let path = files.path().join(format!("staff-{lang}.csv"));
        std::fs::write(&path, csv(p)).unwrap();
        let send = b
            .client
            .find(Locator::Css("input[name='send_invitation']"))
            .await
            .unwrap();
        assert!(send.is_selected().await.unwrap(), "the choice is kept");
        choose_file(b, &path).await;
        b.click("form.import-form button[type=submit]").await;
        b.expect_text("h1", p.review).await;
        let review = b.client.current_url().await.unwrap().to_string();

        // The review: 3 new with Sales, 1 malformed address, 1 unknown department.
        let mut counts = Vec::new();
        for dd in b
            .client
            .find_all(Locator::Css(".import-summary .batch-counts dd"))
            .await
            .unwrap()
        {
            counts.push(dd.text().await.unwrap());
        }
        assert_eq!(
            counts,
            ["3", "0", "0", "2"],
            "new, update, unchanged, error"
        );
        assert_eq!(b.count("tr[data-line]").await, 5);
        b.expect_text("tr[data-line='5']", p.malformed).await;
        // The kind in words; an empty cell shows the default the form chose.
        b.expect_text("tr[data-line='2']", p.employee).await;
        b.expect_text("tr[data-line='4']", p.employee).await;
        b.expect_text("tr[data-line='6']", p.unknown_department)
            .await;
        b.expect_text("form[data-commit-form] .field", p.missing)
            .await;
        shots(b, &format!("import-review-{lang}")).await;

        // The error tab shows the two refused rows only.
        b.click("a[href$='?outcome=error']").await;
        b.expect_text("a[aria-current='true']", "2").await;
        assert_eq!(b.count("tr[data-line]").await, 2);
        shots(b, &format!("import-review-errors-{lang}")).await;

        // Back to all rows, tick (or not) the departments box, commit.
        b.goto(&review).await;
        if p.create_departments {
            b.click("input[name='create_departments']").await;
        }
        b.expect_text("form[data-commit-form] button[type=submit]", p.commit)
            .await;
        b.click("form[data-commit-form] button[type=submit]").await;
        b.expect_text("h2#import-progress-title", "").await;
        wait_for_summary(b, p.done).await;

        // The summary: the bar full, the counts, the refused rows to download.
        let bar: (f64, f64) = serde_json::from_value(
            b.client
                .execute(
                    "var b = document.getElementById('import-bar'); return [b.value, b.max];",
                    vec![],
                )
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(bar, (5.0, 5.0), "the bar is full: every row handled");
        assert_eq!(b.text("[data-count='error']").await, p.refused.to_string());
        assert_eq!(b.text("[data-count='sent']").await, p.saved.to_string());
        assert_eq!(b.text("[data-count='queued']").await, "0");
        let rejected = b
            .client
            .find(Locator::Css("[data-rejected]"))
            .await
            .unwrap();
        assert!(rejected.is_displayed().await.unwrap(), "rejected rows link");
        assert_eq!(
            rejected.attr("href").await.unwrap().as_deref(),
            Some(format!("{}/rejected.csv", review.trim_start_matches(&app.base)).as_str())
        );
        shots(b, &format!("import-done-{lang}")).await;

        // The users table: every imported person is "invited".
        b.goto(&format!("{}/admin/users", app.base)).await;
        let rows = b
            .client
            .find_all(Locator::Css("tr[data-status]"))
            .await
            .unwrap();
        let mut seen = Vec::new();
        for row in rows {
            let text = row.text().await.unwrap();
            for email in good_emails(p) {
                if text.contains(&email) {
                    let status = row.attr("data-status").await.unwrap();
                    assert_eq!(status.as_deref(), Some("invited"), "{email}: {text}");
                    seen.push(email);
                }
            }
        }
        seen.sort();
        let mut expected = good_emails(p);
        expected.sort();
        assert_eq!(seen, expected, "every imported user is in the table");
        assert_eq!(p.saved, expected.len());
        for email in &expected {
            assert_eq!(app.emails_to(email).len(), 1, "one mail to {email}");
        }
        if lang == "en" {
            shots(b, "import-users-en").await;
        }
    }
    browser.close().await;
}
