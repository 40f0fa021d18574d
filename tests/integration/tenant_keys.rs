//! The database itself keeps an invitation inside its card's organisation (migration 000024): on
//! PostgreSQL a foreign key on (org_id, member_id), on SQLite triggers. The code never writes such
//! a row; this is the check below it.

use crate::both_backends;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{Channel, InvitationStatus};
use invitely::db::ids::{InvitationId, MemberId, OrgId};
use invitely::db::models::NewInvitation;
use invitely::db::schema::{invitations, members};

fn invitation(
    org_id: OrgId,
    member_id: MemberId,
    now: time::PrimitiveDateTime,
) -> NewInvitation<'static> {
    NewInvitation {
        org_id,
        member_id,
        inviter_account_id: None,
        channel: Channel::Email,
        recipient: "someone@tenant.test",
        token_hash: None,
        token_generation: 0,
        status: InvitationStatus::Queued,
        department_id: None,
        grant_admin: false,
        message: "",
        locale: "en",
        created_at: now,
        batch_id: None,
    }
}

async fn an_invitation_stays_in_its_cards_organisation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let now = app.clock.now();
    invitely::seed::run(&mut app.conn(), now, 2, 3, None).unwrap();
    let cards: Vec<(MemberId, OrgId)> = members::table
        .select((members::id, members::org_id))
        .order(members::id.asc())
        .load(&mut *app.conn())
        .unwrap();
    let (card, own) = cards[0];
    let (other_card, other) = *cards.iter().find(|(_, org)| *org != own).unwrap();

    // Another organisation's card: refused.
    let foreign = diesel::insert_into(invitations::table)
        .values(invitation(other, card, now))
        .execute(&mut *app.conn());
    assert!(
        foreign.is_err(),
        "an invitation naming another organisation's card was stored"
    );

    // Its own organisation's: stored.
    let id: InvitationId = diesel::insert_into(invitations::table)
        .values(invitation(own, card, now))
        .returning(invitations::id)
        .get_result(&mut *app.conn())
        .unwrap();
    // Moved to another organisation, or to another organisation's card: refused.
    let moved = diesel::update(invitations::table.find(id))
        .set(invitations::org_id.eq(other))
        .execute(&mut *app.conn());
    assert!(
        moved.is_err(),
        "an invitation was moved out of its card's organisation"
    );
    let swapped = diesel::update(invitations::table.find(id))
        .set(invitations::member_id.eq(other_card))
        .execute(&mut *app.conn());
    assert!(
        swapped.is_err(),
        "an invitation was given another organisation's card"
    );

    // Deleting the card still deletes its invitations.
    diesel::delete(members::table.find(card))
        .execute(&mut *app.conn())
        .unwrap();
    let left: i64 = invitations::table
        .filter(invitations::id.eq(id))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(left, 0);
}

both_backends!(an_invitation_stays_in_its_cards_organisation);
