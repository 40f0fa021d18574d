//! Keeps a batch's lease while its messages are being sent. A batch starts no send after half
//! its lease, but one send may itself outlast the other half: lettre's time-out is per read, so
//! a server answering each command slowly (a tarpit, a content filter after the end of data)
//! stretches one message over minutes. Had the lease run out meanwhile, another worker would
//! take the job over and send the message again. While the send goes on, a keeper beside it
//! moves the lease on by a whole lease each time half of it is spent — for [`KEPT_AT_MOST`]
//! leases at most: a send stuck longer (a server dripping its answers for ten minutes) is let
//! go, said in the log, and its message may then be sent again by another worker, as one of a
//! killed worker is. The keeper dies with its process, so a worker killed mid-send still leaves
//! its jobs to be taken over once the lease ends (docs/SECURITY.md I4).

use super::worker::JobContext;
use crate::db::ids::JobId;
use crate::db::{queue, write_tx};
use std::sync::{Condvar, Mutex};
use time::PrimitiveDateTime;

/// How often the keeper looks at the clock: a renewal is written only once half the lease is
/// spent (every 30 s by default), so looking costs a lock and a clock reading.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(200);

/// How many leases from the claim a batch keeps at most (10 minutes by default).
const KEPT_AT_MOST: i32 = 10;

/// How long a renewal waits for a connection: the keeper tries again at its next look.
const CONNECTION_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs `send` with the lease of `holder` on `job_ids` (claimed until `until`) kept for as long
/// as it runs.
pub(super) fn keeping<T>(
    ctx: &JobContext,
    holder: &str,
    job_ids: &[JobId],
    until: PrimitiveDateTime,
    send: impl FnOnce() -> T,
) -> T {
    let finished = Finished::default();
    std::thread::scope(|scope| {
        scope.spawn(|| keep(ctx, holder, job_ids, until, &finished));
        // Set even when `send` panics: the scope waits for the keeper.
        let _done = Done(&finished);
        send()
    })
}

#[derive(Default)]
struct Finished {
    done: Mutex<bool>,
    moved: Condvar,
}

struct Done<'a>(&'a Finished);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        if let Ok(mut done) = self.0.done.lock() {
            *done = true;
        }
        self.0.moved.notify_all();
    }
}

fn keep(
    ctx: &JobContext,
    holder: &str,
    job_ids: &[JobId],
    mut until: PrimitiveDateTime,
    finished: &Finished,
) {
    let let_go_at = until + ctx.lease * (KEPT_AT_MOST - 1);
    let mut failing = false;
    loop {
        let Ok(done) = finished.done.lock() else {
            return;
        };
        let Ok((done, _)) = finished
            .moved
            .wait_timeout_while(done, LOOK_EVERY, |done| !*done)
        else {
            return;
        };
        if *done {
            return;
        }
        drop(done);
        let now = ctx.clock.now();
        if now < until - ctx.lease / 2 {
            continue;
        }
        if now >= let_go_at {
            tracing::error!(
                holder,
                "a send has kept its batch for {KEPT_AT_MOST} leases: the lease is let go, and \
                 another worker may send its messages again; check the mail server"
            );
            return;
        }
        let next = now + ctx.lease;
        let renewed = ctx
            .pool
            .get_timeout(CONNECTION_WAIT)
            .map_err(anyhow::Error::from)
            .and_then(|mut conn| {
                write_tx(&mut conn, |c| queue::renew(c, holder, job_ids, next)).map_err(Into::into)
            });
        match renewed {
            Ok(0) => return, // Every job recorded, or the lease already lost: nothing to keep.
            Ok(_) => (until, failing) = (next, false),
            // Tried again at the next look; the lease holds until `until` meanwhile.
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "cannot renew the lease of a batch being sent");
                }
                failing = true;
            }
        }
    }
}
