//! Runs jobs in small batches, with three short write transactions per batch instead of three
//! per message: (1) claim up to `BATCH` due jobs under one lease; decode each into a typed
//! `Job` and let its handler read and render (no write; the batch's invitations are read
//! together, in a few statements for all of them); (2) mint every e-mail's link in one
//! transaction; send each message with no transaction open (an SMS is admitted by the daily
//! caps and its link minted in a short transaction of its own just before it leaves); (3)
//! record every outcome in one transaction (and, while a slow server keeps the batch going,
//! what has gone out every second), each only if the lease still holds. Temporary
//! failures come back later by the job's retry policy, permanent ones fail at once, and a row
//! that cannot be decoded is failed, never retried.

use super::deliver::{self, Message, Prepared};
use super::lease;
use super::record::{record_part, Item, Outcome, Step};
use super::worker::JobContext;
use crate::db::enums::{Problem, Reason};
use crate::db::models::OutboxJob;
use crate::db::queue;
use crate::db::{write_tx, DbConnection};
use crate::domain::delivery::{self, Link};
use crate::domain::jobs::Job;
use crate::domain::sms_policy;
use crate::mail::SendError;
use std::sync::atomic::{AtomicBool, Ordering};

/// Jobs claimed at once by one worker (fewer when the queue is short, so that several workers
/// share it). The batch's three transactions and its reads cost about the same for 32 jobs as
/// for 128: with 128, 10,000 invitations went out 1.13× (SQLite) and 1.15× (PostgreSQL) as fast
/// against the same sink, alternating builds. A batch still fits its lease: sending stops at
/// half the lease (30 s by default) and hands the rest back, so a server slower than ~230 ms a
/// message sends fewer per claim, nothing is lost.
pub const BATCH: i64 = 128;

/// While a batch is being sent, what has gone out is recorded at least this often: a worker
/// killed mid-batch sends again only what left since the last record, not the whole batch
/// (docs/SECURITY.md I4). Against a fast server the batch is over sooner and recorded once.
const RECORD_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Reasons are stored and shown up to this many characters.
const REASON_CHARS: usize = 500;

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ran {
    /// Jobs claimed; 0 when none was due.
    pub claimed: usize,
    /// Jobs run to an outcome (claimed minus those handed back unsent).
    pub ran: usize,
}

/// Claims and runs one batch of due jobs. `share` is how many workers of this process claim
/// from the queue: a short queue is split between them instead of going to the first. Once
/// `stop` is set (shutdown), the message being sent is finished and the rest handed back.
pub fn run_batch(
    ctx: &JobContext,
    worker: &str,
    share: usize,
    stop: &AtomicBool,
) -> anyhow::Result<Ran> {
    let mut conn = ctx.pool.get()?;
    let claim = queue::claim(
        &mut conn,
        ctx.clock.now(),
        worker,
        ctx.lease,
        BATCH,
        i64::try_from(share.max(1)).unwrap_or(1),
    )?;
    if claim.jobs.is_empty() {
        return Ok(Ran::default());
    }
    let decoded: Vec<(OutboxJob, Result<Job, String>)> = claim
        .jobs
        .into_iter()
        .map(|row| {
            let job = Job::decode(&row.kind, &row.payload).map_err(|e| e.to_string());
            (row, job)
        })
        .collect();
    let jobs = decoded.iter().filter_map(|(_, job)| job.as_ref().ok());
    let mut invitations = deliver::read_invitations(&mut conn, ctx, jobs).map_err(|e| {
        tracing::error!(error = %e, "cannot read the batch's invitations");
        short(&e.to_string())
    });
    let mut items: Vec<Item> = decoded
        .into_iter()
        .map(|(row, job)| prepare(&mut conn, ctx, &claim.holder, row, job, &mut invitations))
        .collect();
    let links = minted_with_the_batch(&items);
    if !links.is_empty() {
        write_tx(&mut conn, |c| delivery::record_minted_many(c, &links))?;
    }
    // The connection goes back to the pool while the network is slow.
    drop(conn);
    // Sending stops when half the lease is spent; what is left is handed back unsent. A send
    // still going then keeps the lease (`lease`).
    let send_until = claim.until - ctx.lease / 2;
    let ids: Vec<_> = items.iter().map(|i| i.row.id).collect();
    let mut recorded = 0;
    lease::keeping(ctx, &claim.holder, &ids, claim.until, || {
        let mut last_record = std::time::Instant::now();
        for i in 0..items.len() {
            let item = &mut items[i];
            let step = std::mem::replace(&mut item.step, Step::Ready(Prepared::NOTHING));
            item.step = match step {
                Step::Ready(prepared) => Step::Finished(
                    if stop.load(Ordering::SeqCst) || ctx.clock.now() >= send_until {
                        Outcome::Release
                    } else {
                        match admit_sms(ctx, &item.row, item.job.as_ref(), &prepared) {
                            Ok(counted) => {
                                let (outcome, not_taken) = send(ctx, &item.row, prepared);
                                if let Some(counted) = counted.filter(|_| not_taken) {
                                    give_back(ctx, &item.row, &counted);
                                }
                                outcome
                            }
                            Err(refused) => refused,
                        }
                    },
                ),
                finished => finished,
            };
            if last_record.elapsed() >= RECORD_EVERY && i + 1 < items.len() {
                record_part(ctx, &claim.holder, &items[recorded..=i])?;
                (recorded, last_record) = (i + 1, std::time::Instant::now());
            }
        }
        anyhow::Ok(())
    })?;
    record_part(ctx, &claim.holder, &items[recorded..])?;
    let released = items
        .iter()
        .filter(|i| matches!(i.step, Step::Finished(Outcome::Release)))
        .count();
    Ok(Ran {
        claimed: items.len(),
        ran: items.len() - released,
    })
}

