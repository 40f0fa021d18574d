//! The platform operator's organisations: the searchable list with member and pending-invitation
//! counts, and editing one — including disabling it, which revokes its open invitations and
//! keeps its members out until it is enabled again.

use super::audit::{self, Details, Event, OrgField, OrgFieldChange, Subject};
use super::members::folded;
use super::{invitations, orgs, unique_as_conflict, Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, MemberStatus, Problem};
use crate::db::ids::OrgId;
use crate::db::models::Organisation;
use crate::db::schema::{member_counts, members, organisations};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use std::collections::HashMap;
use time::PrimitiveDateTime;

/// The list shows at most this many organisations; a search narrows it.
pub const LIST_LIMIT: i64 = 200;

/// One line of the list.
#[derive(Debug, Clone)]
pub struct OrgRow {
    pub org: Organisation,
    /// Active members.
    pub members: i64,
    /// Cards an open invitation holds a seat for (queued, or sent and not expired): what the
    /// seat limit counts besides the members.
    pub pending: i64,
}

/// Organisations whose name or customer number hold every word of `q` (in any order, any case,
/// `ё` as `е`), by name, with their counts at `now`: four queries whatever the number of
/// organisations (the members come from `member_counts`, kept by triggers; the
/// pending invitations are counted as the seat limit counts them). The flag says whether more
/// matched than are shown.
pub fn search(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    q: &str,
) -> QueryResult<(Vec<OrgRow>, bool)> {
    let words: Vec<String> = q.split_whitespace().map(folded).collect();
    let mut query = organisations::table.into_boxed();
    if !words.is_empty() {
        // Matched here, not in SQL: SQLite's lower() and LIKE fold ASCII letters only
        // ("ромашка" would miss "Ромашка"), and a platform's organisations are few enough to
        // read their names and numbers whole. Every word, in any order, in either.
        let all: Vec<(OrgId, String, String)> = organisations::table
            .order((organisations::name.asc(), organisations::id.asc()))
            .select((
                organisations::id,
                organisations::name,
                organisations::customer_number,
            ))
            .load(conn)?;
        let found: Vec<OrgId> = all
            .into_iter()
            .filter(|(_, name, number)| {
                let text = folded(&format!("{name} {number}"));
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .map(|(id, _, _)| id)
            .take(LIST_LIMIT as usize + 1)
            .collect();
        query = query.filter(organisations::id.eq_any(found));
    }
    let mut list: Vec<Organisation> = query
        .order((organisations::name.asc(), organisations::id.asc()))
        .limit(LIST_LIMIT + 1)
        .select(Organisation::as_select())
        .load(conn)?;
    let more = list.len() as i64 > LIST_LIMIT;
    list.truncate(LIST_LIMIT as usize);
    let ids: Vec<OrgId> = list.iter().map(|o| o.id).collect();
    let members: HashMap<OrgId, i64> = member_counts::table
        .filter(member_counts::org_id.eq_any(&ids))
        .filter(member_counts::invite_status.eq(MemberStatus::Active))
        .select((member_counts::org_id, member_counts::n))
        .load::<(OrgId, i64)>(conn)?
        .into_iter()
        .collect();
    let pending = invitations::seats_held(conn, &ids, now)?;
    let rows = list
        .into_iter()
        .map(|org| OrgRow {
            members: members.get(&org.id).copied().unwrap_or_default(),
            pending: pending.get(&org.id).copied().unwrap_or_default(),
            org,
        })
        .collect();
    Ok((rows, more))
}

/// What the operator's edit form sets. The lifetime and the enabled flag are not among the
/// contract's fields: `None` (not posted) keeps what is stored when the change is saved, read
/// inside the saving transaction — never a value read before it, which another operator's
/// change could have made stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgChanges {
    pub name: String,
    pub customer_number: String,
    pub seat_limit: i32,
    pub daily_invite_limit: i32,
    pub invitation_lifetime_hours: Option<i32>,
    pub enabled: Option<bool>,
}

/// What saving the form came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Saved {
    pub fields_changed: bool,
    pub disabled: bool,
    pub enabled: bool,
    /// Invitations still waiting for their recipients, revoked by disabling.
    pub revoked: i64,
    /// The seats in use (active members and waiting invitations) when a changed seat limit is
    /// below them: nobody can be invited until members leave or the limit is raised.
    pub seats_over_limit: Option<i64>,
}

/// What disabling an organisation now would do, for the operator to confirm first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DisableCosts {
    /// Invitations still waiting for their recipients that it would revoke (expired ones are
    /// withdrawn too, but counted by nobody).
    pub invitations: i64,
    /// Active members it would keep out until it is enabled again.
    pub members: i64,
}

/// The open invitations disabling the organisation would revoke and its active members.
pub fn disable_costs(
    conn: &mut DbConnection,
    id: OrgId,
    now: PrimitiveDateTime,
) -> QueryResult<DisableCosts> {
    let invitations = live_invitations(conn, id, now)?;
    let members = active_members(conn, id)?;
    Ok(DisableCosts {
        invitations,
        members,
    })
}

