//! Writing a card: created (with its roles, and its invitation when asked) or saved (with the
//! roles its member holds), each in one transaction that refuses the whole card when any of it
//! is wrong — a field, an address another card holds, a department or role the organisation no
//! longer has (another admin deleted it while the form was open).

use super::card::{check_card, get_in_org, insert, unchanged, update, CardProblems, ParsedCard};
use crate::db::enums::AuditAction;
use crate::db::ids::{MemberId, OrgId, RoleId};
use crate::db::models::Member;
use crate::db::DbConnection;
use crate::domain::{roles, DomainError};
use time::PrimitiveDateTime;

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("the card has problems")]
    Invalid(CardProblems),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<diesel::result::Error> for CardError {
    fn from(e: diesel::result::Error) -> Self {
        CardError::Domain(DomainError::Db(e))
    }
}

/// Creates a card and, when asked, queues its invitation — one transaction, so a refused
/// invitation (limits) leaves no card behind. The roles chosen go with the invitation (given
/// when it is accepted); without one they are the card's own, as a saved card's are.
pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &crate::domain::Actor,
    org: &crate::db::models::Organisation,
    card: ParsedCard,
    role_ids: &[RoleId],
    invite: Option<&crate::domain::invitations::InviteOptions>,
) -> Result<(MemberId, Option<crate::domain::invitations::InviteOutcome>), CardError> {
    let result = crate::db::write_tx(conn, |conn| {
        let problems = problems_of(conn, org.id, &card, role_ids, None)?;
        if !problems.is_empty() {
            return Err(CardError::Invalid(problems));
        }
        let id = insert(conn, now, org.id, &card.input)?;
        crate::domain::audit::record(
            conn,
            now,
            crate::domain::audit::Event {
                org_id: Some(org.id),
                actor_account_id: Some(actor.account_id),
                action: AuditAction::MemberCreated,
                subject: crate::domain::audit::Subject::Member(id),
                details: crate::domain::audit::Details::None,
                request_id: &actor.request_id,
            },
        )?;
        if invite.is_none() && !role_ids.is_empty() {
            let created = get_in_org(conn, org.id, id)?.ok_or(DomainError::NotFound)?;
            roles::set_member_roles_in_tx(conn, now, actor, org.id, &created, role_ids)?;
        }
        let outcome = match invite {
            Some(opts) => {
                if !crate::domain::invitations::may_invite(conn, org, actor, opts.grant_admin)? {
                    return Err(DomainError::Forbidden.into());
                }
                crate::domain::invitations::invite_in_tx(
                    conn,
                    now,
                    actor,
                    org,
                    std::slice::from_ref(&id),
                    opts,
                )?
                .pop()
            }
            None => None,
        };
        Ok((id, outcome))
    });
    if let Err(CardError::Domain(e)) = &result {
        crate::domain::invitations::record_refusal(conn, now, actor, org.id, e)?;
    }
    result
}

/// The card's problems ([`check_card`]) and a chosen role the organisation no longer has.
fn problems_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    card: &ParsedCard,
    role_ids: &[RoleId],
    editing: Option<MemberId>,
) -> Result<CardProblems, CardError> {
    let mut problems = check_card(conn, org_id, card, editing)?;
    if !roles::all_of_org(conn, org_id, role_ids)? {
        problems.roles = Some("invite-err-role-gone");
    }
    Ok(problems)
}

/// What saving a card did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardSaved {
    /// An open invitation was withdrawn (the contact changed).
    pub withdrawn: bool,
    pub roles: roles::RolesSaved,
    /// Anything at all: a card posted as it was is "nothing was changed", not "saved".
    pub changed: bool,
}

/// Saves an edited card and the roles its member holds, in one transaction: a role that is not
/// (or no longer) of this organisation is a problem of the card and nothing is saved. `edit` makes the card and its roles
/// from the card and roles as stored, read in this transaction — an edit that sends only some
/// fields is merged with what is there now, never with an earlier read.
pub fn save(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &crate::domain::Actor,
    org_id: OrgId,
    id: MemberId,
    edit: impl FnOnce(&Member, Vec<RoleId>) -> Result<(ParsedCard, Vec<RoleId>), CardError>,
) -> Result<CardSaved, CardError> {
    crate::db::write_tx(conn, |conn| {
        let current = get_in_org(conn, org_id, id)?.ok_or(DomainError::NotFound)?;
        // What the page showed: for someone not yet in the organisation, the card joined with
        // the terms of its invitation (`invitations::card_terms`), which the edit then replaces.
        let (held, department_id) = crate::domain::invitations::card_terms(conn, &current)?;
        let shown = Member {
            department_id,
            ..current.clone()
        };
        let (card, role_ids) = edit(&shown, held)?;
        let problems = problems_of(conn, org_id, &card, &role_ids, Some(id))?;
        if !problems.is_empty() {
            return Err(CardError::Invalid(problems));
        }
        // A card posted as it is stored writes nothing and records nothing.
        let same = unchanged(&current, &card.input);
        let withdrawn = if same {
            false
        } else {
            let withdrawn = update(conn, now, &current, &card.input)?;
            crate::domain::audit::record(
                conn,
                now,
                crate::domain::audit::Event {
                    org_id: Some(org_id),
                    actor_account_id: Some(actor.account_id),
                    action: AuditAction::MemberUpdated,
                    subject: crate::domain::audit::Subject::Member(id),
                    details: if withdrawn {
                        crate::domain::audit::Details::ContactChanged
                    } else {
                        crate::domain::audit::Details::None
                    },
                    request_id: &actor.request_id,
                },
            )?;
            withdrawn
        };
        let roles = roles::set_member_roles_in_tx(conn, now, actor, org_id, &current, &role_ids)?;
        let changed = !same || roles != roles::RolesSaved::Unchanged;
        if changed && current.account_id.is_none() {
            let mut role_ids = role_ids;
            role_ids.sort_unstable();
            role_ids.dedup();
            crate::domain::invitations::follow_card(conn, id, &role_ids, card.input.department_id)?;
        }
        Ok(CardSaved {
            withdrawn,
            roles,
            changed,
        })
    })
}
