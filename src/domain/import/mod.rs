//! CSV import of member cards (seed 001: "an invitation can also be sent when importing users"),
//! with a review before anything is written, commit in background chunks, and the same code path
//! for the web page and the command line.
//!
//! - `cells`: the file's columns and the formula-injection guard shared with the export.
//! - `read`: the file's bytes into rows as they stand (encoding, delimiter, header names, limits),
//!   and rows back into a file (`encoding` and `headers` are its parts).

pub mod cells;
mod encoding;
mod headers;
pub mod read;
#[cfg(test)]
mod read_proptests;
#[cfg(test)]
mod read_shape_tests;
#[cfg(test)]
mod read_tests;
