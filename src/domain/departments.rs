//! An organisation's departments: listed, created, renamed and deleted (with what a deletion
//! reaches counted first).

use super::audit::{self, Details, Event, Subject};
use super::{unique_as_conflict, Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, MemberStatus};
use crate::db::ids::{DepartmentId, OrgId};
use crate::db::schema::{departments, invitations, members};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub fn names(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<Vec<(DepartmentId, String)>> {
    let mut out: Vec<(DepartmentId, String)> = departments::table
        .filter(departments::org_id.eq(org_id))
        .select((departments::id, departments::name))
        .load(conn)?;
    // As a person reads a list: without case ("ab" before "Worker"; the database's order put
    // every capital first), ё as е.
    out.sort_by_cached_key(|(id, name)| (crate::domain::members::folded(name), *id));
    Ok(out)
}

/// The organisation's departments as [`names`] lists them, each with its number of cards (every
/// status: what the users table shows filtered by it), counted in one statement.
pub fn with_card_counts(
    conn: &mut DbConnection,
    org_id: OrgId,
) -> QueryResult<Vec<(DepartmentId, String, i64)>> {
    let counts: std::collections::HashMap<DepartmentId, i64> = members::table
        .filter(members::org_id.eq(org_id))
        .filter(members::department_id.is_not_null())
        .group_by(members::department_id)
        .select((
            members::department_id.assume_not_null(),
            diesel::dsl::count_star(),
        ))
        .load::<(DepartmentId, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(names(conn, org_id)?
        .into_iter()
        .map(|(id, name)| {
            let cards = counts.get(&id).copied().unwrap_or(0);
            (id, name, cards)
        })
        .collect())
}

pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    name: &str,
) -> DomainResult<DepartmentId> {
    crate::db::write_tx(conn, |conn| create_in_tx(conn, now, actor, org_id, name))
}

/// [`create`] inside the caller's write transaction (an import creating the departments its
/// rows name).
pub fn create_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    name: &str,
) -> DomainResult<DepartmentId> {
    // A name of nothing visible, or longer than a name may be, is never written (the form and
    // the import clean and check the name before; this is the last guard).
    let cleaned = super::contact::clean_text(name);
    if cleaned.is_empty() || name.chars().count() > super::contact::MAX_NAME_CHARS {
        return Err(DomainError::Conflict("department name"));
    }
    // Names differ by more than case (renaming already refuses "sales" beside "Sales"; the
    // import matches department names without case).
    if name_taken(conn, org_id, name, None)? {
        return Err(DomainError::Conflict("department"));
    }
    let id = diesel::insert_into(departments::table)
        .values(crate::db::models::NewDepartment {
            org_id,
            name,
            created_at: now,
        })
        .returning(departments::id)
        .get_result(conn)
        .map_err(|e| unique_as_conflict(e, "department"))?;
    record(
        conn,
        now,
        actor,
        org_id,
        AuditAction::DepartmentCreated,
        id,
        Details::Named {
            name: name.to_owned(),
        },
    )?;
    Ok(id)
}

/// A department and what it reaches: the members in it, the other cards in it and the open
/// invitations that would place their invitee in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentLine {
    pub id: DepartmentId,
    pub name: String,
    /// Active members in it.
    pub members: i64,
    /// Cards in it of people who are not members (never invited, invited, or gone).
    pub other_cards: i64,
    /// Open invitations placing their invitee in it, as the invitations list shows them
    /// (queued, or pending and not expired).
    pub open_invitations: i64,
}

