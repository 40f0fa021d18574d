//! The limits every way of inviting is held to (docs/SECURITY.md B9): a daily number of
//! invitations per inviter (resends count) and the organisation's seats (active members plus
//! open invitations). Checked inside the inviting transaction, after the organisation's lock.

use super::deleted_sends;
use crate::db::enums::{AuditAction, InvitationStatus, MemberStatus};
use crate::db::ids::{MemberId, OrgId};
use crate::db::models::Organisation;
use crate::db::schema::{invitations, members};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use std::collections::HashSet;
use time::PrimitiveDateTime;

/// What is left for one inviter in one organisation, now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    /// Invitations this inviter may still send in the last 24 hours' window.
    pub daily_left: i64,
    /// Seats not taken by active members or open invitations.
    pub seats_left: i64,
    /// Cards that already hold a seat with an open invitation (inviting them again takes none).
    pub holding: HashSet<MemberId>,
}

impl Allowance {
    /// Whether inviting `card` takes a new seat.
    pub fn takes_seat(&self, card: MemberId) -> bool {
        !self.holding.contains(&card)
    }
}

/// Reads the allowance (call inside the inviting transaction, after `lock_org`).
pub fn allowance(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
) -> QueryResult<Allowance> {
    let holding: HashSet<MemberId> = open_invitations(org, now)
        .select(invitations::member_id)
        .load::<MemberId>(conn)?
        .into_iter()
        .collect();
    let seats_held = holding.len() as i64;
    read(conn, now, actor, org, seats_held, holding)
}

/// The allowance for a caller that asks [`Allowance::takes_seat`] about `cards` alone (the
/// only ones in `holding`) and invites at most `at_most` cards with it. When the limits are so
/// far off that `at_most` invitations cannot reach them — told by counts an index answers
/// alone: the inviter's invitations of the last 24 hours in any organisation, the
/// organisation's queued and pending ones — those bounds are the figures (nothing can be
/// refused either way); else they are read exactly. Counting exactly scans the day's
/// invitations, a cost that grows with every call of a large import.
pub fn allowance_among(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    cards: &[MemberId],
    at_most: i64,
) -> QueryResult<Allowance> {
    let mut holding = HashSet::new();
    for part in cards.chunks(crate::db::ROWS_PER_STATEMENT) {
        holding.extend(
            open_invitations(org, now)
                .filter(invitations::member_id.eq_any(part))
                .select(invitations::member_id)
                .load::<MemberId>(conn)?,
        );
    }
    let sent_anywhere: i64 = invitations::table
        .filter(invitations::inviter_account_id.eq(&actor.account_id))
        .filter(invitations::created_at.gt(now - deleted_sends::DAY))
        .count()
        .get_result::<i64>(conn)?
        + deleted_sends::count(conn, now, actor.account_id, None)?;
    let open_any: i64 = invitations::table
        .filter(invitations::org_id.eq(&org.id))
        .filter(invitations::status.eq_any([InvitationStatus::Queued, InvitationStatus::Pending]))
        .count()
        .get_result(conn)?;
    let daily_left = i64::from(org.daily_invite_limit) - sent_anywhere;
    let seats_left = i64::from(org.seat_limit) - active(conn, org)? - open_any;
    if daily_left >= at_most && seats_left >= at_most {
        return Ok(Allowance {
            daily_left,
            seats_left,
            holding,
        });
    }
    exact(conn, now, actor, org, holding)
}

/// The allowance read exactly, for a caller that asks [`Allowance::takes_seat`] about no card
/// (the import's figures: a card never invited holds no seat).
pub fn allowance_exact(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
) -> QueryResult<Allowance> {
    exact(conn, now, actor, org, HashSet::new())
}

/// The figures counted exactly, the seats held by distinct cards; `holding` as the caller
/// gathered it.
fn exact(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    holding: HashSet<MemberId>,
) -> QueryResult<Allowance> {
    let seats_held: i64 = open_invitations(org, now)
        .select(diesel::dsl::count(invitations::member_id).aggregate_distinct())
        .get_result(conn)?;
    read(conn, now, actor, org, seats_held, holding)
}

type Db = <DbConnection as diesel::Connection>::Backend;

