//! Configuration from environment-style variables, end to end against the simulator.

use std::collections::HashMap;

use paddock_wechatpay::simulator::Simulator;
use paddock_wechatpay::{SetupError, WechatPay};

use crate::harness::{self, APPID, MCHID, MERCHANT_SERIAL, PLATFORM_SERIAL, PUB_KEY_ID};
use crate::support::{vector_file, vectors_dir};

fn vars(base_url: &str) -> HashMap<&'static str, String> {
    let path = |name: &str| vectors_dir().join(name).display().to_string();
    HashMap::from([
        ("WECHATPAY_MCHID", MCHID.to_owned()),
        ("WECHATPAY_APPID", APPID.to_owned()),
        ("WECHATPAY_MERCHANT_SERIAL", MERCHANT_SERIAL.to_owned()),
        (
            "WECHATPAY_MERCHANT_KEY_FILE",
            path("java_merchant_private_key.pem"),
        ),
        (
            "WECHATPAY_APIV3_KEY",
            String::from_utf8(harness::API_V3_KEY.to_vec()).unwrap(),
        ),
        ("WECHATPAY_PUBLIC_KEY_ID", PUB_KEY_ID.to_owned()),
        (
            "WECHATPAY_PUBLIC_KEY_FILE",
            path("java_wechat_pay_public_key.pem"),
        ),
        ("WECHATPAY_BASE_URL", base_url.to_owned()),
        (
            "WECHATPAY_NOTIFY_URL",
            "https://paddock.example/wechatpay/notify".to_owned(),
        ),
    ])
}

#[tokio::test]
async fn public_key_mode_from_variables() {
    let sim = Simulator::start(harness::sim_config(PUB_KEY_ID))
        .await
        .unwrap();
    let vars = vars(&sim.base_url());
    let pay = WechatPay::from_vars(|name| vars.get(name).cloned())
        .await
        .unwrap();
    assert_eq!(pay.client.mchid(), MCHID);
    assert_eq!(pay.notify_url, "https://paddock.example/wechatpay/notify");
    assert_eq!(
        pay.client
            .query_order("PDK20261125501")
            .await
            .unwrap_err()
            .code(),
        Some("ORDER_NOT_EXIST")
    );
}

#[tokio::test]
async fn certificate_download_mode_from_variables() {
    let mut config = harness::sim_config(PLATFORM_SERIAL);
    config.platform_certificates = vec![vector_file("java_wechat_pay_certificate.pem")];
    let sim = Simulator::start(config).await.unwrap();
    let mut vars = vars(&sim.base_url());
    vars.remove("WECHATPAY_PUBLIC_KEY_ID");
    vars.remove("WECHATPAY_PUBLIC_KEY_FILE");
    // Inline PEM works as well as a file.
    vars.remove("WECHATPAY_MERCHANT_KEY_FILE");
    vars.insert(
        "WECHATPAY_MERCHANT_KEY",
        vector_file("java_merchant_private_key.pem"),
    );
    let no_key = WechatPay::from_vars(|name| vars.get(name).cloned())
        .await
        .unwrap_err();
    assert!(matches!(no_key, SetupError::NoPlatformKey), "{no_key}");

    vars.insert("WECHATPAY_DOWNLOAD_CERTIFICATES", "1".to_owned());
    let pay = WechatPay::from_vars(|name| vars.get(name).cloned())
        .await
        .unwrap();
    assert_eq!(
        pay.notifications.platform_keys().ids(),
        vec![PLATFORM_SERIAL.to_owned()]
    );
}

#[tokio::test]
async fn missing_and_bad_values_are_named() {
    let mut vars = vars("http://127.0.0.1:9");
    vars.remove("WECHATPAY_MCHID");
    let err = WechatPay::from_vars(|name| vars.get(name).cloned())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "environment variable WECHATPAY_MCHID: not set"
    );

    let mut vars = self::vars("http://127.0.0.1:9");
    vars.insert("WECHATPAY_APIV3_KEY", "too-short".to_owned());
    let err = WechatPay::from_vars(|name| vars.get(name).cloned())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "apiv3 key: must be exactly 32 bytes, got 9"
    );
}
