//! The handlers of the message jobs: for each kind of `Job`, what it sends (read through
//! `domain::delivery`, rendered with `mail::messages`) and what its failure changes. The runner
//! mints the link, sends, and records the outcome.

use super::worker::JobContext;
use crate::db::enums::{Channel, Problem};
use crate::db::ids::{InvitationId, MemberId, OrgId};
use crate::db::DbConnection;
use crate::domain::delivery::{self, InvitationJob, InvitationToSend, Link};
use crate::domain::jobs::Job;
use crate::i18n::{format_datetime_in, Lang};
use crate::mail::account::SecurityNotice;
use crate::mail::messages::{self, AcceptedNoticeMail, InvitationMail, LinkAsks, WelcomeMail};
use diesel::QueryResult;
use std::collections::HashMap;
use time::PrimitiveDateTime;

/// What leaves.
pub(super) enum Message {
    Email(Box<lettre::Message>),
    Sms {
        /// The organisation whose daily cap counts it (`None`: a message of the platform).
        org_id: Option<OrgId>,
        to: String,
        text: String,
        message_id: String,
    },
}

/// A job ready to run.
pub(super) struct Prepared {
    /// `None`: nothing (or nothing any more) to send; the job is done.
    pub message: Option<Message>,
    /// The link to record before the message leaves and once it was accepted.
    pub link: Option<Link>,
}

impl Prepared {
    pub(super) const NOTHING: Prepared = Prepared {
        message: None,
        link: None,
    };

    /// A message of the platform to one person by `channel` (no organisation's SMS cap counts
    /// it: the account's own notices and links; the platform's cap and country list still
    /// apply): the SMS text, or the e-mail rendered, whichever the channel needs.
    pub(super) fn platform_message(
        ctx: &JobContext,
        channel: Channel,
        (to, name): (&str, &str),
        message_id: String,
        sms: impl FnOnce() -> Result<String, askama::Error>,
        email: impl FnOnce() -> Result<messages::Rendered, askama::Error>,
    ) -> anyhow::Result<Prepared> {
        let message = match channel {
            Channel::Sms => Message::Sms {
                org_id: None,
                to: to.to_owned(),
                text: sms()?,
                message_id,
            },
            Channel::Email => Message::Email(Box::new(messages::build(
                &ctx.from,
                to,
                name,
                &message_id,
                email()?,
            )?)),
        };
        Ok(Prepared {
            message: Some(message),
            link: None,
        })
    }
}

/// What the invitation jobs of a batch send, read together (a few statements for the whole
/// batch); [`prepare`] takes each job's from it.
pub(super) type Invitations = HashMap<InvitationJob, InvitationToSend>;

/// Reads what the invitation jobs among `jobs` send; no write.
pub(super) fn read_invitations<'a>(
    conn: &mut DbConnection,
    ctx: &JobContext,
    jobs: impl Iterator<Item = &'a Job>,
) -> QueryResult<Invitations> {
    let wanted: Vec<InvitationJob> = jobs
        .filter_map(|job| match job {
            Job::Invitation {
                invitation_id,
                token_generation,
            } => Some((*invitation_id, *token_generation)),
            _ => None,
        })
        .collect();
    if wanted.is_empty() {
        return Ok(Invitations::new());
    }
    delivery::invitations_to_send(
        conn,
        ctx.clock.now(),
        &ctx.token_key,
        ctx.max_lifetime_hours,
        &wanted,
    )
}

