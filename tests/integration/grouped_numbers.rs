//! Numbers people read are grouped as their language writes them: the users table's counts,
//! its range and "Select all … matching" with 1,200 cards ("1,200" in English, "1 200" with
//! no-break spaces in Russian); the import form's row limit.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;

const CARDS: i64 = 1_200;

async fn the_users_table_groups_thousands(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("G-1")
        .admin("boss@g1.test")
        .seats(5_000)
        .build()
        .await;
    // Cards straight into the database (the page counts whatever is there).
    for from in (1..=CARDS).step_by(100) {
        let values: Vec<String> = (from..(from + 100).min(CARDS + 1))
            .map(|i| {
                format!(
                    "((SELECT id FROM organisations WHERE customer_number = 'G-1'), 'Card',
                      'No {i}', 'c{i}@g1.test', 'employee', 'not_invited', 'card no {i}',
                      'no {i}', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                )
            })
            .collect();
        app.conn()
            .batch_execute(&format!(
                "INSERT INTO members (org_id, first_name, last_name, email, kind, invite_status,
                     search_text, name_key, created_at, updated_at) VALUES {};",
                values.join(",")
            ))
            .unwrap();
    }
    // The admin's own card is one more.
    let en = admin.get("/admin/users?status=not_invited").await;
    en.assert_ok();
    assert!(en.body.contains("1–50 of 1,200"), "{}", en.body);
    assert!(
        en.body.contains("<span class=\"count\">1,201</span>"),
        "{}",
        en.body
    );
    assert!(en.body.contains("Select all 1,200 matching"), "{}", en.body);

    admin.post("/lang", &[("lang", "ru")]).await;
    let ru = admin.get("/admin/users?status=not_invited").await;
    assert!(ru.body.contains("1–50 из 1\u{a0}200"), "{}", ru.body);
    assert!(
        ru.body.contains("<span class=\"count\">1\u{a0}201</span>"),
        "{}",
        ru.body
    );

    let import = admin.get("/admin/import").await;
    import.assert_ok();
    assert!(
        import.body.contains("200\u{a0}000 строк"),
        "the default row limit: {}",
        import.body
    );
}

both_backends!(the_users_table_groups_thousands);
