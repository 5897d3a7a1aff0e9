//! Notifications (callbacks) from WeChat Pay: verify, decrypt, type, and answer.
//!
//! This module is framework-agnostic: the service's HTTP handler copies the four
//! `Wechatpay-*` headers into [`NotificationHeaders`], passes the raw body bytes (never
//! re-serialised JSON: the signature covers the bytes as sent), and turns the result into a
//! response with [`NotifyAnswer`]. WeChat Pay retries a notification until it gets HTTP 200 or
//! 204, so the same event can arrive several times; callers must handle it idempotently
//! (e.g. by `out_trade_no` and the notification `id`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aead::{self, DecryptError};
use crate::model::{RefundNotice, Transaction};
use crate::platform::PlatformKeys;
use crate::secret::ApiV3Key;
use crate::signature::{VerifyError, WechatpayHeaders};

/// The signature headers of a notification; the same four headers as a signed response.
pub type NotificationHeaders = WechatpayHeaders;

/// Why a notification was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifyError {
    /// Signature, serial or timestamp check failed.
    #[error("notification signature: {0}")]
    Verify(#[from] VerifyError),
    /// The verified body is not the JSON envelope WeChat Pay sends.
    #[error("notification body: {0}")]
    Body(String),
    /// The resource could not be decrypted.
    #[error("notification {0}")]
    Decrypt(#[from] DecryptError),
    /// The decrypted resource does not match its `event_type`.
    #[error("notification resource for {event_type}: {reason}")]
    Resource {
        /// The event type.
        event_type: String,
        /// The parser's complaint.
        reason: String,
    },
}

impl NotifyError {
    /// The answer WeChat Pay should get. Every refusal is a non-2xx, so WeChat Pay retries; a
    /// forged or stale notification is 401, a malformed one 400, one we could not decrypt 500
    /// (most likely our APIv3 key is wrong, which a retry after a fix would cure).
    pub fn answer(&self) -> NotifyAnswer {
        let status = match self {
            Self::Verify(_) => 401,
            Self::Body(_) | Self::Resource { .. } => 400,
            Self::Decrypt(_) => 500,
        };
        NotifyAnswer::failure(status, &self.to_string())
    }
}

/// The envelope of every notification; `resource` is encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Notification id, unique per event; useful to deduplicate.
    pub id: String,
    /// When the notification was created, RFC 3339.
    pub create_time: String,
    /// `encrypt-resource`.
    #[serde(default)]
    pub resource_type: String,
    /// `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`, …
    pub event_type: String,
    /// A human-readable summary.
    #[serde(default)]
    pub summary: String,
    /// The encrypted payload.
    pub resource: EncryptedResource,
}

/// An AEAD_AES_256_GCM-encrypted payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedResource {
    /// `AEAD_AES_256_GCM`.
    pub algorithm: String,
    /// base64(ciphertext || tag).
    pub ciphertext: String,
    /// Associated data, may be empty.
    #[serde(default)]
    pub associated_data: String,
    /// `transaction`, `refund`, …
    #[serde(default)]
    pub original_type: String,
    /// 12-character nonce.
    pub nonce: String,
}

/// A verified, decrypted notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Notification id.
    pub id: String,
    /// When it was created.
    pub create_time: String,
    /// The event type as sent.
    pub event_type: String,
    /// WeChat's summary.
    pub summary: String,
    /// The typed payload.
    pub event: Event,
}

/// What a notification is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `TRANSACTION.SUCCESS`: a payment completed. WeChat Pay only notifies success; other
    /// outcomes are learnt by querying the order.
    Payment(Transaction),
    /// `REFUND.SUCCESS`, `REFUND.ABNORMAL` or `REFUND.CLOSED`.
    Refund(RefundNotice),
    /// Any other event type, verified and decrypted but not typed.
    Other {
        /// The decrypted plaintext.
        plaintext: String,
    },
}

/// Verifies and decrypts notifications with the platform keys and the APIv3 key.
#[derive(Debug)]
pub struct NotificationParser {
    keys: std::sync::Arc<PlatformKeys>,
    api_v3_key: ApiV3Key,
}

impl NotificationParser {
    /// A parser trusting `keys` (shared with the client, so rotations apply to both).
    pub fn new(keys: std::sync::Arc<PlatformKeys>, api_v3_key: ApiV3Key) -> Self {
        Self { keys, api_v3_key }
    }

    pub(crate) fn api_v3_key(&self) -> &ApiV3Key {
        &self.api_v3_key
    }

    /// The key store, shared with the client.
    pub fn platform_keys(&self) -> &std::sync::Arc<PlatformKeys> {
        &self.keys
    }

    /// Verifies the signature over the raw body (timestamp within 5 minutes of `now`, no
    /// signature probe, trusted serial), then decrypts and types the resource.
    pub fn parse_notification(
        &self,
        headers: &NotificationHeaders,
        raw_body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Notification, NotifyError> {
        parse_notification(&self.keys, &self.api_v3_key, headers, raw_body, now)
    }
}

/// The free-function form of [`NotificationParser::parse_notification`].
pub fn parse_notification(
    keys: &PlatformKeys,
    api_v3_key: &ApiV3Key,
    headers: &NotificationHeaders,
    raw_body: &[u8],
    now: DateTime<Utc>,
) -> Result<Notification, NotifyError> {
    // Nothing from the body is looked at before the signature checks out.
    keys.verify(headers, raw_body, now)?;
    let envelope: Envelope =
        serde_json::from_slice(raw_body).map_err(|e| NotifyError::Body(e.to_string()))?;
    let resource = &envelope.resource;
    if resource.algorithm != aead::ALGORITHM {
        return Err(DecryptError::Algorithm(resource.algorithm.clone()).into());
    }
    let plaintext = aead::decrypt(
        api_v3_key,
        &resource.nonce,
        &resource.associated_data,
        &resource.ciphertext,
    )?;
    let typed = |reason: serde_json::Error| NotifyError::Resource {
        event_type: envelope.event_type.clone(),
        reason: reason.to_string(),
    };
    let event = match envelope.event_type.as_str() {
        "TRANSACTION.SUCCESS" => Event::Payment(serde_json::from_str(&plaintext).map_err(typed)?),
        t if t.starts_with("REFUND.") => {
            Event::Refund(serde_json::from_str(&plaintext).map_err(typed)?)
        }
        _ => Event::Other { plaintext },
    };
    Ok(Notification {
        id: envelope.id,
        create_time: envelope.create_time,
        event_type: envelope.event_type,
        summary: envelope.summary,
        event,
    })
}

/// An HTTP answer to a notification: the status and the JSON body, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyAnswer {
    /// HTTP status: 204 on success, 4xx/5xx on failure.
    pub status: u16,
    /// `{"code":"FAIL","message":"…"}` on failure; no body on success.
    pub body: Option<String>,
}

impl NotifyAnswer {
    /// Received and handled: HTTP 204 with no body (WeChat Pay accepts 200 or 204).
    pub fn success() -> Self {
        Self {
            status: 204,
            body: None,
        }
    }

    /// Refused: WeChat Pay will retry. `status` must be 4xx or 5xx; anything else becomes 500.
    pub fn failure(status: u16, message: &str) -> Self {
        let status = if (400..600).contains(&status) {
            status
        } else {
            500
        };
        let body = serde_json::json!({ "code": "FAIL", "message": message }).to_string();
        Self {
            status,
            body: Some(body),
        }
    }
}
