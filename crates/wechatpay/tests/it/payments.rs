//! Payments end to end: client → simulator → notification → our parser.

use paddock_wechatpay::model::TradeState;
use paddock_wechatpay::{Error, Event, PlatformCertificate};

use crate::harness::Harness;
use crate::support::vector_file;

#[tokio::test]
async fn prepay_pay_notify_query() {
    let h = Harness::start().await;
    let params = h
        .client
        .prepare_mini_program_payment(&h.order("PDK20261125001", 12_800))
        .await
        .unwrap();
    assert!(params.package.starts_with("prepay_id=wx"));
    assert_eq!(params.sign_type, "RSA");
    // The mini program's paySign verifies with the merchant certificate over the documented message.
    let merchant =
        PlatformCertificate::from_pem(&vector_file("java_merchant_certificate.pem")).unwrap();
    let message = format!(
        "{}\n{}\n{}\n{}\n",
        crate::harness::APPID,
        params.time_stamp,
        params.nonce_str,
        params.package
    );
    assert!(
        merchant
            .public_key
            .verify_base64(message.as_bytes(), &params.pay_sign)
    );

    let before = h.client.query_order("PDK20261125001").await.unwrap();
    assert_eq!(before.trade_state, TradeState::Notpay);
    assert_eq!(before.transaction_id, None);

    h.sim.pay("PDK20261125001").unwrap();
    h.settle().await;

    let accepted = h.receiver.accepted();
    assert_eq!(accepted.len(), 1, "rejected: {:?}", h.receiver.rejected());
    assert_eq!(accepted[0].event_type, "TRANSACTION.SUCCESS");
    let Event::Payment(paid) = &accepted[0].event else {
        panic!("expected a payment event, got {:?}", accepted[0].event)
    };
    assert_eq!(paid.out_trade_no, "PDK20261125001");
    assert_eq!(paid.trade_state, TradeState::Success);
    assert_eq!(paid.amount.as_ref().and_then(|a| a.total), Some(12_800));
    assert_eq!(paid.attach.as_deref(), Some("booking:42"));

    let after = h.client.query_order("PDK20261125001").await.unwrap();
    assert_eq!(after.trade_state, TradeState::Success);
    assert_eq!(after.transaction_id, paid.transaction_id);
}

#[tokio::test]
async fn repeated_prepay_returns_the_same_prepay_id() {
    let h = Harness::start().await;
    let order = h.order("PDK20261125002", 100);
    let first = h.client.jsapi_prepay(&order).await.unwrap();
    assert_eq!(h.client.jsapi_prepay(&order).await.unwrap(), first);
    let changed = paddock_wechatpay::model::JsapiOrder {
        total_fen: 200,
        ..order
    };
    let err = h.client.jsapi_prepay(&changed).await.unwrap_err();
    assert_eq!(err.code(), Some("INVALID_REQUEST"));
}

#[tokio::test]
async fn failed_payment_is_seen_by_query_and_not_notified() {
    let h = Harness::start().await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125003", 100))
        .await
        .unwrap();
    h.sim.fail("PDK20261125003", "余额不足").unwrap();
    let t = h.client.query_order("PDK20261125003").await.unwrap();
    assert_eq!(t.trade_state, TradeState::Payerror);
    assert_eq!(t.trade_state_desc, "余额不足");
    assert!(!t.trade_state.is_paid());
    h.settle().await;
    assert!(h.sim.deliveries().is_empty());
}

#[tokio::test]
async fn close_unpaid_order_and_refuse_to_close_a_paid_one() {
    let h = Harness::start().await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125004", 100))
        .await
        .unwrap();
    h.client.close_order("PDK20261125004").await.unwrap();
    // Closing twice is fine, which is why close is retried.
    h.client.close_order("PDK20261125004").await.unwrap();
    assert_eq!(
        h.client
            .query_order("PDK20261125004")
            .await
            .unwrap()
            .trade_state,
        TradeState::Closed
    );
    assert!(h.sim.pay("PDK20261125004").is_err());

    h.client
        .jsapi_prepay(&h.order("PDK20261125005", 100))
        .await
        .unwrap();
    h.sim.pay("PDK20261125005").unwrap();
    let err = h.client.close_order("PDK20261125005").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 400, code, .. } if code == "ORDERPAID"),
        "{err}"
    );
    h.settle().await;
}

#[tokio::test]
async fn unknown_order_is_a_typed_wechat_error() {
    let h = Harness::start().await;
    let err = h.client.query_order("PDK20990101000").await.unwrap_err();
    let Error::Api {
        status,
        code,
        message,
        request_id,
    } = err
    else {
        panic!("expected an api error, got {err:?}")
    };
    assert_eq!((status, code.as_str()), (404, "ORDER_NOT_EXIST"));
    assert!(message.contains("PDK20990101000"));
    assert!(request_id.is_some());
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let h = Harness::start().await;
    let zero = paddock_wechatpay::model::JsapiOrder {
        total_fen: 0,
        ..h.order("PDK20261125006", 1)
    };
    assert!(matches!(
        h.client.jsapi_prepay(&zero).await,
        Err(Error::InvalidRequest {
            field: "total_fen",
            ..
        })
    ));
    let slash = h.order("PDK/../../x", 100);
    assert!(matches!(
        h.client.jsapi_prepay(&slash).await,
        Err(Error::InvalidRequest {
            field: "out_trade_no",
            ..
        })
    ));
    assert!(matches!(
        h.client.query_order("a b").await,
        Err(Error::InvalidRequest { .. })
    ));
}

#[tokio::test]
async fn failed_deliveries_are_retried_until_accepted() {
    let h = Harness::start().await;
    h.receiver
        .fail_first
        .store(2, std::sync::atomic::Ordering::SeqCst);
    h.client
        .jsapi_prepay(&h.order("PDK20261125007", 300))
        .await
        .unwrap();
    h.sim.pay("PDK20261125007").unwrap();
    h.settle().await;
    let deliveries = h.sim.deliveries();
    let summary: Vec<(u32, Option<u16>, bool)> = deliveries
        .iter()
        .map(|d| (d.attempt, d.status, d.accepted))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, Some(503), false),
            (2, Some(503), false),
            (3, Some(204), true)
        ]
    );
    assert_eq!(h.receiver.accepted().len(), 1);
}

#[tokio::test]
async fn duplicates_on_demand_carry_the_same_notification_id() {
    let h = Harness::start().await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125008", 300))
        .await
        .unwrap();
    h.sim.pay_with_duplicates("PDK20261125008", 2).unwrap();
    h.settle().await;
    let accepted = h.receiver.accepted();
    assert_eq!(accepted.len(), 3);
    assert!(accepted.iter().all(|n| n.id == accepted[0].id));
}

#[tokio::test]
async fn demo_control_routes_drive_the_payer_side() {
    let h = Harness::start().await;
    h.client
        .jsapi_prepay(&h.order("PDK20261125009", 300))
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let paid = http
        .post(format!(
            "{}/sim/orders/PDK20261125009/pay?duplicates=1",
            h.sim.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 200);
    h.settle().await;
    assert_eq!(h.receiver.accepted().len(), 2);
    let deliveries = http
        .get(format!("{}/sim/deliveries", h.sim.base_url()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let deliveries: serde_json::Value = serde_json::from_slice(&deliveries).unwrap();
    assert_eq!(deliveries[0]["accepted"], true);
}
