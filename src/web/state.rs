//! Shared application state handed to every handler.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{DbConnection, DbPool};
use crate::domain::passwords::Hasher;
use crate::error::AppError;
use crate::jobs::worker::JobContext;
use crate::web::throttle::Throttle;
use actix_web::web;
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub clock: Arc<Clock>,
    pub config: Arc<Config>,
    pub hasher: Arc<Hasher>,
    pub jobs: Arc<JobContext>,
    /// Wrong invitation/setup tokens per client address.
    pub token_throttle: Arc<Throttle>,
    /// Failed sign-ins per client address and per account.
    pub login_throttle: Arc<Throttle>,
    /// Bounds concurrent argon2 work so sign-ins cannot starve other requests (C3).
    pub hash_permits: Arc<Semaphore>,
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
        let _permit = self
            .hash_permits
            .acquire()
            .await
            .map_err(AppError::internal)?;
        let hasher = Arc::clone(&self.hasher);
        web::block(move || hasher.hash(&password))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)
    }

    /// Verifies a password (or the dummy hash when there is no account), off the executor.
    pub async fn verify_password(
        &self,
        password: String,
        hash: Option<String>,
    ) -> Result<bool, AppError> {
        let _permit = self
            .hash_permits
            .acquire()
            .await
            .map_err(AppError::internal)?;
        let hasher = Arc::clone(&self.hasher);
        web::block(move || match hash {
            Some(h) => hasher.verify(&password, &h),
            None => {
                hasher.verify_dummy(&password);
                false
            }
        })
        .await
        .map_err(AppError::internal)
    }

    pub fn now(&self) -> time::PrimitiveDateTime {
        self.clock.now()
    }

    /// Tells idle delivery workers that something was queued.
    pub fn wake_workers(&self) {
        self.jobs.wake.notify();
    }
}
