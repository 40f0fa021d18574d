//! Invitations: the one policy every way of inviting goes through (docs/SECURITY.md B7), link
//! states, and acceptance by one conditional UPDATE (docs/SECURITY.md A3).

use super::audit::{self, Event};
use super::contact::{self, ContactProblem};
use super::jobs::{self, Job};
use super::settings::{self, VerificationMethod};
use super::{new_id, tokens, Actor, DomainError, DomainResult};
use crate::db::enums::{
    AuditAction, Channel, InvitationStatus, MemberStatus, Problem, Reason, ShownStatus,
};
use crate::db::models::{Invitation, Membership, NewInvitation, NewUser, Organisation};
use crate::db::schema::{
    invitation_roles, invitations, membership_roles, memberships, organisations, roles, users,
};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

#[derive(Debug, Clone, Default)]
pub struct InviteOptions {
    pub role_ids: Vec<String>,
    pub department_id: Option<String>,
    pub message: String,
    pub grant_admin: bool,
    pub locale: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteResult {
    Queued { channel: Channel },
    Skipped { reason: Reason },
}

#[derive(Debug, Clone)]
pub struct InviteOutcome {
    pub membership_id: String,
    pub name: String,
    pub result: InviteResult,
}

/// How a card is reached, or why it cannot be.
fn channel_for(m: &Membership, method: VerificationMethod) -> Result<(Channel, String), Reason> {
    if let Some(email) = m.email.as_deref() {
        return contact::normalize_email(email)
            .map(|e| (Channel::Email, e))
            .map_err(ContactProblem::reason);
    }
    match (m.phone.as_deref(), method) {
        (Some(_), VerificationMethod::EmailOnly) => Err(Reason::NoEmailEmailOnly),
        (Some(phone), VerificationMethod::EmailOrPhone) => contact::normalize_phone(phone)
            .map(|p| (Channel::Sms, p))
            .map_err(ContactProblem::reason),
        (None, _) => Err(Reason::NoContact),
    }
}

/// Who may invite in an organisation: its admins, members when the organisation allows it, and
/// platform operators.
pub fn may_invite(
    conn: &mut DbConnection,
    org: &Organisation,
    actor: &Actor,
    grant_admin: bool,
) -> DomainResult<bool> {
    let is_operator: bool = users::table
        .find(&actor.user_id)
        .select(users::is_operator)
        .first(conn)
        .optional()?
        .unwrap_or(false);
    if is_operator {
        return Ok(true);
    }
    let me = super::orgs::active_membership(conn, &org.id, &actor.user_id)?;
    Ok(match me {
        Some(m) if m.is_admin => true,
        Some(_) => !grant_admin && org.invite_policy == "all_members",
        None => false,
    })
}

/// Invites (or re-invites) cards of one organisation, in one transaction.
pub fn invite(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: &str,
    membership_ids: &[String],
    opts: &InviteOptions,
) -> DomainResult<Vec<InviteOutcome>> {
    let result = write_tx(conn, |conn| {
        let org = super::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        if !may_invite(conn, &org, actor, opts.grant_admin)? {
            return Err(DomainError::Forbidden);
        }
        invite_in_tx(conn, now, actor, &org, membership_ids, opts)
    });
    if let Err(e) = &result {
        record_refusal(conn, now, actor, org_id, e)?;
    }
    result
}

/// A refused batch is rolled back whole; a limit refusal is then recorded on its own
/// (docs/SECURITY.md H1). Other errors are left alone.
pub fn record_refusal(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: &str,
    error: &DomainError,
) -> DomainResult<()> {
    let (action, details) = match error {
        DomainError::DailyLimit { remaining, asked } => (
            AuditAction::LimitDaily,
            format!("asked {asked} remaining {remaining}"),
        ),
        DomainError::SeatLimit { remaining } => {
            (AuditAction::LimitSeats, format!("remaining {remaining}"))
        }
        _ => return Ok(()),
    };
    write_tx(conn, |conn| {
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(org_id),
                actor_user_id: Some(&actor.user_id),
                action,
                subject: "",
                details: &details,
                request_id: &actor.request_id,
            },
        )
    })?;
    Ok(())
}

