//! Acceptance: one conditional UPDATE consumes the link (docs/SECURITY.md A3), then the account
//! and the membership, in one transaction.

use super::*;
use crate::db::enums::{AuditAction, Channel, InvitationStatus, MemberStatus, Problem};
use crate::db::models::{Invitation, Membership, NewUser};
use crate::db::schema::{invitation_roles, invitations, membership_roles, memberships, users};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event};
use crate::domain::jobs::{self, Job};
use crate::domain::{new_id, tokens, DomainError};
use diesel::prelude::*;
use time::PrimitiveDateTime;

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
        let user = crate::domain::users::get(conn, &user_id)?.ok_or(DomainError::NotFound)?;
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
