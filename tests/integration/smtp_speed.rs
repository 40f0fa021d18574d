//! The SMTP stall: lettre wrote a message's body and its 5-byte end-of-data marker `\r\n.\r\n`
//! in two writes on a socket with Nagle's algorithm on, so the marker waited for the server's
//! delayed ACK of the body (40 ms or more on Linux) — ~45 ms per message while the CPU idled.
//!
//! The test SMTP sink records, per message, how long it waited between the first line of the
//! message's content and the marker (`SmtpSink::data_spans`). Sent back to back, that is
//! microseconds; held back by Nagle, it is at least the 40 ms delayed-ACK time, on every message
//! once the connection has left TCP's initial quick-ACK mode. The threshold (20 ms) is half the
//! stall, and the verdict is taken over many messages (the median, and how many exceed it), so a
//! loaded machine that deschedules the sink now and then does not make the test fail.

use crate::both_backends;
use crate::support::pages::create_user;
use crate::support::{Backend, TestApp};
use std::time::Duration;

const MESSAGES: usize = 30;
const STALL: Duration = Duration::from_millis(20);

async fn end_of_data_marker_is_not_held_back(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-1").admin("boss@s1.test").build().await;
    for i in 0..MESSAGES {
        let email = format!("fast{i}@example.com");
        create_user(
            &admin,
            &[
                ("first_name", "Fast"),
                ("email", email.as_str()),
                ("kind", "employee"),
                ("send_invitation", "1"),
            ],
        )
        .await;
    }
    let before = app.smtp.data_spans().len();
    // One worker, one pooled connection: the messages go one after another, as in production.
    assert_eq!(app.run_jobs().await, MESSAGES);
    let mut spans: Vec<Duration> = app.smtp.data_spans()[before..].to_vec();
    assert_eq!(spans.len(), MESSAGES);
    spans.sort();
    let median = spans[MESSAGES / 2];
    let stalled = spans.iter().filter(|s| **s >= STALL).count();
    let shown: Vec<u128> = spans.iter().map(|s| s.as_micros()).collect();
    assert!(
        median < STALL && stalled <= MESSAGES / 4,
        "the end-of-data marker waits for the server's ACK: median {median:?}, \
         {stalled}/{MESSAGES} messages waited {STALL:?} or more (µs, sorted: {shown:?})"
    );
}

both_backends!(end_of_data_marker_is_not_held_back);
