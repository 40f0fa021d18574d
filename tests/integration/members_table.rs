//! The users table people are used to: sortable columns (name, status, last invitation), a
//! page-size choice, "1–25 of 30", one contact column, and the order kept while paging.

use crate::both_backends;
use crate::support::pages::row_ids;
use crate::support::{Backend, Session, TestApp};

/// The names in the table, in the order shown.
pub(crate) fn names(body: &str) -> Vec<String> {
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
pub(crate) fn unescaped(html: &str) -> String {
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
    // The address in its own column, the phone in the next (docs/UX.md: the users table).
    assert!(by_name
        .body
        .contains("<td class=\"email-cell\" data-label=\"E-mail\">anna@<wbr>t.<wbr>test</td>"));
    assert!(by_name
        .body
        .contains("<th scope=\"col\">E-mail</th>\n            <th scope=\"col\">Phone</th>"));
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
/// matches), holds the rows one long first page holds at its place: none skipped, none twice —
/// whether read by number, on from the last card of the page before ("next"), or back from the
/// first card of the page after ("previous"). Ties in every sort column: names shared, cards
/// invited at the same moment, and never invited ones.
async fn later_pages_are_the_rows_in_their_place(backend: Backend) {
    use diesel::prelude::*;
    use invitely::db::enums::{MemberKind, MemberStatus};
    use invitely::db::schema::members;
    use invitely::domain::members::{page, Anchor, Filter, PageAt, SortBy};
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let org = app.seed_one_org(130);
    let ids: Vec<invitely::db::ids::MemberId> = members::table
        .filter(members::org_id.eq(org))
        .select(members::id)
        .order(members::id.asc())
        .load(&mut *app.conn())
        .unwrap();
    let now = app.clock.now();
    for (i, id) in ids.iter().enumerate() {
        let card = members::table.find(*id);
        if i % 4 != 0 {
            // Three moments for three cards in four; the rest never invited.
            let at = now - time::Duration::minutes((i % 3) as i64);
            diesel::update(card)
                .set(members::last_invited_at.eq(at))
                .execute(&mut *app.conn())
                .unwrap();
        }
        if i % 5 == 0 {
            diesel::update(card)
                .set((
                    members::last_name.eq("Same"),
                    members::first_name.eq("Name"),
                ))
                .execute(&mut *app.conn())
                .unwrap();
        }
    }
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
            q: invitely::domain::members::SearchText::read("ivan"),
            ..Filter::default()
        },
    ];
    let sorts = [
        SortBy::Newest,
        SortBy::Name,
        SortBy::Status,
        SortBy::LastInvited,
    ];
    let per_page = 12;
    for f in &filters {
        for sort in sorts {
            for descending in [false, true] {
                let order = (sort, descending);
                let read = |at: PageAt, per_page| {
                    let shown = page(&mut app.conn(), org, f, order, at, per_page, 130).unwrap();
                    let ids: Vec<_> = shown.rows.iter().map(|m| m.id).collect();
                    (ids, shown.number, shown.has_next)
                };
                let (all, _, _) = read(PageAt::number(1), 1_000);
                assert!(all.len() > 2 * per_page as usize, "{f:?}");
                let expected: Vec<Vec<_>> =
                    all.chunks(per_page as usize).map(|c| c.to_vec()).collect();
                // By number.
                let mut by_number = Vec::new();
                for number in 1.. {
                    let (rows, _, more) = read(PageAt::number(number), per_page);
                    by_number.push(rows);
                    if !more {
                        break;
                    }
                }
                assert_eq!(by_number, expected, "by number {f:?} {order:?}");
                // "Next": on from the last card of the page before.
                let mut at = PageAt::number(1);
                let mut forward = Vec::new();
                loop {
                    let (rows, number, more) = read(at, per_page);
                    assert_eq!(number, at.number, "{f:?} {order:?}");
                    let last = *rows.last().unwrap();
                    forward.push(rows);
                    if !more {
                        break;
                    }
                    at = PageAt {
                        number: at.number + 1,
                        anchor: Some(Anchor::After(last)),
                    };
                }
                assert_eq!(forward, expected, "next {f:?} {order:?}");
                // "Previous": back from the first card of the page after, to page 2 (page 1's
                // link carries no card).
                for number in (2..expected.len() as i64).rev() {
                    let first_after = expected[number as usize][0];
                    let at = PageAt {
                        number,
                        anchor: Some(Anchor::Before(first_after)),
                    };
                    let (rows, shown_number, more) = read(at, per_page);
                    assert_eq!(
                        rows,
                        expected[number as usize - 1],
                        "previous {f:?} {order:?}"
                    );
                    assert_eq!((shown_number, more), (number, true));
                }
            }
        }
    }
    // By name, newest cards of the organisation only.
    let by_name = |at: PageAt, per_page: i64| {
        let order = (SortBy::Name, false);
        let shown = page(
            &mut app.conn(),
            org,
            &Filter::default(),
            order,
            at,
            per_page,
            130,
        );
        let shown = shown.unwrap();
        let ids: Vec<_> = shown.rows.iter().map(|m| m.id).collect();
        (ids, shown.number)
    };
    let (all, _) = by_name(PageAt::number(1), 1_000);
    let n = per_page as usize;
    // A card of another organisation names no place here: the page is read by its number.
    let other = app.seed_one_org(3);
    let foreign: invitely::db::ids::MemberId = members::table
        .filter(members::org_id.eq(other))
        .select(members::id)
        .first(&mut *app.conn())
        .unwrap();
    for anchor in [Anchor::After(foreign), Anchor::Before(foreign)] {
        let at = PageAt {
            number: 2,
            anchor: Some(anchor),
        };
        assert_eq!(by_name(at, per_page), (all[n..2 * n].to_vec(), 2));
    }
    // A card removed since the link was made: the page is read by its number, so the cards
    // after it move up by one.
    let gone = all[n - 1];
    diesel::delete(members::table.find(gone))
        .execute(&mut *app.conn())
        .unwrap();
    let at = PageAt {
        number: 2,
        anchor: Some(Anchor::After(gone)),
    };
    assert_eq!(by_name(at, per_page), (all[n + 1..2 * n + 1].to_vec(), 2));
    // "Previous" from page 2 when nothing is before its first card any more: the first page.
    let at = PageAt {
        number: 2,
        anchor: Some(Anchor::Before(all[3])),
    };
    let first: Vec<_> = all[..=n].iter().copied().filter(|id| *id != gone).collect();
    assert_eq!(by_name(at, per_page), (first, 1));
}

