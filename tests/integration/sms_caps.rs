//! The SMS country allowlist and daily caps (docs/SECURITY.md F1): refused before the gateway,
//! counted atomically across workers, and counted only for a message that leaves.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::{sms_settings, table_row};
use crate::support::{Backend, Session, TestApp};
use invitely::jobs::runner::{run_batch, Ran};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A customer card with only a phone, its SMS invitation queued (not delivered); its id.
async fn queued_sms(app: &TestApp, admin: &Session, first: &str, phone: &str) -> String {
    let member = app.member(admin).named(first, "Sms").phone(phone);
    member.customer().invited().create().await
}

/// [`queued_sms`], then the jobs run.
async fn sms_user(app: &TestApp, admin: &Session, first: &str, phone: &str) -> String {
    let id = queued_sms(app, admin, first, phone).await;
    app.run_jobs().await;
    id
}

async fn error_reason(admin: &Session, id: &str) -> String {
    table_row(admin, "error", id)
        .await
        .unwrap_or_else(|| panic!("{id} is not listed under error"))
}

async fn sms_country_allowlist_and_daily_caps(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-2").admin("boss@h2.test").build().await;
    let op = app.login("operator@invitely.test", PASSWORD).await;

    // Bad input comes back with 422 and nothing saved.
    for (countries, cap, per_org) in [("RU, XX", "", ""), ("RU", "-1", ""), ("RU", "", "lots")] {
        assert_eq!(sms_settings(&op, countries, cap, per_org).await, 422);
    }
    assert_eq!(sms_settings(&op, "ru kz", "", "").await, 303);
    let page = op.get("/platform/settings").await;
    assert!(page.body.contains("RU, KZ"), "{}", page.body);

    // A German number is refused before it reaches the gateway.
    let de = sms_user(&app, &admin, "Hans", "+49 151 23456789").await;
    assert!(app.sms.messages().is_empty(), "{:?}", app.sms.messages());
    let row = error_reason(&admin, &de).await;
    assert!(row.contains("country"), "{row}");
    let ru = sms_user(&app, &admin, "Olga", "+7 905 111-11-11").await;
    assert_eq!(app.sms.messages().len(), 1);
    assert!(table_row(&admin, "invited", &ru).await.is_some());

    // Per-organisation cap 2: the second Russian number today is the last.
    assert_eq!(sms_settings(&op, "RU, KZ", "", "2").await, 303);
    let second = sms_user(&app, &admin, "Irina", "+7 905 222-22-22").await;
    let third = sms_user(&app, &admin, "Anna", "+7 905 333-33-33").await;
    assert_eq!(app.sms.messages().len(), 2, "{:?}", app.sms.messages());
    assert!(table_row(&admin, "invited", &second).await.is_some());
    let row = error_reason(&admin, &third).await;
    assert!(row.contains("daily"), "{row}");

    // Platform cap 3: another organisation gets one more, then none.
    assert_eq!(sms_settings(&op, "", "3", "").await, 303);
    let other = app.org("H-3").admin("boss@h3.test").build().await;
    let one = sms_user(&app, &other, "Vera", "+7 905 444-44-44").await;
    let two = sms_user(&app, &other, "Nina", "+7 905 555-55-55").await;
    assert_eq!(app.sms.messages().len(), 3, "{:?}", app.sms.messages());
    assert!(table_row(&other, "invited", &one).await.is_some());
    assert!(error_reason(&other, &two).await.contains("daily"));

    // The next day counts afresh.
    app.clock.advance(time::Duration::days(1));
    let admin = app.login("boss@h2.test", PASSWORD).await;
    let next = sms_user(&app, &admin, "Zoya", "+7 905 666-66-66").await;
    assert_eq!(app.sms.messages().len(), 4);
    assert!(table_row(&admin, "invited", &next).await.is_some());
}

/// Four workers deliver twelve SMS at once under a cap of 5: exactly 5 leave.
async fn sms_cap_holds_under_parallel_workers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-4").admin("boss@h4.test").build().await;
    let op = app.login("operator@invitely.test", PASSWORD).await;
    assert_eq!(sms_settings(&op, "", "", "5").await, 303);
    let mut ids = Vec::new();
    for i in 0..12 {
        let phone = format!("+7 905 700-00-{i:02}");
        ids.push(queued_sms(&app, &admin, "Par", &phone).await);
    }
    let runners: Vec<_> = (0..4)
        .map(|_| {
            let ctx = Arc::clone(&app.state.jobs);
            tokio::task::spawn_blocking(move || invitely::jobs::run_until_idle(&ctx).unwrap())
        })
        .collect();
    for r in runners {
        r.await.unwrap();
    }
    assert_eq!(app.sms.messages().len(), 5, "{:?}", app.sms.messages());
    let mut refused = 0;
    for id in &ids {
        if let Some(row) = table_row(&admin, "error", id).await {
            assert!(row.contains("daily"), "{row}");
            refused += 1;
        }
    }
    assert_eq!(refused, 7);
}

/// One batch of the job runner as worker `name`, on a blocking thread.
fn batch(app: &TestApp, name: &'static str, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<Ran> {
    let ctx = Arc::clone(&app.state.jobs);
    tokio::task::spawn_blocking(move || run_batch(&ctx, name, 1, &stop).unwrap())
}

