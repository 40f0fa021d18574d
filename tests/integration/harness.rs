//! The test harness checks itself: a test that leaves a job queued fails, a test that fails
//! for another reason keeps its own message (the queue check never hides it), and a request
//! after the test's thread was blocked past the server's keep-alive still gets through.

use crate::support::{Backend, TestApp};

/// A card with "Send invitation" ticked, and the message left undelivered.
async fn app_with_a_queued_invitation() -> Option<TestApp> {
    let app = TestApp::spawn(Backend::Sqlite).await?;
    let admin = app.org("G-1").admin("boss@g1.test").build().await;
    app.member(&admin)
        .email("queued@g1.test")
        .invited()
        .create()
        .await;
    Some(app)
}

#[actix_web::test]
#[should_panic(expected = "1 job(s) left in the queue at the end of the test")]
async fn a_test_that_leaves_a_job_queued_fails() {
    let _app = app_with_a_queued_invitation().await;
}

#[actix_web::test]
async fn a_job_left_on_purpose_is_declared() {
    let app = app_with_a_queued_invitation().await.unwrap();
    app.allow_jobs_left("this test is about the declaration");
}

#[actix_web::test]
#[should_panic(expected = "the test's own failure")]
async fn the_original_failure_is_the_one_reported() {
    let _app = app_with_a_queued_invitation().await;
    panic!("the test's own failure");
}

/// The server ends a connection idle for 5 s. A test that blocks its thread longer (a large
/// insert straight into the database, as role_many_holders does) keeps hyper from seeing that
/// close; the session's client must not send its next request down the dead connection (it did,
/// and failed with `IncompleteMessage`, on CI under load).
#[actix_web::test]
async fn a_request_after_a_long_blocking_step_gets_through() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let session = app.session();
    session.get("/healthz").await.assert_ok();
    std::thread::sleep(std::time::Duration::from_millis(5_600));
    session.get("/healthz").await.assert_ok();
}
