//! Building and delivering notifications the way WeChat Pay does: an envelope whose resource is
//! encrypted with the APIv3 key, signed with the simulator's platform key, POSTed to
//! `notify_url`, and retried until the merchant answers 200 or 204.

use std::sync::Arc;

use serde::Serialize;

use super::Shared;
use crate::aead;
use crate::notify::{EncryptedResource, Envelope};
use crate::signature::new_nonce;

/// One delivery attempt, as recorded for tests and the demo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The notification id (the same for retries and duplicates of one event).
    pub notification_id: String,
    /// The event type.
    pub event_type: String,
    /// Where it was sent.
    pub url: String,
    /// 1 for the first attempt of a send, 2 for its first retry, …
    pub attempt: u32,
    /// The merchant's HTTP status, or `None` if the request failed.
    pub status: Option<u16>,
    /// Whether WeChat Pay would count this as received (200 or 204).
    pub accepted: bool,
}

/// A notification ready to send: its id, event type and the exact body bytes.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub id: String,
    pub event_type: String,
    pub url: String,
    pub body: Arc<Vec<u8>>,
}

impl Shared {
    /// Encrypts `resource` and wraps it in the envelope; the body is fixed here so that every
    /// retry and duplicate carries identical bytes, as WeChat Pay's do.
    pub(crate) fn build_notification<T: Serialize>(
        &self,
        url: String,
        event_type: &str,
        summary: &str,
        original_type: &str,
        resource: &T,
    ) -> Result<Outgoing, String> {
        let plaintext = serde_json::to_vec(resource).map_err(|e| e.to_string())?;
        // WeChat's resource nonces are 12 alphanumeric characters.
        let nonce: String = new_nonce().chars().take(12).collect();
        let ciphertext = aead::encrypt(&self.config.api_v3_key, &nonce, original_type, &plaintext)
            .map_err(|e| e.to_string())?;
        let id = format!("sim-{}", new_nonce().to_lowercase());
        let envelope = Envelope {
            id: id.clone(),
            create_time: self.clock().now().to_rfc3339(),
            resource_type: "encrypt-resource".to_owned(),
            event_type: event_type.to_owned(),
            summary: summary.to_owned(),
            resource: EncryptedResource {
                algorithm: aead::ALGORITHM.to_owned(),
                ciphertext,
                associated_data: original_type.to_owned(),
                original_type: original_type.to_owned(),
                nonce,
            },
        };
        let body = serde_json::to_vec(&envelope).map_err(|e| e.to_string())?;
        Ok(Outgoing {
            id,
            event_type: event_type.to_owned(),
            url,
            body: Arc::new(body),
        })
    }

    /// Sends `outgoing` once plus `duplicates` more times, each send with its own retries, in
    /// background tasks. Each attempt is signed afresh (new timestamp and nonce) over the same
    /// body bytes.
    pub(crate) fn dispatch(self: &Arc<Self>, outgoing: Outgoing, duplicates: u32) {
        for _ in 0..=duplicates {
            let shared = Arc::clone(self);
            let outgoing = outgoing.clone();
            self.pending
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                shared.deliver_with_retries(&outgoing).await;
                shared
                    .pending
                    .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                shared.delivered.notify_waiters();
            });
        }
    }

    async fn deliver_with_retries(&self, outgoing: &Outgoing) {
        let delays = self.config.notify_retry_delays.clone();
        let mut attempt = 1;
        loop {
            let status = self.deliver_once(outgoing).await;
            let accepted = matches!(status, Some(200 | 204));
            self.record(Delivery {
                notification_id: outgoing.id.clone(),
                event_type: outgoing.event_type.clone(),
                url: outgoing.url.clone(),
                attempt,
                status,
                accepted,
            });
            let Some(delay) = delays.get(attempt as usize - 1) else {
                return;
            };
            if accepted {
                return;
            }
            tokio::time::sleep(*delay).await;
            attempt += 1;
        }
    }

    async fn deliver_once(&self, outgoing: &Outgoing) -> Option<u16> {
        let headers = match self.sign_headers(&outgoing.body) {
            Ok(headers) => headers,
            Err(e) => {
                tracing::error!(error = %e, "simulator could not sign a notification");
                return None;
            }
        };
        let mut request = self
            .http
            .post(&outgoing.url)
            .header("Content-Type", "application/json")
            .body(outgoing.body.to_vec());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        match request.send().await {
            Ok(response) => Some(response.status().as_u16()),
            Err(e) => {
                tracing::warn!(url = %outgoing.url, error = %e, "simulator notification not delivered");
                None
            }
        }
    }

    fn record(&self, delivery: Delivery) {
        self.deliveries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(delivery);
    }
}
