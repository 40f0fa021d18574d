//! `TestApp`: the real application on `127.0.0.1:0` over its own database (a temporary SQLite
//! file, or a fresh PostgreSQL schema), with a real SMTP server and a real SMS gateway.

use super::client::Session;
use super::mime;
use super::sms_sink::SmsSink;
use super::smtp_sink::{ReceivedMail, SmtpSink};
use diesel::{Connection, RunQueryDsl};
use invitely::clock::Clock;
use invitely::config::Config;
use invitely::startup::Application;
use invitely::web::state::AppState;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: Arc<Clock>,
    pub smtp: SmtpSink,
    pub sms: SmsSink,
    pub setup_link: Option<String>,
    pub database_url: String,
    handle: actix_web::dev::ServerHandle,
    /// Whether the setup link has been used (ports are reused, so this is per instance).
    operator_created: AtomicBool,
    pg_schema: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

pub const PASSWORD: &str = "correct horse battery staple";

/// The test server's URL. Without an explicit `sslmode`, `disable`: libpq would otherwise try
/// TLS on every connection (`prefer`), and OpenSSL's clean-up at process exit can then race
/// with a pool thread still connecting — a segfault after every test has passed (seen once on
/// a clean CI run).
fn pg_base_url() -> String {
    let url = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    if url.contains("sslmode=") {
        url
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}sslmode=disable")
    }
}

/// A fresh schema per test, or None (and a SKIPPED line) when no server answers.
fn postgres_schema(test: &str) -> Option<(String, String)> {
    let base = pg_base_url();
    match diesel::PgConnection::establish(&base) {
        Ok(mut conn) => {
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            diesel::sql_query(format!("CREATE SCHEMA {schema}"))
                .execute(&mut conn)
                .unwrap();
            let sep = if base.contains('?') { '&' } else { '?' };
            Some((
                format!("{base}{sep}options=-csearch_path%3D{schema}"),
                schema,
            ))
        }
        Err(e) => {
            if std::env::var("INVITELY_REQUIRE_PG").as_deref() == Ok("1") {
                panic!("PostgreSQL is required (INVITELY_REQUIRE_PG=1) but not reachable at {base}: {e}");
            }
            let e = e.to_string();
            super::skips::skipped(
                test,
                &format!("no PostgreSQL server at {base} ({})", e.trim()),
            );
            None
        }
    }
}