/// Lets the job's handler prepare it (reads only; an invitation's was read for the whole batch
/// into `invitations`, or could not be); work on data is done here, each job in its own
/// transaction.
fn prepare(
    conn: &mut DbConnection,
    ctx: &JobContext,
    holder: &str,
    row: OutboxJob,
    job: Result<Job, String>,
    invitations: &mut Result<deliver::Invitations, String>,
) -> Item {
    let job = match job {
        Ok(job) => job,
        Err(e) => {
            tracing::error!(job = %row.id, error = %e, "undecodable job: marked failed");
            let reason = short(&e);
            return Item {
                row,
                job: None,
                step: Step::Finished(Outcome::Undecodable(reason)),
            };
        }
    };
    if let Some(result) = super::work::run(conn, ctx, holder, &row, &job) {
        let step = Step::Finished(match result {
            Ok(()) => Outcome::Worked,
            Err(reason) => not_now(&row, &reason),
        });
        return Item {
            row,
            job: Some(job),
            step,
        };
    }
    let step = match (&job, invitations.as_mut()) {
        // The batch's invitations could not be read: tried again later.
        (Job::Invitation { .. }, Err(reason)) => Step::Finished(not_now(&row, reason)),
        (_, Ok(invitations)) => prepared(conn, ctx, &row, &job, invitations),
        (_, Err(_)) => prepared(conn, ctx, &row, &job, &mut deliver::Invitations::new()),
    };
    Item {
        row,
        job: Some(job),
        step,
    }
}

fn prepared(
    conn: &mut DbConnection,
    ctx: &JobContext,
    row: &OutboxJob,
    job: &Job,
    invitations: &mut deliver::Invitations,
) -> Step {
    match deliver::prepare(conn, ctx, job, invitations) {
        Ok(prepared) => Step::Ready(prepared),
        // The database could not be read now (a lost connection, a busy file): the message is
        // tried again later, as an invitation whose batch could not be read is — not dropped.
        // A row that is gone stays gone.
        Err(e) if database_now(&e) => {
            tracing::warn!(job = %row.id, error = %e, "message not prepared now");
            Step::Finished(not_now(row, &e.to_string()))
        }
        Err(e) => {
            tracing::error!(job = %row.id, error = %e, "cannot prepare message");
            Step::Finished(Outcome::Failed(Problem::Reason(Reason::Internal)))
        }
    }
}

/// Whether a message could not be prepared because the database could not be read now — not
/// because a row is gone (then it stays gone) or the message cannot be written.
fn database_now(e: &anyhow::Error) -> bool {
    use crate::domain::DomainError;
    let db = e.downcast_ref::<diesel::result::Error>().or_else(|| {
        match e.downcast_ref::<DomainError>() {
            Some(DomainError::Db(d)) => Some(d),
            _ => None,
        }
    });
    db.is_some_and(|d| !matches!(d, diesel::result::Error::NotFound))
}

/// A job that could not run for a reason of ours (the database): tried again later while it has
/// attempts left.
fn not_now(row: &OutboxJob, reason: &str) -> Outcome {
    if row.attempts < row.max_attempts {
        Outcome::Retry(short(reason))
    } else {
        Outcome::Failed(Problem::Reason(Reason::Internal))
    }
}

/// The links minted for the whole batch before anything is sent: every e-mail's (a link works
/// from the moment it can reach anybody, so it is stored before the message leaves). An SMS's
/// is minted as it leaves, by [`admit_sms`].
fn minted_with_the_batch(items: &[Item]) -> Vec<&Link> {
    items
        .iter()
        .filter_map(|item| match &item.step {
            Step::Ready(Prepared {
                message: Some(Message::Sms { .. }),
                ..
            })
            | Step::Finished(_) => None,
            Step::Ready(prepared) => prepared.link.as_ref(),
        })
        .collect()
}

