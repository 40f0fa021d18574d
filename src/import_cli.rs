//! `invitely import --org CUSTOMER_NUMBER FILE.csv [--send-invitations] [--dry-run]
//! [--create-departments] [--as EMAIL]`: the web import's code path (read, stage, commit, run
//! the chunks) from the command line, with a progress bar, the summary, the refused rows written
//! beside the file, and exit status 1 when rows were refused — or the whole file, when its
//! invitations exceed what is left (docs/PRODUCT.md §2.8) — and 2 when nothing could be done.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::enums::MemberKind;
use crate::db::ids::ImportId;
use crate::db::import_enums::ImportProblem;
use crate::db::DbConnection;
use crate::domain::contact::EmailAddress;
use crate::domain::import::{self, command, read, OutcomeCounts, Runner, Upload};
use crate::domain::DomainError;
use crate::i18n::{tr, tr_args, Lang};
use anyhow::{anyhow, Context};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The organisation's customer number.
    #[arg(long = "org")]
    pub org: String,
    /// The CSV file (columns: email, phone, first_name, last_name, kind, department, position,
    /// roles).
    pub file: PathBuf,
    /// Invite the new users and existing users with the status Not invited.
    #[arg(long)]
    pub send_invitations: bool,
    /// Only check the file: print what it would do and write the refused rows; save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Create the departments the file names that the organisation lacks.
    #[arg(long)]
    pub create_departments: bool,
    /// The kind of new users whose `kind` cell is empty (employee or customer).
    #[arg(long, default_value_t = MemberKind::Employee)]
    pub kind: MemberKind,
    /// Run as this account (an admin of the organisation or a platform operator); by default
    /// the organisation's first admin.
    #[arg(long = "as")]
    pub as_email: Option<String>,
}

/// Exit statuses.
pub const OK: i32 = 0;
pub const ROWS_REFUSED: i32 = 1;
pub const FAILED: i32 = 2;

/// The refused rows' file beside the input: `people.csv` → `people.rejected.csv`.
pub fn rejected_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    file.with_file_name(format!("{stem}.rejected.csv"))
}