/// An SMS is counted against the caps as it leaves, not when its worker claims it: while one
/// worker sends the first of the two it claimed, another's message takes the organisation's
/// second SMS of the day; the first worker, stopped, hands its second back uncounted, and that
/// one is refused when it comes round again. (Counted for the whole batch at the claim, the
/// other worker's message was refused for a slot handed back moments later.)
async fn an_sms_counts_against_the_caps_as_it_leaves(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-5").admin("boss@h5.test").build().await;
    let op = app.login("operator@invitely.test", PASSWORD).await;
    assert_eq!(sms_settings(&op, "", "", "2").await, 303);
    app.run_jobs().await;
    queued_sms(&app, &admin, "First", "+7 905 800-00-01").await;
    let second = queued_sms(&app, &admin, "Second", "+7 905 800-00-02").await;

    app.sms.hold_next();
    let stop = Arc::new(AtomicBool::new(false));
    let a = batch(&app, "a", Arc::clone(&stop));
    let since = Instant::now();
    while app.sms.attempts() == 0 {
        assert!(since.elapsed() < Duration::from_secs(10), "no SMS arrived");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let third = queued_sms(&app, &admin, "Third", "+7 905 800-00-03").await;
    let b = batch(&app, "b", Arc::new(AtomicBool::new(false)))
        .await
        .unwrap();
    stop.store(true, Ordering::SeqCst);
    app.sms.answer_held();
    let a = a.await.unwrap();
    assert_eq!(
        (a.claimed, a.ran),
        (2, 1),
        "worker a: the second handed back"
    );
    assert_eq!((b.claimed, b.ran), (1, 1), "worker b");
    assert_eq!(app.sms.messages().len(), 2, "{:?}", app.sms.messages());
    assert!(
        table_row(&admin, "invited", &third).await.is_some(),
        "the third was refused: {:?}",
        table_row(&admin, "error", &third).await
    );

    app.run_jobs().await;
    assert_eq!(app.sms.messages().len(), 2, "{:?}", app.sms.messages());
    assert!(error_reason(&admin, &second).await.contains("daily"));
}

/// The caps count messages sent, not attempts: an SMS the gateway surely did not take (it
/// answered 429, too many requests, on every attempt) comes off the count, so the
/// organisation's one SMS of the day is still there for the next number once the gateway is
/// back (a 5xx or no answer stays counted: the message may have left). The one that never left
/// is in error, said to be the gateway's trouble, not the number's — in the page's language.
async fn an_sms_the_gateway_did_not_take_is_not_counted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-6").admin("boss@h6.test").build().await;
    let op = app.login("operator@invitely.test", PASSWORD).await;
    assert_eq!(sms_settings(&op, "", "", "1").await, 303);
    app.sms.script(vec![429; 50]);
    let down = queued_sms(&app, &admin, "Olga", "+7 905 111-11-11").await;
    let failed = |app: &TestApp| {
        use diesel::prelude::*;
        use invitely::db::schema::members;
        let status: String = members::table
            .find(down.parse::<i64>().unwrap())
            .select(members::invite_status)
            .first(&mut *app.conn())
            .unwrap();
        status == invitely::db::enums::MemberStatus::Error.as_str()
    };
    for _ in 0..30 {
        if failed(&app) {
            break;
        }
        app.run_jobs().await;
        app.clock.advance(time::Duration::hours(1));
    }
    assert!(failed(&app), "never failed");
    assert!(app.sms.attempts() > 1, "retried first");
    // Hours later: signed in again.
    let admin = app.login("boss@h6.test", PASSWORD).await;
    let row = error_reason(&admin, &down).await;
    assert!(
        row.contains("not sent because of the SMS gateway, not this number: it answered 429"),
        "{row}"
    );
    assert!(!row.contains("daily"), "{row}");
    let russian = app.login("boss@h6.test", PASSWORD).await;
    russian
        .post("/lang", &[("lang", "ru"), ("back", "/admin/users")])
        .await;
    let row = error_reason(&russian, &down).await;
    assert!(row.contains("из-за SMS-шлюза, а не из-за номера"), "{row}");

    app.sms.script(Vec::new());
    let next = sms_user(&app, &admin, "Irina", "+7 905 222-22-22").await;
    assert_eq!(app.sms.messages().len(), 1, "{:?}", app.sms.messages());
    assert!(
        table_row(&admin, "invited", &next).await.is_some(),
        "{:?}",
        table_row(&admin, "error", &next).await
    );
}

/// An SMS invitation queued before the operator chose "e-mail only" does not leave after it
/// (its link would prove the phone the platform no longer verifies by): the card says why.
async fn no_sms_link_leaves_under_email_only(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-4").admin("boss@h4.test").build().await;
    let id = queued_sms(&app, &admin, "Lev", "+7 905 777-77-77").await;
    invitely::domain::settings::set(
        &mut app.conn(),
        invitely::domain::settings::Key::VerificationMethod,
        invitely::domain::settings::VerificationMethod::EmailOnly.as_str(),
    )
    .unwrap();
    app.run_jobs().await;
    assert!(app.sms.messages().is_empty(), "{:?}", app.sms.messages());
    let row = error_reason(&admin, &id).await;
    assert!(row.contains("by e-mail only"), "{row}");
}

both_backends!(
    no_sms_link_leaves_under_email_only,
    an_sms_the_gateway_did_not_take_is_not_counted,
    sms_country_allowlist_and_daily_caps,
    sms_cap_holds_under_parallel_workers,
    an_sms_counts_against_the_caps_as_it_leaves,
);
