//! The invitations of the seeded cards: every card seeded "invited" holds a pending invitation
//! and every card seeded "error" a failed one, as delivery would have left them — so the
//! invitations list, the cards' histories, the seat counts and the operator's figures agree
//! with the users table. Written with the cards, in the same multi-row statements.

use super::SeedCard;
use crate::db::enums::{Channel, InvitationStatus, Language, MemberStatus, Problem};
use crate::db::ids::{AccountId, MemberId, OrgId};
use crate::db::schema;
use crate::domain::tokens;
use diesel::prelude::*;
use std::collections::HashMap;
use time::{Duration, PrimitiveDateTime};

/// What the mail server said to a seeded e-mail invitation that failed.
pub const MAIL_REFUSAL: &str = "550 5.1.1 Mailbox unavailable";
/// What the SMS gateway said to a seeded SMS invitation that failed (its status and body, as
/// the HTTP gateway's refusal is reported).
pub const SMS_REFUSAL: &str = "400 Invalid destination number";

/// Why a seeded card's invitation failed, by the channel it went by.
pub fn refusal(channel: Channel) -> Problem {
    Problem::server(match channel {
        Channel::Email => MAIL_REFUSAL,
        Channel::Sms => SMS_REFUSAL,
    })
}

/// The channel of a seeded card: e-mail when it has an address, else SMS.
pub fn channel_of(email: Option<&str>) -> Channel {
    if email.is_some() {
        Channel::Email
    } else {
        Channel::Sms
    }
}

/// One seeded invitation, as delivery leaves one: its link minted, sent (or refused).
#[derive(Insertable)]
#[diesel(table_name = schema::invitations)]
pub(super) struct SeedInvitation {
    org_id: OrgId,
    member_id: MemberId,
    inviter_account_id: Option<AccountId>,
    channel: Channel,
    recipient: String,
    token_hash: Option<String>,
    token_generation: i32,
    status: InvitationStatus,
    error: Option<Problem>,
    grant_admin: bool,
    message: &'static str,
    locale: &'static str,
    created_at: PrimitiveDateTime,
    sent_at: Option<PrimitiveDateTime>,
    expires_at: Option<PrimitiveDateTime>,
}

/// The invitations of the cards of `part` that were written as `made` (each card's key and
/// last name, unique among the seeded cards of an organisation, in whatever order the database
/// returned them); `None` if a card invited is missing from `made` (never: it would be a bug).
/// A link is minted for each as delivery mints one — 32 random bytes, only their digest
/// stored — so no seeded invitation opens with a token anyone could know. No inviter: the
/// seed's admin would otherwise have used up its daily limit.
pub(super) fn of_cards(
    part: &[SeedCard],
    made: &[(MemberId, String)],
    lifetime: Duration,
) -> Option<Vec<SeedInvitation>> {
    let keys: HashMap<&str, MemberId> = made.iter().map(|(id, l)| (l.as_str(), *id)).collect();
    part.iter()
        .filter_map(|card| {
            let status = match card.invite_status {
                MemberStatus::Invited => InvitationStatus::Pending,
                MemberStatus::Error => InvitationStatus::Failed,
                _ => return None,
            };
            Some((card, status))
        })
        .map(|(card, status)| {
            let sent = card.last_invited_at?;
            Some(SeedInvitation {
                org_id: card.org_id,
                member_id: *keys.get(card.last_name.as_str())?,
                inviter_account_id: None,
                channel: channel_of(card.email.as_deref()),
                recipient: card.email.clone().or_else(|| card.phone.clone())?,
                token_hash: Some(tokens::digest(tokens::INVITATION, &tokens::random_token())),
                token_generation: 0,
                status,
                error: card.invite_error.clone(),
                grant_admin: false,
                message: "",
                locale: Language::En.as_str(),
                created_at: sent,
                // Sent: the time the server took it; a failed one was never taken.
                sent_at: (status == InvitationStatus::Pending).then_some(sent),
                expires_at: Some(sent + lifetime),
            })
        })
        .collect()
}
