//! The life of an invitation (issue 7) through HTTP: the invitations list's filters, counts,
//! search and range; bulk resend and revoke with per-item results in one message; "Replaced"
//! after a resend; renewing an expired invitation; a bulk send's progress page; and 404 for
//! another organisation's ids on every new route.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::flashes;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::AuditAction;
use invitely::db::ids::{InvitationId, MemberId, RoleId};
use invitely::db::schema::{accounts, audit_events, invitation_roles, invitations, roles};

/// An invitation lives a day by default; this is past it.
const PAST_EXPIRY: time::Duration = time::Duration::hours(25);

/// A role "Dispatcher" of the organisation, written straight to the database, offered with
/// each of `offered`.
pub(crate) fn role_offered(
    app: &TestApp,
    org_id: invitely::db::ids::OrgId,
    offered: &[InvitationId],
) -> RoleId {
    let role: RoleId = diesel::insert_into(roles::table)
        .values((
            roles::org_id.eq(org_id),
            roles::name.eq("Dispatcher"),
            roles::created_at.eq(app.clock.now()),
        ))
        .returning(roles::id)
        .get_result(&mut *app.conn())
        .unwrap();
    for invitation in offered {
        diesel::insert_into(invitation_roles::table)
            .values((
                invitation_roles::invitation_id.eq(invitation),
                invitation_roles::role_id.eq(role),
            ))
            .execute(&mut *app.conn())
            .unwrap();
    }
    role
}

