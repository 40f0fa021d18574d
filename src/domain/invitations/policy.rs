//! The one policy every way of inviting goes through (docs/SECURITY.md B7): who may invite,
//! which channel reaches a card, the daily and seat limits, and revoking a card's open links.

use super::grants::{grants_any, held_roles};
use super::history::{ever_invited, last_languages, previous_terms};
use super::limits::{record_refusal, Allowance};
use super::replacing::replace_for_member;
use crate::db::enums::{Channel, InvitationStatus, Language, MemberStatus, Problem, Reason};
use crate::db::ids::{BatchId, DepartmentId, MemberId, OrgId, RoleId};
use crate::db::models::{Member, Organisation};
use crate::db::schema::{invitations, members, organisations, roles};
use crate::db::{write_tx, DbConnection};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use std::collections::HashSet;
use time::PrimitiveDateTime;

#[derive(Debug, Clone, Default)]
pub struct InviteOptions {
    pub role_ids: Vec<RoleId>,
    pub department_id: Option<DepartmentId>,
    pub message: String,
    pub grant_admin: bool,
    /// The messages' language; `None`: the recipient's — their card's last invitation's, else
    /// the organisation's (a resend never switches to the sender's own page language).
    pub language: Option<Language>,
    /// The bulk send the new invitations belong to (its progress page counts them).
    pub batch_id: Option<BatchId>,
    /// A renewal of an expired invitation (audited as such).
    pub renewal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteResult {
    Queued { channel: Channel },
    Skipped { reason: Reason },
}

#[derive(Debug, Clone)]
pub struct InviteOutcome {
    pub member_id: MemberId,
    pub name: String,
    pub result: InviteResult,
}

/// Who may invite in an organisation: its admins, members when the organisation allows it, and
/// platform operators.
pub fn may_invite(
    conn: &mut DbConnection,
    org: &Organisation,
    actor: &Actor,
    grant_admin: bool,
) -> DomainResult<bool> {
    // An account disabled since its request began invites nobody: its open invitations were
    // just withdrawn (`platform_accounts::disable`).
    let (operator, enabled) = super::grants::standing(conn, actor.account_id)?;
    if !enabled {
        return Ok(false);
    }
    if operator {
        return Ok(true);
    }
    let me = crate::domain::orgs::active_member(conn, org.id, actor.account_id)?;
    Ok(match me {
        Some(m) if m.is_admin => true,
        Some(m) => {
            let holds_a_role = crate::domain::roles::role_count(conn, m.id)? > 0;
            !grant_admin && super::member_may_invite(org, &m, holds_a_role)
        }
        None => false,
    })
}

/// Takes the organisation's invitation lock: one inviting transaction at a time per
/// organisation (a row lock on PostgreSQL; SQLite's write transaction is already exclusive).
/// It writes a column that is no key: writing the key, even unchanged, makes SQLite check
/// every row of every table that refers to the organisation (its foreign keys), a cost that
/// grew with the organisation.
pub fn lock_org(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<()> {
    diesel::update(organisations::table.find(&org_id))
        .set(organisations::name.eq(organisations::name))
        .execute(conn)
        .map(|_| ())
}

/// Invites (or re-invites) cards of one organisation, in one transaction.
pub fn invite(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    member_ids: &[MemberId],
    opts: &InviteOptions,
) -> DomainResult<Vec<InviteOutcome>> {
    invite_tx(conn, now, actor, org_id, opts.grant_admin, |conn, org| {
        invite_in_tx(conn, now, actor, org, member_ids, opts)
    })
}

/// The frame of every invitation transaction of an organisation: the organisation read and
/// the actor's right to invite (`grant_admin`: and to make admins) checked, then `work`; a
/// refusal by a limit rolls everything back and is then audited on its own (`record_refusal`).
pub(super) fn invite_tx<T>(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    grant_admin: bool,
    work: impl FnOnce(&mut DbConnection, &Organisation) -> DomainResult<T>,
) -> DomainResult<T> {
    let result = write_tx(conn, |conn| {
        let org = crate::domain::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        if !may_invite(conn, &org, actor, grant_admin)? {
            return Err(DomainError::Forbidden);
        }
        work(conn, &org)
    });
    if let Err(e) = &result {
        record_refusal(conn, now, actor, org_id, e)?;
    }
    result
}

/// The policy itself; call inside a write transaction after authorising the actor.
pub fn invite_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    member_ids: &[MemberId],
    opts: &InviteOptions,
) -> DomainResult<Vec<InviteOutcome>> {
    invite_counted(conn, now, actor, org, member_ids, opts, None)
}

/// [`invite_in_tx`] for a caller that invites several sets in one transaction (the import, a
/// call per set of roles): `left` is the actor's allowance, read by the caller in this
/// transaction (after `lock_org`, and after its last write that could change it), and kept up
/// to date here — the figures reading it again would give, without reading it for every set.
pub fn invite_in_tx_counted(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    member_ids: &[MemberId],
    opts: &InviteOptions,
    left: &mut Allowance,
) -> DomainResult<Vec<InviteOutcome>> {
    invite_counted(conn, now, actor, org, member_ids, opts, Some(left))
}

fn invite_counted(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    member_ids: &[MemberId],
    opts: &InviteOptions,
    left: Option<&mut Allowance>,
) -> DomainResult<Vec<InviteOutcome>> {
    // Serialise invitations per organisation (a row lock on PostgreSQL; SQLite's write transaction
    // is already exclusive) so limits are checked and used atomically (docs/SECURITY.md B9).
    lock_org(conn, org.id)?;

    // Roles and department must belong to this organisation (docs/SECURITY.md B5, B6).
    let role_ids: Vec<RoleId> = roles::table
        .filter(roles::org_id.eq(&org.id))
        .filter(roles::id.eq_any(&opts.role_ids))
        .select(roles::id)
        .load(conn)?;
    if role_ids.len() != dedup(&opts.role_ids).len() {
        return Err(DomainError::NotFound);
    }
    // Nobody grants a role they do not hold, or admin rights, unless they may grant any.
    let grants_any = grants_any(conn, org, actor)?;
    if !grants_any {
        let held = held_roles(conn, org, actor)?;
        if opts.grant_admin || role_ids.iter().any(|r| !held.contains(r)) {
            return Err(DomainError::Forbidden);
        }
    }
    if let Some(dep) = opts.department_id {
        if crate::domain::departments::names(conn, org.id)?
            .iter()
            .all(|(id, _)| *id != dep)
        {
            return Err(DomainError::NotFound);
        }
    }

    let wanted = dedup(member_ids);
    let cards: Vec<Member> = members::table
        .filter(members::org_id.eq(&org.id))
        .filter(members::id.eq_any(&wanted))
        .select(Member::as_select())
        .load(conn)?;
    let reach = super::reach::Reach::load(conn)?;

    // Whoever may not grant any role replaces no one else's open invitation: its terms may hold
    // what they could not grant, and revoking it is an admin's decision (docs/SECURITY.md B6).
    // The ways of inviting open to them leave such cards out and say why; here it is refused.
    if !grants_any {
        let ids: Vec<MemberId> = cards.iter().map(|c| c.id).collect();
        if !open_from_others(conn, org.id, actor, &ids)?.is_empty() {
            return Err(DomainError::Forbidden);
        }
        // Nor does such an inviter bring back someone who left or whom an admin removed.
        let former = former_members(conn, org.id, &ids)?;
        if cards
            .iter()
            .any(|c| c.invite_status != MemberStatus::Active && former.contains(&c.id))
        {
            return Err(DomainError::Forbidden);
        }
    }
    let mut outcomes = Vec::with_capacity(cards.len());
    let mut to_send = Vec::new();
    let by_id: std::collections::HashMap<MemberId, &Member> =
        cards.iter().map(|c| (c.id, c)).collect();
    for id in &wanted {
        let Some(&card) = by_id.get(id) else {
            continue; // foreign or unknown ids are ignored, never reported (docs/SECURITY.md B5)
        };
        let result = if card.invite_status == MemberStatus::Active {
            Err(Reason::AlreadyActive)
        } else {
            reach.channel(card.email.as_deref(), card.phone.as_deref())
        };
        match result {
            Ok((channel, recipient)) => to_send.push((card, channel, recipient)),
            Err(reason) => outcomes.push(InviteOutcome {
                member_id: card.id,
                name: card.display_name(),
                result: InviteResult::Skipped { reason },
            }),
        }
    }

    let asked: Vec<MemberId> = to_send.iter().map(|(card, _, _)| card.id).collect();
    match &left {
        Some(left) => super::limits::within(left, &asked)?,
        None => super::limits::check(conn, now, actor, org, &asked)?,
    }

    // Contact problems are shown on the card as an error with its reason — unless the card
    // has an open invitation, which stays valid and keeps the card waiting or invited (the
    // skip is reported with the action's results).
    for o in &outcomes {
        let open = by_id.get(&o.member_id).is_some_and(|c| {
            matches!(
                c.invite_status,
                MemberStatus::Waiting | MemberStatus::Invited
            )
        });
        if let InviteResult::Skipped { reason } = o.result {
            if reason != Reason::AlreadyActive && !open {
                diesel::update(members::table.find(&o.member_id))
                    .set((
                        members::invite_status.eq(MemberStatus::Error),
                        members::invite_error.eq(Problem::Reason(reason)),
                        members::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
    }

    let bare = opts.role_ids.is_empty() && opts.department_id.is_none() && opts.message.is_empty();
    // Cards never invited have no previous terms and nothing to replace: asked once for all.
    let invited_before = ever_invited(conn, &asked)?;
    let last_languages = match opts.language {
        Some(_) => Default::default(),
        None => last_languages(conn, &invited_before)?,
    };
    // Worked out card by card (previous terms and replaced links come from each card's
    // history), then written with multi-row statements: 10,000 cards in one request are a few
    // dozen statements, not 30,000 (issue 10).
    let mut planned = Vec::with_capacity(to_send.len());
    for (card, channel, recipient) in to_send {
        let before = invited_before.contains(&card.id);
        // A re-invitation without new terms carries the previous invitation's terms.
        // (Only for those who may grant any: the previous terms may hold roles this actor lacks.)
        let terms = if bare && grants_any && before {
            previous_terms(conn, card.id)?
        } else {
            None
        };
        let (role_ids, department_id, grant_admin, message) = match terms {
            Some(t) => t,
            None => (
                role_ids.clone(),
                // Whoever may not grant any role does not move a card an admin put in a
                // department (acceptance gives the card the invitation's department): their
                // choice is for the cards that have none.
                if grants_any {
                    opts.department_id
                } else {
                    card.department_id.or(opts.department_id)
                },
                opts.grant_admin,
                opts.message.clone(),
            ),
        };
        let replaced = if before {
            replace_for_member(conn, now, card.id)?
        } else {
            Vec::new()
        };
        let resent = !replaced.is_empty() || card.invite_status != MemberStatus::NotInvited;
        planned.push(super::writing::Planned {
            card,
            channel,
            recipient,
            role_ids,
            department_id,
            grant_admin: grant_admin || opts.grant_admin,
            message,
            replaced,
            resent,
            language: opts
                .language
                .or_else(|| last_languages.get(&card.id).copied())
                .unwrap_or(org.default_locale),
        });
    }
    outcomes.extend(super::writing::write(
        conn, now, actor, org, opts, &planned, &asked,
    )?);
    if let Some(left) = left {
        super::limits::consume(left, &asked);
    }
    Ok(outcomes)
}

/// The cards among `wanted` with an open invitation sent by someone other than `actor` (or by
/// the platform): what an inviter who may not grant any role may not replace.
pub(super) fn open_from_others(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: &Actor,
    wanted: &[MemberId],
) -> QueryResult<HashSet<MemberId>> {
    let open: Vec<MemberId> = invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::member_id.eq_any(wanted))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .filter(
            invitations::inviter_account_id
                .is_null()
                .or(invitations::inviter_account_id.ne(actor.account_id)),
        )
        .select(invitations::member_id)
        .load(conn)?;
    Ok(open.into_iter().collect())
}

/// Of `wanted`, the cards that accepted an invitation of the organisation once: its members,
/// and those who left it or whom an admin removed — whom only an admin invites again.
pub(super) fn former_members(
    conn: &mut DbConnection,
    org_id: OrgId,
    wanted: &[MemberId],
) -> QueryResult<HashSet<MemberId>> {
    let accepted: Vec<MemberId> = invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::member_id.eq_any(wanted))
        .filter(invitations::status.eq(InvitationStatus::Accepted))
        .select(invitations::member_id)
        .load(conn)?;
    Ok(accepted.into_iter().collect())
}

/// The ids in their first order, each once.
fn dedup<T: Copy + Eq + std::hash::Hash>(ids: &[T]) -> Vec<T> {
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}
