//! Who may invite, and what happens when an inviter loses the right — the organisation now
//! allows admins only and they are not one, their last role was taken (restricted access), or
//! their account is disabled, they left the organisation or were removed from it — the
//! invitations they sent that are still open are revoked and audited. Every such path calls
//! [`revoke_from_inviter`]; a member who loses one role of several loses only the invitations
//! offering what they no longer hold ([`revoke_beyond_roles`]); [`open_from_non_admins`]
//! counts what tightening the policy would revoke before anyone confirms it.
//!
//! Expired invitations (pending past their expiry) are revoked with the open ones, so that
//! none can be sent again under a right that is gone; the counts these functions return, which
//! people read ("open invitations revoked: N"), count only those that were [open](super::open_at)
//! — what the invitations list showed as Queued or Pending.

use super::{is_open_at, revoke_open_for_member};
use crate::db::enums::{AuditAction, InvitationStatus, InvitePolicy, MemberStatus, Problem};
use crate::db::ids::{AccountId, InvitationId, MemberId, OrgId, RoleId};
use crate::db::models::{Member, Organisation};
use crate::db::schema::{accounts, invitation_roles, invitations, members};
use crate::db::DbConnection;
use crate::domain::audit::{self, Event};
use crate::domain::Actor;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Why an inviter's open invitations are revoked (the audit event's details).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LostRight {
    /// The organisation now allows admins only to invite.
    AdminsOnly,
    /// The inviter's account was disabled.
    AccountDisabled,
    /// The inviter, not an admin, lost their last role (restricted access).
    NoRole,
    /// The inviter left the organisation.
    LeftOrg,
    /// An admin removed the inviter from the organisation.
    RemovedFromOrg,
    /// The inviter, not an admin, lost a role their invitation offers.
    RoleTaken,
    /// The inviter's administrator rights were taken away.
    AdminRightsTaken,
}

/// Whether a member may invite in `org`: an admin always; anyone else when the organisation lets
/// every member invite and they hold a role (a member without one has restricted access).
pub fn member_may_invite(org: &Organisation, member: &Member, holds_a_role: bool) -> bool {
    member.is_admin || (org.invite_policy == InvitePolicy::Everyone && holds_a_role)
}

/// Open and expired invitations of an organisation sent by accounts that are not (active) admins
/// of it: what an admins-only policy no longer allows; with each, whether it is
/// [open](super::open_at) at `now` (what the count shown before saving counts).
pub fn open_from_non_admins(
    conn: &mut DbConnection,
    org_id: OrgId,
    now: PrimitiveDateTime,
) -> QueryResult<Vec<(InvitationId, AccountId, bool)>> {
    let admins: Vec<Option<AccountId>> = members::table
        .filter(members::org_id.eq(org_id))
        .filter(members::is_admin.eq(true))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .select(members::account_id)
        .load(conn)?;
    let admins: Vec<AccountId> = admins.into_iter().flatten().collect();
    type Row = (
        InvitationId,
        Option<AccountId>,
        InvitationStatus,
        Option<PrimitiveDateTime>,
    );
    let open: Vec<Row> = invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .select((
            invitations::id,
            invitations::inviter_account_id,
            invitations::status,
            invitations::expires_at,
        ))
        .load(conn)?;
    let operators: Vec<AccountId> = accounts::table
        .filter(accounts::is_operator.eq(true))
        .select(accounts::id)
        .load(conn)?;
    Ok(open
        .into_iter()
        // No inviter: sent by the platform (the first admin's invitation), which stays.
        .filter_map(|(id, inviter, status, expires_at)| {
            Some((id, inviter?, is_open_at(status, expires_at, now)))
        })
        .filter(|(_, inviter, _)| !admins.contains(inviter) && !operators.contains(inviter))
        .collect())
}

/// Revokes the open invitations `inviter` sent (in `org_id` only, or everywhere when `None`),
/// drops their queued messages, puts their cards back to "not invited" and audits each one.
/// Call inside the caller's write transaction. Returns how many of them were open at `now`
/// (expired ones are revoked too, not counted).
pub fn revoke_from_inviter(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: Option<OrgId>,
    inviter: AccountId,
    why: LostRight,
) -> QueryResult<usize> {
    let mut q = invitations::table
        .filter(invitations::inviter_account_id.eq(inviter))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .into_boxed();
    if let Some(org_id) = org_id {
        q = q.filter(invitations::org_id.eq(org_id));
    }
    let open: Vec<Revoked> = q.select(REVOKED).load(conn)?;
    revoke_each(conn, now, actor, &open, why)
}

/// Revokes the open invitations `inviter` — a member who is not an admin — sent in `org_id` that
/// offer a role outside `held` or admin rights: an invitation never grants what its inviter
/// could not grant now (docs/SECURITY.md B6). Nothing for an operator, who may grant any. Call
/// inside the caller's write transaction; `why` is audited. Returns how many of them were open
/// at `now` (expired ones are revoked too, not counted).
pub fn revoke_beyond_roles(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    inviter: AccountId,
    held: &[RoleId],
    why: LostRight,
) -> QueryResult<usize> {
    if super::grants::is_operator(conn, inviter)? {
        return Ok(0);
    }
    let beyond = invitation_roles::table
        .filter(invitation_roles::role_id.ne_all(held.to_vec()))
        .select(invitation_roles::invitation_id);
    let open: Vec<Revoked> = invitations::table
        .filter(invitations::inviter_account_id.eq(inviter))
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .filter(
            invitations::grant_admin
                .eq(true)
                .or(invitations::id.eq_any(beyond)),
        )
        .select(REVOKED)
        .load(conn)?;
    revoke_each(conn, now, actor, &open, why)
}

/// An invitation to revoke as read: its id, organisation, card, status and expiry.
type Revoked = (
    InvitationId,
    OrgId,
    MemberId,
    InvitationStatus,
    Option<PrimitiveDateTime>,
);

const REVOKED: (
    invitations::id,
    invitations::org_id,
    invitations::member_id,
    invitations::status,
    invitations::expires_at,
) = (
    invitations::id,
    invitations::org_id,
    invitations::member_id,
    invitations::status,
    invitations::expires_at,
);

/// Revokes each open (or expired) invitation, drops its queued messages, puts its card back to
/// "not invited" and audits it with `why`. Returns how many were open at `now`.
fn revoke_each(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    open: &[Revoked],
    why: LostRight,
) -> QueryResult<usize> {
    for (id, org, member_id, _, _) in open {
        revoke_open_for_member(conn, now, *member_id)?;
        diesel::update(
            members::table.filter(members::id.eq(member_id)).filter(
                members::invite_status.eq_any([MemberStatus::Waiting, MemberStatus::Invited]),
            ),
        )
        .set((
            members::invite_status.eq(MemberStatus::NotInvited),
            members::invite_error.eq(None::<Problem>),
            members::updated_at.eq(now),
        ))
        .execute(conn)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(*org),
                actor_account_id: Some(actor.account_id),
                action: AuditAction::InvitationRevoked,
                subject: audit::Subject::Invitation(*id),
                details: audit::Details::InviterLostRight { why },
                request_id: &actor.request_id,
            },
        )?;
    }
    Ok(open
        .iter()
        .filter(|(_, _, _, status, expires_at)| is_open_at(*status, *expires_at, now))
        .count())
}
