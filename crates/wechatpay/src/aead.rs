//! AEAD_AES_256_GCM as WeChat Pay uses it: key = the 32-byte APIv3 key, nonce = the 12 ASCII
//! bytes of `resource.nonce`, associated data = `resource.associated_data` (may be empty),
//! ciphertext = base64(ciphertext || 16-byte tag).

use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::secret::ApiV3Key;

/// The only algorithm name WeChat Pay puts in `resource.algorithm`.
pub const ALGORITHM: &str = "AEAD_AES_256_GCM";

/// Why a resource could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecryptError {
    /// `resource.algorithm` is not `AEAD_AES_256_GCM`.
    #[error("resource.algorithm: {0:?} is not AEAD_AES_256_GCM")]
    Algorithm(String),
    /// `resource.nonce` is not 12 bytes.
    #[error("resource.nonce: must be 12 bytes, got {0}")]
    NonceLength(usize),
    /// `resource.ciphertext` is not base64.
    #[error("resource.ciphertext: not valid base64")]
    Base64,
    /// Wrong key, wrong nonce, wrong associated data or tampered ciphertext.
    #[error(
        "resource.ciphertext: authentication failed (wrong apiv3 key, nonce or associated data)"
    )]
    Authentication,
    /// The plaintext is not UTF-8.
    #[error("resource plaintext: not valid utf-8")]
    Utf8,
}

/// Decrypts a WeChat Pay resource into its UTF-8 plaintext.
pub fn decrypt(
    key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    ciphertext_b64: &str,
) -> Result<String, DecryptError> {
    let nonce = nonce_of(nonce)?;
    let ciphertext = crate::b64::decode(ciphertext_b64).ok_or(DecryptError::Base64)?;
    let plaintext = cipher(key)
        .decrypt(
            &nonce,
            Payload {
                msg: &ciphertext,
                aad: associated_data.as_bytes(),
            },
        )
        .map_err(|_| DecryptError::Authentication)?;
    String::from_utf8(plaintext).map_err(|_| DecryptError::Utf8)
}

/// Encrypts `plaintext` and returns base64(ciphertext || tag); the simulator uses this to build
/// notifications, and the vectors check it is the exact inverse of [`decrypt`].
pub fn encrypt(
    key: &ApiV3Key,
    nonce: &str,
    associated_data: &str,
    plaintext: &[u8],
) -> Result<String, DecryptError> {
    let nonce = nonce_of(nonce)?;
    let ciphertext = cipher(key)
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: associated_data.as_bytes(),
            },
        )
        .map_err(|_| DecryptError::Authentication)?;
    Ok(crate::b64::encode(&ciphertext))
}

fn cipher(key: &ApiV3Key) -> Aes256Gcm {
    Aes256Gcm::new(key.bytes().into())
}

fn nonce_of(nonce: &str) -> Result<Nonce<aes_gcm::aead::consts::U12>, DecryptError> {
    Nonce::try_from(nonce.as_bytes()).map_err(|_| DecryptError::NonceLength(nonce.len()))
}
