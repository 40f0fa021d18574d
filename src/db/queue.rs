//! The job queue's storage (table `outbox_jobs`). Rows are added in the caller's transaction;
//! workers claim due rows in small batches with a lease, in one short transaction, and change
//! a claimed row afterwards only while they still hold its lease. The rows know nothing of what
//! a job does: `kind` names it and `payload` carries its arguments as JSON, both given types by
//! `domain::jobs::Job`.

use super::ids::JobId;
use super::models::{NewOutboxJob, OutboxJob};
use super::schema::outbox_jobs;
use super::{write_tx, DbConnection};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};
use time::{Duration, PrimitiveDateTime};

/// A job to add.
#[derive(Debug, Clone, Copy)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    pub idempotency_key: &'a str,
    pub max_attempts: i32,
    pub run_at: PrimitiveDateTime,
}

impl<'a> NewJob<'a> {
    /// The row that queues this job, not yet attempted.
    fn row(&self, now: PrimitiveDateTime) -> NewOutboxJob<'a> {
        NewOutboxJob {
            kind: self.kind,
            payload: self.payload,
            idempotency_key: self.idempotency_key,
            run_at: self.run_at,
            attempts: 0,
            max_attempts: self.max_attempts,
            created_at: now,
        }
    }
}

/// What `enqueue` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Added,
    /// A queued job already has this idempotency key: nothing was added.
    Duplicate,
}

/// Adds a job inside the caller's transaction, unless a queued job has the same idempotency key.
pub fn enqueue(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    job: &NewJob<'_>,
) -> QueryResult<Enqueued> {
    let row = job.row(now);
    let insert = diesel::insert_into(outbox_jobs::table)
        .values(&row)
        .on_conflict(outbox_jobs::idempotency_key)
        .do_nothing();
    let added = match conn {
        DbConnection::Pg(c) => insert.execute(c)?,
        DbConnection::Sqlite(c) => insert.execute(c)?,
    };
    Ok(if added == 1 {
        Enqueued::Added
    } else {
        Enqueued::Duplicate
    })
}