/// Reads what `job` sends (an invitation's from `invitations`, read beforehand) and renders
/// it; no write.
pub(super) fn prepare(
    conn: &mut DbConnection,
    ctx: &JobContext,
    job: &Job,
    invitations: &mut Invitations,
) -> anyhow::Result<Prepared> {
    match job {
        Job::Invitation {
            invitation_id,
            token_generation,
        } => match invitations.remove(&(*invitation_id, *token_generation)) {
            Some(send) => invitation(ctx, send),
            // Gone, no longer queued, or of another link generation: nothing to send.
            None => Ok(Prepared::NOTHING),
        },
        Job::Welcome { invitation_id } => welcome(conn, ctx, *invitation_id),
        Job::AccessGranted {
            member_id,
            granted_at,
        } => access_granted(conn, ctx, *member_id, *granted_at),
        Job::InvitationAccepted { invitation_id } => accepted_notice(conn, ctx, *invitation_id),
        Job::MemberLeft {
            member_id,
            admin_id,
            left_at,
        } => member_left(conn, ctx, *member_id, *admin_id, *left_at),
        Job::PasswordReset { reset_id } => {
            super::account_mail::password_reset(conn, ctx, *reset_id)
        }
        Job::PasswordChanged {
            account_id,
            changed_at,
        } => super::account_mail::security_notice(
            conn,
            ctx,
            *account_id,
            *changed_at,
            SecurityNotice::PasswordChanged,
        ),
        Job::PasswordSet { account_id, set_at } => super::account_mail::security_notice(
            conn,
            ctx,
            *account_id,
            *set_at,
            SecurityNotice::PasswordSet,
        ),
        Job::TwoFactorDisabled {
            account_id,
            disabled_at,
        } => super::account_mail::security_notice(
            conn,
            ctx,
            *account_id,
            *disabled_at,
            SecurityNotice::TwoFactorOff,
        ),
        // Work on data, run by `jobs::work` before messages are prepared: nothing to send.
        Job::ImportChunk { .. } => Ok(Prepared::NOTHING),
    }
}

/// What a job's final failure changes (inside the recording transaction).
pub(super) fn record_failure(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    job: &Job,
    problem: &Problem,
) -> QueryResult<()> {
    match job {
        Job::Invitation { invitation_id, .. } => {
            delivery::record_failed(conn, now, *invitation_id, problem)
        }
        // A welcome or notice that cannot be delivered changes nothing; the log says why.
        Job::Welcome { .. }
        | Job::AccessGranted { .. }
        | Job::InvitationAccepted { .. }
        | Job::MemberLeft { .. }
        | Job::PasswordReset { .. }
        | Job::PasswordChanged { .. }
        | Job::PasswordSet { .. }
        | Job::TwoFactorDisabled { .. } => Ok(()),
        // A chunk that failed on every attempt stops its import there.
        Job::ImportChunk { import_id, .. } => crate::domain::import::give_up(conn, now, *import_id),
    }
}

fn invitation(ctx: &JobContext, send: InvitationToSend) -> anyhow::Result<Prepared> {
    let inv = &send.invitation;
    let lang = Lang::parse(&send.locale).unwrap_or_default();
    let mail = InvitationMail {
        lang,
        org_name: send.org_name.clone(),
        customer_number: send.customer_number.clone(),
        inviter_name: send.inviter_name.clone(),
        // The card's names; a card without any (an operator's first admin, a number typed
        // alone) greets the account by its own.
        recipient_name: if send.recipient_name.is_empty() {
            send.account_name.clone()
        } else {
            send.recipient_name.clone()
        },
        link: format!("{}/invite/{}", ctx.base_url, send.token),
        expires: format_datetime_in(lang, send.link.expires_at),
        role_names: send.role_names.clone(),
        grant_admin: inv.grant_admin,
        message: inv.message.clone(),
        asks: LinkAsks::for_recipient(send.has_account),
        app_link: send.app_link.clone(),
    };
    let message_id = format!(
        "<invitation-{}-{}@{}>",
        inv.id, inv.token_generation, ctx.host
    );
    let message = if inv.channel == Channel::Sms {
        Message::Sms {
            org_id: Some(inv.org_id),
            to: inv.recipient.clone(),
            text: messages::render_invitation_sms(&mail)?,
            message_id,
        }
    } else {
        Message::Email(Box::new(messages::build(
            &ctx.from,
            &inv.recipient,
            &send.recipient_name,
            &message_id,
            messages::render_invitation(&mail)?,
        )?))
    };
    Ok(Prepared {
        message: Some(message),
        link: Some(send.link),
    })
}

