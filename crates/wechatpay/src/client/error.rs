//! The client's error type.

use crate::secret::SignError;
use crate::signature::VerifyError;

/// Why a client call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request was refused before sending (bad field).
    #[error("request {field}: {reason}")]
    InvalidRequest {
        /// The offending field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// WeChat Pay answered with an error. `code` and `message` are WeChat's (e.g.
    /// `ORDER_NOT_EXIST`); error answers are not signature-checked, so treat them as hints, and
    /// never as proof that something did or did not happen.
    #[error("wechat pay answered {status} {code}: {message}")]
    Api {
        /// HTTP status.
        status: u16,
        /// WeChat's error code.
        code: String,
        /// WeChat's message.
        message: String,
        /// The `Request-ID` header, for WeChat support.
        request_id: Option<String>,
    },
    /// The request could not be sent or the answer not received.
    #[error("transport: {0}")]
    Transport(String),
    /// No answer within the configured timeout; for a non-query call the outcome is unknown,
    /// query before acting on it.
    #[error("timed out waiting for wechat pay")]
    Timeout,
    /// The answer's signature did not verify; its content was discarded.
    #[error("response signature: {0}")]
    Verify(#[from] VerifyError),
    /// A verified answer could not be decoded.
    #[error("response body of {endpoint}: {reason}")]
    Decode {
        /// The endpoint.
        endpoint: &'static str,
        /// Why.
        reason: String,
    },
    /// Signing the request failed.
    #[error("request signing: {0}")]
    Sign(#[from] SignError),
    /// The HTTP client could not be built.
    #[error("http client: {0}")]
    Build(String),
}

impl Error {
    /// WeChat's error code, if WeChat answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether the same call may succeed if sent again unchanged.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Api { status, code, .. } => {
                *status >= 500
                    || *status == 429
                    || matches!(code.as_str(), "SYSTEM_ERROR" | "FREQUENCY_LIMITED")
            }
            Self::Transport(_) | Self::Timeout => true,
            _ => false,
        }
    }
}
