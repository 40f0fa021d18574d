//! An organisation's roles: listed with what they reach, created, renamed, deleted; and the
//! roles a member holds (no roles: restricted access, docs/PRODUCT.md §2.11). What a role reaches
//! is counted in `counts`.

use super::audit::{self, Details, Event, Subject};
use super::jobs::{self, Job};
use super::{unique_as_conflict, Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, MemberStatus};
use crate::db::ids::{MemberId, OrgId, RoleId};
use crate::db::models::NewRole;
use crate::db::schema::{invitation_roles, member_roles, roles};
use crate::db::DbConnection;
use crate::domain::invitations::{revoke_beyond_roles, revoke_from_inviter, LostRight};
use diesel::prelude::*;
use time::PrimitiveDateTime;

mod counts;

use counts::holders_with_only;
pub use counts::{get, list, RoleLine};

/// The longest role or department name, in characters.
pub const NAME_MAX: usize = 100;

/// How many roles a member holds (no roles: restricted access, docs/PRODUCT.md §2.11).
pub fn role_count(conn: &mut DbConnection, member_id: MemberId) -> QueryResult<i64> {
    member_roles::table
        .filter(member_roles::member_id.eq(member_id))
        .count()
        .get_result(conn)
}

pub fn names(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<Vec<(RoleId, String)>> {
    let mut out: Vec<(RoleId, String)> = roles::table
        .filter(roles::org_id.eq(org_id))
        .select((roles::id, roles::name))
        .load(conn)?;
    // As a person reads a list: without case ("ab" before "Worker"; the database's order put
    // every capital first), ё as е.
    out.sort_by_cached_key(|(id, name)| (crate::domain::members::folded(name), *id));
    Ok(out)
}

/// Whether another role of the organisation already has this name (compared as a reader
/// would: case aside, `ё` as `е`).
fn name_taken(
    conn: &mut DbConnection,
    org_id: OrgId,
    name: &str,
    except: Option<RoleId>,
) -> QueryResult<bool> {
    let wanted = super::members::folded(name);
    Ok(names(conn, org_id)?
        .iter()
        .any(|(id, n)| Some(*id) != except && super::members::folded(n) == wanted))
}

fn record(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    action: AuditAction,
    subject: Subject<'_>,
    details: Details,
) -> QueryResult<()> {
    audit::record(
        conn,
        now,
        Event {
            org_id: Some(org_id),
            actor_account_id: Some(actor.account_id),
            action,
            subject,
            details,
            request_id: &actor.request_id,
        },
    )
}

/// Creates a role (the name already cleaned and checked for length); a name in use is a
/// conflict.
pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    name: &str,
) -> DomainResult<RoleId> {
    crate::db::write_tx(conn, |conn| {
        if name_taken(conn, org_id, name, None)? {
            return Err(DomainError::Conflict("role"));
        }
        let id = diesel::insert_into(roles::table)
            .values(NewRole {
                org_id,
                name,
                created_at: now,
            })
            .returning(roles::id)
            .get_result(conn)
            .map_err(|e| unique_as_conflict(e, "role"))?;
        record(
            conn,
            now,
            actor,
            org_id,
            AuditAction::RoleCreated,
            Subject::Role(id),
            Details::Named {
                name: name.to_owned(),
            },
        )?;
        Ok(id)
    })
}

/// Renames a role of the organisation; the name it already has changes nothing (and is not
/// audited).
pub fn rename(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    id: RoleId,
    name: &str,
) -> DomainResult<()> {
    crate::db::write_tx(conn, |conn| {
        let old = get(conn, org_id, id, now)?.ok_or(DomainError::NotFound)?;
        if old.name == name {
            // Nothing changes: nothing to write or to audit.
            return Ok(());
        }
        if name_taken(conn, org_id, name, Some(id))? {
            return Err(DomainError::Conflict("role"));
        }
        diesel::update(roles::table.find(id))
            .set(roles::name.eq(name))
            .execute(conn)
            .map_err(|e| unique_as_conflict(e, "role"))?;
        let details = Details::Renamed {
            from: old.name.clone(),
            to: name.to_owned(),
        };
        record(
            conn,
            now,
            actor,
            org_id,
            AuditAction::RoleRenamed,
            Subject::Role(id),
            details,
        )?;
        Ok(())
    })
}