fn welcome(
    conn: &mut DbConnection,
    ctx: &JobContext,
    invitation_id: InvitationId,
) -> anyhow::Result<Prepared> {
    let Some(send) = delivery::welcome_to_send(conn, invitation_id)? else {
        return Ok(Prepared::NOTHING);
    };
    let inv = &send.invitation;
    let mail = WelcomeMail {
        lang: Lang::parse(&send.locale)
            .or_else(|| Lang::parse(&inv.locale))
            .unwrap_or_default(),
        org_name: send.org_name.clone(),
        customer_number: send.customer_number.clone(),
        recipient_name: send.recipient_name.clone(),
        sign_in_link: format!("{}/login", ctx.base_url),
        app_link: send.app_link.clone(),
        new_account: send.new_account,
    };
    let message_id = format!("<welcome-{}@{}>", inv.id, ctx.host);
    // Accepted from an SMS, the phone hears that the account is ready (docs/SECURITY.md C6),
    // as a message of the platform: the organisation's daily cap, spent on that day's
    // invitations, must not suppress it.
    Prepared::platform_message(
        ctx,
        inv.channel,
        (&inv.recipient, &send.recipient_name),
        message_id,
        || messages::render_welcome_sms(&mail),
        || messages::render_welcome(&mail),
    )
}

fn access_granted(
    conn: &mut DbConnection,
    ctx: &JobContext,
    member_id: MemberId,
    granted_at: i64,
) -> anyhow::Result<Prepared> {
    let Some(send) = crate::domain::access::to_send(conn, member_id)? else {
        return Ok(Prepared::NOTHING);
    };
    let mail = crate::mail::access_granted::AccessGrantedMail {
        lang: Lang::parse(&send.locale).unwrap_or_default(),
        org_name: send.org_name,
        customer_number: send.customer_number,
        recipient_name: send.recipient_name.clone(),
        role_names: send.role_names,
        sign_in_link: format!("{}/login", ctx.base_url),
    };
    let message_id = format!("<access-granted-{member_id}-{granted_at}@{}>", ctx.host);
    let message = messages::build(
        &ctx.from,
        &send.email,
        &send.recipient_name,
        &message_id,
        crate::mail::access_granted::render(&mail)?,
    )?;
    Ok(Prepared {
        message: Some(Message::Email(Box::new(message))),
        link: None,
    })
}

fn accepted_notice(
    conn: &mut DbConnection,
    ctx: &JobContext,
    invitation_id: InvitationId,
) -> anyhow::Result<Prepared> {
    let Some(send) = crate::domain::notices::accepted_notice_to_send(conn, invitation_id)? else {
        return Ok(Prepared::NOTHING);
    };
    let mail = AcceptedNoticeMail {
        lang: Lang::parse(&send.locale).unwrap_or_default(),
        org_name: send.org_name.clone(),
        customer_number: send.customer_number.clone(),
        inviter_name: send.inviter_name.clone(),
        member_name: send.member_name.clone(),
        card_link: format!("{}/admin/users/{}", ctx.base_url, send.member_id),
        grant_access: send.grant_access,
    };
    let message_id = format!("<invitation-accepted-{}@{}>", send.invitation_id, ctx.host);
    let message = messages::build(
        &ctx.from,
        &send.to_email,
        &send.inviter_name,
        &message_id,
        messages::render_accepted_notice(&mail)?,
    )?;
    Ok(Prepared {
        message: Some(Message::Email(Box::new(message))),
        link: None,
    })
}

fn member_left(
    conn: &mut DbConnection,
    ctx: &JobContext,
    member_id: MemberId,
    admin_id: MemberId,
    left_at: i64,
) -> anyhow::Result<Prepared> {
    let Some(send) = crate::domain::notices::member_left_to_send(conn, member_id, admin_id)? else {
        return Ok(Prepared::NOTHING);
    };
    let mail = crate::mail::member_left::MemberLeftMail {
        lang: Lang::parse(&send.locale).unwrap_or_default(),
        org_name: send.org_name,
        customer_number: send.customer_number,
        admin_name: send.admin_name.clone(),
        member_name: send.member_name,
        member_contact: send.member_contact,
        card_link: format!("{}/admin/users/{}", ctx.base_url, send.member_id),
    };
    let message_id = format!(
        "<member-left-{member_id}-{admin_id}-{left_at}@{}>",
        ctx.host
    );
    let message = messages::build(
        &ctx.from,
        &send.to_email,
        &send.admin_name,
        &message_id,
        crate::mail::member_left::render(&mail)?,
    )?;
    Ok(Prepared {
        message: Some(Message::Email(Box::new(message))),
        link: None,
    })
}
