//! Sessions kept on the server (docs/SECURITY.md D2): sign-out and password changes end them. The
//! cookie holds a random key; the table holds only its SHA-256. This is the actix-session
//! adapter; the SQL is in `db::sessions`.
//!
//! Only signed-in sessions are stored: anonymous visitors need no row (their forms use the
//! cookie-bound CSRF token of `web::csrf`). And a row that is gone is never written back: a
//! request still in flight when its session was ended gets a key that points to nothing.
//!
//! The idle deadline moves when a request reads the session, written back at most once every
//! [`REFRESH_EVERY`]: a signed-in request costs one indexed read, not a write (issue 10). The
//! timeout is therefore kept to within that minute.

use crate::clock::Clock;
use crate::db::ids::AccountId;
use crate::db::sessions::{self as rows, Contents, NewSession};
use crate::db::DbPool;
use crate::domain::tokens;
use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, PrimitiveDateTime};

type State = HashMap<String, String>;

/// How long a signed-in session lives without requests.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A read moves the idle deadline only when it was last moved at least this long ago.
pub const REFRESH_EVERY: Duration = Duration::minutes(1);

#[derive(Clone)]
pub struct DbSessionStore {
    pool: DbPool,
    clock: Arc<Clock>,
    /// The server key a renewed session's next key is derived under ([`Self::successor`]).
    successor_key: Arc<[u8]>,
}

impl DbSessionStore {
    pub fn new(pool: DbPool, clock: Arc<Clock>, successor_key: &[u8]) -> Self {
        Self {
            pool,
            clock,
            successor_key: successor_key.into(),
        }
    }

    /// The key a session moves to when its id is renewed: derived from the old key under a
    /// server key, so that the requests of one session in flight at once (a page and its
    /// polling) agree on it — each moves the row there, or finds it moved and writes there. A
    /// random key would leave all but one of them with a key that points to nothing, signed
    /// out. Without the server key it cannot be told from the old one.
    fn successor(&self, key: &SessionKey) -> anyhow::Result<SessionKey> {
        use base64::Engine;
        let mac = tokens::hmac_sha256(&self.successor_key, &[key.as_ref().as_bytes()]);
        let next = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac);
        SessionKey::try_from(next).map_err(anyhow::Error::from)
    }

    /// Runs `db::sessions` work on the blocking pool. A database that cannot be had now — no
    /// pooled connection within the pool's timeout, or another writer holding SQLite past the
    /// busy timeout — is reported to the request's [`watch`] as well as failing the call.
    async fn run<T, E>(
        &self,
        phase: Phase,
        work: impl FnOnce(&mut crate::db::DbConnection) -> Result<T, E> + Send + 'static,
    ) -> anyhow::Result<T>
    where
        T: Send + 'static,
        E: Into<crate::db::PoolWorkError> + 'static,
    {
        let pool = self.pool.clone();
        let done = actix_web::web::block(move || crate::db::on_pool(&pool, work)).await?;
        done.map_err(|failure| {
            if failure.is_unavailable() {
                let _ = UNAVAILABLE.try_with(|seen| seen.set(seen.get().or(Some(phase))));
            }
            anyhow::Error::from(failure)
        })
    }
}

/// When the session store met a database it could not have now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the session, before the handler ran: nothing was done.
    Read,
    /// Writing it, after the handler answered: whatever the handler did is done.
    Write,
}

tokio::task_local! {
    static UNAVAILABLE: std::cell::Cell<Option<Phase>>;
}

/// Runs a request's inner service and says whether, and in which [`Phase`], the session store
/// found the database unavailable meanwhile. actix-session turns every store error into an
/// opaque 500 of its own, before the handler runs (reading the session) or after it answered
/// (writing it), and keeps the cause to itself; the security middleware uses this to answer
/// such a request as it answers a busy handler — 503, never 500 (docs/SECURITY.md I5) — with
/// `Retry-After` only where trying again cannot do anything twice.
pub async fn watch<F: std::future::Future>(request: F) -> (F::Output, Option<Phase>) {
    UNAVAILABLE
        .scope(std::cell::Cell::new(None), async {
            let out = request.await;
            (out, UNAVAILABLE.with(std::cell::Cell::get))
        })
        .await
}

fn id_of(key: &str) -> String {
    tokens::digest("session", key)
}

/// The account a session belongs to — the signed-in one, or the one half-way through a
/// two-factor sign-in (kept so that ending every session of the account ends that one too) —
/// and when it signed in (None while it waits for its second step).
fn owner_of(state: &State) -> Option<(AccountId, Option<PrimitiveDateTime>)> {
    if let Some((account, at)) = signed_in(state) {
        return Some((account, Some(at)));
    }
    state
        .get(crate::web::session::PENDING)
        .and_then(|v| serde_json::from_str::<crate::web::session::Pending>(v).ok())
        .map(|p| (p.account, None))
}

