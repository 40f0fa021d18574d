//! The users table's search reads what people type: its words in any order ("Petrov Ivan"),
//! `ё` as `е` either way, and phone numbers as written ("+7 905 111-11-11", with the platform's
//! default region "8 (905) 111-11-11") — on the table, its counts, its CSV export and the
//! invitations list.

use crate::both_backends;
use crate::member_search::search as found;
use crate::support::{Backend, TestApp};

async fn words_yo_and_phones_are_read_as_typed(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("W-1").admin("boss@w1.test").build().await;
    for (first, last, email, phone) in [
        ("Иван", "Семёнов", "ivan.s@w1.test", "+7 905 111-11-11"),
        ("Ivan", "Petrov", "ivan.p@w1.test", ""),
        ("Petr", "Ivanov", "petr@w1.test", "+7 905 222-22-22"),
        ("Li", "Wei", "li.wei@w1.test", ""),
        ("Алёна", "Li", "alena@w1.test", ""),
    ] {
        let card = app
            .member(&admin)
            .named(first, last)
            .email(email)
            .phone(phone);
        // Семёнов's invitation is queued with the card: the invitations list below.
        let card = if last == "Семёнов" {
            card.invited()
        } else {
            card
        };
        card.create().await;
    }

    // Words in any order, each somewhere in the card's text.
    assert_eq!(found(&admin, "Petrov Ivan").await, ["Ivan Petrov"]);
    assert_eq!(found(&admin, "ivan   petrov").await, ["Ivan Petrov"]);
    assert_eq!(found(&admin, "Petrov, Ivan").await, ["Ivan Petrov"]);
    assert_eq!(
        found(&admin, "ivan petr").await,
        ["Ivan Petrov", "Petr Ivanov"],
        "both words in both cards"
    );
    assert_eq!(found(&admin, "petrov w1.test ivan").await, ["Ivan Petrov"]);
    // A word too short for the index beside one it answers.
    assert_eq!(found(&admin, "wei li").await, ["Li Wei"]);
    assert_eq!(found(&admin, "li").await, ["Li Wei", "Алёна Li"]);
    assert!(found(&admin, "petrov nobody").await.is_empty());

    // ё and е either way.
    for q in ["Семенов", "семёнов", "СЕМЁН", "Иван Семенов"] {
        assert_eq!(found(&admin, q).await, ["Иван Семёнов"], "{q}");
    }
    assert_eq!(found(&admin, "алена").await, ["Алёна Li"]);

    // Phone numbers as people write them.
    for q in [
        "+7 905 111-11-11",
        "+7 (905) 111 11 11",
        "905 111-11-11",
        "111-11",
    ] {
        assert_eq!(found(&admin, q).await, ["Иван Семёнов"], "{q}");
    }
    assert_eq!(found(&admin, "(905) 222-22-22").await, ["Petr Ivanov"]);
    // A national number with its trunk prefix: only with a default region to read it by.
    assert!(found(&admin, "8 (905) 111-11-11").await.is_empty());
    let op = app.operator_session().await;
    let saved = op
        .post(
            "/platform/settings",
            &[
                ("verification_method", "email_or_phone"),
                ("default_phone_region", "RU"),
                ("default_lifetime_hours", "24"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(found(&admin, "8 (905) 111-11-11").await, ["Иван Семёнов"]);

    // The counts per status and the export select the same cards.
    let page = admin.get("/admin/users?q=Petrov+Ivan").await;
    let all = page
        .body
        .split("<span class=\"count\">")
        .nth(1)
        .unwrap_or_default();
    assert!(all.starts_with("1<"), "{all:.40}");
    let export = admin.get("/admin/users/export.csv?q=8+905+111-11-11").await;
    export.assert_ok();
    assert!(export.body.contains("ivan.s@w1.test"), "{}", export.body);
    assert_eq!(export.body.lines().count(), 2, "{}", export.body);

    // The invitations list finds an invitation by its card the same way.
    for q in ["семенов иван", "8 905 111 11 11"] {
        let query = serde_html_form::to_string([("q", q)].as_slice()).unwrap();
        let list = admin.get(&format!("/admin/invitations?{query}")).await;
        list.assert_ok();
        assert!(list.body.contains("ivan.s@w1.test"), "{q}: {}", list.body);
    }
    let list = admin.get("/admin/invitations?q=petrov+ivan").await;
    assert!(!list.body.contains("ivan.s@w1.test"), "{}", list.body);
    app.run_jobs().await;
    assert!(app.invitation_link("ivan.s@w1.test").contains("/invite/"));
}

both_backends!(words_yo_and_phones_are_read_as_typed);
