//! Configuration: `.env.example` lists exactly the settings the binary reads, and bad values are
//! all reported at once.

use clap::{Args, Command};
use invitely::config::Config;
use std::collections::BTreeSet;

fn declared() -> BTreeSet<String> {
    Config::augment_args(Command::new("invitely"))
        .get_arguments()
        .filter_map(|a| a.get_env().map(|e| e.to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn env_example_lists_every_setting() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.env.example")).unwrap();
    // A setting unset by default is listed commented out, with an example value.
    let listed: BTreeSet<String> = text
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .filter(|l| l.starts_with("INVITELY_"))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect();
    let declared = declared();
    assert!(declared.len() >= 15, "{declared:?}");
    assert_eq!(listed, declared);
}

/// `.env.example` loaded as it stands as an environment file (`docker run --env-file`,
/// systemd's `EnvironmentFile=`) starts the binary: an empty value there is a value, and an
/// empty secure-cookies flag or SMTP address refused every start.
#[test]
fn env_example_loads_as_an_environment_file() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.env.example")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("env.db").display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_invitely"))
        .arg("migrate")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('=')),
        )
        .env("INVITELY_DATABASE_URL", &database)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let cmd = Config::augment_args(Command::new("invitely").no_binary_name(true));
    let matches = cmd
        .try_get_matches_from([
            "--bind",
            "nonsense",
            "--base-url",
            "ftp://x",
            "--smtp-url",
            "http://mail",
            "--mail-from",
            "not a mailbox",
            "--secret-key",
            "short",
        ])
        .unwrap();
    let config = <Config as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
    let problems = config.validate().unwrap_err();
    assert_eq!(problems.len(), 5, "{problems:?}");
    let defaults = <Config as clap::FromArgMatches>::from_arg_matches(
        &Config::augment_args(Command::new("invitely").no_binary_name(true))
            .try_get_matches_from(Vec::<String>::new())
            .unwrap(),
    )
    .unwrap();
    assert!(defaults.validate().is_ok(), "the defaults are valid");
    assert_eq!(defaults.database_url, "sqlite://invitely.db");
    assert_eq!(defaults.bind, "127.0.0.1:8080");
    assert_eq!(defaults.workers, 4);
}

/// The settings' flags may follow the subcommand (`invitely serve --bind …`) as well as
/// precede it; the subcommand's own flags stay its own.
#[test]
fn settings_flags_parse_after_the_subcommand() {
    use clap::{CommandFactory, Parser};
    use invitely::cli::{Cli, Command as Sub};
    Cli::command().debug_assert();
    let cli = Cli::try_parse_from(["invitely", "serve", "--bind", "127.0.0.1:9"]).unwrap();
    assert_eq!(cli.config.bind, "127.0.0.1:9");
    assert!(matches!(cli.command, Some(Sub::Serve)));
    let cli = Cli::try_parse_from(["invitely", "--bind", "127.0.0.1:9", "serve"]).unwrap();
    assert_eq!(cli.config.bind, "127.0.0.1:9");
    let cli = Cli::try_parse_from([
        "invitely",
        "import",
        "--org",
        "A-1",
        "people.csv",
        "--database-url",
        "postgres://db.test/invitely",
        "--workers",
        "2",
    ])
    .unwrap();
    assert_eq!(cli.config.database_url, "postgres://db.test/invitely");
    assert_eq!(cli.config.workers, 2);
    assert!(matches!(cli.command, Some(Sub::Import(ref a)) if a.org == "A-1"));
    assert!(Cli::try_parse_from(["invitely", "--org", "A-1", "import", "people.csv"]).is_err());
}

