//! What a job does: render the message, send it with no transaction open, then record the
//! result if the lease is still ours.

use super::outbox;
use super::worker::JobContext;
use crate::db::enums::{AuditAction, Channel, InvitationStatus, MemberStatus, Problem, Reason};
use crate::db::models::{Invitation, OutboxJob};
use crate::db::schema::{invitations, memberships, organisations, users};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event};
use crate::domain::tokens;
use crate::i18n::{format_datetime, Lang};
use crate::mail::messages::{self, InvitationMail, WelcomeMail};
use crate::mail::SendError;
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

enum Prepared {
    Skip,
    Email {
        message: Box<lettre::Message>,
        sent: Option<Sent>,
    },
    Sms {
        org_id: String,
        to: String,
        text: String,
        message_id: String,
        sent: Option<Sent>,
    },
}

/// What to record on success of an invitation.
struct Sent {
    invitation_id: String,
    membership_id: String,
    token_hash: String,
    expires_at: PrimitiveDateTime,
}

/// Runs one due job; false when there was none.
pub fn run_one(ctx: &JobContext, worker: &str) -> anyhow::Result<bool> {
    let mut conn = ctx.pool.get()?;
    let Some(job) = outbox::claim(&mut conn, ctx.clock.now(), worker, ctx.lease)? else {
        return Ok(false);
    };
    let prepared = match prepare(&mut conn, ctx, &job) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(job = %job.id, error = %e, "cannot prepare message");
            let now = ctx.clock.now();
            write_tx(&mut conn, |c| {
                record_failure(c, now, &job, worker, &Problem::Reason(Reason::Internal))
            })?;
            return Ok(true);
        }
    };
    // SMS limits (docs/SECURITY.md F1): the destination country and today's caps, counted
    // atomically, before anything is minted or sent. A refused message fails with the rule's reason
    // code.
    if let Prepared::Sms { org_id, to, .. } = &prepared {
        let now = ctx.clock.now();
        if let Err(refusal) = crate::domain::sms_policy::admit(&mut conn, now, org_id, to)? {
            tracing::warn!(job = %job.id, reason = %refusal.reason(), "SMS refused by the platform's limits");
            let refused = Problem::Reason(refusal.reason());
            write_tx(&mut conn, |c| {
                record_failure(c, now, &job, worker, &refused)
            })?;
            return Ok(true);
        }
    }
    // The link works from the moment it can reach anybody: its digest and expiry are stored
    // before the message leaves (a fast click must not beat the bookkeeping).
    let minted = match &prepared {
        Prepared::Email { sent: Some(s), .. } | Prepared::Sms { sent: Some(s), .. } => Some(s),
        _ => None,
    };
    if let Some(s) = minted {
        write_tx(&mut conn, |c| record_minted(c, ctx.clock.now(), s))?;
    }
    // The connection goes back to the pool while the network is slow.
    drop(conn);
    let (result, sent) = match prepared {
        Prepared::Skip => (Ok(()), None),
        Prepared::Email { message, sent } => (ctx.mailer.send(&message), sent),
        Prepared::Sms {
            to,
            text,
            message_id,
            sent,
            ..
        } => (ctx.sms.send(&to, &text, &message_id), sent),
    };
    let mut conn = ctx.pool.get()?;
    let now = ctx.clock.now();
    write_tx(&mut conn, |c| match &result {
        Ok(()) => {
            if outbox::finish(c, &job, worker)? {
                if let Some(sent) = &sent {
                    record_sent(c, now, sent)?;
                }
            } else {
                tracing::warn!(job = %job.id, "lease lost before the result was recorded");
            }
            Ok::<_, diesel::result::Error>(())
        }
        Err(SendError::Temporary(reason)) if job.attempts < job.max_attempts => {
            tracing::warn!(job = %job.id, attempt = job.attempts, reason = %reason, "temporary failure, will retry");
            outbox::retry_later(c, now, &job, worker, reason)?;
            Ok(())
        }
        Err(SendError::Temporary(words) | SendError::Permanent(words)) => {
            record_failure(c, now, &job, worker, &Problem::server(words))
        }
    })?;
    Ok(true)
}

