//! A CSV file over `INVITELY_IMPORT_MAX_BYTES` brings back the import form — status 413, the
//! limit as configured ("1,000 bytes", "1 MB") said beside the file field in the page's language, the kind and "Send
//! invitation" as the person chose them (the browser sends them after the file) — not the
//! generic "Too much data" page; nothing is written.

use crate::both_backends;
use crate::import::upload_problem;
use crate::import_process::{invitely, run};
use crate::support::app::Options;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::imports;

const LIMIT: usize = 1000;

/// Posts the import form in a browser's order: the token, the file, then the other fields.
async fn post_in_form_order(
    admin: &Session,
    bytes: Vec<u8>,
    fields: &[(&str, &str)],
) -> (u16, String) {
    admin.get("/admin/import").await.assert_ok();
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("people.csv")
        .mime_str("text/csv")
        .unwrap();
    let mut form = reqwest::multipart::Form::new()
        .text("csrf_token", admin.csrf())
        .part("file", part);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let resp = admin
        .client
        .post(admin.url("/admin/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

fn csv_of(bytes: usize) -> Vec<u8> {
    let mut csv = b"email,first_name\n".to_vec();
    let mut n = 0;
    while csv.len() < bytes {
        csv.extend_from_slice(format!("person{n}@example.test,Person\n").as_bytes());
        n += 1;
    }
    csv
}

async fn an_oversized_file_comes_back_to_the_form(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        Options {
            import_max_bytes: LIMIT,
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    let admin = app.org("ITL-1").build().await;
    // Over the limit, customers, no invitations: the form, saying so, with those choices.
    let (status, body) =
        post_in_form_order(&admin, csv_of(LIMIT + 300), &[("kind", "customer")]).await;
    assert_eq!(status, 413, "{body}");
    assert!(
        body.contains(r#"<form method="post" action="/admin/import""#),
        "{body}"
    );
    assert_eq!(
        upload_problem(&body),
        "The file is larger than 1,000 bytes. Split it into several files and upload them one by \
         one."
    );
    assert!(
        body.contains(r#"<option value="customer" selected>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"name="send_invitation" value="1" >"#),
        "unticked as sent: {body}"
    );
    // Far over it: the request is not read to its end, the form's own choices are offered.
    let (status, body) = post_in_form_order(
        &admin,
        csv_of(LIMIT * 10),
        &[("kind", "customer"), ("send_invitation", "1")],
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert!(upload_problem(&body).starts_with("The file is larger than 1,000 bytes."));
    // In Russian for an admin reading Russian.
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/import")])
        .await;
    assert_eq!(switched.status, 303);
    let (status, body) = post_in_form_order(
        &admin,
        csv_of(LIMIT + 1),
        &[("kind", "employee"), ("send_invitation", "1")],
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(
        upload_problem(&body),
        "Файл больше 1\u{a0}000 байт. Разделите его на несколько файлов и загрузите их по очереди."
    );
    assert!(
        body.contains(r#"<option value="employee" selected>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"name="send_invitation" value="1" checked>"#),
        "{body}"
    );
    // Nothing written; a file within the limit still goes through.
    let staged: i64 = imports::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(staged, 0);
    let (status, body) =
        post_in_form_order(&admin, csv_of(LIMIT - 40), &[("kind", "employee")]).await;
    assert_eq!(status, 303, "{body}");
}

both_backends!(an_oversized_file_comes_back_to_the_form);

/// With `--import-max-bytes 300`, a 420-byte file was refused as "larger than 1 MB" (the limit
/// rounded up to whole megabytes): the refusal and the form's hint say the limit as configured,
/// in English and Russian, on the web and on the command line.
async fn the_refusal_says_the_configured_limit(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        Options {
            import_max_bytes: 300,
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    let admin = app.org("ITL-2").build().await;
    let mut file = csv_of(420);
    file.truncate(420);
    let form = admin.get("/admin/import").await;
    assert!(
        form.body.contains("Up to 300 bytes and "),
        "the hint: {}",
        form.body
    );
    let (status, body) = post_in_form_order(&admin, file.clone(), &[("kind", "employee")]).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(
        upload_problem(&body),
        "The file is larger than 300 bytes. Split it into several files and upload them one by \
         one."
    );
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/import")])
        .await;
    assert_eq!(switched.status, 303);
    let form = admin.get("/admin/import").await;
    assert!(
        form.body.contains("До 300 байт и "),
        "the hint: {}",
        form.body
    );
    let (status, body) = post_in_form_order(&admin, file.clone(), &[("kind", "employee")]).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(
        upload_problem(&body),
        "Файл больше 300 байт. Разделите его на несколько файлов и загрузите их по очереди."
    );
    // The command line reads with the same limit and says it with the setting that sets it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.csv");
    std::fs::write(&path, &file).unwrap();
    let mut cmd = invitely(&app);
    cmd.env("INVITELY_IMPORT_MAX_BYTES", "300")
        .args(["import", "--org", "ITL-2"])
        .arg(&path);
    let out = run(cmd).await;
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the file is larger than the limit of 300 bytes (INVITELY_IMPORT_MAX_BYTES)"),
        "{said}"
    );
    let staged: i64 = imports::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(staged, 0);
}

both_backends!(the_refusal_says_the_configured_limit);

/// A limit of whole megabytes is said in megabytes.
async fn a_limit_in_megabytes_is_said_in_megabytes(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        Options {
            import_max_bytes: 1 << 20,
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    let admin = app.org("ITL-3").build().await;
    let (status, body) =
        post_in_form_order(&admin, csv_of((1 << 20) + 100), &[("kind", "employee")]).await;
    assert_eq!(status, 413, "{body}");
    assert!(upload_problem(&body).starts_with("The file is larger than 1 MB."));
    assert!(body.contains("Up to 1 MB and "), "the hint: {body}");
}

both_backends!(a_limit_in_megabytes_is_said_in_megabytes);
