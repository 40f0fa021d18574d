//! The terms a card not yet in the organisation is invited on — roles and department — and its
//! card: one truth. An invitation carries its terms (its page and message name the roles;
//! acceptance grants them, a resend without new terms repeats the last invitation's); an
//! admin's later edit of the card must be the last word on them. The card's page shows what the
//! person will get (the card's own roles and department joined with its invitation's), and
//! saving it writes the same onto every invitation that can still be accepted or resent — so
//! neither acceptance nor a resend brings back a role or department the admin took away.

use super::history::{latest_unaccepted, previous_terms};
use crate::db::enums::InvitationStatus;
use crate::db::ids::{DepartmentId, InvitationId, MemberId, RoleId};
use crate::db::models::Member;
use crate::db::schema::{invitation_roles, invitations, member_roles};
use crate::db::DbConnection;
use diesel::prelude::*;

/// The roles and department the card's page shows: an active member's as stored; a card not
/// yet in the organisation's own joined with those of its latest invitation (the invitation's
/// department first, as acceptance applies it).
pub fn card_terms(
    conn: &mut DbConnection,
    card: &Member,
) -> QueryResult<(Vec<RoleId>, Option<DepartmentId>)> {
    let mut roles: Vec<RoleId> = member_roles::table
        .filter(member_roles::member_id.eq(card.id))
        .select(member_roles::role_id)
        .load(conn)?;
    let mut department = card.department_id;
    if card.account_id.is_none() {
        if let Some((offered, offered_department, ..)) = previous_terms(conn, card.id)? {
            roles.extend(offered);
            department = offered_department.or(department);
        }
    }
    roles.sort_unstable();
    roles.dedup();
    Ok((roles, department))
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
