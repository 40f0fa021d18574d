//! Making an active member an administrator of the organisation, or taking the rights away
//! (`/admin/users/{id}/admin`; the platform operator's "Invite an administrator" when the
//! address is already an active member). One write transaction that first takes the
//! organisation's lock, as leaving does ([`super::leaving`]): two admins demoting each other at
//! once cannot leave the organisation with none — the last admin never loses the rights.
//!
//! Losing the rights follows the rules for an inviter who loses a right
//! ([`invitations::revoke_from_inviter`], [`invitations::revoke_beyond_roles`]): the open
//! invitations they sent that a member who is not an admin could not have sent are revoked —
//! all of them when the organisation lets only admins invite or they hold no role, else those
//! offering admin rights or a role they do not hold.

use super::invitations::{self, LostRight};
use super::{audit, leaving, members, Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, MemberStatus};
use crate::db::ids::{MemberId, OrgId};
use crate::db::models::{Member, Organisation};
use crate::db::schema::members as m;
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// What setting the rights did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminChange {
    /// The member is an administrator now.
    Granted,
    /// The member is no longer one; `revoked` open invitations they sent were revoked.
    Taken { revoked: usize },
    /// The member already was (or was not) one: nothing changed.
    Unchanged,
}

/// Makes the card `member_id` of `org_id` an administrator (`admin`) or takes the rights away.
/// `NotFound` for another organisation's or an unknown card; `Forbidden` when the actor is
/// neither an admin of the organisation nor a platform operator; `Conflict` with
/// `"not_member"` (the card is not an active member) or `"last_admin"` (the only admin keeps
/// the rights).
pub fn set(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    member_id: MemberId,
    admin: bool,
) -> DomainResult<(Member, AdminChange)> {
    write_tx(conn, |conn| {
        invitations::lock_org(conn, org_id)?;
        let org = super::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        let member = members::get_in_org(conn, org_id, member_id)?.ok_or(DomainError::NotFound)?;
        let change = set_in_tx(conn, now, actor, &org, &member, admin)?;
        Ok((member, change))
    })
}

/// [`set`] inside the caller's write transaction, the organisation's lock taken.
pub(crate) fn set_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    member: &Member,
    admin: bool,
) -> DomainResult<AdminChange> {
    if !invitations::grants_any(conn, org, actor)? {
        return Err(DomainError::Forbidden);
    }
    if member.invite_status != MemberStatus::Active {
        return Err(DomainError::Conflict("not_member"));
    }
    if member.is_admin == admin {
        return Ok(AdminChange::Unchanged);
    }
    if !admin && leaving::other_admins(conn, org.id, member.id)?.is_empty() {
        return Err(DomainError::Conflict("last_admin"));
    }
    diesel::update(m::table.find(member.id))
        .set((m::is_admin.eq(admin), m::updated_at.eq(now)))
        .execute(conn)?;
    let (change, action, details) = if admin {
        (
            AdminChange::Granted,
            AuditAction::MemberAdminGranted,
            audit::Details::None,
        )
    } else {
        let revoked = revoke_what_admins_alone_send(conn, now, actor, org, member)?;
        (
            AdminChange::Taken { revoked },
            AuditAction::MemberAdminRevoked,
            audit::Details::Revoked {
                count: i64::try_from(revoked).unwrap_or(i64::MAX),
            },
        )
    };
    audit::record(
        conn,
        now,
        audit::Event {
            org_id: Some(org.id),
            actor_account_id: Some(actor.account_id),
            action,
            subject: audit::Subject::Member(member.id),
            details,
            request_id: &actor.request_id,
        },
    )?;
    Ok(change)
}

/// The open invitations `member` (no longer an admin) sent that a member who is not an admin
/// could not have sent, revoked as when an inviter loses a right. Returns how many.
fn revoke_what_admins_alone_send(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    member: &Member,
) -> QueryResult<usize> {
    let Some(account) = member.account_id else {
        return Ok(0);
    };
    let held = super::roles::member_role_ids(conn, member.id)?;
    let demoted = Member {
        is_admin: false,
        ..member.clone()
    };
    let why = LostRight::AdminRightsTaken;
    if invitations::member_may_invite(org, &demoted, !held.is_empty()) {
        invitations::revoke_beyond_roles(conn, now, actor, org.id, account, &held, why)
    } else {
        invitations::revoke_from_inviter(conn, now, actor, Some(org.id), account, why)
    }
}
