//! A UTF-8 file with a line saved in Windows-1251 pasted into it was read as Windows-1251
//! throughout: its review showed "Р®Р»СЏ" for "Юля", with no warning, and committing saved the
//! mojibake. It is refused, on the web (the form again, 422, its choices kept, in the page's
//! language) and on the command line (exit 2), naming the lines that are not UTF-8; nothing is
//! written. A file in Windows-1251 throughout still imports.

use crate::both_backends;
use crate::import::{fixture, upload, upload_problem};
use crate::import_process::{invitely, run};
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{import_rows, imports, members};

const HEADER: &str = "email,first_name,last_name,position\r\n";

fn windows_1251(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The reviewer's file: UTF-8, but for line 3 (or lines 3 onwards, `bad` of them), saved in
/// Windows-1251.
fn mixed(bad: usize) -> Vec<u8> {
    let mut file = format!("{HEADER}yulia@example.test,Юля,Smirnova,Accountant\r\n").into_bytes();
    for n in 0..bad {
        file.extend(windows_1251(&format!(
            "ivan{n}@example.test,Иван,Петров,Начальник отдела продаж\r\n"
        )));
    }
    file.extend_from_slice(b"anna@example.test,Anna,Ivanova,Lawyer\r\n");
    file
}

fn count_imports(app: &TestApp) -> i64 {
    imports::table.count().get_result(&mut app.conn()).unwrap()
}

async fn a_utf8_file_with_a_windows_1251_line_is_refused_naming_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("INU-1").build().await;
    let members_before: i64 = members::table.count().get_result(&mut app.conn()).unwrap();
    admin.get("/admin/import").await.assert_ok();
    let page = admin
        .upload(
            "/admin/import",
            &[("kind", "customer")],
            "people.csv",
            mixed(1),
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        upload_problem(&page.body),
        "Line 3 of the file is not valid UTF-8, though the rest of the file is: it was probably \
         saved in another encoding, such as Windows-1251, and pasted in. Retype that line (or \
         save the whole file again as \"CSV UTF-8 (comma delimited)\") and upload the file again."
    );
    assert!(!page.body.contains("Р®Р»СЏ"), "{}", page.body);
    // The form again with what was chosen: customers, no invitations.
    assert!(
        page.body
            .contains(r#"<form method="post" action="/admin/import""#),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"<option value="customer" selected>"#),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"name="send_invitation" value="1" >"#),
        "unticked as sent: {}",
        page.body
    );

    // In Russian, several lines: the first five named, the rest counted; the box stays ticked.
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/import")])
        .await;
    assert_eq!(switched.status, 303);
    admin.get("/admin/import").await.assert_ok();
    let page = admin
        .upload(
            "/admin/import",
            &[("kind", "employee"), ("send_invitation", "1")],
            "people.csv",
            mixed(7),
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        upload_problem(&page.body),
        "Строки 3, 4, 5, 6, 7 (и ещё 2) файла записаны не в UTF-8, хотя остальной файл — в \
         UTF-8: вероятно, их сохранили в другой кодировке, например Windows-1251, и вставили в \
         файл. Наберите эти строки заново (или сохраните весь файл как «CSV UTF-8 (разделитель \
         — запятая)») и загрузите файл снова."
    );
    assert!(
        page.body
            .contains(r#"name="send_invitation" value="1" checked>"#),
        "{}",
        page.body
    );
    assert_eq!(count_imports(&app), 0, "nothing staged");

    // The command line reads the file the same way: refused, exit 2, nothing written.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(&file, mixed(1)).unwrap();
    let mut cmd = invitely(&app);
    cmd.args(["import", "--org", "INU-1", "--send-invitations"])
        .arg(&file);
    let out = run(cmd).await;
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "could not run: {said}");
    assert!(
        said.contains("Line 3 of the file is not valid UTF-8"),
        "{said}"
    );
    assert_eq!(count_imports(&app), 0, "nothing staged");
    let members_after: i64 = members::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(members_after, members_before);

    // Windows-1251 throughout still imports, its names as typed, on the web and the command
    // line.
    let review = upload(&admin, &fixture("windows1251.csv"), false).await;
    admin.get(&review).await.assert_ok();
    let mut whole = windows_1251(HEADER);
    whole.extend(windows_1251(
        "ivan@example.test,Иван,Петров,Начальник отдела продаж\r\n",
    ));
    std::fs::write(&file, whole).unwrap();
    let mut cmd = invitely(&app);
    cmd.args(["import", "--org", "INU-1"]).arg(&file);
    let out = run(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = import_rows::table
        .select(import_rows::first_name)
        .load(&mut app.conn())
        .unwrap();
    assert!(names.contains(&"Анна".to_owned()), "{names:?}");
    assert!(names.contains(&"Иван".to_owned()), "{names:?}");
}

both_backends!(a_utf8_file_with_a_windows_1251_line_is_refused_naming_it);
