//! The users table's search (issue 10 P1): a substring of the name, e-mail or phone, found
//! through a trigram index kept in step with the cards by triggers (FTS5 on SQLite; on
//! PostgreSQL a table of the texts with a GIN index of trigrams hashed per organisation), with the
//! same answers as a plain substring match.

use crate::both_backends;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::DbConnection;

/// The names in the table, in the order shown.
fn shown(body: &str) -> Vec<String> {
    body.split("<td class=\"name-cell\"><a href=\"/admin/users/")
        .skip(1)
        .map(|part| {
            let name = part.split('>').nth(1).unwrap_or_default();
            name.split('<').next().unwrap_or_default().to_owned()
        })
        .collect()
}

/// The names the users table shows for a search, sorted.
pub(crate) async fn search(admin: &Session, q: &str) -> Vec<String> {
    let query = serde_html_form::to_string([("q", q)].as_slice()).unwrap();
    let page = admin.get(&format!("/admin/users?{query}")).await;
    page.assert_ok();
    let mut names = shown(&page.body);
    names.sort();
    names
}

#[derive(QueryableByName)]
struct Hits {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many rows of every organisation the search index itself holds `text` in: FTS5's on
/// SQLite, the indexed table of texts on PostgreSQL.
fn index_hits(app: &TestApp, text: &str) -> i64 {
    index_hits_in(&mut app.conn(), text)
}

/// [`index_hits`] on a connection of its own (a migration's test database).
pub(crate) fn index_hits_in(conn: &mut DbConnection, text: &str) -> i64 {
    let hits = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT COUNT(*) AS n FROM members_search WHERE members_search MATCH ?",
        )
        .bind::<diesel::sql_types::Text, _>(format!("\"{text}\""))
        .get_result::<Hits>(c),
        DbConnection::Pg(c) => {
            diesel::sql_query("SELECT COUNT(*) AS n FROM members_search WHERE search_text LIKE $1")
                .bind::<diesel::sql_types::Text, _>(format!("%{text}%"))
                .get_result::<Hits>(c)
        }
    };
    hits.unwrap().n
}