pub fn run(config: &Config, clock: &Clock, args: &ImportArgs) -> anyhow::Result<i32> {
    let kind = args.kind;
    crate::startup::check(config)?;
    // No memory map of the SQLite file here: a bulk writer reads each page about once, so the
    // map gains it nothing (100,000 rows: 0.39–0.40 of a raw insert without, 0.40–0.41 with),
    // and every page it touches would count as this command's memory (peak RSS 83 against
    // 202 MB). The server and the workers keep theirs, chosen for reading pages again and again.
    let unmapped = Config {
        sqlite_mmap_mib: 0,
        ..config.clone()
    };
    let pool = crate::startup::connect(&unmapped)?;
    let mut conn = pool.get()?;
    let org = command::org_by_customer_number(&mut conn, &args.org)?
        .ok_or_else(|| anyhow!("no organisation with customer number {:?}", args.org))?;
    // A disabled organisation takes no new members and no invitations (disabling withdrew its
    // open ones): nothing is read or written.
    if org.disabled_at.is_some() {
        return Err(anyhow!(
            "the organisation {:?} is disabled: enable it on /platform/orgs first",
            org.customer_number
        ));
    }
    // The operator at the server's console may learn whether an address has an account.
    let as_email = args
        .as_email
        .as_deref()
        .map(|typed| {
            EmailAddress::parse(typed).map_err(|_| anyhow!("--as {typed:?}: not an e-mail address"))
        })
        .transpose()?;
    let actor = command::acting_account(&mut conn, &org, as_email.as_ref(), "cli-import")
        .map_err(|e| {
            let who = as_email.as_ref().map_or("", |e| e.as_str());
            match e {
                DomainError::NotFound => anyhow!("--as {who}: no account has that address"),
                DomainError::Forbidden => anyhow!(
                    "--as {who}: that account is neither an admin of {:?} nor a platform operator",
                    org.customer_number
                ),
                e => anyhow!(e),
            }
        })?
        .ok_or_else(|| {
            anyhow!("the organisation has no active admin yet; name an operator with --as EMAIL")
        })?;
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let parsed = match read::read(&bytes, &config.import_limits()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}: {}", args.file.display(), read_error_text(&e));
            return Ok(FAILED);
        }
    };
    let upload = Upload {
        file_name: args
            .file
            .file_name()
            .map_or_else(|| "import.csv".into(), |n| n.to_string_lossy().into_owned()),
        send_invitation: args.send_invitations,
        default_kind: kind,
    };
    let id = import::stage(&mut conn, clock.now(), &actor, &org, &upload, &parsed.rows)?;
    let review = import::review::counts(&mut conn, id, false)?;
    // With --create-departments, a row refused only for its missing department is written:
    // said apart, never as refused.
    let mut waiting = None;
    if args.create_departments {
        let rows = import::review::missing_department_rows(&import::review::problem_counts(
            &mut conn, id,
        )?);
        if rows > 0 {
            waiting = Some((rows, import::review::missing_departments(&mut conn, id)?));
        }
    }
    println!(
        "{} read from {}: {}",
        many(review.total(), "row", "rows"),
        args.file.display(),
        counts_text(&review, waiting.as_ref())
    );
    let mut over_limits = None;
    if args.send_invitations {
        let demand = import::demand::read(&mut conn, clock.now(), &actor, &org, id)?;
        println!("{}", demand_text(&demand, args.create_departments));
        over_limits = demand.refusal(args.create_departments);
    }
    if args.dry_run {
        let refused = write_refused(&mut conn, id, &args.file, args.create_departments)?;
        command::discard(&mut conn, id)?;
        if let Some(why) = over_limits.as_ref().and_then(over_text) {
            eprintln!("the import would be refused whole: {why}");
        }
        println!("dry run: nothing was saved");
        let clean = refused == 0 && over_limits.is_none();
        return Ok(if clean { OK } else { ROWS_REFUSED });
    }
    let committed = import::commit(
        &mut conn,
        clock.now(),
        &actor,
        &org,
        id,
        args.create_departments,
        Runner::Inline,
    );
    if let Some(why) = committed.as_ref().err().and_then(over_text) {
        // Refused whole (docs/PRODUCT.md §2.8): nothing imported, and no import left waiting.
        // The rejected file is this file's (an earlier run's would mislead), as a dry run's.
        write_refused(&mut conn, id, &args.file, args.create_departments)?;
        command::discard(&mut conn, id)?;
        eprintln!("nothing imported: {why}");
        return Ok(ROWS_REFUSED);
    }
    committed?;
    let bar = ProgressBar::new(u64::try_from(review.total()).unwrap_or(0));
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {per_sec}  ETA {eta}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Chunks one after another, leaving room for the server's writes on SQLite.
    let mut pace = crate::db::pace::Pace::new(&conn);
    loop {
        pace.between();
        let ran = import::run_chunk(&mut conn, clock.now(), id, Runner::Inline)?;
        bar.inc(ran.rows as u64);
        if ran.finished {
            break;
        }
    }
    bar.finish_and_clear();
    let done = import::review::counts(&mut conn, id, true)?;
    println!("imported: {}", counts_text(&done, None));
    let import = import::review::get(&mut conn, org.id, id)?
        .ok_or_else(|| anyhow!("the import vanished"))?;
    let progress = import::review::progress(&mut conn, &import)?;
    if args.send_invitations {
        println!(
            "{} queued; the server's delivery workers (or `invitely worker`) send them",
            many(progress.invitations.total, "invitation", "invitations")
        );
    }
    // The rows as the commit wrote them: a department still missing then is refused.
    let refused = write_refused(&mut conn, id, &args.file, false)?;
    // An address to open, not a path: an admin of the organisation sees it there.
    println!("import {id}: {}/admin/import/{id}", config.base_url());
    Ok(if refused > 0 { ROWS_REFUSED } else { OK })
}

