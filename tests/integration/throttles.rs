//! Throttle counters under parallel use (docs/SECURITY.md A9, C4): reserving and giving back
//! attempts on one key from many connections at once counts exactly and never fails. On
//! PostgreSQL an `INSERT … ON CONFLICT DO UPDATE` racing an `UPDATE` of the same row could
//! deadlock (seen on CI as a 500 among 50 parallel link submissions).

use crate::both_backends;
use crate::support::app::Options;
use crate::support::{Backend, TestApp};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use invitely::domain::signin;
use invitely::domain::throttle::{self, Limit};

both_backends!(
    parallel_reserve_and_release_on_one_key,
    parallel_sign_in_counters_never_fail,
    parallel_link_look_ups_count_exactly,
    a_late_attempt_counts_in_the_newer_window,
    a_found_link_is_refused_once_a_parallel_miss_spent_the_limit,
    a_late_look_up_reads_the_newer_window,
    a_look_up_reads_one_snapshot,
    a_late_attempt_is_given_back_where_it_counted,
);

/// Counts `n` attempts under `key` at `now`.
fn spend(
    conn: &mut invitely::db::DbConnection,
    now: time::PrimitiveDateTime,
    key: &str,
    window: time::Duration,
    n: i64,
) {
    for _ in 0..n {
        throttle::count(conn, now, key, window).unwrap();
    }
}

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
                        None,
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

/// Link look-ups under the wrong-token limit, all at once (docs/SECURITY.md A9): a link that
/// exists is never counted however many open it together, and of many wrong guesses sent
/// together exactly the limit get an answer. Each guess is counted in its look-up's own
/// transaction, after the client's count was read under a lock on it; without that lock
/// parallel guesses read the same count and slip past the limit.
async fn parallel_link_look_ups_count_exactly(backend: Backend) {
    let opts = Options {
        token_attempts_per_minute: 20,
        ..Default::default()
    };
    let Some(app) = TestApp::spawn_with(backend, opts).await else {
        return;
    };
    let admin = app.org("PT-1").admin("boss@pt1.test").build().await;
    let link = app
        .member(&admin)
        .named("Par", "Allel")
        .email("parallel@example.com")
        .invite()
        .await
        .link;
    let known = format!("/invite/{}", link.rsplit_once("/invite/").unwrap().1);
    // One window for the whole test: a minute boundary in the middle would split the counts.
    app.clock.pin();
    let s = app.session();

    let opened = futures::future::join_all((0..30).map(|_| s.get(&known))).await;
    let statuses: Vec<u16> = opened.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        vec![200; 30],
        "a link that exists is never counted"
    );

    let guesses: Vec<String> = (0..40)
        .map(|_| {
            let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
            format!("/invite/{token}")
        })
        .collect();
    let answered = futures::future::join_all(guesses.iter().map(|g| s.get(g))).await;
    let count = |status: u16| answered.iter().filter(|p| p.status == status).count();
    assert_eq!(
        (count(404), count(429)),
        (20, 20),
        "of 40 parallel wrong guesses exactly the limit (20) get an answer"
    );
    assert_eq!(
        s.get(&known).await.status,
        429,
        "once the guesses are spent, no link is looked up for this client"
    );
}

/// A request that read the clock before a minute ended but reaches its counter after another
/// request opened the next window (it waited for a connection) counts in that newer window: it
/// neither starts the count again nor moves the window back.
async fn a_late_attempt_counts_in_the_newer_window(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let window = time::Duration::minutes(1);
    let late = app.state.now();
    let next = late + window;
    let mut conn = app.conn();
    let key = "token:address:late";
    let (_, hits) = throttle::count(&mut conn, next, key, window).unwrap();
    assert_eq!(hits, 1);
    let (_, hits) = throttle::count(&mut conn, late, key, window).unwrap();
    assert_eq!(hits, 2, "the late attempt counts in the newer window");
    let (_, hits) = throttle::count(&mut conn, next, key, window).unwrap();
    assert_eq!(hits, 3, "and the newer window keeps its count");
}

