//! Builds the application (database, transports, workers, HTTP server) for `main` and tests.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::{passwords::Hasher, setup};
use crate::jobs::worker::{JobContext, Wake, Workers};
use crate::web::session_store::DbSessionStore;
use crate::web::state::{AppState, HashQueue};
use actix_session::config::{BrowserSession, TtlExtensionPolicy};
use actix_session::SessionMiddleware;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::{middleware, web, App, HttpServer};
use anyhow::Context;
use std::net::TcpListener;
use std::sync::Arc;

pub struct Application {
    server: Server,
    port: u16,
    pub state: AppState,
    workers: Option<Workers>,
    setup_link: Option<String>,
}

/// The master secret: configured, or generated once and kept in a file readable only by us.
fn master_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(k) = &config.secret_key {
        return Ok(k.as_bytes().to_vec());
    }
    let path = std::path::Path::new(&config.secret_key_file);
    if path.exists() {
        let k = std::fs::read_to_string(path).context("reading the secret key file")?;
        return Ok(k.trim().as_bytes().to_vec());
    }
    let k = crate::domain::tokens::random_token() + &crate::domain::tokens::random_token();
    std::fs::write(path, &k).context("writing the secret key file")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(k.into_bytes())
}

/// Separate keys per purpose, derived from the master secret.
fn derive(master: &[u8], label: &str) -> Vec<u8> {
    crate::domain::tokens::hmac_sha256(master, &[label.as_bytes()]).to_vec()
}

pub fn connect(config: &Config) -> anyhow::Result<DbPool> {
    let pool = db::build_pool(&config.database_url, config.db_pool_size)?;
    let mut conn = pool.get()?;
    let applied = db::run_migrations(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    Ok(pool)
}

pub fn job_context(config: &Config, pool: DbPool, clock: Arc<Clock>) -> anyhow::Result<JobContext> {
    let master = master_key(config)?;
    let host = config
        .base_url()
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
        .to_owned();
    Ok(JobContext {
        pool,
        clock,
        mailer: crate::mail::from_config(config)?,
        sms: crate::sms::from_config(config)?,
        token_key: derive(&master, "invitation-token"),
        base_url: config.base_url().to_owned(),
        host,
        from: crate::mail::parse_mailbox(&config.mail_from).context("INVITELY_MAIL_FROM")?,
        max_lifetime_hours: config.invitation_max_hours,
        lease: time::Duration::seconds(60),
        wake: Wake::default(),
    })
}

pub fn check(config: &Config) -> anyhow::Result<()> {
    config.validate().map_err(|problems| {
        anyhow::anyhow!("configuration problems:\n  - {}", problems.join("\n  - "))
    })
}

impl Application {
    pub fn build(config: Config, clock: Arc<Clock>) -> anyhow::Result<Application> {
        let listener =
            TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
        Self::build_with_listener(config, clock, listener)
    }

    /// Like `build`, on a listener bound by the caller (tests bind `127.0.0.1:0`).
    pub fn build_with_listener(
        config: Config,
        clock: Arc<Clock>,
        listener: TcpListener,
    ) -> anyhow::Result<Application> {
        check(&config)?;
        let pool = connect(&config)?;
        let master = master_key(&config)?;
        let jobs = Arc::new(job_context(&config, pool.clone(), Arc::clone(&clock))?);
        let hasher = Hasher::new(config.argon2_memory_kib, config.argon2_iterations)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;

        let setup_link = {
            let mut conn = pool.get()?;
            if setup::needs_operator(&mut conn)? {
                let token = setup::create(&mut conn, clock.now(), None)?;
                Some(format!("{}/setup/{token}", config.base_url()))
            } else {
                None
            }
        };

        let config = Arc::new(config);
        let state = AppState {
            pool: pool.clone(),
            clock: Arc::clone(&clock),
            config: Arc::clone(&config),
            hasher: Arc::new(hasher),
            jobs: Arc::clone(&jobs),
            trusted_proxies: config.trusted_proxies().into(),
            hashing: Arc::new(HashQueue::new(actix_workers(), config.hash_queue)),
        };

        let mut cookie_key = derive(&master, "cookie-1");
        cookie_key.extend(derive(&master, "cookie-2"));
        let cookie_key = Key::from(&cookie_key);
        let secure = config.cookies_secure();
        let store = DbSessionStore::new(pool.clone(), Arc::clone(&clock));
        let data = web::Data::new(state.clone());

        let port = listener.local_addr()?.port();
        let server = HttpServer::new(move || {
            let sessions = SessionMiddleware::builder(store.clone(), cookie_key.clone())
                .cookie_name(if secure {
                    "__Host-invitely".into()
                } else {
                    "invitely_session".into()
                })
                .cookie_secure(secure)
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_path("/".into())
                .session_lifecycle(
                    BrowserSession::default()
                        .state_ttl(actix_web::cookie::time::Duration::minutes(30))
                        .state_ttl_extension_policy(TtlExtensionPolicy::OnEveryRequest),
                )
                .build();
            App::new()
                .app_data(data.clone())
                .app_data(web::FormConfig::default().limit(crate::web::form::MAX_FORM_BYTES))
                .app_data(web::PayloadConfig::new(crate::web::form::MAX_FORM_BYTES))
                .wrap(sessions)
                .wrap(middleware::from_fn(crate::web::middleware::security))
                .configure(crate::web::routes)
        })
        .workers(actix_workers())
        .shutdown_timeout(10)
        .listen(listener)?
        .run();

        let workers = Some(Workers::spawn(jobs, config.workers));
        Ok(Application {
            server,
            port,
            state,
            workers,
            setup_link,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The one-time link for the first operator, when the database had none.
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped (SIGINT/SIGTERM), then lets the workers finish in-flight sends.
    pub async fn run_until_stopped(mut self) -> std::io::Result<()> {
        let result = self.server.await;
        if let Some(w) = self.workers.take() {
            tracing::info!("stopping delivery workers");
            let _ = web::block(move || w.shutdown()).await;
        }
        result
    }
}

fn actix_workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
}
