//! An import uploaded and never committed (the admin went away, or uploaded another file) is
//! dropped by housekeeping after a week, with the addresses and numbers its rows hold; a
//! committed one stays.

use crate::both_backends;
use crate::import::upload;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{import_rows, imports};

async fn imports_left_under_review_are_dropped_after_a_week(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("P-1").build().await;
    let left = upload(&admin, b"email,first_name\nleft@p1.test,Left\n", false).await;
    admin.get(&left).await.assert_ok();
    let kept = upload(&admin, b"email,first_name\nkept@p1.test,Kept\n", false).await;
    crate::import::commit(&app, &admin, &kept, &[]).await;
    let count = |app: &TestApp| -> (i64, i64) {
        let imports = imports::table.count().get_result(&mut app.conn()).unwrap();
        let rows = import_rows::table
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        (imports, rows)
    };
    assert_eq!(count(&app), (2, 2));

    let sweep = |app: &TestApp| {
        invitely::domain::housekeeping::sweep(&mut app.conn(), app.clock.now()).unwrap()
    };
    app.clock.advance(time::Duration::days(6));
    assert_eq!(sweep(&app).imports, 0, "not yet a week");
    app.clock.advance(time::Duration::days(2));
    assert_eq!(sweep(&app).imports, 1);
    assert_eq!(count(&app), (1, 1), "the committed import and its row stay");
    let left_id: i64 = left.rsplit('/').next().unwrap().parse().unwrap();
    let ids: Vec<i64> = imports::table
        .select(imports::id)
        .load::<invitely::db::ids::ImportId>(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|id| id.get())
        .collect();
    assert!(!ids.contains(&left_id), "{ids:?}");
}

both_backends!(imports_left_under_review_are_dropped_after_a_week);
