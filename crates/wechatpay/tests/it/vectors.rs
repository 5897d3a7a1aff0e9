//! Every applicable published vector, reproduced byte for byte. Vectors made with 16-byte keys
//! or nonces are negative tests: AEAD_AES_256_GCM with a 12-byte nonce must reject them.

use chrono::{DateTime, Utc};
use paddock_wechatpay::aead::{self, DecryptError};
use paddock_wechatpay::secret::SecretError;
use paddock_wechatpay::signature::{MerchantSigner, request_message, wechatpay_message};
use paddock_wechatpay::{
    ApiV3Key, MerchantKey, PlatformCertificate, PlatformKeys, PlatformPublicKey, VerifyError,
    WechatpayHeaders,
};

use crate::support::{field, vector_file, vectors};

fn at(ts: &str) -> DateTime<Utc> {
    DateTime::from_timestamp(ts.parse().unwrap(), 0).unwrap()
}

fn official_key() -> MerchantKey {
    MerchantKey::from_pem(&vector_file("official_doc_test_merchant_key_pkcs8.pem")).unwrap()
}

#[test]
fn official_request_signature_and_authorization_header() {
    let all = vectors();
    let v = &all["official_doc_request_signature"];
    let signer = MerchantSigner {
        mchid: field(v, "mchid").to_owned(),
        serial_no: field(v, "serial_no").to_owned(),
        key: official_key(),
    };
    let ts: i64 = field(v, "timestamp").parse().unwrap();
    let message = request_message(
        field(v, "method"),
        field(v, "canonical_url"),
        ts,
        field(v, "nonce_str"),
        field(v, "body").as_bytes(),
    );
    assert_eq!(
        signer.key.sign_base64(&message).unwrap(),
        field(v, "expected_signature")
    );
    let header = signer
        .authorization(
            field(v, "method"),
            field(v, "canonical_url"),
            ts,
            field(v, "nonce_str"),
            field(v, "body").as_bytes(),
        )
        .unwrap();
    assert_eq!(header, field(v, "expected_authorization"));
}

#[test]
fn official_mini_program_pay_sign() {
    let all = vectors();
    let v = &all["official_doc_jsapi_miniprogram_paySign"];
    let prepay_id = field(v, "package").strip_prefix("prepay_id=").unwrap();
    let params = paddock_wechatpay::paysign::mini_program_pay_params(
        &official_key(),
        field(v, "appId"),
        prepay_id,
        field(v, "timeStamp").parse().unwrap(),
        field(v, "nonceStr"),
    )
    .unwrap();
    assert_eq!(params.pay_sign, field(v, "expected_paySign"));
    assert_eq!(params.package, field(v, "package"));
    assert_eq!(params.sign_type, "RSA");
    assert_eq!(params.time_stamp, field(v, "timeStamp"));
}

#[test]
fn app_sign_is_not_what_the_mini_program_gets() {
    let all = vectors();
    let v = &all["official_doc_app_sign_negative_control"];
    let message = field(v, "message").replace("\\n", "\n");
    // The raw signer reproduces the APP vector, proving the key and primitive are right...
    assert_eq!(
        official_key().sign_base64(message.as_bytes()).unwrap(),
        field(v, "expected_sign")
    );
    // ...while the mini-program parameters (4th line `prepay_id=…`) must differ from it.
    let params = paddock_wechatpay::paysign::mini_program_pay_params(
        &official_key(),
        "wx2421b1c4370ec43b",
        "wx201410272009395522657a690389285100",
        1554208460,
        "593BEC0C930BF1AFEB40B4A08C8FB242",
    )
    .unwrap();
    assert_ne!(params.pay_sign, field(v, "expected_sign"));
}

