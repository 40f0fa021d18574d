//! The `invitely` binary: serve | worker | migrate | create-admin | import | seed.

use anyhow::Context;
use clap::Parser;
use invitely::cli::{Cli, Command};
use invitely::clock::Clock;
use invitely::config::Config;
use invitely::startup::{self, Application};
use std::sync::Arc;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Every log line passes the token redaction; so do panic messages (docs/SECURITY.md A13).
    // The server and the workers log to stdout; a one-shot command keeps stdout for what it
    // says, and logs only warnings, to stderr.
    let installed = match cli.command {
        None | Some(Command::Serve) | Some(Command::Worker) => {
            invitely::logging::install(invitely::logging::default_filter(), std::io::stdout)
        }
        Some(_) => invitely::logging::install(invitely::logging::command_filter(), std::io::stderr),
    };
    installed.context("installing the logger")?;
    invitely::logging::install_panic_hook();
    let config = cli.config;
    let clock = Arc::new(Clock::default());
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, clock),
        Command::Worker => {
            if config.workers == 0 {
                anyhow::bail!(
                    "INVITELY_WORKERS is 0: `invitely worker` runs delivery workers only; give \
                     it at least 1"
                );
            }
            startup::check(&config)?;
            let pool = startup::connect(&config)?;
            let ctx = Arc::new(startup::job_context(&config, pool, clock)?);
            let workers = invitely::jobs::Workers::spawn(ctx, config.workers);
            for notice in startup::delivery_notices(&config) {
                println!("{notice}");
            }
            println!("delivery workers running; Ctrl-C to stop");
            wait_for_signal()?;
            workers.shutdown();
            Ok(())
        }
        Command::Migrate => {
            startup::check(&config)?;
            startup::connect(&config)?;
            println!("migrations applied");
            Ok(())
        }
        Command::CreateAdmin { email } => {
            let (email, link) = startup::create_admin_link(&config, clock.now(), &email)?;
            println!(
                "One-time setup link for {email} (valid {} h; only {email} can use it):\n  {link}",
                invitely::domain::setup::LIFETIME_HOURS
            );
            Ok(())
        }
        Command::Import(args) => {
            // 1: rows were refused; 2: the import could not run at all (the file cannot be
            // read, no such organisation or account, the database unreachable).
            let code = invitely::import_cli::run(&config, &clock, &args).unwrap_or_else(|e| {
                eprintln!("Error: {e:?}");
                invitely::import_cli::FAILED
            });
            std::process::exit(code);
        }
        Command::Seed {
            org,
            users,
            admin_email,
            admin_password,
        } => {
            startup::check(&config)?;
            // The web forms' rules: a demo admin's password is a real one.
            if let Some(p) = &admin_password {
                if let Err(problem) = invitely::domain::passwords::check(p, p) {
                    anyhow::bail!(
                        "--admin-password: {}",
                        invitely::i18n::tr(invitely::i18n::Lang::En, problem.message_key())
                    );
                }
            }
            let pool = startup::connect(&config)?;
            let mut conn = pool.get()?;
            let hash = match &admin_password {
                Some(p) => Some(
                    invitely::domain::passwords::Hasher::new(
                        config.argon2_memory_kib,
                        config.argon2_iterations,
                    )
                    .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
                    .hash(p)
                    .map_err(|e| anyhow::anyhow!("argon2: {e}"))?,
                ),
                None => None,
            };
            let email = admin_email
                .map(|e| invitely::domain::contact::EmailAddress::parse(&e))
                .transpose()
                .map_err(|_| anyhow::anyhow!("--admin-email is not an e-mail address"))?;
            let admin = email.as_ref().map(|email| invitely::seed::SeedAdmin {
                email,
                password_hash: hash.as_deref(),
            });
            invitely::seed::run(&mut conn, clock.now(), org, users, admin.as_ref())?;
            Ok(())
        }
    }
}

fn serve(config: Config, clock: Arc<Clock>) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let bind = config.bind.clone();
        let app = Application::build(config, clock)?;
        println!("Invitely is listening on http://{bind}");
        if let Some(notice) =
            invitely::config::base_url::elsewhere(&app.state.config.base_url, app.port())
        {
            println!("{notice}");
        }
        if app.state.config.workers == 0 {
            // Where the messages go is the worker's to say.
            println!(
                "This instance sends nothing (INVITELY_WORKERS=0): the messages it queues are \
                 sent by `invitely worker` or an instance with workers."
            );
        } else {
            for notice in startup::delivery_notices(&app.state.config) {
                println!("{notice}");
            }
        }
        if let Some(link) = app.setup_link() {
            println!("No platform operator yet. Create one with this one-time link:\n  {link}");
        }
        app.run_until_stopped().await.context("server error")
    })
}

/// Waits for Ctrl-C or SIGTERM (what service managers send), so workers can finish in-flight
/// sends before the process exits.
fn wait_for_signal() -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = actix_web::rt::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    })?;
    Ok(())
}
