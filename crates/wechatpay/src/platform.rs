//! The keys WeChat Pay signs with, indexed by the id it puts in `Wechatpay-Serial`.
//!
//! Two kinds of id live side by side in one store, which is what a merchant switching from
//! platform certificates to the WeChat Pay public key needs during the switch:
//! * a platform certificate's serial number (upper-case hex, e.g. `5DEA10EF…`); WeChat rotates
//!   these, so several can be trusted at once and the header picks one;
//! * a WeChat Pay public key id (`PUB_KEY_ID_…`), configured by hand from the merchant platform.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use x509_cert::Certificate;
use x509_cert::der::Decode as _;
use x509_cert::spki::{ObjectIdentifier, SubjectPublicKeyInfoOwned};

use crate::pem::{self, PemError};

/// `rsaEncryption`, the only key algorithm WeChat Pay uses.
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// Why a certificate or public key could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyLoadError {
    /// The PEM text could not be read.
    #[error("{0}")]
    Pem(#[from] PemError),
    /// The DER inside the PEM is not a certificate or public key.
    #[error("{what}: not valid der ({reason})")]
    Der {
        /// What was being parsed.
        what: &'static str,
        /// The parser's complaint.
        reason: String,
    },
    /// The key is not an RSA key.
    #[error("{0}: key algorithm is not rsa")]
    NotRsa(&'static str),
    /// A public key id that WeChat Pay would never send.
    #[error("public key id {0:?}: must start with PUB_KEY_ID_")]
    BadPublicKeyId(String),
}

/// An RSA public key WeChat Pay signs with, in the DER `RSAPublicKey` form ring wants.
#[derive(Clone, PartialEq, Eq)]
pub struct PlatformPublicKey {
    rsa_der: Arc<[u8]>,
}

impl std::fmt::Debug for PlatformPublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlatformPublicKey({} bytes)", self.rsa_der.len())
    }
}

impl PlatformPublicKey {
    /// Parses a `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) PEM, the form the merchant platform
    /// offers for download next to the `PUB_KEY_ID_…`.
    pub fn from_pem(text: &str) -> Result<Self, KeyLoadError> {
        let (_, der) = pem::decode_first(text, &["PUBLIC KEY"])?;
        let spki = SubjectPublicKeyInfoOwned::from_der(&der).map_err(|e| KeyLoadError::Der {
            what: "public key",
            reason: e.to_string(),
        })?;
        Self::from_spki(&spki, "public key")
    }

    /// Wraps a DER `RSAPublicKey` (PKCS#1).
    pub fn from_rsa_der(der: &[u8]) -> Self {
        Self {
            rsa_der: der.into(),
        }
    }

    fn from_spki(
        spki: &SubjectPublicKeyInfoOwned,
        what: &'static str,
    ) -> Result<Self, KeyLoadError> {
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(KeyLoadError::NotRsa(what));
        }
        Ok(Self::from_rsa_der(spki.subject_public_key.raw_bytes()))
    }

    /// Checks a base64 SHA256-RSA (PKCS#1 v1.5) signature over `message`.
    pub fn verify_base64(&self, message: &[u8], signature_b64: &str) -> bool {
        let Some(signature) = crate::b64::decode(signature_b64) else {
            return false;
        };
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &*self.rsa_der)
            .verify(message, &signature)
            .is_ok()
    }
}

/// A platform certificate reduced to what verification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformCertificate {
    /// The serial number as upper-case hex without leading zeros, as in `Wechatpay-Serial`.
    pub serial_no: String,
    /// The certificate's public key.
    pub public_key: PlatformPublicKey,
}

impl PlatformCertificate {
    /// Parses a PEM certificate.
    pub fn from_pem(text: &str) -> Result<Self, KeyLoadError> {
        let (_, der) = pem::decode_first(text, &["CERTIFICATE"])?;
        Self::from_der(&der)
    }

    /// Parses a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, KeyLoadError> {
        let cert = Certificate::from_der(der).map_err(|e| KeyLoadError::Der {
            what: "certificate",
            reason: e.to_string(),
        })?;
        let tbs = cert.tbs_certificate();
        let public_key =
            PlatformPublicKey::from_spki(tbs.subject_public_key_info(), "certificate")?;
        Ok(Self {
            serial_no: serial_hex(tbs.serial_number().as_bytes()),
            public_key,
        })
    }
}

/// DER integers carry a leading zero byte when the high bit is set; WeChat's serials do not.
fn serial_hex(bytes: &[u8]) -> String {
    let significant = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let hex: String = bytes[significant..]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    if hex.is_empty() { "0".to_owned() } else { hex }
}

/// The set of WeChat Pay keys we trust, shared by the client and the notification handler.
///
/// Interior mutability lets a background task add a freshly downloaded certificate while
/// requests are being verified; a std `RwLock` is enough because no lock is held across an
/// await and lookups are a hash-map read.
#[derive(Debug, Default)]
pub struct PlatformKeys {
    keys: RwLock<HashMap<String, PlatformPublicKey>>,
}

impl PlatformKeys {
    /// An empty store; nothing verifies until a key is added.
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts a platform certificate under its serial number; returns the serial.
    pub fn add_certificate(&self, cert: PlatformCertificate) -> String {
        let serial = cert.serial_no.clone();
        self.insert(serial.clone(), cert.public_key);
        serial
    }

    /// Parses and trusts a PEM platform certificate; returns its serial number.
    pub fn add_certificate_pem(&self, text: &str) -> Result<String, KeyLoadError> {
        Ok(self.add_certificate(PlatformCertificate::from_pem(text)?))
    }

    /// Trusts the WeChat Pay public key with id `PUB_KEY_ID_…`.
    pub fn add_public_key(&self, id: &str, key: PlatformPublicKey) -> Result<(), KeyLoadError> {
        if !id.starts_with("PUB_KEY_ID_") {
            return Err(KeyLoadError::BadPublicKeyId(id.to_owned()));
        }
        self.insert(id.to_owned(), key);
        Ok(())
    }

    /// Parses and trusts a PEM WeChat Pay public key under `id`.
    pub fn add_public_key_pem(&self, id: &str, text: &str) -> Result<(), KeyLoadError> {
        self.add_public_key(id, PlatformPublicKey::from_pem(text)?)
    }

    /// Stops trusting the key with this serial or id; returns whether it was present.
    pub fn remove(&self, id: &str) -> bool {
        self.write().remove(id).is_some()
    }

    /// The serials and ids currently trusted, sorted.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.read().keys().cloned().collect();
        ids.sort();
        ids
    }

    /// The key for a `Wechatpay-Serial` value, if trusted.
    pub fn get(&self, id: &str) -> Option<PlatformPublicKey> {
        self.read().get(id).cloned()
    }

    /// Inserts without the id check (copying keys between stores).
    pub(crate) fn insert_any(&self, id: String, key: PlatformPublicKey) {
        self.insert(id, key);
    }

    fn insert(&self, id: String, key: PlatformPublicKey) {
        self.write().insert(id, key);
    }

    // A poisoned lock only means another thread panicked mid-insert of a whole value; the map is
    // still consistent, so we keep using it rather than propagate the panic.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, PlatformPublicKey>> {
        self.keys.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, PlatformPublicKey>> {
        self.keys.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::serial_hex;

    #[test]
    fn serial_drops_der_sign_byte() {
        assert_eq!(serial_hex(&[0x00, 0xD7, 0xCE, 0x01]), "D7CE01");
        assert_eq!(serial_hex(&[0x44, 0x00]), "4400");
        assert_eq!(serial_hex(&[0x00]), "0");
    }
}
