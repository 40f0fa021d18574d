//! The terms a card not yet in the organisation is invited on — roles and department — and its
//! card: one truth. An invitation carries its terms (its page and message name the roles;
//! acceptance grants them, a resend without new terms repeats the last invitation's); an
//! admin's later edit of the card must be the last word on them. The card's page shows what the
//! person will get (the card's own roles and department joined with its invitation's), and
//! saving it writes the same onto every invitation that can still be accepted or resent — so
//! neither acceptance nor a resend brings back a role or department the admin took away.

use super::history::latest_unaccepted;
use crate::db::enums::InvitationStatus;
use crate::db::ids::{DepartmentId, InvitationId, MemberId, RoleId};
use crate::db::models::Member;
use crate::db::schema::{invitation_roles, invitations, member_roles};
use crate::db::DbConnection;
use diesel::prelude::*;
use std::collections::HashMap;
use time::PrimitiveDateTime;

/// The roles and department the card's page shows: an active member's as stored; a card not
/// yet in the organisation's own joined with those of its latest invitation (the invitation's
/// department first, as acceptance applies it).
pub fn card_terms(conn: &mut DbConnection, card: &Member) -> QueryResult<CardTerms> {
    let roles: Vec<RoleId> = member_roles::table
        .filter(member_roles::member_id.eq(card.id))
        .select(member_roles::role_id)
        .load(conn)?;
    let offered = match card.account_id {
        None => offered_terms(conn, &[card.id])?.remove(&card.id),
        Some(_) => None,
    };
    Ok(joined_terms((roles, card.department_id), offered))
}

/// A card's own roles and department joined with those its latest invitation offers (the
/// invitation's department first, as acceptance applies it), roles sorted once each.
pub fn joined_terms(own: CardTerms, offered: Option<CardTerms>) -> CardTerms {
    let (mut roles, mut department) = own;
    if let Some((more, offered_department)) = offered {
        roles.extend(more);
        department = offered_department.or(department);
    }
    roles.sort_unstable();
    roles.dedup();
    (roles, department)
}

/// Roles and a department a card is shown, exported and invited with.
pub type CardTerms = (Vec<RoleId>, Option<DepartmentId>);

/// For each of `cards` (cards not yet in the organisation), the roles and department its
/// latest invitation offers, when that one was not accepted: what [`card_terms`] joins with
/// the card's own — for a page of cards in two statements (the users export).
pub fn offered_terms(
    conn: &mut DbConnection,
    cards: &[MemberId],
) -> QueryResult<HashMap<MemberId, CardTerms>> {
    type Latest = (
        PrimitiveDateTime,
        InvitationId,
        InvitationStatus,
        Option<DepartmentId>,
    );
    let mut latest: HashMap<MemberId, Latest> = HashMap::new();
    for part in cards.chunks(crate::db::ROWS_PER_STATEMENT) {
        let rows: Vec<(MemberId, Latest)> = invitations::table
            .filter(invitations::member_id.eq_any(part))
            .select((
                invitations::member_id,
                (
                    invitations::created_at,
                    invitations::id,
                    invitations::status,
                    invitations::department_id,
                ),
            ))
            .load(conn)?;
        for (card, row) in rows {
            let newer = latest
                .get(&card)
                .is_none_or(|l| (row.0, row.1) > (l.0, l.1));
            if newer {
                latest.insert(card, row);
            }
        }
    }
    latest.retain(|_, l| l.2 != InvitationStatus::Accepted);
    let ids: Vec<InvitationId> = latest.values().map(|l| l.1).collect();
    let mut roles: HashMap<InvitationId, Vec<RoleId>> = HashMap::new();
    for part in ids.chunks(crate::db::ROWS_PER_STATEMENT) {
        let pairs: Vec<(InvitationId, RoleId)> = invitation_roles::table
            .filter(invitation_roles::invitation_id.eq_any(part))
            .select((invitation_roles::invitation_id, invitation_roles::role_id))
            .load(conn)?;
        for (invitation, role) in pairs {
            roles.entry(invitation).or_default().push(role);
        }
    }
    Ok(latest
        .into_iter()
        .map(|(card, l)| (card, (roles.remove(&l.1).unwrap_or_default(), l.3)))
        .collect())
}

/// After an admin saved the card of someone not yet in the organisation (inside the saving
/// transaction): its open invitations and its latest one offer the saved roles and department.
pub fn follow_card(
    conn: &mut DbConnection,
    member_id: MemberId,
    roles: &[RoleId],
    department: Option<DepartmentId>,
) -> QueryResult<()> {
    let mut ids: Vec<InvitationId> = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .select(invitations::id)
        .load(conn)?;
    ids.extend(latest_unaccepted(conn, member_id)?.map(|i| i.id));
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(invitations::table.filter(invitations::id.eq_any(&ids)))
        .set(invitations::department_id.eq(department))
        .execute(conn)?;
    diesel::delete(invitation_roles::table.filter(invitation_roles::invitation_id.eq_any(&ids)))
        .execute(conn)?;
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<_> = ids
        .iter()
        .flat_map(|i| {
            roles.iter().map(move |r| {
                (
                    invitation_roles::invitation_id.eq(*i),
                    invitation_roles::role_id.eq(*r),
                )
            })
        })
        .collect();
    for part in rows.chunks(crate::db::ROWS_PER_STATEMENT) {
        let insert = diesel::insert_into(invitation_roles::table).values(part);
        crate::on_backend!(&mut *conn, |c| insert.execute(c))?;
    }
    Ok(())
}
