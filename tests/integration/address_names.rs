//! A card without first or last name shows its e-mail address as its name; in the users table
//! and the invitations list that name (and the address beside it) may break after its "@" and
//! its dots (`<wbr>`), so a long address does not push a Russian table past 1280 px — still
//! escaped like any other name.

use crate::both_backends;
use crate::invite_form::fields;
use crate::support::{Backend, TestApp};

const ADDRESS: &str = "o'konstantinopolskaya.aleksandra+sales@example-company.test";
const SHOWN: &str =
    "o&#39;konstantinopolskaya.<wbr>aleksandra+sales@<wbr>example-company.<wbr>test";

async fn an_address_as_name_breaks_after_its_at(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("AN-1").build().await;
    // Invited from the invite form with no name: the address is the card's name.
    admin.get("/admin/invite").await.assert_ok();
    let sent = admin
        .post(
            "/admin/invite",
            &fields(&[(ADDRESS, "", "")], "", &[("action", "send")]),
        )
        .await;
    sent.assert_ok();
    app.run_jobs().await;
    // A named card is left as it is.
    app.member(&admin)
        .named("Anna", "Ivanova")
        .email("anna@example-company.test")
        .create()
        .await;
    let users = admin.get("/admin/users").await;
    users.assert_ok();
    assert!(
        users.body.contains(&format!(r#"">{SHOWN}</a>"#)),
        "{}",
        users.body
    );
    assert!(users.body.contains(">Anna Ivanova</a>"), "{}", users.body);
    let list = admin.get("/admin/invitations").await;
    list.assert_ok();
    assert!(
        list.body.contains(&format!(r#"">{SHOWN}</a>"#)),
        "{}",
        list.body
    );
}

both_backends!(an_address_as_name_breaks_after_its_at);
