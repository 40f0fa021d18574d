//! The typed job queue: payloads round-trip through their kind and JSON, an idempotency key
//! refuses a second queued job, a row that cannot be decoded is failed (not retried forever),
//! leases run out and are reclaimed, a short queue is shared between workers, shutdown hands
//! unsent jobs back. (The migration of rows queued in the old shape: `migrations.rs`.)

use crate::both_backends;
use crate::support::pages::queue_invitations;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use invitely::db::ids::{InvitationId, JobId};
use invitely::db::models::OutboxJob;
use invitely::db::queue::{self, Enqueued, NewJob};
use invitely::db::schema::{invitations, outbox_jobs};
use invitely::db::write_tx;
use invitely::domain::jobs::{self, Job};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use time::Duration;

fn rows(app: &TestApp) -> Vec<OutboxJob> {
    outbox_jobs::table
        .order(outbox_jobs::created_at.asc())
        .select(OutboxJob::as_select())
        .load(&mut app.conn())
        .unwrap()
}

/// The queued invitation's row carries a typed payload that decodes back to the same job.
async fn typed_payload_round_trip(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Q-1").admin("boss@q1.test").build().await;
    queue_invitations(&admin, "q", 1).await;
    let queued = rows(&app);
    assert_eq!(queued.len(), 1, "{queued:?}");
    let invitation_id: InvitationId = invitations::table
        .filter(invitations::status.eq("queued"))
        .select(invitations::id)
        .first(&mut app.conn())
        .unwrap();
    let job = Job::decode(&queued[0].kind, &queued[0].payload).unwrap();
    assert_eq!(
        job,
        Job::Invitation {
            invitation_id,
            token_generation: 0
        }
    );
    assert_eq!(queued[0].kind, "invitation");
    assert_eq!(queued[0].idempotency_key, job.idempotency_key());
    let payload: serde_json::Value = serde_json::from_str(&queued[0].payload).unwrap();
    assert_eq!(payload["invitation_id"], invitation_id.get(), "{payload}");

    // Every variant written by `enqueue` reads back as itself.
    let welcome = Job::Welcome {
        invitation_id: InvitationId::from_raw(999_001),
    };
    let now = app.clock.now();
    write_tx(&mut app.conn(), |c| jobs::enqueue(c, now, &welcome)).unwrap();
    let stored = rows(&app).pop().unwrap();
    assert_eq!(Job::decode(&stored.kind, &stored.payload).unwrap(), welcome);
    assert_eq!(stored.max_attempts, welcome.retry_policy().max_attempts);
    assert_eq!(app.run_jobs().await, 2, "both run");
}

/// A second job with a queued job's idempotency key is refused, in the same transaction or
/// another; once the first has run, the key is free again.
async fn idempotency_key_refuses_a_duplicate(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let job = Job::Welcome {
        invitation_id: InvitationId::from_raw(999_002),
    };
    let now = app.clock.now();
    let (first, second) = write_tx(&mut app.conn(), |c| {
        Ok::<_, diesel::result::Error>((jobs::enqueue(c, now, &job)?, jobs::enqueue(c, now, &job)?))
    })
    .unwrap();
    assert_eq!((first, second), (Enqueued::Added, Enqueued::Duplicate));
    let third = write_tx(&mut app.conn(), |c| jobs::enqueue(c, now, &job)).unwrap();
    assert_eq!(third, Enqueued::Duplicate);
    assert_eq!(rows(&app).len(), 1, "one row for one key");
    // The welcome for an unknown invitation has nothing to send; it runs once and is gone.
    assert_eq!(app.run_jobs().await, 1);
    assert!(rows(&app).is_empty());
    let again = write_tx(&mut app.conn(), |c| jobs::enqueue(c, now, &job)).unwrap();
    assert_eq!(again, Enqueued::Added);
    assert_eq!(app.run_jobs().await, 1);
}

#[derive(QueryableByName, Debug)]
struct FailedRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    last_error: Option<String>,
    #[diesel(sql_type = Integer)]
    attempts: i32,
}

