//! Notices to inviters and admins, each in the recipient's own account language. When an
//! invitation is accepted, its inviter is told, with a link to the new member's card when the
//! member has no role yet (so the inviter can grant access). When a member leaves, every admin
//! of the organisation is told.

use crate::db::enums::{InvitationStatus, MemberStatus};
use crate::db::ids::{InvitationId, MemberId};
use crate::db::models::{Invitation, Member};
use crate::db::schema::{invitations, member_roles, members};
use crate::db::DbConnection;
use diesel::prelude::*;

/// Everything the "your invitation was accepted" e-mail needs.
#[derive(Debug, Clone)]
pub struct AcceptedNoticeToSend {
    pub invitation_id: InvitationId,
    pub to_email: String,
    pub inviter_name: String,
    /// The inviter's account language.
    pub locale: String,
    pub org_name: String,
    pub customer_number: String,
    pub member_name: String,
    pub member_id: MemberId,
    /// The member has no role yet and the inviter, an admin, can give one on the card.
    pub grant_access: bool,
}

/// The notice for an accepted invitation; `None` when there is nobody to tell (sent by the
/// platform, the inviter accepted it themselves, has no e-mail address or is disabled).
pub fn accepted_notice_to_send(
    conn: &mut DbConnection,
    invitation_id: InvitationId,
) -> QueryResult<Option<AcceptedNoticeToSend>> {
    let Some(inv) = invitations::table
        .find(invitation_id)
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let Some(inviter_id) = inv.inviter_account_id else {
        return Ok(None);
    };
    if inv.status != InvitationStatus::Accepted || inv.accepted_account_id == Some(inviter_id) {
        return Ok(None);
    }
    let Some(inviter) = super::accounts::get(conn, inviter_id)? else {
        return Ok(None);
    };
    let Some(to_email) = inviter
        .email
        .clone()
        .filter(|_| inviter.disabled_at.is_none())
    else {
        return Ok(None);
    };
    let Some(org) = super::orgs::get(conn, inv.org_id)? else {
        return Ok(None);
    };
    let member: Member = members::table
        .find(inv.member_id)
        .select(Member::as_select())
        .first(conn)?;
    let roles: i64 = member_roles::table
        .filter(member_roles::member_id.eq(member.id))
        .count()
        .get_result(conn)?;
    let inviter_is_admin = super::orgs::active_member(conn, org.id, inviter_id)?
        .is_some_and(|m| m.is_admin && m.invite_status == MemberStatus::Active);
    Ok(Some(AcceptedNoticeToSend {
        invitation_id,
        to_email,
        // Greeted by name, or plainly: never by the address the message is sent to (an
        // operator's account often has no name).
        inviter_name: super::contact::full_name(&inviter.first_name, &inviter.last_name),
        locale: inviter.locale.clone(),
        org_name: org.name,
        customer_number: org.customer_number,
        member_name: member.display_name(),
        member_id: member.id,
        grant_access: roles == 0 && !member.is_admin && inviter_is_admin,
    }))
}

/// Everything the "a member left" e-mail to one admin needs.
#[derive(Debug, Clone)]
pub struct MemberLeftToSend {
    pub to_email: String,
    pub admin_name: String,
    /// The admin's account language.
    pub locale: String,
    pub org_name: String,
    pub customer_number: String,
    pub member_name: String,
    /// The e-mail address or phone on the card of the member who left.
    pub member_contact: String,
    pub member_id: MemberId,
}

/// The notice to one admin that a member left; `None` when there is nobody to tell any more
/// (the admin is no longer an active admin of the organisation, has no e-mail address or is
/// disabled).
pub fn member_left_to_send(
    conn: &mut DbConnection,
    member_id: MemberId,
    admin_id: MemberId,
) -> QueryResult<Option<MemberLeftToSend>> {
    let card = |conn: &mut DbConnection, id: MemberId| {
        members::table
            .find(id)
            .select(Member::as_select())
            .first(conn)
            .optional()
    };
    let (Some(member), Some(admin)) = (card(conn, member_id)?, card(conn, admin_id)?) else {
        return Ok(None);
    };
    if admin.org_id != member.org_id
        || !admin.is_admin
        || admin.invite_status != MemberStatus::Active
    {
        return Ok(None);
    }
    let Some(account) = admin.account_id else {
        return Ok(None);
    };
    let Some(account) = super::accounts::get(conn, account)? else {
        return Ok(None);
    };
    let Some(to_email) = account
        .email
        .clone()
        .filter(|_| account.disabled_at.is_none())
    else {
        return Ok(None);
    };
    let Some(org) = super::orgs::get(conn, member.org_id)? else {
        return Ok(None);
    };
    Ok(Some(MemberLeftToSend {
        to_email,
        admin_name: account.display_name(),
        locale: account.locale.clone(),
        org_name: org.name,
        customer_number: org.customer_number,
        member_name: member.display_name(),
        member_contact: member
            .email
            .clone()
            .or(member.phone.clone())
            .unwrap_or_default(),
        member_id: member.id,
    }))
}
