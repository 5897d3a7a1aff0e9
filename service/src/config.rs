//! Layered configuration: built-in defaults, then an optional TOML file, then environment
//! variables `PADDOCK_…` (nested keys joined with `__`, e.g. `PADDOCK_AUTH__JWT_SECRET`), then
//! the command line (applied by the caller). Secrets are [`SecretString`]s: they never appear
//! in `Debug` output or logs. See `docs/configuration.md`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;

/// The whole service configuration.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `sqlite://FILE` (created if missing) or `postgres://USER@HOST:PORT/DB`.
    pub database_url: String,
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Apply pending migrations on start.
    pub migrate: bool,
    /// Tokens and passwords.
    pub auth: AuthConfig,
    /// WeChat mini-program login.
    pub wechat: WechatConfig,
    /// Product image uploads.
    pub uploads: UploadConfig,
    /// Logging.
    pub log: LogConfig,
}

/// Token settings.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct AuthConfig {
    /// HMAC key for the HS256 access tokens. Unset: a random key per process (tokens die with
    /// the process and are not shared between instances) and a warning in the log.
    pub jwt_secret: Option<SecretString>,
    /// Lifetime of an access token, in minutes.
    pub token_ttl_minutes: i64,
}

/// WeChat mini-program login (`jscode2session`).
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct WechatConfig {
    /// The mini program's AppID.
    pub appid: String,
    /// The mini program's AppSecret.
    pub appsecret: Option<SecretString>,
    /// Base URL of WeChat's API; tests point it at a local fake.
    pub api_base_url: String,
}

/// Where uploaded images go and how large they may be.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct UploadConfig {
    /// Directory for uploaded files (created on first upload).
    pub dir: PathBuf,
    /// Largest accepted file, in bytes.
    pub max_bytes: usize,
}

/// Log output.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `paddock_service=debug,info`; `RUST_LOG` wins.
    pub filter: String,
}

/// Log line format.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The default SQLite database file of `paddock serve`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://paddock.db";

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            migrate: true,
            auth: AuthConfig::default(),
            wechat: WechatConfig::default(),
            uploads: UploadConfig::default(),
            log: LogConfig::default(),
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            jwt_secret: None,
            token_ttl_minutes: 12 * 60,
        }
    }
}

impl Default for WechatConfig {
    fn default() -> Self {
        WechatConfig {
            appid: String::new(),
            appsecret: None,
            api_base_url: "https://api.weixin.qq.com".to_owned(),
        }
    }
}

impl Default for UploadConfig {
    fn default() -> Self {
        UploadConfig {
            dir: PathBuf::from("uploads"),
            max_bytes: 5 * 1024 * 1024,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: LogFormat::Text,
            filter: "info".to_owned(),
        }
    }
}

/// A configuration that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl Config {
    /// Defaults, then `file` (if given; it must exist), then `PADDOCK_…` variables.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::new();
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError(format!(
                    "config file {} does not exist",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("PADDOCK_").split("__"));
        figment.extract().map_err(|e| ConfigError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn file_values_are_read_and_secrets_do_not_print() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("paddock.toml");
        std::fs::write(
            &path,
            "bind = \"0.0.0.0:9000\"\n[auth]\njwt_secret = \"hunter2-secret\"\n[wechat]\nappid = \"wx1\"\nappsecret = \"wechat-secret\"\n",
        )
        .unwrap();
        let config = Config::load(Some(&path)).unwrap();
        assert_eq!(config.bind.port(), 9000);
        assert_eq!(config.wechat.appid, "wx1");
        let secret = config.auth.jwt_secret.as_ref().unwrap();
        assert_eq!(secret.expose_secret(), "hunter2-secret");
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2-secret"), "{printed}");
        assert!(!printed.contains("wechat-secret"), "{printed}");
    }

    #[test]
    fn a_missing_file_is_an_error() {
        assert!(Config::load(Some(Path::new("/nonexistent/paddock.toml"))).is_err());
    }
}
