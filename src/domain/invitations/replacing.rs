//! Ending a card's open invitations: revoked by an admin, or replaced by a newer one (a resend
//! or a renewal), which the old rows then point at (`replaced_by`, shown "Replaced").

use crate::db::enums::InvitationStatus;
use crate::db::ids::{InvitationId, MemberId, OrgId};
use crate::db::schema::invitations;
use crate::db::DbConnection;
use crate::domain::jobs::{self, Job};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Revokes the card's open invitations (their links die) and drops their queued messages.
pub fn revoke_open_for_member(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    member_id: MemberId,
) -> QueryResult<usize> {
    revoke_open(conn, now, member_id).map(|ids| ids.len())
}

/// Revokes every open invitation of an organisation (it is being disabled): their links die and
/// their queued messages are dropped. Returns how many.
pub fn revoke_open_for_org(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: OrgId,
) -> QueryResult<usize> {
    let open: Vec<(InvitationId, i32)> = invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .select((invitations::id, invitations::token_generation))
        .load(conn)?;
    let queued: Vec<Job> = open
        .iter()
        .map(|(id, generation)| Job::Invitation {
            invitation_id: *id,
            token_generation: *generation,
        })
        .collect();
    jobs::cancel(conn, &queued)?;
    diesel::update(
        invitations::table
            .filter(invitations::org_id.eq(org_id))
            .filter(invitations::status.eq_any(InvitationStatus::OPEN)),
    )
    .set((
        invitations::status.eq(InvitationStatus::Revoked),
        invitations::revoked_at.eq(now),
    ))
    .execute(conn)
}

/// The card's invitations a new one replaces: the open ones (revoked here), and the failed and
/// revoked ones not yet replaced (an admin's revoked invitation sent again). They are then
/// shown "Replaced", pointing at the new one — no longer offered to resend.
pub(super) fn replace_for_member(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    member_id: MemberId,
) -> QueryResult<Vec<InvitationId>> {
    let mut ids = revoke_open(conn, now, member_id)?;
    let failed: Vec<InvitationId> = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .filter(invitations::status.eq_any([InvitationStatus::Failed, InvitationStatus::Revoked]))
        .filter(invitations::replaced_by.is_null())
        .filter(invitations::id.ne_all(&ids))
        .select(invitations::id)
        .load(conn)?;
    ids.extend(failed);
    Ok(ids)
}

fn revoke_open(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    member_id: MemberId,
) -> QueryResult<Vec<InvitationId>> {
    let open: Vec<(InvitationId, i32)> = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .select((invitations::id, invitations::token_generation))
        .load(conn)?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let queued: Vec<Job> = open
        .iter()
        .map(|(id, generation)| Job::Invitation {
            invitation_id: *id,
            token_generation: *generation,
        })
        .collect();
    jobs::cancel(conn, &queued)?;
    let open: Vec<InvitationId> = open.into_iter().map(|(id, _)| id).collect();
    diesel::update(invitations::table.filter(invitations::id.eq_any(&open)))
        .set((
            invitations::status.eq(InvitationStatus::Revoked),
            invitations::revoked_at.eq(now),
        ))
        .execute(conn)?;
    Ok(open)
}