#[test]
fn doc_response_verifies_with_public_key() {
    let all = vectors();
    let v = &all["doc_response_verify"];
    let keys = PlatformKeys::new();
    keys.add_public_key_pem("PUB_KEY_ID_DOC", field(v, "wechatpay_public_key_pem"))
        .unwrap();
    let headers = WechatpayHeaders {
        timestamp: field(v, "Wechatpay-Timestamp").to_owned(),
        nonce: field(v, "Wechatpay-Nonce").to_owned(),
        signature: field(v, "Wechatpay-Signature").to_owned(),
        serial: "PUB_KEY_ID_DOC".to_owned(),
    };
    let body = field(v, "body").as_bytes();
    let now = at(&headers.timestamp);
    keys.verify(&headers, body, now).unwrap();

    // The same signed response, replayed 5 minutes later, is refused; 4m59s is still fine.
    let later = now + chrono::Duration::seconds(300);
    assert!(matches!(
        keys.verify(&headers, body, later),
        Err(VerifyError::Expired { .. })
    ));
    keys.verify(&headers, body, now - chrono::Duration::seconds(299))
        .unwrap();
    // One changed byte of the body breaks it.
    let tampered = field(v, "body").replace("JyC91", "JyC92");
    assert!(matches!(
        keys.verify(&headers, tampered.as_bytes(), now),
        Err(VerifyError::BadSignature(_))
    ));
    // An unknown serial is refused before any crypto.
    let other = WechatpayHeaders {
        serial: "PUB_KEY_ID_OTHER".into(),
        ..headers.clone()
    };
    assert!(matches!(
        keys.verify(&other, body, now),
        Err(VerifyError::UnknownSerial(_))
    ));
    // A probe signature is refused even though everything else is in order.
    let probe = WechatpayHeaders {
        signature: format!("WECHATPAY/SIGNTEST/{}", headers.signature),
        ..headers
    };
    assert_eq!(
        keys.verify(&probe, body, now),
        Err(VerifyError::SignTestProbe)
    );
}

#[test]
fn go_sign_and_verify_with_cert_and_public_key() {
    let all = vectors();
    let v = &all["go_sha256withrsa_sign"];
    let key = MerchantKey::from_pem(&vector_file("go_test_private_key_pkcs8.pem")).unwrap();
    let expected = field(v, "expected_signature");
    assert_eq!(key.sign_base64(b"source").unwrap(), expected);

    let cert =
        PlatformCertificate::from_pem(&vector_file("go_test_cert_F5765756002FDD77.pem")).unwrap();
    assert_eq!(cert.serial_no, field(v, "serial"));
    assert!(cert.public_key.verify_base64(b"source", expected));
    assert!(!cert.public_key.verify_base64(b"wrong source", expected));
    assert!(!cert.public_key.verify_base64(b"", expected));

    let public_key = PlatformPublicKey::from_pem(&vector_file("go_test_public_key.pem")).unwrap();
    assert_eq!(public_key, cert.public_key);
    assert!(public_key.verify_base64(b"source", expected));
    // Our own public-key export agrees with the certificate.
    assert_eq!(
        PlatformPublicKey::from_rsa_der(&key.public_key_der()),
        cert.public_key
    );
}

#[test]
fn go_aes_gcm_vector_has_16_byte_key_and_is_rejected() {
    let all = vectors();
    let v = &all["go_aes256gcm_decrypt"];
    assert!(matches!(
        ApiV3Key::new(field(v, "apiv3_key").as_bytes()),
        Err(SecretError::ApiV3KeyLength(16))
    ));
    assert!(matches!(
        ApiV3Key::new(b"not a aes key"),
        Err(SecretError::ApiV3KeyLength(13))
    ));
}

#[test]
fn go_notify_signature_verifies_but_its_16_byte_key_is_refused() {
    let all = vectors();
    let v = &all["go_notify_full"];
    let keys = PlatformKeys::new();
    let serial = keys
        .add_certificate_pem(&vector_file("go_notify_cert_D7CE59D1F522D701.pem"))
        .unwrap();
    assert_eq!(serial, "D7CE59D1F522D701");
    let h = &v["headers"];
    let headers = WechatpayHeaders {
        timestamp: field(h, "Wechatpay-Timestamp").to_owned(),
        nonce: field(h, "Wechatpay-Nonce").to_owned(),
        signature: field(h, "Wechatpay-Signature").to_owned(),
        serial: field(h, "Wechatpay-Serial").to_owned(),
    };
    let body = field(v, "body").as_bytes();
    keys.verify(&headers, body, at("1624523846")).unwrap();
    assert!(matches!(
        ApiV3Key::new(field(v, "apiv3_key").as_bytes()),
        Err(SecretError::ApiV3KeyLength(16))
    ));
    assert_eq!(
        wechatpay_message(&headers.timestamp, &headers.nonce, body).last(),
        Some(&b'\n')
    );
}

