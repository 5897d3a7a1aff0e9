//! `GET /v3/certificates`: download the current platform certificates, for merchants still in
//! certificate mode. WeChat Pay rotates them; call this on a schedule (e.g. every 12 hours) and
//! whenever an answer or notification names an unknown `Wechatpay-Serial`.

use reqwest::Method;
use serde::Deserialize;

use super::transport::Retry;
use super::{Client, Error};
use crate::aead;
use crate::notify::EncryptedResource;
use crate::platform::{PlatformCertificate, PlatformKeys};
use crate::secret::ApiV3Key;

#[derive(Deserialize)]
struct CertificateList {
    data: Vec<CertificateEntry>,
}

#[derive(Deserialize)]
struct CertificateEntry {
    serial_no: String,
    encrypt_certificate: EncryptedResource,
}

impl Client {
    /// Downloads, decrypts and trusts the platform certificates; returns the serials added.
    ///
    /// The answer is signed by one of these very certificates, so on first use there is nothing
    /// to verify it with yet. As WeChat's own SDKs do, we accept a certificate because it
    /// decrypts with our APIv3 key (only WeChat Pay and we know it), and then require the
    /// answer's signature to verify with a key we already trusted or one of those certificates.
    pub async fn download_certificates(&self, api_v3_key: &ApiV3Key) -> Result<Vec<String>, Error> {
        let answer = self
            .call_unverified(Method::GET, "/v3/certificates", None, Retry::Idempotent)
            .await?;
        let decode = |reason: String| Error::Decode {
            endpoint: "download certificates",
            reason,
        };
        let list: CertificateList =
            serde_json::from_slice(&answer.body).map_err(|e| decode(e.to_string()))?;
        let mut certificates = Vec::with_capacity(list.data.len());
        for entry in list.data {
            let resource = &entry.encrypt_certificate;
            if resource.algorithm != aead::ALGORITHM {
                return Err(decode(format!(
                    "certificate {}: algorithm {:?}",
                    entry.serial_no, resource.algorithm
                )));
            }
            let pem = aead::decrypt(
                api_v3_key,
                &resource.nonce,
                &resource.associated_data,
                &resource.ciphertext,
            )
            .map_err(|e| decode(format!("certificate {}: {e}", entry.serial_no)))?;
            let certificate =
                PlatformCertificate::from_pem(&pem).map_err(|e| decode(e.to_string()))?;
            if certificate.serial_no != entry.serial_no {
                return Err(decode(format!(
                    "certificate serial {} does not match the listed serial_no {}",
                    certificate.serial_no, entry.serial_no
                )));
            }
            certificates.push(certificate);
        }
        // Verify with the union of what we trusted before and what we just decrypted.
        let candidates = PlatformKeys::new();
        for id in self.keys.ids() {
            if let Some(key) = self.keys.get(&id) {
                candidates.insert_any(id, key);
            }
        }
        for certificate in &certificates {
            candidates.add_certificate(certificate.clone());
        }
        candidates.verify(&answer.headers, &answer.body, self.clock.now())?;
        Ok(certificates
            .into_iter()
            .map(|c| self.keys.add_certificate(c))
            .collect())
    }
}
