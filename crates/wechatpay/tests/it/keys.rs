//! Verification modes end to end: certificates, the WeChat Pay public key, both during a
//! switch, rotation, and what happens when the signer is not who we trust.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use paddock_wechatpay::{Error, NotifyError, PlatformKeys, VerifyError};

use crate::harness::{self, Harness, PLATFORM_SERIAL, PUB_KEY_ID, ROTATED_SERIAL};

#[tokio::test]
async fn public_key_mode() {
    let keys = PlatformKeys::new();
    keys.add_public_key(PUB_KEY_ID, harness::platform_public_key())
        .unwrap();
    let h = Harness::start_with(harness::sim_config(PUB_KEY_ID), Arc::new(keys)).await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125201", 100))
        .await
        .unwrap();
    h.sim.pay("PDK20261125201").unwrap();
    h.settle().await;
    assert_eq!(
        h.receiver.accepted().len(),
        1,
        "{:?}",
        h.receiver.rejected()
    );
}

#[tokio::test]
async fn switch_from_certificate_to_public_key_with_both_trusted() {
    let keys = harness::cert_keys();
    keys.add_public_key(PUB_KEY_ID, harness::platform_public_key())
        .unwrap();
    let h = Harness::start_with(harness::sim_config(PLATFORM_SERIAL), keys).await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125202", 100))
        .await
        .unwrap();
    // WeChat Pay switches to answering with the public key id.
    h.sim
        .rotate_platform_key(harness::platform_key(), PUB_KEY_ID);
    h.client.query_order("PDK20261125202").await.unwrap();
    h.sim.pay("PDK20261125202").unwrap();
    h.settle().await;
    assert_eq!(
        h.receiver.accepted().len(),
        1,
        "{:?}",
        h.receiver.rejected()
    );
}

#[tokio::test]
async fn certificate_rotation_needs_the_new_certificate() {
    let h = Harness::start().await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125203", 100))
        .await
        .unwrap();
    h.sim
        .rotate_platform_key(harness::rotated_platform_key(), ROTATED_SERIAL);
    let err = h.client.query_order("PDK20261125203").await.unwrap_err();
    assert!(
        matches!(err, Error::Verify(VerifyError::UnknownSerial(ref s)) if s == ROTATED_SERIAL),
        "{err}"
    );
    // Unknown serials are not retried into success, and a notification is refused the same way.
    h.sim.pay("PDK20261125203").unwrap();
    h.settle().await;
    assert!(h.receiver.accepted().is_empty());
    assert!(matches!(
        h.receiver.rejected()[0],
        paddock_wechatpay::NotifyError::Verify(VerifyError::UnknownSerial(_))
    ));
    // Once the new certificate is trusted (and the old one kept), both work.
    h.client
        .platform_keys()
        .add_certificate(harness::rotated_certificate());
    assert_eq!(
        h.client.platform_keys().ids(),
        vec![PLATFORM_SERIAL.to_owned(), ROTATED_SERIAL.to_owned()]
    );
    h.client.query_order("PDK20261125203").await.unwrap();
}

#[tokio::test]
async fn impostor_signing_under_a_trusted_serial_is_refused() {
    // The simulator signs with the rotated key but claims the trusted serial.
    let h = Harness::start().await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125204", 100))
        .await
        .unwrap();
    h.sim
        .rotate_platform_key(harness::rotated_platform_key(), PLATFORM_SERIAL);
    let err = h.client.query_order("PDK20261125204").await.unwrap_err();
    assert!(
        matches!(err, Error::Verify(VerifyError::BadSignature(_))),
        "{err}"
    );
    h.sim.pay("PDK20261125204").unwrap();
    h.settle().await;
    assert!(h.receiver.accepted().is_empty());
    // Every attempt was refused with 401, and the simulator retried.
    let deliveries = h.sim.deliveries();
    assert_eq!(deliveries.len(), 4);
    assert!(deliveries.iter().all(|d| d.status == Some(401)));
}

/// Real time plus an adjustable offset, to move the simulator's clock mid-test.
#[derive(Debug, Default)]
struct OffsetClock(AtomicI64);

impl paddock_wechatpay::Clock for OffsetClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + chrono::Duration::seconds(self.0.load(Ordering::SeqCst))
    }
}

