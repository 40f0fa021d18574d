//! The durable outbox and the delivery workers.

pub mod deliver;
pub mod outbox;
pub mod worker;

pub use worker::{run_until_idle, Workers};
