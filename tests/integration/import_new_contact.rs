//! An import row that gives an invited card a new e-mail or phone withdraws the invitation sent
//! to the old contact (as saving the card does): with "Send invitation" the card is invited
//! again at its new contact, the review counts that invitation, and the trail says why.

use crate::both_backends;
use crate::import::{commit, upload};
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{AuditAction, InvitationStatus, MemberStatus};
use invitely::db::schema::{audit_events, invitations, members};

async fn a_new_contact_is_invited_again(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("NC-1").build().await;
    app.member(&admin)
        .named("Olga", "Moved")
        .email("old@nc1.test")
        .invite()
        .await;
    let card: invitely::db::ids::MemberId = members::table
        .filter(members::email.eq("old@nc1.test"))
        .select(members::id)
        .first(&mut app.conn())
        .unwrap();
    // The row finds the card by its e-mail and gives it a phone as well as keeping the address:
    // an added phone is a new contact, so the link to the old one is withdrawn.
    let review = upload(
        &admin,
        b"email,phone,first_name,last_name\nold@nc1.test,+79161239999,Olga,Moved\n",
        true,
    )
    .await;
    let page = admin.get(&review).await;
    assert!(
        page.body.contains("This import would send 1 invitation"),
        "{}",
        page.body
    );
    commit(&app, &admin, &review, &[]).await;

    let status: MemberStatus = members::table
        .find(card)
        .select(members::invite_status)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(status, MemberStatus::Invited, "invited again");
    let states: Vec<InvitationStatus> = invitations::table
        .filter(invitations::member_id.eq(card))
        .order(invitations::id)
        .select(invitations::status)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        states,
        [InvitationStatus::Revoked, InvitationStatus::Pending],
        "the old link withdrawn, a new one sent"
    );
    assert_eq!(app.emails_to("old@nc1.test").len(), 2);
    let why: Vec<String> = audit_events::table
        .filter(audit_events::action.eq(AuditAction::MemberUpdated.as_str()))
        .select(audit_events::details)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        why,
        [invitely::domain::audit::Details::ContactChanged.stored()]
    );
}

both_backends!(a_new_contact_is_invited_again);