#[test]
fn java_aead_aes_256_gcm_both_directions() {
    let all = vectors();
    let v = &all["java_aead_aes_256_gcm"];
    let key = ApiV3Key::new(field(v, "apiv3_key").as_bytes()).unwrap();
    let (nonce, aad, plaintext, ct) = (
        field(v, "nonce"),
        field(v, "associated_data"),
        field(v, "plaintext"),
        field(v, "expected_ciphertext_b64"),
    );
    assert_eq!(
        aead::encrypt(&key, nonce, aad, plaintext.as_bytes()).unwrap(),
        ct
    );
    assert_eq!(aead::decrypt(&key, nonce, aad, ct).unwrap(), plaintext);
    assert_eq!(
        aead::decrypt(&key, nonce, "bad-associatedData", ct),
        Err(DecryptError::Authentication)
    );
    assert_eq!(
        aead::decrypt(&key, "bad-4a9R25RW", aad, ct),
        Err(DecryptError::Authentication)
    );
    assert_eq!(
        aead::decrypt(&key, nonce, aad, "invalid cipher"),
        Err(DecryptError::Base64)
    );
}

#[test]
fn java_rsa_sign_and_serials() {
    let all = vectors();
    let v = &all["java_rsa_verify"];
    let key = MerchantKey::from_pem(&vector_file("java_merchant_private_key.pem")).unwrap();
    let expected = field(v, "expected_signature");
    assert_eq!(key.sign_base64(b"message").unwrap(), expected);
    let merchant_cert =
        PlatformCertificate::from_pem(&vector_file("java_merchant_certificate.pem")).unwrap();
    assert_eq!(merchant_cert.serial_no, field(v, "serial"));
    assert!(merchant_cert.public_key.verify_base64(b"message", expected));
    let wechat_pay_key =
        PlatformPublicKey::from_pem(&vector_file("java_wechat_pay_public_key.pem")).unwrap();
    assert!(!wechat_pay_key.verify_base64(b"message", expected));
    let wechat_pay_cert =
        PlatformCertificate::from_pem(&vector_file("java_wechat_pay_certificate.pem")).unwrap();
    assert_eq!(
        wechat_pay_cert.serial_no,
        "440024045C4A427599D09BB4E3DE0279F2E813FD"
    );
    assert_eq!(wechat_pay_cert.public_key, wechat_pay_key);
}

#[test]
fn java_downloaded_certificate_decrypts_to_the_expected_serial() {
    let all = vectors();
    let v = &all["java_download_certificate_decrypt"];
    let key = ApiV3Key::new(field(v, "apiv3_key").as_bytes()).unwrap();
    let ciphertext = vector_file("java_download_certificate_ciphertext.b64");
    let pem = aead::decrypt(
        &key,
        field(v, "nonce"),
        field(v, "associated_data"),
        ciphertext.trim(),
    )
    .unwrap();
    let cert = PlatformCertificate::from_pem(&pem).unwrap();
    assert_eq!(cert.serial_no, "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC");
}

#[test]
fn node_vectors_use_16_byte_nonces_and_are_rejected() {
    let all = vectors();
    let v = &all["node_axios_plugin_aes_gcm"];
    let key = ApiV3Key::new(field(v, "key").as_bytes()).unwrap();
    for case in v["cases"].as_array().unwrap() {
        let result = aead::decrypt(
            &key,
            field(v, "nonce"),
            field(case, "aad"),
            field(case, "ciphertext_b64"),
        );
        assert_eq!(result, Err(DecryptError::NonceLength(16)));
    }
}