/// The binary itself: `invitely migrate --database-url …` uses that database, and the
/// environment variable still works when no flag is given.
#[test]
fn the_binary_reads_settings_after_the_subcommand_and_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], env: &[(&str, String)]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_invitely"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let flagged = dir.path().join("flagged.db");
    let out = run(
        &[
            "migrate",
            "--database-url",
            &format!("sqlite://{}", flagged.display()),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(flagged.exists());
    let from_env = dir.path().join("from_env.db");
    let out = run(
        &["migrate"],
        &[(
            "INVITELY_DATABASE_URL",
            format!("sqlite://{}", from_env.display()),
        )],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(from_env.exists());
    assert!(
        !dir.path().join("invitely.db").exists(),
        "no default database"
    );
}

/// `invitely migrate` in `dir` with nothing set but `var`, on the SQLite file `db` there.
fn migrate_with(dir: &std::path::Path, var: &str, value: &str, db: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_invitely"))
        .arg("migrate")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(var, value)
        .env(
            "INVITELY_DATABASE_URL",
            format!("sqlite://{}", dir.join(db).display()),
        )
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A password over plain `smtp://` to another machine is refused at start, before anything
/// is opened (lettre would send AUTH PLAIN in clear text); `?tls=required`, `smtps://` and a
/// relay on this machine start.
#[test]
fn a_smtp_password_in_clear_text_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let run =
        |smtp_url: &str, db: &str| migrate_with(dir.path(), "INVITELY_SMTP_URL", smtp_url, db);
    let out = run("smtp://mailer:s3cr3t@mail.example.com:587", "refused.db");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("INVITELY_SMTP_URL") && said.contains("?tls=required"),
        "{said}"
    );
    assert!(
        !said.contains("s3cr3t"),
        "the password is not repeated: {said}"
    );
    assert!(!dir.path().join("refused.db").exists(), "nothing opened");
    for (i, url) in [
        "smtp://mailer:s3cr3t@mail.example.com:587?tls=required",
        "smtps://mailer:s3cr3t@mail.example.com:465",
        "smtp://mailer:s3cr3t@127.0.0.1:25",
    ]
    .iter()
    .enumerate()
    {
        let out = run(url, &format!("allowed{i}.db"));
        assert!(
            out.status.success(),
            "{url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A base address no link can begin with — a query, a fragment, a user and password, a space —
/// is refused at start, before anything is opened, without repeating what it holds.
#[test]
fn a_base_url_no_link_can_begin_with_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let run =
        |base_url: &str, db: &str| migrate_with(dir.path(), "INVITELY_BASE_URL", base_url, db);
    for (i, (url, said)) in [
        ("http://127.0.0.1:8080?x=1", "query"),
        ("http://127.0.0.1:8080#top", "fragment"),
        ("http://admin:s3cr3t@example.com", "user or password"),
        ("http://exa mple.com", "space"),
        ("http://", "not an address"),
    ]
    .iter()
    .enumerate()
    {
        let db = format!("refused{i}.db");
        let out = run(url, &db);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{url}: {stderr}");
        assert!(
            stderr.contains("INVITELY_BASE_URL") && stderr.contains(said),
            "{url}: {stderr}"
        );
        assert!(!stderr.contains("s3cr3t"), "{stderr}");
        assert!(!dir.path().join(&db).exists(), "nothing opened");
    }
    let out = run("https://example.com/invitely/", "allowed.db");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An argon2 cost below OWASP's first choice (19456 KiB, 2 iterations) is refused at start,
/// unless weak hashing is allowed for tests (docs/SECURITY.md C1).
#[test]
fn a_weak_password_hash_is_refused_outside_tests() {
    let parse = |args: &[&str]| {
        let matches = Config::augment_args(Command::new("invitely").no_binary_name(true))
            .try_get_matches_from(args)
            .unwrap();
        <Config as clap::FromArgMatches>::from_arg_matches(&matches).unwrap()
    };
    for args in [
        &["--argon2-memory-kib", "19455"][..],
        &["--argon2-iterations", "1"][..],
    ] {
        let problems = parse(args).validate().unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("INVITELY_ALLOW_WEAK_HASHING"),
            "{problems:?}"
        );
    }
    let allowed = parse(&["--argon2-memory-kib", "64", "--allow-weak-hashing"]);
    assert!(allowed.validate().is_ok());
    assert!(parse(&["--argon2-memory-kib", "19456"]).validate().is_ok());
}
