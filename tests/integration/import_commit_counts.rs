//! The import review's commit button and the result count what the commit does: rows written
//! (with the departments box, the rows it adds) and invitations sent, unchanged cards never
//! invited among them.

use crate::both_backends;
use crate::import::{commit, upload};
use crate::support::{Backend, TestApp};

/// The commit button's words.
fn button(body: &str) -> String {
    let at = body
        .find("<button type=\"submit\" class=\"button primary\"")
        .unwrap_or_else(|| panic!("no commit button: {body}"));
    let rest = &body[at..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..rest.find("</button>").unwrap()].to_owned()
}

/// Re-importing cards never invited with "Send invitation" said "Import 0 rows" and then
/// "Done: 0 users saved" while it invited them all; with "Create missing departments" ticked
/// the button left out the rows it writes.
async fn the_button_counts_what_the_commit_does(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CNT-1").build().await;
    let csv = b"email,first_name\na@cnt.test,A\nb@cnt.test,B\n";
    let review = upload(&admin, csv, false).await;
    assert_eq!(button(&admin.get(&review).await.body), "Import 2 rows");
    commit(&app, &admin, &review, &[]).await;

    let review = upload(&admin, csv, true).await;
    let page = admin.get(&review).await;
    assert_eq!(
        button(&page.body),
        "Import 0 rows and send 2 invitations",
        "{}",
        page.body
    );
    commit(&app, &admin, &review, &[]).await;
    let page = admin.get(&review).await;
    assert!(
        page.body
            .contains("Done: 0 users saved, 2 invited, 0 rows refused."),
        "{}",
        page.body
    );

    let csv = b"email,first_name,department\nc@cnt.test,C,Ops\nd@cnt.test,D,Ops\n";
    let review = upload(&admin, csv, false).await;
    let page = admin.get(&review).await;
    assert_eq!(button(&page.body), "Import 0 rows");
    assert!(
        page.body.contains("data-label-without=\"Import 0 rows\"")
            && page
                .body
                .contains("data-label-departments=\"Import 2 rows\""),
        "{}",
        page.body
    );
}

both_backends!(the_button_counts_what_the_commit_does);
