//! Jobs that change data instead of sending a message (the chunks of a CSV import). The work
//! and the job's completion are one write transaction, entered only while this worker's lease
//! holds: a chunk is written once, and a worker that dies mid-chunk leaves nothing behind (the
//! lease runs out and another worker takes the job again).

use super::worker::JobContext;
use crate::db::models::OutboxJob;
use crate::db::{queue, write_tx, DbConnection};
use crate::domain::import::{self, Runner};
use crate::domain::jobs::Job;
use crate::domain::DomainError;

/// Runs `job` if it is work on data: `Some(Ok)` when done (or the lease was lost: then someone
/// else has it), `Some(Err(reason))` when it failed and was rolled back; `None` for messages.
pub(super) fn run(
    conn: &mut DbConnection,
    ctx: &JobContext,
    holder: &str,
    row: &OutboxJob,
    job: &Job,
) -> Option<Result<(), String>> {
    let Job::ImportChunk { import_id, .. } = job else {
        return None;
    };
    let now = ctx.clock.now();
    let result = write_tx(conn, |c| {
        if !queue::complete(c, holder, row.id)? {
            tracing::warn!(job = %row.id, "lease lost before the chunk was written");
            return Ok(());
        }
        // Any error rolls the whole chunk back, the job's completion with it (an import that is
        // gone is not an error: the chunk finds nothing to write).
        let ran = import::run_chunk_in_tx(c, now, *import_id, Runner::Queue)?;
        tracing::info!(import = %import_id, rows = ran.rows, finished = ran.finished, "import chunk written");
        Ok::<(), DomainError>(())
    });
    if result.is_ok() {
        ctx.wake.notify();
    }
    Some(result.map_err(|e| {
        tracing::error!(job = %row.id, import = %import_id, error = %e, "import chunk failed, rolled back");
        e.to_string()
    }))
}
