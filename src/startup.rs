//! Builds the application (database, transports, workers, HTTP server) for `main` and tests.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::domain::{passwords::Hasher, setup};
use crate::jobs::worker::{JobContext, Wake, Workers};
use crate::web::csrf::CsrfConfig;
use crate::web::hashing::HashQueue;
use crate::web::session_store::DbSessionStore;
use crate::web::state::AppState;
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
    housekeeping: Option<actix_web::rt::task::JoinHandle<()>>,
    setup_link: Option<String>,
}

/// The least a secret key may hold, in characters (the same rule as `INVITELY_SECRET_KEY`).
pub const MIN_KEY_CHARS: usize = 32;

/// The master secret: configured, or generated once and kept in a file readable only by us.
/// Several instances starting at once on a fresh installation agree on one key.
fn master_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(k) = &config.secret_key {
        return Ok(k.as_bytes().to_vec());
    }
    let path = std::path::Path::new(&config.secret_key_file);
    if let Some(k) = read_key_file(path)? {
        return Ok(k);
    }
    let k = crate::domain::tokens::random_token() + &crate::domain::tokens::random_token();
    match create_key_file(path, &k) {
        Ok(()) => {
            tracing::info!(file = %path.display(), "secret key generated");
            Ok(k.into_bytes())
        }
        // Another start created it first: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key_file(path)?
            .with_context(|| format!("the secret key file {} vanished", path.display())),
        Err(e) => Err(e).with_context(|| format!("writing the secret key file {}", path.display())),
    }
}

/// The key in `path`, None when there is no such file; a short or empty key is refused.
fn read_key_file(path: &std::path::Path) -> anyhow::Result<Option<Vec<u8>>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("reading the secret key file {}", path.display()))
        }
    };
    let key = text.trim();
    let chars = key.chars().count();
    if chars < MIN_KEY_CHARS {
        anyhow::bail!(
            "the secret key file {} holds {} characters; at least {} are needed. Put a longer \
             key in it, or delete it to have one generated (sessions and unsent links made with \
             the old key then stop working)",
            path.display(),
            chars,
            MIN_KEY_CHARS
        );
    }
    Ok(Some(key.as_bytes().to_vec()))
}

