//! Invitely's integration tests: one binary, the real server, real SMTP and SMS peers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod flow;
