//! The notification handler on crafted notifications: exact bytes, timestamp window, probes,
//! keys, and the answers WeChat Pay expects.

use chrono::{DateTime, Duration, Utc};
use paddock_wechatpay::aead::{self, DecryptError};
use paddock_wechatpay::signature::wechatpay_message;
use paddock_wechatpay::{
    ApiV3Key, Event, NotificationHeaders, NotifyAnswer, NotifyError, VerifyError,
    parse_notification,
};

use crate::harness::{self, PLATFORM_SERIAL};

const NOW: i64 = 1_764_000_000;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(NOW, 0).unwrap()
}

/// A `TRANSACTION.SUCCESS` notification signed by the simulator's platform key at `NOW`.
fn signed(body: &str) -> NotificationHeaders {
    let nonce = "fdasfwejhffhfdsfwejfhdsfdsfsdfsd";
    let signature = harness::platform_key()
        .sign_base64(&wechatpay_message(&NOW.to_string(), nonce, body.as_bytes()))
        .unwrap();
    NotificationHeaders {
        timestamp: NOW.to_string(),
        nonce: nonce.to_owned(),
        signature,
        serial: PLATFORM_SERIAL.to_owned(),
    }
}

fn payment_body() -> String {
    let resource = serde_json::json!({
        "appid": "wxd678efh567hg6787", "mchid": "1900000001", "out_trade_no": "PDK20261125401",
        "transaction_id": "4200000000202611250000000001", "trade_type": "JSAPI", "trade_state": "SUCCESS",
        "trade_state_desc": "支付成功", "bank_type": "CMC", "attach": "", "success_time": "2026-11-25T18:00:00+08:00",
        "payer": { "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
        "amount": { "total": 12800, "payer_total": 12800, "currency": "CNY", "payer_currency": "CNY" }
    });
    let ciphertext = aead::encrypt(
        &harness::api_v3_key(),
        "nonce1234567",
        "transaction",
        resource.to_string().as_bytes(),
    )
    .unwrap();
    // Deliberately formatted with spaces, as WeChat's bodies may be: the signature covers these bytes.
    format!(
        r#"{{"id": "EV-2018022511223320873", "create_time": "2026-11-25T18:00:01+08:00", "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功", "resource": {{"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM", "ciphertext": "{ciphertext}", "associated_data": "transaction", "nonce": "nonce1234567"}}}}"#
    )
}

fn parse(
    headers: &NotificationHeaders,
    body: &[u8],
    at: DateTime<Utc>,
) -> Result<paddock_wechatpay::Notification, NotifyError> {
    parse_notification(
        &harness::cert_keys(),
        &harness::api_v3_key(),
        headers,
        body,
        at,
    )
}

#[test]
fn a_signed_payment_notification_is_typed() {
    let body = payment_body();
    let n = parse(&signed(&body), body.as_bytes(), now()).unwrap();
    assert_eq!(n.id, "EV-2018022511223320873");
    let Event::Payment(t) = n.event else {
        panic!("expected payment")
    };
    assert_eq!(t.out_trade_no, "PDK20261125401");
    assert_eq!(t.amount.and_then(|a| a.payer_total), Some(12_800));
}

#[test]
fn re_serialised_json_does_not_verify() {
    let body = payment_body();
    let headers = signed(&body);
    let compact =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&body).unwrap()).unwrap();
    assert_ne!(compact, body);
    assert!(matches!(
        parse(&headers, compact.as_bytes(), now()),
        Err(NotifyError::Verify(VerifyError::BadSignature(_)))
    ));
}

