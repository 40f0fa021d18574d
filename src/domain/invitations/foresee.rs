//! What sending the invite form would do for each recipient, read without writing anything:
//! the preview's lines say "already a member", "already invited" or "invited by someone else"
//! where sending would, instead of promising an invitation. The look-ups are the first steps
//! of [`super::invite_by_contact`] too.

use super::{ContactResult, Wanted};
use crate::db::enums::{Channel, MemberKind, MemberStatus};
use crate::db::ids::{MemberId, OrgId};
use crate::db::models::{Member, Organisation};
use crate::db::schema::members;
use crate::db::DbConnection;
use crate::domain::recipients::Recipient;
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;

/// Per recipient, in order: what sending would settle without inviting, or None where it
/// would invite (the limits and the policy still decide then).
pub fn foresee(
    conn: &mut DbConnection,
    actor: &Actor,
    org_id: OrgId,
    wanted: &[Wanted],
    resend: bool,
) -> DomainResult<Vec<Option<ContactResult>>> {
    let org = crate::domain::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
    let reach = super::reach::Reach::load(conn)?;
    // A card no channel reaches is skipped as sending would skip it (its reason).
    let unreachable = |email: Option<&str>, phone: Option<&str>| {
        reach
            .channel(email, phone)
            .err()
            .map(|reason| ContactResult::Skipped { reason })
    };
    let mut results = Vec::with_capacity(wanted.len());
    let mut cards: Vec<(usize, MemberId)> = Vec::new();
    for (i, w) in wanted.iter().enumerate() {
        results.push(match found(conn, org.id, &w.recipient, resend)? {
            Found::Settled(result) => Some(result),
            Found::Card {
                id, email, phone, ..
            } => {
                cards.push((i, id));
                unreachable(email.as_deref(), phone.as_deref())
            }
            Found::New => match &w.recipient {
                Recipient::Email(e) => unreachable(Some(e.as_str()), None),
                Recipient::Phone(p) => unreachable(None, Some(p.as_str())),
            },
        });
    }
    let ids: Vec<MemberId> = cards.iter().map(|(_, id)| *id).collect();
    let admins_only = AdminsOnly::of(conn, &org, actor, &ids)?;
    for (i, id) in cards {
        if let Some(result) = admins_only.result(id) {
            results[i] = Some(result);
        }
    }
    Ok(results)
}

/// Whom a recipient's message is written to, as sending would address it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    /// E-mail when the card has an address (an invitation goes there first), else SMS.
    pub channel: Channel,
    /// The address or number it goes to.
    pub to: String,
    /// "First Last", as the greeting reads it: a card's stored names, else the typed ones.
    pub name: String,
    /// The kind of card: which app link the message carries.
    pub kind: MemberKind,
}

/// The message of the invite form's preview, for `w`, addressed as sending would: to the
/// organisation's card with that contact (its names, kind and first channel — a card keeps its
/// names when invited again), else to a new employee card with the names typed. To an actor
/// who does not see the organisation's cards (not an admin), always as to a new card: the
/// preview tells them nothing the card holds (its names, its other address).
pub fn addressee(
    conn: &mut DbConnection,
    org: &Organisation,
    actor: &Actor,
    w: &Wanted,
) -> QueryResult<Addressee> {
    use crate::domain::contact::{full_name, name_text};
    let card = if super::grants::grants_any(conn, org, actor)? {
        find_card(conn, org.id, &w.recipient)?
    } else {
        None
    };
    Ok(match card {
        Some(card) => Addressee {
            channel: if card.email.is_some() {
                Channel::Email
            } else {
                Channel::Sms
            },
            to: card.contact().to_owned(),
            name: full_name(&card.first_name, &card.last_name),
            kind: card.kind,
        },
        None => Addressee {
            to: w.recipient.as_str().to_owned(),
            channel: match w.recipient {
                Recipient::Email(_) => Channel::Email,
                Recipient::Phone(_) => Channel::Sms,
            },
            name: full_name(
                name_text(w.first_name.as_ref()),
                name_text(w.last_name.as_ref()),
            ),
            kind: MemberKind::Employee,
        },
    })
}

