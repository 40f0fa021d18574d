//! Limits on inviting: invitations per inviter per day (resends count) and seats per
//! organisation (active members plus open invitations); a batch over a limit is refused whole.
//! Also the per-user results of a mixed batch.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::{flashes, remove_contact, rows, table_row};
use crate::support::{Backend, Session, TestApp};
use diesel::RunQueryDsl;

/// Creates `n` users with e-mail addresses and without invitations.
async fn create_uninvited(app: &TestApp, admin: &Session, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let member = app
            .member(admin)
            .named(prefix, &format!("Number{i}"))
            .email(&format!("{prefix}{i}@example.com"));
        ids.push(member.create().await);
    }
    ids
}

/// Bulk-invites these cards; returns the flash messages shown on the page it leads back to.
async fn bulk_invite(admin: &Session, ids: &[String]) -> Vec<String> {
    admin.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let page = admin.post("/admin/users/invite", &fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let back = admin
        .get(page.location.as_deref().expect("back to the table"))
        .await;
    back.assert_ok();
    flashes(&back.body)
}

fn assert_flash(flashes: &[String], expected: &str) {
    assert!(
        flashes.iter().any(|f| f == expected),
        "expected the message {expected:?}, got {flashes:?}"
    );
}

/// The count next to a status in the users table's status filter.
async fn status_count(admin: &Session, status: &str) -> i64 {
    let page = admin.get("/admin/users").await;
    page.assert_ok();
    let marker = format!("href=\"/admin/users?status={status}\"");
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no {status} tab"))
        + marker.len();
    let rest = &page.body[start..];
    let count = rest.split("<span class=\"count\">").nth(1).expect("count");
    // Grouped as the page's language writes it ("10,001").
    count
        .split('<')
        .next()
        .unwrap_or_default()
        .trim()
        .replace([',', '\u{a0}'], "")
        .parse()
        .expect("a number")
}

/// Rows in the outbox (queued messages), straight from the database.
fn outbox_rows(app: &TestApp) -> i64 {
    let mut conn = app.conn();
    invitely::db::queue::stats(&mut conn).unwrap().depth
}

/// The lines of the invitations list whose recipient is `recipient`.
async fn invitation_lines(admin: &Session, recipient: &str) -> Vec<String> {
    let page = admin.get("/admin/invitations").await;
    page.assert_ok();
    let cell = format!("<td>{recipient}</td>");
    page.body
        .split("<tr>")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or_default())
        // Addresses may break after "@" and dots (<wbr>): matched as read.
        .filter(|row| row.replace("<wbr>", "").contains(&cell))
        .map(str::to_owned)
        .collect()
}

const DAILY_50_LEFT: &str =
    "Nothing was sent: only 50 invitations are left for you today. Invite fewer people or try again tomorrow.";
const DAILY_0_LEFT: &str =
    "Nothing was sent: you have no invitations left for today. Try again tomorrow.";

/// 1. 50 a day: 51 are refused whole, 50 go, then one more is refused.
async fn daily_limit_refuses_the_whole_batch(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let ids = create_uninvited(&app, &admin, "user", 52).await;
    assert_eq!(status_count(&admin, "not_invited").await, 52);
    assert_eq!(outbox_rows(&app), 0);

    let shown = bulk_invite(&admin, &ids[..51]).await;
    assert_flash(&shown, DAILY_50_LEFT);
    assert!(!shown.iter().any(|f| f.contains("queued")), "{shown:?}");
    assert!(
        rows(&admin, "?status=waiting").await.is_empty(),
        "nobody is waiting"
    );
    assert_eq!(status_count(&admin, "waiting").await, 0);
    assert_eq!(status_count(&admin, "not_invited").await, 52);
    assert_eq!(outbox_rows(&app), 0, "no message was queued");
    assert!(
        invitation_lines(&admin, "user0@example.com")
            .await
            .is_empty(),
        "no invitation was written"
    );

    let shown = bulk_invite(&admin, &ids[..50]).await;
    assert_flash(&shown, "50 invitations queued.");
    assert_eq!(status_count(&admin, "waiting").await, 50);
    assert_eq!(outbox_rows(&app), 50);

    let shown = bulk_invite(&admin, &ids[50..51]).await;
    assert_flash(&shown, DAILY_0_LEFT);
    assert_eq!(status_count(&admin, "waiting").await, 50);
    assert_eq!(status_count(&admin, "not_invited").await, 2);
    assert!(table_row(&admin, "not_invited", &ids[50]).await.is_some());
    assert_eq!(outbox_rows(&app), 50);

    // The single-user form is held to the same limit.
    admin.get("/admin/users/new").await.assert_ok();
    let page = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "One"),
                ("last_name", "More"),
                ("email", "one.more@example.com"),
                ("kind", "employee"),
                ("send_invitation", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains(DAILY_0_LEFT), "{}", page.body);
    assert_eq!(outbox_rows(&app), 50);
    app.allow_jobs_left("the 50 invitations are counted in the queue, not sent");
}

