//! Background work, typed. Each kind of job is a variant of [`Job`] with its arguments (stored
//! as the row's JSON payload), its idempotency key and its retry policy; a new kind of work
//! (notices to admins, import chunks, exports, webhooks) is a new variant, and the compiler then
//! asks the job runner (module `jobs`) for its handler. Jobs are queued in the caller's
//! transaction, so the work and the change that asks for it commit together or not at all.

use crate::db::ids::{AccountId, ImportId, InvitationId, MemberId, PasswordResetId};
use crate::db::queue::{self, Enqueued, NewJob, QueueStats};
use crate::db::DbConnection;
use diesel::QueryResult;
use rand::Rng;
use serde::{Deserialize, Serialize};
use time::{Duration, PrimitiveDateTime};

/// A job and its arguments. The serde tag is the row's `kind`, the content its `payload`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload")]
pub enum Job {
    /// Sends a queued invitation by its channel and records the outcome on it and its card.
    #[serde(rename = "invitation")]
    Invitation {
        invitation_id: InvitationId,
        /// The link generation the message is for; a job for an older one does nothing.
        token_generation: i32,
    },
    /// The welcome e-mail after an invitation was accepted.
    #[serde(rename = "welcome")]
    Welcome { invitation_id: InvitationId },
    /// Tells an active member who had no role that an admin gave one (restricted access lifted).
    #[serde(rename = "access_granted")]
    AccessGranted {
        member_id: MemberId,
        /// When the role was given (Unix seconds): a later grant is a new message.
        granted_at: i64,
    },
    /// Tells the inviter that an invitation was accepted.
    #[serde(rename = "invitation_accepted")]
    InvitationAccepted { invitation_id: InvitationId },
    /// Tells one admin of an organisation that a member left it (one job per admin, each in
    /// the admin's own account language).
    #[serde(rename = "member_left")]
    MemberLeft {
        /// The card of the member who left.
        member_id: MemberId,
        /// The admin's card.
        admin_id: MemberId,
        /// When they left (Unix seconds): leaving again after a new invitation is a new message.
        left_at: i64,
    },
    /// A forgotten-password link, by e-mail or SMS; the link is derived when it leaves.
    #[serde(rename = "password_reset")]
    PasswordReset { reset_id: PasswordResetId },
    /// Tells an account that its password was changed (never the password).
    #[serde(rename = "password_changed")]
    PasswordChanged {
        account_id: AccountId,
        /// When (Unix seconds): a later change is a new message.
        changed_at: i64,
    },
    /// Tells a new account that its first password was set (an operator created through a setup
    /// link; docs/SECURITY.md C6).
    #[serde(rename = "password_set")]
    PasswordSet {
        account_id: AccountId,
        /// When (Unix seconds).
        set_at: i64,
    },
    /// Tells an account that its two-factor sign-in was turned off (never a code or the secret).
    #[serde(rename = "two_factor_disabled")]
    TwoFactorDisabled {
        account_id: AccountId,
        /// When (Unix seconds): turning it off again after turning it on is a new message.
        disabled_at: i64,
    },
    /// Writes the next chunk of a committed CSV import: the chunk and the job's completion are
    /// one transaction (`jobs::work`), so a chunk is written once.
    #[serde(rename = "import_chunk")]
    ImportChunk {
        import_id: ImportId,
        /// The last line of the chunk before (0 for the first): one job per chunk.
        from_line: i32,
    },
}

/// How often and how patiently a job is retried after temporary failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; after the last the job fails.
    pub max_attempts: i32,
    /// Wait after the first failed attempt; doubled after each further one.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

/// Messages: 30 s, 1 min, 2 min … up to an hour, 8 attempts.
pub const MESSAGE_RETRIES: RetryPolicy = RetryPolicy {
    max_attempts: 8,
    first_backoff: Duration::seconds(30),
    max_backoff: Duration::hours(1),
};

/// Forgotten-password links: 30 s … 8 min, 5 attempts (the link dies after an hour anyway).
pub const RESET_RETRIES: RetryPolicy = RetryPolicy {
    max_attempts: 5,
    first_backoff: Duration::seconds(30),
    max_backoff: Duration::minutes(10),
};

/// Work on data (import chunks): 10 s … 10 min, 12 attempts (a chunk fails only when the
/// database does).
pub const WORK_RETRIES: RetryPolicy = RetryPolicy {
    max_attempts: 12,
    first_backoff: Duration::seconds(10),
    max_backoff: Duration::minutes(10),
};

