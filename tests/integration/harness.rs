//! The test harness checks itself: a test that leaves a job queued fails, and a test that fails
//! for another reason keeps its own message (the queue check never hides it).

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
