//! The users table sorted by name reads names as people do, in both languages: case does not
//! matter, `ё` sorts as `е`, and a last name that begins another comes first ("Petrov" before
//! "Petrova") — also across pages (keyset links), and backwards. Byte order put "Brown" before
//! "adams" and "Ёжиков" before "Абрамов".

use crate::both_backends;
use crate::members_table::{names, unescaped};
use crate::support::scratch::{self, scratch};
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use invitely::db::schema::members;

/// "First Last" by last name, then first name, folded as a reader compares them.
fn by_reading(mut shown: Vec<String>) -> Vec<String> {
    let fold = |s: &str| s.to_lowercase().replace('ё', "е");
    shown.sort_by_key(|n| {
        let (first, last) = n.split_once(' ').unwrap_or((n, ""));
        (fold(last), fold(first))
    });
    shown
}

/// The href of the page's link with `rel`.
fn link(body: &str, rel: &str) -> String {
    let href = body
        .split(&format!("rel=\"{rel}\""))
        .next()
        .and_then(|b| b.rsplit("href=\"").next())
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    unescaped(href)
}

async fn names_sort_as_read(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("O-1")
        .admin("boss@o1.test")
        .seats(100)
        .build()
        .await;
    let people = [
        ("Anna", "adams"),
        ("Bob", "Brown"),
        ("Ivan", "Petrova"),
        ("Zoe", "Petrov"),
        ("Борис", "Абрамов"),
        ("Ёлка", "Ёжиков"),
        ("Ефим", "ёлочкин"),
        ("Жанна", "Жуков"),
        ("Яна", "Яковлев"),
        ("Ольга", "Ежова"),
    ];
    for (i, (first, last)) in people.iter().enumerate() {
        app.member(&admin)
            .named(first, last)
            .email(&format!("n{i}@o1.test"))
            .create()
            .await;
    }
    // More than a page of 25, so that the second page is read from the first's last card.
    for i in 0..20 {
        app.member(&admin)
            .named("Filler", &format!("Мельник{i:02}"))
            .email(&format!("f{i}@o1.test"))
            .create()
            .await;
    }
    let first = admin.get("/admin/users?per_page=25&sort=name").await;
    first.assert_ok();
    let shown = names(&first.body);
    assert_eq!(
        shown[..6],
        [
            "Anna adams",
            "Bob Brown",
            "New Member",
            "Zoe Petrov",
            "Ivan Petrova",
            "Борис Абрамов"
        ],
        "{shown:?}"
    );
    let second = admin.get(&link(&first.body, "next")).await;
    second.assert_ok();
    let all: Vec<String> = shown.into_iter().chain(names(&second.body)).collect();
    assert_eq!(all.len(), 31, "{all:?}");
    assert_eq!(all, by_reading(all.clone()));
    let at = |name: &str| all.iter().position(|n| n == name).unwrap();
    assert!(at("Ёлка Ёжиков") < at("Ефим ёлочкин"));
    assert!(at("Ефим ёлочкин") < at("Жанна Жуков"));

    // Backwards: the reverse, across the same pages.
    let desc = admin
        .get("/admin/users?per_page=25&sort=name&dir=desc")
        .await;
    let back = admin.get(&link(&desc.body, "next")).await;
    let mut reversed: Vec<String> = names(&desc.body)
        .into_iter()
        .chain(names(&back.body))
        .collect();
    reversed.reverse();
    assert_eq!(reversed, all);
}

const NAME_KEY: &str = "2026-12-07-000044_name_key";

/// The migration gives the cards before it the key the application writes: the same folding
/// of Latin and Russian capitals and of `ё`, in SQL.
async fn cards_before_get_their_keys(backend: Backend) {
    let Some(mut db) = scratch(backend, "name_order::cards_before_get_their_keys") else {
        return;
    };
    let conn = &mut db.conn;
    scratch::migrate_to(conn, backend, NAME_KEY, false);
    let names = [
        ("Anna", "ADAMS"),
        ("Ёлка", "ЁЖИКОВ"),
        ("Эля", "Щукина-Юрьева"),
        ("ЯНА", "ёлочкин"),
        ("", "Petrov"),
    ];
    let mut sql = String::from(
        "INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit,
             created_at) VALUES (1, 'Org', 'N-1', 100, 50, '2026-01-01 00:00:00');",
    );
    for (i, (first, last)) in names.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO members (id, org_id, first_name, last_name, email, kind, invite_status,
                 created_at, updated_at)
                 VALUES ({}, 1, '{first}', '{last}', 'm{i}@example.com', 'customer',
                 'not_invited', '2026-01-01 00:00:00', '2026-01-01 00:00:00');",
            i + 1
        ));
    }
    conn.batch_execute(&sql).unwrap();
    conn.run_migration(&*scratch::migration(backend, NAME_KEY))
        .unwrap();
    let keys: Vec<String> = members::table
        .order(members::id)
        .select(members::name_key)
        .load(conn)
        .unwrap();
    let written: Vec<String> = names
        .iter()
        .map(|(first, last)| invitely::domain::members::name_key(first, last))
        .collect();
    assert_eq!(keys, written);
}

both_backends!(names_sort_as_read, cards_before_get_their_keys);
