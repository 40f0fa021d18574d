//! CSV import of member cards (seed 001: "an invitation can also be sent when importing users"),
//! with a review before anything is written, a commit in background chunks, and one code path
//! for the web page and the command line:
//!
//! - `read`: bytes → rows as they stand (encoding, delimiter, header names in English or
//!   Russian, limits), and rows back into a file (`encoding` and `headers` are its parts);
//! - `classify`: what one row would do (new card, update, unchanged, or refused and why),
//!   against what `lookup` loads (departments, roles, the cards rows can match);
//! - `stage`: an upload becomes an import, every row classified and stored for the review;
//! - `review`: the import read back (rows by outcome, counts, progress, refused rows);
//! - `demand`: what the commit's invitations ask of the limits, refused whole when they exceed
//!   what is left;
//! - `commit`: the commit, then chunks of rows, each one transaction (`chunk` writes a
//!   chunk's rows);
//! - `command`: what the command line needs that the web takes from the session;
//! - `cells`: the file's columns and the formula guard shared with the export.

pub mod cells;
mod chunk;
pub mod classify;
pub mod command;
pub mod commit;
pub mod demand;
mod encoding;
mod headers;
pub mod lookup;
pub mod read;
mod read_error;
#[cfg(test)]
mod read_proptests;
#[cfg(test)]
mod read_shape_tests;
#[cfg(test)]
mod read_tests;
pub mod review;
pub mod stage;

pub use commit::{
    commit, give_up, run_chunk, run_chunk_in_tx, ChunkRan, Committed, Runner, CHUNK_ROWS,
};
pub use demand::Demand;
pub use review::{OutcomeCounts, Progress};
pub use stage::{stage, Upload};
