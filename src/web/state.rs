//! Shared application state handed to every handler.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{DbConnection, DbPool};
use crate::domain::passwords::Hasher;
use crate::error::AppError;
use crate::jobs::worker::JobContext;
use crate::web::hashing::HashQueue;
use actix_web::web;
use ipnet::IpNet;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub clock: Arc<Clock>,
    pub config: Arc<Config>,
    pub hasher: Arc<Hasher>,
    pub jobs: Arc<JobContext>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<[IpNet]>,
    /// Bounds argon2 work so sign-ins cannot starve other requests (docs/SECURITY.md C3).
    pub hashing: Arc<HashQueue>,
    /// Keys for two-factor secrets at rest and recovery-code digests.
    pub two_factor: Arc<crate::domain::two_factor::Keys>,
    /// Counts per status of the users table's searches and filters, kept between requests.
    pub kept_counts: Arc<crate::domain::members::KeptCounts>,
}

impl AppState {
    /// Runs database work on the blocking pool, never on an actix worker thread.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Runs argon2 off the executor with bounded concurrency.
    pub async fn hash_password(&self, password: String) -> Result<String, AppError> {
        let hasher = Arc::clone(&self.hasher);
        self.hashing
            .run(move || hasher.hash(&password))
            .await?
            .map_err(AppError::internal)
    }

    /// Verifies a password (or the dummy hash when there is no account), off the executor.
    pub async fn verify_password(
        &self,
        password: String,
        hash: Option<String>,
    ) -> Result<bool, AppError> {
        let hasher = Arc::clone(&self.hasher);
        self.hashing
            .run(move || match hash {
                Some(h) => hasher.verify(&password, &h),
                None => {
                    hasher.verify_dummy(&password);
                    false
                }
            })
            .await
    }

    pub fn now(&self) -> time::PrimitiveDateTime {
        self.clock.now()
    }

    /// Tells idle delivery workers that something was queued.
    pub fn wake_workers(&self) {
        self.jobs.wake.notify();
    }
}
