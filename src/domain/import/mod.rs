//! CSV import of member cards (seed 001: "an invitation can also be sent when importing users"),
//! with a review before anything is written, commit in background chunks, and the same code path
//! for the web page and the command line.
//!
//! - `cells`: the file's columns and the formula-injection guard shared with the export.

pub mod cells;
