//! Ending a membership: a member leaves an organisation (docs/PRODUCT.md §2.13, seed 004), or an
//! admin removes one. Both go through [`end_membership`], inside one write transaction that
//! first takes the organisation's lock, so two admins leaving at once cannot leave it with none.
//!
//! The card stays; the membership ends. The card (`members` row) is the organisation's record of
//! the person — name, contact, kind, position — and the subject of its invitations' history and
//! of its audit events, so it is not deleted (deleting would cascade the invitations away and
//! leave the audit trail pointing at nothing). Instead it is detached from the account
//! (`account_id` NULL, so the unique (org, account) pair is free again), loses admin rights,
//! roles and department, and goes back to *not invited*: the users table has no "left" filter
//! to learn, the seat it held is free at once (`member_counts` is kept by triggers on the
//! status), and an admin can invite the same person again through the ordinary invitation path,
//! which binds the same account on acceptance. The departure itself is in the audit trail
//! (`member.left` / `member.removed`, with the account that left).
//!
//! Access ends at once on every session: the current organisation is re-checked against an
//! active member on every request (`web::page`), and this card is no longer one.

use super::invitations::{self, LostRight};
use super::jobs::{self, Job};
use super::{audit, orgs, Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, MemberStatus, Problem};
use crate::db::ids::{AccountId, DepartmentId, MemberId, OrgId};
use crate::db::models::{Member, Organisation};
use crate::db::schema::{departments, invitations as inv, member_roles, members, roles};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// What ending a membership takes away, for the confirmation pages.
#[derive(Debug, Clone)]
pub struct Membership {
    pub org: Organisation,
    pub member: Member,
    pub role_names: Vec<String>,
    pub department: Option<String>,
    /// Open invitations this member sent in the organisation, as the invitations list shows
    /// them (revoked when it ends, with any expired ones).
    pub open_sent: i64,
    /// The member is the organisation's only active admin: it cannot end.
    pub last_admin: bool,
}

/// The caller's own membership of `org_id` (`None` when they are not an active member of it).
pub fn own(
    conn: &mut DbConnection,
    account_id: AccountId,
    org_id: OrgId,
    now: PrimitiveDateTime,
) -> QueryResult<Option<Membership>> {
    match orgs::active_member(conn, org_id, account_id)? {
        Some(member) => describe(conn, member, now).map(Some),
        None => Ok(None),
    }
}

/// A card of `org_id` (`None` for another organisation's or an unknown id).
pub fn of_card(
    conn: &mut DbConnection,
    org_id: OrgId,
    member_id: MemberId,
    now: PrimitiveDateTime,
) -> QueryResult<Option<Membership>> {
    match super::members::get_in_org(conn, org_id, member_id)? {
        Some(member) => describe(conn, member, now).map(Some),
        None => Ok(None),
    }
}

fn describe(
    conn: &mut DbConnection,
    member: Member,
    now: PrimitiveDateTime,
) -> QueryResult<Membership> {
    let org = orgs::get(conn, member.org_id)?.ok_or(diesel::result::Error::NotFound)?;
    let role_names: Vec<String> = member_roles::table
        .inner_join(roles::table)
        .filter(member_roles::member_id.eq(member.id))
        .order(roles::name.asc())
        .select(roles::name)
        .load(conn)?;
    let department = match member.department_id {
        Some(id) => department_name(conn, id)?,
        None => None,
    };
    let open_sent = match member.account_id {
        Some(account) => inv::table
            .filter(inv::org_id.eq(member.org_id))
            .filter(inv::inviter_account_id.eq(account))
            .filter(invitations::open_at(now))
            .count()
            .get_result(conn)?,
        None => 0,
    };
    let last_admin = member.is_admin && other_admins(conn, member.org_id, member.id)?.is_empty();
    Ok(Membership {
        org,
        member,
        role_names,
        department,
        open_sent,
        last_admin,
    })
}

fn department_name(conn: &mut DbConnection, id: DepartmentId) -> QueryResult<Option<String>> {
    departments::table
        .find(id)
        .select(departments::name)
        .first(conn)
        .optional()
}

