//! The last test target of `cargo test` (cargo runs test targets in name order, hence the
//! name): prints the parts of the suite that were skipped in this run, then clears the list.
//! Without a test harness, so what it prints is never captured.

#[path = "integration/support/skips.rs"]
mod skips;

fn main() {
    // `cargo test -- --list` lists; it runs nothing, so there is nothing to report yet.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Some(summary) = skips::take_summary(&skips::file()) {
        println!("{summary}");
    }
}