/// The signed-in account and when it signed in (the Unix epoch when the state does not say,
/// which the absolute lifetime treats as long past).
fn signed_in(state: &State) -> Option<(AccountId, PrimitiveDateTime)> {
    let account = state
        .get(crate::web::session::ACCOUNT_ID)
        .and_then(|v| serde_json::from_str::<AccountId>(v).ok())?;
    let at = state
        .get(crate::web::session::SIGNED_IN_AT)
        .and_then(|v| serde_json::from_str::<i64>(v).ok())
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    Some((account, PrimitiveDateTime::new(at.date(), at.time())))
}

fn expiry(now: PrimitiveDateTime, ttl: &CookieDuration) -> PrimitiveDateTime {
    now + Duration::seconds(ttl.whole_seconds())
}

/// A fresh random key. Until a row is inserted under it, a cookie holding it points to nothing.
fn new_key() -> Result<SessionKey, anyhow::Error> {
    SessionKey::try_from(tokens::random_token()).map_err(anyhow::Error::from)
}

impl SessionStore for DbSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let (now, id) = (self.clock.now(), id_of(key.as_ref()));
        let raw = self
            .run(Phase::Read, move |conn| {
                rows::read_and_refresh(conn, &id, now, IDLE_TIMEOUT, REFRESH_EVERY)
            })
            .await
            .map_err(LoadError::Other)?;
        raw.map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(&self, mut state: State, ttl: &CookieDuration) -> Result<SessionKey, SaveError> {
        // A new row has a new key anyway.
        state.remove(crate::web::session::ROTATE);
        let key = new_key().map_err(SaveError::Other)?;
        let Some((account, signed_in_at)) = owner_of(&state) else {
            // Nothing worth a row; the web layer writes nothing into anonymous sessions.
            tracing::warn!("anonymous session state not stored");
            return Ok(key);
        };
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let (now, id) = (self.clock.now(), id_of(key.as_ref()));
        let expires = expiry(now, ttl);
        self.run(Phase::Write, move |conn| {
            rows::insert(
                conn,
                &NewSession {
                    id: &id,
                    account_id: account,
                    state: &body,
                    created_at: now,
                    expires_at: expires,
                    signed_in_at,
                },
            )
        })
        .await
        .map_err(SaveError::Other)?;
        Ok(key)
    }

    /// Rewrites the session; moved to a new key in the same statement when the web layer asked
    /// for a new id (`session::ROTATE`), so that a sign-out that ended the session while this
    /// request ran is never undone — which actix-session's `renew` (delete, then save anew)
    /// would do.
    async fn update(
        &self,
        key: SessionKey,
        mut state: State,
        ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        let rotate = state.remove(crate::web::session::ROTATE).is_some();
        let (now, id) = (self.clock.now(), id_of(key.as_ref()));
        let Some((account, signed_in_at)) = owner_of(&state) else {
            // No longer signed in: nothing worth keeping.
            self.run(Phase::Write, move |conn| rows::delete(conn, &id))
                .await
                .map_err(UpdateError::Other)?;
            return new_key().map_err(UpdateError::Other);
        };
        let body =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let expires = expiry(now, ttl);
        let next = self.successor(&key).map_err(UpdateError::Other)?;
        let next_id = id_of(next.as_ref());
        let keep_as = if rotate { next_id.clone() } else { id.clone() };
        let written = self
            .run(Phase::Write, move |conn| {
                let row = Contents {
                    account_id: account,
                    signed_in_at,
                    state: &body,
                    expires_at: expires,
                };
                rows::write_live(conn, &id, &keep_as, &next_id, now, row)
            })
            .await
            .map_err(UpdateError::Other)?;
        match written {
            rows::Written::AsAsked if !rotate => Ok(key),
            // Renewed here, or by another request of the session meanwhile.
            rows::Written::AsAsked | rows::Written::Followed => Ok(next),
            // Ended by a sign-out elsewhere, or expired: never resurrected, under this key or
            // a new one.
            rows::Written::Gone => new_key().map_err(UpdateError::Other),
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &CookieDuration) -> anyhow::Result<()> {
        let (now, id) = (self.clock.now(), id_of(key.as_ref()));
        let expires = expiry(now, ttl);
        self.run(Phase::Write, move |conn| {
            rows::extend_live(conn, &id, now, expires)
        })
        .await?;
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> anyhow::Result<()> {
        let id = id_of(key.as_ref());
        self.run(Phase::Write, move |conn| rows::delete(conn, &id))
            .await?;
        Ok(())
    }
}
