//! Writing what the policy decided: the invitations of one request with multi-row statements —
//! 10,000 cards in one request are a few dozen statements, not 30,000 (issue 10) — with their
//! roles, the replaced links pointing at them, their delivery jobs, audit events and the cards'
//! new status.

use super::policy::{InviteOptions, InviteOutcome, InviteResult};
use crate::db::enums::{AuditAction, Channel, InvitationStatus, MemberStatus, Problem};
use crate::db::ids::{DepartmentId, InvitationId, MemberId, RoleId};
use crate::db::models::{Member, NewInvitation, Organisation};
use crate::db::schema::{invitation_roles, invitations, members};
use crate::db::{DbConnection, ROWS_PER_STATEMENT};
use crate::domain::audit::{self, Event};
use crate::domain::jobs::{self, Job};
use crate::domain::Actor;
use diesel::prelude::*;
use std::collections::HashMap;
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
}

/// Inserts invitations with multi-row statements; their ids by card (one invitation per card).
fn insert_invitations(
    conn: &mut DbConnection,
    rows: &[NewInvitation<'_>],
) -> QueryResult<HashMap<MemberId, InvitationId>> {
    if let DbConnection::Pg(pg) = conn {
        return insert_invitations_pg(pg, rows);
    }
    let mut ids = HashMap::with_capacity(rows.len());
    for part in rows.chunks(ROWS_PER_STATEMENT) {
        let insert = diesel::insert_into(invitations::table)
            .values(part)
            .returning((invitations::member_id, invitations::id));
        let made: Vec<(MemberId, InvitationId)> = match conn {
            DbConnection::Sqlite(c) => insert.get_results(c)?,
            DbConnection::Pg(c) => insert.get_results(c)?,
        };
        ids.extend(made);
    }
    Ok(ids)
}

#[derive(QueryableByName)]
struct Made {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    member_id: MemberId,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: InvitationId,
}

/// PostgreSQL: every invitation in one statement, each column bound as one array. 10,000 cards
/// as 500-row `VALUES` lists were 20 statements of 7,000 parameters, each parsed and bound anew
/// (4.7 ms of every 24 ms).
fn insert_invitations_pg(
    conn: &mut diesel::PgConnection,
    rows: &[NewInvitation<'_>],
) -> QueryResult<HashMap<MemberId, InvitationId>> {
    use crate::db::column;
    use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text, Timestamp};
    let made: Vec<Made> = diesel::sql_query(
        "INSERT INTO invitations (org_id, member_id, inviter_account_id, channel, recipient, \
         token_hash, token_generation, status, department_id, grant_admin, message, locale, \
         created_at, batch_id) \
         SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         RETURNING member_id, id",
    )
    .bind::<Array<BigInt>, _>(column(rows, |r| r.org_id.get()))
    .bind::<Array<BigInt>, _>(column(rows, |r| r.member_id.get()))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.inviter_account_id.map(|a| a.get())))
    .bind::<Array<Text>, _>(column(rows, |r| r.channel.as_str()))
    .bind::<Array<Text>, _>(column(rows, |r| r.recipient))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.token_hash))
    .bind::<Array<Integer>, _>(column(rows, |r| r.token_generation))
    .bind::<Array<Text>, _>(column(rows, |r| r.status.as_str()))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.department_id.map(|d| d.get())))
    .bind::<Array<Bool>, _>(column(rows, |r| r.grant_admin))
    .bind::<Array<Text>, _>(column(rows, |r| r.message))
    .bind::<Array<Text>, _>(column(rows, |r| r.locale))
    .bind::<Array<Timestamp>, _>(column(rows, |r| r.created_at))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.batch_id.map(|b| b.get())))
    .load(conn)?;
    Ok(made.into_iter().map(|m| (m.member_id, m.id)).collect())
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
            locale: &opts.locale,
            created_at: now,
            batch_id: opts.batch_id,
        })
        .collect();
    let ids = insert_invitations(conn, &rows)?;
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
            details: p.channel.as_str(),
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
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c),
            DbConnection::Pg(c) => insert.execute(c),
        }?;
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