/// One department of the organisation with its counts at `now`; a foreign id is not found.
pub fn get(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: DepartmentId,
    now: PrimitiveDateTime,
) -> QueryResult<Option<DepartmentLine>> {
    let name: Option<String> = departments::table
        .filter(departments::org_id.eq(org_id))
        .filter(departments::id.eq(id))
        .select(departments::name)
        .first(conn)
        .optional()?;
    let Some(name) = name else { return Ok(None) };
    let cards = || {
        members::table
            .filter(members::org_id.eq(org_id))
            .filter(members::department_id.eq(id))
    };
    let members = cards()
        .filter(members::invite_status.eq(MemberStatus::Active))
        .count()
        .get_result(conn)?;
    let other_cards = cards()
        .filter(members::invite_status.ne(MemberStatus::Active))
        .count()
        .get_result(conn)?;
    // Acceptance places the invitee in the invitation's department, else in the card's (an
    // invitation sent from the new-card form or the users table carries none of its own).
    let open_invitations = invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(
            invitations::department_id
                .eq(id)
                .or(invitations::department_id
                    .is_null()
                    .and(invitations::member_id.eq_any(cards().select(members::id)))),
        )
        .filter(super::invitations::open_at(now))
        .count()
        .get_result(conn)?;
    Ok(Some(DepartmentLine {
        id,
        name,
        members,
        other_cards,
        open_invitations,
    }))
}

fn name_taken(
    conn: &mut DbConnection,
    org_id: OrgId,
    name: &str,
    except: impl Into<Option<DepartmentId>>,
) -> QueryResult<bool> {
    let (wanted, except) = (super::members::folded(name), except.into());
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
    id: DepartmentId,
    details: Details,
) -> QueryResult<()> {
    audit::record(
        conn,
        now,
        Event {
            org_id: Some(org_id),
            actor_account_id: Some(actor.account_id),
            action,
            subject: Subject::Department(id),
            details,
            request_id: &actor.request_id,
        },
    )
}

/// Renames a department of the organisation; a name in use (without case) by another is a
/// conflict, the name it already has changes nothing (and is not audited).
pub fn rename(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    id: DepartmentId,
    name: &str,
) -> DomainResult<()> {
    crate::db::write_tx(conn, |conn| {
        let old = get(conn, org_id, id, now)?.ok_or(DomainError::NotFound)?;
        if old.name == name {
            // Nothing changes: nothing to write or to audit.
            return Ok(());
        }
        if name_taken(conn, org_id, name, id)? {
            return Err(DomainError::Conflict("department"));
        }
        diesel::update(departments::table.find(id))
            .set(departments::name.eq(name))
            .execute(conn)
            .map_err(|e| unique_as_conflict(e, "department"))?;
        let details = Details::Renamed {
            from: old.name.clone(),
            to: name.to_owned(),
        };
        record(
            conn,
            now,
            actor,
            org_id,
            AuditAction::DepartmentRenamed,
            id,
            details,
        )?;
        Ok(())
    })
}

/// Deletes a department: its members keep their cards with no department, open invitations
/// no longer place anyone in it. Returns what it reached.
pub fn delete(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    id: DepartmentId,
) -> DomainResult<DepartmentLine> {
    crate::db::write_tx(conn, |conn| {
        let dep = get(conn, org_id, id, now)?.ok_or(DomainError::NotFound)?;
        // Scoped to the organisation (a department is only ever its own cards'), so that its
        // indexes find them: unscoped, each statement read every card of every organisation
        // (1,000,000 cards: 0.51 s against 0.01 s). The foreign key's own `SET NULL` still
        // reads them once (~0.1 s): no index leads with the department.
        diesel::update(
            members::table
                .filter(members::org_id.eq(org_id))
                .filter(members::department_id.eq(id)),
        )
        .set(members::department_id.eq(None::<DepartmentId>))
        .execute(conn)?;
        diesel::update(
            invitations::table
                .filter(invitations::org_id.eq(org_id))
                .filter(invitations::department_id.eq(id)),
        )
        .set(invitations::department_id.eq(None::<DepartmentId>))
        .execute(conn)?;
        diesel::delete(departments::table.find(id)).execute(conn)?;
        let details = Details::Deleted {
            name: dep.name.clone(),
            members: dep.members,
            open_invitations: dep.open_invitations,
        };
        record(
            conn,
            now,
            actor,
            org_id,
            AuditAction::DepartmentDeleted,
            id,
            details,
        )?;
        Ok(dep)
    })
}
