//! An admin deletes a card that never became a member — a mistyped address, a duplicate, a
//! person who will not be invited after all (none of its invitations was ever accepted). Its
//! invitations go with it (their links stop working at once; a message still queued is not
//! sent) and its roles; an import's rows that named it keep their text. A member's card is not
//! deleted: the membership is ended first (`leaving::remove`), which keeps the card as the
//! organisation's record of the person — nor is a former member's. The audit trail keeps the
//! card's name and contact as they were.

use crate::db::enums::{AuditAction, InvitationStatus, MemberStatus};
use crate::db::ids::{MemberId, OrgId};
use crate::db::models::Member;
use crate::db::schema::{invitations, members};
use crate::db::{write_tx, DbConnection};
use crate::domain::{audit, invitations as inv, orgs, Actor, DomainError, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Deletes the card `member_id` of `org_id` with its invitations; its name as the trail keeps
/// it. `NotFound` for another organisation's card or an unknown id; `Forbidden` when the actor
/// is no longer the organisation's admin; `Conflict("member")` for an active member's card.
pub fn delete(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    member_id: MemberId,
) -> DomainResult<String> {
    write_tx(conn, |conn| {
        // As an acceptance, a removal or an invitation of the organisation takes it.
        inv::lock_org(conn, org_id)?;
        let card = super::get_in_org(conn, org_id, member_id)?.ok_or(DomainError::NotFound)?;
        if !orgs::active_member(conn, org_id, actor.account_id)?.is_some_and(|m| m.is_admin) {
            return Err(DomainError::Forbidden);
        }
        if is_member(&card) {
            return Err(DomainError::Conflict("member"));
        }
        let (invitations, _, accepted) = invitation_counts(conn, card.id)?;
        // A former member's card is the organisation's record of them (`leaving`): it stays.
        if accepted > 0 {
            return Err(DomainError::Conflict("former_member"));
        }
        // Those of today keep counting against their inviters' daily limits.
        inv::deleted_sends::keep(conn, now, card.id)?;
        // The invitations, their roles and the card's roles go by the keys' cascades.
        diesel::delete(members::table.find(card.id)).execute(conn)?;
        let name = trail_name(&card);
        audit::record(
            conn,
            now,
            audit::Event {
                org_id: Some(org_id),
                actor_account_id: Some(actor.account_id),
                action: AuditAction::MemberDeleted,
                subject: audit::Subject::Member(card.id),
                details: audit::Details::CardDeleted {
                    name: name.clone(),
                    invitations,
                },
                request_id: &actor.request_id,
            },
        )?;
        Ok(name)
    })
}

/// What deleting would take, for the confirmation page.
#[derive(Debug, Clone)]
pub struct Deletion {
    pub card: Member,
    /// Its invitations, and how many of them are open (their links would stop working).
    pub invitations: i64,
    pub open: i64,
    /// It is, or was, a member: it cannot be deleted.
    pub member: bool,
    pub former_member: bool,
}

/// What deleting the card would take; `None`: not this organisation's card.
pub fn preview(
    conn: &mut DbConnection,
    org_id: OrgId,
    member_id: MemberId,
) -> QueryResult<Option<Deletion>> {
    let Some(card) = super::get_in_org(conn, org_id, member_id)? else {
        return Ok(None);
    };
    let (invitations, open, accepted) = invitation_counts(conn, card.id)?;
    let member = is_member(&card);
    Ok(Some(Deletion {
        card,
        invitations,
        open,
        member,
        former_member: !member && accepted > 0,
    }))
}

/// The card's invitations: all, those still open (queued or sent, not yet accepted), and
/// those accepted (it was a member).
fn invitation_counts(conn: &mut DbConnection, member_id: MemberId) -> QueryResult<(i64, i64, i64)> {
    let statuses: Vec<InvitationStatus> = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .select(invitations::status)
        .load(conn)?;
    let count = |f: &dyn Fn(&InvitationStatus) -> bool| statuses.iter().filter(|s| f(s)).count();
    let open = count(&|s| InvitationStatus::OPEN.contains(s));
    let accepted = count(&|s| *s == InvitationStatus::Accepted);
    Ok((statuses.len() as i64, open as i64, accepted as i64))
}

/// The card is a member's: active, or bound to an account (accepted meanwhile).
fn is_member(card: &Member) -> bool {
    card.invite_status == MemberStatus::Active || card.account_id.is_some()
}

/// The card as the trail names it once it is gone: its name with its contact, or the contact.
fn trail_name(card: &Member) -> String {
    let contact = card.contact();
    let name = crate::domain::contact::full_name(&card.first_name, &card.last_name);
    match (name.is_empty(), contact.is_empty()) {
        (true, _) => contact.to_owned(),
        (false, true) => name,
        (false, false) => format!("{name} ({contact})"),
    }
}
