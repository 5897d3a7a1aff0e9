//! The Paddock REST service: club resources, products, auth and the OpenAPI document, over
//! SQLite (embedded default) or PostgreSQL (production), behind one store code.
//!
//! Bird's-eye view:
//! * [`config`] loads layered configuration (file, then `PADDOCK_…` environment variables);
//! * [`db`] connects to either database through sqlx's `Any` driver and applies migrations;
//! * [`http`] builds the axum [`Router`](axum::Router): one module per resource, each with its
//!   own `router()` and its own plain SQL, grouped under `/api/admin` (staff), `/api/mini`
//!   (members) and `/api/common` (public);
//! * `domain` parses request fields into checked values, reporting every problem per field;
//! * `auth` issues and checks JWTs, hashes staff passwords and talks to WeChat's login API;
//! * `scheduling` (cargo feature `scheduling`, on by default) turns the database into a
//!   `paddock-solver` problem.
//!
//! Invariants: only this crate knows the database; the solver never runs on the async
//! executor; every SQL statement binds its values as parameters.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
mod domain;
pub mod error;
pub mod http;
mod instant;
#[cfg(feature = "scheduling")]
pub mod scheduling;
pub mod telemetry;

use std::net::SocketAddr;

pub use config::Config;
pub use db::{Backend, Db};
pub use error::Error;
pub use http::AppState;

/// Why the service could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be reached.
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    /// A migration failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The address could not be bound, or serving failed.
    #[error("cannot serve on {addr}: {source}")]
    Serve {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Seeding the demo club failed.
    #[error("cannot seed the demo club: {0}")]
    Demo(#[source] Error),
    /// The configuration is unusable.
    #[error("configuration: {0}")]
    Config(String),
}

/// Connects, migrates (unless turned off), optionally seeds the demo club, and serves until
/// Ctrl-C or SIGTERM.
pub async fn serve(config: Config, demo: bool) -> Result<(), StartError> {
    // Safe to log whole: the configuration's Debug shows no secret.
    tracing::info!(?config, demo, "starting the paddock service");
    let db = Db::connect(&config.database_url)
        .await
        .map_err(StartError::Connect)?;
    if config.migrate {
        db.migrate().await?;
    }
    if demo {
        match demo::seed_if_empty(&db).await.map_err(StartError::Demo)? {
            Some(creds) => {
                // Printed on purpose, once: the operator needs them to log in to the demo.
                println!(
                    "demo club created; staff admin login: username {:?}, password {:?}",
                    creds.username, creds.password
                );
            }
            None => println!("demo club already present; nothing seeded"),
        }
    }
    let state = AppState::new(db.clone(), &config).map_err(StartError::Config)?;
    let app = http::app(state);
    let addr = config.bind;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Serve { addr, source })?;
    let local = listener.local_addr().unwrap_or(addr);
    tracing::info!(%local, backend = ?db.backend(), "paddock service listening");
    println!("listening on http://{local} (API docs at http://{local}/docs)");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| StartError::Serve { addr, source })
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