/// Per recipient, in order: the name of the organisation's card with that address or number
/// ("First Last"; None without a card, or a card without a name) — the name its messages
/// greet, whatever was typed beside it (a card keeps its names when invited again). Only for
/// an actor who sees the organisation's cards (an admin): to a member who may invite, the form
/// is no look-up of names by address or number.
pub fn card_names(
    conn: &mut DbConnection,
    org: &Organisation,
    actor: &Actor,
    wanted: &[Wanted],
) -> QueryResult<Vec<Option<String>>> {
    use crate::domain::contact::full_name;
    if !super::grants::grants_any(conn, org, actor)? {
        return Ok(vec![None; wanted.len()]);
    }
    let org_id = org.id;
    let mut names = Vec::with_capacity(wanted.len());
    for w in wanted {
        let name = find_card(conn, org_id, &w.recipient)?
            .map(|card| full_name(&card.first_name, &card.last_name))
            .filter(|n| !n.is_empty());
        names.push(name);
    }
    Ok(names)
}

/// What a recipient's card says before anything is written.
pub(super) enum Found {
    /// Nothing to send: already a member, or invited and no resend asked for.
    Settled(ContactResult),
    /// A card to invite; `open`: it holds an open invitation (sending replaces it); its
    /// address and number.
    Card {
        id: MemberId,
        open: bool,
        email: Option<String>,
        phone: Option<String>,
    },
    /// No card yet: one is made with the invitation.
    New,
}

/// Looks a recipient up in the organisation: the first step of inviting by contact, and of
/// foreseeing it ([`foresee`]).
pub(super) fn found(
    conn: &mut DbConnection,
    org_id: OrgId,
    recipient: &Recipient,
    resend: bool,
) -> QueryResult<Found> {
    Ok(match find_card(conn, org_id, recipient)? {
        Some(c) if c.invite_status == MemberStatus::Active => {
            Found::Settled(ContactResult::AlreadyMember)
        }
        Some(c) => {
            let open = matches!(
                c.invite_status,
                MemberStatus::Waiting | MemberStatus::Invited
            );
            if open && !resend {
                Found::Settled(ContactResult::AlreadyInvited)
            } else {
                Found::Card {
                    id: c.id,
                    open,
                    email: c.email,
                    phone: c.phone,
                }
            }
        }
        // The address is an account already active here through a card that now has another
        // one: a second card's invitation could never be accepted.
        None if member_by_account(conn, org_id, recipient)? => {
            Found::Settled(ContactResult::AlreadyMember)
        }
        None => Found::New,
    })
}

/// Of the cards a post would invite, those an actor who may grant no role leaves to an admin:
/// cards holding an open invitation someone else sent (such an actor may not replace it; the
/// policy would refuse the whole post) — whatever a card's status says, as a card in error can
/// still hold one — and cards of people who left or whom an admin removed (only an admin
/// invites them again). Empty for an actor who may grant any role.
#[derive(Default)]
pub(super) struct AdminsOnly {
    others: std::collections::HashSet<MemberId>,
    former: std::collections::HashSet<MemberId>,
}

impl AdminsOnly {
    /// One look-up of each kind for all the cards.
    pub(super) fn of(
        conn: &mut DbConnection,
        org: &Organisation,
        actor: &Actor,
        cards: &[MemberId],
    ) -> QueryResult<Self> {
        if cards.is_empty() || super::grants::grants_any(conn, org, actor)? {
            return Ok(Self::default());
        }
        Ok(Self {
            others: super::policy::open_from_others(conn, org.id, actor, cards)?,
            former: super::policy::former_members(conn, org.id, cards)?,
        })
    }

    /// What the line of a card left to an admin says; None for a card the actor may invite.
    pub(super) fn result(&self, card: MemberId) -> Option<ContactResult> {
        if self.others.contains(&card) {
            Some(ContactResult::InvitedByAnother)
        } else if self.former.contains(&card) {
            Some(ContactResult::FormerMember)
        } else {
            None
        }
    }
}

/// The organisation's card with this e-mail address or phone number.
fn find_card(
    conn: &mut DbConnection,
    org_id: OrgId,
    recipient: &Recipient,
) -> QueryResult<Option<Member>> {
    let q = members::table
        .filter(members::org_id.eq(org_id))
        .into_boxed();
    let q = match recipient {
        Recipient::Email(e) => q.filter(members::email.eq(e.as_str().to_owned())),
        Recipient::Phone(p) => q.filter(members::phone.eq(p.as_str().to_owned())),
    };
    q.order(members::id.asc())
        .select(Member::as_select())
        .first(conn)
        .optional()
}

/// Whether the account that signs in with this address or number is an active member of the
/// organisation.
fn member_by_account(
    conn: &mut DbConnection,
    org_id: OrgId,
    recipient: &Recipient,
) -> QueryResult<bool> {
    use crate::domain::members::{signs_in_here, Contact};
    let contact = match recipient {
        Recipient::Email(e) => Contact::Email(e),
        Recipient::Phone(p) => Contact::Phone(p),
    };
    signs_in_here(conn, org_id, contact, None)
}
