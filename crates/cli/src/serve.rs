//! `paddock serve`: the REST service. Configuration comes from defaults, then `--config FILE`,
//! then `PADDOCK_…` environment variables, then these flags (see docs/configuration.md).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use paddock_service::Config;

/// Serve the REST API (SQLite by default, PostgreSQL with a postgres:// URL).
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://USER@HOST:PORT/DB`.
    /// Default: `sqlite://paddock.db`, or `sqlite://paddock-demo.db` with `--demo`.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// A TOML configuration file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Create and seed a demo club (coaches, horses, arenas, products, an admin whose
    /// credentials are printed) when the database is empty.
    #[arg(long)]
    pub demo: bool,
    /// Do not apply pending database migrations on start.
    #[arg(long)]
    pub no_migrate: bool,
}

/// Runs the service until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut config = Config::load(args.config.as_deref()).context("loading configuration")?;
    if let Some(url) = args.database_url {
        config.database_url = url;
    } else if args.demo && config.database_url == paddock_service::config::DEFAULT_DATABASE_URL {
        config.database_url = "sqlite://paddock-demo.db".to_owned();
    }
    if let Some(bind) = args.bind {
        config.bind = bind;
    }
    if args.no_migrate {
        config.migrate = false;
    }
    paddock_service::telemetry::init(&config.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(paddock_service::serve(config, args.demo))
        .context("paddock serve")?;
    Ok(())
}
