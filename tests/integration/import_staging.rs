//! An upload's rows are stored a few thousand to a write transaction (SQLite's one writer is
//! never held for a whole file), under an import that stays `staging` — shown nowhere — until
//! its last row is in: a file longer than one transaction is staged whole, duplicates found
//! across transactions; a failure part-way leaves no import behind; and one a crash left
//! staging is hidden, then swept by housekeeping after an hour.

use crate::both_backends;
use crate::import::upload;
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use invitely::db::ids::ImportId;
use invitely::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use invitely::db::schema::{import_rows, imports};

/// `rows` distinct people, and the first one again as the last row.
fn people(tag: &str, rows: usize) -> Vec<u8> {
    let mut csv = String::from("email,first_name,last_name\n");
    for i in 0..rows {
        csv.push_str(&format!("p{i}@{tag}.test,P{i},Person\n"));
    }
    csv.push_str(&format!("p0@{tag}.test,Again,Person\n"));
    csv.into_bytes()
}

fn import_id(review: &str) -> ImportId {
    review.rsplit('/').next().unwrap().parse().unwrap()
}

fn counts(app: &TestApp) -> (i64, i64) {
    let imports = imports::table.count().get_result(&mut app.conn()).unwrap();
    let rows = import_rows::table
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    (imports, rows)
}

async fn a_file_longer_than_a_transaction_is_staged_whole(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("ST-1").build().await;
    // 12,000 rows and the first again: three transactions of rows, the duplicate in the last.
    let review = upload(&admin, &people("st1", 12_000), false).await;
    let id = import_id(&review);
    let status: ImportStatus = imports::table
        .find(id)
        .select(imports::status)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(status, ImportStatus::Review);
    assert_eq!(counts(&app), (1, 12_001));
    let refused: Vec<(i32, Option<ImportProblem>)> = import_rows::table
        .filter(import_rows::outcome.eq(ImportOutcome::Error))
        .select((import_rows::line, import_rows::problem))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        refused,
        vec![(12_002, Some(ImportProblem::DuplicateInFile))],
        "the last row repeats the first, found across transactions"
    );
    let page = admin.get(&review).await;
    page.assert_ok();
    assert!(page.body.contains("12,000"), "{}", page.body);
}

both_backends!(a_file_longer_than_a_transaction_is_staged_whole);

/// Makes the insert of the file's row on `line` fail, as a database refusing a write would.
fn refuse_row(app: &TestApp, backend: Backend, line: i32) {
    let sql = match backend {
        Backend::Sqlite => format!(
            "CREATE TRIGGER refuse_row BEFORE INSERT ON import_rows WHEN NEW.line = {line} \
             BEGIN SELECT RAISE(ABORT, 'refused'); END;"
        ),
        Backend::Postgres => format!(
            "CREATE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN \
             IF NEW.line = {line} THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; \
             END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER refuse_row BEFORE INSERT ON import_rows \
             FOR EACH ROW EXECUTE FUNCTION refuse_row();"
        ),
    };
    app.conn().batch_execute(&sql).unwrap();
}

async fn a_failure_while_staging_leaves_no_import(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("ST-2").build().await;
    // Line 8,000 is in the second transaction: the first one's rows are already stored.
    refuse_row(&app, backend, 8_000);
    admin.get("/admin/import").await.assert_ok();
    let page = admin
        .upload(
            "/admin/import",
            &[("kind", "employee")],
            "people.csv",
            people("st2", 9_000),
        )
        .await;
    assert_eq!(page.status, 500, "{}", page.body);
    assert_eq!(counts(&app), (0, 0), "nothing half-stored stays");
    let list = admin.get("/admin/import").await;
    list.assert_ok();
    assert!(!list.body.contains("/admin/import/"), "{}", list.body);
}

both_backends!(a_failure_while_staging_leaves_no_import);

async fn an_import_left_staging_is_hidden_then_swept(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("ST-3").build().await;
    let review = upload(&admin, &people("st3", 3), false).await;
    let id = import_id(&review);
    // What a crash part-way through staging leaves.
    diesel::update(imports::table.find(id))
        .set(imports::status.eq(ImportStatus::Staging))
        .execute(&mut app.conn())
        .unwrap();
    assert_eq!(admin.get(&review).await.status, 404);
    let list = admin.get("/admin/import").await;
    list.assert_ok();
    assert!(!list.body.contains(&review), "{}", list.body);

    let sweep = |app: &TestApp| {
        invitely::domain::housekeeping::sweep(&mut app.conn(), app.clock.now()).unwrap()
    };
    app.clock.pin();
    app.clock.advance(time::Duration::minutes(59));
    assert_eq!(sweep(&app).imports, 0, "not yet an hour");
    assert_eq!(counts(&app), (1, 4));
    app.clock.advance(time::Duration::minutes(2));
    assert_eq!(sweep(&app).imports, 1);
    assert_eq!(counts(&app), (0, 0), "the import and its rows are gone");
}

both_backends!(an_import_left_staging_is_hidden_then_swept);
