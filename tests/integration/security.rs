//! Browser-facing security: headers and no inline script (docs/SECURITY.md E2, E3, A12), tenant
//! isolation (docs/SECURITY.md B5), escaping (docs/SECURITY.md E4), no raw tokens at rest
//! (docs/SECURITY.md A2), link pages that reveal nothing (docs/SECURITY.md A8, A11), the
//! wrong-token throttle (docs/SECURITY.md A9), and sign-in (docs/SECURITY.md C5, D1).

use crate::both_backends;
use crate::support::app::{Options, PASSWORD};
use crate::support::{mime, Backend, Page, Session, TestApp};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use diesel::prelude::*;
use diesel::sql_types::Text;
use invitely::db::ids::{DepartmentId, InvitationId, MemberId, OrgId};
use invitely::db::schema::{departments, invitations, organisations};
use invitely::db::DbConnection;

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by csrf.rs)
// ---------------------------------------------------------------------------------------------

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

const SEP: char = '\u{1f}';

/// Every row of every table of the test database as text, one line per row
/// (`table|column=value|…`), sorted. `skip` leaves out whole tables (`"sessions"`) or single
/// columns (`"sessions.expires_at"`). JSON object values are normalised (key order), so a
/// re-serialised session state compares equal.
pub(crate) fn dump_tables(app: &TestApp, skip: &[&str]) -> Vec<String> {
    let mut conn = app.conn();
    let mut out = Vec::new();
    let (tables, columns_of): (Vec<String>, Vec<Vec<String>>) = match &mut *conn {
        DbConnection::Pg(c) => {
            let tables: Vec<Name> = diesel::sql_query(
                "SELECT table_name::text AS name FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
            )
            .load(c)
            .unwrap();
            let mut cols = Vec::new();
            for t in &tables {
                let names: Vec<Name> = diesel::sql_query(
                    "SELECT column_name::text AS name FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                )
                .bind::<Text, _>(&t.name)
                .load(c)
                .unwrap();
                cols.push(names.into_iter().map(|n| n.name).collect());
            }
            (tables.into_iter().map(|t| t.name).collect(), cols)
        }
        DbConnection::Sqlite(c) => {
            let tables: Vec<Name> =
                // The search index's FTS5 tables hold binary pages derived from
                // members.search_text (migration 000019), which is compared itself.
                diesel::sql_query(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'members\\_search%' ESCAPE '\\' ORDER BY 1",
                )
                .load(c)
                .unwrap();
            let mut cols = Vec::new();
            for t in &tables {
                let names: Vec<Name> = diesel::sql_query("SELECT name FROM pragma_table_info(?)")
                    .bind::<Text, _>(&t.name)
                    .load(c)
                    .unwrap();
                cols.push(names.into_iter().map(|n| n.name).collect());
            }
            (tables.into_iter().map(|t| t.name).collect(), cols)
        }
    };
    for (table, columns) in tables.iter().zip(columns_of) {
        if skip.contains(&table.as_str()) || columns.is_empty() {
            continue;
        }
        let kept: Vec<&String> = columns
            .iter()
            .filter(|c| !skip.contains(&format!("{table}.{c}").as_str()))
            .collect();
        if kept.is_empty() {
            continue;
        }
        let lines: Vec<Line> = match &mut *conn {
            DbConnection::Pg(c) => {
                let expr = kept
                    .iter()
                    .map(|col| format!("COALESCE(\"{col}\"::text, '<NULL>')"))
                    .collect::<Vec<_>>()
                    .join(" || chr(31) || ");
                diesel::sql_query(format!("SELECT ({expr}) AS line FROM \"{table}\""))
                    .load(c)
                    .unwrap()
            }
            DbConnection::Sqlite(c) => {
                let expr = kept
                    .iter()
                    .map(|col| format!("COALESCE(CAST(\"{col}\" AS TEXT), '<NULL>')"))
                    .collect::<Vec<_>>()
                    .join(" || char(31) || ");
                diesel::sql_query(format!("SELECT ({expr}) AS line FROM \"{table}\""))
                    .load(c)
                    .unwrap()
            }
        };
        for l in lines {
            let mut row = table.clone();
            for (col, value) in kept.iter().zip(l.line.split(SEP)) {
                row.push('|');
                row.push_str(col);
                row.push('=');
                row.push_str(&normalise_json(value));
            }
            out.push(row);
        }
    }
    out.sort();
    out
}

fn normalise_json(value: &str) -> String {
    if value.starts_with('{') {
        if let Ok(map) =
            serde_json::from_str::<std::collections::BTreeMap<String, serde_json::Value>>(value)
        {
            return serde_json::to_string(&map).unwrap();
        }
    }
    value.to_owned()
}

/// What changed between two dumps, for an assertion message.
pub(crate) fn dump_diff(before: &[String], after: &[String]) -> String {
    let gone: Vec<&String> = before
        .iter()
        .filter(|l| !after.contains(l))
        .take(5)
        .collect();
    let new: Vec<&String> = after
        .iter()
        .filter(|l| !before.contains(l))
        .take(5)
        .collect();
    format!("removed {gone:#?}\nadded {new:#?}")
}

/// A department made through the admin's form; its id.
pub(crate) async fn new_department(app: &TestApp, admin: &Session, name: &str) -> String {
    checked_get(admin, "/admin/departments").await.assert_ok();
    let p = admin.post("/admin/departments", &[("name", name)]).await;
    assert_eq!(p.status, 303);
    departments::table
        .filter(departments::name.eq(name))
        .select(departments::id)
        .first::<DepartmentId>(&mut *app.conn())
        .unwrap()
        .to_string()
}

/// A page from a raw reqwest response.
pub(crate) async fn page_of(resp: reqwest::Response) -> Page {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let location = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = resp.text().await.unwrap();
    Page {
        status,
        location,
        headers,
        body,
    }
}

/// The value of cookie `name` in the response's Set-Cookie headers.
pub(crate) fn set_cookie(page: &Page, name: &str) -> Option<String> {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
}

/// The open (queued or pending) invitation of a card.
pub(crate) fn open_invitation(app: &TestApp, member_id: &str) -> String {
    invitations::table
        .filter(invitations::member_id.eq(member_id.parse::<MemberId>().unwrap()))
        .filter(invitations::status.eq_any(invitely::db::enums::InvitationStatus::OPEN))
        .select(invitations::id)
        .first::<InvitationId>(&mut *app.conn())
        .unwrap_or_else(|e| panic!("no open invitation for {member_id}: {e}"))
        .to_string()
}

pub(crate) fn invitation_status(app: &TestApp, id: &str) -> String {
    invitations::table
        .find(id.parse::<InvitationId>().unwrap())
        .select(invitations::status)
        .first::<String>(&mut *app.conn())
        .unwrap()
}

/// The admin creates a card; returns its id (from the redirect to the card).
pub(crate) async fn create_user(admin: &Session, fields: &[(&str, &str)]) -> String {
    checked_get(admin, "/admin/users/new").await.assert_ok();
    let p = admin.post("/admin/users/new", fields).await;
    assert_eq!(p.status, 303, "creating a user failed: {}", p.body);
    let loc = p.location.unwrap();
    loc.rsplit('/').next().unwrap().to_owned()
}

fn row_ids(body: &str) -> Vec<String> {
    body.split("<tr data-id=\"")
        .skip(1)
        .map(|p| p.split('"').next().unwrap().to_owned())
        .collect()
}

fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

fn token_of(link: &str) -> String {
    link.rsplit_once("/invite/").unwrap().1.to_owned()
}

/// Security headers every response carries (docs/SECURITY.md E2, E3).
fn assert_security_headers(what: &str, page: &Page) {
    let csp = page
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(
            csp.contains(directive),
            "{what}: CSP lacks {directive:?}: {csp}"
        );
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        page.header("x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
}

/// No `<script>` with content, no inline event handler, no `javascript:` URL (docs/SECURITY.md E2).
fn assert_no_inline_script(what: &str, body: &str) {
    let html = scraper::Html::parse_document(body);
    let scripts = scraper::Selector::parse("script").unwrap();
    for s in html.select(&scripts) {
        assert!(
            s.value().attr("src").is_some(),
            "{what}: inline <script> without src: {}",
            s.html()
        );
        assert!(
            s.text().collect::<String>().trim().is_empty(),
            "{what}: <script> with content: {}",
            s.html()
        );
    }
    let all = scraper::Selector::parse("*").unwrap();
    for el in html.select(&all) {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{what}: inline event handler {name}={value:?} on <{}>",
                el.value().name()
            );
            assert!(
                !value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"),
                "{what}: javascript: URL in {name}"
            );
        }
    }
}

