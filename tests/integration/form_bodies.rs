//! How form bodies are read: `multipart/form-data` as well as url-encoded (docs/PRODUCT.md §4),
//! the same fields the same way behind the same CSRF check, a file has no place in them; and a
//! single-value field sent twice is refused, not decided by its order (docs/SECURITY.md B6).

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use invitely::db::enums::MemberKind;
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
    assert!(page.body.contains("action=\"/logout\""), "signed in");
}
/// The cards stored with this e-mail address, counted in the database.
fn cards_with(app: &TestApp, email: &str) -> i64 {
    use diesel::prelude::*;
    use invitely::db::schema::members;
    members::table
        .filter(members::email.eq(email))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// A field that holds one value, posted twice (a second `email`, a second `kind` on the card),
/// is malformed: 400, nothing signed in or written (no card row). The same posts with each
/// field once sign in and write the card, so the checks look where the effect would be.
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
    let once = s
        .post(
            "/login",
            &[("email", "boss@mp2.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        once.status, 303,
        "the same sign-in, each field once: {}",
        once.body
    );
    assert_eq!(s.get("/admin/users").await.status, 200, "signed in");

    let (employee, customer) = (MemberKind::Employee.as_str(), MemberKind::Customer.as_str());
    let card = |kinds: &[&'static str]| {
        let mut fields = vec![("first_name", "Twice"), ("email", "twice@mp2.test")];
        fields.extend(kinds.iter().map(|k| ("kind", *k)));
        fields
    };
    admin.get("/admin/users/new").await.assert_ok();
    let refused = admin
        .post("/admin/users/new", &card(&[employee, customer]))
        .await;
    assert_eq!(
        cards_with(&app, "twice@mp2.test"),
        0,
        "nothing written (status {}): {}",
        refused.status,
        refused.body
    );
    assert_eq!(refused.status, 400, "{}", refused.body);

    admin.get("/admin/users/new").await.assert_ok();
    let written = admin.post("/admin/users/new", &card(&[employee])).await;
    assert_eq!(written.status, 303, "{}", written.body);
    assert_eq!(
        cards_with(&app, "twice@mp2.test"),
        1,
        "the same card, its kind once, is written"
    );
}

/// A body that is no form at all (JSON, plain text) is not taken for a forged one: 415 with a
/// page that says what the address takes, not "the form has expired" — even with the right
/// token in it — and nothing is done.
async fn a_body_that_is_no_form_is_refused_as_such(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("MP-3").admin("boss@mp3.test").build().await;
    let s = app.session();
    s.get("/login").await.assert_ok();
    let token = s.csrf();
    let json =
        format!(r#"{{"csrf_token":"{token}","email":"boss@mp3.test","password":"{PASSWORD}"}}"#);
    for (kind, body) in [("application/json", json.clone()), ("text/plain", json)] {
        let resp = s
            .client
            .post(s.url("/login"))
            .header("Content-Type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 415, "{kind}");
        let page = resp.text().await.unwrap();
        assert!(page.contains("This address takes a form"), "{kind}: {page}");
        assert!(!page.contains("expired"), "{page}");
    }
    assert_eq!(s.get("/admin/users").await.status, 303, "not signed in");
}

both_backends!(
    forms_read_multipart_like_urlencoded,
    a_body_that_is_no_form_is_refused_as_such,
    a_repeated_single_field_is_refused
);