/// The organisation's active admins other than `member_id`.
pub(crate) fn other_admins(
    conn: &mut DbConnection,
    org_id: OrgId,
    member_id: MemberId,
) -> QueryResult<Vec<MemberId>> {
    members::table
        .filter(members::org_id.eq(org_id))
        .filter(members::is_admin.eq(true))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .filter(members::id.ne(member_id))
        .order(members::id.asc())
        .select(members::id)
        .load(conn)
}

/// The actor leaves `org_id`: the membership ends, the departure is audited and each remaining
/// admin gets an e-mail. `NotFound` when the actor is not an active member of it;
/// `Conflict("last_admin")` when they are its only admin.
pub fn leave(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
) -> DomainResult<Organisation> {
    write_tx(conn, |conn| {
        invitations::lock_org(conn, org_id)?;
        let member =
            orgs::active_member(conn, org_id, actor.account_id)?.ok_or(DomainError::NotFound)?;
        let admins = other_admins(conn, org_id, member.id)?;
        if member.is_admin && admins.is_empty() {
            return Err(DomainError::Conflict("last_admin"));
        }
        end_membership(conn, now, actor, &member, LostRight::LeftOrg)?;
        record(conn, now, actor, &member, AuditAction::MemberLeft)?;
        let left_at = now.assume_utc().unix_timestamp();
        for admin_id in admins {
            jobs::enqueue(
                conn,
                now,
                &Job::MemberLeft {
                    member_id: member.id,
                    admin_id,
                    left_at,
                },
            )?;
        }
        orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)
    })
}

/// An admin removes a member of their organisation. `NotFound` for a card of another
/// organisation; `Forbidden` when the actor is no longer its admin; `Conflict` with
/// `"not_member"` (the card is not an active member), `"self"` (admins leave instead) or
/// `"last_admin"`.
pub fn remove(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    member_id: MemberId,
) -> DomainResult<Member> {
    write_tx(conn, |conn| {
        invitations::lock_org(conn, org_id)?;
        let member =
            super::members::get_in_org(conn, org_id, member_id)?.ok_or(DomainError::NotFound)?;
        if !orgs::active_member(conn, org_id, actor.account_id)?.is_some_and(|m| m.is_admin) {
            return Err(DomainError::Forbidden);
        }
        if member.invite_status != MemberStatus::Active {
            return Err(DomainError::Conflict("not_member"));
        }
        if member.account_id == Some(actor.account_id) {
            return Err(DomainError::Conflict("self"));
        }
        if member.is_admin && other_admins(conn, org_id, member.id)?.is_empty() {
            return Err(DomainError::Conflict("last_admin"));
        }
        end_membership(conn, now, actor, &member, LostRight::RemovedFromOrg)?;
        record(conn, now, actor, &member, AuditAction::MemberRemoved)?;
        Ok(member)
    })
}

fn record(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    member: &Member,
    action: AuditAction,
) -> QueryResult<()> {
    audit::record(
        conn,
        now,
        audit::Event {
            org_id: Some(member.org_id),
            actor_account_id: Some(actor.account_id),
            action,
            subject: audit::Subject::Member(member.id),
            details: member.account_id.map_or(audit::Details::None, |account| {
                audit::Details::Account { account }
            }),
            request_id: &actor.request_id,
        },
    )
}

/// Ends an active membership (call inside the caller's write transaction, organisation locked):
/// its roles go, open invitations to the card and those the member sent in this organisation
/// are revoked, and the card is detached from the account and back to "not invited".
fn end_membership(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    member: &Member,
    why: LostRight,
) -> QueryResult<()> {
    diesel::delete(member_roles::table.filter(member_roles::member_id.eq(member.id)))
        .execute(conn)?;
    invitations::revoke_open_for_member(conn, now, member.id)?;
    if let Some(account) = member.account_id {
        invitations::revoke_from_inviter(conn, now, actor, Some(member.org_id), account, why)?;
    }
    diesel::update(members::table.find(member.id))
        .set((
            members::account_id.eq(None::<AccountId>),
            members::is_admin.eq(false),
            members::department_id.eq(None::<DepartmentId>),
            members::invite_status.eq(MemberStatus::NotInvited),
            members::invite_error.eq(None::<Problem>),
            members::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
