//! What a link leads to (valid, expired, used, revoked, unknown) and what its landing page
//! shows.

use crate::db::enums::{Channel, InvitationStatus};
use crate::db::models::{Account, Invitation, Member};
use crate::db::schema::{invitation_roles, invitations, members, organisations, roles};
use crate::db::DbConnection;
use crate::domain::contact::{EmailAddress, PhoneNumber};
use crate::domain::tokens;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// What a link leads to.
#[derive(Debug, Clone)]
pub enum LinkState {
    Valid(Box<Invitation>),
    Expired,
    Used,
    Revoked,
    /// The organisation is disabled by the platform operator (its open links were revoked).
    OrgDisabled,
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
            Self::OrgDisabled => ("link-org-disabled-title", "link-org-disabled-text"),
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
    Ok(look_up(conn, now, token)?.state)
}

/// A link looked up: its state and, when the token names an invitation, the language it was
/// addressed in and the recipient's account (read once, for both and for [`details`]).
pub struct Found {
    pub state: LinkState,
    pub locale: Option<String>,
    pub account: Option<Account>,
}

/// [`link_state`], with the language the link's invitation was addressed in when the token
/// names one ([`addressed_locale`]): its pages speak it, the refusals too ("this invitation has
/// expired" in the language of the message that carried the link).
pub fn look_up(conn: &mut DbConnection, now: PrimitiveDateTime, token: &str) -> QueryResult<Found> {
    let unknown = Found {
        state: LinkState::Unknown,
        locale: None,
        account: None,
    };
    if !tokens::looks_like_token(token) {
        return Ok(unknown);
    }
    let inv: Option<Invitation> = invitations::table
        .filter(invitations::token_hash.eq(token_hash(token)))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?;
    let Some(i) = inv else {
        return Ok(unknown);
    };
    let account = account_for_recipient(conn, &i)?;
    let locale = addressed_locale(&i, account.as_ref()).to_owned();
    let state = if i.accepted_at.is_some() {
        LinkState::Used
    } else if crate::domain::orgs::is_disabled(conn, i.org_id)? {
        LinkState::OrgDisabled
    } else if i.revoked_at.is_some() || i.status == InvitationStatus::Revoked {
        LinkState::Revoked
    } else if !i.status.is_open() {
        // `queued` with a digest: the message is leaving right now; the link already works.
        LinkState::Unknown
    } else if i.expires_at.is_none_or(|e| e <= now) {
        LinkState::Expired
    } else {
        LinkState::Valid(Box::new(i))
    };
    Ok(Found {
        state,
        locale: Some(locale),
        account,
    })
}

/// The language an invitation speaks to its recipient: their account's when they have one (its
/// messages go out in it, `delivery::to_send`), else the one chosen when inviting.
pub fn addressed_locale<'a>(inv: &'a Invitation, account: Option<&'a Account>) -> &'a str {
    account.map_or(inv.locale.as_str(), |a| a.locale.as_str())
}

/// What the landing page shows about a valid invitation.
#[derive(Debug, Clone)]
pub struct Details {
    pub org_name: String,
    pub customer_number: String,
    pub inviter_name: String,
    pub role_names: Vec<String>,
    /// Accepting makes the recipient an administrator of the organisation.
    pub grant_admin: bool,
    /// The account the recipient's address (or phone) already has, if any: only it can accept.
    pub account: Option<crate::db::models::Account>,
    pub recipient: String,
    pub first_name: String,
    pub last_name: String,
}

/// How the inviter is named to the invitee: their name as a member of the organisation, or
/// empty for a platform operator outside it (shown as "the platform administrator", never their
/// address).
pub fn inviter_name(conn: &mut DbConnection, inv: &Invitation) -> QueryResult<String> {
    let Some(id) = inv.inviter_account_id else {
        return Ok(String::new());
    };
    let Some(account) = crate::domain::accounts::get(conn, id)? else {
        return Ok(String::new());
    };
    let member = crate::domain::orgs::active_member(conn, inv.org_id, id)?;
    Ok(inviter_name_of(&account, member.as_ref()))
}

/// The name an invitation shows for its inviter: their card's name in the organisation, else
/// their account's; nobody (empty) once they no longer belong to it.
pub fn inviter_name_of(account: &Account, active_member: Option<&Member>) -> String {
    let Some(m) = active_member else {
        return String::new();
    };
    let name = m.display_name();
    crate::domain::contact::clean_text(&if name.is_empty() {
        account.display_name()
    } else {
        name
    })
}

/// What the landing page shows of `inv`; `account` is its recipient's ([`Found::account`]).
pub fn details(
    conn: &mut DbConnection,
    inv: &Invitation,
    account: Option<Account>,
) -> QueryResult<Details> {
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
    let (first_name, last_name): (String, String) = members::table
        .find(&inv.member_id)
        .select((members::first_name, members::last_name))
        .first(conn)?;
    Ok(Details {
        org_name,
        customer_number,
        inviter_name,
        role_names,
        grant_admin: inv.grant_admin,
        account,
        recipient: inv.recipient.clone(),
        first_name,
        last_name,
    })
}

pub fn account_for_recipient(
    conn: &mut DbConnection,
    inv: &Invitation,
) -> QueryResult<Option<crate::db::models::Account>> {
    // The recipient was parsed when the invitation was written.
    let recipient = inv.recipient.clone();
    match inv.channel {
        Channel::Email => {
            crate::domain::accounts::find_by_email(conn, &EmailAddress::from_stored(recipient))
        }
        Channel::Sms => {
            crate::domain::accounts::find_by_phone(conn, &PhoneNumber::from_stored(recipient))
        }
    }
}
