//! A pool of worker threads that claim jobs from the queue and run them synchronously.

use crate::clock::Clock;
use crate::db::DbPool;
use crate::mail::Mailer;
use crate::sms::SmsGateway;
use lettre::message::Mailbox;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use time::Duration;

/// Everything a worker needs; shared by all threads.
pub struct JobContext {
    pub pool: DbPool,
    pub clock: Arc<Clock>,
    pub mailer: Arc<dyn Mailer>,
    pub sms: Arc<dyn SmsGateway>,
    pub token_key: Vec<u8>,
    pub base_url: String,
    pub host: String,
    pub from: Mailbox,
    pub max_lifetime_hours: i32,
    pub lease: Duration,
    pub wake: Wake,
}

/// Wakes idle workers as soon as a request has queued something.
#[derive(Default)]
pub struct Wake {
    generation: Mutex<u64>,
    cond: Condvar,
}

impl Wake {
    pub fn notify(&self) {
        if let Ok(mut g) = self.generation.lock() {
            *g = g.wrapping_add(1);
        }
        self.cond.notify_all();
    }

    fn wait(&self, timeout: std::time::Duration) {
        if let Ok(g) = self.generation.lock() {
            let start = *g;
            let _ = self.cond.wait_timeout_while(g, timeout, |g| *g == start);
        }
    }
}

pub struct Workers {
    stop: Arc<AtomicBool>,
    handles: Vec<JoinHandle<()>>,
    ctx: Arc<JobContext>,
}

impl Workers {
    pub fn spawn(ctx: Arc<JobContext>, count: usize) -> Workers {
        let stop = Arc::new(AtomicBool::new(false));
        let instance = crate::domain::new_id();
        let handles = (0..count)
            .map(|i| {
                let ctx = Arc::clone(&ctx);
                let stop = Arc::clone(&stop);
                let name = format!("worker-{i}-{instance}");
                std::thread::Builder::new()
                    .name(format!("invitely-worker-{i}"))
                    .spawn(move || work(&ctx, &name, &stop, count))
            })
            .filter_map(|r| {
                r.map_err(|e| tracing::error!(error = %e, "cannot start worker"))
                    .ok()
            })
            .collect();
        Workers { stop, handles, ctx }
    }

    /// Stop claiming, let in-flight sends finish, and wait for the threads (docs/SECURITY.md I7).
    pub fn shutdown(mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.ctx.wake.notify();
        for h in std::mem::take(&mut self.handles) {
            let _ = h.join();
        }
    }
}

/// Dropped without `shutdown` (an application dropped mid-run, as tests do): the threads are
/// told to stop after their current batch instead of polling a database nobody uses any more.
impl Drop for Workers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.ctx.wake.notify();
    }
}

fn work(ctx: &JobContext, name: &str, stop: &AtomicBool, share: usize) {
    while !stop.load(Ordering::SeqCst) {
        match super::runner::run_batch(ctx, name, share, stop) {
            Ok(ran) if ran.claimed > 0 => {}
            Ok(_) => ctx.wake.wait(std::time::Duration::from_millis(500)),
            Err(e) => {
                tracing::error!(error = %e, "worker error");
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
        }
    }
}

/// Runs due jobs on the calling thread until none is left (CLI and tests); returns how many ran.
pub fn run_until_idle(ctx: &JobContext) -> anyhow::Result<usize> {
    let (mut n, running) = (0, AtomicBool::new(false));
    loop {
        let ran = super::runner::run_batch(ctx, "inline", 1, &running)?;
        if ran.claimed == 0 {
            return Ok(n);
        }
        n += ran.ran;
    }
}
