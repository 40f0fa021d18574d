//! What a role reaches, counted for its pages (the list, the rename page, the delete
//! confirmation) and for the audit trail of its deletion. A member is an active member: a card
//! never invited, or invited and not yet accepted, is counted apart. An open invitation is one
//! the invitations list shows under Queued or Pending ([`open_at`]): an expired one is not.

use super::names;
use crate::db::enums::MemberStatus;
use crate::db::ids::{AccountId, OrgId, RoleId};
use crate::db::schema::{invitation_roles, invitations, member_roles, members, roles};
use crate::db::DbConnection;
use crate::domain::invitations::open_at;
use diesel::prelude::*;
use time::PrimitiveDateTime;

type Db = <DbConnection as Connection>::Backend;

/// A role and what it reaches: the members holding it and the open invitations offering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleLine {
    pub id: RoleId,
    pub name: String,
    /// Active members holding it.
    pub members: i64,
    pub open_invitations: i64,
    /// Active members (not admins) for whom it is the only role: deleting it restricts their
    /// access.
    pub sole_holders: i64,
    /// Cards holding it of people who are not members (never invited, invited, or gone):
    /// deleting it takes it from their cards.
    pub other_cards: i64,
    /// Open invitations of the organisation sent by someone (not an admin) for whom it is the
    /// only role: deleting it takes their right to invite and withdraws these. After a
    /// deletion: how many it withdrew.
    pub withdrawn: i64,
    /// Of `open_invitations`, those among `withdrawn`.
    pub withdrawn_offering: i64,
}

/// Every role of the organisation with its counts at `now`, by name.
pub fn list(
    conn: &mut DbConnection,
    org_id: OrgId,
    now: PrimitiveDateTime,
) -> QueryResult<Vec<RoleLine>> {
    names(conn, org_id)?
        .into_iter()
        .map(|(id, name)| line(conn, org_id, id, name, now))
        .collect()
}

/// One role of the organisation with its counts at `now`; a foreign id is not found.
pub fn get(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: RoleId,
    now: PrimitiveDateTime,
) -> QueryResult<Option<RoleLine>> {
    let name: Option<String> = roles::table
        .filter(roles::org_id.eq(org_id))
        .filter(roles::id.eq(id))
        .select(roles::name)
        .first(conn)
        .optional()?;
    name.map(|name| line(conn, org_id, id, name, now))
        .transpose()
}

fn line(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: RoleId,
    name: String,
    now: PrimitiveDateTime,
) -> QueryResult<RoleLine> {
    let active = MemberStatus::Active;
    let holders = || {
        members::table
            .filter(
                members::id.eq_any(
                    member_roles::table
                        .filter(member_roles::role_id.eq(id))
                        .select(member_roles::member_id),
                ),
            )
            .into_boxed()
    };
    let offering = || {
        invitation_roles::table
            .filter(invitation_roles::role_id.eq(id))
            .select(invitation_roles::invitation_id)
    };
    let withdrawn = || {
        // The accounts of `holders_with_only`, as a subquery (a boxed one cannot be nested).
        let other = diesel::alias!(member_roles as other_roles);
        let held = || {
            member_roles::table
                .filter(member_roles::role_id.eq(id))
                .select(member_roles::member_id)
        };
        let with_another = other
            .filter(other.field(member_roles::role_id).ne(id))
            .filter(other.field(member_roles::member_id).eq_any(held()))
            .select(other.field(member_roles::member_id));
        let losing = members::table
            .filter(members::id.eq_any(held()))
            .filter(members::is_admin.eq(false))
            .filter(diesel::dsl::not(members::id.eq_any(with_another)))
            .filter(members::account_id.is_not_null())
            .select(members::account_id);
        invitations::table
            .filter(invitations::org_id.eq(org_id))
            .filter(open_at(now))
            .filter(invitations::inviter_account_id.eq_any(losing))
            .into_boxed()
    };
    let members = holders()
        .filter(members::invite_status.eq(active))
        .count()
        .get_result(conn)?;
    let other_cards = holders()
        .filter(members::invite_status.ne(active))
        .count()
        .get_result(conn)?;
    let open_invitations = invitations::table
        .filter(invitations::id.eq_any(offering()))
        .filter(open_at(now))
        .count()
        .get_result(conn)?;
    let sole_holders = sole_holders(id)
        .filter(members::invite_status.eq(active))
        .count()
        .get_result(conn)?;
    let withdrawn_offering = withdrawn()
        .filter(invitations::id.eq_any(offering()))
        .count()
        .get_result(conn)?;
    let withdrawn = withdrawn().count().get_result(conn)?;
    Ok(RoleLine {
        id,
        name,
        members,
        open_invitations,
        sole_holders,
        other_cards,
        withdrawn,
        withdrawn_offering,
    })
}

/// The cards, admins aside, whose only role is `id`, whatever their status. Named by
/// subqueries, never value by value (a role may have more holders than a statement may bind
/// values).
fn sole_holders(id: RoleId) -> members::BoxedQuery<'static, Db> {
    let other = diesel::alias!(member_roles as other_roles);
    let holders = || {
        member_roles::table
            .filter(member_roles::role_id.eq(id))
            .select(member_roles::member_id)
    };
    let with_another = other
        .filter(other.field(member_roles::role_id).ne(id))
        .filter(other.field(member_roles::member_id).eq_any(holders()))
        .select(other.field(member_roles::member_id));
    members::table
        .filter(members::id.eq_any(holders()))
        .filter(members::is_admin.eq(false))
        .filter(diesel::dsl::not(members::id.eq_any(with_another)))
        .into_boxed()
}

/// Accounts of cards, not admins, for whom `role` is the only role: deleting it takes their
/// right to invite (what [`RoleLine::withdrawn`] counts).
pub(super) fn holders_with_only(
    conn: &mut DbConnection,
    role: RoleId,
) -> QueryResult<Vec<AccountId>> {
    sole_holders(role)
        .filter(members::account_id.is_not_null())
        .select(members::account_id.assume_not_null())
        .load(conn)
}