/// The policy itself; call inside a write transaction after authorising the actor.
pub fn invite_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    membership_ids: &[String],
    opts: &InviteOptions,
) -> DomainResult<Vec<InviteOutcome>> {
    // Serialise invitations per organisation (a row lock on PostgreSQL; SQLite's write transaction
    // is already exclusive) so limits are checked and used atomically (docs/SECURITY.md B9).
    diesel::update(organisations::table.find(&org.id))
        .set(organisations::id.eq(&org.id))
        .execute(conn)?;

    // Roles and department must belong to this organisation (docs/SECURITY.md B5, B6).
    let role_ids: Vec<String> = roles::table
        .filter(roles::org_id.eq(&org.id))
        .filter(roles::id.eq_any(&opts.role_ids))
        .select(roles::id)
        .load(conn)?;
    if role_ids.len() != dedup(&opts.role_ids).len() {
        return Err(DomainError::NotFound);
    }
    if let Some(dep) = &opts.department_id {
        if super::departments::names(conn, &org.id)?
            .iter()
            .all(|(id, _)| id != dep)
        {
            return Err(DomainError::NotFound);
        }
    }

    let wanted = dedup(membership_ids);
    let cards: Vec<Membership> = memberships::table
        .filter(memberships::org_id.eq(&org.id))
        .filter(memberships::id.eq_any(&wanted))
        .select(Membership::as_select())
        .load(conn)?;
    let method = settings::verification_method(conn)?;

    let mut outcomes = Vec::with_capacity(cards.len());
    let mut to_send = Vec::new();
    for id in &wanted {
        let Some(card) = cards.iter().find(|c| &c.id == id) else {
            continue; // foreign or unknown ids are ignored, never reported (docs/SECURITY.md B5)
        };
        let result = if card.invite_status == MemberStatus::Active {
            Err(Reason::AlreadyActive)
        } else {
            channel_for(card, method)
        };
        match result {
            Ok((channel, recipient)) => to_send.push((card, channel, recipient)),
            Err(reason) => outcomes.push(InviteOutcome {
                membership_id: card.id.clone(),
                name: card.display_name(),
                result: InviteResult::Skipped { reason },
            }),
        }
    }

    check_limits(conn, now, actor, org, &to_send)?;

    // Contact problems are shown on the card as an error with its reason.
    for o in &outcomes {
        if let InviteResult::Skipped { reason } = o.result {
            if reason != Reason::AlreadyActive {
                diesel::update(memberships::table.find(&o.membership_id))
                    .set((
                        memberships::invite_status.eq(MemberStatus::Error),
                        memberships::invite_error.eq(Problem::Reason(reason)),
                        memberships::updated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
    }

    let bare = opts.role_ids.is_empty() && opts.department_id.is_none() && opts.message.is_empty();
    for (card, channel, recipient) in to_send {
        // A re-invitation without new terms carries the previous invitation's terms.
        let terms = if bare {
            previous_terms(conn, &card.id)?
        } else {
            None
        };
        let (role_ids, department_id, grant_admin, message) = match terms {
            Some(t) => t,
            None => (
                role_ids.clone(),
                opts.department_id.clone(),
                opts.grant_admin,
                opts.message.clone(),
            ),
        };
        let grant_admin = grant_admin || opts.grant_admin;
        let resent = revoke_open_for_member(conn, now, &card.id)? > 0
            || card.invite_status != MemberStatus::NotInvited;
        let invitation_id = new_id();
        diesel::insert_into(invitations::table)
            .values(NewInvitation {
                id: &invitation_id,
                org_id: &org.id,
                membership_id: &card.id,
                inviter_user_id: Some(&actor.user_id),
                channel,
                recipient: &recipient,
                token_hash: None,
                token_generation: 0,
                status: InvitationStatus::Queued,
                department_id: department_id.as_deref(),
                grant_admin,
                message: &message,
                locale: &opts.locale,
                created_at: now,
            })
            .execute(conn)?;
        for role_id in &role_ids {
            diesel::insert_into(invitation_roles::table)
                .values((
                    invitation_roles::invitation_id.eq(&invitation_id),
                    invitation_roles::role_id.eq(role_id),
                ))
                .execute(conn)?;
        }
        jobs::enqueue(
            conn,
            now,
            &Job::Invitation {
                invitation_id: invitation_id.clone(),
                token_generation: 0,
            },
        )?;
        diesel::update(memberships::table.find(&card.id))
            .set((
                memberships::invite_status.eq(MemberStatus::Waiting),
                memberships::invite_error.eq(None::<Problem>),
                memberships::last_invited_at.eq(now),
                memberships::updated_at.eq(now),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(&org.id),
                actor_user_id: Some(&actor.user_id),
                action: if resent {
                    AuditAction::InvitationResent
                } else {
                    AuditAction::InvitationCreated
                },
                subject: &invitation_id,
                details: channel.as_str(),
                request_id: &actor.request_id,
            },
        )?;
        outcomes.push(InviteOutcome {
            membership_id: card.id.clone(),
            name: card.display_name(),
            result: InviteResult::Queued { channel },
        });
    }
    Ok(outcomes)
}

type Terms = (Vec<String>, Option<String>, bool, String);

/// Roles, department, admin grant and message of the card's latest invitation.
fn previous_terms(conn: &mut DbConnection, membership_id: &str) -> QueryResult<Option<Terms>> {
    let last: Option<Invitation> = invitations::table
        .filter(invitations::membership_id.eq(membership_id))
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?;
    let Some(last) = last else { return Ok(None) };
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

fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Daily limit per inviter (resends count) and seats (active + open invitations); a batch over
/// what is left is refused whole.
fn check_limits(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    to_send: &[(&Membership, Channel, String)],
) -> DomainResult<()> {
    if to_send.is_empty() {
        return Ok(());
    }
    let sent_today: i64 = invitations::table
        .filter(invitations::org_id.eq(&org.id))
        .filter(invitations::inviter_user_id.eq(&actor.user_id))
        .filter(invitations::created_at.gt(now - Duration::hours(24)))
        .count()
        .get_result(conn)?;
    let remaining = i64::from(org.daily_invite_limit) - sent_today;
    if to_send.len() as i64 > remaining {
        return Err(DomainError::DailyLimit {
            remaining: remaining.max(0),
            asked: to_send.len() as i64,
        });
    }
    // Seats: active members plus open invitations (queued, or sent and not yet expired).
    let active: i64 = memberships::table
        .filter(memberships::org_id.eq(&org.id))
        .filter(memberships::invite_status.eq(MemberStatus::Active))
        .count()
        .get_result(conn)?;
    let holding: Vec<String> = invitations::table
        .filter(invitations::org_id.eq(&org.id))
        .filter(
            invitations::status
                .eq(InvitationStatus::Queued)
                .or(invitations::status
                    .eq(InvitationStatus::Pending)
                    .and(invitations::expires_at.gt(now))),
        )
        .select(invitations::membership_id)
        .load(conn)?;
    let seats_used = active + holding.len() as i64;
    let new_seats = to_send
        .iter()
        .filter(|(c, _, _)| !holding.contains(&c.id))
        .count() as i64;
    let seats_left = i64::from(org.seat_limit) - seats_used;
    if new_seats > seats_left {
        return Err(DomainError::SeatLimit {
            remaining: seats_left.max(0),
        });
    }
    Ok(())
}

/// Revokes the card's open invitations (their links die) and drops their queued messages.
pub fn revoke_open_for_member(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    membership_id: &str,
) -> QueryResult<usize> {
    let open: Vec<(String, i32)> = invitations::table
        .filter(invitations::membership_id.eq(membership_id))
        .filter(invitations::status.eq_any(InvitationStatus::OPEN))
        .select((invitations::id, invitations::token_generation))
        .load(conn)?;
    if open.is_empty() {
        return Ok(0);
    }
    let queued: Vec<Job> = open
        .iter()
        .map(|(id, generation)| Job::Invitation {
            invitation_id: id.clone(),
            token_generation: *generation,
        })
        .collect();
    jobs::cancel(conn, &queued)?;
    let open: Vec<String> = open.into_iter().map(|(id, _)| id).collect();
    diesel::update(invitations::table.filter(invitations::id.eq_any(&open)))
        .set((
            invitations::status.eq(InvitationStatus::Revoked),
            invitations::revoked_at.eq(now),
        ))
        .execute(conn)
}

/// What a link leads to.
#[derive(Debug, Clone)]
pub enum LinkState {
    Valid(Box<Invitation>),
    Expired,
    Used,
    Revoked,
    Unknown,
}

impl LinkState {
    /// The translation keys of the page's heading and text.
    pub fn keys(&self) -> (&'static str, &'static str) {
        match self {
            Self::Valid(_) => ("link-valid-title", "link-valid-text"),
            Self::Expired => ("link-expired-title", "link-expired-text"),
            Self::Used => ("link-used-title", "link-used-text"),
            Self::Revoked => ("link-revoked-title", "link-revoked-text"),
            Self::Unknown => ("link-unknown-title", "link-unknown-text"),
        }
    }
}

pub fn token_hash(token: &str) -> String {
    tokens::digest(tokens::INVITATION, token)
}

pub fn link_state(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
) -> QueryResult<LinkState> {
    if !tokens::looks_like_token(token) {
        return Ok(LinkState::Unknown);
    }
    let inv: Option<Invitation> = invitations::table
        .filter(invitations::token_hash.eq(token_hash(token)))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?;
    Ok(match inv {
        None => LinkState::Unknown,
        Some(i) if i.accepted_at.is_some() => LinkState::Used,
        Some(i) if i.revoked_at.is_some() || i.status == InvitationStatus::Revoked => {
            LinkState::Revoked
        }
        // `queued` with a digest: the message is leaving right now; the link already works.
        Some(i) if !i.status.is_open() => LinkState::Unknown,
        Some(i) if i.expires_at.is_none_or(|e| e <= now) => LinkState::Expired,
        Some(i) => LinkState::Valid(Box::new(i)),
    })
}

/// What the landing page shows about a valid invitation.
#[derive(Debug, Clone)]
pub struct Details {
    pub org_name: String,
    pub customer_number: String,
    pub inviter_name: String,
    pub role_names: Vec<String>,
    /// The account the recipient's address (or phone) already has, if any: only it can accept.
    pub account: Option<crate::db::models::User>,
    pub recipient: String,
    pub first_name: String,
    pub last_name: String,
}

/// How the inviter is named to the invitee: their name as a member of the organisation, or
/// empty for a platform operator outside it (shown as "the platform administrator", never their
/// address).
pub fn inviter_name(conn: &mut DbConnection, inv: &Invitation) -> QueryResult<String> {
    let Some(id) = &inv.inviter_user_id else {
        return Ok(String::new());
    };
    let Some(user) = super::users::get(conn, id)? else {
        return Ok(String::new());
    };
    match super::orgs::active_membership(conn, &inv.org_id, id)? {
        Some(m) => Ok(super::contact::clean_name(&{
            let name = m.display_name();
            if name.is_empty() {
                user.display_name()
            } else {
                name
            }
        })),
        None => Ok(String::new()),
    }
}

pub fn details(conn: &mut DbConnection, inv: &Invitation) -> QueryResult<Details> {
    let (org_name, customer_number): (String, String) = organisations::table
        .find(&inv.org_id)
        .select((organisations::name, organisations::customer_number))
        .first(conn)?;
    let inviter_name = inviter_name(conn, inv)?;
    let role_names = invitation_roles::table
        .inner_join(roles::table)
        .filter(invitation_roles::invitation_id.eq(&inv.id))
        .order(roles::name.asc())
        .select(roles::name)
        .load(conn)?;
    let account = account_for_recipient(conn, inv)?;
    let (first_name, last_name): (String, String) = memberships::table
        .find(&inv.membership_id)
        .select((memberships::first_name, memberships::last_name))
        .first(conn)?;
    Ok(Details {
        org_name,
        customer_number,
        inviter_name,
        role_names,
        account,
        recipient: inv.recipient.clone(),
        first_name,
        last_name,
    })
}

fn account_for_recipient(
    conn: &mut DbConnection,
    inv: &Invitation,
) -> QueryResult<Option<crate::db::models::User>> {
    match inv.channel {
        Channel::Email => super::users::find_by_email(conn, &inv.recipient),
        Channel::Sms => super::users::find_by_phone(conn, &inv.recipient),
    }
}

/// Who accepts: a new account (with its password hash) or an existing, verified one.
pub enum Acceptor<'a> {
    NewAccount {
        password_hash: &'a str,
        first_name: &'a str,
        last_name: &'a str,
        locale: &'a str,
    },
    Existing {
        user_id: &'a str,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("link problem: {}", .0.keys().0)]
    Link(LinkState),
    #[error("an account already exists for this address")]
    AccountExists,
    #[error("signed in as another account")]
    WrongAccount,
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<diesel::result::Error> for AcceptError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Domain(DomainError::Db(e))
    }
}

pub struct Accepted {
    pub user_id: String,
    pub org_id: String,
}

/// Consumes the link with one conditional UPDATE that must touch exactly one row, then creates
/// the account (or binds the existing one) and the membership, all in one transaction.
pub fn accept(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token: &str,
    who: Acceptor<'_>,
    request_id: &str,
) -> Result<Accepted, AcceptError> {
    if !tokens::looks_like_token(token) {
        return Err(AcceptError::Link(LinkState::Unknown));
    }
    let hash = token_hash(token);
    write_tx(conn, |conn| {
        let consumed = diesel::update(
            invitations::table
                .filter(invitations::token_hash.eq(&hash))
                .filter(invitations::status.eq_any(InvitationStatus::OPEN))
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null())
                .filter(invitations::expires_at.gt(now)),
        )
        .set((
            invitations::status.eq(InvitationStatus::Accepted),
            invitations::accepted_at.eq(now),
        ))
        .execute(conn)?;
        if consumed != 1 {
            return Err(AcceptError::Link(link_state(conn, now, token)?));
        }
        let inv: Invitation = invitations::table
            .filter(invitations::token_hash.eq(&hash))
            .select(Invitation::as_select())
            .first(conn)?;
        let existing = account_for_recipient(conn, &inv)?;
        let user_id = match who {
            Acceptor::NewAccount {
                password_hash,
                first_name,
                last_name,
                locale,
            } => {
                if existing.is_some() {
                    return Err(AcceptError::AccountExists);
                }
                let id = new_id();
                let (email, phone) = match inv.channel {
                    Channel::Email => (Some(inv.recipient.as_str()), None),
                    Channel::Sms => (None, Some(inv.recipient.as_str())),
                };
                diesel::insert_into(users::table)
                    .values(NewUser {
                        id: &id,
                        email,
                        phone,
                        password_hash: Some(password_hash),
                        first_name,
                        last_name,
                        locale,
                        is_operator: false,
                        created_at: now,
                        updated_at: now,
                    })
                    .execute(conn)?;
                id
            }
            Acceptor::Existing { user_id } => match existing {
                Some(u) if u.id == user_id && u.disabled_at.is_none() => u.id,
                _ => return Err(AcceptError::WrongAccount),
            },
        };
        let already: i64 = memberships::table
            .filter(memberships::org_id.eq(&inv.org_id))
            .filter(memberships::user_id.eq(&user_id))
            .filter(memberships::id.ne(&inv.membership_id))
            .count()
            .get_result(conn)?;
        if already > 0 {
            return Err(DomainError::Conflict("already_member").into());
        }
        diesel::update(invitations::table.find(&inv.id))
            .set(invitations::accepted_user_id.eq(&user_id))
            .execute(conn)?;
        let card: Membership = memberships::table
            .find(&inv.membership_id)
            .select(Membership::as_select())
            .first(conn)?;
        let user = super::users::get(conn, &user_id)?.ok_or(DomainError::NotFound)?;
        let first = if card.first_name.is_empty() {
            user.first_name.clone()
        } else {
            card.first_name.clone()
        };
        let last = if card.last_name.is_empty() {
            user.last_name.clone()
        } else {
            card.last_name.clone()
        };
        diesel::update(memberships::table.find(&card.id))
            .set((
                memberships::user_id.eq(&user_id),
                memberships::invite_status.eq(MemberStatus::Active),
                memberships::invite_error.eq(None::<Problem>),
                memberships::is_admin.eq(card.is_admin || inv.grant_admin),
                memberships::department_id
                    .eq(inv.department_id.clone().or(card.department_id.clone())),
                memberships::first_name.eq(&first),
                memberships::last_name.eq(&last),
                memberships::updated_at.eq(now),
            ))
            .execute(conn)?;
        let offered: Vec<String> = invitation_roles::table
            .filter(invitation_roles::invitation_id.eq(&inv.id))
            .select(invitation_roles::role_id)
            .load(conn)?;
        for role_id in offered {
            diesel::delete(
                membership_roles::table
                    .filter(membership_roles::membership_id.eq(&card.id))
                    .filter(membership_roles::role_id.eq(&role_id)),
            )
            .execute(conn)?;
            diesel::insert_into(membership_roles::table)
                .values((
                    membership_roles::membership_id.eq(&card.id),
                    membership_roles::role_id.eq(&role_id),
                ))
                .execute(conn)?;
        }
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(&inv.org_id),
                actor_user_id: Some(&user_id),
                action: AuditAction::InvitationAccepted,
                subject: &inv.id,
                details: "",
                request_id,
            },
        )?;
        jobs::enqueue(
            conn,
            now,
            &Job::Welcome {
                invitation_id: inv.id.clone(),
            },
        )?;
        Ok(Accepted {
            user_id,
            org_id: inv.org_id.clone(),
        })
    })
}

/// Invitations of an organisation for the admin list, newest first; `expired` is derived.
pub fn list_for_org(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: &str,
    status: Option<ShownStatus>,
    limit: i64,
) -> QueryResult<Vec<(Invitation, String)>> {
    let mut q = invitations::table
        .inner_join(memberships::table)
        .filter(invitations::org_id.eq(org_id.to_owned()))
        .into_boxed();
    let stored = |s: InvitationStatus| invitations::status.eq(s);
    q = match status {
        None => q,
        Some(ShownStatus::Pending) => q
            .filter(stored(InvitationStatus::Pending))
            .filter(invitations::expires_at.gt(now)),
        Some(ShownStatus::Expired) => q
            .filter(stored(InvitationStatus::Pending))
            .filter(invitations::expires_at.le(now)),
        Some(ShownStatus::Queued) => q.filter(stored(InvitationStatus::Queued)),
        Some(ShownStatus::Accepted) => q.filter(stored(InvitationStatus::Accepted)),
        Some(ShownStatus::Revoked) => q.filter(stored(InvitationStatus::Revoked)),
        Some(ShownStatus::Failed) => q.filter(stored(InvitationStatus::Failed)),
    };
    let rows: Vec<(Invitation, Membership)> = q
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(limit)
        .select((Invitation::as_select(), Membership::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(i, m)| (i, m.display_name()))
        .collect())
}

/// The status shown for an invitation, with `expired` derived from the clock.
pub fn shown_status(inv: &Invitation, now: PrimitiveDateTime) -> ShownStatus {
    ShownStatus::of(inv.status, inv.expires_at.is_some_and(|e| e <= now))
}

/// A card's invitations, newest first (tenant-scoped).
pub fn for_member(
    conn: &mut DbConnection,
    org_id: &str,
    membership_id: &str,
) -> QueryResult<Vec<Invitation>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::membership_id.eq(membership_id))
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(20)
        .select(Invitation::as_select())
        .load(conn)
}

