//! Disabling an organisation on `/platform/orgs/{id}` revokes its open invitations for good, so
//! it is confirmed first (docs/UX.md: destructive actions get a confirmation that says what will
//! happen): a post that unticks `enabled` answers the form again with how many invitations it
//! withdraws and how many members lose access, and a button that confirms (`confirm=1`); until
//! then nothing is saved — not the disabling, not the other fields of that post.

use crate::both_backends;
use crate::support::{Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::InvitationStatus;
use invitely::db::ids::OrgId;
use invitely::db::schema::{invitations, organisations};

/// The stored name and whether the organisation is enabled.
fn stored(app: &TestApp, id: OrgId) -> (String, bool) {
    let (name, disabled): (String, Option<time::PrimitiveDateTime>) = organisations::table
        .find(id)
        .select((organisations::name, organisations::disabled_at))
        .first(&mut *app.conn())
        .unwrap();
    (name, disabled.is_none())
}

fn open_invitations(app: &TestApp, id: OrgId) -> i64 {
    invitations::table
        .filter(invitations::org_id.eq(id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The edit form as the page posts it with the box unticked (its hidden 0 alone), renamed.
async fn untick(op: &Session, edit: &str, confirm: bool) -> Page {
    op.get(edit).await.assert_ok();
    let mut fields = vec![
        ("name", "Renamed"),
        ("customer_number", "DC-1"),
        ("seat_limit", "100"),
        ("daily_invite_limit", "50"),
        ("lifetime_hours", "24"),
        ("enabled", "0"),
    ];
    if confirm {
        fields.push(("confirm", "1"));
    }
    op.post(edit, &fields).await
}

/// The confirmation: 200, the question and what it does, the form kept with `confirm=1`, a
/// confirming button and a way back.
fn asks(page: &Page, texts: &[&str], button: &str) {
    assert_eq!(page.status, 200, "{}", page.body);
    let doc = scraper::Html::parse_document(&page.body);
    let alert = scraper::Selector::parse("#confirm-disable[role=alert]").unwrap();
    let said: String = doc
        .select(&alert)
        .next()
        .unwrap_or_else(|| panic!("no confirmation: {}", page.body))
        .text()
        .collect();
    for text in texts {
        assert!(said.contains(text), "{text:?} in {said:?}");
    }
    assert!(page
        .body
        .contains("<input type=\"hidden\" name=\"confirm\" value=\"1\">"));
    let danger = scraper::Selector::parse("button.danger[type=submit]").unwrap();
    let shown: String = doc.select(&danger).next().unwrap().text().collect();
    assert_eq!(shown.trim(), button);
    assert!(page.body.contains("value=\"Renamed\""), "the input is kept");
    assert!(!page
        .body
        .contains("aria-describedby=\"enabled-hint\" checked"));
}

async fn disabling_is_confirmed_first(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("DC-1").build().await;
    app.member(&admin).email("sent@dc.test").invite().await;
    app.member(&admin)
        .email("queued@dc.test")
        .invited()
        .create()
        .await;
    // An expired link waits for nobody: withdrawn too, but not counted as pending.
    app.member(&admin).email("expired@dc.test").invite().await;
    diesel::update(invitations::table.filter(invitations::recipient.eq("expired@dc.test")))
        .set(invitations::expires_at.eq(app.clock.now() - time::Duration::hours(1)))
        .execute(&mut *app.conn())
        .unwrap();
    let id = app.org_id("DC-1");
    let edit = format!("/platform/orgs/{id}");
    let op = app.operator_session().await;

    let page = untick(&op, &edit, false).await;
    asks(
        &page,
        &[
            "Disable Org DC-1?",
            "Its 2 pending invitations are revoked at once: their links stop working, and \
             enabling the organisation again does not bring them back.",
            "1 member loses access until it is enabled again.",
        ],
        "Disable and withdraw 2 invitations",
    );
    assert!(page.body.contains(&format!("href=\"{edit}\"")), "cancel");
    // Nothing happened yet.
    assert_eq!(stored(&app, id), ("Org DC-1".into(), true));
    assert_eq!(open_invitations(&app, id), 3);
    admin.get("/admin/users").await.assert_ok();

    // In Russian.
    let switched = op.post("/lang", &[("lang", "ru"), ("back", &edit)]).await;
    assert_eq!(switched.status, 303);
    asks(
        &untick(&op, &edit, false).await,
        &[
            "Отключить организацию Org DC-1?",
            "Её открытые приглашения (2) будут сразу отозваны",
            "1 участник потеряет доступ, пока её снова не включат.",
        ],
        "Отключить и отозвать 2 приглашения",
    );
    assert_eq!(stored(&app, id), ("Org DC-1".into(), true));
    let switched = op.post("/lang", &[("lang", "en"), ("back", &edit)]).await;
    assert_eq!(switched.status, 303);

    // Confirmed: disabled, the invitations revoked, the rename saved with it.
    let page = untick(&op, &edit, true).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored(&app, id), ("Renamed".into(), false));
    assert_eq!(open_invitations(&app, id), 0);
    let page = op.get(&edit).await;
    // Named as it is called now (the flash said the old name, "Org DC-1").
    assert!(
        page.body
            .contains("Renamed is disabled; 2 pending invitations were revoked"),
        "{}",
        page.body
    );

    // Enabling needs no confirmation; disabling again, with nothing to withdraw, still asks.
    op.get(&edit).await.assert_ok();
    let page = op
        .post(
            &edit,
            &[
                ("name", "Org DC-1"),
                ("customer_number", "DC-1"),
                ("seat_limit", "100"),
                ("daily_invite_limit", "50"),
                ("enabled", "0"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(stored(&app, id), ("Org DC-1".into(), true));
    asks(
        &untick(&op, &edit, false).await,
        &[
            "It has no pending invitation to withdraw.",
            "1 member loses access",
        ],
        "Disable the organisation",
    );
    assert_eq!(stored(&app, id), ("Org DC-1".into(), true));
    app.run_jobs().await;
}

both_backends!(disabling_is_confirmed_first);