/// Admits an SMS just before it leaves, in a short transaction of its own: the platform's
/// verification method for a link, the destination country, then the daily caps (each counted
/// atomically, so parallel workers never exceed one), and its link minted with it. Counted for
/// the whole batch at the claim instead, a worker held slots for messages it might hand back
/// unsent, and other workers' messages were refused for them. Anything else passes.
fn admit_sms(
    ctx: &JobContext,
    row: &OutboxJob,
    job: Option<&Job>,
    prepared: &Prepared,
) -> Result<Option<sms_policy::Counted>, Outcome> {
    let Some(Message::Sms { org_id, to, .. }) = &prepared.message else {
        return Ok(None);
    };
    // Its link proves the phone: not sent once the platform verifies by e-mail only.
    let proves = matches!(
        job,
        Some(Job::Invitation { .. } | Job::PasswordReset { .. })
    );
    let admitted = ctx
        .pool
        .get()
        .map_err(|e| e.to_string())
        .and_then(|mut conn| {
            let now = ctx.clock.now();
            write_tx(&mut conn, |c| {
                let admitted = sms_policy::admit(c, now, *org_id, to, proves)?;
                if admitted.is_ok() {
                    let link: Vec<&Link> = prepared.link.iter().collect();
                    delivery::record_minted_many(c, &link)?;
                }
                Ok(admitted)
            })
            .map_err(|e: diesel::result::Error| e.to_string())
        });
    match admitted {
        Ok(Ok(counted)) => Ok(Some(counted)),
        Ok(Err(refusal)) => {
            tracing::warn!(job = %row.id, reason = refusal.reason().as_str(), "SMS refused by the platform's limits");
            Err(Outcome::Failed(Problem::Reason(refusal.reason())))
        }
        Err(e) => {
            tracing::error!(job = %row.id, error = %e, "cannot admit the SMS");
            Err(not_now(row, &e))
        }
    }
}

/// An SMS the gateway surely did not take comes off the daily caps (they count messages sent,
/// not attempts: a gateway's outage would otherwise use them up); one it may have taken (a 5xx,
/// no answer) stays counted. A failure to give it back is logged; the message's own outcome
/// stands.
fn give_back(ctx: &JobContext, row: &OutboxJob, counted: &sms_policy::Counted) {
    let given = ctx
        .pool
        .get()
        .map_err(|e| e.to_string())
        .and_then(|mut conn| {
            write_tx(&mut conn, |c| counted.give_back(c)).map_err(|e| e.to_string())
        });
    if let Err(e) = given {
        tracing::error!(job = %row.id, error = %e, "cannot give an unsent SMS back to the daily caps");
    }
}

/// Sends the message: its outcome, and whether the service surely did not take it.
fn send(ctx: &JobContext, row: &OutboxJob, prepared: Prepared) -> (Outcome, bool) {
    let result = match &prepared.message {
        None => Ok(()),
        Some(Message::Email(message)) => ctx.mailer.send(message),
        Some(Message::Sms {
            to,
            text,
            message_id,
            ..
        }) => ctx.sms.send(to, text, message_id),
    };
    let not_taken = match &result {
        Ok(()) => false,
        Err(SendError::Temporary(_) | SendError::Permanent(_)) => true,
        Err(SendError::Setup { maybe_taken, .. }) => !maybe_taken,
    };
    let outcome = match result {
        Ok(()) => Outcome::Done(prepared.link),
        Err(SendError::Temporary(reason)) if row.attempts < row.max_attempts => {
            Outcome::Retry(reason)
        }
        Err(SendError::Temporary(reason) | SendError::Permanent(reason)) => {
            Outcome::Failed(Problem::server(&short(&reason)))
        }
        // The mail server or our settings for it: retried like a refused connection; once no
        // attempt is left, stored as the configuration's problem, not the recipient's.
        Err(SendError::Setup { detail, .. }) if row.attempts < row.max_attempts => {
            Outcome::Retry(short(&detail))
        }
        Err(SendError::Setup { reply, .. }) => {
            let reply = reply.as_deref().unwrap_or("");
            Outcome::Failed(match prepared.message {
                Some(Message::Sms { .. }) => Problem::sms_setup(reply),
                _ => Problem::mail_setup(reply),
            })
        }
    };
    (outcome, not_taken)
}

fn short(reason: &str) -> String {
    reason.chars().take(REASON_CHARS).collect()
}
