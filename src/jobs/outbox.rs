//! Outbox rows: written in the caller's transaction, claimed with a lease in a short
//! transaction, finished only by the worker that still holds the lease.

use crate::db::models::{NewOutboxJob, OutboxJob};
use crate::db::schema::outbox_jobs;
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};
use rand::Rng;
use time::{Duration, PrimitiveDateTime};

pub const MAX_ATTEMPTS: i32 = 8;

/// Adds a job inside the caller's transaction.
pub fn enqueue(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    kind: &str,
    invitation_id: &str,
    dedupe_key: &str,
) -> QueryResult<()> {
    let id = crate::domain::new_id();
    diesel::insert_into(outbox_jobs::table)
        .values(NewOutboxJob {
            id: &id,
            kind,
            invitation_id: Some(invitation_id),
            dedupe_key,
            run_at: now,
            attempts: 0,
            max_attempts: MAX_ATTEMPTS,
            created_at: now,
        })
        .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

/// Claims the next due job for `worker`, taking a lease of `lease` seconds.
pub fn claim(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    worker: &str,
    lease: Duration,
) -> QueryResult<Option<OutboxJob>> {
    write_tx(conn, |conn| {
        let candidate: Option<String> = match conn {
            // Several instances share the outbox: skip rows another one is claiming
            // (docs/SECURITY.md I6).
            DbConnection::Pg(pg) => diesel::sql_query(
                "SELECT id FROM outbox_jobs WHERE run_at <= $1 \
                 AND (locked_until IS NULL OR locked_until < $1) \
                 ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED",
            )
            .bind::<Timestamp, _>(now)
            .get_result::<IdRow>(pg)
            .optional()?
            .map(|r| r.id),
            // SQLite: the immediate transaction already excludes other writers.
            DbConnection::Sqlite(_) => outbox_jobs::table
                .filter(outbox_jobs::run_at.le(now))
                .filter(
                    outbox_jobs::locked_until
                        .is_null()
                        .or(outbox_jobs::locked_until.lt(now)),
                )
                .order(outbox_jobs::run_at.asc())
                .select(outbox_jobs::id)
                .first(conn)
                .optional()?,
        };
        let Some(id) = candidate else {
            return Ok(None);
        };
        diesel::update(outbox_jobs::table.find(&id))
            .set((
                outbox_jobs::locked_by.eq(worker),
                outbox_jobs::locked_until.eq(now + lease),
                outbox_jobs::attempts.eq(outbox_jobs::attempts + 1),
            ))
            .execute(conn)?;
        outbox_jobs::table
            .find(&id)
            .select(OutboxJob::as_select())
            .first(conn)
            .optional()
    })
}

/// Deletes the job if `worker` still holds it; false means the lease was lost.
pub fn finish(conn: &mut DbConnection, job: &OutboxJob, worker: &str) -> QueryResult<bool> {
    let n = diesel::delete(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq(&job.id))
            .filter(outbox_jobs::locked_by.eq(worker)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Exponential backoff with jitter: 30 s, 60 s, 120 s … capped at one hour, ±20 %.
pub fn backoff(attempts: i32) -> Duration {
    let base = 30i64.saturating_mul(1i64 << attempts.clamp(1, 7).saturating_sub(1));
    let base = base.min(3600);
    let jitter = rand::thread_rng().gen_range(-(base / 5)..=(base / 5));
    Duration::seconds(base + jitter)
}

/// Puts the job back for a later attempt, if `worker` still holds it.
pub fn retry_later(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    job: &OutboxJob,
    worker: &str,
    error: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq(&job.id))
            .filter(outbox_jobs::locked_by.eq(worker)),
    )
    .set((
        outbox_jobs::run_at.eq(now + backoff(job.attempts)),
        outbox_jobs::locked_by.eq(None::<String>),
        outbox_jobs::locked_until.eq(None::<PrimitiveDateTime>),
        outbox_jobs::last_error.eq(error),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Queue depth and the oldest due job, for admins and `/healthz` (docs/SECURITY.md I8).
pub fn stats(conn: &mut DbConnection) -> QueryResult<(i64, Option<PrimitiveDateTime>)> {
    let depth: i64 = outbox_jobs::table.count().get_result(conn)?;
    let oldest: Option<PrimitiveDateTime> = outbox_jobs::table
        .select(diesel::dsl::min(outbox_jobs::created_at))
        .first(conn)?;
    Ok((depth, oldest))
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_and_is_capped() {
        for _ in 0..50 {
            let first = backoff(1).whole_seconds();
            assert!((24..=36).contains(&first), "{first}");
            let third = backoff(3).whole_seconds();
            assert!((96..=144).contains(&third), "{third}");
            assert!(backoff(30).whole_seconds() <= 3600 + 720);
        }
    }
}
