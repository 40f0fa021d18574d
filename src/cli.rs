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
        #[arg(long, default_value_t = 1)]
        org: usize,
        #[arg(long, default_value_t = 100)]
        users: usize,
        /// Also make this account (created when missing) admin of every seeded organisation.
        #[arg(long, requires = "admin_password")]
        admin_email: Option<String>,
        /// Password for a newly created --admin-email account.
        #[arg(long)]
        admin_password: Option<String>,
    },
}