impl RetryPolicy {
    /// The wait after `attempts` failed attempts: exponential, capped, with ±20 % jitter so
    /// that jobs which failed together do not come back together.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let doublings = attempts.clamp(1, 31) - 1;
        let base = self
            .first_backoff
            .whole_seconds()
            .saturating_mul(1i64 << doublings.min(30))
            .min(self.max_backoff.whole_seconds());
        let spread = base / 5;
        Duration::seconds(base + rand::thread_rng().gen_range(-spread..=spread))
    }
}

/// A row whose kind or payload this version cannot read.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode job {kind:?}: {source}")]
pub struct Undecodable {
    pub kind: String,
    #[source]
    pub source: serde_json::Error,
}

impl Job {
    /// The name stored in the row's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Invitation { .. } => "invitation",
            Job::Welcome { .. } => "welcome",
            Job::AccessGranted { .. } => "access_granted",
            Job::InvitationAccepted { .. } => "invitation_accepted",
            Job::MemberLeft { .. } => "member_left",
            Job::PasswordReset { .. } => "password_reset",
            Job::PasswordChanged { .. } => "password_changed",
            Job::PasswordSet { .. } => "password_set",
            Job::TwoFactorDisabled { .. } => "two_factor_disabled",
            Job::ImportChunk { .. } => "import_chunk",
        }
    }

    /// At most one queued job per key: one per invitation and link generation (the invitation
    /// fixes the channel), one welcome per accepted invitation.
    pub fn idempotency_key(&self) -> String {
        match self {
            Job::Invitation {
                invitation_id,
                token_generation,
            } => format!("invitation:{invitation_id}:{token_generation}"),
            Job::Welcome { invitation_id } => format!("welcome:{invitation_id}"),
            Job::AccessGranted {
                member_id,
                granted_at,
            } => format!("access_granted:{member_id}:{granted_at}"),
            Job::InvitationAccepted { invitation_id } => {
                format!("invitation_accepted:{invitation_id}")
            }
            Job::MemberLeft {
                member_id,
                admin_id,
                left_at,
            } => format!("member_left:{member_id}:{admin_id}:{left_at}"),
            Job::PasswordReset { reset_id } => format!("password_reset:{reset_id}"),
            Job::PasswordChanged {
                account_id,
                changed_at,
            } => format!("password_changed:{account_id}:{changed_at}"),
            Job::PasswordSet { account_id, set_at } => {
                format!("password_set:{account_id}:{set_at}")
            }
            Job::TwoFactorDisabled {
                account_id,
                disabled_at,
            } => format!("two_factor_disabled:{account_id}:{disabled_at}"),
            Job::ImportChunk {
                import_id,
                from_line,
            } => format!("import_chunk:{import_id}:{from_line}"),
        }
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        match self {
            Job::Invitation { .. }
            | Job::Welcome { .. }
            | Job::AccessGranted { .. }
            | Job::InvitationAccepted { .. }
            | Job::MemberLeft { .. }
            | Job::PasswordChanged { .. }
            | Job::PasswordSet { .. }
            | Job::TwoFactorDisabled { .. } => MESSAGE_RETRIES,
            // A link lives an hour: no point retrying for longer.
            Job::PasswordReset { .. } => RESET_RETRIES,
            Job::ImportChunk { .. } => WORK_RETRIES,
        }
    }

    /// The JSON payload (the variant's fields).
    pub fn payload(&self) -> String {
        let payload = serde_json::to_value(self)
            .ok()
            .and_then(|mut v| v.get_mut("payload").map(serde_json::Value::take))
            .unwrap_or(serde_json::Value::Null);
        payload.to_string()
    }

    /// Reads a stored job back; an unknown kind or a payload that does not fit is an error.
    pub fn decode(kind: &str, payload: &str) -> Result<Job, Undecodable> {
        let undecodable = |source| Undecodable {
            kind: kind.chars().take(100).collect(),
            source,
        };
        let payload: serde_json::Value = serde_json::from_str(payload).map_err(undecodable)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
            .map_err(undecodable)
    }
}

/// Queues `job` to run now, inside the caller's transaction; a job with the same idempotency
/// key already queued is kept and nothing is added.
pub fn enqueue(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    job: &Job,
) -> QueryResult<Enqueued> {
    enqueue_at(conn, now, job, now)
}

/// [`enqueue`], to run from `run_at` on.
pub fn enqueue_at(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    job: &Job,
    run_at: PrimitiveDateTime,
) -> QueryResult<Enqueued> {
    queue::enqueue(
        conn,
        now,
        &NewJob {
            kind: job.kind(),
            payload: &job.payload(),
            idempotency_key: &job.idempotency_key(),
            max_attempts: job.retry_policy().max_attempts,
            run_at,
        },
    )
}

