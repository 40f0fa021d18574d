//! Inviting by address or phone number (the invite form, the mass invite and the admin's own
//! mail program, docs/PRODUCT.md §3): each recipient's card is found in the organisation or
//! created, then the one policy (`invite_in_tx`) decides — all in one transaction, so a batch
//! refused by a limit leaves no card behind.

use super::foresee::{found, AdminsOnly, Found};
use super::{invite_in_tx, invite_tx, lock_org, once, InviteOptions, InviteResult};
use crate::db::enums::{AuditAction, Channel, InvitationStatus, MemberKind, Reason};
use crate::db::ids::{DepartmentId, InvitationId, MemberId, OrgId, RoleId};
use crate::db::schema::invitations;
use crate::db::DbConnection;
use crate::domain::audit::{self, Event};
use crate::domain::contact::PersonName;
use crate::domain::delivery::{self, InvitationToSend};
use crate::domain::jobs::{self, Job};
use crate::domain::members::MemberInput;
use crate::domain::recipients::Recipient;
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// One recipient to invite, with the names typed for it (none: the invitee fills them in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub recipient: Recipient,
    pub first_name: Option<PersonName>,
    pub last_name: Option<PersonName>,
}

/// What became of one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactResult {
    /// A new invitation is queued (or, through the admin's mail program, its link is ready).
    Queued { channel: Channel },
    /// The recipient had an open invitation; it was replaced by a new one, as asked.
    Resent { channel: Channel },
    /// The recipient has an open invitation, and resending was not asked for.
    AlreadyInvited,
    /// The recipient has an open invitation someone else sent, which this inviter (not an
    /// admin) may not replace.
    InvitedByAnother,
    /// The recipient already accepted an invitation to this organisation.
    AlreadyMember,
    /// The recipient was a member and left, or an admin removed them: only an admin invites
    /// them again (this inviter is not one).
    FormerMember,
    /// The policy did not invite this recipient (e.g. a phone when only e-mail is verified).
    Skipped { reason: Reason },
}

/// How the invitations leave.
#[derive(Debug, Clone, Copy)]
pub enum Delivery<'a> {
    /// Queued for the delivery workers (e-mail or SMS).
    Queue,
    /// E-mail invitations are handed to the admin's own mail program: their links are minted
    /// now (the same link design as a sent message) and no e-mail is queued for them.
    MailApp {
        token_key: &'a [u8],
        max_lifetime_hours: i32,
    },
}

/// The results, in the order of the recipients, and the links for the admin's mail program.
#[derive(Debug, Clone)]
pub struct ByContact {
    pub results: Vec<ContactResult>,
    /// (index into the recipients, what the message says including its link).
    pub by_hand: Vec<(usize, InvitationToSend)>,
}

/// Finds or creates each recipient's card and invites it through `invite_in_tx`.
///
/// `submission`: the key the form carried, for a post done once (docs/STYLE.md): when this
/// account's post with the same key was done, its results are returned and nothing is done
/// again; otherwise the results are kept under the key in the same transaction. Links handed
/// to the admin's mail program are never kept — only their invitations: the same post again
/// shows the same links, derived again ([`delivery::handed_over_again`]), for those still
/// pending with them.
#[allow(clippy::too_many_arguments)]
pub fn invite_by_contact(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    wanted: &[Wanted],
    opts: &InviteOptions,
    resend: bool,
    delivery: Delivery<'_>,
    submission: Option<&str>,
) -> DomainResult<ByContact> {
    let kept_under = once::key(submission);
    invite_tx(conn, now, actor, org_id, opts.grant_admin, |conn, org| {
        // Finding and creating cards is serialised with the limits (docs/SECURITY.md B9), and
        // so is a repeated post with its first: the second reads what the first recorded.
        lock_org(conn, org.id)?;
        if let Some(key) = kept_under {
            if let Some(done) = once::done_before(conn, actor, key)? {
                return Ok(ByContact {
                    results: once::decode_contacts(&done),
                    by_hand: handed_again(conn, delivery, &once::decode_by_hand(&done))?,
                });
            }
        }
        // The terms exist before any card is made with them (a card of a deleted department
        // would fail on its key); the policy checks them again with the grants.
        role_names_in_org(conn, org.id, &opts.role_ids, opts.department_id)?;
        let mut results: Vec<Option<ContactResult>> = vec![None; wanted.len()];
        let mut to_invite: Vec<(usize, MemberId, bool)> = Vec::new();
        for (i, w) in wanted.iter().enumerate() {
            match found(conn, org.id, &w.recipient, resend)? {
                Found::Settled(result) => results[i] = Some(result),
                Found::Card { id, open, .. } => to_invite.push((i, id, open)),
                Found::New => {
                    let id = create_card(conn, now, actor, org.id, w, opts)?;
                    to_invite.push((i, id, false));
                }
            }
        }
        let ids: Vec<MemberId> = to_invite.iter().map(|(_, id, _)| *id).collect();
        let admins_only = AdminsOnly::of(conn, org, actor, &ids)?;
        to_invite.retain(|(i, id, _)| match admins_only.result(*id) {
            Some(result) => {
                results[*i] = Some(result);
                false
            }
            None => true,
        });
        let ids: Vec<MemberId> = to_invite.iter().map(|(_, id, _)| *id).collect();
        let outcomes = invite_in_tx(conn, now, actor, org, &ids, opts)?;
        let mut by_hand = Vec::new();
        for (i, id, was_open) in to_invite {
            let Some(o) = outcomes.iter().find(|o| o.member_id == id) else {
                continue;
            };
            results[i] = Some(match o.result {
                InviteResult::Queued { channel } => {
                    if let (Delivery::MailApp { .. }, Channel::Email) = (delivery, channel) {
                        if let Some(send) = hand_over(conn, now, id, delivery)? {
                            by_hand.push((i, send));
                        }
                    }
                    if was_open {
                        ContactResult::Resent { channel }
                    } else {
                        ContactResult::Queued { channel }
                    }
                }
                InviteResult::Skipped { reason } => ContactResult::Skipped { reason },
            });
        }
        let results = results
            .into_iter()
            .map(|r| {
                r.unwrap_or(ContactResult::Skipped {
                    reason: Reason::Internal,
                })
            })
            .collect::<Vec<_>>();
        if let Some(key) = kept_under {
            let handed: Vec<(usize, InvitationId)> = by_hand
                .iter()
                .map(|(i, send)| (*i, send.invitation.id))
                .collect();
            let kept = once::encode_contacts(&results, &handed);
            once::keep(conn, now, actor, key, &kept)?;
        }
        Ok(ByContact { results, by_hand })
    })
}

