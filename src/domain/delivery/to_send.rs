//! What the invitation messages of a batch need, read in a fixed number of statements for the
//! whole batch (issue 10 P2) rather than seven per message: the invitations, their
//! organisations and cards, their inviters (account and active card), their roles, and the
//! accounts their recipients already have.

use super::{InvitationToSend, Link};
use crate::db::enums::{Channel, InvitationStatus, MemberKind, MemberStatus};
use crate::db::ids::{AccountId, InvitationId, MemberId, OrgId};
use crate::db::models::{Account, Invitation, Member, Organisation};
use crate::db::schema::{accounts, invitation_roles, invitations as inv_t, members};
use crate::db::schema::{organisations, roles};
use crate::db::DbConnection;
use crate::domain::{contact, invitations, org_settings, tokens};
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};
use time::{Duration, PrimitiveDateTime};

/// An invitation job: the invitation and the link generation it was queued for.
pub type InvitationJob = (InvitationId, i32);

/// The invitations among `jobs` to send now, each with a freshly derived link valid for its
/// organisation's lifetime (capped by the platform's) from `now`. A job is absent from the
/// answer when there is nothing to send: its invitation is gone, no longer queued (sending is
/// idempotent), or of another link generation.
pub fn invitations_to_send(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    token_key: &[u8],
    max_lifetime_hours: i32,
    jobs: &[InvitationJob],
) -> QueryResult<HashMap<InvitationJob, InvitationToSend>> {
    let mut out = HashMap::with_capacity(jobs.len());
    for part in jobs.chunks(crate::db::ROWS_PER_STATEMENT) {
        let wanted: HashSet<InvitationJob> = part.iter().copied().collect();
        let ids: Vec<InvitationId> = part.iter().map(|j| j.0).collect();
        let invs: Vec<Invitation> = inv_t::table
            .filter(inv_t::id.eq_any(&ids))
            .filter(inv_t::status.eq(InvitationStatus::Queued))
            .select(Invitation::as_select())
            .load(conn)?;
        let invs: Vec<Invitation> = invs
            .into_iter()
            .filter(|i| wanted.contains(&(i.id, i.token_generation)))
            .collect();
        if invs.is_empty() {
            continue;
        }
        let about = About::read(conn, &invs)?;
        for inv in invs {
            // Valid for the organisation's lifetime (capped by the platform's) from now.
            let send = about.to_send(token_key, inv, |org| {
                let hours = org.invitation_lifetime_hours.min(max_lifetime_hours).max(1);
                now + Duration::hours(i64::from(hours))
            })?;
            out.insert((send.invitation.id, send.invitation.token_generation), send);
        }
    }
    Ok(out)
}

/// The messages of invitations already handed to the admin's mail program, again (the same
/// form posted twice: the first answer may never have been seen): each with the link it was
/// handed over with — derived again, never stored — and its stored expiry. An invitation no
/// longer pending with that link (accepted, revoked, sent again since) is absent.
pub fn handed_over_again(
    conn: &mut DbConnection,
    token_key: &[u8],
    ids: &[InvitationId],
) -> QueryResult<HashMap<InvitationId, InvitationToSend>> {
    let mut out = HashMap::with_capacity(ids.len());
    for part in ids.chunks(crate::db::ROWS_PER_STATEMENT) {
        let invs: Vec<Invitation> = inv_t::table
            .filter(inv_t::id.eq_any(part))
            .filter(inv_t::status.eq(InvitationStatus::Pending))
            .select(Invitation::as_select())
            .load(conn)?;
        if invs.is_empty() {
            continue;
        }
        let about = About::read(conn, &invs)?;
        for inv in invs {
            let (Some(stored), Some(expires_at)) = (inv.token_hash.clone(), inv.expires_at) else {
                continue;
            };
            let send = about.to_send(token_key, inv, |_| expires_at)?;
            if send.link.token_hash == stored {
                out.insert(send.invitation.id, send);
            }
        }
    }
    Ok(out)
}

/// What the messages of some invitations show, keyed for lookup.
struct About {
    orgs: HashMap<OrgId, Organisation>,
    /// Each recipient's card: name and kind.
    cards: HashMap<MemberId, (String, String, MemberKind)>,
    inviters: HashMap<AccountId, Account>,
    /// The inviters' active cards, by organisation and account.
    inviter_cards: HashMap<(OrgId, AccountId), Member>,
    roles: HashMap<InvitationId, Vec<String>>,
    by_email: HashMap<String, Account>,
    by_phone: HashMap<String, Account>,
}