/// The table's own "next" and "previous" links: followed to the end and back they show every
/// card once, the page's number and its range, and a card's id is the only thing they add.
async fn pager_links_walk_the_table(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("T-3")
        .admin("boss@t3.test")
        .seats(100)
        .build()
        .await;
    for i in 0..70 {
        // One name shared by every third: the key orders them.
        let last = if i % 3 == 0 {
            "Same".to_owned()
        } else {
            format!("N{i:02}")
        };
        app.member(&admin)
            .named("Person", &last)
            .email(&format!("p{i}@t3.test"))
            .create()
            .await;
    }
    let rel = |body: &str, rel: &str| -> Option<String> {
        let marker = format!("\" rel=\"{rel}\"");
        let end = body.find(&marker)?;
        let start = body[..end].rfind("href=\"")? + 6;
        Some(unescaped(&body[start..end]))
    };
    let mut href = "/admin/users?sort=name&per_page=25".to_owned();
    let mut pages = Vec::new();
    loop {
        let page = admin.get(&href).await;
        assert_eq!(page.status, 200, "{href}");
        pages.push((href.clone(), row_ids(&page.body)));
        match rel(&page.body, "next") {
            Some(next) => {
                assert!(next.contains("&after="), "{next}");
                href = next;
            }
            None => break,
        }
    }
    assert_eq!(pages.len(), 3);
    let seen: Vec<_> = pages.iter().flat_map(|(_, ids)| ids.clone()).collect();
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (71, 71));
    let last = admin.get(&pages[2].0).await;
    assert!(last.body.contains("51–71 of 71"), "{}", pages[2].0);
    // Back: page 3's "previous" reads back from its first card, page 2's goes to the first page.
    let to_second = rel(&last.body, "prev").unwrap();
    assert!(to_second.contains("page=2&before="), "{to_second}");
    let second = admin.get(&to_second).await;
    assert_eq!(row_ids(&second.body), pages[1].1);
    assert!(second.body.contains("26–50 of 71"));
    let to_first = rel(&second.body, "prev").unwrap();
    assert_eq!(to_first, "/admin/users?sort=name&per_page=25");
}

/// The status cell of the row of the card `id`.
fn status_cell(body: &str, id: &str) -> String {
    let row = &body[body
        .find(&format!("<tr data-id=\"{id}\""))
        .unwrap_or_else(|| panic!("no row {id}: {body}"))..];
    let cell = &row[row.find("class=\"status-cell\"").unwrap()..];
    cell[..cell.find("</td>").unwrap()].to_owned()
}

/// "Invited" whose link expired unanswered says so beside the status: the table no longer
/// reads as if the person had a working link (the invitations list calls it "Expired").
async fn an_expired_link_is_said_beside_invited(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("MT-9").admin("boss@mt9.test").build().await;
    app.clock.pin();
    let old = app.member(&admin).email("old@mt9.test").invite().await;
    app.clock.advance(time::Duration::days(30));
    let admin = app
        .login("boss@mt9.test", crate::support::app::PASSWORD)
        .await;
    let fresh = app.member(&admin).email("fresh@mt9.test").invite().await;
    let page = admin.get("/admin/users?status=invited").await;
    page.assert_ok();
    let expired = "The link expired unanswered: send the invitation again.";
    let cell = status_cell(&page.body, &old.id);
    assert!(
        cell.contains("User invited") && cell.contains(expired),
        "{cell}"
    );
    let cell = status_cell(&page.body, &fresh.id);
    assert!(
        cell.contains("User invited") && !cell.contains(expired),
        "{cell}"
    );
}

both_backends!(
    columns_sort_both_ways,
    page_sizes_and_range,
    later_pages_are_the_rows_in_their_place,
    pager_links_walk_the_table,
    an_expired_link_is_said_beside_invited,
);