/// Writes a new key file that never exists with another mode than 0600 or with partial
/// content: a temporary file is created exclusively with mode 0600, filled and synced, then
/// linked under the final name — which fails with `AlreadyExists` if another start got there
/// first.
fn create_key_file(path: &std::path::Path, key: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(
        ".{name}.{}.tmp",
        crate::domain::tokens::hex(&rand::random::<[u8; 8]>())
    ));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    let result = file
        .write_all(format!("{key}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Where messages go when no SMTP server or SMS gateway is configured: said at start, on the
/// terminal and in the log, because those files hold live links.
pub fn delivery_notices(config: &Config) -> Vec<String> {
    let place = |dir: &str| {
        std::path::absolute(dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| dir.to_owned())
    };
    let mut notices = Vec::new();
    if config.smtp_url.is_none() {
        notices.push(format!(
            "Mail is not sent: each message is written as an .eml file to {} (set \
             INVITELY_SMTP_URL to send it). The files hold live invitation links.",
            place(&config.mail_dir)
        ));
    }
    if config.sms_url.is_none() {
        notices.push(format!(
            "SMS are not sent: each message is written as a file to {} (set INVITELY_SMS_URL \
             to send them). The files hold live invitation links.",
            place(&config.sms_dir)
        ));
    }
    notices
}

/// Separate keys per purpose, derived from the master secret.
fn derive(master: &[u8], label: &str) -> Vec<u8> {
    crate::domain::tokens::hmac_sha256(master, &[label.as_bytes()]).to_vec()
}

fn derive32(master: &[u8], label: &str) -> [u8; 32] {
    crate::domain::tokens::hmac_sha256(master, &[label.as_bytes()])
}

pub fn connect(config: &Config) -> anyhow::Result<DbPool> {
    db::check_connection(&config.database_url)
        .map_err(|e| anyhow::anyhow!("INVITELY_DATABASE_URL: could not open the database: {e}"))?;
    let pool = db::build_pool(
        &config.database_url,
        config.db_pool_size,
        db::SqliteTuning {
            cache_mib: config.sqlite_cache_mib,
            mmap_mib: config.sqlite_mmap_mib,
        },
    )?;
    let mut conn = pool.get()?;
    let applied = db::run_migrations(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    Ok(pool)
}

pub fn job_context(config: &Config, pool: DbPool, clock: Arc<Clock>) -> anyhow::Result<JobContext> {
    let master = master_key(config)?;
    for notice in delivery_notices(config) {
        tracing::warn!("{notice}");
    }
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
        lease: time::Duration::seconds(i64::from(config.job_lease_seconds.max(2))),
        wake: Wake::default(),
    })
}

/// `invitely create-admin --email E`: a one-time setup link bound to E — the page shows E
/// fixed, and only E (a new account, or E's account signed in) can use it. Returns the
/// normalised address and the link.
pub fn create_admin_link(
    config: &Config,
    now: time::PrimitiveDateTime,
    email: &str,
) -> anyhow::Result<(String, String)> {
    check(config)?;
    let email = crate::domain::contact::EmailAddress::parse(email)
        .map_err(|_| anyhow::anyhow!("'{email}' is not an e-mail address"))?;
    let pool = connect(config)?;
    let mut conn = pool.get()?;
    // A link for someone who already is an operator would offer what they have.
    let already =
        crate::domain::accounts::find_by_email(&mut conn, &email)?.is_some_and(|a| a.is_operator);
    if already {
        anyhow::bail!("{email} is already a platform operator: no setup link is needed");
    }
    let token = setup::create(&mut conn, now, Some(&email))?;
    let link = format!("{}/setup/{token}", config.base_url());
    Ok((email.into_string(), link))
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
        // One hash per hashing thread at a time, each with memory kept for the next.
        let hashing_threads = actix_workers();
        let hasher = Hasher::new(config.argon2_memory_kib, config.argon2_iterations)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?
            .keeping(hashing_threads);

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
            hashing: Arc::new(HashQueue::new(hashing_threads, config.hash_queue)?),
            two_factor: Arc::new(crate::domain::two_factor::Keys::new(
                derive32(&master, "two-factor-secret"),
                derive32(&master, "two-factor-recovery"),
            )),
            kept_counts: Arc::new(crate::domain::members::KeptCounts::new(config.kept_counts)),
        };

        let mut cookie_key = derive(&master, "cookie-1");
        cookie_key.extend(derive(&master, "cookie-2"));
        let cookie_key = Key::from(&cookie_key);
        let secure = config.cookies_secure();
        let store = DbSessionStore::new(
            pool.clone(),
            Arc::clone(&clock),
            &derive(&master, "session-successor"),
        );
        let data = web::Data::new(state.clone());
        let csrf = web::Data::new(CsrfConfig::new(derive(&master, "csrf-nonce"), secure));
        let devices = web::Data::new(crate::web::device::DeviceConfig::new(
            derive(&master, "device-cookie"),
            secure,
        ));

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
                        .state_ttl(crate::web::session_store::IDLE_TIMEOUT)
                        // The store moves the idle deadline itself when it reads the session,
                        // at most once a minute (no write per request).
                        .state_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
                )
                .build();
            App::new()
                .app_data(data.clone())
                .app_data(csrf.clone())
                .app_data(devices.clone())
                .app_data(web::FormConfig::default().limit(crate::web::form::MAX_FORM_BYTES))
                .app_data(web::PayloadConfig::new(crate::web::form::MAX_FORM_BYTES))
                // A key in a URL that is not a number names nothing: the not-found page.
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, _| crate::error::AppError::NotFound.into()),
                )
                // Inside the sessions: an error page's frame (the caller's header and navigation).
                .wrap(middleware::from_fn(crate::web::middleware::error_frame))
                // Inside the sessions: flashes a redirecting page took go back for the next.
                .wrap(middleware::from_fn(
                    crate::web::session::keep_unshown_flashes,
                ))
                .wrap(sessions)
                .wrap(middleware::from_fn(crate::web::middleware::security))
                .wrap(middleware::from_fn(crate::web::device::set_cookie))
                // Outermost, so that its cookie survives the error pages built inside.
                .wrap(middleware::from_fn(crate::web::csrf::nonce_cookie))
                .configure(crate::web::routes)
        })
        .workers(actix_workers())
        .shutdown_timeout(10)
        .listen(listener)?
        .run();

        let workers = Some(Workers::spawn(jobs, config.workers));
        // Expired rows go away every few minutes, also when no delivery worker runs here.
        let housekeeping = Some(actix_web::rt::spawn(crate::jobs::housekeeping::run(
            pool,
            Arc::clone(&clock),
            crate::jobs::housekeeping::EVERY,
        )));
        Ok(Application {
            server,
            port,
            state,
            workers,
            housekeeping,
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
        if let Some(h) = self.housekeeping.take() {
            h.abort();
        }
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
