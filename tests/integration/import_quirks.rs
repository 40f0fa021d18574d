//! Files as old or odd spreadsheets write them, through the upload and its review: line ends of
//! a lone CR (old Mac Excel), a column left without a name over filled cells, Windows-1251
//! whose only bytes above ASCII are punctuation, a name on two lines of a quoted cell.

use crate::both_backends;
use crate::import::{commit, outcomes, upload, upload_problem};
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{import_rows, members};

/// A file whose lines end in a lone CR was read as one line for every row, and the review's
/// rows then collided (500, "UNIQUE constraint failed: import_rows.import_id,
/// import_rows.line"): each CR is a line end.
async fn cr_only_line_ends(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("QRK-1").build().await;
    let review = upload(
        &admin,
        b"email,first_name\rcr1@a.test,A\rcr2@a.test,B\r",
        false,
    )
    .await;
    let page = admin.get(&review).await;
    page.assert_ok();
    let got = outcomes(&page.body);
    let got: Vec<(i32, &str)> = got.iter().map(|(l, o)| (*l, o.as_str())).collect();
    assert_eq!(got, [(2, "new"), (3, "new")], "{}", page.body);
    commit(&app, &admin, &review, &[]).await;
    let emails: Vec<String> = members::table
        .select(members::email)
        .filter(members::email.like("cr%"))
        .order(members::email)
        .load::<Option<String>>(&mut app.conn())
        .unwrap()
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(emails, ["cr1@a.test", "cr2@a.test"]);
}

/// A header cell left empty over filled cells was explained as "a quote that is never closed,
/// or more cells than the header row": the message names the column without a name.
async fn a_column_without_a_name(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("QRK-2").build().await;
    admin.get("/admin/import").await.assert_ok();
    let csv = b"email,,first_name\nx@a.test,some note,Ann\n".to_vec();
    let page = admin
        .upload("/admin/import", &[("kind", "employee")], "notes.csv", csv)
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        upload_problem(&page.body),
        "Column 2 has no name in the header row, but line 2 has a value in it. Name that column \
         in the first row (or delete the column) and upload the file again."
    );
}

/// A Windows-1251 file whose only bytes above ASCII are typographic punctuation (an em dash)
/// was refused as "not a CSV text file".
async fn windows_1251_punctuation_alone(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("QRK-3").build().await;
    let csv =
        b"email;first_name;last_name;position\r\nw1@a.test;Ivan;Petrov;Head of Sales \x97 EMEA";
    let review = upload(&admin, csv, false).await;
    let page = admin.get(&review).await;
    let got = outcomes(&page.body);
    assert_eq!(got, [(2, "new".to_owned())], "{}", page.body);
    let positions: Vec<String> = import_rows::table
        .select(import_rows::position)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(positions, ["Head of Sales — EMEA"]);
}

/// A quoted name on two lines, `"B\r\nC"`, was stored as "BC": the line break is a space.
async fn a_name_on_two_lines(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("QRK-4").build().await;
    let csv = b"email,first_name,last_name\r\nml@a.test,\"B\r\nC\",\"Van\nder\r\n\r\nBerg\"\r\n";
    let review = upload(&admin, csv, false).await;
    commit(&app, &admin, &review, &[]).await;
    let names: Vec<(String, String)> = members::table
        .filter(members::email.eq("ml@a.test"))
        .select((members::first_name, members::last_name))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(names, [("B C".to_owned(), "Van der Berg".to_owned())]);
}

both_backends!(
    a_name_on_two_lines,
    cr_only_line_ends,
    a_column_without_a_name,
    windows_1251_punctuation_alone
);
