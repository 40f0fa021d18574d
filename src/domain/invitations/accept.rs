//! Acceptance: one conditional UPDATE consumes the link (docs/SECURITY.md A3), then the account
//! and the member, in one transaction.

use super::*;
use crate::db::enums::{AuditAction, Channel, InvitationStatus, MemberStatus, Problem};
use crate::db::ids::{AccountId, OrgId, RoleId};
use crate::db::models::{Account, Invitation, Member, NewAccount};
use crate::db::schema::{accounts, invitation_roles, invitations, member_roles, members};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event};
use crate::domain::contact::{name_text, PersonName};
use crate::domain::jobs::{self, Job};
use crate::domain::members::{name_key, search_text_of};
use crate::domain::{tokens, DomainError};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Who accepts: a new account (with its password hash) or an existing, verified one.
pub enum Acceptor<'a> {
    NewAccount {
        password_hash: &'a str,
        /// As typed on the invitation's page (`None`: not given). When either is given and
        /// `corrects_card`, the two are the card's names too (docs/PRODUCT.md §2.5: the invitee
        /// may correct the name).
        first_name: Option<&'a PersonName>,
        last_name: Option<&'a PersonName>,
        /// The names differ from those the page offered (or the page's were not posted back):
        /// names kept as offered leave the card as it is now — an admin's edit of it since the
        /// page was shown stands.
        corrects_card: bool,
        locale: &'a str,
    },
    Existing {
        account_id: AccountId,
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
    /// The account is already a member of the organisation through another card (its card's
    /// address was changed, and the old one invited again): a membership is not added twice.
    #[error("already a member of the organisation")]
    AlreadyMember,
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<diesel::result::Error> for AcceptError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Domain(DomainError::Db(e))
    }
}

pub struct Accepted {
    pub account_id: AccountId,
    pub org_id: OrgId,
}

/// Consumes the link with one conditional UPDATE that must touch exactly one row, then creates
/// the account (or binds the existing one) and the member, all in one transaction.
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
        // The names a new account typed, which the card takes; an existing account posts none.
        let mut corrected = None;
        let account_id = match who {
            Acceptor::NewAccount {
                password_hash,
                first_name,
                last_name,
                corrects_card,
                locale,
            } => {
                if existing.is_some() {
                    return Err(AcceptError::AccountExists);
                }
                let (email, phone) = match inv.channel {
                    Channel::Email => (Some(inv.recipient.as_str()), None),
                    Channel::Sms => (None, Some(inv.recipient.as_str())),
                };
                if corrects_card && (first_name.is_some() || last_name.is_some()) {
                    corrected = Some((name_text(first_name), name_text(last_name)));
                }
                // A link the inviter held proves nothing of who reads the address's mail.
                let unproven = accounts::email_unproven.eq(inv.handed_over);
                diesel::insert_into(accounts::table)
                    .values((
                        NewAccount {
                            email,
                            phone,
                            password_hash: Some(password_hash),
                            first_name: name_text(first_name),
                            last_name: name_text(last_name),
                            locale,
                            is_operator: false,
                            created_at: now,
                            updated_at: now,
                        },
                        unproven,
                    ))
                    .returning(accounts::id)
                    .get_result::<AccountId>(conn)?
            }
            Acceptor::Existing { account_id } => match existing {
                Some(u) if u.id == account_id && u.disabled_at.is_none() => u.id,
                _ => return Err(AcceptError::WrongAccount),
            },
        };
        let already: i64 = members::table
            .filter(members::org_id.eq(&inv.org_id))
            .filter(members::account_id.eq(&account_id))
            .filter(members::id.ne(&inv.member_id))
            .count()
            .get_result(conn)?;
        if already > 0 {
            return Err(AcceptError::AlreadyMember);
        }
        diesel::update(invitations::table.find(&inv.id))
            .set(invitations::accepted_account_id.eq(&account_id))
            .execute(conn)?;
        let card: Member = members::table
            .find(&inv.member_id)
            .select(Member::as_select())
            .first(conn)?;
        let (first, last) = match corrected {
            Some((first, last)) => (first.to_owned(), last.to_owned()),
            None => {
                let account =
                    crate::domain::accounts::get(conn, account_id)?.ok_or(DomainError::NotFound)?;
                kept_names(&card, &account)
            }
        };
        // The card is found by its names: its search text follows them (as a card edit's does).
        let search = search_text_of(
            &first,
            &last,
            card.email.as_deref().unwrap_or_default(),
            card.phone.as_deref().unwrap_or_default(),
        );
        diesel::update(members::table.find(&card.id))
            .set((
                members::account_id.eq(&account_id),
                members::invite_status.eq(MemberStatus::Active),
                members::invite_error.eq(None::<Problem>),
                members::is_admin.eq(card.is_admin || inv.grant_admin),
                members::department_id.eq(inv.department_id.or(card.department_id)),
                members::first_name.eq(&first),
                members::last_name.eq(&last),
                members::search_text.eq(&search),
                members::name_key.eq(name_key(&first, &last)),
                members::updated_at.eq(now),
            ))
            .execute(conn)?;
        let offered: Vec<RoleId> = invitation_roles::table
            .filter(invitation_roles::invitation_id.eq(&inv.id))
            .select(invitation_roles::role_id)
            .load(conn)?;
        for role_id in offered {
            diesel::delete(
                member_roles::table
                    .filter(member_roles::member_id.eq(&card.id))
                    .filter(member_roles::role_id.eq(&role_id)),
            )
            .execute(conn)?;
            diesel::insert_into(member_roles::table)
                .values((
                    member_roles::member_id.eq(&card.id),
                    member_roles::role_id.eq(&role_id),
                ))
                .execute(conn)?;
        }
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(inv.org_id),
                actor_account_id: Some(account_id),
                action: AuditAction::InvitationAccepted,
                subject: audit::Subject::Invitation(inv.id),
                details: audit::Details::None,
                request_id,
            },
        )?;
        jobs::enqueue(
            conn,
            now,
            &Job::Welcome {
                invitation_id: inv.id,
            },
        )?;
        // The inviter hears of it (not when they accepted their own invitation).
        if inv.inviter_account_id.is_some_and(|i| i != account_id) {
            jobs::enqueue(
                conn,
                now,
                &Job::InvitationAccepted {
                    invitation_id: inv.id,
                },
            )?;
        }
        Ok(Accepted {
            account_id,
            org_id: inv.org_id,
        })
    })
}

/// The card's names when the acceptance corrected none: each the card's own, or the account's
/// where the card has none.
fn kept_names(card: &Member, account: &Account) -> (String, String) {
    let pick = |on_card: &str, of_account: &str| {
        if on_card.is_empty() {
            of_account.to_owned()
        } else {
            on_card.to_owned()
        }
    };
    (
        pick(&card.first_name, &account.first_name),
        pick(&card.last_name, &account.last_name),
    )
}
