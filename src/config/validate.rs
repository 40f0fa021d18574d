//! Every setting checked at start, every problem said at once.

use super::smtp_url::sends_password_in_clear;
use super::{base_url, parse_networks, Config, MIN_ARGON2_ITERATIONS, MIN_ARGON2_MEMORY_KIB};

impl Config {
    /// Every problem at once, so an operator fixes them in one go.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        if self.bind.parse::<std::net::SocketAddr>().is_err() {
            problems.push(format!("INVITELY_BIND: '{}' is not host:port", self.bind));
        }
        problems.extend(base_url::problem(&self.base_url));
        if let Some(url) = &self.smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                problems.push("INVITELY_SMTP_URL must start with smtp:// or smtps://".into());
            } else if let Err(e) = lettre::SmtpTransport::from_url(url) {
                // lettre's words name the part (no host, an unknown tls=…), never the password.
                problems.push(format!("INVITELY_SMTP_URL cannot be used: {e}"));
            } else if sends_password_in_clear(url) {
                problems.push(
                    "INVITELY_SMTP_URL carries a user and password over plain smtp://, so the \
                     password would cross the network unencrypted: use smtps://…:465 or add \
                     ?tls=required (STARTTLS, e.g. smtp://user:pass@host:587?tls=required); \
                     plain smtp:// with a password is allowed only to a relay on this machine \
                     (127.0.0.1, ::1, localhost)"
                        .into(),
                );
            }
        }
        if let Some(url) = &self.sms_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                problems.push("INVITELY_SMS_URL must be an http(s) URL".into());
            }
        }
        if crate::mail::parse_mailbox(&self.mail_from).is_none() {
            problems.push(format!(
                "INVITELY_MAIL_FROM: '{}' is not a mailbox",
                self.mail_from
            ));
        }
        match &self.secret_key {
            Some(key) if key.len() < 32 => {
                problems.push("INVITELY_SECRET_KEY must be at least 32 characters".into());
            }
            Some(_) => {}
            None => problems.extend(secret_key_file_problem(&self.secret_key_file)),
        }
        if self.workers > 64 {
            problems.push("INVITELY_WORKERS must be between 0 and 64".into());
        }
        if self.db_pool_size == 0 {
            problems.push("INVITELY_DB_POOL_SIZE must be at least 1".into());
        }
        if self.sqlite_cache_mib == 0 || self.sqlite_cache_mib > 4096 {
            problems.push("INVITELY_SQLITE_CACHE_MIB must be between 1 and 4096".into());
        }
        if self.sqlite_mmap_mib > 1024 * 1024 {
            problems.push("INVITELY_SQLITE_MMAP_MIB must be at most 1048576 (1 TiB)".into());
        }
        if self.kept_counts > 1_000_000 {
            problems.push("INVITELY_KEPT_COUNTS must be at most 1000000".into());
        }
        if self.invitation_hours < 1 || self.invitation_hours > self.invitation_max_hours {
            problems.push(
                "INVITELY_INVITATION_HOURS must be between 1 and INVITELY_INVITATION_MAX_HOURS"
                    .into(),
            );
        }
        if self.invitation_max_hours < 1 {
            problems.push("INVITELY_INVITATION_MAX_HOURS must be at least 1".into());
        }
        if self.argon2_memory_kib < 8 || self.argon2_iterations < 1 {
            problems.push("argon2 cost too low".into());
        } else if !self.allow_weak_hashing
            && (self.argon2_memory_kib < MIN_ARGON2_MEMORY_KIB
                || self.argon2_iterations < MIN_ARGON2_ITERATIONS)
        {
            problems.push(format!(
                "INVITELY_ARGON2_MEMORY_KIB must be at least {MIN_ARGON2_MEMORY_KIB} and \
                 INVITELY_ARGON2_ITERATIONS at least {MIN_ARGON2_ITERATIONS} (lower only for \
                 tests, with INVITELY_ALLOW_WEAK_HASHING=true)"
            ));
        }
        if let Err(bad) = parse_networks(&self.trusted_proxies) {
            problems.push(format!(
                "INVITELY_TRUSTED_PROXIES: '{bad}' is not an address or network"
            ));
        }
        if self.hash_queue == 0 {
            problems.push("INVITELY_HASH_QUEUE must be at least 1".into());
        }
        // Zero would refuse every sign-in and every link: no setting means "none allowed".
        if self.login_attempts == 0 {
            problems.push("INVITELY_LOGIN_ATTEMPTS must be at least 1".into());
        }
        if self.token_attempts_per_minute == 0 {
            problems.push("INVITELY_TOKEN_ATTEMPTS_PER_MINUTE must be at least 1".into());
        }
        if let Some(problem) = database_url_problem(&self.database_url) {
            problems.push(problem);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// What is wrong with `INVITELY_DATABASE_URL`, said before any connection is tried (an empty
/// one gave every pooled SQLite connection a database of its own; another scheme was read as
/// a file name; a missing folder surfaced as "timed out waiting for connection"). The URL
/// itself is not repeated: it may hold a password.
fn database_url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return Some(
            "INVITELY_DATABASE_URL is empty: give sqlite://FILE (the default is \
             sqlite://invitely.db) or postgres://USER:PASSWORD@HOST/DATABASE"
                .into(),
        );
    }
    if crate::db::is_postgres_url(url) {
        return None;
    }
    if let Some((scheme, _)) = url.split_once("://") {
        if scheme != "sqlite" {
            return Some(format!(
                "INVITELY_DATABASE_URL: {scheme}:// is not supported; give sqlite://FILE or \
                 postgres://USER:PASSWORD@HOST/DATABASE"
            ));
        }
    }
    let file = crate::db::connection_string(url);
    let folder = std::path::Path::new(&file).parent()?;
    let special = file == ":memory:" || file.starts_with("file:");
    (!special && !folder.as_os_str().is_empty() && !folder.is_dir()).then(|| {
        format!(
            "INVITELY_DATABASE_URL: the folder {} of the SQLite file does not exist",
            folder.display()
        )
    })
}

/// Without `INVITELY_SECRET_KEY` the key is generated once into this file: its folder must be
/// there (it was said only after the database had been migrated, as "No such file or
/// directory").
fn secret_key_file_problem(file: &str) -> Option<String> {
    let folder = std::path::Path::new(file).parent()?;
    (!folder.as_os_str().is_empty() && !folder.is_dir()).then(|| {
        format!(
            "INVITELY_SECRET_KEY_FILE: the folder {} does not exist (create it, or give \
             INVITELY_SECRET_KEY)",
            folder.display()
        )
    })
}