#[test]
fn timestamp_window_is_strictly_under_five_minutes_both_ways() {
    let body = payment_body();
    let headers = signed(&body);
    for ok in [-299, 0, 299] {
        assert!(
            parse(&headers, body.as_bytes(), now() + Duration::seconds(ok)).is_ok(),
            "{ok}"
        );
    }
    for stale in [-300, 300, 86_400] {
        let err = parse(&headers, body.as_bytes(), now() + Duration::seconds(stale)).unwrap_err();
        assert!(
            matches!(err, NotifyError::Verify(VerifyError::Expired { .. })),
            "{stale}: {err}"
        );
    }
    let garbage = NotificationHeaders {
        timestamp: "soon".to_owned(),
        ..headers
    };
    assert!(matches!(
        parse(&garbage, body.as_bytes(), now()),
        Err(NotifyError::Verify(VerifyError::BadTimestamp(_)))
    ));
}

#[test]
fn signtest_probe_is_refused() {
    let body = payment_body();
    let headers = NotificationHeaders {
        signature: "WECHATPAY/SIGNTEST/aGVsbG8=".to_owned(),
        ..signed(&body)
    };
    let err = parse(&headers, body.as_bytes(), now()).unwrap_err();
    assert_eq!(err, NotifyError::Verify(VerifyError::SignTestProbe));
    assert_eq!(err.answer().status, 401);
}

#[test]
fn wrong_apiv3_key_fails_after_the_signature_passed() {
    let body = payment_body();
    let other = ApiV3Key::new(b"0123456789abcdef0123456789abcdef").unwrap();
    let err = parse_notification(
        &harness::cert_keys(),
        &other,
        &signed(&body),
        body.as_bytes(),
        now(),
    )
    .unwrap_err();
    assert_eq!(err, NotifyError::Decrypt(DecryptError::Authentication));
    assert_eq!(err.answer().status, 500);
}

#[test]
fn missing_headers_are_named() {
    let err = NotificationHeaders::from_lookup(|name| (name != "Wechatpay-Serial").then_some("x"))
        .unwrap_err();
    assert_eq!(err, VerifyError::MissingHeader("Wechatpay-Serial"));
    assert_eq!(err.to_string(), "header Wechatpay-Serial: missing or empty");
}

#[test]
fn signed_garbage_is_a_body_error() {
    let body = "not json";
    let err = parse(&signed(body), body.as_bytes(), now()).unwrap_err();
    assert!(matches!(err, NotifyError::Body(_)));
    assert_eq!(err.answer().status, 400);
}

#[test]
fn answers_have_the_shape_wechat_expects() {
    assert_eq!(
        NotifyAnswer::success(),
        NotifyAnswer {
            status: 204,
            body: None
        }
    );
    let failure = NotifyAnswer::failure(500, "失败");
    assert_eq!(failure.status, 500);
    let body: serde_json::Value = serde_json::from_str(failure.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "code": "FAIL", "message": "失败" })
    );
    assert_eq!(NotifyAnswer::failure(200, "x").status, 500);
}

#[test]
fn secrets_never_print() {
    let key = harness::merchant_key();
    let api = harness::api_v3_key();
    let printed = format!("{key:?} {api:?}");
    assert_eq!(printed, "MerchantKey(<redacted>) ApiV3Key(<redacted>)");
}

#[test]
fn secrets_load_from_env_and_file() {
    // A variable name unique to this test, so parallel tests cannot interfere.
    let var = "PADDOCK_WECHATPAY_TEST_APIV3_KEY_ONLY_HERE";
    assert!(ApiV3Key::from_env(var).is_err());
    let dir = std::env::temp_dir().join(format!("paddock-wechatpay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("apiv3.key");
    std::fs::write(
        &path,
        format!("{}\n", std::str::from_utf8(harness::API_V3_KEY).unwrap()),
    )
    .unwrap();
    ApiV3Key::from_file(&path).unwrap();
    let pem_path = crate::support::vectors_dir().join("java_merchant_private_key.pem");
    paddock_wechatpay::MerchantKey::from_file(pem_path).unwrap();
    let err = paddock_wechatpay::MerchantKey::from_file(dir.join("missing.pem")).unwrap_err();
    assert!(err.to_string().starts_with("secret file "), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