/// 2. Seats: active members plus open invitations may not exceed the organisation's limit.
async fn seat_limit_refuses_the_whole_batch(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("S-3")
        .admin("small@org.test")
        .seats(3)
        .daily(50)
        .build()
        .await;
    assert_eq!(
        status_count(&admin, "active").await,
        1,
        "the admin takes one seat"
    );

    let ids = create_uninvited(&app, &admin, "seat", 3).await;
    let shown = bulk_invite(&admin, &ids).await;
    assert_flash(
        &shown,
        "Nothing was sent: only 2 seats are left in this organisation.",
    );
    assert_eq!(status_count(&admin, "waiting").await, 0);
    assert_eq!(status_count(&admin, "not_invited").await, 3);
    assert_eq!(outbox_rows(&app), 0);

    let shown = bulk_invite(&admin, &ids[..2]).await;
    assert_flash(&shown, "2 invitations queued.");
    assert_eq!(status_count(&admin, "waiting").await, 2);
    assert_eq!(app.run_jobs().await, 2);
    assert_eq!(status_count(&admin, "invited").await, 2);

    let shown = bulk_invite(&admin, &ids[2..]).await;
    assert_flash(
        &shown,
        "Nothing was sent: no seats are left in this organisation.",
    );
    assert!(table_row(&admin, "not_invited", &ids[2]).await.is_some());
}

