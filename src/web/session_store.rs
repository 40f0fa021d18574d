//! Sessions kept on the server (SECURITY.md D2): sign-out and password changes end them. The
//! cookie holds a random key; the table holds only its SHA-256.

use crate::clock::Clock;
use crate::db::schema::sessions;
use crate::db::DbPool;
use crate::domain::tokens;
use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use diesel::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, PrimitiveDateTime};

type State = HashMap<String, String>;

#[derive(Clone)]
pub struct DbSessionStore {
    pool: DbPool,
    clock: Arc<Clock>,
}

impl DbSessionStore {
    pub fn new(pool: DbPool, clock: Arc<Clock>) -> Self {
        Self { pool, clock }
    }
}

fn id_of(key: &str) -> String {
    tokens::digest("session", key)
}

fn user_of(state: &State) -> Option<String> {
    state
        .get(crate::web::session::USER_ID)
        .and_then(|v| serde_json::from_str::<String>(v).ok())
}

fn expiry(now: PrimitiveDateTime, ttl: &CookieDuration) -> PrimitiveDateTime {
    now + Duration::seconds(ttl.whole_seconds())
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    actix_web::web::block(f).await?
}

impl SessionStore for DbSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let (pool, now, id) = (self.pool.clone(), self.clock.now(), id_of(key.as_ref()));
        let raw = blocking(move || {
            let mut conn = pool.get()?;
            Ok(sessions::table
                .find(&id)
                .filter(sessions::expires_at.gt(now))
                .select(sessions::state)
                .first::<String>(&mut conn)
                .optional()?)
        })
        .await
        .map_err(LoadError::Other)?;
        raw.map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(&self, state: State, ttl: &CookieDuration) -> Result<SessionKey, SaveError> {
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let key = tokens::random_token();
        let (pool, now, id, user) = (
            self.pool.clone(),
            self.clock.now(),
            id_of(&key),
            user_of(&state),
        );
        let expires = expiry(now, ttl);
        blocking(move || {
            let mut conn = pool.get()?;
            diesel::insert_into(sessions::table)
                .values((
                    sessions::id.eq(&id),
                    sessions::user_id.eq(user),
                    sessions::state.eq(&body),
                    sessions::created_at.eq(now),
                    sessions::expires_at.eq(expires),
                ))
                .execute(&mut conn)?;
            Ok(())
        })
        .await
        .map_err(SaveError::Other)?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        let body =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let (pool, now, id, user) = (
            self.pool.clone(),
            self.clock.now(),
            id_of(key.as_ref()),
            user_of(&state),
        );
        let expires = expiry(now, ttl);
        let updated = blocking(move || {
            let mut conn = pool.get()?;
            Ok(diesel::update(
                sessions::table
                    .filter(sessions::id.eq(&id))
                    .filter(sessions::expires_at.gt(now)),
            )
            .set((
                sessions::user_id.eq(user),
                sessions::state.eq(&body),
                sessions::expires_at.eq(expires),
            ))
            .execute(&mut conn)?)
        })
        .await
        .map_err(UpdateError::Other)?;
        if updated == 1 {
            Ok(key)
        } else {
            // Gone (signed out elsewhere, expired): never resurrect it under the old key.
            self.save(state, ttl)
                .await
                .map_err(|e| UpdateError::Other(anyhow::anyhow!(e.to_string())))
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &CookieDuration) -> anyhow::Result<()> {
        let (pool, now, id) = (self.pool.clone(), self.clock.now(), id_of(key.as_ref()));
        let expires = expiry(now, ttl);
        blocking(move || {
            let mut conn = pool.get()?;
            diesel::update(sessions::table.find(&id))
                .set(sessions::expires_at.eq(expires))
                .execute(&mut conn)?;
            Ok(())
        })
        .await
    }

    async fn delete(&self, key: &SessionKey) -> anyhow::Result<()> {
        let (pool, id) = (self.pool.clone(), id_of(key.as_ref()));
        blocking(move || {
            let mut conn = pool.get()?;
            diesel::delete(sessions::table.find(&id)).execute(&mut conn)?;
            Ok(())
        })
        .await
    }
}

/// Ends every session of an account (password change, disable).
pub fn end_all_for_user(conn: &mut crate::db::DbConnection, user_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}
