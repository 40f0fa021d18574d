//! Background work: worker threads that claim jobs from the queue (`db::queue`), dispatch each
//! typed job (`domain::jobs::Job`) to its handler, and retry; plus the periodic housekeeping
//! sweep.

mod account_mail;
pub mod deliver;
pub mod housekeeping;
mod lease;
mod record;
pub mod runner;
mod work;
pub mod worker;

pub use worker::{run_until_idle, Workers};
