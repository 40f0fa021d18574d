//! Invitely: invite people onto a platform by e-mail or SMS, from a server-rendered admin panel.
//!
//! Data flows one way: `web` → `domain` → `db`; `jobs` call `domain` and the delivery
//! adapters (`mail`, `sms`).

pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod import_cli;
pub mod jobs;
pub mod logging;
pub mod mail;
pub mod seed;
pub mod sms;
pub mod startup;
pub mod web;
