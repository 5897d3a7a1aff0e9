//! The two signature schemes of API v3: how we sign requests, and how we check what WeChat
//! Pay signs (responses and notifications).

use chrono::{DateTime, Utc};

use crate::platform::PlatformKeys;
use crate::secret::{MerchantKey, SignError};

/// The `Authorization` scheme name.
pub const AUTH_SCHEMA: &str = "WECHATPAY2-SHA256-RSA2048";

/// How far a WeChat Pay timestamp may be from our clock. WeChat's own SDKs reject at 5 minutes
/// or more; an old signed message replayed later must not be accepted.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;

/// WeChat Pay sends signatures starting with this to probe whether merchants verify at all;
/// they never verify and must never be accepted.
const SIGN_TEST_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// The message a request signature covers: `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`.
/// For a GET the body is empty and the line still ends with `\n`.
pub fn request_message(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    let mut message = format!("{method}\n{path_and_query}\n{timestamp}\n{nonce}\n").into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

/// The message a WeChat Pay signature covers: `TIMESTAMP\nNONCE\nRAW_BODY\n`, over the raw
/// bytes as received (re-serialised JSON would not match).
pub fn wechatpay_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{timestamp}\n{nonce}\n").into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

/// Who signs requests: the merchant id, the serial of the merchant API certificate, and the key.
#[derive(Debug)]
pub struct MerchantSigner {
    /// The merchant id (`mchid`).
    pub mchid: String,
    /// The merchant API certificate serial number (`serial_no`).
    pub serial_no: String,
    /// The merchant API private key.
    pub key: MerchantKey,
}

impl MerchantSigner {
    /// The full `Authorization` header value for one request.
    pub fn authorization(
        &self,
        method: &str,
        path_and_query: &str,
        timestamp: i64,
        nonce: &str,
        body: &[u8],
    ) -> Result<String, SignError> {
        let message = request_message(method, path_and_query, timestamp, nonce, body);
        let signature = self.key.sign_base64(&message)?;
        Ok(format!(
            "{AUTH_SCHEMA} mchid=\"{}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{}\"",
            self.mchid, self.serial_no
        ))
    }
}

/// The parts of an `Authorization` header, as parsed by the simulator (and useful in tests).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Authorization {
    /// `mchid`.
    pub mchid: String,
    /// `nonce_str`.
    pub nonce_str: String,
    /// `timestamp`, as sent.
    pub timestamp: String,
    /// `serial_no`.
    pub serial_no: String,
    /// `signature`, base64.
    pub signature: String,
}

impl Authorization {
    /// Parses `WECHATPAY2-SHA256-RSA2048 k="v",k="v",…`; the order of the pairs is free.
    pub fn parse(header: &str) -> Option<Self> {
        let params = header.strip_prefix(AUTH_SCHEMA)?.strip_prefix(' ')?;
        let mut out = Self::default();
        for pair in params.split(',') {
            let (key, value) = pair.trim().split_once('=')?;
            let value = value.strip_prefix('"')?.strip_suffix('"')?.to_owned();
            match key {
                "mchid" => out.mchid = value,
                "nonce_str" => out.nonce_str = value,
                "timestamp" => out.timestamp = value,
                "serial_no" => out.serial_no = value,
                "signature" => out.signature = value,
                _ => return None,
            }
        }
        let complete = [
            &out.mchid,
            &out.nonce_str,
            &out.timestamp,
            &out.serial_no,
            &out.signature,
        ]
        .iter()
        .all(|v| !v.is_empty());
        complete.then_some(out)
    }
}

/// The four `Wechatpay-*` headers that accompany every signed response and notification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WechatpayHeaders {
    /// `Wechatpay-Timestamp`, unix seconds as sent.
    pub timestamp: String,
    /// `Wechatpay-Nonce`.
    pub nonce: String,
    /// `Wechatpay-Signature`, base64.
    pub signature: String,
    /// `Wechatpay-Serial`: a platform certificate serial or a `PUB_KEY_ID_…`.
    pub serial: String,
}