/// Deletes a role of the organisation: its members lose it (those left with none are back to
/// restricted access), open invitations no longer offer it, and those sent by someone (not an
/// admin) for whom it was the only role are withdrawn. Returns what it reached, `withdrawn`
/// being how many open invitations it withdrew (expired ones of the same senders are revoked
/// too, not counted).
pub fn delete(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    id: RoleId,
) -> DomainResult<RoleLine> {
    crate::db::write_tx(conn, |conn| {
        let mut role = get(conn, org_id, id, now)?.ok_or(DomainError::NotFound)?;
        let losing_last = holders_with_only(conn, id)?;
        diesel::delete(member_roles::table.filter(member_roles::role_id.eq(id))).execute(conn)?;
        let mut withdrawn = 0;
        for account in losing_last {
            withdrawn +=
                revoke_from_inviter(conn, now, actor, Some(org_id), account, LostRight::NoRole)?;
        }
        role.withdrawn = i64::try_from(withdrawn).unwrap_or(i64::MAX);
        diesel::delete(invitation_roles::table.filter(invitation_roles::role_id.eq(id)))
            .execute(conn)?;
        diesel::delete(roles::table.find(id)).execute(conn)?;
        let details = Details::Deleted {
            name: role.name.clone(),
            members: role.members,
            open_invitations: role.open_invitations,
        };
        record(
            conn,
            now,
            actor,
            org_id,
            AuditAction::RoleDeleted,
            Subject::Role(id),
            details,
        )?;
        Ok(role)
    })
}

/// The roles a member holds.
pub fn member_role_ids(conn: &mut DbConnection, member_id: MemberId) -> QueryResult<Vec<RoleId>> {
    member_roles::table
        .filter(member_roles::member_id.eq(member_id))
        .select(member_roles::role_id)
        .order(member_roles::role_id.asc())
        .load(conn)
}

/// A change of roles as the audit trail keeps it, by the roles' names at the time (ids would
/// mean nothing once a role is renamed or deleted), each list in the order people read it.
fn roles_change(names: &[(RoleId, String)], before: &[RoleId], after: &[RoleId]) -> Details {
    let list = |ids: &[RoleId]| {
        let mut shown: Vec<String> = names
            .iter()
            .filter(|(id, _)| ids.contains(id))
            .map(|(_, name)| name.clone())
            .collect();
        shown.sort_by_key(|n| n.to_lowercase());
        shown
    };
    Details::Roles {
        before: list(before),
        after: list(after),
    }
}

/// What saving a member's roles did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolesSaved {
    Unchanged,
    Changed,
    /// An active member without roles was given one: restricted access lifted, e-mail queued.
    AccessGranted,
}

/// Whether every role of `ids` (repeats allowed) is one of the organisation's.
pub fn all_of_org(conn: &mut DbConnection, org_id: OrgId, ids: &[RoleId]) -> QueryResult<bool> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(true);
    }
    let known: i64 = roles::table
        .filter(roles::org_id.eq(org_id))
        .filter(roles::id.eq_any(&ids))
        .count()
        .get_result(conn)?;
    Ok(known == ids.len() as i64)
}

/// Replaces the roles of a member of the organisation (call inside a write transaction; the
/// member already checked to be of `org_id`). A role id that is not of this organisation is not
/// found and nothing is written (the caller's transaction rolls back).
pub fn set_member_roles_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    member: &crate::db::models::Member,
    wanted: &[RoleId],
) -> DomainResult<RolesSaved> {
    let mut wanted = wanted.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if !all_of_org(conn, org_id, &wanted)? {
        return Err(DomainError::NotFound);
    }
    let before = member_role_ids(conn, member.id)?;
    if before == wanted {
        return Ok(RolesSaved::Unchanged);
    }
    diesel::delete(member_roles::table.filter(member_roles::member_id.eq(member.id)))
        .execute(conn)?;
    for role_id in &wanted {
        diesel::insert_into(member_roles::table)
            .values((
                member_roles::member_id.eq(member.id),
                member_roles::role_id.eq(*role_id),
            ))
            .execute(conn)?;
    }
    let details = roles_change(&names(conn, org_id)?, &before, &wanted);
    record(
        conn,
        now,
        actor,
        org_id,
        AuditAction::MemberRolesChanged,
        Subject::Member(member.id),
        details,
    )?;
    let granted = before.is_empty()
        && !wanted.is_empty()
        && !member.is_admin
        && member.invite_status == MemberStatus::Active
        && member.account_id.is_some();
    if granted {
        jobs::enqueue(
            conn,
            now,
            &Job::AccessGranted {
                member_id: member.id,
                granted_at: now.assume_utc().unix_timestamp(),
            },
        )?;
        return Ok(RolesSaved::AccessGranted);
    }
    // The last role taken from a member who is not an admin: restricted access, and with it
    // the right to invite; what they sent and is still open is revoked. One role of several
    // taken: what they sent offering it is.
    if let (false, Some(account)) = (member.is_admin, member.account_id) {
        if wanted.is_empty() {
            revoke_from_inviter(conn, now, actor, Some(org_id), account, LostRight::NoRole)?;
        } else if before.iter().any(|r| !wanted.contains(r)) {
            revoke_beyond_roles(
                conn,
                now,
                actor,
                org_id,
                account,
                &wanted,
                LostRight::RoleTaken,
            )?;
        }
    }
    Ok(RolesSaved::Changed)
}