fn prepare(conn: &mut DbConnection, ctx: &JobContext, job: &OutboxJob) -> anyhow::Result<Prepared> {
    let Some(inv_id) = &job.invitation_id else {
        return Ok(Prepared::Skip);
    };
    let Some(inv) = invitations::table
        .find(inv_id)
        .select(Invitation::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(Prepared::Skip);
    };
    let (org_name, number, lifetime): (String, String, i32) = organisations::table
        .find(&inv.org_id)
        .select((
            organisations::name,
            organisations::customer_number,
            organisations::invitation_lifetime_hours,
        ))
        .first(conn)?;
    let (first, last): (String, String) = memberships::table
        .find(&inv.membership_id)
        .select((memberships::first_name, memberships::last_name))
        .first(conn)?;
    let recipient_name = crate::domain::contact::clean_name(&format!("{first} {last}"));
    let lang = Lang::parse(&inv.locale).unwrap_or_default();
    match job.kind.as_str() {
        // Handlers are idempotent: only a still-queued invitation is sent.
        "invitation" if inv.status == InvitationStatus::Queued => {
            let token = tokens::invitation_token(&ctx.token_key, &inv.id, inv.token_generation);
            let hours = lifetime.min(ctx.max_lifetime_hours).max(1);
            let expires_at = ctx.clock.now() + Duration::hours(i64::from(hours));
            let inviter_name = crate::domain::invitations::inviter_name(conn, &inv)?;
            let role_names = crate::db::schema::invitation_roles::table
                .inner_join(crate::db::schema::roles::table)
                .filter(crate::db::schema::invitation_roles::invitation_id.eq(&inv.id))
                .select(crate::db::schema::roles::name)
                .load(conn)?;
            let mail = InvitationMail {
                lang,
                org_name,
                customer_number: number,
                inviter_name,
                recipient_name: recipient_name.clone(),
                link: format!("{}/invite/{token}", ctx.base_url),
                expires: format_datetime(expires_at),
                role_names,
                message: inv.message.clone(),
            };
            let sent = Some(Sent {
                invitation_id: inv.id.clone(),
                membership_id: inv.membership_id.clone(),
                token_hash: crate::domain::invitations::token_hash(&token),
                expires_at,
            });
            let message_id = format!(
                "<invitation-{}-{}@{}>",
                inv.id, inv.token_generation, ctx.host
            );
            if inv.channel == Channel::Sms {
                let text = messages::render_invitation_sms(&mail)?;
                Ok(Prepared::Sms {
                    org_id: inv.org_id.clone(),
                    to: inv.recipient.clone(),
                    text,
                    message_id,
                    sent,
                })
            } else {
                let message = messages::build(
                    &ctx.from,
                    &inv.recipient,
                    &recipient_name,
                    &message_id,
                    messages::render_invitation(&mail)?,
                )?;
                Ok(Prepared::Email {
                    message: Box::new(message),
                    sent,
                })
            }
        }
        "welcome" if inv.status == InvitationStatus::Accepted && inv.channel == Channel::Email => {
            let locale: String = match &inv.accepted_user_id {
                Some(id) => users::table.find(id).select(users::locale).first(conn)?,
                None => inv.locale.clone(),
            };
            let mail = WelcomeMail {
                lang: Lang::parse(&locale).unwrap_or(lang),
                org_name,
                customer_number: number,
                recipient_name: recipient_name.clone(),
                sign_in_link: format!("{}/login", ctx.base_url),
            };
            let message_id = format!("<welcome-{}@{}>", inv.id, ctx.host);
            let message = messages::build(
                &ctx.from,
                &inv.recipient,
                &recipient_name,
                &message_id,
                messages::render_welcome(&mail)?,
            )?;
            Ok(Prepared::Email {
                message: Box::new(message),
                sent: None,
            })
        }
        _ => Ok(Prepared::Skip),
    }
}

fn record_minted(conn: &mut DbConnection, now: PrimitiveDateTime, s: &Sent) -> QueryResult<()> {
    diesel::update(
        invitations::table
            .filter(invitations::id.eq(&s.invitation_id))
            .filter(invitations::status.eq(InvitationStatus::Queued)),
    )
    .set((
        invitations::token_hash.eq(&s.token_hash),
        invitations::sent_at.eq(now),
        invitations::expires_at.eq(s.expires_at),
    ))
    .execute(conn)
    .map(|_| ())
}

fn record_sent(conn: &mut DbConnection, now: PrimitiveDateTime, s: &Sent) -> QueryResult<()> {
    let updated = diesel::update(
        invitations::table
            .filter(invitations::id.eq(&s.invitation_id))
            .filter(invitations::status.eq(InvitationStatus::Queued)),
    )
    .set((
        invitations::status.eq(InvitationStatus::Pending),
        invitations::token_hash.eq(&s.token_hash),
        invitations::expires_at.eq(s.expires_at),
        invitations::error.eq(None::<Problem>),
    ))
    .execute(conn)?;
    if updated == 1 {
        diesel::update(
            memberships::table
                .filter(memberships::id.eq(&s.membership_id))
                .filter(memberships::invite_status.eq(MemberStatus::Waiting)),
        )
        .set((
            memberships::invite_status.eq(MemberStatus::Invited),
            memberships::invite_error.eq(None::<Problem>),
            memberships::last_invited_at.eq(now),
        ))
        .execute(conn)?;
    }
    Ok(())
}

fn record_failure(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    job: &OutboxJob,
    worker: &str,
    problem: &Problem,
) -> QueryResult<()> {
    if !outbox::finish(conn, job, worker)? {
        return Ok(());
    }
    let reason = problem.as_str();
    tracing::warn!(job = %job.id, reason = %reason, "delivery failed");
    let Some(inv_id) = &job.invitation_id else {
        return Ok(());
    };
    if job.kind != "invitation" {
        return Ok(());
    }
    let updated = diesel::update(
        invitations::table
            .filter(invitations::id.eq(inv_id))
            .filter(invitations::status.eq(InvitationStatus::Queued)),
    )
    .set((
        invitations::status.eq(InvitationStatus::Failed),
        invitations::error.eq(problem),
    ))
    .execute(conn)?;
    if updated == 1 {
        let (membership_id, org_id): (String, String) = invitations::table
            .find(inv_id)
            .select((invitations::membership_id, invitations::org_id))
            .first(conn)?;
        diesel::update(
            memberships::table
                .filter(memberships::id.eq(&membership_id))
                .filter(memberships::invite_status.eq(MemberStatus::Waiting)),
        )
        .set((
            memberships::invite_status.eq(MemberStatus::Error),
            memberships::invite_error.eq(problem),
        ))
        .execute(conn)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(&org_id),
                actor_user_id: None,
                action: AuditAction::InvitationFailed,
                subject: inv_id,
                details: reason,
                request_id: "",
            },
        )?;
    }
    Ok(())
}
