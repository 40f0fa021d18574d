//! Invitely's integration tests: one binary, the real server, real SMTP and SMS peers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod architecture;
mod browser_flow;
mod browser_invite;
mod browser_roles;
mod browser_signin;
mod busy;
mod config;
mod csrf;
mod delivery;
mod email_snapshots;
mod flow;
mod harness;
mod hygiene;
mod i18n;
mod invite_form;
mod limits;
mod logs;
mod mail;
mod members_table;
mod migrations;
mod newcomer;
mod outbox;
mod queue;
mod roles;
mod security;
mod sessions;
mod setup_links;
mod signin;
mod smtp_speed;
mod tokens;
mod typed_states;
