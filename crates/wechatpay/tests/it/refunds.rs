//! Refunds end to end.

use paddock_wechatpay::model::{
    CreateRefundRequest, RefundAmountRequest, RefundStatus, TradeState,
};
use paddock_wechatpay::{Error, Event};

use crate::harness::Harness;

fn refund(
    out_trade_no: &str,
    out_refund_no: &str,
    refund: i64,
    total: i64,
    notify_url: Option<String>,
) -> CreateRefundRequest {
    CreateRefundRequest {
        transaction_id: None,
        out_trade_no: Some(out_trade_no.to_owned()),
        out_refund_no: out_refund_no.to_owned(),
        reason: Some("lesson cancelled".to_owned()),
        notify_url,
        amount: RefundAmountRequest {
            refund,
            total,
            currency: "CNY".to_owned(),
        },
    }
}

async fn paid_order(h: &Harness, out_trade_no: &str, total: i64) {
    h.client
        .jsapi_prepay(&h.order(out_trade_no, total))
        .await
        .unwrap();
    h.sim.pay(out_trade_no).unwrap();
    h.settle().await;
}

#[tokio::test]
async fn refund_create_settle_notify_query() {
    let h = Harness::start().await;
    paid_order(&h, "PDK20261125101", 10_000).await;

    let created = h
        .client
        .create_refund(&refund(
            "PDK20261125101",
            "RF20261125101",
            4_000,
            10_000,
            Some(h.receiver.url()),
        ))
        .await
        .unwrap();
    assert_eq!(created.status, RefundStatus::Processing);
    assert_eq!(created.amount.refund, 4_000);
    // Same out_refund_no: the same refund, not a second one.
    let again = h
        .client
        .create_refund(&refund(
            "PDK20261125101",
            "RF20261125101",
            4_000,
            10_000,
            Some(h.receiver.url()),
        ))
        .await
        .unwrap();
    assert_eq!(again.refund_id, created.refund_id);
    assert_eq!(
        h.client
            .query_order("PDK20261125101")
            .await
            .unwrap()
            .trade_state,
        TradeState::Refund
    );

    h.sim
        .settle_refund("RF20261125101", RefundStatus::Success)
        .unwrap();
    h.settle().await;
    let refund_events: Vec<_> = h
        .receiver
        .accepted()
        .into_iter()
        .filter_map(|n| match n.event {
            Event::Refund(r) => Some((n.event_type, r)),
            _ => None,
        })
        .collect();
    assert_eq!(refund_events.len(), 1);
    assert_eq!(refund_events[0].0, "REFUND.SUCCESS");
    assert_eq!(refund_events[0].1.refund_status, RefundStatus::Success);
    assert_eq!(refund_events[0].1.amount.refund, 4_000);
    assert_eq!(refund_events[0].1.out_refund_no, "RF20261125101");

    let queried = h.client.query_refund("RF20261125101").await.unwrap();
    assert_eq!(queried.status, RefundStatus::Success);
    assert!(queried.success_time.is_some());
}

#[tokio::test]
async fn over_refund_and_unpaid_refund_are_refused() {
    let h = Harness::start().await;
    paid_order(&h, "PDK20261125102", 1_000).await;
    h.client
        .create_refund(&refund(
            "PDK20261125102",
            "RF20261125102A",
            800,
            1_000,
            None,
        ))
        .await
        .unwrap();
    let err = h
        .client
        .create_refund(&refund(
            "PDK20261125102",
            "RF20261125102B",
            300,
            1_000,
            None,
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NOT_ENOUGH"));
    // More than the total is caught before sending.
    assert!(matches!(
        h.client
            .create_refund(&refund(
                "PDK20261125102",
                "RF20261125102C",
                1_001,
                1_000,
                None
            ))
            .await,
        Err(Error::InvalidRequest {
            field: "amount.refund",
            ..
        })
    ));

    h.client
        .jsapi_prepay(&h.order("PDK20261125103", 1_000))
        .await
        .unwrap();
    let err = h
        .client
        .create_refund(&refund("PDK20261125103", "RF20261125103", 100, 1_000, None))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("INVALID_REQUEST"));
}

#[tokio::test]
async fn abnormal_refund_is_notified_and_frees_the_amount() {
    let h = Harness::start().await;
    paid_order(&h, "PDK20261125104", 1_000).await;
    h.client
        .create_refund(&refund(
            "PDK20261125104",
            "RF20261125104A",
            1_000,
            1_000,
            None,
        ))
        .await
        .unwrap();
    h.sim
        .settle_refund("RF20261125104A", RefundStatus::Abnormal)
        .unwrap();
    h.settle().await;
    // Without a refund notify_url the order's is used.
    let last = h.receiver.accepted().pop().unwrap();
    assert_eq!(last.event_type, "REFUND.ABNORMAL");
    assert_eq!(
        h.client
            .query_refund("RF20261125104A")
            .await
            .unwrap()
            .status,
        RefundStatus::Abnormal
    );
    // The amount can be refunded again under a new number.
    h.client
        .create_refund(&refund(
            "PDK20261125104",
            "RF20261125104B",
            1_000,
            1_000,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(
        h.client
            .query_refund("RF20261125999")
            .await
            .unwrap_err()
            .code(),
        Some("RESOURCE_NOT_EXISTS")
    );
}
