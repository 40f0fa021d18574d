//! Configuration: `.env.example` lists exactly the settings the binary reads, and bad values are
//! all reported at once.

use clap::{Args, Command};
use invitely::config::Config;
use std::collections::BTreeSet;

fn declared() -> BTreeSet<String> {
    Config::augment_args(Command::new("invitely"))
        .get_arguments()
        .filter_map(|a| a.get_env().map(|e| e.to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn env_example_lists_every_setting() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.env.example")).unwrap();
    let listed: BTreeSet<String> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty())
        .collect();
    let declared = declared();
    assert!(declared.len() >= 15, "{declared:?}");
    assert_eq!(listed, declared);
}

#[test]
fn every_problem_is_reported_at_once() {
    let cmd = Config::augment_args(Command::new("invitely").no_binary_name(true));
    let matches = cmd
        .try_get_matches_from([
            "--bind",
            "nonsense",
            "--base-url",
            "ftp://x",
            "--smtp-url",
            "http://mail",
            "--mail-from",
            "not a mailbox",
            "--secret-key",
            "short",
        ])
        .unwrap();
    let config = <Config as clap::FromArgMatches>::from_arg_matches(&matches).unwrap();
    let problems = config.validate().unwrap_err();
    assert_eq!(problems.len(), 5, "{problems:?}");
    let defaults = <Config as clap::FromArgMatches>::from_arg_matches(
        &Config::augment_args(Command::new("invitely").no_binary_name(true))
            .try_get_matches_from(Vec::<String>::new())
            .unwrap(),
    )
    .unwrap();
    assert!(defaults.validate().is_ok(), "the defaults are valid");
    assert_eq!(defaults.database_url, "sqlite://invitely.db");
    assert_eq!(defaults.bind, "127.0.0.1:8080");
    assert_eq!(defaults.workers, 4);
}
