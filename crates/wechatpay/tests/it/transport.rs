//! The client's transport against hand-made servers: recorded answers, retries, timeouts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::DateTime;
use paddock_wechatpay::{Client, Error, FixedClock, PlatformKeys, VerifyError};

use crate::harness;
use crate::support::{field, vectors};

/// Serves `answer` on every path and counts requests.
async fn serve(
    answer: impl Fn() -> axum::response::Response + Clone + Send + Sync + 'static,
) -> (String, Arc<AtomicU32>, tokio::sync::oneshot::Sender<()>) {
    let hits = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&hits);
    let handler = move || {
        let answer = answer.clone();
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            answer()
        }
    };
    let app = axum::Router::new().fallback(handler);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
    });
    (format!("http://{addr}"), hits, shutdown)
}

/// The documented signed response, replayed by a server: accepted at its own time (and then
/// decoded, which fails because it is not a transaction), refused as expired today.
#[tokio::test]
async fn recorded_documentation_response_goes_through_the_real_verification_path() {
    let all = vectors();
    let v = all["doc_response_verify"].clone();
    let recorded = v.clone();
    let (url, _hits, _stop) = serve(move || {
        (
            StatusCode::OK,
            [
                (
                    "Wechatpay-Timestamp",
                    field(&recorded, "Wechatpay-Timestamp").to_owned(),
                ),
                (
                    "Wechatpay-Nonce",
                    field(&recorded, "Wechatpay-Nonce").to_owned(),
                ),
                (
                    "Wechatpay-Signature",
                    field(&recorded, "Wechatpay-Signature").to_owned(),
                ),
                ("Wechatpay-Serial", "PUB_KEY_ID_DOC".to_owned()),
            ],
            field(&recorded, "body").to_owned(),
        )
            .into_response()
    })
    .await;
    let keys = PlatformKeys::new();
    keys.add_public_key_pem("PUB_KEY_ID_DOC", field(&v, "wechatpay_public_key_pem"))
        .unwrap();
    let keys = Arc::new(keys);

    let mut config = harness::client_config(url.clone(), Arc::clone(&keys));
    let then =
        DateTime::from_timestamp(field(&v, "Wechatpay-Timestamp").parse().unwrap(), 0).unwrap();
    config.clock = Arc::new(FixedClock(then));
    let at_the_time = Client::new(config).unwrap();
    let err = at_the_time.query_order("PDK20261125301").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                endpoint: "query order",
                ..
            }
        ),
        "{err}"
    );

    let today = Client::new(harness::client_config(url, keys)).unwrap();
    let err = today.query_order("PDK20261125301").await.unwrap_err();
    assert!(
        matches!(err, Error::Verify(VerifyError::Expired { .. })),
        "{err}"
    );
}

#[tokio::test]
async fn unsigned_success_is_not_trusted() {
    let (url, _hits, _stop) =
        serve(|| (StatusCode::OK, r#"{"prepay_id":"wx-forged"}"#).into_response()).await;
    let client = Client::new(harness::client_config(url, harness::cert_keys())).unwrap();
    let err = client.jsapi_prepay(&order()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Verify(VerifyError::MissingHeader("Wechatpay-Timestamp"))
        ),
        "{err}"
    );
}

fn order() -> paddock_wechatpay::model::JsapiOrder {
    paddock_wechatpay::model::JsapiOrder {
        description: "lesson".to_owned(),
        out_trade_no: "PDK20261125300".to_owned(),
        total_fen: 100,
        payer_openid: "openid".to_owned(),
        notify_url: "https://example.invalid/notify".to_owned(),
        attach: None,
        time_expire: None,
    }
}

#[tokio::test]
async fn system_errors_are_retried_only_for_idempotent_calls() {
    let busy = || {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"code":"SYSTEM_ERROR","message":"busy"}"#,
        )
            .into_response()
    };
    let (url, hits, _stop) = serve(busy).await;
    let client = Client::new(harness::client_config(url, harness::cert_keys())).unwrap();

    let err = client.query_order("PDK20261125302").await.unwrap_err();
    assert_eq!(err.code(), Some("SYSTEM_ERROR"));
    assert_eq!(
        hits.swap(0, Ordering::SeqCst),
        3,
        "a query is tried 1 + 2 times"
    );

    let err = client.jsapi_prepay(&order()).await.unwrap_err();
    assert_eq!(err.code(), Some("SYSTEM_ERROR"));
    assert_eq!(
        hits.swap(0, Ordering::SeqCst),
        1,
        "a prepay that reached the server is not repeated"
    );

    client.close_order("PDK20261125302").await.unwrap_err();
    assert_eq!(hits.swap(0, Ordering::SeqCst), 3, "close is idempotent");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (url, hits, _stop) = serve(|| {
        (
            StatusCode::BAD_REQUEST,
            r#"{"code":"PARAM_ERROR","message":"no"}"#,
        )
            .into_response()
    })
    .await;
    let client = Client::new(harness::client_config(url, harness::cert_keys())).unwrap();
    assert_eq!(
        client
            .query_order("PDK20261125303")
            .await
            .unwrap_err()
            .code(),
        Some("PARAM_ERROR")
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn slow_answers_time_out() {
    let slow = axum::Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "late"
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, slow).await;
    });
    let mut config = harness::client_config(format!("http://{addr}"), harness::cert_keys());
    config.timeout = Duration::from_millis(200);
    config.retries = 1;
    let client = Client::new(config).unwrap();
    let started = std::time::Instant::now();
    assert!(matches!(
        client.query_order("PDK20261125304").await,
        Err(Error::Timeout)
    ));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind then drop a listener to get a port nobody listens on.
    let addr = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::new(harness::client_config(
        format!("http://{addr}"),
        harness::cert_keys(),
    ))
    .unwrap();
    let err = client.jsapi_prepay(&order()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err}");
}
