//! Configuration: every setting is a flag with an environment variable and a default.

use clap::Args;
use ipnet::IpNet;
use std::net::IpAddr;

pub mod base_url;
mod smtp_url;
mod validate;

/// `10.0.0.1, 192.168.0.0/16` → networks; the first entry that is neither is the error.
pub fn parse_networks(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| s.to_owned())
        })
        .collect()
}

/// Every flag is global: it may come before the subcommand or after it (`invitely serve --bind
/// 127.0.0.1:8081`, `invitely import --database-url … --org A-1 people.csv`).
#[derive(Debug, Clone, Args)]
// Under a heading of their own: a subcommand's --help lists its own flags first.
#[command(next_help_heading = "Settings (each also an INVITELY_... environment variable)")]
pub struct Config {
    /// SQLite file (`sqlite://invitely.db`) or `postgres://…` URL.
    #[arg(
        long,
        global = true,
        env = "INVITELY_DATABASE_URL",
        default_value = "sqlite://invitely.db"
    )]
    pub database_url: String,
    /// Address the web server listens on.
    #[arg(
        long,
        global = true,
        env = "INVITELY_BIND",
        default_value = "127.0.0.1:8080"
    )]
    pub bind: String,
    /// Public base URL, used in every link sent out (never taken from the Host header).
    #[arg(
        long,
        global = true,
        env = "INVITELY_BASE_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,
    /// `smtps://user:pass@host:465` or `smtp://user:pass@host:587?tls=required`; a password over
    /// plain `smtp://` only to this machine; unset: mail is written as .eml files.
    #[arg(long, global = true, env = "INVITELY_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of every e-mail.
    #[arg(
        long,
        global = true,
        env = "INVITELY_MAIL_FROM",
        default_value = "Invitely <no-reply@localhost>"
    )]
    pub mail_from: String,
    /// Folder for .eml files when no SMTP server is configured.
    #[arg(
        long,
        global = true,
        env = "INVITELY_MAIL_DIR",
        default_value = "mail-outbox"
    )]
    pub mail_dir: String,
    /// HTTP endpoint of the SMS gateway (JSON POST); unset: SMS are written to files.
    #[arg(long, global = true, env = "INVITELY_SMS_URL")]
    pub sms_url: Option<String>,
    /// Folder for SMS files when no gateway is configured.
    #[arg(
        long,
        global = true,
        env = "INVITELY_SMS_DIR",
        default_value = "sms-outbox"
    )]
    pub sms_dir: String,
    /// Secret key (at least 32 characters); unset: generated and stored in the key file.
    #[arg(
        long,
        global = true,
        env = "INVITELY_SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<String>,
    /// Where the generated secret key is kept when INVITELY_SECRET_KEY is unset.
    #[arg(
        long,
        global = true,
        env = "INVITELY_SECRET_KEY_FILE",
        default_value = "invitely.secret"
    )]
    pub secret_key_file: String,
    /// Delivery worker threads.
    #[arg(long, global = true, env = "INVITELY_WORKERS", default_value_t = 4)]
    pub workers: usize,
    /// Database connections in the pool.
    #[arg(
        long,
        global = true,
        env = "INVITELY_DB_POOL_SIZE",
        default_value_t = 10
    )]
    pub db_pool_size: u32,
    /// SQLite only: page cache of each pooled connection, in MiB (`PRAGMA cache_size`).
    #[arg(
        long,
        global = true,
        env = "INVITELY_SQLITE_CACHE_MIB",
        default_value_t = 2
    )]
    pub sqlite_cache_mib: u32,
    /// SQLite only: how much of the database file is read through a memory map, in MiB
    /// (`PRAGMA mmap_size`); 0 reads through system calls.
    #[arg(
        long,
        global = true,
        env = "INVITELY_SQLITE_MMAP_MIB",
        default_value_t = 1024
    )]
    pub sqlite_mmap_mib: u32,
    /// How many searches and filters of the users table keep their counts per status between
    /// requests (checked against the organisation's version of its cards); 0 counts every time.
    #[arg(
        long,
        global = true,
        env = "INVITELY_KEPT_COUNTS",
        default_value_t = 1024
    )]
    pub kept_counts: usize,
    /// Hours an invitation link stays valid after it is sent, for new organisations.
    #[arg(
        long,
        global = true,
        env = "INVITELY_INVITATION_HOURS",
        default_value_t = 24
    )]
    pub invitation_hours: i32,
    /// Platform cap on any organisation's invitation lifetime, in hours.
    #[arg(long, global = true, env = "INVITELY_INVITATION_MAX_HOURS", default_value_t = 24 * 7)]
    pub invitation_max_hours: i32,
    /// Argon2id memory cost in KiB (19456 or more in production).
    #[arg(
        long,
        global = true,
        env = "INVITELY_ARGON2_MEMORY_KIB",
        default_value_t = MIN_ARGON2_MEMORY_KIB
    )]
    pub argon2_memory_kib: u32,
    /// Argon2id iterations.
    #[arg(
        long,
        global = true,
        env = "INVITELY_ARGON2_ITERATIONS",
        default_value_t = MIN_ARGON2_ITERATIONS
    )]
    pub argon2_iterations: u32,
    /// Allow an argon2 cost below 19456 KiB and 2 iterations (docs/SECURITY.md C1): for tests
    /// and benchmarks only, never in production.
    #[arg(long, global = true, env = "INVITELY_ALLOW_WEAK_HASHING")]
    pub allow_weak_hashing: bool,
    /// Wrong invitation/setup tokens allowed per client address per minute.
    #[arg(
        long,
        global = true,
        env = "INVITELY_TOKEN_ATTEMPTS_PER_MINUTE",
        default_value_t = 30
    )]
    pub token_attempts_per_minute: u32,
    /// Failed sign-ins allowed per client address, and per account, in five minutes.
    #[arg(
        long,
        global = true,
        env = "INVITELY_LOGIN_ATTEMPTS",
        default_value_t = 10
    )]
    pub login_attempts: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client: addresses or networks,
    /// comma-separated (`10.0.0.1, 192.168.0.0/16`). Empty: the peer address is the client.
    #[arg(
        long,
        global = true,
        env = "INVITELY_TRUSTED_PROXIES",
        default_value = ""
    )]
    pub trusted_proxies: String,
    /// Password checks that may wait for a hashing thread; beyond it sign-ins get 503.
    #[arg(long, global = true, env = "INVITELY_HASH_QUEUE", default_value_t = 32)]
    pub hash_queue: usize,
    /// Mark cookies Secure; defaults to true when the base URL is https.
    #[arg(long, global = true, env = "INVITELY_SECURE_COOKIES")]
    pub secure_cookies: Option<bool>,
    /// How long a worker holds a claimed job before another worker may take it over (after a
    /// crash); messages stop being started once half of it is spent.
    #[arg(
        long,
        global = true,
        env = "INVITELY_JOB_LEASE_SECONDS",
        default_value_t = 60
    )]
    pub job_lease_seconds: u32,
    /// Largest CSV file an import accepts, in bytes; a larger upload gets 413.
    #[arg(long, global = true, env = "INVITELY_IMPORT_MAX_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub import_max_bytes: usize,
    /// Most data rows an import accepts; more get 413.
    #[arg(
        long,
        global = true,
        env = "INVITELY_IMPORT_MAX_ROWS",
        default_value_t = 200_000
    )]
    pub import_max_rows: usize,
}

