//! The admin's view of invitations: lists, one by id (tenant-scoped), revoking one, resending.

use super::*;
use crate::db::enums::{AuditAction, InvitationStatus, MemberStatus, Problem, ShownStatus};
use crate::db::ids::{InvitationId, MemberId, OrgId};
use crate::db::models::{Invitation, Member};
use crate::db::schema::{invitations, members};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Invitations of an organisation for the admin list, newest first; `expired` is derived.
pub fn list_for_org(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: OrgId,
    status: Option<ShownStatus>,
    limit: i64,
) -> QueryResult<Vec<(Invitation, String)>> {
    let mut q = invitations::table
        .inner_join(members::table)
        .filter(invitations::org_id.eq(org_id.to_owned()))
        .into_boxed();
    let stored = |s: InvitationStatus| invitations::status.eq(s);
    q = match status {
        None => q,
        Some(ShownStatus::Pending) => q
            .filter(stored(InvitationStatus::Pending))
            .filter(invitations::expires_at.gt(now)),
        Some(ShownStatus::Expired) => q
            .filter(stored(InvitationStatus::Pending))
            .filter(invitations::expires_at.le(now)),
        Some(ShownStatus::Queued) => q.filter(stored(InvitationStatus::Queued)),
        Some(ShownStatus::Accepted) => q.filter(stored(InvitationStatus::Accepted)),
        Some(ShownStatus::Revoked) => q.filter(stored(InvitationStatus::Revoked)),
        Some(ShownStatus::Failed) => q.filter(stored(InvitationStatus::Failed)),
    };
    let rows: Vec<(Invitation, Member)> = q
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(limit)
        .select((Invitation::as_select(), Member::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(i, m)| (i, m.display_name()))
        .collect())
}

/// The status shown for an invitation, with `expired` derived from the clock.
pub fn shown_status(inv: &Invitation, now: PrimitiveDateTime) -> ShownStatus {
    ShownStatus::of(inv.status, inv.expires_at.is_some_and(|e| e <= now))
}

/// A card's invitations, newest first (tenant-scoped).
pub fn for_member(
    conn: &mut DbConnection,
    org_id: OrgId,
    member_id: MemberId,
) -> QueryResult<Vec<Invitation>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::member_id.eq(member_id))
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(20)
        .select(Invitation::as_select())
        .load(conn)
}

/// An invitation by id, only within the organisation.
pub fn get_in_org(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: InvitationId,
) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq(id))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// Revokes one open invitation after the admin confirmed it.
pub fn revoke(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    id: InvitationId,
) -> DomainResult<()> {
    write_tx(conn, |conn| {
        let inv = get_in_org(conn, org_id, id)?.ok_or(DomainError::NotFound)?;
        if !inv.status.is_open() {
            return Err(DomainError::Conflict("not_open"));
        }
        revoke_open_for_member(conn, now, inv.member_id)?;
        diesel::update(
            members::table
                .filter(members::id.eq(&inv.member_id))
                .filter(
                    members::invite_status.eq_any([MemberStatus::Waiting, MemberStatus::Invited]),
                ),
        )
        .set((
            members::invite_status.eq(MemberStatus::NotInvited),
            members::invite_error.eq(None::<Problem>),
        ))
        .execute(conn)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(org_id),
                actor_account_id: Some(actor.account_id),
                action: AuditAction::InvitationRevoked,
                subject: audit::Subject::Invitation(id),
                details: "",
                request_id: &actor.request_id,
            },
        )?;
        Ok(())
    })
}

/// The cards behind some invitations of an organisation (for resend).
pub fn members_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    invitation_ids: &[InvitationId],
) -> QueryResult<Vec<MemberId>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq_any(invitation_ids))
        .select(invitations::member_id)
        .load(conn)
}
