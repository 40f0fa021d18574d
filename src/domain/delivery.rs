//! Delivery of invitations and welcome messages as state changes: what a send needs to know,
//! and what its outcome changes — the invitation (queued → link minted → pending, or failed),
//! its card (waiting → invited, or error) and the audit trail. The job runner decides when
//! (claim, send with no transaction open, retry); these functions decide what. Each `record_*`
//! runs inside the caller's write transaction.

mod to_send;

pub use to_send::{handed_over_again, invitations_to_send, InvitationJob};

use super::audit::{self, Event};
use super::contact;
use crate::db::bulk::MintedLink;
use crate::db::enums::{AuditAction, InvitationStatus, MemberKind, MemberStatus, Problem};
use crate::db::ids::{InvitationId, MemberId, OrgId};
use crate::db::models::Invitation;
use crate::db::schema::{accounts, invitations as inv_t, members};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// The link of a message about to leave: its digest and expiry are recorded before the message
/// leaves (a fast click must not beat the bookkeeping) and again once the server took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub invitation_id: InvitationId,
    pub member_id: MemberId,
    pub token_hash: String,
    pub expires_at: PrimitiveDateTime,
}

/// Everything needed to send one invitation.
#[derive(Debug, Clone)]
pub struct InvitationToSend {
    pub invitation: Invitation,
    pub org_name: String,
    pub customer_number: String,
    pub recipient_name: String,
    pub inviter_name: String,
    pub role_names: Vec<String>,
    /// The recipient already has an account: the message asks them to sign in, not to set a
    /// password.
    pub has_account: bool,
    /// The message's language: the recipient's account's, else the one chosen for the
    /// invitation.
    pub locale: String,
    /// The name the recipient's account goes by ("First Last"; empty without an account or
    /// a name), for the greeting of a message the server sends when the card has no name.
    /// Like `has_account` and `locale`, never for what the inviter sees (docs/SECURITY.md B10).
    pub account_name: String,
    /// The organisation's mobile app for the recipient's kind of member.
    pub app_link: Option<String>,
    /// The raw token for the link in the message; only `link.token_hash` is ever stored.
    pub token: String,
    pub link: Link,
}

/// Everything needed to send one welcome e-mail.
#[derive(Debug, Clone)]
pub struct WelcomeToSend {
    pub invitation: Invitation,
    pub org_name: String,
    pub customer_number: String,
    pub recipient_name: String,
    /// The new account's language, or the invitation's.
    pub locale: String,
    /// The organisation's mobile app for the member's kind.
    pub app_link: Option<String>,
    /// The account was made by accepting (a password set): not an existing account that
    /// joined one more organisation.
    pub new_account: bool,
}

/// The invitation row and what every message about it shows.
struct Loaded {
    inv: Invitation,
    org_name: String,
    customer_number: String,
    recipient_name: String,
    app_link: Option<String>,
}

fn load(conn: &mut DbConnection, invitation_id: InvitationId) -> QueryResult<Option<Loaded>> {
    let Some(inv) = inv_t::table
        .find(invitation_id)
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let org = super::orgs::get(conn, inv.org_id)?.ok_or(diesel::result::Error::NotFound)?;
    let (first, last, kind): (String, String, MemberKind) = members::table
        .find(&inv.member_id)
        .select((members::first_name, members::last_name, members::kind))
        .first(conn)?;
    let recipient_name = contact::full_name(&first, &last);
    let app_link = super::org_settings::app_url(&org, kind).map(str::to_owned);
    let (org_name, customer_number) = (org.name, org.customer_number);
    Ok(Some(Loaded {
        inv,
        org_name,
        customer_number,
        recipient_name,
        app_link,
    }))
}

/// The invitation to send now (see [`invitations_to_send`], which reads a whole batch);
/// `None` when there is nothing to send.
pub fn invitation_to_send(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token_key: &[u8],
    max_lifetime_hours: i32,
    invitation_id: InvitationId,
    token_generation: i32,
) -> QueryResult<Option<InvitationToSend>> {
    let job = (invitation_id, token_generation);
    let mut found = invitations_to_send(conn, now, token_key, max_lifetime_hours, &[job])?;
    Ok(found.remove(&job))
}

