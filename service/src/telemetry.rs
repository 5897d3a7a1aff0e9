//! Structured logs with `tracing`: human-readable text by default, JSON lines for log shippers.
//! What is logged never holds a secret: requests are logged by method, URI and status, without
//! headers (bearer tokens) or bodies (passwords); the configuration's `Debug` redacts its
//! secrets; the WeChat client drops the URL (which carries the AppSecret) from its errors.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::{LogConfig, LogFormat};

/// The subscriber [`init`] installs, writing its lines to `writer` (tests capture them).
/// `RUST_LOG` wins over the configured filter.
pub fn subscriber<W>(config: &LogConfig, writer: W) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(config.filter.as_str()));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match config.format {
        LogFormat::Json => Box::new(builder.json().finish()),
        LogFormat::Text => Box::new(builder.finish()),
    }
}

/// Installs the global subscriber, writing to standard error. Calling it twice is harmless
/// (the second call does nothing).
pub fn init(config: &LogConfig) {
    let _ = subscriber(config, std::io::stderr).try_init();
}
