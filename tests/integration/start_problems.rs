//! What the command line says when a setting cannot work (found by a review driving the
//! binary): an empty database URL started a server whose every pooled SQLite connection had a
//! database of its own (500s, "no such table" in the log); another scheme, a missing folder or
//! a refused PostgreSQL connection waited five seconds and said "timed out waiting for
//! connection: Invalid connection url for multiconnection"; zero sign-in or link attempts
//! locked everyone out; an unusable mail folder said only "No such file or directory"; the
//! seed made an admin with a five-letter password. Each now stops at once with one line
//! naming the setting.

use std::process::{Command, Output};

fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_invitely"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap()
}

fn refused(out: &Output, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "refused: {stderr}");
    assert!(stderr.contains(says), "says {says:?}: {stderr}");
    assert!(
        !stderr.contains("timed out waiting"),
        "no pool timeout: {stderr}"
    );
}

#[test]
fn settings_that_cannot_work_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    refused(
        &run(d, &["migrate"], &[("INVITELY_DATABASE_URL", "")]),
        "INVITELY_DATABASE_URL is empty",
    );
    refused(
        &run(
            d,
            &["migrate", "--database-url", "mysql://u:secret@h/db"],
            &[],
        ),
        "INVITELY_DATABASE_URL: mysql:// is not supported",
    );
    let missing = d.join("no/such/folder/x.db");
    let missing = format!("sqlite://{}", missing.display());
    refused(
        &run(d, &["migrate", "--database-url", &missing], &[]),
        "of the SQLite file does not exist",
    );
    let started = std::time::Instant::now();
    let out = run(
        d,
        &[
            "migrate",
            "--database-url",
            "postgres://nobody:secret@127.0.0.1:1/none",
        ],
        &[],
    );
    refused(&out, "INVITELY_DATABASE_URL: could not open the database");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("secret"),
        "the password is not repeated"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    let db = format!("sqlite://{}", d.join("ok.db").display());
    for (name, says) in [
        (
            "INVITELY_LOGIN_ATTEMPTS",
            "INVITELY_LOGIN_ATTEMPTS must be at least 1",
        ),
        (
            "INVITELY_TOKEN_ATTEMPTS_PER_MINUTE",
            "INVITELY_TOKEN_ATTEMPTS_PER_MINUTE must be at least 1",
        ),
    ] {
        refused(
            &run(
                d,
                &["migrate"],
                &[("INVITELY_DATABASE_URL", &db), (name, "0")],
            ),
            says,
        );
    }
    // The mail and SMS folders, named with their setting.
    let file = d.join("a-file");
    std::fs::write(&file, "").unwrap();
    let below = file.join("mail");
    refused(
        &run(
            d,
            &["worker"],
            &[
                ("INVITELY_DATABASE_URL", &db),
                ("INVITELY_MAIL_DIR", below.to_str().unwrap()),
            ],
        ),
        "INVITELY_MAIL_DIR: cannot create the folder",
    );
    // A demo admin's password follows the forms' rules.
    refused(
        &run(
            d,
            &[
                "seed",
                "--users",
                "1",
                "--admin-email",
                "demo@seed.test",
                "--admin-password",
                "short",
            ],
            &[("INVITELY_DATABASE_URL", &db)],
        ),
        "--admin-password: The password must have at least 8 characters.",
    );
    let too_many = run(
        d,
        &["seed", "--users", "100000000"],
        &[("INVITELY_DATABASE_URL", &db)],
    );
    assert_eq!(too_many.status.code(), Some(2), "{too_many:?}");
    // The defaults still start.
    let out = run(d, &["migrate"], &[("INVITELY_DATABASE_URL", &db)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Without a secret key the key file is written into a folder that must be there: said at once,
/// naming the setting, before the database is touched.
#[test]
fn a_missing_folder_for_the_secret_key_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(
        d,
        &["migrate"],
        &[("INVITELY_SECRET_KEY_FILE", "no/such/folder/secret")],
    );
    refused(&out, "INVITELY_SECRET_KEY_FILE: the folder no/such/folder");
    assert!(!d.join("invitely.db").exists(), "no database was made");
}

/// `invitely worker` runs delivery workers only: with none (the web instances' setting, copied
/// over) it ran one, silently; it says so and stops.
#[test]
fn a_worker_process_without_workers_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("w.db").display());
    refused(
        &run(
            d,
            &["worker"],
            &[("INVITELY_DATABASE_URL", &db), ("INVITELY_WORKERS", "0")],
        ),
        "INVITELY_WORKERS is 0",
    );
}
