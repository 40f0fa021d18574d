//! The outbox under failure: a crashed worker's message is reclaimed after its lease, a worker
//! that lost its lease records nothing, and many workers deliver every message exactly once.

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
/// still being sent, so a worker killed mid-batch would send again only the last second's
/// messages, not the whole batch (docs/SECURITY.md I4).
async fn a_slow_batch_records_what_went_out_as_it_goes(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("O-3").admin("boss@o3.test").build().await;
    queue_invitations(&admin, "slow", 20).await;
    app.smtp.set_delay(std::time::Duration::from_millis(150));
    let ctx = Arc::clone(&app.state.jobs);
    let worker = std::thread::spawn(move || invitely::jobs::run_until_idle(&ctx).unwrap());
    // Half the batch sent (about 1.5 s in): some of it is recorded already.
    let sent = |app: &TestApp| {
        app.emails()
            .iter()
            .filter(|m| m.to.iter().any(|t| t.starts_with("slow")))
            .count()
    };
    while sent(&app) < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let left = queued(&app);
    let sent_by_now = sent(&app);
    assert!(
        sent_by_now < 20,
        "the batch is still going: {sent_by_now} sent"
    );
    assert!(
        left <= 20 - 6,
        "{left} of 20 still in the outbox with {sent_by_now} sent"
    );
    assert_eq!(worker.join().unwrap(), 20);
    assert_eq!(queued(&app), 0);
    assert_eq!(sent(&app), 20, "each once");
}

both_backends!(
    crashed_worker_is_reclaimed_after_its_lease,
    every_message_exactly_once_with_many_workers,
    a_slow_batch_records_what_went_out_as_it_goes
);
