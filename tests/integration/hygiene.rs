//! The smaller holes (issue 5, item 7): the secret key file, `Origin: null`, the language
//! switch's `back`, private `.eml`/SMS files and the start-up notice (the SMS country allowlist
//! and daily caps are in `sms_caps`).

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use clap::{Args, Command, FromArgMatches};
use invitely::config::Config;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

/// The configuration `invitely` would read from these flags (every other setting default).
fn config_from(args: &[&str]) -> Config {
    let matches = Config::augment_args(Command::new("invitely").no_binary_name(true))
        .try_get_matches_from(args)
        .unwrap();
    Config::from_arg_matches(&matches).unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A configuration over a fresh SQLite file in `dir`, mail and SMS to files, no secret key set.
fn file_config(dir: &Path) -> Config {
    let d = |name: &str| dir.join(name).display().to_string();
    config_from(&[
        "--database-url",
        &format!("sqlite://{}", d("test.db")),
        "--mail-dir",
        &d("out/mail"),
        "--sms-dir",
        &d("out/sms"),
        "--secret-key-file",
        &d("invitely.secret"),
    ])
}

fn delivery_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    let pool = invitely::startup::connect(config)?;
    let ctx = invitely::startup::job_context(config, pool, Arc::new(Default::default()))?;
    Ok(ctx.token_key.clone())
}