/// Unknown kinds and undecodable payloads fail at once and stay failed; the queue goes on.
async fn undecodable_jobs_are_failed_not_retried(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Q-2").admin("boss@q2.test").build().await;
    let now = app.clock.now();
    let bad = [
        ("webhook", r#"{"url":"https://example.com/hook"}"#, "bad:1"),
        ("welcome", "not json", "bad:2"),
        ("invitation", r#"{"invitation_id":17}"#, "bad:3"),
    ];
    write_tx(&mut app.conn(), |c| {
        for (kind, payload, key) in bad {
            let job = NewJob {
                kind,
                payload,
                idempotency_key: key,
                max_attempts: 8,
                run_at: now,
            };
            assert_eq!(queue::enqueue(c, now, &job)?, Enqueued::Added);
        }
        Ok::<_, diesel::result::Error>(())
    })
    .unwrap();
    queue_invitations(&admin, "q", 1).await;
    assert_eq!(app.run_jobs().await, 4, "each job once");
    assert_eq!(app.emails_to("q0@example.com").len(), 1, "the good job ran");

    let failed: Vec<FailedRow> = diesel::sql_query(
        "SELECT kind, last_error, attempts FROM outbox_jobs \
         WHERE failed_at IS NOT NULL ORDER BY idempotency_key",
    )
    .load(&mut app.conn())
    .unwrap();
    assert_eq!(failed.len(), 3, "{failed:?} {:?}", rows(&app));
    for (row, (kind, _, _)) in failed.iter().zip(bad) {
        assert_eq!(row.kind, kind);
        assert_eq!(row.attempts, 1, "{row:?}");
        assert!(
            row.last_error.as_deref().unwrap_or_default().contains(kind),
            "{row:?}"
        );
    }
    app.clock.advance(Duration::days(1));
    assert_eq!(app.run_jobs().await, 0, "never claimed again");
    let stats = jobs::stats(&mut app.conn()).unwrap();
    assert_eq!((stats.depth, stats.failed), (0, 3));
    let health: serde_json::Value =
        serde_json::from_str(&app.session().get("/healthz").await.body).unwrap();
    assert_eq!(health["outbox_depth"], 0, "{health}");
    assert_eq!(health["outbox_failed"], 3, "{health}");
}

/// A claimed batch is leased as a whole; once the lease runs out another worker reclaims every
/// job of it, and the first holder can no longer record anything.
async fn expired_leases_are_reclaimed(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Q-3").admin("boss@q3.test").build().await;
    queue_invitations(&admin, "q", 3).await;
    let lease = Duration::seconds(60);
    let claim = queue::claim(&mut app.conn(), app.clock.now(), "slow", lease, 8, 1).unwrap();
    assert_eq!(claim.jobs.len(), 3);
    assert!(claim.jobs.iter().all(|j| j.attempts == 1));
    assert_eq!(app.run_jobs().await, 0, "the lease holds");
    app.clock.advance(Duration::seconds(59));
    assert_eq!(app.run_jobs().await, 0, "the lease still holds");
    app.clock.advance(Duration::seconds(2));
    assert_eq!(app.run_jobs().await, 3, "reclaimed after the lease");
    for i in 0..3 {
        assert_eq!(app.emails_to(&format!("q{i}@example.com")).len(), 1);
    }
    let mut conn = app.conn();
    let (holder, now) = (claim.holder.as_str(), app.clock.now());
    for job in &claim.jobs {
        assert!(!queue::complete(&mut conn, holder, job.id).unwrap());
        assert!(!queue::reschedule(&mut conn, holder, job.id, now, "late").unwrap());
        assert!(!queue::release(&mut conn, holder, job.id).unwrap());
        assert!(!queue::fail(&mut conn, now, holder, job.id, "late").unwrap());
    }
    assert!(rows(&app).is_empty());
}

/// Workers share a short queue instead of the first one taking it whole, and on shutdown a
/// worker hands back what it has not started, without counting an attempt.
async fn short_queues_are_shared_and_shutdown_hands_back(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Q-4").admin("boss@q4.test").build().await;
    queue_invitations(&admin, "q", 5).await;
    let lease = Duration::seconds(60);
    let now = app.clock.now();
    let first = queue::claim(&mut app.conn(), now, "w1", lease, 8, 4).unwrap();
    assert_eq!(first.jobs.len(), 2, "a quarter of 5, rounded up");
    let second = queue::claim(&mut app.conn(), now, "w2", lease, 8, 4).unwrap();
    assert_eq!(second.jobs.len(), 1, "a quarter of the 3 left");
    let mine = |claim: &queue::Claim, id: JobId| claim.jobs.iter().any(|j| j.id == id);
    for job in first.jobs.iter().chain(&second.jobs) {
        for claim in [&first, &second] {
            let released = queue::release(&mut app.conn(), &claim.holder, job.id).unwrap();
            assert_eq!(released, mine(claim, job.id), "only the holder releases");
        }
    }

    let ctx = Arc::clone(&app.state.jobs);
    let ran = tokio::task::spawn_blocking(move || {
        invitely::jobs::runner::run_batch(&ctx, "stopping", 1, &AtomicBool::new(true)).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        (ran.claimed, ran.ran),
        (5, 0),
        "claimed, then all handed back"
    );
    assert!(app.emails().iter().all(|m| !m.to[0].starts_with('q')));
    let queued = rows(&app);
    assert_eq!(queued.len(), 5);
    assert!(
        queued
            .iter()
            .all(|j| j.attempts == 0 && j.locked_by.is_none() && j.locked_until.is_none()),
        "{queued:?}"
    );
    assert_eq!(app.run_jobs().await, 5);
    assert_eq!(
        app.emails()
            .iter()
            .filter(|m| m.to[0].starts_with('q'))
            .count(),
        5
    );
}

both_backends!(
    typed_payload_round_trip,
    idempotency_key_refuses_a_duplicate,
    undecodable_jobs_are_failed_not_retried,
    expired_leases_are_reclaimed,
    short_queues_are_shared_and_shutdown_hands_back,
);
