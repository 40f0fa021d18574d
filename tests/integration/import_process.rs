//! The import through the real binary: `invitely import` on the command line (the web's code
//! path, exit status, refused rows beside the file, dry run), and an import whose worker
//! process is killed (`kill -9`) mid-way, then started again: it resumes, and every row is
//! written once and every invitation delivered to its one recipient.

use crate::both_backends;
use crate::import::upload;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{import_rows, imports, invitations, members};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "test-secret-key-that-is-long-enough-0123456789";

/// The binary with only the settings given (none inherited from the environment).
pub(crate) fn invitely(app: &TestApp) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_invitely"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("INVITELY_DATABASE_URL", &app.database_url)
        .env("INVITELY_SECRET_KEY", SECRET)
        .env("INVITELY_BASE_URL", &app.base)
        .env("INVITELY_SMTP_URL", app.smtp.url())
        .env("INVITELY_SMS_URL", app.sms.url())
        .env("RUST_LOG", "warn");
    cmd
}

pub(crate) async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn count(app: &TestApp, sql_table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {sql_table}"))
        .get_result::<N>(&mut app.conn())
        .unwrap()
        .n
}

async fn command_line_import(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CLI-1").build().await;
    admin.get("/admin/departments").await;
    admin.post("/admin/departments", &[("name", "Sales")]).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "почта;имя;фамилия;отдел\n\
         kate@example.test;Kate;Bush;Sales\n\
         leo@example.test;Leo;Tolstoy;\n\
         not-an-address;Bad;Row;\n\
         mo@example.test;Mo;Nowhere;Склад\n",
    )
    .unwrap();
    let before = count(&app, "members");

    // A dry run saves nothing, says what it would do and writes the refused row.
    let mut dry = invitely(&app);
    dry.args([
        "import",
        "--org",
        "CLI-1",
        "--dry-run",
        "--send-invitations",
    ])
    .arg(&file);
    let out = run(dry).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 new"), "{stdout}");
    assert_eq!(count(&app, "members"), before);
    assert_eq!(
        count(&app, "imports"),
        0,
        "a dry run leaves no import behind"
    );
    let rejected = dir.path().join("people.rejected.csv");
    let text = std::fs::read_to_string(&rejected).unwrap();
    assert!(text.contains("not-an-address"), "{text}");
    // The command line's own way to create a department, not the web page's box.
    assert!(
        text.contains("No such department (run the import again with --create-departments"),
        "{text}"
    );
    std::fs::remove_file(&rejected).unwrap();

    let mut real = invitely(&app);
    real.args(["import", "--org", "CLI-1", "--send-invitations"])
        .arg(&file);
    let out = run(real).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "rows were refused: {stdout}");
    assert!(stdout.contains("imported: 2 new"), "{stdout}");
    // The import's page as an address to open, not a bare path.
    assert!(
        regex::Regex::new(&format!(r"(?m)^import \d+: {}/admin/import/\d+$", app.base))
            .unwrap()
            .is_match(&stdout),
        "{stdout}"
    );
    assert_eq!(count(&app, "members"), before + 2);
    assert!(std::fs::read_to_string(&rejected)
        .unwrap()
        .contains("not-an-address"));
    // The invitations wait in the outbox for the delivery workers.
    app.run_jobs().await;
    assert_eq!(app.emails_to("kate@example.test").len(), 1);
    assert_eq!(app.emails_to("leo@example.test").len(), 1);
    // The import shows on the web like any other.
    let page = admin.get("/admin/import").await;
    assert!(page.body.contains("people.csv"), "{}", page.body);

    // A clean file: exit status 0, nothing refused; an unknown organisation or a missing file:
    // 2, the import could not run.
    std::fs::write(&file, "email,first_name\nmia@example.test,Mia\n").unwrap();
    let mut clean = invitely(&app);
    // Without RUST_LOG, as an operator runs it: its output is its own, no log lines.
    clean
        .env_remove("RUST_LOG")
        .args(["import", "--org", "CLI-1"])
        .arg(&file);
    let out = run(clean).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!rejected.exists());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("1 row read from "),
        "one row, not \"1 rows\": {said}"
    );
    assert!(
        !said.contains("INFO") && !said.contains("audit"),
        "log lines among the output: {said}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut unknown = invitely(&app);
    unknown.args(["import", "--org", "NOPE"]).arg(&file);
    let out = run(unknown).await;
    assert_eq!(out.status.code(), Some(2), "could not run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE"));
    // The number typed in another case finds the organisation; disabled, it takes nothing.
    let mut lower = invitely(&app);
    lower
        .args(["import", "--org", "cli-1", "--dry-run"])
        .arg(&file);
    let out = run(lower).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --as names what is wrong with the account: no such address, or no right to import.
    app.org("CLI-2").admin("boss@cli2.test").build().await;
    for (who, said) in [
        ("nobody@cli.test", "no account has that address"),
        (
            "boss@cli2.test",
            "neither an admin of \"CLI-1\" nor a platform operator",
        ),
        ("not an address", "not an e-mail address"),
    ] {
        let mut acting = invitely(&app);
        acting
            .args(["import", "--org", "CLI-1", "--dry-run", "--as", who])
            .arg(&file);
        let out = run(acting).await;
        assert_eq!(out.status.code(), Some(2), "could not run as {who}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{who}: {stderr}");
    }
    let imports_before = count(&app, "imports");
    diesel::sql_query(
        "UPDATE organisations SET disabled_at = created_at WHERE customer_number = 'CLI-1'",
    )
    .execute(&mut *app.conn())
    .unwrap();
    let mut disabled = invitely(&app);
    disabled
        .args(["import", "--org", "CLI-1", "--send-invitations"])
        .arg(&file);
    let out = run(disabled).await;
    assert_eq!(out.status.code(), Some(2), "could not run");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("is disabled"), "{said}");
    assert_eq!(count(&app, "imports"), imports_before, "nothing written");
    diesel::sql_query(
        "UPDATE organisations SET disabled_at = NULL WHERE customer_number = 'CLI-1'",
    )
    .execute(&mut *app.conn())
    .unwrap();
    // A file that is not there: could not run either.
    let mut missing = invitely(&app);
    missing
        .args(["import", "--org", "CLI-1"])
        .arg(file.with_extension("missing"));
    let out = run(missing).await;
    assert_eq!(out.status.code(), Some(2), "could not run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading"));
}

