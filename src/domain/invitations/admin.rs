//! The admin's view of invitations: one by id (tenant-scoped), revoking one or several,
//! renewing an expired one, resending.

use super::*;
use crate::db::enums::{AuditAction, MemberStatus, Problem, ShownStatus};
use crate::db::ids::{InvitationId, MemberId, OrgId};
use crate::db::models::{Invitation, Member};
use crate::db::schema::{invitations, members};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// The status shown for an invitation, with `expired` derived from the clock.
pub fn shown_status(inv: &Invitation, now: PrimitiveDateTime) -> ShownStatus {
    ShownStatus::of(
        inv.status,
        inv.expires_at.is_some_and(|e| e <= now),
        inv.replaced_by.is_some(),
    )
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
        // Open as the list shows it: an expired link is over already ([`revoke_many`] too).
        if !shown_status(&inv, now).is_open() {
            return Err(DomainError::Conflict("not_open"));
        }
        revoke_in_tx(conn, now, actor, &inv)
    })
}

/// What revoking one of several ticked invitations came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevokeResult {
    Revoked,
    /// Not open any more: its status says why (accepted, already revoked, replaced, …).
    NotOpen(ShownStatus),
}

#[derive(Debug, Clone)]
pub struct RevokeOutcome {
    pub invitation_id: InvitationId,
    pub name: String,
    pub result: RevokeResult,
}

/// Revokes the open ones of some invitations, in one transaction, each with its own result.
/// Other organisations' ids are ignored; none of this organisation's is `NotFound`.
pub fn revoke_many(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    ids: &[InvitationId],
) -> DomainResult<Vec<RevokeOutcome>> {
    write_tx(conn, |conn| {
        let mut out = Vec::new();
        for id in ids {
            if out.iter().any(|o: &RevokeOutcome| o.invitation_id == *id) {
                continue;
            }
            let Some(inv) = get_in_org(conn, org_id, *id)? else {
                continue;
            };
            let name = members::table
                .find(&inv.member_id)
                .select(Member::as_select())
                .first(conn)?
                .display_name();
            let status = shown_status(&inv, now);
            let result = if status.is_open() {
                revoke_in_tx(conn, now, actor, &inv)?;
                RevokeResult::Revoked
            } else {
                RevokeResult::NotOpen(status)
            };
            out.push(RevokeOutcome {
                invitation_id: inv.id,
                name,
                result,
            });
        }
        if out.is_empty() {
            return Err(DomainError::NotFound);
        }
        Ok(out)
    })
}

fn revoke_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    inv: &Invitation,
) -> DomainResult<()> {
    revoke_open_for_member(conn, now, inv.member_id)?;
    diesel::update(
        members::table
            .filter(members::id.eq(&inv.member_id))
            .filter(members::invite_status.eq_any([MemberStatus::Waiting, MemberStatus::Invited])),
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
            org_id: Some(inv.org_id),
            actor_account_id: Some(actor.account_id),
            action: AuditAction::InvitationRevoked,
            subject: audit::Subject::Invitation(inv.id),
            details: audit::Details::None,
            request_id: &actor.request_id,
        },
    )?;
    Ok(())
}

/// Renews an expired invitation: a new link with the same terms, through the one policy
/// (limits, channel, seats). Anything but an expired invitation is a conflict.
pub fn renew(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    id: InvitationId,
) -> DomainResult<Vec<InviteOutcome>> {
    let result = write_tx(conn, |conn| {
        let inv = get_in_org(conn, org_id, id)?.ok_or(DomainError::NotFound)?;
        if !shown_status(&inv, now).is_renewable() {
            return Err(DomainError::Conflict("not_expired"));
        }
        let org = crate::domain::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        if !may_invite(conn, &org, actor, false)? {
            return Err(DomainError::Forbidden);
        }
        let opts = InviteOptions {
            renewal: true,
            ..Default::default()
        };
        invite_in_tx(conn, now, actor, &org, &[inv.member_id], &opts)
    });
    if let Err(e) = &result {
        record_refusal(conn, now, actor, org_id, e)?;
    }
    result
}

/// What a resend of ticked invitations did.
#[derive(Debug)]
pub struct Resent {
    pub outcomes: Vec<InviteOutcome>,
    /// Ticked invitations already followed by a newer one of their card, left alone.
    pub superseded: usize,
}

/// Resends ticked invitations of an organisation: each card whose ticked invitation is still its
/// latest gets a new one, through the one policy. A ticked invitation already followed by a
/// newer one — resent by an earlier post of the same form (a double click, a reload), or since
/// — is left alone, so a repeated post does nothing again (docs/STYLE.md, idempotent form
/// posts). Read after the organisation's lock, in the transaction of the new invitations.
/// None of the ids this organisation's: not found.
pub fn resend(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    invitation_ids: &[InvitationId],
    opts: &InviteOptions,
) -> DomainResult<Resent> {
    invite_tx(conn, now, actor, org_id, opts.grant_admin, |conn, org| {
        lock_org(conn, org.id)?;
        let (latest, superseded) = latest_of(conn, org_id, invitation_ids)?;
        if latest.is_empty() && superseded == 0 {
            return Err(DomainError::NotFound);
        }
        let outcomes = invite_in_tx(conn, now, actor, org, &latest, opts)?;
        Ok(Resent {
            outcomes,
            superseded,
        })
    })
}

/// The cards of the ticked invitations (this organisation's) that are still their card's
/// latest, and how many ticked ones are not.
fn latest_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    invitation_ids: &[InvitationId],
) -> QueryResult<(Vec<MemberId>, usize)> {
    let newer = diesel::alias!(invitations as newer);
    let ticked: Vec<(MemberId, bool)> = invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq_any(invitation_ids))
        .select((
            invitations::member_id,
            diesel::dsl::exists(
                newer
                    .filter(
                        newer
                            .field(invitations::member_id)
                            .eq(invitations::member_id),
                    )
                    .filter(newer.field(invitations::id).gt(invitations::id)),
            ),
        ))
        .load(conn)?;
    let superseded = ticked.iter().filter(|(_, newer)| *newer).count();
    let mut latest: Vec<MemberId> = ticked
        .into_iter()
        .filter(|(_, newer)| !newer)
        .map(|(member, _)| member)
        .collect();
    latest.sort_unstable();
    latest.dedup();
    Ok((latest, superseded))
}

/// One ticked invitation as the bulk revoke's confirmation names it.
pub struct ToRevoke {
    pub id: InvitationId,
    pub name: String,
    pub recipient: String,
    /// Still open: revoking it stops its link; the others are reported as not open.
    pub open: bool,
}

/// The ticked invitations of the organisation, as the confirmation lists them (other
/// organisations' ids are left out, as `revoke_many` ignores them), in the order ticked.
pub fn to_revoke(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: OrgId,
    ids: &[InvitationId],
) -> QueryResult<Vec<ToRevoke>> {
    let found: Vec<(Invitation, Member)> = invitations::table
        .inner_join(members::table)
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq_any(ids))
        .select((Invitation::as_select(), Member::as_select()))
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    Ok(ids
        .iter()
        .filter(|id| seen.insert(**id))
        .filter_map(|id| found.iter().find(|(i, _)| i.id == *id))
        .map(|(inv, m)| ToRevoke {
            id: inv.id,
            name: m.display_name(),
            recipient: inv.recipient.clone(),
            open: shown_status(inv, now).is_open(),
        })
        .collect())
}
