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
    /// Background delivery threads (0: only `run_jobs` delivers).
    workers: usize,
    /// Whether this instance checks, when dropped, that no job is left in the queue (the
    /// first instance on a database does; `another_instance` shares its queue).
    checks_jobs: bool,
    /// Set by `allow_jobs_left`: the test leaves jobs queued on purpose.
    jobs_may_remain: AtomicBool,
    _dir: tempfile::TempDir,
}

pub const PASSWORD: &str = "correct horse battery staple";

/// The test server's URL. Without an explicit `sslmode`, `disable`: libpq would otherwise try
/// TLS on every connection (`prefer`), and OpenSSL's clean-up at process exit can then race
/// with a pool thread still connecting — a segfault after every test has passed (seen once on
/// a clean CI run).
pub fn pg_base_url() -> String {
    let url = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    if url.contains("sslmode=") {
        url
    } else {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}sslmode=disable")
    }
}

/// Creates a fresh schema for one test. Database-wide things its migrations would otherwise
/// create inside that schema (and lose with it while other tests use them) are made once, in
/// `public`, first: the `pg_trgm` extension of the search index.
pub fn create_test_schema(conn: &mut diesel::PgConnection) -> String {
    static SHARED: std::sync::Once = std::sync::Once::new();
    SHARED.call_once(|| {
        diesel::sql_query("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
            .execute(conn)
            .unwrap();
    });
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    diesel::sql_query(format!("CREATE SCHEMA {schema}"))
        .execute(conn)
        .unwrap();
    schema
}

/// A fresh schema per test, or None (and a SKIPPED line) when no server answers.
fn postgres_schema(test: &str) -> Option<(String, String)> {
    let base = pg_base_url();
    match diesel::PgConnection::establish(&base) {
        Ok(mut conn) => {
            let schema = create_test_schema(&mut conn);
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
    /// The CSV import's limits.
    pub import_max_bytes: usize,
    pub import_max_rows: usize,
    /// The SMTP user and password the application signs in with (`None`: no sign-in).
    pub smtp_login: Option<(&'static str, &'static str)>,
}

impl Default for Options {
    /// The values of `Config::for_tests()`.
    fn default() -> Self {
        let c = Config::for_tests();
        Options {
            workers: c.workers,
            token_attempts_per_minute: c.token_attempts_per_minute,
            trusted_proxies: c.trusted_proxies,
            hash_queue: c.hash_queue,
            argon2_memory_kib: c.argon2_memory_kib,
            import_max_bytes: c.import_max_bytes,
            import_max_rows: c.import_max_rows,
            smtp_login: None,
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
        let checks_jobs = shared.is_none();
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
        let mut config = Config::for_tests();
        config.database_url = database_url.clone();
        config.base_url = base.clone();
        config.smtp_url = Some(match opts.smtp_login {
            Some((user, password)) => smtp.url_with_login(user, password),
            None => smtp.url(),
        });
        config.mail_dir = dir.path().join("mail").display().to_string();
        config.sms_url = Some(sms.url());
        config.sms_dir = dir.path().join("sms").display().to_string();
        config.secret_key_file = dir.path().join("secret").display().to_string();
        config.workers = opts.workers;
        config.argon2_memory_kib = opts.argon2_memory_kib;
        config.token_attempts_per_minute = opts.token_attempts_per_minute;
        config.trusted_proxies = opts.trusted_proxies.clone();
        config.hash_queue = opts.hash_queue;
        config.import_max_bytes = opts.import_max_bytes;
        config.import_max_rows = opts.import_max_rows;
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
            workers: opts.workers,
            checks_jobs,
            jobs_may_remain: AtomicBool::new(false),
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

    /// Seeds one organisation of `cards` cards (`invitely seed`'s names, kinds and statuses);
    /// its id.
    pub fn seed_one_org(&self, cards: usize) -> invitely::db::ids::OrgId {
        use diesel::prelude::*;
        use invitely::db::schema::organisations;
        invitely::seed::run(&mut self.conn(), self.clock.now(), 1, cards, None).unwrap();
        organisations::table
            .select(organisations::id)
            .order(organisations::id.desc())
            .first(&mut *self.conn())
            .unwrap()
    }

    /// Creates the first operator through the setup link; returns the signed-in session. The
    /// "password set" notice this queues (docs/SECURITY.md C6) is delivered, like everything
    /// else then due.
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
        self.run_jobs().await;
        s.get("/platform/orgs").await.assert_ok();
        s
    }

    /// The operator's session: created through the setup link the first time, signed in after.
    pub async fn operator_session(&self) -> Session {
        if self.operator_created.load(Ordering::SeqCst) {
            self.login("operator@invitely.test", PASSWORD).await
        } else {
            self.operator().await
        }
    }

    /// Opens an invitation link and sets a password; returns the new member's session. The
    /// welcome message this queues is delivered, like everything else then due.
    pub async fn accept(&self, link: &str, password: &str) -> Session {
        let s = self.accept_only(link, password).await;
        self.run_jobs().await;
        s
    }

    /// `accept` without delivering the welcome message (for tests whose background workers
    /// must be the ones to send it). The invitee keeps the names the page offers (the card's:
    /// the names posted become the card's), and types "New Member" where the card has none.
    pub async fn accept_only(&self, link: &str, password: &str) -> Session {
        let s = self.session();
        let landing = s.get(link).await;
        landing.assert_ok();
        let (first, last) = super::pages::offered_names(&landing.body);
        let page = s
            .post(
                link,
                &[
                    ("password", password),
                    ("password_confirm", password),
                    ("first_name", &first),
                    ("last_name", &last),
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

/// The jobs left in the queue (kind, attempts, last error), which `run_jobs` or the background
/// workers should have delivered.
fn jobs_left(conn: &mut invitely::db::DbConnection) -> Vec<String> {
    use diesel::prelude::*;
    use invitely::db::schema::outbox_jobs as q;
    // Jobs that failed for good (undecodable, kept for inspection) are not queued any more.
    match q::table
        .filter(q::failed_at.is_null())
        .select((q::kind, q::attempts, q::last_error))
        .load::<(String, i32, Option<String>)>(conn)
    {
        Ok(jobs) => jobs
            .into_iter()
            .map(|(kind, attempts, error)| {
                format!("{kind} (attempts: {attempts}, last error: {error:?})")
            })
            .collect(),
        Err(e) => vec![format!("the queue could not be read: {e}")],
    }
}

fn fail_if_jobs_left(left: &[String]) {
    assert!(
        left.is_empty(),
        "{} job(s) left in the queue at the end of the test: deliver them \
         (`app.run_jobs().await`) and check them, or call `app.allow_jobs_left(why)`: {left:?}",
        left.len()
    );
}

impl TestApp {
    /// Says that this test leaves jobs in the queue on purpose (a retry not yet due, a
    /// crashed worker's claim...), so that dropping the app does not fail the test.
    pub fn allow_jobs_left(&self, _why: &str) {
        self.jobs_may_remain.store(true, Ordering::SeqCst);
    }

    fn unexpected_jobs(&self) -> Vec<String> {
        if !self.checks_jobs || self.jobs_may_remain.load(Ordering::SeqCst) {
            return Vec::new();
        }
        let mut conn = match self.state.pool.get() {
            Ok(conn) => conn,
            Err(e) => return vec![format!("no connection to read the queue: {e}")],
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = jobs_left(&mut conn);
            if left.is_empty() || self.workers == 0 || std::time::Instant::now() > deadline {
                return left;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for TestApp {
    /// Stops the server and drops the test's PostgreSQL schema; then fails the test if it left
    /// unexpected jobs queued — unless the test is already failing (a panic while unwinding
    /// would abort and hide the first failure, so the check is skipped then).
    fn drop(&mut self) {
        let left = if std::thread::panicking() {
            Vec::new()
        } else {
            self.unexpected_jobs()
        };
        let handle = self.handle.clone();
        drop(handle.stop(false));
        if let Some((base, schema)) = &self.pg_schema {
            if let Ok(mut conn) = diesel::PgConnection::establish(base) {
                let _ =
                    diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE")).execute(&mut conn);
            }
        }
        fail_if_jobs_left(&left);
    }
}
