//! An invitation is "sent" once the mail server accepted it, not when its link was minted for
//! an attempt. One the server put off (451) and that was then revoked never left: its batch
//! counts it cancelled, not invited, and no page shows a sending time or an expiry for it; and
//! migration `2026-12-07-000043_sent_means_sent` clears the times stored before for attempts
//! the server refused.

use crate::both_backends;
use crate::support::scratch::{self, scratch};
use crate::support::smtp_sink::Reply;
use crate::support::{Backend, TestApp};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use invitely::db::enums::InvitationStatus;
use invitely::db::ids::InvitationId;
use invitely::db::schema::invitations;
use time::PrimitiveDateTime;

type Times = (
    InvitationId,
    InvitationStatus,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
);

fn invitations_of(app: &TestApp) -> Vec<Times> {
    invitations::table
        .select((
            invitations::id,
            invitations::status,
            invitations::sent_at,
            invitations::expires_at,
        ))
        .order(invitations::id)
        .load(&mut *app.conn())
        .unwrap()
}

async fn a_put_off_invitation_revoked_was_never_sent(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-1").admin("boss@t1.test").build().await;
    let mut ids = Vec::new();
    for email in ["one@t1.test", "two@t1.test"] {
        ids.push(app.member(&admin).email(email).create().await);
    }
    admin.get("/admin/users").await.assert_ok();
    let fields: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let batch = admin.post("/admin/users/invite", &fields).await;
    let batch = batch.location.expect("a batch page");
    // The boss's own invitation was accepted before: only the batch's two are in play.
    let before = invitations_of(&app).len();
    app.smtp.script(vec![
        Reply::Temporary("451 4.3.0 Try again later".into()),
        Reply::Ok,
    ]);
    assert_eq!(app.run_jobs().await, 2);
    let rows = invitations_of(&app);
    let (queued, sent): (Vec<&Times>, Vec<&Times>) = rows[before - 2..]
        .iter()
        .partition(|r| r.1 == InvitationStatus::Queued);
    let (put_off, sent) = (queued[0].0, sent[0]);
    assert_eq!(sent.1, InvitationStatus::Pending);
    assert!(sent.2.is_some() && sent.3.is_some(), "{sent:?}");

    let revoked = admin
        .post(&format!("/admin/invitations/{put_off}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    let row = invitations_of(&app)
        .into_iter()
        .find(|r| r.0 == put_off)
        .unwrap();
    assert_eq!(row.1, InvitationStatus::Revoked);
    assert_eq!(row.2, None, "never handed to the mail server: {row:?}");

    let page = admin.get(&batch).await;
    page.assert_ok();
    assert!(
        page.body.contains("Done: 1 invited, 0 errors"),
        "{}",
        page.body
    );
    let progress: serde_json::Value =
        serde_json::from_str(&admin.get(&format!("{batch}/progress")).await.body).unwrap();
    assert_eq!(
        (progress["sent"].as_i64(), progress["cancelled"].as_i64()),
        (Some(1), Some(1)),
        "{progress}"
    );
    // The list shows the revoked one with empty Sent and Expires cells.
    let list = admin.get("/admin/invitations?status=revoked").await;
    list.assert_ok();
    let cells: Vec<&str> = list
        .body
        .split("<td class=\"dates\"")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or_default())
        .collect();
    assert_eq!(cells.len(), 2, "{}", list.body);
    for cell in cells {
        assert!(cell.trim_end().ends_with('>'), "empty: {cell}");
    }
}

const SENT_MEANS_SENT: &str = "2026-12-07-000043_sent_means_sent";

/// The migration clears the times stored for attempts the server refused: queued and failed
/// invitations were never taken. Those taken keep theirs.
async fn refused_attempts_lose_their_times(backend: Backend) {
    let Some(mut db) = scratch(backend, "sent_times::refused_attempts_lose_their_times") else {
        return;
    };
    let conn = &mut db.conn;
    scratch::migrate_to(conn, backend, SENT_MEANS_SENT, false);
    let mut sql = String::from(
        "INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit,
             created_at) VALUES (1, 'Org', 'N-1', 100, 50, '2026-01-01 00:00:00');
         INSERT INTO members (id, org_id, email, kind, invite_status, created_at, updated_at)
             VALUES (1, 1, 'm@example.com', 'customer', 'invited', '2026-01-01 00:00:00',
                 '2026-01-01 00:00:00');",
    );
    for (id, status) in ["queued", "failed", "pending", "accepted", "revoked"]
        .iter()
        .enumerate()
    {
        sql.push_str(&format!(
            "INSERT INTO invitations (id, org_id, member_id, channel, recipient, status,
                 created_at, sent_at, expires_at)
                 VALUES ({}, 1, 1, 'email', 'm@example.com', '{status}', '2026-01-01 00:00:00',
                 '2026-01-01 00:00:00', '2026-01-08 00:00:00');",
            id + 1
        ));
    }
    conn.batch_execute(&sql).unwrap();
    conn.run_migration(&*scratch::migration(backend, SENT_MEANS_SENT))
        .unwrap();
    let kept: Vec<(InvitationStatus, bool)> = invitations::table
        .order(invitations::id)
        .select((invitations::status, invitations::sent_at.is_not_null()))
        .load(conn)
        .unwrap();
    assert_eq!(
        kept,
        [
            (InvitationStatus::Queued, false),
            (InvitationStatus::Failed, false),
            (InvitationStatus::Pending, true),
            (InvitationStatus::Accepted, true),
            (InvitationStatus::Revoked, true),
        ]
    );
}

both_backends!(
    a_put_off_invitation_revoked_was_never_sent,
    refused_attempts_lose_their_times
);