/// An invitation by id, only within the organisation.
pub fn get_in_org(
    conn: &mut DbConnection,
    org_id: &str,
    id: &str,
) -> QueryResult<Option<Invitation>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq(id))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// Revokes one open invitation after the admin confirmed it.
pub fn revoke(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: &str,
    id: &str,
) -> DomainResult<()> {
    write_tx(conn, |conn| {
        let inv = get_in_org(conn, org_id, id)?.ok_or(DomainError::NotFound)?;
        if !inv.status.is_open() {
            return Err(DomainError::Conflict("not_open"));
        }
        revoke_open_for_member(conn, now, &inv.membership_id)?;
        diesel::update(
            memberships::table
                .filter(memberships::id.eq(&inv.membership_id))
                .filter(
                    memberships::invite_status
                        .eq_any([MemberStatus::Waiting, MemberStatus::Invited]),
                ),
        )
        .set((
            memberships::invite_status.eq(MemberStatus::NotInvited),
            memberships::invite_error.eq(None::<Problem>),
        ))
        .execute(conn)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(org_id),
                actor_user_id: Some(&actor.user_id),
                action: AuditAction::InvitationRevoked,
                subject: id,
                details: "",
                request_id: &actor.request_id,
            },
        )?;
        Ok(())
    })
}

/// The cards behind some invitations of an organisation (for resend).
pub fn members_of(
    conn: &mut DbConnection,
    org_id: &str,
    invitation_ids: &[String],
) -> QueryResult<Vec<String>> {
    invitations::table
        .filter(invitations::org_id.eq(org_id))
        .filter(invitations::id.eq_any(invitation_ids))
        .select(invitations::membership_id)
        .load(conn)
}
