//! Writing what the policy decided: the invitations of one request with multi-row statements —
//! 10,000 cards in one request are a few dozen statements, not 30,000 (issue 10) — with their
//! roles, the replaced links pointing at them, their delivery jobs, audit events and the cards'
//! new status.

use super::policy::{InviteOptions, InviteOutcome, InviteResult};
use crate::db::enums::{AuditAction, Channel, InvitationStatus, Language, MemberStatus, Problem};
use crate::db::ids::{DepartmentId, InvitationId, MemberId, RoleId};
use crate::db::models::{Member, NewInvitation, Organisation};
use crate::db::schema::{invitation_roles, invitations, members};
use crate::db::{DbConnection, ROWS_PER_STATEMENT};
use crate::domain::audit::{self, Event};
use crate::domain::jobs::{self, Job};
use crate::domain::Actor;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// One invitation about to be written.
pub(super) struct Planned<'c> {
    pub(super) card: &'c Member,
    pub(super) channel: Channel,
    pub(super) recipient: String,
    pub(super) role_ids: Vec<RoleId>,
    pub(super) department_id: Option<DepartmentId>,
    pub(super) grant_admin: bool,
    pub(super) message: String,
    pub(super) replaced: Vec<InvitationId>,
    pub(super) resent: bool,
    pub(super) language: Language,
}

/// Writes the planned invitations of `asked` cards; their outcomes, in plan order.
pub(super) fn write(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    opts: &InviteOptions,
    planned: &[Planned<'_>],
    asked: &[MemberId],
) -> QueryResult<Vec<InviteOutcome>> {
    let mut outcomes = Vec::with_capacity(planned.len());
    let rows: Vec<NewInvitation<'_>> = planned
        .iter()
        .map(|p| NewInvitation {
            org_id: org.id,
            member_id: p.card.id,
            inviter_account_id: Some(actor.account_id),
            channel: p.channel,
            recipient: &p.recipient,
            token_hash: None,
            token_generation: 0,
            status: InvitationStatus::Queued,
            department_id: p.department_id,
            grant_admin: p.grant_admin,
            message: &p.message,
            locale: p.language.as_str(),
            created_at: now,
            batch_id: opts.batch_id,
        })
        .collect();
    let ids = crate::db::bulk::insert_invitations(conn, &rows)?;
    // The roles each invitation offers, written together below.
    let mut offered: Vec<(InvitationId, RoleId)> = Vec::new();
    let mut queued = Vec::with_capacity(planned.len());
    let mut events = Vec::with_capacity(planned.len());
    for p in planned {
        let invitation_id = ids[&p.card.id];
        if !p.replaced.is_empty() {
            diesel::update(invitations::table.filter(invitations::id.eq_any(&p.replaced)))
                .set(invitations::replaced_by.eq(invitation_id))
                .execute(conn)?;
        }
        offered.extend(p.role_ids.iter().map(|r| (invitation_id, *r)));
        queued.push(Job::Invitation {
            invitation_id,
            token_generation: 0,
        });
        events.push(Event {
            org_id: Some(org.id),
            actor_account_id: Some(actor.account_id),
            action: if opts.renewal {
                AuditAction::InvitationRenewed
            } else if p.resent {
                AuditAction::InvitationResent
            } else {
                AuditAction::InvitationCreated
            },
            subject: audit::Subject::Invitation(invitation_id),
            details: audit::Details::Channel { channel: p.channel },
            request_id: &actor.request_id,
        });
        outcomes.push(InviteOutcome {
            member_id: p.card.id,
            name: p.card.display_name(),
            result: InviteResult::Queued { channel: p.channel },
        });
    }
    jobs::enqueue_many(conn, now, &queued)?;
    audit::record_many(conn, now, &events)?;
    for part in offered.chunks(ROWS_PER_STATEMENT) {
        let values: Vec<_> = part
            .iter()
            .map(|(i, r)| {
                (
                    invitation_roles::invitation_id.eq(*i),
                    invitation_roles::role_id.eq(*r),
                )
            })
            .collect();
        let insert = diesel::insert_into(invitation_roles::table).values(&values);
        crate::on_backend!(&mut *conn, |c| insert.execute(c))?;
    }
    // Every card invited now waits for its message (one statement per part, not per card; on
    // PostgreSQL the status trigger looks each changed card up by key whatever the statement's
    // size, migration 000026).
    for part in asked.chunks(ROWS_PER_STATEMENT) {
        diesel::update(members::table.filter(members::id.eq_any(part)))
            .set((
                members::invite_status.eq(MemberStatus::Waiting),
                members::invite_error.eq(None::<Problem>),
                members::last_invited_at.eq(now),
                members::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(outcomes)
}
