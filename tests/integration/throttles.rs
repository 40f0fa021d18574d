//! Throttle counters under parallel use (docs/SECURITY.md A9, C4): reserving and giving back
//! attempts on one key from many connections at once counts exactly and never fails. On
//! PostgreSQL an `INSERT … ON CONFLICT DO UPDATE` racing an `UPDATE` of the same row could
//! deadlock (seen on CI as a 500 among 50 parallel link submissions).

use crate::both_backends;
use crate::support::{Backend, TestApp};
use invitely::domain::signin;
use invitely::domain::throttle::{self, Limit};

both_backends!(
    parallel_reserve_and_release_on_one_key,
    parallel_sign_in_counters_never_fail,
);

async fn parallel_reserve_and_release_on_one_key(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.state.now();
    let limit = Limit {
        max: 1_000_000,
        window: time::Duration::hours(1),
    };
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let pool = app.state.pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                let mut failures = Vec::new();
                for i in 0..300 {
                    match throttle::reserve(&mut conn, now, "token:address:test", limit) {
                        Ok(Some(r)) if i % 2 == 0 => {
                            if let Err(e) = throttle::release(&mut conn, &r) {
                                failures.push(format!("release: {e}"));
                            }
                        }
                        Ok(Some(_)) => {}
                        Ok(None) => failures.push("over the limit".to_owned()),
                        Err(e) => failures.push(format!("reserve: {e}")),
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    // 8 × 300 reserved, 8 × 150 given back.
    let (_, hits) =
        throttle::count(&mut app.conn(), now, "token:address:test", limit.window).unwrap();
    assert_eq!(hits, 8 * 150 + 1);
}

/// Parallel sign-ins of one account from one address: every attempt reserves three counters and
/// a success gives them back. However they interleave, none fails with a database error (on
/// PostgreSQL a success taking the rows in another order than a beginning attempt deadlocked).
async fn parallel_sign_in_counters_never_fail(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.state.now();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let pool = app.state.pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                let mut failures = Vec::new();
                for i in 0..100 {
                    match signin::begin(
                        &mut conn,
                        now,
                        "someone@example.com",
                        "203.0.113.9",
                        1_000_000,
                    ) {
                        Ok(Some(attempt)) => {
                            let done = if (t + i) % 3 == 0 {
                                signin::abandoned(&mut conn, &attempt)
                            } else {
                                signin::succeeded(&mut conn, &attempt)
                            };
                            if let Err(e) = done {
                                failures.push(format!("after: {e}"));
                            }
                        }
                        Ok(None) => failures.push("refused".to_owned()),
                        Err(e) => failures.push(format!("begin: {e}")),
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}
