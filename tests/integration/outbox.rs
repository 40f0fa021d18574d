//! The outbox under failure: a crashed worker's message is reclaimed after its lease, a worker
//! that lost its lease records nothing, a send outlasting the lease keeps it, and many workers
//! deliver every message exactly once.

use crate::both_backends;
use crate::support::pages::queue_invitations;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::queue;
use invitely::db::schema::outbox_jobs;
use std::collections::HashSet;
use std::sync::Arc;
use time::Duration;

fn queued(app: &TestApp) -> i64 {
    outbox_jobs::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

async fn crashed_worker_is_reclaimed_after_its_lease(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-1").admin("boss@o1.test").build().await;
    queue_invitations(&admin, "person", 1).await;
    // A worker claims the job and dies before sending anything.
    let claim = queue::claim(
        &mut app.conn(),
        app.clock.now(),
        "crashed",
        Duration::seconds(60),
        1,
        1,
    )
    .unwrap();
    assert_eq!(claim.jobs.len(), 1);
    let job = &claim.jobs[0];
    assert_eq!(job.attempts, 1);
    assert_eq!(app.run_jobs().await, 0, "the lease still holds");
    assert!(app.emails_to("person0@example.com").is_empty());
    app.clock.advance(Duration::seconds(61));
    assert_eq!(app.run_jobs().await, 1, "reclaimed after the lease");
    assert_eq!(app.emails_to("person0@example.com").len(), 1);
    assert_eq!(queued(&app), 0);
    // The dead worker cannot record anything any more.
    assert!(!queue::complete(&mut app.conn(), &claim.holder, job.id).unwrap());
}

async fn every_message_exactly_once_with_many_workers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-2").admin("boss@o2.test").build().await;
    queue_invitations(&admin, "person", 40).await;
    assert_eq!(queued(&app), 40);
    // Four threads drain the same outbox at once, as four instances would.
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let ctx = Arc::clone(&app.state.jobs);
            std::thread::spawn(move || invitely::jobs::run_until_idle(&ctx).unwrap())
        })
        .collect();
    let ran: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(ran, 40, "each job ran once");
    let mails = app.emails();
    let ids: HashSet<String> = mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t.starts_with("person")))
        .map(|m| crate::support::mime::header(&m.data, "Message-ID").unwrap())
        .collect();
    assert_eq!(ids.len(), 40);
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.to.iter().any(|t| t.starts_with("person")))
            .count(),
        40,
        "no duplicates"
    );
    assert_eq!(queued(&app), 0);
    // lettre's pooled transport reuses connections instead of one per message.
    assert!(
        app.smtp.connections() < 40,
        "{} connections for 40 messages",
        app.smtp.connections()
    );
    assert!(
        mails.iter().all(|m| m.from == "no-reply@invitely.test"),
        "envelope sender is the configured one"
    );
}

/// Against a slow server a batch takes seconds; what has gone out is recorded while the rest is
/// still being sent (at least every second), so a worker killed mid-batch would send again only
/// the last second's messages, not the whole batch (docs/SECURITY.md I4). The sink holds the
/// eleventh message before its answer, so the worker is stopped half-way at a known point: ten
/// sent, and at 150 ms a message at most six of them (a second's worth) not yet recorded.
async fn a_slow_batch_records_what_went_out_as_it_goes(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-3").admin("boss@o3.test").build().await;
    queue_invitations(&admin, "slow", 20).await;
    app.smtp.set_delay(std::time::Duration::from_millis(150));
    app.smtp.hold_after(10);
    let ctx = Arc::clone(&app.state.jobs);
    let worker = std::thread::spawn(move || invitely::jobs::run_until_idle(&ctx).unwrap());
    let sent = |app: &TestApp| {
        app.emails()
            .iter()
            .filter(|m| m.to.iter().any(|t| t.starts_with("slow")))
            .count()
    };
    // Half the batch sent, the eleventh message waiting for its answer.
    let held = app.smtp.wait_held(std::time::Duration::from_secs(30));
    let (left, sent_by_now) = (queued(&app), sent(&app));
    app.smtp.release();
    assert!(
        held,
        "no message reached the sink's gate in 30 s (the worker has finished: {}); {sent_by_now} sent",
        worker.is_finished()
    );
    assert_eq!(sent_by_now, 10, "the batch is stopped after ten");
    // Each message takes at least 150 ms, so a second passes within any seven: at most six
    // sent since the last record.
    let recorded = 20 - left;
    let unrecorded = sent_by_now as i64 - recorded;
    assert!(
        (0..=6).contains(&unrecorded),
        "{left} of 20 still in the outbox with {sent_by_now} sent: {unrecorded} sent but not recorded"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !worker.is_finished() {
        assert!(
            std::time::Instant::now() < deadline,
            "the worker has not finished the batch in 30 s ({} sent)",
            sent(&app)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(worker.join().unwrap(), 20);
    assert_eq!(queued(&app), 0);
    assert_eq!(sent(&app), 20, "each once");
}

/// A message whose send outlasts its lease (a server answering slowly: lettre's time-out is per
/// read) keeps the lease while it is being sent: another worker must not take it over and send
/// it again. The sink holds the message before its answer while the clock moves past the lease.
async fn a_send_outlasting_its_lease_keeps_it(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-5").admin("boss@o5.test").build().await;
    queue_invitations(&admin, "long", 1).await;
    app.clock.pin();
    app.smtp.hold_after(0);
    let ctx = Arc::clone(&app.state.jobs);
    let lease = ctx.lease;
    let worker = std::thread::spawn(move || invitely::jobs::run_until_idle(&ctx).unwrap());
    let held = app.smtp.wait_held(std::time::Duration::from_secs(30));
    let leased_until = |app: &TestApp| -> Option<time::PrimitiveDateTime> {
        outbox_jobs::table
            .select(outbox_jobs::locked_until)
            .first(&mut app.conn())
            .unwrap()
    };
    let claimed_until = leased_until(&app);
    // Two thirds of the lease on: past its half, the keeper moves it on by a whole lease.
    app.clock.advance(lease * 2 / 3);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while leased_until(&app) == claimed_until && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let renewed_until = leased_until(&app);
    // Four thirds on: the lease as claimed has run out, the renewed one holds.
    app.clock.advance(lease * 2 / 3);
    let other = queue::claim(&mut app.conn(), app.clock.now(), "other", lease, 8, 1).unwrap();
    app.smtp.release();
    assert!(held, "the message never reached the sink's gate");
    assert!(
        renewed_until > claimed_until,
        "the lease was not renewed: {claimed_until:?} then {renewed_until:?}"
    );
    assert!(
        other.jobs.is_empty(),
        "another worker took over a message still being sent"
    );
    assert_eq!(worker.join().unwrap(), 1);
    assert_eq!(queued(&app), 0, "recorded by the worker that sent it");
    let sent = app
        .emails()
        .iter()
        .filter(|m| m.to.iter().any(|t| t.starts_with("long")))
        .count();
    assert_eq!(sent, 1, "sent once");
}

both_backends!(
    crashed_worker_is_reclaimed_after_its_lease,
    a_send_outlasting_its_lease_keeps_it,
    every_message_exactly_once_with_many_workers,
    a_slow_batch_records_what_went_out_as_it_goes
);