/// The weakest argon2id cost allowed outside tests (OWASP's first choice; docs/SECURITY.md C1).
pub const MIN_ARGON2_MEMORY_KIB: u32 = 19456;
pub const MIN_ARGON2_ITERATIONS: u32 = 2;

impl Config {
    /// The tests' configuration: every setting given (no environment read), cheap password
    /// hashing, no delivery workers, a fixed secret key, plain cookies. The database, the base
    /// URL and the mail/SMS destinations are placeholders each test sets. A new setting gets
    /// its test value here, so the tests need no change.
    #[doc(hidden)]
    pub fn for_tests() -> Config {
        Config {
            database_url: "sqlite://test.db".into(),
            bind: "127.0.0.1:0".into(),
            base_url: "http://127.0.0.1:8080".into(),
            smtp_url: None,
            mail_from: "Invitely <no-reply@invitely.test>".into(),
            mail_dir: "mail-outbox".into(),
            sms_url: None,
            sms_dir: "sms-outbox".into(),
            secret_key: Some("test-secret-key-that-is-long-enough-0123456789".into()),
            secret_key_file: "invitely.secret".into(),
            workers: 0,
            db_pool_size: 8,
            sqlite_cache_mib: 2,
            sqlite_mmap_mib: 0,
            kept_counts: 1024,
            invitation_hours: 24,
            invitation_max_hours: 24 * 7,
            argon2_memory_kib: 64,
            argon2_iterations: 1,
            allow_weak_hashing: true,
            token_attempts_per_minute: 1000,
            login_attempts: 10,
            trusted_proxies: String::new(),
            hash_queue: 32,
            secure_cookies: Some(false),
            job_lease_seconds: 60,
            import_max_bytes: 20 * 1024 * 1024,
            import_max_rows: 200_000,
        }
    }

    /// The import's limits.
    pub fn import_limits(&self) -> crate::domain::import::read::Limits {
        crate::domain::import::read::Limits {
            max_bytes: self.import_max_bytes,
            max_rows: self.import_max_rows,
        }
    }

    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The trusted proxies, parsed (validate() has refused a bad list).
    pub fn trusted_proxies(&self) -> Vec<IpNet> {
        parse_networks(&self.trusted_proxies).unwrap_or_default()
    }

    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies
            .unwrap_or_else(|| self.base_url.starts_with("https://"))
    }
}
