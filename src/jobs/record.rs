//! A batch's jobs as they go (`Item`, `Step`, `Outcome`), and how their outcomes are recorded:
//! each only while the worker's lease on its job holds, the jobs that finished together in one
//! statement and their links in one per table, the rest one by one (`runner` sends, this
//! writes).

use super::deliver::{self, Prepared};
use super::worker::JobContext;
use crate::db::enums::Problem;
use crate::db::ids::JobId;
use crate::db::models::OutboxJob;
use crate::db::queue;
use crate::db::{write_tx_waiting, DbConnection};
use crate::domain::delivery::{self, Link};
use crate::domain::jobs::Job;
use std::collections::HashSet;
use time::PrimitiveDateTime;

/// How long recording a batch's outcomes waits for this process's other SQLite writers.
const RECORD_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

pub(super) enum Outcome {
    /// Sent, or nothing to send: the job is finished.
    Done(Option<Link>),
    /// A temporary failure with attempts left.
    Retry(String),
    /// A permanent failure, or a temporary one with no attempt left.
    Failed(Problem),
    /// The row cannot be decoded: failed, kept for inspection.
    Undecodable(String),
    /// Work on data done and the job completed in its own transaction (`work`), or the lease
    /// was lost before it could start: nothing left to record.
    Worked,
    /// Not started before the lease ran low, or shutting down: handed back unsent (an SMS
    /// not yet counted against the caps).
    Release,
}

pub(super) enum Step {
    Ready(Prepared),
    Finished(Outcome),
}

pub(super) struct Item {
    pub(super) row: OutboxJob,
    pub(super) job: Option<Job>,
    pub(super) step: Step,
}

/// Records the outcomes of `items`, finished, in a transaction of their own. The outcomes of
/// messages already sent: given up on as a request would be (a busy database), they would be
/// sent again once the lease ran out — so this waits for other writers.
pub(super) fn record_part(ctx: &JobContext, holder: &str, items: &[Item]) -> anyhow::Result<()> {
    let mut conn = ctx.pool.get()?;
    let now = ctx.clock.now();
    write_tx_waiting(&mut conn, RECORD_WAIT, |c| {
        record_all(c, now, holder, items)
    })?;
    Ok(())
}

/// Records every outcome of `items`, each only if `holder` still leases its job: the jobs
/// that finished together (one statement for the jobs, one per table for their links), the
/// rest one by one.
fn record_all(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    holder: &str,
    items: &[Item],
) -> diesel::QueryResult<()> {
    let done: Vec<&Item> = items
        .iter()
        .filter(|i| matches!(i.step, Step::Finished(Outcome::Done(_))))
        .collect();
    if !done.is_empty() {
        let ids: Vec<JobId> = done.iter().map(|i| i.row.id).collect();
        let completed: HashSet<JobId> = queue::complete_many(conn, holder, &ids)?
            .into_iter()
            .collect();
        let mut links = Vec::with_capacity(done.len());
        for item in done {
            if !completed.contains(&item.row.id) {
                tracing::warn!(job = %item.row.id, "lease lost before the result was recorded");
            } else if let Step::Finished(Outcome::Done(Some(link))) = &item.step {
                links.push(link);
            }
        }
        delivery::record_sent(conn, now, &links)?;
    }
    items
        .iter()
        .try_for_each(|item| record(conn, now, holder, item))
}

/// Records one outcome other than `Done` (see [`record_all`]), only if `holder` still leases
/// the job.
fn record(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    holder: &str,
    item: &Item,
) -> diesel::QueryResult<()> {
    let (row, job) = (&item.row, item.job.as_ref());
    let Step::Finished(outcome) = &item.step else {
        return Ok(());
    };
    match outcome {
        // Recorded together by `record_all`.
        Outcome::Done(_) => {}
        Outcome::Retry(reason) => {
            tracing::warn!(job = %row.id, attempt = row.attempts, reason = %reason, "temporary failure, will retry");
            let wait = job.map_or(crate::domain::jobs::MESSAGE_RETRIES, Job::retry_policy);
            queue::reschedule(
                conn,
                holder,
                row.id,
                now + wait.backoff(row.attempts),
                reason,
            )?;
        }
        Outcome::Failed(reason) => {
            if queue::complete(conn, holder, row.id)? {
                tracing::warn!(job = %row.id, reason = %reason.as_str(), "delivery failed");
                if let Some(job) = job {
                    deliver::record_failure(conn, now, job, reason)?;
                }
            }
        }
        Outcome::Undecodable(reason) => {
            queue::fail(conn, now, holder, row.id, reason)?;
        }
        Outcome::Worked => {}
        Outcome::Release => {
            queue::release(conn, holder, row.id)?;
        }
    }
    Ok(())
}