/// The newest invitation of a card.
fn latest(app: &TestApp, member: &str) -> InvitationId {
    invitations::table
        .filter(invitations::member_id.eq(member.parse::<MemberId>().unwrap()))
        .order(invitations::id.desc())
        .select(invitations::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// The count beside a status in the list's status filter (`all` for the first).
fn tab_count(body: &str, status: &str) -> i64 {
    let marker = if status == "all" {
        "href=\"/admin/invitations\"".to_owned()
    } else {
        format!("href=\"/admin/invitations?status={status}\"")
    };
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {status} tab: {body}"));
    body[start..]
        .split("<span class=\"count\">")
        .nth(1)
        .and_then(|c| c.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count for {status}"))
}

/// The recipients listed in the table of a page of the list.
pub(crate) fn recipients(body: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(body);
    let rows = scraper::Selector::parse(".invitations-table tbody tr").unwrap();
    let cells = scraper::Selector::parse("td").unwrap();
    // The cells: check box, name, recipient, ...
    doc.select(&rows)
        .filter_map(|row| row.select(&cells).nth(2))
        .map(|c| c.text().collect::<String>())
        .collect()
}

pub(crate) async fn list(admin: &Session, query: &str) -> String {
    let page = admin.get(&format!("/admin/invitations{query}")).await;
    page.assert_ok();
    page.body
}

/// Posts a form and returns the page it leads to.
async fn post_and_show(admin: &Session, path: &str, fields: &[(&str, &str)]) -> String {
    let page = admin.post(path, fields).await;
    assert_eq!(page.status, 303, "POST {path}: {}", page.body);
    let next = admin.get(page.location.as_deref().unwrap()).await;
    next.assert_ok();
    next.body
}

/// Posts a form and returns the messages of the page it leads to.
async fn post_and_follow(admin: &Session, path: &str, fields: &[(&str, &str)]) -> Vec<String> {
    flashes(&post_and_show(admin, path, fields).await)
}

fn audited(app: &TestApp, action: AuditAction) -> i64 {
    audit_events::table
        .filter(audit_events::action.eq(action.as_str()))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// One of each: expired (Olga), pending (Ivan, with a role), revoked (Sergei), queued (Anna).
async fn filters_counts_and_search(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let member = |first, last, email| app.member(&admin).named(first, last).email(email);
    member("Olga", "Smirnova", "olga@example.com")
        .invite()
        .await;
    app.clock.advance(PAST_EXPIRY);
    let admin = app.login("boss@acme.test", PASSWORD).await;
    let member = |first, last, email| app.member(&admin).named(first, last).email(email);
    let ivan = member("Ivan", "Petrov", "ivan@example.com").invite().await;
    let sergei = member("Sergei", "Sokolov", "sergei@example.com")
        .invite()
        .await;
    let revoke = format!("/admin/invitations/{}/revoke", latest(&app, &sergei.id));
    // The row's link carries the list as it is, for both answers to lead back to.
    let body = list(&admin, "?status=pending").await;
    assert!(
        body.contains(&format!(
            "{revoke}?back=/admin/invitations%3Fstatus%3Dpending"
        )),
        "{body}"
    );
    let asks = admin.get(&revoke).await;
    asks.assert_ok();
    assert!(asks.body.contains("Yes, revoke it"), "{}", asks.body);
    assert_eq!(admin.post(&revoke, &[]).await.status, 303);
    // Its confirmation, opened again, says it is over instead of asking.
    let over = admin.get(&revoke).await;
    over.assert_ok();
    assert!(
        over.body.contains(
            "The invitation for Sergei Sokolov is now “Revoked”: there is nothing to revoke."
        ),
        "{}",
        over.body
    );
    assert!(!over.body.contains("Yes, revoke it"), "{}", over.body);
    member("Anna", "Queued", "anna@example.com")
        .invited()
        .create()
        .await;

    // A role offered with Ivan's invitation (roles are made on their own page).
    let org_id: invitely::db::ids::OrgId = invitations::table
        .find(latest(&app, &ivan.id))
        .select(invitations::org_id)
        .first(&mut *app.conn())
        .unwrap();
    let role = role_offered(&app, org_id, &[latest(&app, &ivan.id)]);

    // Counts per status, with "expired" and "revoked" told apart from the stored state.
    let body = list(&admin, "").await;
    let counts: Vec<(&str, i64)> = [
        "all", "queued", "pending", "expired", "accepted", "revoked", "replaced", "failed",
    ]
    .iter()
    .map(|s| (*s, tab_count(&body, s)))
    .collect();
    assert_eq!(
        counts,
        vec![
            ("all", 5), // the admin's own invitation, accepted
            ("queued", 1),
            ("pending", 1),
            ("expired", 1),
            ("accepted", 1),
            ("revoked", 1),
            ("replaced", 0),
            ("failed", 0)
        ]
    );
    assert!(body.contains("1–5 of 5"), "{body}");
    // Each row's status speaks of the invitation, not of the person ("User invited").
    for label in ["Queued", "Pending", "Expired", "Accepted", "Revoked"] {
        assert!(
            body.contains(&format!("\">{label}</span>")),
            "{label}: {body}"
        );
    }
    assert!(!body.contains("User invited"), "{body}");

    // Each status lists its own.
    let expired = list(&admin, "?status=expired").await;
    assert_eq!(recipients(&expired), vec!["olga@example.com"]);
    assert!(expired.contains("istatus-expired"));
    assert!(
        expired.contains("/renew\""),
        "an expired row offers a renewal"
    );
    assert_eq!(
        recipients(&list(&admin, "?status=revoked").await),
        vec!["sergei@example.com"]
    );
    assert_eq!(
        recipients(&list(&admin, "?status=queued").await),
        vec!["anna@example.com"]
    );

    // Search by name or address, within a status too.
    assert_eq!(
        recipients(&list(&admin, "?q=smirnova").await),
        vec!["olga@example.com"]
    );
    assert_eq!(
        recipients(&list(&admin, "?q=IVAN%40").await),
        vec!["ivan@example.com"]
    );
    assert!(recipients(&list(&admin, "?status=pending&q=olga").await).is_empty());
    let searched = list(&admin, "?q=example.com").await;
    assert_eq!(
        tab_count(&searched, "all"),
        4,
        "the counts follow the search"
    );

    // Channel, inviter and role.
    assert_eq!(recipients(&list(&admin, "?channel=email").await).len(), 5);
    let sms = list(&admin, "?channel=sms").await;
    assert!(recipients(&sms).is_empty());
    assert!(sms.contains("No invitations match this filter."));
    let role_only = list(&admin, &format!("?role={role}")).await;
    assert_eq!(recipients(&role_only), vec!["ivan@example.com"]);
    assert!(role_only.contains("Dispatcher"), "the role is a choice");
    let boss: invitely::db::ids::AccountId = accounts::table
        .filter(accounts::email.eq("boss@acme.test"))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap();
    assert!(
        body.contains(&format!("<option value=\"{boss}\"")),
        "the admin is a choice of inviter"
    );
    assert_eq!(
        recipients(&list(&admin, &format!("?inviter={boss}")).await).len(),
        4,
        "the admin invited all but their own invitation (the operator's)"
    );
    assert!(recipients(&list(&admin, "?inviter=999999").await).is_empty());
    // Filters that are not values are refused, never read as "all" (users_query_input).
    let odd = admin
        .get("/admin/invitations?status=nonsense&channel=fax&role=x&inviter=y")
        .await;
    assert_eq!(odd.status, 400, "{}", odd.body);
    app.run_jobs().await;
}

/// Ticked rows: resend and revoke report each item, in one message with the right tone.
async fn bulk_resend_and_revoke(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let member = |first, last, email| app.member(&admin).named(first, last).email(email);
    let ivan = member("Ivan", "Petrov", "ivan@example.com").invite().await;
    let olga = member("Olga", "Smirnova", "olga@example.com")
        .invite()
        .await;
    let sergei = member("Sergei", "Sokolov", "sergei@example.com")
        .invite()
        .await;
    app.accept(&sergei.link, PASSWORD).await;
    let (i1, o1, s1) = (
        latest(&app, &ivan.id).to_string(),
        latest(&app, &olga.id).to_string(),
        latest(&app, &sergei.id).to_string(),
    );
    admin.get("/admin/invitations").await.assert_ok();
    let ticked = [
        ("invitation_id", i1.as_str()),
        ("invitation_id", o1.as_str()),
        ("invitation_id", s1.as_str()),
    ];
    let page = post_and_show(&admin, "/admin/invitations/resend", &ticked).await;
    assert_eq!(
        flashes(&page),
        vec!["2 resent · 1 skipped: already active (Sergei Sokolov)"]
    );
    assert!(
        page.contains("flash flash-info"),
        "a mixed result is a notice"
    );
    assert_eq!(app.run_jobs().await, 2);
    assert_eq!(app.emails_to("ivan@example.com").len(), 2);

    // The same post again (a double click, a reload of the list): the two already resent are
    // left alone (docs/STYLE.md, idempotent form posts).
    let again = post_and_show(&admin, "/admin/invitations/resend", &ticked).await;
    assert_eq!(
        flashes(&again),
        vec![
            "0 resent · 1 skipped: already active (Sergei Sokolov) · 2 skipped: already resent \
             (a newer invitation followed them)"
        ]
    );
    assert!(
        again.contains("flash flash-info"),
        "a repeat is a notice, not an error"
    );
    assert_eq!(app.run_jobs().await, 0, "nothing sent a second time");
    assert_eq!(app.emails_to("ivan@example.com").len(), 2);

    // The old rows read "Replaced", not "Revoked".
    let body = list(&admin, "").await;
    assert_eq!(tab_count(&body, "replaced"), 2, "{body}");
    assert_eq!(tab_count(&body, "revoked"), 0);
    assert_eq!(
        recipients(&list(&admin, "?status=replaced").await),
        vec!["olga@example.com", "ivan@example.com"]
    );
    assert!(body.contains(">Replaced<"));

    // Bulk revoke: the two new ones go, the accepted one and a replaced one are skipped.
    let (i2, o2) = (
        latest(&app, &ivan.id).to_string(),
        latest(&app, &olga.id).to_string(),
    );
    let ticked = [
        ("invitation_id", i2.as_str()),
        ("invitation_id", o2.as_str()),
        ("invitation_id", s1.as_str()),
        ("invitation_id", i1.as_str()),
    ];
    // Without the browser's question (no JavaScript), a page lists them and asks first.
    let asked = admin.post("/admin/invitations/revoke", &ticked).await;
    asked.assert_ok();
    // Two of the four are open: the question counts what it would revoke.
    assert!(
        asked.body.contains("Revoke 2 invitations?"),
        "{}",
        asked.body
    );
    assert!(
        asked.body.contains("Ivan Petrov (ivan@example.com)</li>"),
        "{}",
        asked.body
    );
    assert_eq!(
        asked.body.matches("not open: stays as it is").count(),
        2,
        "the accepted one and the replaced one: {}",
        asked.body
    );
    assert_eq!(
        asked.body.matches("name=\"invitation_id\"").count(),
        4,
        "the confirmation posts the same ticks"
    );
    // Only ones no longer open: nothing to ask, the list says so.
    let nothing = admin
        .post(
            "/admin/invitations/revoke",
            &[
                ("invitation_id", s1.as_str()),
                ("invitation_id", i1.as_str()),
            ],
        )
        .await;
    assert_eq!(nothing.status, 303, "{}", nothing.body);
    let told = admin.get(nothing.location.as_deref().unwrap()).await;
    assert_eq!(
        flashes(&told.body),
        ["None of the ticked invitations is still open: nothing was revoked."]
    );
    assert!(told.body.contains("flash flash-info"), "{}", told.body);
    assert!(asked.body.contains("name=\"confirm\" value=\"1\""));
    assert_eq!(
        tab_count(&list(&admin, "").await, "revoked"),
        0,
        "nothing yet"
    );
    let confirmed: Vec<(&str, &str)> = ticked.iter().copied().chain([("confirm", "1")]).collect();
    let shown = post_and_follow(&admin, "/admin/invitations/revoke", &confirmed).await;
    assert_eq!(
        shown,
        vec![
            "2 revoked · 1 skipped: not open (Accepted) (Sergei Sokolov) · 1 skipped: not open (Replaced) (Ivan Petrov)"
        ]
    );
    let body = list(&admin, "").await;
    assert_eq!(tab_count(&body, "revoked"), 2);
    assert_eq!(tab_count(&body, "pending"), 0);
    let before = audited(&app, AuditAction::InvitationRevoked);
    assert_eq!(before, 2, "each revocation is audited");

    // Nothing left to revoke: an error, not a green "nothing happened".
    let page = post_and_show(
        &admin,
        "/admin/invitations/revoke",
        &[ticked[0], ticked[1], ("confirm", "1")],
    )
    .await;
    assert_eq!(
        flashes(&page),
        vec!["0 revoked · 2 skipped: not open (Revoked) (Ivan Petrov, Olga Smirnova)"]
    );
    assert!(page.contains("flash flash-error"), "{page}");
    // Nothing ticked.
    let shown = post_and_follow(&admin, "/admin/invitations/revoke", &[]).await;
    assert_eq!(shown, vec!["Tick at least one invitation first."]);
}

/// An expired invitation stays listed and renews with one click: a new link with the same
/// terms; the old link is dead.
async fn renew_an_expired_invitation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@example.com")
        .invite()
        .await;
    let old = latest(&app, &ivan.id);

    // Not expired yet: renewing is refused, nothing is sent.
    admin.get("/admin/invitations").await.assert_ok();
    let shown = post_and_follow(&admin, &format!("/admin/invitations/{old}/renew"), &[]).await;
    assert_eq!(shown, vec!["Only an expired invitation can be renewed."]);
    assert_eq!(app.run_jobs().await, 0);

    app.clock.advance(PAST_EXPIRY);
    let admin = app.login("boss@acme.test", PASSWORD).await;
    let visitor = app.session();
    assert_eq!(visitor.get(&ivan.link).await.status, 410, "expired");
    let body = list(&admin, "?status=expired").await;
    assert_eq!(recipients(&body), vec!["ivan@example.com"]);
    let renew = format!("/admin/invitations/{old}/renew");
    assert!(body.contains(&format!("action=\"{renew}\"")), "{body}");
    // Expired, its link already stopped working: nothing to revoke, as the ticked rows' revoke
    // says — its page says so, and a post kept from earlier changes nothing. Both lead back
    // to the list as it was.
    let revoke =
        format!("/admin/invitations/{old}/revoke?back=%2Fadmin%2Finvitations%3Fstatus%3Dexpired");
    let over = admin.get(&revoke).await;
    over.assert_ok();
    assert!(
        over.body
            .contains("is now “Expired”: there is nothing to revoke."),
        "{}",
        over.body
    );
    assert!(
        over.body
            .contains("href=\"/admin/invitations?status=expired\""),
        "{}",
        over.body
    );
    let refused = admin
        .post(
            &format!("/admin/invitations/{old}/revoke"),
            &[("back", "/admin/invitations?status=expired")],
        )
        .await;
    assert_eq!(
        refused.location.as_deref(),
        Some("/admin/invitations?status=expired")
    );
    let body = list(&admin, "?status=expired").await;
    assert_eq!(recipients(&body), vec!["ivan@example.com"], "still expired");

    let shown = post_and_follow(
        &admin,
        &renew,
        &[("back", "/admin/invitations?status=expired")],
    )
    .await;
    assert_eq!(
        shown,
        vec!["A new invitation with the same terms was queued; the old link no longer works."]
    );
    assert_eq!(app.run_jobs().await, 1);
    let new_link = app.invitation_link("ivan@example.com");
    assert_ne!(new_link, ivan.link);
    let new = latest(&app, &ivan.id);
    assert_ne!(new, old);
    let replaced_by: Option<InvitationId> = invitations::table
        .find(old)
        .select(invitations::replaced_by)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(replaced_by, Some(new));
    let body = list(&admin, "").await;
    assert_eq!(tab_count(&body, "expired"), 0);
    assert_eq!(tab_count(&body, "replaced"), 1);
    assert_eq!(tab_count(&body, "pending"), 1);
    assert_eq!(audited(&app, AuditAction::InvitationRenewed), 1);
    assert_eq!(audited(&app, AuditAction::InvitationResent), 0);

    // The old link stays dead; the new one works.
    assert_ne!(visitor.get(&ivan.link).await.status, 200);
    visitor.get(&new_link).await.assert_ok();
    app.accept(&new_link, PASSWORD)
        .await
        .get("/")
        .await
        .assert_ok();
}

fn progress_json(page: &crate::support::Page) -> serde_json::Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

/// A bulk send of many is a batch: its page shows queued / sent / failed, follows the workers
/// and ends "done", also after a reload.
async fn bulk_send_shows_its_progress(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let mut ids = Vec::new();
    for (first, email) in [
        ("Ivan", "ivan@example.com"),
        ("Olga", "olga@example.com"),
        ("Petr", "petr@example.com"),
    ] {
        let m = app.member(&admin).named(first, "Test").email(email);
        ids.push(m.create().await);
    }
    let nobody = app
        .member(&admin)
        .named("No", "Contact")
        .phone("")
        .email("x@example.com");
    let nobody = nobody.create().await;
    crate::support::pages::remove_contact(&app, &nobody);
    ids.push(nobody);
    admin.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let sent = admin.post("/admin/users/invite", &fields).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let at = sent.location.clone().unwrap();
    assert!(at.starts_with("/admin/invitations/batches/"), "{at}");

    let page = admin.get(&at).await;
    page.assert_ok();
    assert!(
        page.body.contains("Sending: 0 of 3 handled"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<progress"), "one bar");
    assert!(
        flashes(&page.body)
            == vec!["3 invitations queued · 1 skipped: no e-mail or phone (No Contact)"],
        "{:?}",
        flashes(&page.body)
    );
    let progress = admin.get(&format!("{at}/progress")).await;
    progress.assert_ok();
    let p = progress_json(&progress);
    assert_eq!(
        (
            p["queued"].as_i64(),
            p["sent"].as_i64(),
            p["failed"].as_i64(),
            p["done"].as_bool()
        ),
        (Some(3), Some(0), Some(0), Some(false)),
        "{p}"
    );

    assert_eq!(app.run_jobs().await, 3);
    let p = progress_json(&admin.get(&format!("{at}/progress")).await);
    assert_eq!(
        (
            p["queued"].as_i64(),
            p["sent"].as_i64(),
            p["done"].as_bool()
        ),
        (Some(0), Some(3), Some(true)),
        "{p}"
    );
    assert_eq!(p["state"], "Done: 3 invited, 0 errors");
    // A reload tells the same, from the database.
    let again = admin.get(&at).await;
    again.assert_ok();
    assert!(
        again.body.contains("Done: 3 invited, 0 errors"),
        "{}",
        again.body
    );
    assert!(again.body.contains("data-done"));

    // One invitation alone goes back to the table, as before.
    let one = admin
        .post("/admin/users/invite", &[("user_id", ids[0].as_str())])
        .await;
    assert_eq!(one.location.as_deref(), Some("/admin/users"));
    app.run_jobs().await;
}

/// Every new route answers 404 to an admin of another organisation, and changes nothing.
async fn other_organisations_ids_are_not_found(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = app.org("A-1").admin("a@a.test").build().await;
    app.org("B-1").admin("b@b.test").build().await;
    let mut ids = Vec::new();
    for email in ["one@a.test", "two@a.test"] {
        ids.push(
            app.member(&a)
                .named("A", "Person")
                .email(email)
                .create()
                .await,
        );
    }
    a.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let batch = a
        .post("/admin/users/invite", &fields)
        .await
        .location
        .unwrap();
    app.run_jobs().await;
    let inv = latest(&app, &ids[0]);
    // Expired, so that a renewal would otherwise go through.
    app.clock.advance(PAST_EXPIRY);
    let b = app.login("b@b.test", PASSWORD).await;
    b.get("/admin/invitations").await.assert_ok();

    assert_eq!(b.get(&batch).await.status, 404, "GET {batch}");
    assert_eq!(b.get(&format!("{batch}/progress")).await.status, 404);
    let inv_s = inv.to_string();
    for (path, fields) in [
        (format!("/admin/invitations/{inv}/renew"), vec![]),
        (
            "/admin/invitations/revoke".to_owned(),
            vec![("invitation_id", inv_s.as_str())],
        ),
        (
            "/admin/invitations/resend".to_owned(),
            vec![("invitation_id", inv_s.as_str())],
        ),
    ] {
        let page = b.post(&path, &fields).await;
        assert_eq!(page.status, 404, "POST {path}: {}", page.body);
    }
    let status: String = invitations::table
        .find(inv)
        .select(invitations::status)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(
        status, "pending",
        "A's invitation untouched (expired, not renewed)"
    );
    assert_eq!(app.run_jobs().await, 0, "nothing sent");
    // B's own list shows nothing of A's.
    assert!(!list(&b, "?q=a.test").await.contains("one@a.test"));
}

/// An invitation an admin revoked, sent again from its row: the new one replaces it (shown
/// "Replaced", no longer offered to resend), as a resend of a failed one does.
async fn a_revoked_invitation_sent_again_is_replaced(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("RR-1").admin("boss@rr.test").build().await;
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@rr.test")
        .invite()
        .await;
    let old = latest(&app, &ivan.id);
    admin.get("/admin/invitations").await.assert_ok();
    let revoke = format!("/admin/invitations/{old}/revoke");
    assert_eq!(admin.post(&revoke, &[]).await.status, 303);
    let body = list(&admin, "?status=revoked").await;
    let resend = format!("/admin/invitations/{old}/resend");
    assert!(body.contains(&format!("action=\"{resend}\"")), "{body}");
    assert_eq!(admin.post(&resend, &[]).await.status, 303);
    assert_eq!(app.run_jobs().await, 1);
    let new = latest(&app, &ivan.id);
    assert_ne!(new, old);
    let body = list(&admin, "").await;
    assert_eq!(tab_count(&body, "revoked"), 0, "{body}");
    assert_eq!(tab_count(&body, "replaced"), 1, "{body}");
    assert_eq!(tab_count(&body, "pending"), 1, "{body}");
    assert!(!body.contains(&format!("action=\"{resend}\"")), "{body}");
    app.accept(&app.invitation_link("ivan@rr.test"), PASSWORD)
        .await
        .get("/")
        .await
        .assert_ok();
}

both_backends!(
    filters_counts_and_search,
    bulk_resend_and_revoke,
    a_revoked_invitation_sent_again_is_replaced,
    renew_an_expired_invitation,
    bulk_send_shows_its_progress,
    other_organisations_ids_are_not_found,
);
