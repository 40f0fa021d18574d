//! Password hashing off the executor (docs/SECURITY.md C3): argon2 runs on threads of its own,
//! at a lower priority than the rest of the server, fed from one queue.

use crate::error::AppError;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, Semaphore};

/// How much the hashing threads raise their `nice` value over the server's (up to 19, the
/// lowest priority: from a server at nice 0, a hashing thread weighs a tenth of the others when
/// the kernel shares the cores). A request's other work, and the disk flushes its
/// commits wait for, then take a core from a hash the moment they can run, instead of waiting
/// for a hash's time slice: on two cores busy with hashes, commits waited 1.3 ms for `fsync`
/// against 0.24 ms with the cores idle, and the requests queued behind them left the hashing
/// threads without work for a tenth of the time (`perf sched`, bench P4).
const HASHING_NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// `threads` hash at once, at most `capacity` wait or run; one more is turned away with 503
/// and `Retry-After` instead of joining an ever-growing queue. A thread takes the next hash
/// the moment it finishes one, without a round trip through the executor. A hash holds its
/// place until a thread has run it, or skipped it because its request has gone meanwhile (the
/// client left).
pub struct HashQueue {
    admission: Arc<Semaphore>,
    jobs: Sender<Job>,
}

impl HashQueue {
    pub fn new(threads: usize, capacity: usize) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("hashing-{n}"))
                .spawn(move || hash_all(&queue))?;
        }
        Ok(Self {
            admission: Arc::new(Semaphore::new(capacity.max(threads))),
            jobs,
        })
    }

    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let place = Arc::clone(&self.admission)
            .try_acquire_owned()
            .map_err(|_| AppError::Busy)?;
        let (done, result) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                // Nobody waits for it any more: no hash for nobody.
                if done.is_closed() {
                    return;
                }
                let value = f();
                // The place is free before the answer arrives, so the next request finds it.
                drop(place);
                let _ = done.send(value);
            }))
            .map_err(AppError::internal)?;
        // Dropped unanswered only when the hash panicked.
        result.await.map_err(AppError::internal)
    }
}

/// One hashing thread: lowers its own priority, then runs hashes until the queue is dropped
/// (the server stopped).
fn hash_all(queue: &Mutex<Receiver<Job>>) {
    // On Linux the nice value belongs to the calling thread (elsewhere, to the process); a thread
    // starts with its creator's. Lowering the priority is always allowed.
    if let Err(e) = rustix::process::nice(HASHING_NICE) {
        tracing::warn!(error = %e, "hashing thread keeps the normal priority");
    }
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        if catch_unwind(AssertUnwindSafe(job)).is_err() {
            tracing::error!("a password hash panicked");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On Linux, where the nice value is the thread's own: the hashing threads run 10 below the
    /// server's priority, whatever it started at (`nice cargo test` included).
    #[cfg(target_os = "linux")]
    #[actix_rt::test]
    async fn hashes_run_on_their_own_lower_priority_threads() {
        let queue = HashQueue::new(2, 4).unwrap();
        let (name, nice) = queue
            .run(|| {
                (
                    std::thread::current().name().map(str::to_owned),
                    rustix::process::getpriority_process(None).unwrap(),
                )
            })
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("hashing-"));
        let ours = rustix::process::getpriority_process(None).unwrap();
        assert_eq!(nice, (ours + HASHING_NICE).min(19));
    }

    /// A hash that keeps its thread until the sender is used, once it has started; and its
    /// request.
    async fn occupy(
        queue: &Arc<HashQueue>,
    ) -> (
        std::sync::mpsc::Sender<()>,
        actix_rt::task::JoinHandle<Result<(), AppError>>,
    ) {
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (started, is_running) = oneshot::channel();
        let queue = Arc::clone(queue);
        let request = actix_rt::spawn(async move {
            queue
                .run(move || {
                    let _ = started.send(());
                    wait.recv().unwrap();
                })
                .await
        });
        is_running.await.unwrap();
        (release, request)
    }

    #[actix_rt::test]
    async fn a_panicking_hash_fails_its_request_and_leaves_the_thread() {
        let queue = HashQueue::new(1, 2).unwrap();
        let failed = queue.run(|| -> u8 { panic!("boom") }).await;
        assert!(failed.is_err());
        assert_eq!(queue.run(|| 7).await.unwrap(), 7);
    }

    /// A request that went away while its hash waited keeps its place until a thread takes the
    /// hash off the queue, and the thread does not run it.
    #[actix_rt::test]
    async fn the_hash_of_a_request_gone_keeps_its_place_and_is_skipped() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let queue = Arc::new(HashQueue::new(1, 2).unwrap());
        let (release, first) = occupy(&queue).await;
        let ran = Arc::new(AtomicBool::new(false));
        let gone = {
            let (queue, ran) = (Arc::clone(&queue), Arc::clone(&ran));
            actix_rt::spawn(
                async move { queue.run(move || ran.store(true, Ordering::SeqCst)).await },
            )
        };
        actix_rt::task::yield_now().await;
        gone.abort();
        assert!(gone.await.is_err(), "cancelled");
        // Still queued: its place is taken (a bound on the wait, not to hang if it is not).
        let third = actix_rt::time::timeout(std::time::Duration::from_secs(5), queue.run(|| ()));
        assert!(matches!(third.await, Ok(Err(AppError::Busy))));
        release.send(()).unwrap();
        first.await.unwrap().unwrap();
        queue.run(|| ()).await.unwrap();
        assert!(
            !ran.load(Ordering::SeqCst),
            "the hash of a request gone ran"
        );
    }

    #[actix_rt::test]
    async fn beyond_its_capacity_a_hash_is_turned_away() {
        let queue = Arc::new(HashQueue::new(1, 1).unwrap());
        let (release, first) = occupy(&queue).await;
        assert!(matches!(queue.run(|| ()).await, Err(AppError::Busy)));
        release.send(()).unwrap();
        first.await.unwrap().unwrap();
        queue.run(|| ()).await.unwrap();
    }
}
