//! An organisation's administrators as the platform operator sees them (`/platform/orgs/{id}`),
//! and the operator's "Invite an administrator": an organisation whose first admin's
//! invitation expired, failed, was revoked or went to a mistyped address is not stuck. The
//! address is invited as an administrator exactly as creating the organisation does
//! (`orgs::invite_as_admin`); a card already invited gets a fresh link; an address that is an
//! active member is made an administrator at once (`admin_rights`).

use super::contact::EmailAddress;
use super::invitations::{self, InviteOutcome};
use super::{admin_rights, members, orgs, Actor, DomainError, DomainResult};
use crate::db::enums::{InvitationStatus, MemberStatus, ShownStatus};
use crate::db::ids::{MemberId, OrgId};
use crate::db::models::{Invitation, Member};
use crate::db::schema::{accounts, invitations as inv, members as m};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// The list shows at most this many invited administrators besides the active ones.
const INVITED_SHOWN: i64 = 50;

/// One administrator, or one card invited as an administrator.
#[derive(Debug, Clone)]
pub struct AdminLine {
    pub member: Member,
    /// `None`: an active administrator; else the card's latest invitation as an administrator.
    pub invitation: Option<(ShownStatus, Option<PrimitiveDateTime>)>,
}

/// The organisation's active administrators, then the cards whose latest invitation offers
/// admin rights and that are not active members (invited, failed, expired, revoked), newest
/// first.
pub fn list(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: OrgId,
) -> QueryResult<Vec<AdminLine>> {
    let active: Vec<Member> = m::table
        .filter(m::org_id.eq(org_id))
        .filter(m::is_admin.eq(true))
        .filter(m::invite_status.eq(MemberStatus::Active))
        .order(m::id.asc())
        .select(Member::as_select())
        .load(conn)?;
    let mut lines: Vec<AdminLine> = active
        .into_iter()
        .map(|member| AdminLine {
            member,
            invitation: None,
        })
        .collect();
    let offered: Vec<(Invitation, Member)> = inv::table
        .inner_join(m::table)
        .filter(inv::org_id.eq(org_id))
        .filter(inv::grant_admin.eq(true))
        .filter(inv::replaced_by.is_null())
        .filter(inv::status.ne(InvitationStatus::Accepted))
        .filter(m::invite_status.ne(MemberStatus::Active))
        .order(inv::id.desc())
        .limit(INVITED_SHOWN)
        .select((Invitation::as_select(), Member::as_select()))
        .load(conn)?;
    let mut seen: Vec<MemberId> = Vec::new();
    for (i, member) in offered {
        if seen.contains(&member.id) || newer_invitation(conn, &i)? {
            continue;
        }
        seen.push(member.id);
        let status = invitations::shown_status(&i, now);
        let expires = i.sent_and_expiry().1;
        lines.push(AdminLine {
            member,
            invitation: Some((status, expires)),
        });
    }
    Ok(lines)
}

/// Whether the card has an invitation newer than `i` (one that no longer offers admin rights).
fn newer_invitation(conn: &mut DbConnection, i: &Invitation) -> QueryResult<bool> {
    let newer: i64 = inv::table
        .filter(inv::member_id.eq(i.member_id))
        .filter(inv::id.gt(i.id))
        .count()
        .get_result(conn)?;
    Ok(newer > 0)
}

/// What inviting an administrator did.
#[derive(Debug, Clone)]
pub enum AdminInvited {
    /// An invitation as an administrator (a new card, or a fresh link for a card not active).
    Invited(InviteOutcome),
    /// The address is an active member, now an administrator.
    MadeAdmin { name: String },
    /// The address is an active member who already is an administrator.
    AlreadyAdmin { name: String },
}

/// The operator invites `email` as an administrator of `org_id`, in one write transaction
/// after the organisation's lock. `Forbidden` unless the actor is a platform operator;
/// `NotFound` for an unknown organisation; `Conflict("disabled")` for a disabled one (its
/// invitations cannot be accepted); the limits' refusals as every invitation gets them.
pub fn invite(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    email: &EmailAddress,
) -> DomainResult<AdminInvited> {
    write_tx(conn, |conn| {
        if !invitations::is_operator(conn, actor.account_id)? {
            return Err(DomainError::Forbidden);
        }
        invitations::lock_org(conn, org_id)?;
        let org = orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        if org.disabled_at.is_some() {
            return Err(DomainError::Conflict("disabled"));
        }
        if let Some(member) = active_member_by_email(conn, org_id, email)? {
            let name = member.display_name();
            let change = admin_rights::set_in_tx(conn, now, actor, &org, &member, true)?;
            return Ok(match change {
                admin_rights::AdminChange::Granted => AdminInvited::MadeAdmin { name },
                _ => AdminInvited::AlreadyAdmin { name },
            });
        }
        let card: Option<MemberId> = m::table
            .filter(m::org_id.eq(org_id))
            .filter(m::email.eq(email.as_str()))
            .order(m::id.asc())
            .select(m::id)
            .first(conn)
            .optional()?;
        let card = match card {
            Some(id) => id,
            None => members::insert(conn, now, org_id, &orgs::admin_card(email))?,
        };
        let outcome = orgs::invite_as_admin(conn, now, actor, &org, card, None)?;
        Ok(AdminInvited::Invited(outcome))
    })
}

/// The organisation's active member with this address on the card, or signing in with it.
fn active_member_by_email(
    conn: &mut DbConnection,
    org_id: OrgId,
    email: &EmailAddress,
) -> QueryResult<Option<Member>> {
    let account: Option<crate::db::ids::AccountId> = accounts::table
        .filter(accounts::email.eq(email.as_str()))
        .select(accounts::id)
        .first(conn)
        .optional()?;
    let q = m::table
        .filter(m::org_id.eq(org_id))
        .filter(m::invite_status.eq(MemberStatus::Active))
        .into_boxed();
    let q = match account {
        Some(account) => q.filter(m::email.eq(email.as_str()).or(m::account_id.eq(account))),
        None => q.filter(m::email.eq(email.as_str())),
    };
    q.order(m::id.asc())
        .select(Member::as_select())
        .first(conn)
        .optional()
}
