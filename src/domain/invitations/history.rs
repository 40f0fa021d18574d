//! A card's earlier invitations, as the policy reads them before inviting it again: whether
//! it has any at all (asked once for a whole set), and the terms of its latest one.

use crate::db::enums::{InvitationStatus, Language};
use crate::db::ids::{DepartmentId, InvitationId, MemberId, RoleId};
use crate::db::models::Invitation;
use crate::db::schema::{invitation_roles, invitations};
use crate::db::DbConnection;
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

/// Which of `cards` have any invitation at all.
pub(super) fn ever_invited(
    conn: &mut DbConnection,
    cards: &[MemberId],
) -> QueryResult<HashSet<MemberId>> {
    let mut found = HashSet::new();
    for part in cards.chunks(crate::db::ROWS_PER_STATEMENT) {
        found.extend(
            invitations::table
                .filter(invitations::member_id.eq_any(part))
                .select(invitations::member_id)
                .distinct()
                .load::<MemberId>(conn)?,
        );
    }
    Ok(found)
}

/// The language of each card's latest invitation, for the cards among `cards` that have one:
/// the recipient's language as far as the organisation knows it.
pub(super) fn last_languages(
    conn: &mut DbConnection,
    cards: &HashSet<MemberId>,
) -> QueryResult<HashMap<MemberId, Language>> {
    let cards: Vec<MemberId> = cards.iter().copied().collect();
    let mut latest: HashMap<MemberId, (InvitationId, String)> = HashMap::new();
    for part in cards.chunks(crate::db::ROWS_PER_STATEMENT) {
        let rows: Vec<(MemberId, InvitationId, String)> = invitations::table
            .filter(invitations::member_id.eq_any(part))
            .select((invitations::member_id, invitations::id, invitations::locale))
            .load(conn)?;
        for (member, id, locale) in rows {
            if latest.get(&member).is_none_or(|(seen, _)| *seen < id) {
                latest.insert(member, (id, locale));
            }
        }
    }
    Ok(latest
        .into_iter()
        .filter_map(|(member, (_, locale))| Some((member, Language::parse(&locale)?)))
        .collect())
}

pub(super) type Terms = (Vec<RoleId>, Option<DepartmentId>, bool, String);

/// The card's latest invitation, whatever its status, unless it was accepted: the one whose
/// terms a re-invitation without new terms repeats. Terms are carried over only until one is
/// accepted: someone who accepted and then left (or was removed) starts again from what the
/// new invitation says.
pub(super) fn latest_unaccepted(
    conn: &mut DbConnection,
    member_id: MemberId,
) -> QueryResult<Option<Invitation>> {
    let last: Option<Invitation> = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?;
    Ok(last.filter(|l| l.status != InvitationStatus::Accepted))
}

/// Roles, department, admin grant and message of the card's [latest](latest_unaccepted)
/// invitation.
pub(super) fn previous_terms(
    conn: &mut DbConnection,
    member_id: MemberId,
) -> QueryResult<Option<Terms>> {
    let Some(last) = latest_unaccepted(conn, member_id)? else {
        return Ok(None);
    };
    let roles = invitation_roles::table
        .filter(invitation_roles::invitation_id.eq(&last.id))
        .select(invitation_roles::role_id)
        .load(conn)?;
    Ok(Some((
        roles,
        last.department_id,
        last.grant_admin,
        last.message,
    )))
}