fn active_members(conn: &mut DbConnection, id: OrgId) -> QueryResult<i64> {
    Ok(member_counts::table
        .filter(member_counts::org_id.eq(id))
        .filter(member_counts::invite_status.eq(MemberStatus::Active))
        .select(member_counts::n)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or_default())
}

/// The invitations that still wait for their recipients, counted as the organisation list
/// counts them (one per card; expired links wait for nobody): what disabling takes away.
fn live_invitations(
    conn: &mut DbConnection,
    id: OrgId,
    now: PrimitiveDateTime,
) -> QueryResult<i64> {
    Ok(invitations::seats_held(conn, &[id], now)?
        .get(&id)
        .copied()
        .unwrap_or_default())
}

/// The lifetime the change leaves the organisation with.
fn lifetime_hours(org: &Organisation, c: &OrgChanges) -> i32 {
    c.invitation_lifetime_hours
        .unwrap_or(org.invitation_lifetime_hours)
}

fn describe(org: &Organisation, c: &OrgChanges) -> Vec<OrgFieldChange> {
    let mut changes = Vec::new();
    let mut diff = |field, before: String, after: String| {
        if before != after {
            changes.push(OrgFieldChange {
                field,
                before,
                after,
            });
        }
    };
    diff(OrgField::Name, org.name.clone(), c.name.clone());
    diff(
        OrgField::CustomerNumber,
        org.customer_number.clone(),
        c.customer_number.clone(),
    );
    diff(
        OrgField::SeatLimit,
        org.seat_limit.to_string(),
        c.seat_limit.to_string(),
    );
    diff(
        OrgField::DailyInviteLimit,
        org.daily_invite_limit.to_string(),
        c.daily_invite_limit.to_string(),
    );
    diff(
        OrgField::LifetimeHours,
        org.invitation_lifetime_hours.to_string(),
        lifetime_hours(org, c).to_string(),
    );
    changes
}

/// Saves the operator's changes in one transaction, each kind audited: the fields (old → new),
/// disabling (its open invitations are revoked — their links die, queued messages are dropped,
/// the cards go back to "not invited"; enabling again does not bring them back) and enabling.
/// A customer number another organisation has is `Conflict("customer_number")`.
pub fn update(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    id: OrgId,
    c: &OrgChanges,
) -> DomainResult<Saved> {
    write_tx(conn, |conn| {
        let org = orgs::get(conn, id)?.ok_or(DomainError::NotFound)?;
        if c.customer_number != org.customer_number
            && orgs::customer_number_taken(conn, &c.customer_number, Some(id))?
        {
            return Err(DomainError::Conflict("customer_number"));
        }
        let record = |conn: &mut DbConnection, action, details: Details| {
            audit::record(
                conn,
                now,
                Event {
                    org_id: Some(id),
                    actor_account_id: Some(actor.account_id),
                    action,
                    subject: Subject::Text(&c.customer_number),
                    details,
                    request_id: &actor.request_id,
                },
            )
        };
        let mut saved = Saved::default();
        let changes = describe(&org, c);
        if !changes.is_empty() {
            diesel::update(organisations::table.find(id))
                .set((
                    organisations::name.eq(&c.name),
                    organisations::customer_number.eq(&c.customer_number),
                    organisations::seat_limit.eq(c.seat_limit),
                    organisations::daily_invite_limit.eq(c.daily_invite_limit),
                    organisations::invitation_lifetime_hours.eq(lifetime_hours(&org, c)),
                ))
                .execute(conn)
                .map_err(|e| unique_as_conflict(e, "customer_number"))?;
            record(
                conn,
                AuditAction::OrgUpdated,
                Details::OrgChanged { changes },
            )?;
            saved.fields_changed = true;
            if c.seat_limit != org.seat_limit {
                let in_use = active_members(conn, id)? + live_invitations(conn, id, now)?;
                saved.seats_over_limit = (in_use > i64::from(c.seat_limit)).then_some(in_use);
            }
        }
        let was_disabled = org.disabled_at.is_some();
        match (was_disabled, c.enabled.unwrap_or(!was_disabled)) {
            (false, false) => {
                diesel::update(organisations::table.find(id))
                    .set(organisations::disabled_at.eq(Some(now)))
                    .execute(conn)?;
                // Expired links are withdrawn too, but were waiting for nobody: not counted.
                saved.revoked = live_invitations(conn, id, now)?;
                invitations::revoke_open_for_org(conn, now, id)?;
                diesel::update(members::table.filter(members::org_id.eq(id)).filter(
                    members::invite_status.eq_any([MemberStatus::Waiting, MemberStatus::Invited]),
                ))
                .set((
                    members::invite_status.eq(MemberStatus::NotInvited),
                    members::invite_error.eq(None::<Problem>),
                ))
                .execute(conn)?;
                let count = saved.revoked;
                record(conn, AuditAction::OrgDisabled, Details::Revoked { count })?;
                saved.disabled = true;
            }
            (true, true) => {
                diesel::update(organisations::table.find(id))
                    .set(organisations::disabled_at.eq(None::<PrimitiveDateTime>))
                    .execute(conn)?;
                record(conn, AuditAction::OrgEnabled, Details::None)?;
                saved.enabled = true;
            }
            _ => {}
        }
        Ok(saved)
    })
}