/// The organisation's open invitations (queued, or pending and not expired: [`super::open_at`]):
/// those that hold a seat.
fn open_invitations(
    org: &Organisation,
    now: PrimitiveDateTime,
) -> invitations::BoxedQuery<'static, Db> {
    invitations::table
        .filter(invitations::org_id.eq(org.id))
        .filter(super::open_at(now))
        .into_boxed()
}

/// How many cards of each of these organisations an open invitation holds a seat for — the
/// figure the seat limit counts (an expired invitation holds none), in one query.
pub fn seats_held(
    conn: &mut DbConnection,
    org_ids: &[OrgId],
    now: PrimitiveDateTime,
) -> QueryResult<std::collections::HashMap<OrgId, i64>> {
    let held: Vec<(OrgId, i64)> = invitations::table
        .filter(invitations::org_id.eq_any(org_ids))
        .filter(super::open_at(now))
        .group_by(invitations::org_id)
        .select((
            invitations::org_id,
            diesel::dsl::count(invitations::member_id).aggregate_distinct(),
        ))
        .load(conn)?;
    Ok(held.into_iter().collect())
}

fn read(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    seats_held: i64,
    holding: HashSet<MemberId>,
) -> QueryResult<Allowance> {
    let sent_today: i64 = invitations::table
        .filter(invitations::org_id.eq(&org.id))
        .filter(invitations::inviter_account_id.eq(&actor.account_id))
        .filter(invitations::created_at.gt(now - deleted_sends::DAY))
        .count()
        .get_result::<i64>(conn)?
        + deleted_sends::count(conn, now, actor.account_id, Some(org.id))?;
    let active = active(conn, org)?;
    Ok(Allowance {
        daily_left: (i64::from(org.daily_invite_limit) - sent_today).max(0),
        seats_left: (i64::from(org.seat_limit) - active - seats_held).max(0),
        holding,
    })
}

fn active(conn: &mut DbConnection, org: &Organisation) -> QueryResult<i64> {
    members::table
        .filter(members::org_id.eq(&org.id))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .count()
        .get_result(conn)
}

/// Refuses the whole set when it asks for more than is left.
pub(super) fn check(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    to_send: &[MemberId],
) -> DomainResult<()> {
    if to_send.is_empty() {
        return Ok(());
    }
    within(&allowance(conn, now, actor, org)?, to_send)
}

/// [`check`] against an allowance the caller read in this transaction (and kept up to date
/// with [`consume`]).
pub(super) fn within(left: &Allowance, to_send: &[MemberId]) -> DomainResult<()> {
    if to_send.is_empty() {
        return Ok(());
    }
    if to_send.len() as i64 > left.daily_left {
        return Err(DomainError::DailyLimit {
            remaining: left.daily_left,
            asked: to_send.len() as i64,
        });
    }
    let new_seats = to_send.iter().filter(|c| left.takes_seat(**c)).count() as i64;
    if new_seats > left.seats_left {
        return Err(DomainError::SeatLimit {
            remaining: left.seats_left,
            asked: new_seats,
        });
    }
    Ok(())
}

/// What reading the allowance again would give after `sent` were queued (each one invitation
/// by this inviter, created now, open): one less of the day each, a seat each for those that
/// held none.
pub(super) fn consume(left: &mut Allowance, sent: &[MemberId]) {
    left.daily_left -= sent.len() as i64;
    for card in sent {
        if left.holding.insert(*card) {
            left.seats_left -= 1;
        }
    }
}

/// A refused batch is rolled back whole; a limit refusal is then recorded on its own
/// (docs/SECURITY.md H1). Other errors are left alone.
pub fn record_refusal(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    error: &DomainError,
) -> DomainResult<()> {
    let (action, details) = match error {
        DomainError::DailyLimit { remaining, asked } => {
            (AuditAction::LimitDaily, (asked, remaining))
        }
        DomainError::SeatLimit { remaining, asked } => {
            (AuditAction::LimitSeats, (asked, remaining))
        }
        _ => return Ok(()),
    };
    write_tx(conn, |conn| {
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(org_id),
                actor_account_id: Some(actor.account_id),
                action,
                subject: audit::Subject::None,
                details: audit::Details::Limit {
                    asked: *details.0,
                    remaining: *details.1,
                },
                request_id: &actor.request_id,
            },
        )
    })?;
    Ok(())
}
