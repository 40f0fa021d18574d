//! The users table people are used to: sortable columns (name, status, last invitation), a
//! page-size choice, "1–25 of 30", one contact column, and the order kept while paging.

use crate::both_backends;
use crate::support::pages::row_ids;
use crate::support::{Backend, Session, TestApp};

/// The names in the table, in the order shown.
fn names(body: &str) -> Vec<String> {
    body.split("<td class=\"name-cell\"><a href=\"/admin/users/")
        .skip(1)
        .map(|part| {
            part.split('>')
                .nth(1)
                .unwrap_or_default()
                .split('<')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// Ampersands as Askama escapes them in attributes, back to `&`.
fn unescaped(html: &str) -> String {
    html.replace("&#38;", "&").replace("&amp;", "&")
}

async fn five(app: &TestApp, admin: &Session) {
    for (first, last) in [
        ("Anna", "Petrova"),
        ("Boris", "Abramov"),
        ("Clara", "Zimina"),
        ("Denis", "Morozov"),
    ] {
        app.member(admin)
            .named(first, last)
            .email(&format!("{}@t.test", first.to_lowercase()))
            .create()
            .await;
    }
    // One invited, so that statuses and the last invitation differ.
    app.member(admin)
        .named("Egor", "Kuznetsov")
        .email("egor@t.test")
        .invited()
        .create()
        .await;
    app.run_jobs().await;
}

async fn columns_sort_both_ways(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-1").admin("boss@t.test").build().await;
    five(&app, &admin).await;

    let by_name = admin.get("/admin/users?sort=name").await;
    by_name.assert_ok();
    let shown = names(&by_name.body);
    let mut sorted = shown.clone();
    sorted.sort_by_key(|n| n.split(' ').nth(1).unwrap_or_default().to_owned());
    assert_eq!(shown, sorted, "by last name");
    assert_eq!(shown.first().map(String::as_str), Some("Boris Abramov"));
    assert!(by_name.body.contains("aria-sort=\"ascending\""));
    // The header now offers the other direction.
    assert!(unescaped(&by_name.body).contains("href=\"/admin/users?sort=name&dir=desc\""));

    let desc = admin.get("/admin/users?sort=name&dir=desc").await;
    let mut reversed = names(&desc.body);
    reversed.reverse();
    assert_eq!(reversed, shown, "descending is the reverse");
    assert!(desc.body.contains("aria-sort=\"descending\""));

    // Last invitation, newest first: the invited one and the admin lead; never invited last.
    let last = admin.get("/admin/users?sort=last_invited&dir=desc").await;
    let order = names(&last.body);
    assert_eq!(order.len(), 6);
    assert!(
        order[..2].contains(&"Egor Kuznetsov".to_owned()),
        "{order:?}"
    );
    let by_status = admin.get("/admin/users?sort=status").await;
    let statuses: Vec<String> = row_ids(&by_status.body).into_iter().map(|r| r.1).collect();
    let mut expected = statuses.clone();
    expected.sort();
    assert_eq!(statuses, expected);

    // Filters keep the order; the search form carries it.
    let filtered = admin.get("/admin/users?sort=name&kind=employee").await;
    assert!(filtered
        .body
        .contains("<input type=\"hidden\" name=\"sort\" value=\"name\">"));
    // One contact column with the address.
    assert!(by_name.body.contains("<span>anna@t.test</span>"));
}

async fn page_sizes_and_range(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("T-2")
        .admin("boss@t2.test")
        .seats(100)
        .build()
        .await;
    for i in 0..29 {
        app.member(&admin)
            .named("Person", &format!("N{i:02}"))
            .email(&format!("p{i}@t2.test"))
            .create()
            .await;
    }
    let first = admin.get("/admin/users?per_page=25&sort=name").await;
    assert_eq!(row_ids(&first.body).len(), 25);
    assert!(first.body.contains("1–25 of 30"), "{}", first.body);
    let next = first
        .body
        .split("rel=\"next\"")
        .next()
        .and_then(|b| b.rsplit("href=\"").next())
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let next = unescaped(&next);
    assert!(
        next.contains("per_page=25") && next.contains("sort=name"),
        "{next}"
    );
    let second = admin.get(&next).await;
    assert_eq!(row_ids(&second.body).len(), 5);
    assert!(second.body.contains("26–30 of 30"));
    // The pages do not overlap.
    let mut all: Vec<String> = row_ids(&first.body)
        .into_iter()
        .chain(row_ids(&second.body))
        .map(|r| r.0)
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 30);
    // A size that is not offered falls back to 50.
    let odd = admin.get("/admin/users?per_page=7").await;
    assert_eq!(row_ids(&odd.body).len(), 30);
    assert!(odd.body.contains("1–30 of 30"));
    assert!(first.body.contains("Rows per page:"));
}

/// Every page, in every order and under every kind of filter (status, kind, a search with many
/// matches), holds the rows one long first page holds at its place: none skipped, none twice.
async fn later_pages_are_the_rows_in_their_place(backend: Backend) {
    use invitely::db::enums::{MemberKind, MemberStatus};
    use invitely::domain::members::{page, Filter, SortBy};
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let org = app.seed_one_org(130);
    let filters = [
        Filter::default(),
        Filter {
            status: Some(MemberStatus::NotInvited),
            ..Filter::default()
        },
        Filter {
            kind: Some(MemberKind::Customer),
            ..Filter::default()
        },
        Filter {
            q: Some("ivan".into()),
            ..Filter::default()
        },
    ];
    let sorts = [
        SortBy::Newest,
        SortBy::Name,
        SortBy::Status,
        SortBy::LastInvited,
    ];
    for f in &filters {
        for sort in sorts {
            for descending in [false, true] {
                let order = (sort, descending);
                let ids = |number, per_page| {
                    let (rows, more) =
                        page(&mut app.conn(), org, f, order, number, per_page, 130).unwrap();
                    (rows.into_iter().map(|m| m.id).collect::<Vec<_>>(), more)
                };
                let (all, _) = ids(1, 1_000);
                assert!(!all.is_empty(), "{f:?}");
                let mut paged = Vec::new();
                for number in 1.. {
                    let (rows, more) = ids(number, 12);
                    paged.extend(rows);
                    if !more {
                        break;
                    }
                }
                assert_eq!(paged, all, "{f:?} {order:?}");
            }
        }
    }
}

both_backends!(
    columns_sort_both_ways,
    page_sizes_and_range,
    later_pages_are_the_rows_in_their_place
);
