//! How form bodies are read: `multipart/form-data` as well as url-encoded (docs/PRODUCT.md §4),
//! the same fields the same way behind the same CSRF check, a file has no place in them; and a
//! single-value field sent twice is refused, not decided by its order (docs/SECURITY.md B6).

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use reqwest::multipart::{Form, Part};

/// Posts `form` to `/login` as multipart; the status and where it leads.
async fn sign_in(s: &Session, form: Form) -> (u16, Option<String>) {
    let resp = s
        .client
        .post(s.url("/login"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (resp.status().as_u16(), location)
}

fn fields(token: Option<&str>, password: &str) -> Form {
    let form = Form::new()
        .text("email", "boss@mp1.test")
        .text("password", password.to_owned());
    match token {
        Some(t) => form.text("csrf_token", t.to_owned()),
        None => form,
    }
}

async fn forms_read_multipart_like_urlencoded(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("MP-1").admin("boss@mp1.test").build().await;
    let s = app.session();
    s.get("/login").await.assert_ok();
    let token = s.csrf();

    let (status, _) = sign_in(&s, fields(None, PASSWORD)).await;
    assert_eq!(status, 403, "no token: refused like any forgery");
    let (status, _) = sign_in(&s, fields(Some(&token), "not the password")).await;
    assert_eq!(status, 422, "read, and the password checked");
    let with_file = fields(Some(&token), PASSWORD)
        .part("attachment", Part::bytes(b"x".to_vec()).file_name("x.txt"));
    let (status, _) = sign_in(&s, with_file).await;
    assert_eq!(status, 400, "a file has no place in a sign-in form");
    let (status, location) = sign_in(&s, fields(Some(&token), PASSWORD)).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/"));
    let page = s.get("/admin/users").await;
    page.assert_ok();
    assert!(page.body.contains("boss@mp1.test"), "signed in");
}
/// A field that holds one value, posted twice (a second `email`, a second `kind` on the card),
/// is malformed: 400, nothing signed in or written.
async fn a_repeated_single_field_is_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MP-2").admin("boss@mp2.test").build().await;
    let s = app.session();
    s.get("/login").await.assert_ok();
    let twice = s
        .post(
            "/login",
            &[
                ("email", "nobody@mp2.test"),
                ("email", "boss@mp2.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(twice.status, 400, "{}", twice.body);
    assert_eq!(s.get("/admin/users").await.status, 303, "not signed in");

    admin.get("/admin/users/new").await.assert_ok();
    let card = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Twice"),
                ("email", "twice@mp2.test"),
                ("kind", "employee"),
                ("kind", "customer"),
            ],
        )
        .await;
    assert_eq!(card.status, 400, "{}", card.body);
    let list = admin.get("/admin/users?q=twice").await;
    assert!(!list.body.contains("twice@mp2.test"), "nothing written");
}

both_backends!(
    forms_read_multipart_like_urlencoded,
    a_repeated_single_field_is_refused
);