#[tokio::test]
async fn stale_notifications_are_refused() {
    let clock = Arc::new(OffsetClock::default());
    let mut config = harness::sim_config(PLATFORM_SERIAL);
    config.clock = clock.clone();
    let h = Harness::start_with(config, harness::cert_keys()).await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125205", 100))
        .await
        .unwrap();
    // WeChat Pay's clock falls 5 minutes behind ours: its notifications look replayed.
    clock.0.store(-300, Ordering::SeqCst);
    h.sim.pay("PDK20261125205").unwrap();
    h.settle().await;
    assert!(h.receiver.accepted().is_empty());
    assert!(
        h.receiver
            .rejected()
            .iter()
            .all(|e| matches!(e, NotifyError::Verify(VerifyError::Expired { .. })))
    );
    assert!(h.sim.deliveries().iter().all(|d| d.status == Some(401)));
    // 4m58s behind is still inside the window (2 s of slack for the test's own run time).
    clock.0.store(-298, Ordering::SeqCst);
    h.client
        .jsapi_prepay(&h.order("PDK20261125215", 100))
        .await
        .unwrap();
    h.sim.pay("PDK20261125215").unwrap();
    h.settle().await;
    assert_eq!(h.receiver.accepted().len(), 1);
}

#[tokio::test]
async fn wrong_merchant_key_is_refused_by_the_simulator_and_not_retried() {
    let sim = paddock_wechatpay::simulator::Simulator::start(harness::sim_config(PLATFORM_SERIAL))
        .await
        .unwrap();
    let mut config = harness::client_config(sim.base_url(), harness::cert_keys());
    config.signer.key = paddock_wechatpay::MerchantKey::from_pem(&crate::support::vector_file(
        "official_doc_test_merchant_key_pkcs8.pem",
    ))
    .unwrap();
    let client = paddock_wechatpay::Client::new(config).unwrap();
    let err = client.query_order("PDK20261125206").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 401, code, .. } if code == "SIGN_ERROR"),
        "{err}"
    );
}

#[tokio::test]
async fn certificates_are_downloaded_and_rotation_is_followed() {
    let mut config = harness::sim_config(PLATFORM_SERIAL);
    config.platform_certificates = vec![crate::support::vector_file(
        "java_wechat_pay_certificate.pem",
    )];
    // The client starts trusting nothing: the first download bootstraps through the APIv3 key.
    let h = Harness::start_with(config, Arc::new(PlatformKeys::new())).await;
    let unknown =
        |r: Result<_, Error>| matches!(r, Err(Error::Verify(VerifyError::UnknownSerial(_))));
    assert!(unknown(
        h.client
            .jsapi_prepay(&h.order("PDK20261125207", 100))
            .await
            .map(|_| ())
    ));
    let added = h
        .client
        .download_certificates(&harness::api_v3_key())
        .await
        .unwrap();
    assert_eq!(added, vec![PLATFORM_SERIAL.to_owned()]);
    h.client.query_order("PDK20261125207").await.unwrap();

    // WeChat Pay announces a new certificate, then switches to it.
    h.sim.add_platform_certificate(crate::support::vector_file(
        "go_test_cert_F5765756002FDD77.pem",
    ));
    h.sim
        .rotate_platform_key(harness::rotated_platform_key(), ROTATED_SERIAL);
    assert!(unknown(
        h.client.query_order("PDK20261125207").await.map(|_| ())
    ));
    let added = h
        .client
        .download_certificates(&harness::api_v3_key())
        .await
        .unwrap();
    assert_eq!(
        added,
        vec![PLATFORM_SERIAL.to_owned(), ROTATED_SERIAL.to_owned()]
    );
    h.client.query_order("PDK20261125207").await.unwrap();
}

#[tokio::test]
async fn downloaded_certificates_need_the_right_apiv3_key() {
    let mut config = harness::sim_config(PLATFORM_SERIAL);
    config.platform_certificates = vec![crate::support::vector_file(
        "java_wechat_pay_certificate.pem",
    )];
    let h = Harness::start_with(config, Arc::new(PlatformKeys::new())).await;
    let wrong = paddock_wechatpay::ApiV3Key::new(b"0123456789abcdef0123456789abcdef").unwrap();
    let err = h.client.download_certificates(&wrong).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    assert!(h.client.platform_keys().ids().is_empty());
}
