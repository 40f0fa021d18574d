//! The `invitely` command line: the subcommands and, through [`Config`], every setting as a
//! flag with its environment variable. The binary (src/main.rs) parses it and runs the command.

use crate::config::Config;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "invitely",
    version,
    about = "Invite people onto your platform by e-mail or SMS."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The most organisations one `invitely seed` creates.
pub const MAX_SEED_ORGS: u64 = 10_000;
/// The most cards `seed` makes in one organisation (the benchmarks use 10,000).
pub const MAX_SEED_USERS: u64 = 1_000_000;

#[derive(Subcommand)]
pub enum Command {
    /// Apply migrations, start the web server and the delivery workers (the default).
    Serve,
    /// Run only the delivery workers (for scale-out).
    Worker,
    /// Apply pending migrations and exit.
    Migrate,
    /// Print a one-time setup link for a platform operator.
    CreateAdmin {
        #[arg(long)]
        email: String,
    },
    /// Import users from a CSV file into an organisation (as the web import does).
    Import(crate::import_cli::ImportArgs),
    /// Create demo organisations with users (demo and benchmark data).
    Seed {
        /// How many organisations to create (1 to 10,000).
        #[arg(
            long,
            default_value_t = 1,
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_SEED_ORGS),
        )]
        org: usize,
        /// Cards in each organisation (0 to 1,000,000).
        #[arg(
            long,
            default_value_t = 100,
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_SEED_USERS),
        )]
        users: usize,
        /// Also make this account admin of every seeded organisation; an account that does not
        /// exist yet is created, which needs --admin-password.
        #[arg(long)]
        admin_email: Option<String>,
        /// Password for a newly created --admin-email account (not needed, and not changed,
        /// when the account exists).
        #[arg(long, requires = "admin_email")]
        admin_password: Option<String>,
    },
}
