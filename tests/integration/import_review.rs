//! The import review's pages as a typed or old link asks for them: a page that is not a number
//! is the first, a huge one and one past the end are the last (with its pager), never a bare
//! "Query deserialize error", a panic or an empty table. Each row shows what the file says,
//! its position included.

use crate::both_backends;
use crate::import::{outcomes, row_of, upload};
use crate::support::{Backend, TestApp};

/// `?page=abc` was a 400 in English text/plain, `?page=9223372036854775807` a 500 (multiply
/// overflow), `?page=99999` "No rows here" with no pager.
async fn any_page_asked_for(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("REV-1").build().await;
    let mut csv = String::from("email,first_name\n");
    for i in 0..150 {
        csv.push_str(&format!("p{i}@pages.test,P{i}\n"));
    }
    let review = upload(&admin, csv.as_bytes(), false).await;
    let first_lines: Vec<i32> = (2..102).collect();
    let last_lines: Vec<i32> = (102..152).collect();
    let lines = |body: &str| -> Vec<i32> { outcomes(body).into_iter().map(|(l, _)| l).collect() };
    for (query, expected) in [
        ("?page=abc", &first_lines),
        ("?page=", &first_lines),
        ("?page=-5", &first_lines),
        ("?outcome=new&page=1.5", &first_lines),
        ("?page=9223372036854775807", &last_lines),
        ("?page=99999", &last_lines),
        ("?outcome=new&page=3", &last_lines),
    ] {
        let page = admin.get(&format!("{review}{query}")).await;
        assert_eq!(page.status, 200, "{query}: {}", page.body);
        assert!(
            page.body.contains("<!DOCTYPE html>"),
            "{query}: {}",
            page.body
        );
        assert_eq!(&lines(&page.body), expected, "{query}");
        if expected == &last_lines {
            assert!(
                page.body.contains("rel=\"prev\"") && !page.body.contains("rel=\"next\""),
                "{query}: the last page's pager: {}",
                page.body
            );
        }
    }
}

both_backends!(any_page_asked_for);

/// The file's position column was read and kept but the review did not show it.
async fn the_review_shows_each_rows_position(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("REV-2").build().await;
    let csv = "email,first_name,position\n\
               anna@pos.test,Anna,Head of Sales — EMEA\n\
               boris@pos.test,Boris,\n";
    let review = upload(&admin, csv.as_bytes(), false).await;
    let page = admin.get(&review).await;
    page.assert_ok();
    assert!(
        page.body.contains(r#"<th scope="col">Position</th>"#),
        "{}",
        page.body
    );
    assert!(
        row_of(&page.body, 2)
            .contains(r#"<td class="position" data-label="Position">Head of Sales — EMEA</td>"#),
        "{}",
        page.body
    );
    assert!(
        row_of(&page.body, 3).contains(r#"<td class="position" data-label="Position"></td>"#),
        "{}",
        page.body
    );
    admin
        .post("/lang", &[("lang", "ru"), ("back", review.as_str())])
        .await;
    let page = admin.get(&review).await;
    assert!(
        page.body.contains(r#"<th scope="col">Должность</th>"#),
        "{}",
        page.body
    );
    assert!(
        row_of(&page.body, 2).contains(r#"data-label="Должность">Head of Sales — EMEA</td>"#),
        "{}",
        page.body
    );
}

both_backends!(the_review_shows_each_rows_position);

/// A file with nothing to write and nothing to send offered "Import 0 rows and send 0
/// invitations": now the way to upload it again, and why.
async fn nothing_to_import_offers_no_commit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("REV-3").build().await;
    let csv = "email,first_name\nnot an address,Anna\nalso@bad@x,Boris\n";
    let review = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&review).await;
    page.assert_ok();
    assert!(
        !page
            .body
            .contains(r#"<button type="submit" class="button primary""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Importing this file would change nothing"),
        "{}",
        page.body
    );
    // A file with a row to write keeps its button.
    let csv = "email,first_name\nnot an address,Anna\ncarol@rev3.test,Carol\n";
    let review = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&review).await;
    assert!(
        page.body.contains("Import 1 row and send 1 invitation"),
        "{}",
        page.body
    );
}

both_backends!(nothing_to_import_offers_no_commit);