/// Queues many jobs with multi-row statements; a job whose key is already queued is skipped
/// (as [`enqueue`] does). Returns how many were added.
pub fn enqueue_many(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    jobs: &[NewJob<'_>],
) -> QueryResult<usize> {
    if let (DbConnection::Pg(pg), true) = (&mut *conn, jobs.len() > 1) {
        return enqueue_many_pg(pg, now, jobs);
    }
    let mut added = 0;
    for part in jobs.chunks(crate::db::ROWS_PER_STATEMENT) {
        let rows: Vec<NewOutboxJob<'_>> = part.iter().map(|job| job.row(now)).collect();
        // `INSERT OR IGNORE` on SQLite (Diesel has no multi-row upsert there), `ON CONFLICT DO
        // NOTHING` on PostgreSQL: only the key can clash, the rows are built here.
        added += match conn {
            DbConnection::Pg(c) => diesel::insert_into(outbox_jobs::table)
                .values(&rows)
                .on_conflict(outbox_jobs::idempotency_key)
                .do_nothing()
                .execute(c)?,
            DbConnection::Sqlite(c) => diesel::insert_or_ignore_into(outbox_jobs::table)
                .values(&rows)
                .execute(c)?,
        };
    }
    Ok(added)
}

/// PostgreSQL, many jobs: one statement, each column bound as one array (see `enqueue_many`).
fn enqueue_many_pg(
    conn: &mut diesel::PgConnection,
    now: PrimitiveDateTime,
    jobs: &[NewJob<'_>],
) -> QueryResult<usize> {
    use super::column;
    use diesel::sql_types::{Array, Integer, Text};
    diesel::sql_query(
        "INSERT INTO outbox_jobs (kind, payload, idempotency_key, run_at, attempts, \
         max_attempts, created_at) \
         SELECT v.kind, v.payload, v.key, v.run_at, 0, v.max_attempts, $6 \
         FROM unnest($1, $2, $3, $4, $5) AS v(kind, payload, key, run_at, max_attempts) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind::<Array<Text>, _>(column(jobs, |j| j.kind))
    .bind::<Array<Text>, _>(column(jobs, |j| j.payload))
    .bind::<Array<Text>, _>(column(jobs, |j| j.idempotency_key))
    .bind::<Array<Timestamp>, _>(column(jobs, |j| j.run_at))
    .bind::<Array<Integer>, _>(column(jobs, |j| j.max_attempts))
    .bind::<Timestamp, _>(now)
    .execute(conn)
}

/// Jobs claimed together: the lease (`holder` until `until`) covers all of them.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Written to `locked_by`: the worker's name and a fresh id, so a lease that ran out is
    /// never mistaken for a later claim by the same worker.
    pub holder: String,
    pub until: PrimitiveDateTime,
    pub jobs: Vec<OutboxJob>,
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: JobId,
}

/// Claims due jobs for `worker` with a lease of `lease`, oldest first, in one short
/// transaction; each claimed job's `attempts` goes up by one. At most `limit` jobs, and no more
/// than a `share`-th of those due (rounded up): with `share` workers claiming, a short queue is
/// split between them rather than taken whole by the first.
pub fn claim(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    worker: &str,
    lease: Duration,
    limit: i64,
    share: i64,
) -> QueryResult<Claim> {
    let (limit, share) = (limit.max(1), share.max(1));
    let window = limit.saturating_mul(share);
    let holder = format!("{worker}/{}", uuid::Uuid::new_v4().simple());
    let until = now + lease;
    let jobs = write_tx(conn, |conn| {
        let ids: Vec<JobId> = match conn {
            // Several instances share the queue: skip rows another one is claiming.
            DbConnection::Pg(pg) => diesel::sql_query(
                "SELECT id FROM outbox_jobs WHERE failed_at IS NULL AND run_at <= $1 \
                 AND (locked_until IS NULL OR locked_until < $1) \
                 ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED",
            )
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(window)
            .load::<IdRow>(pg)?
            .into_iter()
            .map(|r| r.id)
            .collect(),
            // SQLite: the immediate transaction already excludes other writers.
            DbConnection::Sqlite(_) => outbox_jobs::table
                .filter(outbox_jobs::failed_at.is_null())
                .filter(outbox_jobs::run_at.le(now))
                .filter(
                    outbox_jobs::locked_until
                        .is_null()
                        .or(outbox_jobs::locked_until.lt(now)),
                )
                .order(outbox_jobs::run_at.asc())
                .limit(window)
                .select(outbox_jobs::id)
                .load(conn)?,
        };
        let due = i64::try_from(ids.len()).unwrap_or(window);
        let take = usize::try_from(((due + share - 1) / share).min(limit)).unwrap_or(0);
        let ids = &ids[..take.min(ids.len())];
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox_jobs::table.filter(outbox_jobs::id.eq_any(ids)))
            .set((
                outbox_jobs::locked_by.eq(&holder),
                outbox_jobs::locked_until.eq(until),
                outbox_jobs::attempts.eq(outbox_jobs::attempts + 1),
            ))
            .execute(conn)?;
        outbox_jobs::table
            .filter(outbox_jobs::id.eq_any(ids))
            .order((outbox_jobs::run_at.asc(), outbox_jobs::id.asc()))
            .select(OutboxJob::as_select())
            .load(conn)
    })?;
    Ok(Claim {
        holder,
        until,
        jobs,
    })
}

type ById<'a> = diesel::dsl::Filter<outbox_jobs::table, diesel::dsl::Eq<outbox_jobs::id, JobId>>;
type Leased<'a> = diesel::dsl::Filter<ById<'a>, diesel::dsl::Eq<outbox_jobs::locked_by, &'a str>>;

/// The row of `job_id` if it is still leased to `holder`.
fn leased(job_id: JobId, holder: &str) -> Leased<'_> {
    outbox_jobs::table
        .filter(outbox_jobs::id.eq(job_id))
        .filter(outbox_jobs::locked_by.eq(holder))
}

/// Deletes a finished job if `holder` still leases it; false means the lease was lost (another
/// worker may have taken the job over), and nothing may be recorded for it.
pub fn complete(conn: &mut DbConnection, holder: &str, job_id: JobId) -> QueryResult<bool> {
    Ok(diesel::delete(leased(job_id, holder)).execute(conn)? == 1)
}

/// [`complete`] for many jobs in one statement: the ones `holder` still leased, now deleted.
pub fn complete_many(
    conn: &mut DbConnection,
    holder: &str,
    job_ids: &[JobId],
) -> QueryResult<Vec<JobId>> {
    let mut done = Vec::with_capacity(job_ids.len());
    for part in job_ids.chunks(crate::db::ROWS_PER_STATEMENT) {
        let delete = diesel::delete(
            outbox_jobs::table
                .filter(outbox_jobs::id.eq_any(part))
                .filter(outbox_jobs::locked_by.eq(holder)),
        )
        .returning(outbox_jobs::id);
        done.extend(match conn {
            DbConnection::Sqlite(c) => delete.get_results::<JobId>(c)?,
            DbConnection::Pg(c) => delete.get_results::<JobId>(c)?,
        });
    }
    Ok(done)
}