/// A look-up that finds its link is answered only while the client's limit is not spent when
/// the answer is given: a wrong guess of a parallel request that spends the last attempt while
/// this look-up runs (here: inside it, on another connection) turns this answer into a refusal.
async fn a_found_link_is_refused_once_a_parallel_miss_spent_the_limit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.state.now();
    let limit = Limit {
        max: 3,
        window: time::Duration::hours(1),
    };
    let key = "token:address:found-late";
    let mut conn = app.conn();
    spend(&mut conn, now, key, limit.window, limit.max - 1);
    let pool = app.state.pool.clone();
    let answer = throttle::guarded(&mut conn, now, key, limit, |_| {
        // The parallel request's miss, counted while this look-up runs.
        let (_, hits) = throttle::count(&mut pool.get().unwrap(), now, key, limit.window)?;
        assert_eq!(hits, limit.max);
        Ok::<_, diesel::result::Error>(("the link", throttle::Attempt::Free))
    })
    .unwrap();
    assert_eq!(answer, None, "no link is answered once the limit is spent");

    // With an attempt left when it is answered, a found link is answered and not counted.
    let other = "token:address:found-in-time";
    spend(&mut conn, now, other, limit.window, limit.max - 1);
    let answer = throttle::guarded(&mut conn, now, other, limit, |_| {
        Ok::<_, diesel::result::Error>(("the link", throttle::Attempt::Free))
    })
    .unwrap();
    assert_eq!(answer, Some("the link"));
    let (_, hits) = throttle::count(&mut conn, now, other, limit.window).unwrap();
    assert_eq!(hits, limit.max, "the found link was not counted");
}

/// A look-up whose clock was read before a window ended, checked after another request counted
/// in the next window, reads that newer window's count: a client that spent its limit there is
/// refused, not let through as if it had a fresh window.
async fn a_late_look_up_reads_the_newer_window(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let limit = Limit {
        max: 2,
        window: time::Duration::minutes(1),
    };
    let late = app.state.now();
    let next = late + limit.window;
    let key = "token:address:late-look-up";
    let mut conn = app.conn();
    spend(&mut conn, next, key, limit.window, limit.max);
    let answer = throttle::guarded(&mut conn, late, key, limit, |_| {
        Ok::<_, diesel::result::Error>(("a guess", throttle::Attempt::Counts))
    })
    .unwrap();
    assert_eq!(answer, None, "the newer window's spent count holds");
}

/// A look-up's reads see the database as of one moment: a change another request commits while
/// it runs is not seen half-way (a link found, then its card gone, answered 500).
async fn a_look_up_reads_one_snapshot(backend: Backend) {
    use diesel::prelude::*;
    use invitely::db::schema::platform_settings;
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let limit = Limit {
        max: 10,
        window: time::Duration::minutes(1),
    };
    let settings = |c: &mut invitely::db::DbConnection| -> diesel::QueryResult<i64> {
        platform_settings::table.count().get_result(c)
    };
    let pool = app.state.pool.clone();
    let mut conn = app.conn();
    let seen = throttle::guarded(
        &mut conn,
        app.state.now(),
        "token:address:snapshot",
        limit,
        |c| {
            let before = settings(c)?;
            // Another request commits meanwhile.
            diesel::insert_into(platform_settings::table)
                .values((
                    platform_settings::key.eq("snapshot-test"),
                    platform_settings::value.eq("written"),
                ))
                .execute(&mut pool.get().unwrap())?;
            let after = settings(c)?;
            Ok::<_, diesel::result::Error>(((before, after), throttle::Attempt::Free))
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(seen.0, seen.1, "both reads see the same moment");
    assert_eq!(
        settings(&mut conn).unwrap(),
        seen.0 + 1,
        "the other write committed"
    );
}

/// An attempt counted late into the newer window (its clock read before another request opened
/// that window) is given back from that window: before, the give-back looked only in the
/// window of its own clock, found nothing, and the attempt stayed counted.
async fn a_late_attempt_is_given_back_where_it_counted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let limit = Limit {
        max: 10,
        window: time::Duration::minutes(1),
    };
    let late = app.state.now();
    let next = late + limit.window;
    let key = "sms:org:late-give-back";
    let mut conn = app.conn();
    throttle::count(&mut conn, next, key, limit.window).unwrap();
    let (late_one, hits) = throttle::count(&mut conn, late, key, limit.window).unwrap();
    assert_eq!(hits, 2, "counted in the newer window");
    throttle::release(&mut conn, &late_one).unwrap();
    let newer = throttle::window_start(next, limit.window);
    let left = invitely::db::counters::current(&mut conn, key, newer).unwrap();
    assert_eq!(left, 1, "given back from the window it was counted in");
}
