//! The durable outbox, the delivery workers, and the periodic housekeeping sweep.

pub mod deliver;
pub mod housekeeping;
pub mod outbox;
pub mod worker;

pub use worker::{run_until_idle, Workers};