/// Puts a job back for another attempt at `run_at`, if `holder` still leases it.
pub fn reschedule(
    conn: &mut DbConnection,
    holder: &str,
    job_id: JobId,
    run_at: PrimitiveDateTime,
    error: &str,
) -> QueryResult<bool> {
    let n = diesel::update(leased(job_id, holder))
        .set((
            outbox_jobs::run_at.eq(run_at),
            outbox_jobs::locked_by.eq(None::<String>),
            outbox_jobs::locked_until.eq(None::<PrimitiveDateTime>),
            outbox_jobs::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Moves the lease on `job_ids` (one claim's, at most [`crate::db::ROWS_PER_STATEMENT`]) to
/// `until`, for those `holder` still holds: a batch whose send is still going keeps them
/// ([`crate::jobs`]' lease keeper). How many it still holds.
pub fn renew(
    conn: &mut DbConnection,
    holder: &str,
    job_ids: &[JobId],
    until: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::id.eq_any(job_ids))
            .filter(outbox_jobs::locked_by.eq(holder)),
    )
    .set(outbox_jobs::locked_until.eq(until))
    .execute(conn)
}

/// Gives back a claimed job that was not started, without counting the attempt.
pub fn release(conn: &mut DbConnection, holder: &str, job_id: JobId) -> QueryResult<bool> {
    let n = diesel::update(leased(job_id, holder))
        .set((
            outbox_jobs::locked_by.eq(None::<String>),
            outbox_jobs::locked_until.eq(None::<PrimitiveDateTime>),
            outbox_jobs::attempts.eq(outbox_jobs::attempts - 1),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Marks a job that can never run (unknown kind, undecodable payload) as failed: it stays in
/// the table with its reason, is never claimed again, and is counted apart from the queue.
pub fn fail(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    holder: &str,
    job_id: JobId,
    error: &str,
) -> QueryResult<bool> {
    let n = diesel::update(leased(job_id, holder))
        .set((
            outbox_jobs::failed_at.eq(now),
            outbox_jobs::locked_by.eq(None::<String>),
            outbox_jobs::locked_until.eq(None::<PrimitiveDateTime>),
            outbox_jobs::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Puts a queued job off until `run_at`, unless a worker holds it (or it failed): a job that
/// stands by for work someone else is doing ([`crate::domain::jobs::postpone`]).
pub fn postpone(
    conn: &mut DbConnection,
    key: &str,
    run_at: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        outbox_jobs::table
            .filter(outbox_jobs::idempotency_key.eq(key))
            .filter(outbox_jobs::locked_by.is_null())
            .filter(outbox_jobs::failed_at.is_null()),
    )
    .set(outbox_jobs::run_at.eq(run_at))
    .execute(conn)
}

/// Deletes queued jobs by idempotency key (work that is no longer wanted); a job being sent
/// right now is deleted too, and its worker then finds its lease gone.
pub fn cancel(conn: &mut DbConnection, keys: &[String]) -> QueryResult<usize> {
    if keys.is_empty() {
        return Ok(0);
    }
    diesel::delete(
        outbox_jobs::table
            .filter(outbox_jobs::idempotency_key.eq_any(keys))
            .filter(outbox_jobs::failed_at.is_null()),
    )
    .execute(conn)
}

/// Queue figures for admins and `/healthz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueStats {
    /// Jobs waiting or running.
    pub depth: i64,
    /// When the oldest of them was queued.
    pub oldest: Option<PrimitiveDateTime>,
    /// Jobs that can never run, kept for inspection.
    pub failed: i64,
}

pub fn stats(conn: &mut DbConnection) -> QueryResult<QueueStats> {
    let live = outbox_jobs::table.filter(outbox_jobs::failed_at.is_null());
    let depth: i64 = live.count().get_result(conn)?;
    let oldest: Option<PrimitiveDateTime> = live
        .select(diesel::dsl::min(outbox_jobs::created_at))
        .first(conn)?;
    let failed: i64 = outbox_jobs::table
        .filter(outbox_jobs::failed_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(QueueStats {
        depth,
        oldest,
        failed,
    })
}