#[test]
fn secret_key_file_is_created_private_and_once() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let config = Arc::new(file_config(dir.path()));
        invitely::startup::connect(&config).unwrap();
        let key_path = dir.path().join("invitely.secret");
        // A watcher notes every mode the file is seen with while eight starts race.
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher = {
            let (done, path) = (Arc::clone(&done), key_path.clone());
            std::thread::spawn(move || {
                let mut seen = std::collections::BTreeSet::new();
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    if let Ok(m) = std::fs::metadata(&path) {
                        seen.insert(m.permissions().mode() & 0o777);
                    }
                }
                seen
            })
        };
        let barrier = Arc::new(std::sync::Barrier::new(8));
        let keys: Vec<Vec<u8>> = (0..8)
            .map(|_| {
                let (config, barrier) = (Arc::clone(&config), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    delivery_key(&config).unwrap()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        let seen = watcher.join().unwrap();
        assert!(
            keys.windows(2).all(|w| w[0] == w[1]),
            "starts disagree on the key"
        );
        assert_eq!(mode(&key_path), 0o600);
        assert!(seen.iter().all(|m| *m == 0o600), "modes seen: {seen:?}");
        let stored = std::fs::read_to_string(&key_path).unwrap();
        assert!(stored.trim().len() >= 32);
        // A later start reads the same key.
        assert_eq!(delivery_key(&config).unwrap(), keys[0]);
    }
}

#[test]
fn short_or_empty_key_file_is_refused() {
    for content in ["", "\n", "too-short-key-0123456789"] {
        let dir = tempfile::tempdir().unwrap();
        let config = file_config(dir.path());
        let key_path = dir.path().join("invitely.secret");
        std::fs::write(&key_path, content).unwrap();
        let err = match delivery_key(&config) {
            Ok(_) => panic!("key file {content:?} accepted"),
            Err(e) => format!("{e:#}"),
        };
        assert!(
            err.contains(&key_path.display().to_string()) && err.contains("32"),
            "{err}"
        );
    }
}

#[test]
fn mail_and_sms_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let config = file_config(dir.path());
    let mailer = invitely::mail::from_config(&config).unwrap();
    let sms = invitely::sms::from_config(&config).unwrap();
    let message = lettre::Message::builder()
        .from("Invitely <no-reply@invitely.test>".parse().unwrap())
        .to("someone@example.com".parse().unwrap())
        .message_id(Some("<m-1@invitely.test>".into()))
        .subject("link")
        .body("http://127.0.0.1/invite/secret".to_owned())
        .unwrap();
    mailer.send(&message).unwrap();
    sms.send("+79051111111", "http://127.0.0.1/invite/secret", "s-1")
        .unwrap();
    for folder in ["out", "out/mail", "out/sms"] {
        assert_eq!(mode(&dir.path().join(folder)), 0o700, "{folder}");
    }
    for folder in ["out/mail", "out/sms"] {
        let files: Vec<_> = std::fs::read_dir(dir.path().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(mode(&files[0]), 0o600, "{}", files[0].display());
    }
}

/// A start over files says so, and where: the lines `invitely serve` and `invitely worker`
/// print (src/main.rs), and a WARN line in the log.
#[test]
fn start_says_where_mail_and_sms_go() {
    let dir = tempfile::tempdir().unwrap();
    let config = file_config(dir.path());
    let folders = [
        dir.path().join("out/mail").display().to_string(),
        dir.path().join("out/sms").display().to_string(),
    ];
    let notices = invitely::startup::delivery_notices(&config);
    assert_eq!(notices.len(), 2, "{notices:?}");
    for (notice, folder) in notices.iter().zip(&folders) {
        assert!(notice.contains(folder.as_str()), "{notice}");
    }

    // The WARN line, read from `invitely worker`'s own output. (A subscriber set for one thread
    // of this test process missed it whenever another test met the same call site first:
    // tracing decides once per call site whether anyone listens.)
    let d = |name: &str| dir.path().join(name).display().to_string();
    let mut worker = std::process::Command::new(env!("CARGO_BIN_EXE_invitely"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "INVITELY_DATABASE_URL",
            format!("sqlite://{}", d("test.db")),
        )
        .env("INVITELY_MAIL_DIR", d("out/mail"))
        .env("INVITELY_SMS_DIR", d("out/sms"))
        .env("INVITELY_SECRET_KEY_FILE", d("invitely.secret"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, said) = std::sync::mpsc::channel();
    let stdout = std::io::BufReader::new(worker.stdout.take().unwrap());
    std::thread::spawn(move || {
        use std::io::BufRead;
        stdout
            .lines()
            .map_while(Result::ok)
            .try_for_each(|l| lines.send(l))
    });
    let mut log = Vec::new();
    let warned =
        |log: &[String], folder: &str| log.iter().any(|l| l.contains("WARN") && l.contains(folder));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !folders.iter().all(|f| warned(&log, f)) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match said.recv_timeout(left) {
            Ok(line) => log.push(line),
            Err(_) => break,
        }
    }
    worker.kill().unwrap();
    worker.wait().unwrap();
    for folder in &folders {
        assert!(warned(&log, folder), "{folder} not in the log:\n{log:#?}");
    }

    // With an SMTP server and an SMS gateway there is nothing to say.
    let mut real = file_config(dir.path());
    real.smtp_url = Some("smtp://127.0.0.1:2525".into());
    real.sms_url = Some("http://127.0.0.1:9/sms".into());
    assert!(invitely::startup::delivery_notices(&real).is_empty());
}

/// Creates a user with an e-mail address, sends the invitation, returns the link.
async fn invitation(app: &TestApp, admin: &Session, email: &str) -> String {
    let member = app.member(admin).named("Null", "Origin").email(email);
    member.invite().await.link
}

async fn post_with_origin(s: &Session, path: &str, origin: &str, fields: &[(&str, &str)]) -> u16 {
    let token = s.csrf();
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    s.client
        .post(s.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", origin)
        .body(serde_html_form::to_string(&all).unwrap())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn origin_null_only_on_token_pages(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("H-1").admin("boss@h1.test").build().await;
    let s = app.session();
    s.get("/login").await.assert_ok();
    let status = post_with_origin(
        &s,
        "/login",
        "null",
        &[("email", "boss@h1.test"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(status, 403, "POST /login with Origin: null");
    // Elsewhere too: an admin form. (The language switch and sign-out are forms of every page,
    // the token pages included, so they take `null`: see `browser_signin`, where Chromium
    // switches the language on an invitation page.)
    assert_eq!(
        post_with_origin(&s, "/lang", "null", &[("lang", "ru"), ("back", "/")]).await,
        303
    );
    admin.get("/admin/departments").await.assert_ok();
    assert_eq!(
        post_with_origin(&admin, "/admin/departments", "null", &[("name", "Null")]).await,
        403
    );
    // The same host under another scheme is another origin (a page over plain HTTP could be
    // anyone's on the way); the application's own scheme and host are its own.
    let host = app.base.split_once("://").unwrap().1;
    let other_scheme = format!("https://{host}");
    assert_eq!(
        post_with_origin(
            &admin,
            "/admin/departments",
            &other_scheme,
            &[("name", "TLS")]
        )
        .await,
        403
    );
    let own = format!("http://{}", host.to_uppercase());
    assert_eq!(
        post_with_origin(&admin, "/admin/departments", &own, &[("name", "Own")]).await,
        303
    );

    // The invitation page (sent with no-referrer, so browsers say `Origin: null`) still works.
    let link = invitation(&app, &admin, "nobody@h1.test").await;
    let invitee = app.session();
    invitee.get(&link).await.assert_ok();
    let status = post_with_origin(
        &invitee,
        &link,
        "null",
        &[
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("first_name", "No"),
            ("last_name", "Body"),
        ],
    )
    .await;
    assert_eq!(status, 303, "POST /invite/{{token}} with Origin: null");
    app.login("nobody@h1.test", PASSWORD).await;
    app.expect_welcome("nobody@h1.test").await;
}

async fn language_switch_goes_only_to_local_paths(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let s = app.session();
    s.get("/login").await.assert_ok();
    let cases: &[(&str, &str)] = &[
        ("/\\evil.example/", "/"),
        ("/\t/evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\/evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/login\r\nSet-Cookie: x=1", "/"),
        ("/login\nx", "/"),
        ("/login\0", "/"),
        ("/login\u{7f}", "/"),
        ("", "/"),
        ("/login", "/login"),
        (
            "/admin/users?status=error&q=a%20b",
            "/admin/users?status=error&q=a%20b",
        ),
    ];
    let mut wrong = Vec::new();
    for (back, expected) in cases {
        let page = s.post("/lang", &[("lang", "ru"), ("back", back)]).await;
        if page.status != 303 || page.location.as_deref() != Some(*expected) {
            wrong.push(format!("{back:?} → {} {:?}", page.status, page.location));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");

    // The switch on a page leads back to it with its query: a filtered list stays filtered.
    let admin = app.org("H-5").build().await;
    let list = admin
        .get("/admin/users?status=error&q=a%20b&per_page=50")
        .await;
    list.assert_ok();
    let back = "/admin/users?status=error&#38;q=a%20b&#38;per_page=50";
    assert!(
        list.body
            .contains(&format!("name=\"back\" value=\"{back}\"")),
        "{}",
        list.body
    );
}

both_backends!(
    origin_null_only_on_token_pages,
    language_switch_goes_only_to_local_paths,
);
