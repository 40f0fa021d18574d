//! What sending the invite form would do for each recipient, read without writing anything:
//! the preview's lines say "already a member", "already invited" or "invited by someone else"
//! where sending would, instead of promising an invitation ([`super::invite_by_contact`] takes
//! the same first steps).

use super::by_contact::{found, open_from_others, Found};
use super::{ContactResult, Wanted};
use crate::db::ids::{MemberId, OrgId};
use crate::db::DbConnection;
use crate::domain::{Actor, DomainError, DomainResult};

/// Per recipient, in order: what sending would settle without inviting, or None where it
/// would invite (the limits and the policy still decide then).
pub fn foresee(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: OrgId,
    wanted: &[Wanted],
    resend: bool,
) -> DomainResult<Vec<Option<ContactResult>>> {
    let org = crate::domain::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
    let mut results = Vec::with_capacity(wanted.len());
    let mut cards: Vec<(usize, MemberId)> = Vec::new();
    for (i, w) in wanted.iter().enumerate() {
        results.push(match found(conn, org.id, &w.recipient, resend)? {
            Found::Settled(result) => Some(result),
            Found::Card { id, .. } => {
                cards.push((i, id));
                None
            }
            Found::New => None,
        });
    }
    let ids: Vec<MemberId> = cards.iter().map(|(_, id)| *id).collect();
    let others = open_from_others(conn, &org, actor, &ids)?;
    for (i, id) in cards {
        if others.contains(&id) {
            results[i] = Some(ContactResult::InvitedByAnother);
        }
    }
    Ok(results)
}
