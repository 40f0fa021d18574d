//! Skipped parts of the suite (no PostgreSQL, no Chromium, no axe-core), made visible.
//!
//! libtest captures what the print macros write, so a `SKIPPED:` line printed by a passing test
//! is never shown. A skipping test therefore writes its line straight to the process's stderr
//! (not captured) and appends it to a file under `target/`; the last test target of
//! `cargo test` (`tests/zz_skip_summary.rs`, also including this file) prints the collected
//! lines as a summary and clears the file. The file starts with the id of the process that
//! started the test binaries (cargo), so lines from an earlier run are never reported as
//! this run's.
#![allow(dead_code)] // each of the two test targets uses its half

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static LOCK: Mutex<()> = Mutex::new(());

/// The file of this checkout (several checkouts may share one target folder).
pub fn file() -> PathBuf {
    let checkout = env!("CARGO_MANIFEST_DIR")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("invitely-skipped-{checkout:016x}.txt"))
}

fn header() -> String {
    format!("parent {}", std::os::unix::process::parent_id())
}

/// Whitespace (tabs and line breaks of error messages included) collapsed to single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reports that `test` did not run, and why: on stderr now, and in the end-of-run summary.
pub fn skipped(test: &str, reason: &str) {
    let line = format!("SKIPPED: {}: {}\n", one_line(test), one_line(reason));
    let _ = std::io::stderr().write_all(line.as_bytes());
    record_to(&file(), test, reason);
}

/// Appends one skip to `path`, starting the file afresh when it belongs to an earlier run.
pub fn record_to(path: &Path, test: &str, reason: &str) {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let current = std::fs::read_to_string(path).unwrap_or_default();
    let mut text = if current.lines().next() == Some(header().as_str()) {
        current
    } else {
        format!("{}\n", header())
    };
    text.push_str(&format!("{}\t{}\n", one_line(reason), one_line(test)));
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(path, text) {
        let _ = writeln!(
            std::io::stderr(),
            "cannot record the skip in {}: {e}",
            path.display()
        );
    }
}

/// The summary of this run's skips (None when nothing was skipped); clears the file.
pub fn take_summary(path: &Path) -> Option<String> {
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let text = std::fs::read_to_string(path).ok()?;
    let _ = std::fs::remove_file(path);
    let mut lines = text.lines();
    if lines.next() != Some(header().as_str()) {
        return None; // left by an earlier run
    }
    let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        let Some((reason, test)) = line.split_once('\t') else {
            continue;
        };
        match by_reason.iter_mut().find(|(r, _)| r == reason) {
            Some((_, tests)) => tests.push(test.to_owned()),
            None => by_reason.push((reason.to_owned(), vec![test.to_owned()])),
        }
    }
    let total: usize = by_reason.iter().map(|(_, t)| t.len()).sum();
    if total == 0 {
        return None;
    }
    let mut out = String::from("\nSKIPPED: parts of the suite did not run:\n");
    for (reason, mut names) in by_reason {
        names.sort();
        let shown = names.iter().take(10).cloned().collect::<Vec<_>>();
        let more = names.len() - shown.len();
        out.push_str(&format!(
            "  {} skipped: {reason}\n      {}",
            names.len(),
            shown.join(", ")
        ));
        if more > 0 {
            out.push_str(&format!(", … (+{more})"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{total} skipped in all. Install what is missing (see README), or set \
         INVITELY_REQUIRE_PG=1 / INVITELY_REQUIRE_BROWSER=1 to make a skip a failure.\n"
    ));
    Some(out)
}
