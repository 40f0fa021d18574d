//! The background task that runs `domain::housekeeping::sweep` every few minutes, started by
//! `startup` next to the web server (whatever the number of delivery workers).

use crate::clock::Clock;
use crate::db::DbPool;
use crate::domain::housekeeping::{self, Swept};
use std::sync::Arc;
use std::time::Duration;

pub const EVERY: Duration = Duration::from_secs(5 * 60);

/// One sweep on the blocking pool.
pub async fn sweep_once(pool: &DbPool, clock: &Clock) -> anyhow::Result<Swept> {
    let (pool, now) = (pool.clone(), clock.now());
    actix_web::web::block(move || -> anyhow::Result<Swept> {
        let mut conn = pool.get()?;
        Ok(housekeeping::sweep(&mut conn, now)?)
    })
    .await?
}

/// Sweeps every `every`, the first time one period after start; runs until aborted.
pub async fn run(pool: DbPool, clock: Arc<Clock>, every: Duration) {
    let start = actix_web::rt::time::Instant::now() + every;
    let mut ticks = actix_web::rt::time::interval_at(start, every);
    loop {
        ticks.tick().await;
        match sweep_once(&pool, &clock).await {
            Ok(swept) if swept.total() > 0 => {
                tracing::info!(sessions = swept.sessions, "expired rows deleted")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping sweep failed; will retry"),
        }
    }
}
