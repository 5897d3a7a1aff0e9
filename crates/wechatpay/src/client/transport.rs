//! One signed call: sign, send, retry when allowed, and verify the answer before returning it.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Deserialize;

use super::{Client, Error};
use crate::signature::{WechatpayHeaders, new_nonce};

/// When a call may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Safe to repeat: reads, and writes that WeChat Pay deduplicates by our id (close, refund
    /// by `out_refund_no`). Retried on timeouts, transport errors, 5xx, 429 and SYSTEM_ERROR.
    Idempotent,
    /// Repeated only when the request provably never left (connection failed). Used for
    /// prepay, where a repeat after an ambiguous failure could meet different server state.
    IfNotSent,
}

/// WeChat's error body: `{"code":"…","message":"…"}`.
#[derive(Deserialize)]
struct ApiErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

/// A 2xx answer whose signature headers are present but not yet checked.
pub(crate) struct Unverified {
    pub headers: WechatpayHeaders,
    pub body: Vec<u8>,
}

impl Client {
    /// Sends a signed request and returns the verified body of a 2xx answer.
    pub(crate) async fn call(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<Vec<u8>>,
        retry: Retry,
    ) -> Result<Vec<u8>, Error> {
        let answer = self
            .call_unverified(method, path_and_query, body, retry)
            .await?;
        self.keys
            .verify(&answer.headers, &answer.body, self.clock.now())?;
        Ok(answer.body)
    }

    /// Sends a signed request, retrying as `retry` allows, and returns the 2xx answer for the
    /// caller to verify. Only certificate download uses this directly (see its comment).
    pub(crate) async fn call_unverified(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<Vec<u8>>,
        retry: Retry,
    ) -> Result<Unverified, Error> {
        let mut attempt = 0;
        loop {
            let result = self
                .attempt(method.clone(), path_and_query, body.as_deref())
                .await;
            let err = match result {
                Ok(body) => return Ok(body),
                Err(err) => err,
            };
            let may_retry = match retry {
                Retry::Idempotent => err.0.is_transient(),
                Retry::IfNotSent => err.1,
            };
            if !may_retry || attempt >= self.retries {
                return Err(err.0);
            }
            tracing::warn!(attempt, path = path_and_query, error = %err.0, "wechat pay call failed, retrying");
            // Exponential backoff: base, 2×base, 4×base…
            let factor = 1u32 << attempt.min(10);
            tokio::time::sleep(self.retry_backoff.saturating_mul(factor)).await;
            attempt += 1;
        }
    }

    /// One try. The error carries whether the request certainly never reached the server.
    async fn attempt(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&[u8]>,
    ) -> Result<Unverified, (Error, bool)> {
        let not_sent = |e: Error| (e, true);
        let maybe_sent = |e: Error| (e, false);
        let timestamp = self.clock.now().timestamp();
        let nonce = new_nonce();
        let authorization = self
            .signer
            .authorization(
                method.as_str(),
                path_and_query,
                timestamp,
                &nonce,
                body.unwrap_or_default(),
            )
            .map_err(|e| not_sent(e.into()))?;
        let mut request = self
            .http
            .request(method, format!("{}{}", self.base_url, path_and_query))
            .header("Authorization", authorization)
            .header("Accept", "application/json");
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_vec());
        }
        let response = request.send().await.map_err(|e| {
            let connect = e.is_connect();
            (transport_error(e), connect)
        })?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| maybe_sent(transport_error(e)))?;
        if !status.is_success() {
            return Err(maybe_sent(api_error(status, &headers, &bytes)));
        }
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let headers = WechatpayHeaders::from_lookup(get).map_err(|e| maybe_sent(e.into()))?;
        Ok(Unverified {
            headers,
            body: bytes.to_vec(),
        })
    }
}

fn transport_error(e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout
    } else {
        // reqwest's Display omits the cause chain; include it so "connection refused" shows.
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Transport(text)
    }
}

fn api_error(status: StatusCode, headers: &reqwest::header::HeaderMap, bytes: &[u8]) -> Error {
    let parsed: Option<ApiErrorBody> = serde_json::from_slice(bytes).ok();
    let (code, message) = match parsed {
        Some(b) => (b.code, b.message),
        None => (
            String::new(),
            String::from_utf8_lossy(bytes).chars().take(200).collect(),
        ),
    };
    Error::Api {
        status: status.as_u16(),
        code,
        message,
        request_id: headers
            .get("Request-ID")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// Default per-attempt timeout: WeChat Pay answers in well under a second normally.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