pub struct Options {
    pub workers: usize,
    pub token_attempts_per_minute: u32,
    pub trusted_proxies: String,
    pub hash_queue: usize,
    /// Argon2 memory cost in KiB (the tests' default is cheap).
    pub argon2_memory_kib: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            workers: 0,
            token_attempts_per_minute: 1000,
            trusted_proxies: String::new(),
            hash_queue: 32,
            argon2_memory_kib: 64,
        }
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, Options::default()).await
    }

    /// Another instance of the application on this one's database (a restart, or a second
    /// server behind a load balancer): its own port, sinks and memory, the same rows.
    pub async fn another_instance(&self, opts: Options) -> TestApp {
        Self::spawn_on(Some(self.database_url.clone()), Backend::Sqlite, opts)
            .await
            .unwrap()
    }

    pub async fn spawn_with(backend: Backend, opts: Options) -> Option<TestApp> {
        Self::spawn_on(None, backend, opts).await
    }

    async fn spawn_on(shared: Option<String>, backend: Backend, opts: Options) -> Option<TestApp> {
        let test = std::thread::current().name().unwrap_or("test").to_owned();
        let dir = tempfile::tempdir().unwrap();
        let (database_url, pg_schema) = match (shared, backend) {
            (Some(url), _) => (url, None),
            (None, backend) => match backend {
                Backend::Sqlite => (
                    format!("sqlite://{}", dir.path().join("test.db").display()),
                    None,
                ),
                Backend::Postgres => {
                    let (url, schema) = postgres_schema(&test)?;
                    (url.clone(), Some((pg_base_url(), schema)))
                }
            },
        };
        let smtp = SmtpSink::start();
        let sms = SmsSink::start();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let config = Config {
            database_url: database_url.clone(),
            bind: "127.0.0.1:0".into(),
            base_url: base.clone(),
            smtp_url: Some(smtp.url()),
            mail_from: "Invitely <no-reply@invitely.test>".into(),
            mail_dir: dir.path().join("mail").display().to_string(),
            sms_url: Some(sms.url()),
            sms_dir: dir.path().join("sms").display().to_string(),
            secret_key: Some("test-secret-key-that-is-long-enough-0123456789".into()),
            secret_key_file: dir.path().join("secret").display().to_string(),
            workers: opts.workers,
            db_pool_size: 8,
            invitation_hours: 24,
            invitation_max_hours: 24 * 7,
            argon2_memory_kib: opts.argon2_memory_kib,
            argon2_iterations: 1,
            token_attempts_per_minute: opts.token_attempts_per_minute,
            login_attempts: 10,
            secure_cookies: Some(false),
            trusted_proxies: opts.trusted_proxies.clone(),
            hash_queue: opts.hash_queue,
        };
        let clock = Arc::new(Clock::default());
        let app = Application::build_with_listener(config, Arc::clone(&clock), listener).unwrap();
        let state = app.state.clone();
        let handle = app.server_handle();
        let setup_link = app.setup_link().map(str::to_owned);
        actix_web::rt::spawn(app.run_until_stopped());
        Some(TestApp {
            base,
            state,
            clock,
            smtp,
            sms,
            setup_link,
            database_url,
            handle,
            operator_created: AtomicBool::new(false),
            pg_schema,
            _dir: dir,
        })
    }

    pub fn session(&self) -> Session {
        Session::new(&self.base)
    }

    /// Delivers everything due, on a blocking thread, like a worker would.
    pub async fn run_jobs(&self) -> usize {
        let ctx = Arc::clone(&self.state.jobs);
        tokio::task::spawn_blocking(move || invitely::jobs::run_until_idle(&ctx).unwrap())
            .await
            .unwrap()
    }

    pub fn emails(&self) -> Vec<ReceivedMail> {
        self.smtp.messages()
    }

    /// The emails sent to one address.
    pub fn emails_to(&self, address: &str) -> Vec<ReceivedMail> {
        self.emails()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == address))
            .collect()
    }

    /// The invitation link in the newest message to `address`.
    /// (Waits up to 10 s, for tests whose background workers may still be sending.)
    pub fn invitation_link(&self, address: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while self.emails_to(address).is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let mail = self
            .emails_to(address)
            .pop()
            .unwrap_or_else(|| panic!("no mail to {address}"));
        let text = mime::part(&mail.data, "text/plain").unwrap();
        mime::find_link(&text, &format!("{}/invite/", self.base)).unwrap()
    }

    pub fn conn(&self) -> invitely::db::PooledConn {
        self.state.pool.get().unwrap()
    }

    /// Creates the first operator through the setup link; returns the signed-in session.
    pub async fn operator(&self) -> Session {
        let s = self.session();
        let link = self.setup_link.clone().expect("setup link");
        s.get(&link).await.assert_ok();
        let page = s
            .post(
                &link,
                &[
                    ("email", "operator@invitely.test"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        self.operator_created.store(true, Ordering::SeqCst);
        s.get("/platform/orgs").await.assert_ok();
        s
    }

    /// Operator creates an organisation; its admin accepts the e-mailed invitation.
    pub async fn org_with_admin(&self, number: &str, admin_email: &str) -> Session {
        let op = self.operator_session().await;
        let page = op
            .post(
                "/platform/orgs",
                &[
                    ("name", &format!("Org {number}")),
                    ("customer_number", number),
                    ("seat_limit", "100"),
                    ("daily_invite_limit", "50"),
                    ("admin_email", admin_email),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        self.run_jobs().await;
        let link = self.invitation_link(admin_email);
        let admin = self.accept(&link, PASSWORD).await;
        self.run_jobs().await; // the welcome message
        admin
    }

    /// The operator's session: created through the setup link the first time, signed in after.
    async fn operator_session(&self) -> Session {
        if self.operator_created.load(Ordering::SeqCst) {
            self.login("operator@invitely.test", PASSWORD).await
        } else {
            self.operator().await
        }
    }

    /// Opens an invitation link and sets a password; returns the new member's session.
    pub async fn accept(&self, link: &str, password: &str) -> Session {
        let s = self.session();
        s.get(link).await.assert_ok();
        let page = s
            .post(
                link,
                &[
                    ("password", password),
                    ("password_confirm", password),
                    ("first_name", "New"),
                    ("last_name", "Member"),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        s.get("/").await;
        s
    }

    pub async fn login(&self, email: &str, password: &str) -> Session {
        let s = self.session();
        s.get("/login").await;
        let page = s
            .post("/login", &[("email", email), ("password", password)])
            .await;
        assert_eq!(page.status, 303, "login as {email} failed: {}", page.body);
        s.get_follow("/").await;
        s
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        drop(handle.stop(false));
        if let Some((base, schema)) = &self.pg_schema {
            if let Ok(mut conn) = diesel::PgConnection::establish(base) {
                let _ =
                    diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE")).execute(&mut conn);
            }
        }
    }
}