impl WechatpayHeaders {
    /// Reads the headers through a lookup function, so any HTTP library's header map works.
    /// Header names are passed in their canonical form (`Wechatpay-Timestamp`).
    pub fn from_lookup<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, VerifyError> {
        let need = |name: &'static str| {
            get(name)
                .map(str::to_owned)
                .filter(|v| !v.is_empty())
                .ok_or(VerifyError::MissingHeader(name))
        };
        Ok(Self {
            timestamp: need("Wechatpay-Timestamp")?,
            nonce: need("Wechatpay-Nonce")?,
            signature: need("Wechatpay-Signature")?,
            serial: need("Wechatpay-Serial")?,
        })
    }
}

/// Why a WeChat Pay signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// A required header is absent or empty.
    #[error("header {0}: missing or empty")]
    MissingHeader(&'static str),
    /// `Wechatpay-Timestamp` is not an integer.
    #[error("header Wechatpay-Timestamp: {0:?} is not unix seconds")]
    BadTimestamp(String),
    /// `Wechatpay-Timestamp` is 5 minutes or more away from our clock.
    #[error(
        "header Wechatpay-Timestamp: {timestamp} is {skew_secs}s away from now, limit is {MAX_CLOCK_SKEW_SECS}s"
    )]
    Expired {
        /// The timestamp received.
        timestamp: i64,
        /// Its distance from our clock.
        skew_secs: i64,
    },
    /// The signature is a `WECHATPAY/SIGNTEST/` probe.
    #[error("header Wechatpay-Signature: WECHATPAY/SIGNTEST/ probe signature is never valid")]
    SignTestProbe,
    /// `Wechatpay-Serial` names no key we trust.
    #[error(
        "header Wechatpay-Serial: {0:?} is not a trusted platform certificate or public key id"
    )]
    UnknownSerial(String),
    /// The signature does not match the message.
    #[error("header Wechatpay-Signature: does not verify with key {0:?}")]
    BadSignature(String),
}

impl PlatformKeys {
    /// Verifies a signed response or notification: the timestamp window, the probe prefix,
    /// then the signature over `ts\nnonce\nRAW_BODY\n` with the key `Wechatpay-Serial` names.
    pub fn verify(
        &self,
        headers: &WechatpayHeaders,
        raw_body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(), VerifyError> {
        let timestamp: i64 = headers
            .timestamp
            .trim()
            .parse()
            .map_err(|_| VerifyError::BadTimestamp(headers.timestamp.clone()))?;
        let skew_secs = now.timestamp().saturating_sub(timestamp).saturating_abs();
        if skew_secs >= MAX_CLOCK_SKEW_SECS {
            return Err(VerifyError::Expired {
                timestamp,
                skew_secs,
            });
        }
        if headers.signature.starts_with(SIGN_TEST_PREFIX) {
            return Err(VerifyError::SignTestProbe);
        }
        let key = self
            .get(&headers.serial)
            .ok_or_else(|| VerifyError::UnknownSerial(headers.serial.clone()))?;
        let message = wechatpay_message(&headers.timestamp, &headers.nonce, raw_body);
        if key.verify_base64(&message, &headers.signature) {
            Ok(())
        } else {
            Err(VerifyError::BadSignature(headers.serial.clone()))
        }
    }
}

/// A fresh random nonce: 32 upper-case hex characters, like the SDKs send.
pub fn new_nonce() -> String {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 16];
    // SystemRandom only fails if the OS RNG is unavailable; a time-derived fallback keeps the
    // call infallible, and nonces only need to be unique, not secret.
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = nanos.to_be_bytes();
    }
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_request_message_keeps_empty_body_line() {
        let m = request_message("GET", "/v3/x?mchid=1", 1, "n", b"");
        assert_eq!(m, b"GET\n/v3/x?mchid=1\n1\nn\n\n");
    }

    #[test]
    fn authorization_parses_in_any_order() {
        let a = Authorization::parse(
            "WECHATPAY2-SHA256-RSA2048 serial_no=\"S\",mchid=\"1\",timestamp=\"2\",nonce_str=\"N\",signature=\"X\"",
        )
        .unwrap();
        assert_eq!(a.mchid, "1");
        assert_eq!(a.serial_no, "S");
        assert!(Authorization::parse("Bearer x").is_none());
        assert!(Authorization::parse("WECHATPAY2-SHA256-RSA2048 mchid=\"1\"").is_none());
    }

    #[test]
    fn nonce_is_32_hex() {
        let n = new_nonce();
        assert_eq!(n.len(), 32);
        assert!(n.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(n, new_nonce());
    }
}
