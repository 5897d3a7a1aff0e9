//! Loading a merchant's configuration from the environment, for the service.
//!
//! Values that are secrets can be given inline or as a file path (`…_FILE`), so they can come
//! from a secret store mounted as files; see `docs/wechatpay.md` for the full list.

use std::sync::Arc;

use crate::client::{Client, ClientConfig, DEFAULT_BASE_URL, Error};
use crate::notify::NotificationParser;
use crate::platform::{KeyLoadError, PlatformKeys};
use crate::secret::{ApiV3Key, MerchantKey, SecretError};
use crate::signature::MerchantSigner;

/// Why the environment does not describe a usable merchant.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A required variable is unset.
    #[error("environment variable {0}: not set")]
    Missing(&'static str),
    /// A secret could not be loaded.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// A platform certificate or public key could not be loaded.
    #[error("{variable}: {source}")]
    Key {
        /// The variable naming the file.
        variable: &'static str,
        /// Why.
        source: KeyLoadError,
    },
    /// A file named by a variable could not be read.
    #[error("{variable}: {path}: {source}")]
    Io {
        /// The variable.
        variable: &'static str,
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Neither platform certificates nor a WeChat Pay public key are configured.
    #[error(
        "no WeChat Pay key configured: set WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY_FILE, or WECHATPAY_PLATFORM_CERT_FILES, or WECHATPAY_DOWNLOAD_CERTIFICATES=1"
    )]
    NoPlatformKey,
    /// The HTTP client could not be built.
    #[error("{0}")]
    Client(#[from] Error),
}

/// A configured merchant: the client, the notification parser (sharing one key store), and
/// the URL WeChat Pay should notify.
#[derive(Debug)]
pub struct WechatPay {
    /// The API client.
    pub client: Client,
    /// The notification verifier and decrypter.
    pub notifications: NotificationParser,
    /// `WECHATPAY_NOTIFY_URL`, to put in orders and refunds.
    pub notify_url: String,
}

impl WechatPay {
    /// Loads everything from the environment (see the module docs); downloads platform
    /// certificates first when `WECHATPAY_DOWNLOAD_CERTIFICATES=1`.
    pub async fn from_env() -> Result<Self, SetupError> {
        Self::from_vars(|name| std::env::var(name).ok()).await
    }

    /// Like [`WechatPay::from_env`], reading variables through `get` (tests, layered config).
    pub async fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, SetupError> {
        let optional = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let required = |name: &'static str| optional(name).ok_or(SetupError::Missing(name));
        let keys = Arc::new(PlatformKeys::new());
        if let (Some(id), Some(path)) = (
            optional("WECHATPAY_PUBLIC_KEY_ID"),
            optional("WECHATPAY_PUBLIC_KEY_FILE"),
        ) {
            let pem = read("WECHATPAY_PUBLIC_KEY_FILE", &path)?;
            keys.add_public_key_pem(&id, &pem)
                .map_err(|source| SetupError::Key {
                    variable: "WECHATPAY_PUBLIC_KEY_FILE",
                    source,
                })?;
        }
        for path in optional("WECHATPAY_PLATFORM_CERT_FILES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let pem = read("WECHATPAY_PLATFORM_CERT_FILES", path)?;
            keys.add_certificate_pem(&pem)
                .map_err(|source| SetupError::Key {
                    variable: "WECHATPAY_PLATFORM_CERT_FILES",
                    source,
                })?;
        }
        let download = optional("WECHATPAY_DOWNLOAD_CERTIFICATES").is_some_and(|v| v == "1");
        if keys.ids().is_empty() && !download {
            return Err(SetupError::NoPlatformKey);
        }
        let key = match optional("WECHATPAY_MERCHANT_KEY_FILE") {
            Some(path) => MerchantKey::from_file(path)?,
            None => MerchantKey::from_pem(&required("WECHATPAY_MERCHANT_KEY")?)?,
        };
        let signer = MerchantSigner {
            mchid: required("WECHATPAY_MCHID")?,
            serial_no: required("WECHATPAY_MERCHANT_SERIAL")?,
            key,
        };
        let mut config = ClientConfig::new(required("WECHATPAY_APPID")?, signer, Arc::clone(&keys));
        config.base_url =
            optional("WECHATPAY_BASE_URL").unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let api_v3_key = match optional("WECHATPAY_APIV3_KEY_FILE") {
            Some(path) => ApiV3Key::from_file(path)?,
            None => ApiV3Key::new(required("WECHATPAY_APIV3_KEY")?.trim().as_bytes())?,
        };
        let setup = Self {
            client: Client::new(config)?,
            notifications: NotificationParser::new(keys, api_v3_key),
            notify_url: required("WECHATPAY_NOTIFY_URL")?,
        };
        if download {
            setup.refresh_certificates().await?;
        }
        Ok(setup)
    }

    /// Downloads the current platform certificates into the shared key store (certificate
    /// mode); run it periodically so rotations are picked up before WeChat Pay switches.
    pub async fn refresh_certificates(&self) -> Result<Vec<String>, Error> {
        self.client
            .download_certificates(self.notifications.api_v3_key())
            .await
    }
}

fn read(variable: &'static str, path: &str) -> Result<String, SetupError> {
    std::fs::read_to_string(path).map_err(|source| SetupError::Io {
        variable,
        path: path.to_owned(),
        source,
    })
}