async fn substrings_are_found_through_the_index(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Q-1").admin("boss@q1.test").build().await;
    let other = app.org("Q-2").admin("boss@q2.test").build().await;
    let mut ids = Vec::new();
    for (first, last, email, phone) in [
        ("Anna", "Petrova", "anna.p@q1.test", ""),
        ("Boris", "Petrov", "boris@q1.test", "+79051234567"),
        ("Светлана", "Ёлкина", "sveta@q1.test", ""),
        ("Percent", "Fifty%Off", "pct@q1.test", ""),
        ("Under", "Score_Man", "under@q1.test", ""),
    ] {
        let id = app
            .member(&admin)
            .named(first, last)
            .email(email)
            .phone(phone)
            .create()
            .await;
        ids.push(id);
    }
    // Another organisation's card matching the same texts never shows.
    app.member(&other)
        .named("Pyotr", "Petrov")
        .email("pyotr@q2.test")
        .create()
        .await;

    assert_eq!(
        search(&admin, "petrov").await,
        ["Anna Petrova", "Boris Petrov"]
    );
    assert_eq!(
        search(&admin, "PETROVA").await,
        ["Anna Petrova"],
        "any case"
    );
    assert_eq!(search(&admin, "q1.test").await.len(), 6, "e-mail part");
    assert_eq!(
        search(&admin, "1234567").await,
        ["Boris Petrov"],
        "phone digits"
    );
    assert_eq!(search(&admin, "ёлк").await, ["Светлана Ёлкина"], "Cyrillic");
    assert_eq!(
        search(&admin, "ёл").await,
        ["Светлана Ёлкина"],
        "two letters: the scan"
    );
    assert_eq!(
        search(&admin, "ty%of").await,
        ["Percent Fifty%Off"],
        "% is a letter"
    );
    assert_eq!(
        search(&admin, "e_m").await,
        ["Under Score_Man"],
        "_ is a letter"
    );
    assert!(
        search(&admin, "e%m").await.is_empty(),
        "% matches only itself"
    );
    assert!(search(&admin, "\"petrov").await.is_empty());
    assert!(search(&admin, "nobody-here").await.is_empty());
    assert_eq!(
        index_hits(&app, "petrov"),
        3,
        "the index holds every organisation's cards"
    );

    // An edited card is found by its new name only.
    let boris = &ids[1];
    let edit = admin
        .post(
            &format!("/admin/users/{boris}"),
            &[
                ("first_name", "Boris"),
                ("last_name", "Sidorov"),
                ("email", "boris@q1.test"),
                ("phone", "+79051234567"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(edit.status, 303, "{}", edit.body);
    assert_eq!(search(&admin, "petrov").await, ["Anna Petrova"]);
    assert_eq!(search(&admin, "sidoro").await, ["Boris Sidorov"]);
    assert_eq!(index_hits(&app, "petrov"), 2, "the old text left the index");

    // The counts per status follow the search ("All" first).
    let page = admin.get("/admin/users?q=petrov").await;
    let all = page
        .body
        .split("<span class=\"count\">")
        .nth(1)
        .unwrap_or_default();
    assert!(all.starts_with("1<"), "{all:.40}");

    // A card deleted with its organisation leaves the index too.
    assert_eq!(index_hits(&app, "q2.test"), 2);
    diesel::delete(invitely::db::schema::members::table)
        .filter(invitely::db::schema::members::email.eq("pyotr@q2.test"))
        .execute(&mut *app.conn())
        .unwrap();
    assert_eq!(index_hits(&app, "q2.test"), 1);
}

/// Many matches are read in the page's order, few are looked up by key (`list::page` picks by
/// the count): both ways give the same pages and counts.
async fn both_ways_of_reading_matches_agree(backend: Backend) {
    use invitely::domain::members::{
        page, status_counts, Filter, Page, PageAt, SearchText, SortBy,
    };
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let org = app.seed_one_org(1_200);
    // Every card's text, kind and status: the counts below are checked against these.
    use invitely::db::enums::{MemberKind, MemberStatus};
    use invitely::db::schema::members;
    let cards: Vec<(
        invitely::db::ids::MemberId,
        String,
        MemberKind,
        MemberStatus,
    )> = members::table
        .filter(members::org_id.eq(org))
        .select((
            members::id,
            members::search_text,
            members::kind,
            members::invite_status,
        ))
        .load(&mut *app.conn())
        .unwrap();
    let text_of: std::collections::HashMap<_, _> =
        cards.iter().map(|(id, text, ..)| (*id, text)).collect();
    for q in ["ivan", "petrov1", "example.com", "smith11"] {
        for kind in [None, Some(MemberKind::Employee)] {
            let f = Filter {
                q: SearchText::read(q),
                kind,
                ..Filter::default()
            };
            let mut expected = std::collections::HashMap::<MemberStatus, i64>::new();
            for (_, _, _, status) in cards
                .iter()
                .filter(|(_, text, k, _)| text.contains(q) && kind.is_none_or(|kind| *k == kind))
            {
                *expected.entry(*status).or_default() += 1;
            }
            let counts = status_counts(&mut app.conn(), org, &f).unwrap();
            assert_eq!(
                counts, expected,
                "counts per status of {q:?}, kind {kind:?}"
            );
        }
        let f = Filter {
            q: SearchText::read(q),
            ..Filter::default()
        };
        let counts = status_counts(&mut app.conn(), org, &f).unwrap();
        let matching: i64 = counts.values().sum();
        assert!(matching > 0, "{q}");
        let orders = [
            (SortBy::Newest, true),
            (SortBy::Name, false),
            (SortBy::Status, true),
            (SortBy::LastInvited, false),
        ];
        // With a status too: the way is chosen by the matches in every status.
        let in_status = Filter {
            status: Some(MemberStatus::NotInvited),
            ..f.clone()
        };
        for (f, order) in [&f, &in_status]
            .into_iter()
            .flat_map(|f| orders.map(|o| (f, o)))
        {
            for number in [1, 2, 5] {
                let at = PageAt::number(number);
                let led = page(&mut app.conn(), org, f, order, at, 25, 0).unwrap();
                let in_order = page(&mut app.conn(), org, f, order, at, 25, 1_000_000).unwrap();
                let ids = |p: &Page| (p.rows.iter().map(|m| m.id).collect::<Vec<_>>(), p.has_next);
                assert_eq!(ids(&led), ids(&in_order), "{f:?} {order:?} page {number}");
                assert!(led.rows.iter().all(|m| text_of[&m.id].contains(q)), "{q}");
                assert!(
                    led.rows
                        .iter()
                        .all(|m| f.status.is_none_or(|s| m.invite_status == s)),
                    "{f:?}"
                );
            }
        }
    }
    // "example.com" is in every seeded card with an e-mail (9 in 10): the many-matches way.
    let f = Filter {
        q: SearchText::read("example.com"),
        ..Filter::default()
    };
    let all: i64 = status_counts(&mut app.conn(), org, &f)
        .unwrap()
        .values()
        .sum();
    assert_eq!(all, 1_080);
}

both_backends!(
    substrings_are_found_through_the_index,
    both_ways_of_reading_matches_agree
);

#[derive(QueryableByName)]
struct Segments {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// On SQLite: the number of segments the FTS5 index is made of.
fn segments(app: &TestApp) -> i64 {
    let mut conn = app.conn();
    let DbConnection::Sqlite(c) = &mut *conn else {
        unreachable!("SQLite only")
    };
    diesel::sql_query("SELECT COUNT(DISTINCT segid) AS n FROM members_search_idx")
        .get_result::<Segments>(c)
        .unwrap()
        .n
}

/// Cards written one statement at a time leave the FTS5 index in many segments (slow to
/// search); housekeeping sweeps merge it, a bounded part per sweep, into one — with the same
/// answers.
#[actix_web::test]
async fn housekeeping_merges_the_search_index() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let admin = app.org("M-1").admin("boss@m1.test").build().await;
    // Twenty writes of 300 cards each (`Merge<i>-<n>`): each leaves a segment behind.
    for i in 0..20 {
        diesel::sql_query(format!(
            "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 300) \
             INSERT INTO members (org_id, first_name, last_name, email, kind, invite_status, \
             is_admin, position, search_text, created_at, updated_at) \
             SELECT m.org_id, 'Merge{i}', 'Card' || k, 'merge{i}-' || k || '@m1.test', m.kind, \
             'not_invited', FALSE, '', 'merge{i} card' || k || ' merge{i}-' || k || '@m1.test', \
             m.created_at, m.updated_at FROM n, (SELECT * FROM members LIMIT 1) m"
        ))
        .execute(&mut *app.conn())
        .unwrap();
    }
    let before = segments(&app);
    assert!(before > 1, "{before} segments");
    let found = search(&admin, "merge7-12").await;
    let mut sweeps = 0;
    while segments(&app) > 1 {
        invitely::domain::housekeeping::sweep(&mut app.conn(), app.clock.now()).unwrap();
        sweeps += 1;
        assert!(
            sweeps < 50,
            "{} segments after {sweeps} sweeps",
            segments(&app)
        );
    }
    assert_eq!(search(&admin, "merge7-12").await, found);
    // merge7-12, merge7-120 … merge7-129
    assert_eq!(
        found,
        vec!["Merge7 Card12".to_owned()]
            .into_iter()
            .chain((120..=129).map(|k| format!("Merge7 Card{k}")))
            .collect::<Vec<_>>()
    );
}

/// A search page's statements are prepared once per connection and kept on SQLite, in each way
/// of reading matches, and so are its counts' (Diesel's `dsl::sql` and `sql_query` never let
/// them be kept: SQLite parsed and planned every search page anew); on PostgreSQL, where a kept statement would be planned generically, each
/// search is still planned for its text.
async fn search_pages_are_kept_prepared_on_sqlite(backend: Backend) {
    use invitely::domain::members::{
        page, status_counts, Filter, Page, PageAt, SearchText, SortBy,
    };
    use std::sync::{Arc, Mutex};
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let org = app.seed_one_org(1_200);
    let kept = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut conn = app.conn();
    let seen = Arc::clone(&kept);
    conn.set_instrumentation(move |event: diesel::connection::InstrumentationEvent<'_>| {
        if let diesel::connection::InstrumentationEvent::CacheQuery { sql, .. } = event {
            seen.lock().unwrap().push(sql.to_owned());
        }
    });
    let sqlite = matches!(&*conn, DbConnection::Sqlite(_));
    // Few matches (the index leads) newest first and by last invitation, many newest first
    // (`LIKE` in order), two letters by name (`LIKE` alone; it is also the statement of many
    // matches by name, and newest first that of many newest first).
    let ways = [
        ("petrov1", "smirnov", SortBy::Newest, 10),
        ("petrov1", "smirnov", SortBy::LastInvited, 10),
        ("ivan", "anna", SortBy::Newest, 1_000),
        ("iv", "an", SortBy::Name, 10),
    ];
    for (q, another, sort, matching) in ways {
        let f = Filter {
            q: SearchText::read(q),
            ..Filter::default()
        };
        let before = kept.lock().unwrap().len();
        let at = PageAt::number(1);
        let first = page(&mut conn, org, &f, (sort, false), at, 25, matching).unwrap();
        let cached = kept.lock().unwrap().len() - before;
        assert_eq!(cached, usize::from(sqlite), "{q} {sort:?}: statements kept");
        // Another text the same way: the kept statement answers, with its own rows.
        let other = Filter {
            q: SearchText::read(another),
            ..Filter::default()
        };
        page(&mut conn, org, &other, (sort, false), at, 25, matching).unwrap();
        let again = page(&mut conn, org, &f, (sort, false), at, 25, matching).unwrap();
        assert_eq!(
            kept.lock().unwrap().len() - before,
            cached,
            "{q}: prepared again"
        );
        let ids = |p: &Page| p.rows.iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(&again), ids(&first), "{q} {sort:?}");
        assert!(!first.rows.is_empty(), "{q} {sort:?}");
    }
    // The counts per status of a search likewise.
    let before = kept.lock().unwrap().len();
    for q in ["ivan", "anna", "ivan"] {
        let f = Filter {
            q: SearchText::read(q),
            ..Filter::default()
        };
        assert!(
            !status_counts(&mut conn, org, &f).unwrap().is_empty(),
            "{q}"
        );
    }
    assert_eq!(
        kept.lock().unwrap().len() - before,
        usize::from(sqlite),
        "counts' statements kept"
    );
    conn.set_instrumentation(|_: diesel::connection::InstrumentationEvent<'_>| {});
}

both_backends!(search_pages_are_kept_prepared_on_sqlite);