/// The welcome message for an accepted invitation, by its channel (e-mail, or SMS to the phone
/// it was sent to); `None` otherwise.
pub fn welcome_to_send(
    conn: &mut DbConnection,
    invitation_id: InvitationId,
) -> QueryResult<Option<WelcomeToSend>> {
    let Some(Loaded {
        inv,
        org_name,
        customer_number,
        recipient_name,
        app_link,
        ..
    }) = load(conn, invitation_id)?
    else {
        return Ok(None);
    };
    if inv.status != InvitationStatus::Accepted {
        return Ok(None);
    }
    let (locale, new_account) = match &inv.accepted_account_id {
        Some(id) => {
            let (locale, created_at): (String, PrimitiveDateTime) = accounts::table
                .find(id)
                .select((accounts::locale, accounts::created_at))
                .first(conn)?;
            // Made in the accepting transaction, at its time.
            (locale, inv.accepted_at.is_some_and(|at| created_at >= at))
        }
        None => (inv.locale.clone(), false),
    };
    Ok(Some(WelcomeToSend {
        invitation: inv,
        org_name,
        customer_number,
        recipient_name,
        locale,
        app_link,
        new_account,
    }))
}

/// The link works from now on, while the invitation is still queued.
pub fn record_minted(conn: &mut DbConnection, link: &Link) -> QueryResult<()> {
    record_minted_many(conn, &[link])
}

/// The links of a batch work from now on, while their invitations are still queued (one
/// statement for the batch on PostgreSQL, `db::bulk`).
pub fn record_minted_many(conn: &mut DbConnection, links: &[&Link]) -> QueryResult<()> {
    let links: Vec<MintedLink<'_>> = links
        .iter()
        .map(|l| MintedLink {
            invitation_id: l.invitation_id,
            token_hash: &l.token_hash,
            expires_at: l.expires_at,
        })
        .collect();
    crate::db::bulk::store_minted_links(conn, &links)
}

/// The server took these messages: their invitations are pending, sent now, and their cards
/// invited. One statement per table for a whole batch; the links were stored when they were
/// minted ([`record_minted`]). An invitation no longer queued is left alone.
pub fn record_sent(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    links: &[&Link],
) -> QueryResult<()> {
    for part in links.chunks(crate::db::ROWS_PER_STATEMENT) {
        let ids: Vec<InvitationId> = part.iter().map(|l| l.invitation_id).collect();
        let sent = diesel::update(
            inv_t::table
                .filter(inv_t::id.eq_any(&ids))
                .filter(inv_t::status.eq(InvitationStatus::Queued)),
        )
        .set((
            inv_t::status.eq(InvitationStatus::Pending),
            inv_t::error.eq(None::<String>),
            inv_t::sent_at.eq(now),
        ))
        .returning(inv_t::member_id);
        let cards: Vec<MemberId> = crate::on_backend!(&mut *conn, |c| sent.get_results(c))?;
        if cards.is_empty() {
            continue;
        }
        diesel::update(
            members::table
                .filter(members::id.eq_any(&cards))
                .filter(members::invite_status.eq(MemberStatus::Waiting)),
        )
        .set((
            members::invite_status.eq(MemberStatus::Invited),
            members::invite_error.eq(None::<String>),
            members::last_invited_at.eq(now),
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// The invitation cannot be delivered (a permanent refusal, or no attempts left): it fails with
/// `problem`, its card shows the error, and the failure is audited. Only a queued invitation
/// changes.
pub fn record_failed(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    invitation_id: InvitationId,
    problem: &Problem,
) -> QueryResult<()> {
    let updated = diesel::update(
        inv_t::table
            .filter(inv_t::id.eq(invitation_id))
            .filter(inv_t::status.eq(InvitationStatus::Queued)),
    )
    .set((
        inv_t::status.eq(InvitationStatus::Failed),
        inv_t::error.eq(problem),
    ))
    .execute(conn)?;
    if updated == 1 {
        let (member_id, org_id): (MemberId, OrgId) = inv_t::table
            .find(invitation_id)
            .select((inv_t::member_id, inv_t::org_id))
            .first(conn)?;
        diesel::update(
            members::table
                .filter(members::id.eq(member_id))
                .filter(members::invite_status.eq(MemberStatus::Waiting)),
        )
        .set((
            members::invite_status.eq(MemberStatus::Error),
            members::invite_error.eq(problem),
        ))
        .execute(conn)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(org_id),
                actor_account_id: None,
                action: AuditAction::InvitationFailed,
                subject: audit::Subject::Invitation(invitation_id),
                details: audit::Details::Failed {
                    problem: problem.clone(),
                },
                request_id: "",
            },
        )?;
    }
    Ok(())
}
