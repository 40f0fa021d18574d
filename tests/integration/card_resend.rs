//! "Send invitation" / "Resend invitation" on a user's card brings the admin back to that card,
//! with the result and the card's new status, not to the users table they did not come from.

use crate::both_backends;
use crate::support::pages::flashes;
use crate::support::{Backend, TestApp};

/// The hidden fields of the card's invitation form, as the browser would post them.
fn invite_form_fields(body: &str) -> Vec<(String, String)> {
    let form = body
        .split("<form method=\"post\" action=\"/admin/users/invite\"")
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .unwrap_or_else(|| panic!("no invitation form: {body}"));
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .filter_map(|input| {
            let name = input.split("name=\"").nth(1)?.split('"').next()?;
            let value = input.split("value=\"").nth(1)?.split('"').next()?;
            Some((name.to_owned(), value.to_owned()))
        })
        .filter(|(name, _)| name != "csrf_token")
        .collect()
}

async fn the_cards_invite_button_returns_to_the_card(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-1").admin("boss@r1.test").build().await;
    let id = app
        .member(&admin)
        .named("Rita", "Card")
        .email("rita@r1.test")
        .create()
        .await;
    let card = format!("/admin/users/{id}");
    for round in ["send", "resend"] {
        let page = admin.get(&card).await;
        page.assert_ok();
        let fields = invite_form_fields(&page.body);
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let sent = admin.post("/admin/users/invite", &fields).await;
        assert_eq!(sent.status, 303, "{round}: {}", sent.body);
        assert_eq!(sent.location.as_deref(), Some(card.as_str()), "{round}");
        let back = admin.get(&card).await;
        back.assert_ok();
        assert_eq!(flashes(&back.body), ["1 invitation queued."], "{round}");
        app.run_jobs().await;
    }
    assert_eq!(app.emails_to("rita@r1.test").len(), 2);
}

both_backends!(the_cards_invite_button_returns_to_the_card);