/// 3. A re-invitation takes no second seat but does count against the daily limit.
async fn reinvite_takes_no_seat_but_counts_daily(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Two seats (the admin and one more), three invitations a day.
    let admin = app
        .org("R-2")
        .admin("resender@org.test")
        .seats(2)
        .daily(3)
        .build()
        .await;

    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@example.com")
        .invited()
        .create()
        .await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.emails_to("ivan@example.com").len(), 1);

    // Resend from the invitations list: the last seat is Ivan's already.
    let lines = invitation_lines(&admin, "ivan@example.com").await;
    assert_eq!(lines.len(), 1);
    let start = lines[0]
        .find("action=\"/admin/invitations/")
        .expect("a resend form")
        + "action=\"".len();
    let action = lines[0][start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(action.ends_with("/resend"), "{action}");
    let page = admin.post(&action, &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let back = admin.get("/admin/invitations").await;
    assert_flash(&flashes(&back.body), "1 invitation queued.");
    let lines = invitation_lines(&admin, "ivan@example.com").await;
    assert_eq!(
        lines.len(),
        2,
        "two invitations for Ivan after the resend: {lines:?}"
    );
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(app.emails_to("ivan@example.com").len(), 2);
    assert_eq!(
        status_count(&admin, "invited").await + status_count(&admin, "active").await,
        2,
        "still two seats"
    );

    // A new person needs a seat: none left (the daily limit still allows one).
    let olga = create_uninvited(&app, &admin, "olga", 1).await;
    let shown = bulk_invite(&admin, &olga).await;
    assert_flash(
        &shown,
        "Nothing was sent: no seats are left in this organisation.",
    );

    // Re-inviting Ivan from the users table takes the third and last invitation of the day.
    let shown = bulk_invite(&admin, std::slice::from_ref(&ivan)).await;
    assert_flash(&shown, "1 invitation queued.");
    assert_eq!(invitation_lines(&admin, "ivan@example.com").await.len(), 3);

    // Resends count: the fourth is refused.
    let shown = bulk_invite(&admin, std::slice::from_ref(&ivan)).await;
    assert_flash(&shown, DAILY_0_LEFT);
    assert_eq!(invitation_lines(&admin, "ivan@example.com").await.len(), 3);

    // 24 hours later the day's allowance is back (the session is long gone by then).
    app.clock
        .advance(time::Duration::hours(24) + time::Duration::minutes(1));
    let admin = app.login("resender@org.test", PASSWORD).await;
    let shown = bulk_invite(&admin, std::slice::from_ref(&ivan)).await;
    assert_flash(&shown, "1 invitation queued.");
    assert_eq!(invitation_lines(&admin, "ivan@example.com").await.len(), 4);
    assert_eq!(app.run_jobs().await, 1, "the last invitation goes out");
}

/// A mixed batch: those with a contact are queued; no contact is an error on the card;
/// active members are skipped.
async fn mixed_batch_reports_per_user(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let active = rows(&admin, "?status=active").await;
    assert_eq!(active.len(), 1, "the admin");
    let admin_id = active[0].0.clone();

    let by_mail = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@example.com")
        .create()
        .await;
    let by_sms = app
        .member(&admin)
        .named("Olga", "Smirnova")
        .phone("+7 905 111-11-11")
        .customer()
        .create()
        .await;
    let nobody = app
        .member(&admin)
        .named("Nobody", "Nocontact")
        .email("nobody@example.com")
        .create()
        .await;
    // A card saved before a contact was required: no e-mail, no phone.
    remove_contact(&app, &nobody);

    let batch = [
        by_mail.clone(),
        nobody.clone(),
        admin_id.clone(),
        by_sms.clone(),
    ];
    let shown = bulk_invite(&admin, &batch).await;
    // One message for the batch, each reason once with its names.
    assert_eq!(
        shown,
        [
            "2 invitations queued · 1 skipped: no e-mail or phone (Nobody Nocontact) · \
          1 skipped: already active (New Member)"
        ]
    );

    let waiting: Vec<String> = rows(&admin, "?status=waiting")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(waiting.len(), 2);
    assert!(
        waiting.contains(&by_mail) && waiting.contains(&by_sms),
        "{waiting:?}"
    );
    let row = table_row(&admin, "error", &nobody)
        .await
        .expect("no contact is an error");
    assert!(
        row.contains("<span class=\"reason\">no e-mail or phone</span>"),
        "{row}"
    );
    let row = table_row(&admin, "active", &admin_id)
        .await
        .expect("the admin stays active");
    assert!(!row.contains("class=\"reason\""), "{row}");
    assert_eq!(outbox_rows(&app), 2);

    assert_eq!(app.run_jobs().await, 2);
    assert_eq!(app.emails_to("ivan@example.com").len(), 1);
    assert_eq!(app.sms.messages().len(), 1);
    assert_eq!(rows(&admin, "?status=invited").await.len(), 2);
    assert_eq!(rows(&admin, "?status=error").await.len(), 1);
}

/// Audit events with this action, straight from the database.
fn audit_details(app: &TestApp, action: &str) -> Vec<String> {
    use diesel::prelude::*;
    use invitely::db::schema::audit_events;
    let mut conn = app.conn();
    audit_events::table
        .filter(audit_events::action.eq(action))
        .select(audit_events::details)
        .load(&mut *conn)
        .unwrap()
}

/// 5. A refusal by the daily limit leaves an audit event (`check_limits` writes "limit.daily").
async fn daily_limit_refusal_is_audited(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("A-1")
        .admin("audited@org.test")
        .seats(100)
        .daily(1)
        .build()
        .await;
    let ids = create_uninvited(&app, &admin, "audit", 2).await;
    let shown = bulk_invite(&admin, &ids).await;
    assert_flash(
        &shown,
        "Nothing was sent: only 1 invitation is left for you today. Invite fewer people or try again tomorrow.",
    );
    assert_eq!(outbox_rows(&app), 0, "refused whole");
    let events = audit_details(&app, "limit.daily");
    assert_eq!(
        events,
        vec![invitely::domain::audit::Details::Limit {
            asked: 2,
            remaining: 1
        }
        .stored()],
        "the refusal is in the audit trail"
    );
}

/// Refused at the daily limit, the table offers to send to the first that still fit; the
/// offer sends exactly those, goes through the same policy, and is shown once.
async fn daily_limit_offers_the_first_that_fit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-9").admin("boss@l9.test").daily(3).build().await;
    let ids = create_uninvited(&app, &admin, "few", 5).await;
    let shown = bulk_invite(&admin, &ids).await;
    assert!(
        shown
            .iter()
            .any(|f| f.starts_with("Nothing was sent: only 3")),
        "{shown:?}"
    );
    assert_eq!(outbox_rows(&app), 0);
    // The page that said so (the redirect already consumed it): ask again with a new refusal.
    admin.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let refused = admin.post("/admin/users/invite", &fields).await;
    let back = admin.get(refused.location.as_deref().unwrap()).await;
    assert!(back.body.contains("Send the first 3 now"), "{}", back.body);
    let offered: Vec<String> = back
        .body
        .split("<form method=\"post\" action=\"/admin/users/invite\" class=\"offer\">")
        .nth(1)
        .unwrap()
        .split("</form>")
        .next()
        .unwrap()
        .split("name=\"user_id\" value=\"")
        .skip(1)
        .map(|p| p.split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(offered, ids[..3], "the first three of the selection");
    // Shown once.
    let again = admin.get("/admin/users").await;
    assert!(!again.body.contains("Send the first"));
    let shown = bulk_invite(&admin, &offered).await;
    assert_flash(&shown, "3 invitations queued.");
    assert_eq!(outbox_rows(&app), 3);
    assert_eq!(app.run_jobs().await, 3);
}

/// "All matching the filter" over the one-request cap (10,000) is refused whole with a message
/// that says so — not a silent first 10,000.
async fn all_matching_over_the_cap_is_refused_whole(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("BIG-1")
        .admin("boss@big.test")
        .seats(20_000)
        .daily(20_000)
        .build()
        .await;
    diesel::sql_query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001) \
         INSERT INTO members (org_id, first_name, last_name, email, kind, is_admin, \
         invite_status, search_text, created_at, updated_at) \
         SELECT (SELECT id FROM organisations WHERE customer_number = 'BIG-1'), 'Bulk', \
         'User' || i, 'bulk' || i || '@big.test', 'employee', FALSE, 'not_invited', \
         'bulk user' || i, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n",
    )
    .execute(&mut *app.conn())
    .unwrap();
    assert_eq!(status_count(&admin, "not_invited").await, 10_001);
    let page = admin
        .post(
            "/admin/users/invite",
            &[("all_matching", "1"), ("status", "not_invited")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let back = admin.get(page.location.as_deref().unwrap()).await;
    let shown = flashes(&back.body);
    assert!(
        shown
            .iter()
            .any(|f| f.starts_with("More than 10") && f.contains("nothing was sent")),
        "{shown:?}"
    );
    assert_eq!(outbox_rows(&app), 0, "refused whole");
    assert_eq!(status_count(&admin, "not_invited").await, 10_001);
    assert_eq!(status_count(&admin, "waiting").await, 0);
}

both_backends!(
    all_matching_over_the_cap_is_refused_whole,
    daily_limit_offers_the_first_that_fit,
    daily_limit_refuses_the_whole_batch,
    seat_limit_refuses_the_whole_batch,
    reinvite_takes_no_seat_but_counts_daily,
    mixed_batch_reports_per_user,
    daily_limit_refusal_is_audited,
);