/// Why a file's invitations do not fit, when that is the refusal.
fn over_text(e: &DomainError) -> Option<String> {
    match e {
        DomainError::DailyLimit { remaining, asked } => Some(format!(
            "the file's invitations ({asked}) are more than this account may still send today \
             ({remaining})"
        )),
        DomainError::SeatLimit { remaining, asked } => Some(format!(
            "the file's invitations ({asked}) are more than the seats left in the organisation \
             ({remaining})"
        )),
        _ => None,
    }
}

/// What the file's invitations ask and what is left, for the account the import runs as.
fn demand_text(d: &import::Demand, create_departments: bool) -> String {
    format!(
        "{} would be sent; {} left today for this account, {} left{}",
        many(d.asked(create_departments), "invitation", "invitations"),
        d.daily_left,
        many(d.seats_left, "seat", "seats"),
        match d.held_by_imports {
            0 => String::new(),
            n => format!(" ({n} held for imports still being written)"),
        }
    )
}

/// "1 row", "2 rows": the command line speaks English (its messages are for operators' logs).
fn many(n: impl Into<i64>, one: &str, other: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { other })
}

/// The outcomes; `waiting`: the rows refused only for a department --create-departments adds
/// (how many, and the departments' names), said apart from the refused ones.
fn counts_text(c: &OutcomeCounts, waiting: Option<&(i64, Vec<String>)>) -> String {
    let text = |refused| {
        format!(
            "{} new, {} updated, {} unchanged, {refused} refused",
            c.new, c.update, c.unchanged
        )
    };
    match waiting {
        Some((rows, names)) => format!(
            "{}, {} written once the missing departments are created ({})",
            text(c.error - rows),
            rows,
            names.join(", ")
        ),
        None => text(c.error),
    }
}

fn read_error_text(e: &read::ReadError) -> String {
    match e {
        // The web page says to upload several files; here the limit is a setting.
        read::ReadError::TooManyRows { limit } => format!(
            "the file has more rows than the limit of {limit} (INVITELY_IMPORT_MAX_ROWS): split \
             it, or raise the limit"
        ),
        read::ReadError::TooLarge { limit } => format!(
            "the file is larger than the limit of {} (INVITELY_IMPORT_MAX_BYTES): split it, or \
             raise the limit",
            crate::i18n::format_size(Lang::En, *limit)
        ),
        e => tr_args(Lang::En, e.message_key(), &e.message_args(Lang::En)),
    }
}

/// Writes the refused rows (with their reason) beside the file; returns how many.
/// A refused row's reason in the rejected file: the web's words, but the command line's own way
/// to create a missing department (not the review page's box).
fn reason_text(problem: ImportProblem) -> String {
    match problem {
        ImportProblem::UnknownDepartment => {
            "No such department (run the import again with --create-departments to add it)."
                .to_owned()
        }
        p => tr(Lang::En, p.label_key()),
    }
}

/// `departments_created`: a row refused only for a missing department is not refused (the
/// commit creates it).
fn write_refused(
    conn: &mut DbConnection,
    id: ImportId,
    file: &Path,
    departments_created: bool,
) -> anyhow::Result<usize> {
    let rows: Vec<_> = import::review::refused_rows(conn, id)?
        .into_iter()
        .filter(|(_, p)| !(departments_created && *p == Some(ImportProblem::UnknownDepartment)))
        .collect();
    let path = rejected_path(file);
    if rows.is_empty() {
        if path.exists() {
            std::fs::remove_file(&path).ok();
        }
        return Ok(0);
    }
    let n = rows.len();
    let out =
        std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
    let rows = rows.into_iter().map(|(row, p)| (row, p.map(reason_text)));
    read::write_rows(std::io::BufWriter::new(out), Some("error"), rows)?;
    eprintln!(
        "{} refused: written with the reason to {}",
        many(i64::try_from(n).unwrap_or(i64::MAX), "row", "rows"),
        path.display()
    );
    Ok(n)
}