/// Puts a queued `job` off until `run_at` (not one a worker holds).
pub fn postpone(
    conn: &mut DbConnection,
    job: &Job,
    run_at: PrimitiveDateTime,
) -> QueryResult<usize> {
    queue::postpone(conn, &job.idempotency_key(), run_at)
}

/// Queues many jobs at once (multi-row statements), each as [`enqueue`] would.
pub fn enqueue_many(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    jobs: &[Job],
) -> QueryResult<usize> {
    let fields: Vec<(String, String)> = jobs
        .iter()
        .map(|j| (j.payload(), j.idempotency_key()))
        .collect();
    let rows: Vec<NewJob<'_>> = jobs
        .iter()
        .zip(&fields)
        .map(|(job, (payload, key))| NewJob {
            kind: job.kind(),
            payload,
            idempotency_key: key,
            max_attempts: job.retry_policy().max_attempts,
            run_at: now,
        })
        .collect();
    queue::enqueue_many(conn, now, &rows)
}

/// Drops queued jobs that are no longer wanted (e.g. the invitation was revoked).
pub fn cancel(conn: &mut DbConnection, jobs: &[Job]) -> QueryResult<usize> {
    let keys: Vec<String> = jobs.iter().map(Job::idempotency_key).collect();
    queue::cancel(conn, &keys)
}

/// Queue depth, oldest queued job and failed jobs, for admins and `/healthz`.
pub fn stats(conn: &mut DbConnection) -> QueryResult<QueueStats> {
    queue::stats(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        for _ in 0..50 {
            let first = MESSAGE_RETRIES.backoff(1).whole_seconds();
            assert!((24..=36).contains(&first), "{first}");
            let third = MESSAGE_RETRIES.backoff(3).whole_seconds();
            assert!((96..=144).contains(&third), "{third}");
            assert!(MESSAGE_RETRIES.backoff(30).whole_seconds() <= 3600 + 720);
            assert!(MESSAGE_RETRIES.backoff(i32::MAX).whole_seconds() <= 3600 + 720);
        }
    }

    #[test]
    fn jobs_round_trip_through_kind_and_payload() {
        let jobs = [
            Job::Invitation {
                invitation_id: InvitationId::from_raw(1),
                token_generation: 2,
            },
            Job::Welcome {
                invitation_id: InvitationId::from_raw(2),
            },
            Job::AccessGranted {
                member_id: MemberId::from_raw(3),
                granted_at: 1_790_000_000,
            },
            Job::InvitationAccepted {
                invitation_id: InvitationId::from_raw(3),
            },
            Job::MemberLeft {
                member_id: MemberId::from_raw(4),
                admin_id: MemberId::from_raw(5),
                left_at: 1_790_000_000,
            },
            Job::PasswordReset {
                reset_id: PasswordResetId::from_raw(4),
            },
            Job::PasswordChanged {
                account_id: AccountId::from_raw(5),
                changed_at: 1_790_000_000,
            },
            Job::PasswordSet {
                account_id: AccountId::from_raw(6),
                set_at: 1_790_000_000,
            },
            Job::TwoFactorDisabled {
                account_id: AccountId::from_raw(7),
                disabled_at: 1_790_000_000,
            },
            Job::ImportChunk {
                import_id: ImportId::from_raw(6),
                from_line: 201,
            },
        ];
        for job in jobs {
            let payload = job.payload();
            assert!(payload.starts_with('{'), "{payload}");
            assert_eq!(Job::decode(job.kind(), &payload).unwrap(), job);
        }
        assert_eq!(
            Job::Welcome {
                invitation_id: InvitationId::from_raw(7)
            }
            .payload(),
            r#"{"invitation_id":7}"#
        );
    }

    #[test]
    fn unknown_kinds_and_bad_payloads_do_not_decode() {
        assert!(Job::decode("webhook", r#"{"invitation_id":1}"#).is_err());
        // A key from before the compact keys is not one.
        assert!(Job::decode("welcome", r#"{"invitation_id":"0190a8c2-uuid"}"#).is_err());
        assert!(Job::decode("welcome", "not json").is_err());
        assert!(Job::decode("welcome", "{}").is_err());
        assert!(Job::decode("invitation", r#"{"invitation_id":1}"#).is_err());
        // Fields a newer version added are ignored.
        assert!(Job::decode("welcome", r#"{"invitation_id":1,"extra":1}"#).is_ok());
    }
}
