//! The refused rows' file is named after the uploaded one, in its own script and with its
//! spaces (RFC 6266 `filename*`), with a plain ASCII name beside it for older clients.

use crate::both_backends;
use crate::support::{Backend, TestApp};

/// RFC 3986 percent-decoding of a header's value.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

async fn the_refused_rows_keep_the_files_name(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("FN-1").build().await;
    admin.get("/admin/import").await.assert_ok();
    let page = admin
        .upload(
            "/admin/import",
            &[("kind", "employee")],
            "Сотрудники отдела.csv",
            b"email,first_name\nnot-an-address,Bad\nok@fn1.test,Ok\n".to_vec(),
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let review = page.location.unwrap();
    let rejected = admin.get(&format!("{review}/rejected.csv")).await;
    rejected.assert_ok();
    let disposition = rejected.headers["content-disposition"].to_str().unwrap();
    let encoded = disposition
        .split("filename*=UTF-8''")
        .nth(1)
        .unwrap_or_else(|| panic!("{disposition}"));
    assert_eq!(percent_decoded(encoded), "Сотрудники отдела-rejected.csv");
    assert!(
        disposition.contains("filename=\"import-rejected.csv\""),
        "{disposition}"
    );
    assert!(rejected.body.contains("not-an-address"));
}

both_backends!(the_refused_rows_keep_the_files_name);
