//! The invitations list as the users table: a page-size choice (`per_page`) with the range and
//! pager following it, sortable columns (`sort` + `dir`) with `aria-sort` on the sorted header,
//! both directions of every sortable column in the order of the invitations made, links that
//! keep the filters, and words that are not columns falling back to newest first.

use crate::both_backends;
use crate::invitations_page::{list, recipients, role_offered};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{AccountId, InvitationId, OrgId};
use invitely::db::schema::{accounts, invitations};

/// Ampersands as Askama escapes them in attributes, back to `&`.
fn unescaped(html: &str) -> String {
    html.replace("&#38;", "&").replace("&amp;", "&")
}

/// The address of the pager's "next" (or "previous") link, if there is one.
fn pager_link(body: &str, rel: &str) -> Option<String> {
    let marker = format!("rel=\"{rel}\"");
    body.contains(&marker).then(|| {
        let before = body.split(&marker).next().unwrap_or_default();
        let href = before.rsplit("href=\"").next().unwrap_or_default();
        unescaped(href.split('"').next().unwrap_or_default())
    })
}

/// The sortable headers: (aria-sort, link), in the table's order.
fn sort_headers(body: &str) -> Vec<(String, String)> {
    body.split("<th scope=\"col\" aria-sort=\"")
        .skip(1)
        .map(|part| {
            let aria = part.split('"').next().unwrap_or_default().to_owned();
            let href = part
                .split("class=\"sort\" href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .unwrap_or_default();
            (aria, unescaped(href))
        })
        .collect()
}

/// One invitation as made below: where it stands in each order.
#[derive(Clone)]
struct Made {
    recipient: String,
    /// Minutes after the start; None: never sent.
    sent: Option<i64>,
    /// Minutes after the start (negative: past); None: no expiry yet.
    expires: Option<i64>,
    /// Its place in the status filter's order (queued, pending, expired, accepted, revoked).
    status: u8,
}

fn invitation_of(app: &TestApp, recipient: &str) -> InvitationId {
    invitations::table
        .filter(invitations::recipient.eq(recipient))
        .select(invitations::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// `made` (in the order they were made) sorted by `key`, never sent or without an expiry
/// first, ties by age; descending is the reverse.
fn expected<K: Ord>(made: &[Made], key: impl Fn(&Made) -> K, desc: bool) -> Vec<String> {
    let mut order: Vec<(K, usize, String)> = made
        .iter()
        .enumerate()
        .map(|(age, m)| (key(m), age, m.recipient.clone()))
        .collect();
    order.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut out: Vec<String> = order.into_iter().map(|(_, _, r)| r).collect();
    if desc {
        out.reverse();
    }
    out
}

/// The organisation's admin (accepted), 27 invitations made in an order unlike their addresses,
/// sent and expiring in orders unlike both, one revoked, one expired, one still queued: 29.
async fn twenty_nine(app: &TestApp, admin: &Session) -> Vec<Made> {
    let start = app.clock.now() - time::Duration::hours(1);
    let mut made = vec![Made {
        recipient: "boss@s.test".into(),
        sent: Some(100),
        expires: Some(2000),
        status: 3,
    }];
    for k in 0..27_i64 {
        let p = (k * 10) % 27;
        let recipient = format!("r{p:02}@s.test");
        app.member(admin)
            .named("Person", &format!("N{p:02}"))
            .email(&recipient)
            .invited()
            .create()
            .await;
        made.push(Made {
            recipient,
            sent: Some((p * 5 + 3) % 27),
            expires: Some(if p == 11 {
                -1
            } else {
                60 * 24 + (p * 11 + 4) % 27
            }),
            status: match p {
                11 => 2,
                5 => 4,
                _ => 1,
            },
        });
    }
    app.run_jobs().await;
    for m in &made {
        let at = |minutes: Option<i64>| minutes.map(|n| start + time::Duration::minutes(n));
        // Past the expiry: an hour and a minute after the start, nothing before.
        let expires = match m.expires {
            Some(-1) => Some(app.clock.now() - time::Duration::minutes(1)),
            e => at(e),
        };
        diesel::update(invitations::table.filter(invitations::recipient.eq(&m.recipient)))
            .set((
                invitations::sent_at.eq(at(m.sent)),
                invitations::expires_at.eq(expires),
            ))
            .execute(&mut *app.conn())
            .unwrap();
    }
    let revoke = format!(
        "/admin/invitations/{}/revoke",
        invitation_of(app, "r05@s.test")
    );
    assert_eq!(admin.post(&revoke, &[]).await.status, 303);
    app.member(admin)
        .named("Quinn", "Queued")
        .email("q@s.test")
        .invited()
        .create()
        .await;
    made.push(Made {
        recipient: "q@s.test".into(),
        sent: None,
        expires: None,
        status: 0,
    });
    made
}

async fn page_sizes_and_sortable_columns(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-1").admin("boss@s.test").build().await;
    let made = twenty_nine(&app, &admin).await;

    // The default: newest first, every row on one page of 50, no header sorted.
    let newest: Vec<String> = made.iter().rev().map(|m| m.recipient.clone()).collect();
    let body = list(&admin, "").await;
    assert_eq!(recipients(&body), newest);
    assert!(body.contains("1–29 of 29"), "{body}");
    assert!(body.contains("Rows per page:"));
    assert!(body.contains(">50</a>") && body.contains("aria-current=\"true\">50</a>"));
    let headers = sort_headers(&body);
    assert_eq!(
        headers,
        ["recipient", "status", "sent", "expires"]
            .map(|c| ("none".to_owned(), format!("/admin/invitations?sort={c}")))
            .to_vec()
    );
    assert_eq!(pager_link(&body, "next"), None);

    // The smallest page size: 25 rows, then the 4 others, the pager following.
    let first = list(&admin, "?per_page=25").await;
    assert_eq!(recipients(&first), newest[..25]);
    assert!(first.contains("1–25 of 29"), "{first}");
    assert!(unescaped(&first).contains("aria-current=\"true\">25</a>"));
    assert_eq!(pager_link(&first, "prev"), None);
    let next = pager_link(&first, "next").expect("a second page");
    assert_eq!(next, "/admin/invitations?per_page=25&page=2");
    let second = list(&admin, &next["/admin/invitations".len()..]).await;
    assert_eq!(recipients(&second), newest[25..]);
    assert!(second.contains("26–29 of 29"), "{second}");
    assert_eq!(pager_link(&second, "next"), None);
    assert_eq!(
        pager_link(&second, "prev").as_deref(),
        Some("/admin/invitations?per_page=25")
    );
    // A page past the last (a link kept while rows were revoked) is the last page.
    let past = list(&admin, "?per_page=25&page=9").await;
    assert_eq!(recipients(&past), newest[25..]);
    assert!(past.contains("26–29 of 29"), "{past}");
    // A size that is not offered is the default.
    assert_eq!(recipients(&list(&admin, "?per_page=7").await).len(), 29);

    // Each sortable column, both ways, on one page and on two.
    type Key = Box<dyn Fn(&Made) -> (Option<i64>, String)>;
    let columns: [(&str, Key); 4] = [
        (
            "recipient",
            Box::new(|m: &Made| (None, m.recipient.clone())),
        ),
        (
            "status",
            Box::new(|m: &Made| (Some(m.status.into()), String::new())),
        ),
        ("sent", Box::new(|m: &Made| (m.sent, String::new()))),
        ("expires", Box::new(|m: &Made| (m.expires, String::new()))),
    ];
    for (column, key) in &columns {
        for desc in [false, true] {
            let dir = if desc { "&dir=desc" } else { "" };
            let want = expected(&made, key, desc);
            let whole = list(&admin, &format!("?sort={column}{dir}&per_page=100")).await;
            assert_eq!(recipients(&whole), want, "{column}{dir}");
            let headers = sort_headers(&whole);
            let sorted: Vec<&(String, String)> =
                headers.iter().filter(|(aria, _)| aria != "none").collect();
            let aria = if desc { "descending" } else { "ascending" };
            // The sorted header says so, and offers the other direction (from the first page).
            let other = if desc { "" } else { "&dir=desc" };
            assert_eq!(
                sorted,
                vec![&(
                    aria.to_owned(),
                    format!("/admin/invitations?sort={column}{other}&per_page=100")
                )],
                "{column}{dir}"
            );
            let one = list(&admin, &format!("?sort={column}{dir}&per_page=25")).await;
            assert_eq!(recipients(&one), want[..25], "{column}{dir}");
            let next = pager_link(&one, "next").unwrap();
            assert_eq!(
                next,
                format!("/admin/invitations?sort={column}{dir}&per_page=25&page=2")
            );
            let two = list(&admin, &next["/admin/invitations".len()..]).await;
            assert_eq!(recipients(&two), want[25..], "{column}{dir}");
        }
    }
    assert_eq!(
        expected(&made, &columns[1].1, false)[..3],
        ["q@s.test", "r00@s.test", "r10@s.test"],
        "queued, then pending in the order made"
    );

    // Words that are not columns (or are SQL) fall back to newest first, unsorted headers.
    let back =
        regex::Regex::new(r#"(?s)<form class="lang-switch".*?name="back" value="[^"]*""#).unwrap();
    for odd in [
        "?sort=name",
        "?sort=nonsense&dir=desc",
        "?sort=recipient%3B+DROP+TABLE+invitations&dir=asc",
        "?sort=created_at+desc--",
        "?dir=desc",
    ] {
        let body = list(&admin, odd).await;
        assert_eq!(recipients(&body), newest, "{odd}");
        assert!(sort_headers(&body).iter().all(|(aria, _)| aria == "none"));
        // (The language switch goes back to the address as it was typed.)
        let links = back.replace_all(&body, "");
        assert!(!links.contains("DROP"), "{odd}: not carried into links");
    }
    app.run_jobs().await;
}

/// Sort links, size links and the filter forms keep status, channel, inviter, role and search;
/// the page goes back to the first.
async fn sort_links_keep_the_filters(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-2").admin("boss@s.test").build().await;
    let made = twenty_nine(&app, &admin).await;
    let org_id: OrgId = app.org_id("S-2");
    // The role is offered with every invitation but the admin's and the queued one.
    let offered: Vec<InvitationId> = made
        .iter()
        .filter(|m| m.recipient.starts_with('r'))
        .map(|m| invitation_of(&app, &m.recipient))
        .collect();
    let role = role_offered(&app, org_id, &offered);
    let boss: AccountId = accounts::table
        .filter(accounts::email.eq("boss@s.test"))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap();
    let filters = format!("status=pending&channel=email&inviter={boss}&role={role}&q=s.test");
    let body = list(
        &admin,
        &format!("?{filters}&sort=sent&dir=desc&per_page=25&page=1"),
    )
    .await;
    // Pending, and so neither the revoked, expired, queued nor accepted one.
    let pending: Vec<Made> = made.iter().filter(|m| m.status == 1).cloned().collect();
    assert_eq!(pending.len(), 25);
    assert_eq!(recipients(&body), expected(&pending, |m| m.sent, true));
    assert!(body.contains("1–25 of 25"), "{body}");

    let headers = sort_headers(&body);
    assert_eq!(headers.len(), 4);
    for (aria, href) in &headers {
        assert!(
            href.starts_with(&format!("/admin/invitations?{filters}&sort=")),
            "{href}"
        );
        assert!(href.ends_with("&per_page=25"), "{href}");
        assert!(
            !href.contains("page=1") && !href.contains("&page="),
            "{href}"
        );
        if href.contains("sort=sent") {
            assert_eq!(aria, "descending");
            assert!(!href.contains("dir="), "the other direction: {href}");
        } else {
            assert_eq!(aria, "none");
        }
    }
    // Following a header keeps the filter.
    let by_recipient = &headers[0].1;
    let shown = list(&admin, &by_recipient["/admin/invitations".len()..]).await;
    assert_eq!(
        recipients(&shown),
        expected(&pending, |m| m.recipient.clone(), false)
    );
    // The size links, the status tabs and the filter forms keep the order and the filters.
    let html = unescaped(&body);
    assert!(html.contains(&format!(
        "href=\"/admin/invitations?{filters}&sort=sent&dir=desc&per_page=100\""
    )));
    assert!(html.contains(&format!(
        "href=\"/admin/invitations?status=expired&channel=email&inviter={boss}&role={role}&q=s.test&sort=sent&dir=desc&per_page=25\""
    )));
    for hidden in [
        "name=\"sort\" value=\"sent\"",
        "name=\"dir\" value=\"desc\"",
        "name=\"per_page\" value=\"25\"",
    ] {
        // In the filters' form and in the search form.
        assert_eq!(html.matches(hidden).count(), 2, "{hidden}");
    }
    // The default order and size are not carried.
    let plain = unescaped(&list(&admin, "?status=pending&sort=bogus&per_page=50").await);
    assert!(!plain.contains("name=\"sort\"") && !plain.contains("name=\"per_page\""));
    app.run_jobs().await;
}

both_backends!(page_sizes_and_sortable_columns, sort_links_keep_the_filters);
