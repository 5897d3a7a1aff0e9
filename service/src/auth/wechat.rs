//! WeChat mini-program login: the client's one-time `code` is exchanged for the user's openid
//! at `GET {base}/sns/jscode2session`. The base URL is configurable so tests run against a
//! local fake; the AppSecret is a [`SecretString`] and never logged.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// A jscode2session client.
#[derive(Clone, Debug)]
pub struct WechatLogin {
    http: reqwest::Client,
    base_url: String,
    appid: String,
    appsecret: Option<SecretString>,
}

/// What WeChat says about a login code.
#[derive(Debug, Deserialize)]
struct SessionResponse {
    openid: Option<String>,
    unionid: Option<String>,
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

/// A successful login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WechatSession {
    /// The user's id within this mini program.
    pub openid: String,
    /// The user's id across the developer's apps, when bound.
    pub unionid: Option<String>,
}

/// Why a login failed.
#[derive(Debug, thiserror::Error)]
pub enum WechatError {
    /// WeChat rejected the code (invalid, used, expired): the client's fault.
    #[error("wechat rejected the login code: {errcode} {errmsg}")]
    Rejected {
        /// WeChat's error code (40029 invalid code, 40163 code used, ...).
        errcode: i64,
        /// WeChat's message.
        errmsg: String,
    },
    /// WeChat could not be reached or answered nonsense.
    #[error("wechat login failed: {0}")]
    Transport(String),
    /// No AppSecret configured.
    #[error("wechat login is not configured (wechat.appid / wechat.appsecret)")]
    NotConfigured,
}

impl WechatLogin {
    /// A client for `base_url` (no trailing slash needed).
    pub fn new(base_url: &str, appid: &str, appsecret: Option<SecretString>) -> WechatLogin {
        // reqwest is built with rustls but no default crypto provider; install ring's once
        // (a second install fails harmlessly).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        WechatLogin {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            appid: appid.to_owned(),
            appsecret,
        }
    }

    /// Exchanges a login code for the openid.
    pub async fn code_to_session(&self, code: &str) -> Result<WechatSession, WechatError> {
        let Some(secret) = &self.appsecret else {
            return Err(WechatError::NotConfigured);
        };
        let url = format!("{}/sns/jscode2session", self.base_url);
        let resp = self
            .http
            .get(&url)
            .query(&[
                ("appid", self.appid.as_str()),
                ("secret", secret.expose_secret()),
                ("js_code", code),
                ("grant_type", "authorization_code"),
            ])
            .send()
            .await
            // Without the URL: it carries the secret in its query.
            .map_err(|e| WechatError::Transport(e.without_url().to_string()))?;
        // WeChat answers JSON with a text/plain content type, so parse the text ourselves.
        let body = resp
            .text()
            .await
            .map_err(|e| WechatError::Transport(e.without_url().to_string()))?;
        let session: SessionResponse = serde_json::from_str(&body)
            .map_err(|e| WechatError::Transport(format!("unreadable answer: {e}")))?;
        match session {
            SessionResponse {
                errcode: 0,
                openid: Some(openid),
                unionid,
                ..
            } if !openid.is_empty() => Ok(WechatSession { openid, unionid }),
            SessionResponse {
                errcode, errmsg, ..
            } if errcode != 0 => Err(WechatError::Rejected { errcode, errmsg }),
            _ => Err(WechatError::Transport("answer without openid".into())),
        }
    }
}