impl About {
    fn read(conn: &mut DbConnection, invs: &[Invitation]) -> QueryResult<Self> {
        let org_ids = distinct(invs.iter().map(|i| i.org_id));
        let orgs: Vec<Organisation> = organisations::table
            .filter(organisations::id.eq_any(&org_ids))
            .select(Organisation::as_select())
            .load(conn)?;
        let orgs = orgs.into_iter().map(|o| (o.id, o)).collect();
        let cards: Vec<(MemberId, (String, String, MemberKind))> = members::table
            .filter(members::id.eq_any(distinct(invs.iter().map(|i| i.member_id))))
            .select((
                members::id,
                (members::first_name, members::last_name, members::kind),
            ))
            .load(conn)?;
        let cards = cards.into_iter().collect();
        let inviter_ids = distinct(invs.iter().filter_map(|i| i.inviter_account_id));
        let (inviters, inviter_cards) = if inviter_ids.is_empty() {
            (HashMap::new(), HashMap::new())
        } else {
            let inviters: Vec<Account> = accounts::table
                .filter(accounts::id.eq_any(&inviter_ids))
                .select(Account::as_select())
                .load(conn)?;
            let inviters = inviters.into_iter().map(|a| (a.id, a)).collect();
            let cards: Vec<Member> = members::table
                .filter(members::org_id.eq_any(&org_ids))
                .filter(members::account_id.eq_any(&inviter_ids))
                .filter(members::invite_status.eq(MemberStatus::Active))
                .select(Member::as_select())
                .load(conn)?;
            let cards = cards
                .into_iter()
                .filter_map(|m| Some(((m.org_id, m.account_id?), m)))
                .collect();
            (inviters, cards)
        };
        let mut roles: HashMap<InvitationId, Vec<String>> = HashMap::new();
        let granted: Vec<(InvitationId, String)> = invitation_roles::table
            .inner_join(roles::table)
            .filter(invitation_roles::invitation_id.eq_any(invs.iter().map(|i| i.id)))
            .order((invitation_roles::invitation_id, roles::name))
            .select((invitation_roles::invitation_id, roles::name))
            .load(conn)?;
        for (id, name) in granted {
            roles.entry(id).or_default().push(name);
        }
        let recipients = |channel: Channel| {
            distinct(
                invs.iter()
                    .filter(|i| i.channel == channel)
                    .map(|i| i.recipient.clone()),
            )
        };
        let (emails, phones) = (recipients(Channel::Email), recipients(Channel::Sms));
        let mut by_email = HashMap::new();
        if !emails.is_empty() {
            let found: Vec<Account> = accounts::table
                .filter(accounts::email.eq_any(&emails))
                .select(Account::as_select())
                .load(conn)?;
            by_email.extend(
                found
                    .into_iter()
                    .filter_map(|a| Some((a.email.clone()?, a))),
            );
        }
        let mut by_phone = HashMap::new();
        if !phones.is_empty() {
            let found: Vec<Account> = accounts::table
                .filter(accounts::phone.eq_any(&phones))
                .select(Account::as_select())
                .load(conn)?;
            by_phone.extend(
                found
                    .into_iter()
                    .filter_map(|a| Some((a.phone.clone()?, a))),
            );
        }
        Ok(About {
            orgs,
            cards,
            inviters,
            inviter_cards,
            roles,
            by_email,
            by_phone,
        })
    }

    /// The message of `inv`, its link derived from the server's key and valid until what
    /// `expires` says for its organisation.
    fn to_send(
        &self,
        token_key: &[u8],
        inv: Invitation,
        expires: impl FnOnce(&Organisation) -> PrimitiveDateTime,
    ) -> QueryResult<InvitationToSend> {
        // Both exist while the invitation does (foreign keys).
        let org = self
            .orgs
            .get(&inv.org_id)
            .ok_or(diesel::result::Error::NotFound)?;
        let (first, last, kind) = self
            .cards
            .get(&inv.member_id)
            .ok_or(diesel::result::Error::NotFound)?;
        let token =
            tokens::invitation_token(token_key, inv.id, inv.created_at, inv.token_generation);
        let link = Link {
            invitation_id: inv.id,
            member_id: inv.member_id,
            token_hash: invitations::token_hash(&token),
            expires_at: expires(org),
        };
        let inviter_name = inv
            .inviter_account_id
            .and_then(|id| Some((id, self.inviters.get(&id)?)))
            .map(|(id, account)| {
                let card = self.inviter_cards.get(&(inv.org_id, id));
                invitations::inviter_name_of(account, card)
            })
            .unwrap_or_default();
        let account = match inv.channel {
            Channel::Email => self.by_email.get(&inv.recipient),
            Channel::Sms => self.by_phone.get(&inv.recipient),
        };
        Ok(InvitationToSend {
            has_account: account.is_some(),
            account_name: account.map_or_else(String::new, |a| {
                contact::full_name(&a.first_name, &a.last_name)
            }),
            locale: invitations::addressed_locale(&inv, account).to_owned(),
            org_name: org.name.clone(),
            customer_number: org.customer_number.clone(),
            recipient_name: contact::full_name(first, last),
            inviter_name,
            role_names: self.roles.get(&inv.id).cloned().unwrap_or_default(),
            app_link: org_settings::app_url(org, *kind).map(str::to_owned),
            invitation: inv,
            token,
            link,
        })
    }
}

/// The distinct values, in first-seen order.
fn distinct<T: Clone + Eq + std::hash::Hash>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut seen = HashSet::new();
    values.filter(|v| seen.insert(v.clone())).collect()
}