fn worker(app: &TestApp) -> Child {
    let mut cmd = invitely(app);
    cmd.arg("worker")
        .env("INVITELY_WORKERS", "2")
        .env("INVITELY_JOB_LEASE_SECONDS", "2")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd.spawn().unwrap()
}

fn rows_done(app: &TestApp) -> i64 {
    import_rows::table
        .filter(import_rows::done.eq(true))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

async fn killed_worker_resumes_the_import(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    const ROWS: i64 = 800;
    let admin = app.org("KILL-1").daily(5000).seats(5000).build().await;
    let mut csv = String::from("email,first_name,last_name\n");
    for i in 0..ROWS {
        csv.push_str(&format!("k{i}@example.test,K{i},Person\n"));
    }
    let review = upload(&admin, csv.as_bytes(), true).await;
    admin.get(&review).await.assert_ok();
    let page = admin.post(&format!("{review}/commit"), &[]).await;
    assert_eq!(page.status, 303);
    let mails_before = app.emails().len();

    // A worker process writes the first chunks and is killed without warning.
    let mut first = worker(&app);
    let deadline = Instant::now() + Duration::from_secs(120);
    while rows_done(&app) < 200 {
        assert!(Instant::now() < deadline, "the worker never wrote a chunk");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let at_kill = rows_done(&app);
    assert!(
        at_kill < ROWS,
        "the import ended before the kill ({at_kill} rows)"
    );

    // Started again, it resumes (after the dead worker's lease) and finishes.
    let mut second = worker(&app);
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        let status: String = imports::table
            .select(imports::status)
            .first(&mut app.conn())
            .unwrap();
        // Every job run: chunks and messages (a link counts as sent from the moment it is
        // minted, before its message leaves, so the invitations alone do not tell).
        let jobs = count(&app, "outbox_jobs");
        if status == "done" && jobs == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not finished: {status}, {jobs} jobs left"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    second.kill().unwrap();
    second.wait().unwrap();

    // Every row written once, every card invited once, every invitation out.
    assert_eq!(rows_done(&app), ROWS);
    let unsent: i64 = invitations::table
        .filter(invitations::sent_at.is_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(unsent, 0);
    let cards: i64 = members::table
        .filter(members::email.like("k%@example.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(cards, ROWS);
    assert_eq!(
        count(&app, "invitations"),
        ROWS + 1,
        "the admin's own and one per row"
    );
    // Every recipient got its invitation, always the same message: a kill can only make a
    // worker send again what it had sent but not yet recorded (at most a batch per worker).
    let mails: Vec<_> = app.emails().into_iter().skip(mails_before).collect();
    let mut per_recipient =
        std::collections::HashMap::<String, std::collections::HashSet<String>>::new();
    for m in &mails {
        let id = crate::support::mime::header(&m.data, "Message-ID").unwrap_or_default();
        for to in &m.to {
            per_recipient
                .entry(to.clone())
                .or_default()
                .insert(id.clone());
        }
    }
    assert_eq!(per_recipient.len() as i64, ROWS, "every recipient reached");
    assert!(
        per_recipient.values().all(|ids| ids.len() == 1),
        "one invitation each"
    );
    let resent = mails.len() as i64 - ROWS;
    eprintln!("killed after {at_kill} of {ROWS} rows; {resent} messages sent again");
    assert!(
        (0..=2 * invitely::jobs::runner::BATCH).contains(&resent),
        "{resent} messages sent again after the kill"
    );
}

/// A file whose invitations exceed what the account may still send today is refused whole on
/// the command line too (docs/PRODUCT.md §2.8): exit status 1, nothing imported, no import
/// left waiting for review; the figures are printed after reading the file.
async fn command_line_refuses_a_file_over_the_limits(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let _admin = app.org("CLI-3").daily(1).build().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.csv");
    std::fs::write(
        &file,
        "email,first_name\nnia@example.test,Nia\nola@example.test,Ola\n",
    )
    .unwrap();
    let before = count(&app, "members");
    // Over the row limit: said with the setting that sets it (not the web page's "upload
    // several files"), exit status 2.
    let mut over = invitely(&app);
    over.args(["import", "--org", "CLI-3"])
        .arg(&file)
        .env("INVITELY_IMPORT_MAX_ROWS", "1");
    let out = run(over).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the file has more rows than the limit of 1 (INVITELY_IMPORT_MAX_ROWS)"),
        "{stderr}"
    );
    // A dry run says so too, with exit status 1.
    let mut dry = invitely(&app);
    dry.args([
        "import",
        "--org",
        "CLI-3",
        "--send-invitations",
        "--dry-run",
    ])
    .arg(&file);
    let out = run(dry).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the import would be refused whole: the file's invitations (2)"),
        "{stderr}"
    );
    // An earlier run's rejected rows beside the file: refused whole, this file leaves none.
    let rejected = dir.path().join("two.rejected.csv");
    std::fs::write(&rejected, "email,error\nstale,from an earlier file\n").unwrap();
    let mut cmd = invitely(&app);
    cmd.args(["import", "--org", "CLI-3", "--send-invitations"])
        .arg(&file);
    let out = run(cmd).await;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        !rejected.exists(),
        "an earlier run's rejected rows left behind"
    );
    assert!(
        stdout.contains("2 invitations would be sent; 1 left today for this account"),
        "{stdout}"
    );
    assert!(
        stderr.contains(
            "nothing imported: the file's invitations (2) are more than this account may \
             still send today (1)"
        ),
        "{stderr}"
    );
    assert_eq!(count(&app, "members"), before, "no card written");
    assert_eq!(count(&app, "imports"), 0, "no import left waiting");
    // Without invitations the same file goes in.
    let mut cmd = invitely(&app);
    cmd.args(["import", "--org", "CLI-3"]).arg(&file);
    let out = run(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&app, "members"), before + 2);
}

/// An import on the command line that stops mid-way (killed, or a chunk that failed) is not left
/// "importing" for ever: its standby job, put off while the command writes, comes due and the
/// delivery workers finish it — every row once.
async fn a_stopped_command_line_import_is_finished_by_the_workers(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    const ROWS: i64 = 4_000;
    app.org("CLI-K").daily(5000).seats(5000).build().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.csv");
    let mut csv = String::from("email,first_name,last_name\n");
    for i in 0..ROWS {
        csv.push_str(&format!("s{i}@example.test,S{i},Person\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let mut cmd = invitely(&app);
    cmd.args(["import", "--org", "CLI-K"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while rows_done(&app) < 200 {
        assert!(Instant::now() < deadline, "the command never wrote a chunk");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let at_kill = rows_done(&app);
    assert!(
        at_kill < ROWS,
        "the import ended before the kill ({at_kill} rows)"
    );
    let status = || -> String {
        imports::table
            .select(imports::status)
            .first(&mut app.conn())
            .unwrap()
    };
    assert_eq!(status(), "committing");

    // Not before its standby comes due: the command might still be writing.
    app.run_jobs().await;
    assert_eq!(rows_done(&app), at_kill);
    app.clock.advance(time::Duration::minutes(5));
    app.run_jobs().await;
    assert_eq!(status(), "done");
    assert_eq!(rows_done(&app), ROWS);
    let cards: i64 = members::table
        .filter(members::email.like("s%@example.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(cards, ROWS, "every row written once");
}

/// A dry run with --create-departments says what the import then does: a row refused only for
/// its missing department is written once the department is created — not refused, not in the
/// rejected file, exit status 0 — as the real run then shows.
async fn a_dry_run_creating_departments_says_what_the_import_does(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("CLI-4").build().await;
    admin.get("/admin/departments").await;
    admin.post("/admin/departments", &[("name", "Sales")]).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deps.csv");
    std::fs::write(
        &file,
        "email,first_name,department\n\
         ann@example.test,Ann,Sales\n\
         bob@example.test,Bob,Depot\n\
         bad-address,Bad,Sales\n",
    )
    .unwrap();
    let rejected = dir.path().join("deps.rejected.csv");
    let said = "1 new, 0 updated, 0 unchanged, 1 refused, 1 written once the missing \
                departments are created (Depot)";
    for dry_run in [true, false] {
        let mut cmd = invitely(&app);
        cmd.args(["import", "--org", "CLI-4", "--create-departments"]);
        if dry_run {
            cmd.arg("--dry-run");
        }
        cmd.arg(&file);
        let out = run(cmd).await;
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "the bad address: {stdout}{stderr}"
        );
        assert!(stdout.contains(said), "dry run {dry_run}: {stdout}");
        let text = std::fs::read_to_string(&rejected).unwrap();
        assert!(text.contains("bad-address"), "{text}");
        assert!(!text.contains("bob@"), "dry run {dry_run}: {text}");
    }
    assert_eq!(count(&app, "members"), 3, "the admin, Ann and Bob");
}

both_backends!(
    a_dry_run_creating_departments_says_what_the_import_does,
    a_stopped_command_line_import_is_finished_by_the_workers,
    command_line_import,
    killed_worker_resumes_the_import,
    command_line_refuses_a_file_over_the_limits
);
