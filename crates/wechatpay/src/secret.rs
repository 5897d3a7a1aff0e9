//! The merchant's two secrets: the API private key (`apiclient_key.pem`) and the APIv3 key.
//!
//! Both are wrapped so that `Debug` never prints them, and neither implements `Display`,
//! `Serialize` or `Clone`, so they cannot end up in a log line or a config dump by accident.

use std::fmt;
use std::path::Path;

use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};

use crate::pem;

/// Why a secret could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The file could not be read.
    #[error("secret file {path}: {source}")]
    Io {
        /// The file that was read.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The environment variable is unset or not valid UTF-8.
    #[error("environment variable {0}: not set or not valid utf-8")]
    Env(String),
    /// The private key PEM could not be decoded.
    #[error("merchant private key: {0}")]
    Pem(#[from] pem::PemError),
    /// The private key is not an RSA key ring accepts (2048 to 8192 bits).
    #[error("merchant private key: {0}")]
    Rejected(String),
    /// The APIv3 key is not 32 bytes.
    #[error("apiv3 key: must be exactly 32 bytes, got {0}")]
    ApiV3KeyLength(usize),
}

/// The merchant API private key, used to sign requests and mini-program pay parameters.
pub struct MerchantKey {
    key_pair: RsaKeyPair,
    rng: SystemRandom,
}

impl MerchantKey {
    /// Parses a PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`, what the WeChat Pay key tool
    /// writes) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(text: &str) -> Result<Self, SecretError> {
        let (label, der) = pem::decode_first(text, &["PRIVATE KEY", "RSA PRIVATE KEY"])?;
        let key_pair = if label == "PRIVATE KEY" {
            RsaKeyPair::from_pkcs8(&der)
        } else {
            RsaKeyPair::from_der(&der)
        }
        .map_err(|e| SecretError::Rejected(e.to_string()))?;
        Ok(Self {
            key_pair,
            rng: SystemRandom::new(),
        })
    }

    /// Reads a PEM private key from a file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SecretError> {
        Self::from_pem(&read_file(path.as_ref())?)
    }

    /// Reads a PEM private key from an environment variable holding the PEM text.
    pub fn from_env(var: &str) -> Result<Self, SecretError> {
        Self::from_pem(&read_env(var)?)
    }

    /// Signs `message` with SHA256-RSA (PKCS#1 v1.5) and returns the base64 signature.
    ///
    /// PKCS#1 v1.5 is deterministic, so the result can be compared byte for byte with the
    /// published vectors.
    pub fn sign_base64(&self, message: &[u8]) -> Result<String, SignError> {
        let mut signature = vec![0; self.key_pair.public().modulus_len()];
        self.key_pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, message, &mut signature)
            .map_err(|_| SignError)?;
        Ok(crate::b64::encode(&signature))
    }

    /// The DER `RSAPublicKey` of this key; the simulator uses it to check our requests.
    pub fn public_key_der(&self) -> Vec<u8> {
        use ring::signature::KeyPair as _;
        self.key_pair.public_key().as_ref().to_vec()
    }
}

impl fmt::Debug for MerchantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MerchantKey(<redacted>)")
    }
}

/// Signing failed inside ring; this does not happen with a key ring accepted.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("rsa signing failed")]
pub struct SignError;

/// The 32-byte APIv3 key that encrypts notification resources and downloaded certificates.
pub struct ApiV3Key([u8; 32]);

impl ApiV3Key {
    /// Wraps the key bytes. WeChat Pay keys are 32 ASCII characters; 16-byte keys (seen in some
    /// SDK tests, where they select AES-128) are rejected because the algorithm is AES-256.
    pub fn new(bytes: &[u8]) -> Result<Self, SecretError> {
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| SecretError::ApiV3KeyLength(bytes.len()))?;
        Ok(Self(key))
    }

    /// Reads the key from a file; surrounding whitespace (a trailing newline) is ignored.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SecretError> {
        Self::new(read_file(path.as_ref())?.trim().as_bytes())
    }

    /// Reads the key from an environment variable; surrounding whitespace is ignored.
    pub fn from_env(var: &str) -> Result<Self, SecretError> {
        Self::new(read_env(var)?.trim().as_bytes())
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV3Key(<redacted>)")
    }
}

fn read_file(path: &Path) -> Result<String, SecretError> {
    std::fs::read_to_string(path).map_err(|source| SecretError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn read_env(var: &str) -> Result<String, SecretError> {
    std::env::var(var).map_err(|_| SecretError::Env(var.to_owned()))
}
