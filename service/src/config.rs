//! Layered configuration: built-in defaults, then an optional TOML file, then environment
//! variables `PADDOCK_…` (nested keys joined with `__`, e.g. `PADDOCK_AUTH__JWT_SECRET`), then
//! the command line (applied by the caller). Secrets are [`SecretString`]s: they never appear
//! in `Debug` output or logs. See `docs/configuration.md`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;

/// The whole service configuration. Its `Debug` output (which the service logs on start)
/// shows no secret: the JWT key and the AppSecret are [`SecretString`]s, and the password of
/// the database URL is masked.
#[derive(Deserialize)]
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

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redacted_url(&self.database_url))
            .field("bind", &self.bind)
            .field("migrate", &self.migrate)
            .field("auth", &self.auth)
            .field("wechat", &self.wechat)
            .field("uploads", &self.uploads)
            .field("log", &self.log)
            .finish()
    }
}

/// `url` with the password of its user info, if any, replaced by `***`
/// (`postgres://paddock:***@db:5432/paddock`).
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
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
// figment's Jail takes closures returning figment's own (large) error type; not ours to shrink.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    // Each test that reads the environment runs in a figment `Jail`: jails take turns, so one
    // test's variables never leak into another's, even when they share a process.
    #[test]
    fn file_values_are_read_and_secrets_do_not_print() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "paddock.toml",
                "bind = \"0.0.0.0:9000\"\n[auth]\njwt_secret = \"hunter2-secret\"\n\
                 [wechat]\nappid = \"wx1\"\nappsecret = \"wechat-secret\"\n",
            )?;
            let config = Config::load(Some(Path::new("paddock.toml"))).expect("loads");
            assert_eq!(config.bind.port(), 9000);
            assert_eq!(config.wechat.appid, "wx1");
            let secret = config.auth.jwt_secret.as_ref().unwrap();
            assert_eq!(secret.expose_secret(), "hunter2-secret");
            let printed = format!("{config:?}");
            assert!(!printed.contains("hunter2-secret"), "{printed}");
            assert!(!printed.contains("wechat-secret"), "{printed}");
            Ok(())
        });
    }

    #[test]
    fn environment_variables_override_the_file_with_double_underscore_nesting() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "paddock.toml",
                "bind = \"0.0.0.0:9000\"\n[auth]\ntoken_ttl_minutes = 60\n",
            )?;
            jail.set_env("PADDOCK_BIND", "127.0.0.1:9100");
            jail.set_env(
                "PADDOCK_DATABASE_URL",
                "postgres://paddock:pg-secret@db:5432/paddock",
            );
            jail.set_env("PADDOCK_AUTH__JWT_SECRET", "env-jwt-secret");
            jail.set_env("PADDOCK_WECHAT__APPSECRET", "env-wechat-secret");
            jail.set_env("PADDOCK_UPLOADS__MAX_BYTES", "1024");
            jail.set_env("PADDOCK_LOG__FORMAT", "json");
            let config = Config::load(Some(Path::new("paddock.toml"))).expect("loads");
            assert_eq!(
                config.bind.port(),
                9100,
                "the environment wins over the file"
            );
            assert_eq!(
                config.auth.token_ttl_minutes, 60,
                "the file wins over the defaults"
            );
            assert_eq!(
                config.auth.jwt_secret.as_ref().map(|s| s.expose_secret()),
                Some("env-jwt-secret")
            );
            assert_eq!(config.uploads.max_bytes, 1024);
            assert_eq!(config.log.format, LogFormat::Json);
            let printed = format!("{config:?}");
            for secret in ["env-jwt-secret", "env-wechat-secret", "pg-secret"] {
                assert!(!printed.contains(secret), "{secret} in {printed}");
            }
            assert!(
                printed.contains("postgres://paddock:***@db:5432/paddock"),
                "{printed}"
            );
            Ok(())
        });
    }

    #[test]
    fn database_url_passwords_are_masked() {
        assert_eq!(
            redacted_url("postgres://u:p@h:5432/db?sslmode=require"),
            "postgres://u:***@h:5432/db?sslmode=require"
        );
        assert_eq!(redacted_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redacted_url("sqlite://paddock.db"), "sqlite://paddock.db");
        assert_eq!(redacted_url("sqlite://dir/a@b.db"), "sqlite://dir/a@b.db");
    }

    #[test]
    fn a_missing_file_is_an_error() {
        assert!(Config::load(Some(Path::new("/nonexistent/paddock.toml"))).is_err());
    }
}