/// The messages of a repeated post's handed-over invitations, by the recipient's place.
fn handed_again(
    conn: &mut DbConnection,
    delivery: Delivery<'_>,
    handed: &[(usize, InvitationId)],
) -> QueryResult<Vec<(usize, InvitationToSend)>> {
    let Delivery::MailApp { token_key, .. } = delivery else {
        return Ok(Vec::new());
    };
    let ids: Vec<InvitationId> = handed.iter().map(|(_, id)| *id).collect();
    let mut found = delivery::handed_over_again(conn, token_key, &ids)?;
    Ok(handed
        .iter()
        .filter_map(|(i, id)| Some((*i, found.remove(id)?)))
        .collect())
}

/// A new employee card with the names typed (maybe none) and the chosen department.
fn create_card(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    w: &Wanted,
    opts: &InviteOptions,
) -> DomainResult<MemberId> {
    let (email, phone) = match &w.recipient {
        Recipient::Email(e) => (Some(e.clone()), None),
        Recipient::Phone(p) => (None, Some(p.clone())),
    };
    let input = MemberInput {
        first_name: w.first_name.clone(),
        last_name: w.last_name.clone(),
        email,
        phone,
        kind: Some(MemberKind::Employee),
        department_id: opts.department_id,
        position: String::new(),
    };
    let id = crate::domain::members::insert(conn, now, org_id, &input)?;
    audit::record(
        conn,
        now,
        Event {
            org_id: Some(org_id),
            actor_account_id: Some(actor.account_id),
            action: AuditAction::MemberCreated,
            subject: audit::Subject::Member(id),
            details: audit::Details::InviteForm,
            request_id: &actor.request_id,
        },
    )?;
    Ok(id)
}

/// Mints the link of the card's just-queued invitation, as a sent message would (the same
/// token, digest and expiry), marks it sent and handed over, and drops its queued e-mail: the
/// admin's mail program carries it instead.
fn hand_over(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    member_id: MemberId,
    delivery: Delivery<'_>,
) -> QueryResult<Option<InvitationToSend>> {
    let Delivery::MailApp {
        token_key,
        max_lifetime_hours,
    } = delivery
    else {
        return Ok(None);
    };
    let queued: Option<(InvitationId, i32)> = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .filter(invitations::status.eq(InvitationStatus::Queued))
        .order(invitations::id.desc())
        .select((invitations::id, invitations::token_generation))
        .first(conn)
        .optional()?;
    let Some((invitation_id, token_generation)) = queued else {
        return Ok(None);
    };
    let Some(send) = delivery::invitation_to_send(
        conn,
        now,
        token_key,
        max_lifetime_hours,
        invitation_id,
        token_generation,
    )?
    else {
        return Ok(None);
    };
    jobs::cancel(
        conn,
        &[Job::Invitation {
            invitation_id,
            token_generation,
        }],
    )?;
    delivery::record_minted(conn, &send.link)?;
    delivery::record_sent(conn, now, &[&send.link])?;
    // The inviter holds the link: an account made through it has an address nobody proved.
    diesel::update(invitations::table.find(invitation_id))
        .set(invitations::handed_over.eq(true))
        .execute(conn)?;
    Ok(Some(send))
}

/// The choice a form made that names a role the organisation does not have — deleted while the
/// form was open, or another organisation's (docs/SECURITY.md B5): `DomainError::Conflict` of
/// this, for the form to say so beside the roles.
pub const ROLE_GONE: &str = "role_id";
/// The same for the department.
pub const DEPARTMENT_GONE: &str = "department_id";

/// The names of these roles of the organisation, for a preview and before any card is made;
/// a role or department it does not have is [`ROLE_GONE`] or [`DEPARTMENT_GONE`].
pub fn role_names_in_org(
    conn: &mut DbConnection,
    org_id: OrgId,
    role_ids: &[RoleId],
    department_id: Option<DepartmentId>,
) -> DomainResult<Vec<String>> {
    let all = crate::domain::roles::names(conn, org_id)?;
    let mut names = Vec::with_capacity(role_ids.len());
    for id in role_ids {
        let (_, name) = all
            .iter()
            .find(|(r, _)| r == id)
            .ok_or(DomainError::Conflict(ROLE_GONE))?;
        names.push(name.clone());
    }
    if let Some(dep) = department_id {
        if !crate::domain::departments::names(conn, org_id)?
            .iter()
            .any(|(d, _)| *d == dep)
        {
            return Err(DomainError::Conflict(DEPARTMENT_GONE));
        }
    }
    Ok(names)
}