/// GET with the checks that hold for every page: security headers, `no-store`, and for HTML
/// no inline script.
pub(crate) async fn checked_get(s: &Session, path: &str) -> Page {
    let page = s.get(path).await;
    check(&format!("GET {path}"), &page);
    page
}

fn check(what: &str, page: &Page) {
    if what.starts_with("GET /admin/invite-preview/") && page.status == 200 {
        // The invite form's message for its preview frame: the e-mail's own policy
        // (invite_preview.rs), no script.
        assert_eq!(
            page.header("content-security-policy").as_deref(),
            Some(invitely::web::middleware::MAIL_CSP),
            "{what}"
        );
        assert_eq!(
            page.header("x-frame-options").as_deref(),
            Some("SAMEORIGIN")
        );
    } else {
        assert_security_headers(what, page);
    }
    assert_eq!(
        page.header("cache-control").as_deref(),
        Some("no-store"),
        "{what}"
    );
    let html = page
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/html"));
    if html {
        assert_no_inline_script(what, &page.body);
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Headers and scripts
// ---------------------------------------------------------------------------------------------

async fn security_headers_on_pages_and_errors(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let anon = app.session();
    let login = checked_get(&anon, "/login").await;
    login.assert_ok();
    assert!(
        login.body.contains("<script src=\"/static/app.js\""),
        "the external script is there"
    );
    // Not signed in: the admin area sends the visitor to sign in, with the same headers.
    let redirect = checked_get(&anon, "/admin/users").await;
    assert_eq!(redirect.status, 303);

    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let id = create_user(
        &admin,
        &[
            ("first_name", "Ivan"),
            ("last_name", "Petrov"),
            ("email", "ivan@example.com"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;
    let inv = open_invitation(&app, &id);
    // Every authenticated page: 200, headers, no-store, no inline script.
    for path in [
        "/".to_owned(),
        "/orgs".to_owned(),
        "/admin/users".to_owned(),
        "/admin/users?status=invited".to_owned(),
        "/admin/users/new".to_owned(),
        format!("/admin/users/{id}"),
        "/admin/invitations".to_owned(),
        format!("/admin/invitations/{inv}/revoke"),
        "/admin/departments".to_owned(),
    ] {
        checked_get(&admin, &path).await.assert_ok();
    }
    let statuses = checked_get(&admin, &format!("/admin/users/statuses?id={id}")).await;
    statuses.assert_ok();
    let op = app.login("operator@invitely.test", PASSWORD).await;
    for path in ["/platform/orgs", "/platform/settings"] {
        checked_get(&op, path).await.assert_ok();
    }
    // The token page and its error pages.
    let link = app.invitation_link("ivan@example.com");
    let landing = checked_get(&app.session(), &link).await;
    landing.assert_ok();
    assert_eq!(
        landing.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );

    // Error pages: the application's own (404, 403, CSRF 403) and the router's.
    let not_found = checked_get(&admin, "/admin/users/00000000-0000-0000-0000-000000000000").await;
    assert_eq!(not_found.status, 404);
    assert!(
        not_found.body.contains("Page not found"),
        "{}",
        not_found.body
    );
    let forbidden = checked_get(&admin, "/platform/orgs").await;
    assert_eq!(forbidden.status, 403);
    assert!(forbidden.body.contains("Access denied"));
    let csrf = admin.post_raw("/admin/departments", &[("name", "X")]).await;
    assert_eq!(csrf.status, 403);
    check("POST without token", &csrf);
    assert!(csrf.body.contains("The form has expired"));
    let nowhere = checked_get(&anon, "/no/such/page").await;
    assert_eq!(nowhere.status, 404);
    let setup = checked_get(&anon, &format!("/setup/{}", random_token())).await;
    assert_eq!(setup.status, 404);
    assert_eq!(
        setup.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );

    // Static files: nosniff and a real content type.
    let js = anon.get("/static/app.js").await;
    js.assert_ok();
    assert_security_headers("app.js", &js);
    assert!(js
        .header("content-type")
        .unwrap_or_default()
        .contains("javascript"));
    // Plain http: no HSTS (it is only sent over https).
    assert!(login.header("strict-transport-security").is_none());
}

// ---------------------------------------------------------------------------------------------
// 2. Tenant isolation (docs/SECURITY.md B5)
// ---------------------------------------------------------------------------------------------

pub(crate) const NOT_COMPARED: &[&str] = &["sessions", "audit_events"];

async fn admins_cannot_reach_another_organisation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin_a = app.org("A-100").admin("admin@a.test").build().await;
    let admin_b = app.org("B-200").admin("admin@b.test").build().await;

    // B's admin creates a user and sends an invitation.
    let b_user = create_user(
        &admin_b,
        &[
            ("first_name", "Bob"),
            ("last_name", "Bravo"),
            ("email", "bob@b.test"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;
    let b_link = app.invitation_link("bob@b.test");
    let b_inv = open_invitation(&app, &b_user);
    let b_org: OrgId = organisations::table
        .filter(organisations::customer_number.eq("B-200"))
        .select(organisations::id)
        .first(&mut *app.conn())
        .unwrap();
    // The ids are real: B's admin reaches them.
    checked_get(&admin_b, &format!("/admin/users/{b_user}"))
        .await
        .assert_ok();
    checked_get(&admin_b, &format!("/admin/invitations/{b_inv}/revoke"))
        .await
        .assert_ok();

    // A's admin has a user of its own (to show that the statuses endpoint works at all).
    let a_user = create_user(
        &admin_a,
        &[
            ("first_name", "Alice"),
            ("last_name", "Alpha"),
            ("email", "alice@a.test"),
            ("kind", "employee"),
        ],
    )
    .await;
    let a_list = checked_get(&admin_a, "/admin/users").await;
    a_list.assert_ok();
    assert!(!a_list.body.contains("Bob") && !a_list.body.contains("bob@b.test"));
    assert!(!row_ids(&a_list.body).contains(&b_user));
    assert!(row_ids(&a_list.body).contains(&a_user), "{}", a_list.body);

    // B has a department; its id is of no use in A.
    let b_dept = new_department(&app, &admin_b, "Bravo Dept").await;
    // A has one too, with Alice in it: the department filter's positive control below.
    let a_dept = new_department(&app, &admin_a, "Alpha Dept").await;
    let p = admin_a
        .post(
            &format!("/admin/users/{a_user}"),
            &[
                ("first_name", "Alice"),
                ("last_name", "Alpha"),
                ("email", "alice@a.test"),
                ("kind", "employee"),
                ("department_id", &a_dept),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "Alice into A's department: {}", p.body);

    let before = dump_tables(&app, NOT_COMPARED);
    let mails = app.emails().len();

    checked_get(&admin_a, "/admin/users/new").await.assert_ok();
    let with_b_dept = admin_a
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Dora"),
                ("last_name", "Dept"),
                ("email", "dora@a.test"),
                ("kind", "employee"),
                ("department_id", &b_dept),
            ],
        )
        .await;
    assert_eq!(with_b_dept.status, 422, "a card in B's department");
    assert!(!with_b_dept.body.contains("Bravo Dept"));
    let moved = admin_a
        .post(
            &format!("/admin/users/{a_user}"),
            &[
                ("first_name", "Alice"),
                ("last_name", "Alpha"),
                ("email", "alice@a.test"),
                ("kind", "employee"),
                ("department_id", &b_dept),
            ],
        )
        .await;
    assert_eq!(moved.status, 422, "moving A's user into B's department");
    let filtered = checked_get(&admin_a, &format!("/admin/users?department={b_dept}")).await;
    filtered.assert_ok();
    assert!(!filtered.body.contains("Bravo Dept") && row_ids(&filtered.body).is_empty());
    // The same filter with A's own department does list its user.
    let own = checked_get(&admin_a, &format!("/admin/users?department={a_dept}")).await;
    own.assert_ok();
    assert_eq!(
        row_ids(&own.body),
        std::slice::from_ref(&a_user),
        "{}",
        own.body
    );

    let card = checked_get(&admin_a, &format!("/admin/users/{b_user}")).await;
    assert_eq!(card.status, 404, "GET B's card");
    assert!(!card.body.contains("bob@b.test"));
    let update = admin_a
        .post(
            &format!("/admin/users/{b_user}"),
            &[
                ("first_name", "Hacked"),
                ("last_name", "Bravo"),
                ("email", "evil@a.test"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(update.status, 404, "POST B's card: {}", update.body);
    let resend = admin_a
        .post(&format!("/admin/invitations/{b_inv}/resend"), &[])
        .await;
    assert_eq!(resend.status, 404, "resend B's invitation");
    let resend_many = admin_a
        .post("/admin/invitations/resend", &[("invitation_id", &b_inv)])
        .await;
    assert_eq!(resend_many.status, 404, "bulk resend of B's invitation");
    let confirm = checked_get(&admin_a, &format!("/admin/invitations/{b_inv}/revoke")).await;
    assert_eq!(confirm.status, 404, "revoke confirmation of B's invitation");
    assert!(!confirm.body.contains("bob@b.test"));
    let revoke = admin_a
        .post(&format!("/admin/invitations/{b_inv}/revoke"), &[])
        .await;
    assert_eq!(revoke.status, 404, "revoke B's invitation");
    let bulk = admin_a
        .post("/admin/users/invite", &[("user_id", &b_user)])
        .await;
    assert_eq!(bulk.status, 303);
    let back = checked_get(&admin_a, bulk.location.as_deref().unwrap()).await;
    assert!(
        back.body
            .contains("Nothing was sent: no user matched your selection."),
        "{}",
        back.body
    );
    assert!(!back.body.contains("Bob"), "B's user is not even named");
    let statuses = checked_get(
        &admin_a,
        &format!("/admin/users/statuses?id={b_user}&id={a_user}"),
    )
    .await;
    statuses.assert_ok();
    let json: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&statuses.body).unwrap();
    assert!(
        !json.contains_key(&b_user),
        "statuses leak B's user: {}",
        statuses.body
    );
    assert!(
        json.contains_key(&a_user),
        "A's own user is reported: {}",
        statuses.body
    );
    let switch = admin_a.post(&format!("/orgs/{b_org}/switch"), &[]).await;
    assert_eq!(switch.status, 404, "switching into B");
    let home = checked_get(&admin_a, "/").await;
    assert!(home.body.contains("Org A-100") && !home.body.contains("Org B-200"));
    let search = checked_get(&admin_a, "/admin/users?q=bob").await;
    search.assert_ok();
    assert!(row_ids(&search.body).is_empty());
    // The same search for A's own user finds her.
    let own = checked_get(&admin_a, "/admin/users?q=alice").await;
    own.assert_ok();
    assert_eq!(
        row_ids(&own.body),
        std::slice::from_ref(&a_user),
        "{}",
        own.body
    );
    let invitations = checked_get(&admin_a, "/admin/invitations").await;
    invitations.assert_ok();
    assert!(
        invitations.body.contains("<td>admin@<wbr>a.<wbr>test</td>"),
        "A's own invitation (its admin's) is listed: {}",
        invitations.body
    );
    assert!(
        !invitations.body.contains("bob@b.test")
            && !invitations
                .body
                .contains(&format!("/admin/invitations/{b_inv}/"))
    );

    app.run_jobs().await;
    assert_eq!(app.emails().len(), mails, "no mail was sent");
    let after = dump_tables(&app, NOT_COMPARED);
    assert!(
        before == after,
        "A's admin changed B's data:\n{}",
        dump_diff(&before, &after)
    );
    assert_eq!(invitation_status(&app, &b_inv), "pending");
    checked_get(&app.session(), &b_link).await.assert_ok();
    let b_card = checked_get(&admin_b, &format!("/admin/users/{b_user}")).await;
    assert!(
        b_card.body.contains("Bob")
            && b_card.body.contains("bob@b.test")
            && !b_card.body.contains("Hacked")
    );

    // A member who is not an admin: 403 in the admin area, also with a valid token.
    create_user(
        &admin_a,
        &[
            ("first_name", "Mia"),
            ("last_name", "Member"),
            ("email", "mia@a.test"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;
    let member = app
        .accept(&app.invitation_link("mia@a.test"), PASSWORD)
        .await;
    checked_get(&member, "/").await.assert_ok();
    for path in [
        "/admin/users",
        "/admin/users/new",
        "/admin/invitations",
        "/admin/departments",
    ] {
        assert_eq!(
            checked_get(&member, path).await.status,
            403,
            "member GET {path}"
        );
    }
    assert_eq!(
        checked_get(&member, &format!("/admin/users/{a_user}"))
            .await
            .status,
        403
    );
    let before = dump_tables(&app, NOT_COMPARED);
    let p = member
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Sneaky"),
                ("last_name", "X"),
                ("email", "sneaky@a.test"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
    let p = member
        .post("/admin/users/invite", &[("user_id", &a_user)])
        .await;
    assert_eq!(p.status, 403);
    let after = dump_tables(&app, NOT_COMPARED);
    assert!(
        before == after,
        "a member changed data:\n{}",
        dump_diff(&before, &after)
    );
    // An organisation admin is not a platform operator.
    assert_eq!(checked_get(&admin_a, "/platform/orgs").await.status, 403);
    assert_eq!(
        checked_get(&admin_a, "/platform/settings").await.status,
        403
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Escaping (docs/SECURITY.md E4)
// ---------------------------------------------------------------------------------------------

const XSS_FIRST: &str = "\"><img src=x onerror=alert(1)>";
const XSS_LAST: &str = "<script>alert(2)</script>";

fn assert_inert(what: &str, body: &str) {
    assert!(
        !body.contains("<img src=x"),
        "{what}: raw <img> in the page"
    );
    assert!(
        !body.contains("<script>alert"),
        "{what}: raw <script> in the page"
    );
    assert!(
        body.contains("img src=x onerror=alert(1)"),
        "{what}: the name is shown (escaped)"
    );
}

async fn names_render_inert(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let id = create_user(
        &admin,
        &[
            ("first_name", XSS_FIRST),
            ("last_name", XSS_LAST),
            ("email", "xss@example.com"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    // A second card without contact (saved before a contact was required): the bulk result
    // names it in a flash message.
    let nocontact = create_user(
        &admin,
        &[
            ("first_name", XSS_FIRST),
            ("last_name", "Nocontact"),
            ("email", "nocontact@example.com"),
            ("kind", "employee"),
        ],
    )
    .await;
    crate::support::pages::remove_contact(&app, &nocontact);
    let card = checked_get(&admin, &format!("/admin/users/{id}")).await;
    card.assert_ok();
    assert_inert("user card", &card.body);
    let list = checked_get(&admin, "/admin/users").await;
    list.assert_ok();
    assert_inert("users table", &list.body);
    assert!(row_ids(&list.body).contains(&id));
    let search = checked_get(&admin, "/admin/users?q=%3Cimg").await;
    assert_inert("search result", &search.body);
    let not_invited = checked_get(&admin, "/admin/users?status=not_invited").await;
    let targets = row_ids(&not_invited.body);
    assert_eq!(targets.len(), 1);
    let ids: Vec<(&str, &str)> = targets.iter().map(|i| ("user_id", i.as_str())).collect();
    let sent = admin.post("/admin/users/invite", &ids).await;
    assert_eq!(sent.status, 303);
    let flashed = checked_get(&admin, sent.location.as_deref().unwrap()).await;
    assert_inert("bulk result", &flashed.body);

    app.run_jobs().await;
    let invitations = checked_get(&admin, "/admin/invitations").await;
    assert_inert("invitations list", &invitations.body);
    let inv = open_invitation(&app, &id);
    let confirm = checked_get(&admin, &format!("/admin/invitations/{inv}/revoke")).await;
    assert_inert("revoke confirmation", &confirm.body);
    let link = app.invitation_link("xss@example.com");
    let landing = checked_get(&app.session(), &link).await;
    landing.assert_ok();
    assert!(!landing.body.contains("<img src=x") && !landing.body.contains("<script>alert"));
    let mail = app.emails_to("xss@example.com").pop().unwrap();
    let html = mime::part(&mail.data, "text/html").unwrap();
    assert!(
        !html.contains("<img src=x") && !html.contains("<script>alert"),
        "e-mail: {html}"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. No raw tokens at rest (docs/SECURITY.md A2)
// ---------------------------------------------------------------------------------------------

const SECRET: &str = "Unique-Secret-Passphrase-4711";

async fn no_raw_tokens_or_passwords_at_rest(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let setup_token = app
        .setup_link
        .clone()
        .unwrap()
        .rsplit_once("/setup/")
        .unwrap()
        .1
        .to_owned();
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let admin_token = token_of(
        &mime::find_link(
            &mime::part(&app.emails_to("boss@acme.test")[0].data, "text/plain").unwrap(),
            &format!("{}/invite/", app.base),
        )
        .unwrap(),
    );
    let id = create_user(
        &admin,
        &[
            ("first_name", "Rita"),
            ("last_name", "Token"),
            ("email", "rita@example.com"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;
    let first = token_of(&app.invitation_link("rita@example.com"));
    // A resend gives a second token; the first one dies.
    checked_get(&admin, "/admin/invitations").await;
    let p = admin
        .post(
            &format!("/admin/invitations/{}/resend", open_invitation(&app, &id)),
            &[],
        )
        .await;
    assert_eq!(p.status, 303);
    app.run_jobs().await;
    let link = app.invitation_link("rita@example.com");
    let second = token_of(&link);
    assert_ne!(first, second);
    let member = app.accept(&link, SECRET).await;
    checked_get(&member, "/").await.assert_ok();
    app.run_jobs().await;
    let rita = app.login("rita@example.com", SECRET).await;
    checked_get(&rita, "/").await.assert_ok();

    let dump = dump_tables(&app, &[]).join("\n");
    assert!(dump.contains("rita@example.com"), "the dump reads the rows");
    assert!(
        dump.contains("invitation.accepted"),
        "the dump covers the audit log"
    );
    for (what, secret) in [
        ("setup token", setup_token.as_str()),
        ("admin's invitation token", admin_token.as_str()),
        ("first invitation token", first.as_str()),
        ("second invitation token", second.as_str()),
        ("password", SECRET),
        ("operator's password", PASSWORD),
    ] {
        assert!(secret.len() >= 20);
        assert!(
            !dump.contains(secret),
            "the {what} is stored in the database"
        );
    }
    if backend == Backend::Sqlite {
        // The file itself, with its write-ahead log: no freed page or journal holds them either.
        let path = app
            .database_url
            .strip_prefix("sqlite://")
            .unwrap()
            .to_owned();
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-journal"] {
            if let Ok(b) = std::fs::read(format!("{path}{suffix}")) {
                bytes.extend(b);
            }
        }
        assert!(bytes.windows(16).any(|w| w == b"rita@example.com"));
        for secret in [
            &setup_token,
            &admin_token,
            &first,
            &second,
            &SECRET.to_owned(),
        ] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a secret is in the SQLite file"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Link problem pages (docs/SECURITY.md A8, A11)
// ---------------------------------------------------------------------------------------------

async fn link_pages_reveal_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CN-77341").admin("boss@acme.test").build().await;
    let mut ids = Vec::new();
    for email in [
        "used@example.com",
        "revoked@example.com",
        "expired@example.com",
    ] {
        ids.push(
            create_user(
                &admin,
                &[
                    ("first_name", "Zed"),
                    ("last_name", "Quixote"),
                    ("email", email),
                    ("kind", "employee"),
                    ("send_invitation", "1"),
                ],
            )
            .await,
        );
    }
    app.run_jobs().await;
    let used = app.invitation_link("used@example.com");
    let revoked = app.invitation_link("revoked@example.com");
    let expired = app.invitation_link("expired@example.com");
    // The valid page does show the details (so their absence below means something).
    let valid = checked_get(&app.session(), &expired).await;
    valid.assert_ok();
    for detail in ["Org CN-77341", "expired@example.com", "New Member"] {
        assert!(
            valid.body.contains(detail),
            "the landing page shows {detail}"
        );
    }

    app.accept(&used, PASSWORD).await;
    let inv = open_invitation(&app, &ids[1]);
    checked_get(&admin, &format!("/admin/invitations/{inv}/revoke"))
        .await
        .assert_ok();
    let p = admin
        .post(&format!("/admin/invitations/{inv}/revoke"), &[])
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(invitation_status(&app, &inv), "revoked");
    let unknown = format!("{}/invite/{}", app.base, random_token());

    let pages = [
        ("unknown", unknown, 404, "This link is not valid"),
        ("used", used, 410, "This invitation has already been used"),
        ("revoked", revoked, 410, "This invitation was withdrawn"),
    ];
    let mut seen = Vec::new();
    for (what, link, status, heading) in pages {
        let page = checked_get(&app.session(), &link).await;
        seen.push(check_problem(what, &page, status, heading));
    }
    app.clock.advance(time::Duration::hours(25));
    let page = checked_get(&app.session(), &expired).await;
    seen.push(check_problem(
        "expired",
        &page,
        410,
        "This invitation has expired",
    ));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "four different headings");
}

fn check_problem(what: &str, page: &Page, status: u16, heading: &str) -> String {
    assert_eq!(page.status, status, "{what}: {}", page.body);
    let html = scraper::Html::parse_document(&page.body);
    let h1 = html
        .select(&scraper::Selector::parse("h1").unwrap())
        .next()
        .map(|h| h.text().collect::<String>())
        .unwrap_or_default();
    assert_eq!(h1.trim(), heading, "{what}");
    for secret in [
        "CN-77341",
        "Org CN",
        "boss@acme.test",
        "New Member",
        "@example.com",
        "Zed",
        "Quixote",
    ] {
        assert!(
            !page.body.contains(secret),
            "the {what} link page reveals {secret:?}"
        );
    }
    assert_eq!(
        page.header("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(
        page.header("cache-control").as_deref(),
        Some("no-store"),
        "{what}"
    );
    h1
}

// ---------------------------------------------------------------------------------------------
// 6. Wrong tokens are throttled per client (docs/SECURITY.md A9)
// ---------------------------------------------------------------------------------------------

async fn wrong_tokens_are_throttled(backend: Backend) {
    let opts = Options {
        token_attempts_per_minute: 20,
        ..Default::default()
    };
    let Some(app) = TestApp::spawn_with(backend, opts).await else {
        return;
    };
    let s = app.session();
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let t = random_token();
        assert_eq!(t.len(), 43);
        let page = checked_get(&s, &format!("/invite/{t}")).await;
        assert_security_headers("throttled token page", &page);
        statuses.push(page.status);
    }
    assert_eq!(&statuses[..20], &[404; 20], "{statuses:?}");
    assert_eq!(&statuses[20..], &[429; 5], "{statuses:?}");
    // Posting is throttled too, and nothing was accepted.
    let p = s
        .post(
            &format!("/invite/{}", random_token()),
            &[("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, 429);
    let users: i64 = invitely::db::schema::accounts::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(users, 0, "no account was created");
    // Per client: another address is not affected.
    let other = crate::support::client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let resp = other
        .get(format!("{}/invite/{}", app.base, random_token()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        404,
        "another client is not throttled"
    );
}

// ---------------------------------------------------------------------------------------------
// 7. Sign-in: one message (docs/SECURITY.md C5), a new session id (docs/SECURITY.md D1)
// ---------------------------------------------------------------------------------------------

const COOKIE: &str = "invitely_session";

fn errors_of(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(".field-error, .error-summary li").unwrap();
    html.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

async fn sign_in_failures_look_alike_and_session_is_renewed(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // The admin account exists (its own session is not used here).
    app.org("C-1").admin("boss@acme.test").build().await;

    let s = app.session();
    checked_get(&s, "/login").await.assert_ok();
    let wrong = s
        .post(
            "/login",
            &[
                ("email", "boss@acme.test"),
                ("password", "not the right password"),
            ],
        )
        .await;
    let unknown = s
        .post(
            "/login",
            &[
                ("email", "nobody@acme.test"),
                ("password", "not the right password"),
            ],
        )
        .await;
    check("wrong password", &wrong);
    check("unknown account", &unknown);
    assert_eq!(wrong.status, 422);
    assert_eq!(unknown.status, 422);
    let (w, u) = (errors_of(&wrong.body), errors_of(&unknown.body));
    assert!(!w.is_empty());
    assert_eq!(
        w, u,
        "the same message for a wrong password and an unknown account"
    );
    assert!(
        w.iter()
            .all(|m| m == "The e-mail address, phone number or password is not right."),
        "{w:?}"
    );
    assert_eq!(checked_get(&s, "/").await.status, 303, "still signed out");

    // Nothing to fixate on a first visit: an anonymous visitor has no session id at all
    // (docs/SECURITY.md D2; the form's CSRF token is bound to its own cookie).
    let v = app.session();
    let form = checked_get(&v, "/login").await;
    assert_eq!(
        set_cookie(&form, COOKIE),
        None,
        "no session for an anonymous visitor"
    );
    let first = v
        .post(
            "/login",
            &[("email", "boss@acme.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(first.status, 303, "{}", first.body);
    let before = set_cookie(&first, COOKIE).expect("a session cookie at sign-in");
    checked_get(&v, "/admin/users").await.assert_ok();
    // Session fixation: the id the visitor had before signing in is worthless afterwards.
    let done = v
        .post(
            "/login",
            &[("email", "boss@acme.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let after = set_cookie(&done, COOKIE).expect("a new session cookie at sign-in");
    assert_ne!(before, after, "the session id changes at sign-in");
    checked_get(&v, "/admin/users").await.assert_ok();
    let raw = crate::support::client::builder().build().unwrap();
    let replay = raw
        .get(format!("{}/admin/users", app.base))
        .header("Cookie", format!("{COOKIE}={before}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status().as_u16(),
        303,
        "the pre-sign-in id is not signed in"
    );
    let fresh = raw
        .get(format!("{}/admin/users", app.base))
        .header("Cookie", format!("{COOKIE}={after}"))
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status().as_u16(), 200, "the new id is");

    // The same when a password is set through an invitation.
    let id = create_user(
        &v,
        &[
            ("first_name", "Nina"),
            ("last_name", "New"),
            ("email", "nina@example.com"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    assert!(!id.is_empty());
    app.run_jobs().await;
    let link = app.invitation_link("nina@example.com");
    let invitee = app.session();
    let landing = checked_get(&invitee, &link).await;
    assert_eq!(
        set_cookie(&landing, COOKIE),
        None,
        "no session for an anonymous invitee"
    );
    let accepted = invitee
        .post(
            &link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "Nina"),
                ("last_name", "New"),
            ],
        )
        .await;
    assert_eq!(accepted.status, 303);
    set_cookie(&accepted, COOKIE).expect("a session cookie of its own at acceptance");
    checked_get(&invitee, "/").await.assert_ok();
    app.expect_welcome("nina@example.com").await;
}

/// The checker itself catches what it is meant to catch.
#[test]
fn inline_script_checker_works() {
    let ok = r#"<html><head><script src="/static/app.js" defer></script></head><body><p>hi</p></body></html>"#;
    assert_no_inline_script("ok", ok);
    for bad in [
        "<html><body><script>alert(1)</script></body></html>",
        r#"<html><body><script src="/a.js">alert(1)</script></body></html>"#,
        r#"<html><body>"><img src=x onerror=alert(1)></body></html>"#,
        r#"<html><body><a href="javascript:alert(1)">x</a></body></html>"#,
    ] {
        let caught = std::panic::catch_unwind(|| assert_no_inline_script("bad", bad)).is_err();
        assert!(caught, "not caught: {bad}");
    }
}

both_backends!(
    security_headers_on_pages_and_errors,
    admins_cannot_reach_another_organisation,
    names_render_inert,
    no_raw_tokens_or_passwords_at_rest,
    link_pages_reveal_nothing,
    wrong_tokens_are_throttled,
    sign_in_failures_look_alike_and_session_is_renewed,
);

/// Failed sign-ins are throttled (docs/SECURITY.md C4): after ten failures from one address even
/// the right password waits, from that address, until the window ends — then it works again.
async fn failed_sign_ins_are_throttled(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let _admin = app.org("TH-1").admin("boss@th1.test").build().await;
    let s = app.session();
    s.get("/login").await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let p = s
            .post(
                "/login",
                &[("email", "boss@th1.test"), ("password", "wrong password!")],
            )
            .await;
        statuses.push(p.status);
    }
    assert_eq!(&statuses[..10], &[422; 10], "{statuses:?}");
    assert_eq!(&statuses[10..], &[429, 429], "{statuses:?}");
    let blocked = s
        .post(
            "/login",
            &[("email", "boss@th1.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        blocked.status, 429,
        "even the right password waits for the window"
    );
    app.clock.advance(time::Duration::minutes(5));
    let later = s
        .post(
            "/login",
            &[("email", "boss@th1.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(later.status, 303, "nobody is locked out for good");
}

both_backends!(failed_sign_ins_are_throttled);
