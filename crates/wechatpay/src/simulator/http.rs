//! The simulator's HTTP face: the v3 endpoints Paddock uses, with request signature checks and
//! signed answers, plus unauthenticated `/sim/…` control routes for the demo.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::{Shared, SimError};
use crate::model::{CreateRefundRequest, JsapiPrepayRequest, PrepayResponse, RefundStatus};
use crate::signature::{Authorization, MAX_CLOCK_SKEW_SECS, request_message};

type Sim = State<Arc<Shared>>;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v3/pay/transactions/jsapi", post(prepay))
        .route(
            "/v3/pay/transactions/out-trade-no/{out_trade_no}",
            get(query_order),
        )
        .route(
            "/v3/pay/transactions/out-trade-no/{out_trade_no}/close",
            post(close_order),
        )
        .route("/v3/refund/domestic/refunds", post(create_refund))
        .route(
            "/v3/refund/domestic/refunds/{out_refund_no}",
            get(query_refund),
        )
        .route("/v3/certificates", get(certificates))
        .route("/sim/orders/{out_trade_no}/pay", post(sim_pay))
        .route("/sim/orders/{out_trade_no}/fail", post(sim_fail))
        .route(
            "/sim/refunds/{out_refund_no}/{status}",
            post(sim_settle_refund),
        )
        .route("/sim/deliveries", get(sim_deliveries))
        .with_state(shared)
}

/// A request that passed the signature check, with its raw body.
struct Authenticated {
    body: Bytes,
}

impl Shared {
    /// Checks `Authorization` the way WeChat Pay does: scheme, merchant, certificate serial,
    /// timestamp window, and the signature over the path and query exactly as received.
    fn authenticate(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Authenticated, SimError> {
        let sign_error = |message: &str| SimError {
            status: 401,
            code: "SIGN_ERROR",
            message: message.to_owned(),
        };
        let header = headers
            .get("Authorization")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| sign_error("Authorization header is missing"))?;
        let auth = Authorization::parse(header)
            .ok_or_else(|| sign_error("Authorization header is malformed"))?;
        if auth.mchid != self.config.mchid {
            return Err(sign_error("mchid is unknown"));
        }
        if auth.serial_no != self.config.merchant_serial_no {
            return Err(sign_error(
                "serial_no is not the merchant certificate serial",
            ));
        }
        let timestamp: i64 = auth
            .timestamp
            .parse()
            .map_err(|_| sign_error("timestamp is not unix seconds"))?;
        if (self.clock().now().timestamp() - timestamp).abs() >= MAX_CLOCK_SKEW_SECS {
            return Err(sign_error("timestamp is outside the 5-minute window"));
        }
        let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let message = request_message(
            method.as_str(),
            path_and_query,
            timestamp,
            &auth.nonce_str,
            &body,
        );
        if !self
            .config
            .merchant_public_key
            .verify_base64(&message, &auth.signature)
        {
            return Err(sign_error("signature does not verify"));
        }
        Ok(Authenticated { body })
    }

    /// A signed answer, as WeChat Pay sends for successes and errors alike.
    fn reply(&self, status: StatusCode, body: Vec<u8>) -> Response {
        let signed = match self.sign_headers(&body) {
            Ok(signed) => signed,
            Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        };
        let mut builder = Response::builder()
            .status(status)
            .header("Request-ID", crate::signature::new_nonce());
        if !body.is_empty() {
            builder = builder.header("Content-Type", "application/json");
        }
        for (name, value) in signed {
            builder = builder.header(name, value);
        }
        builder
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response())
    }

    fn reply_json<T: Serialize>(&self, status: StatusCode, value: &T) -> Response {
        match serde_json::to_vec(value) {
            Ok(body) => self.reply(status, body),
            Err(e) => self.reply_error(&super::internal(e.to_string())),
        }
    }

    fn reply_error(&self, error: &SimError) -> Response {
        let status =
            StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({ "code": error.code, "message": error.message }).to_string();
        self.reply(status, body.into_bytes())
    }

    fn answer<T: Serialize>(&self, status: StatusCode, result: Result<T, SimError>) -> Response {
        match result {
            Ok(value) => self.reply_json(status, &value),
            Err(e) => self.reply_error(&e),
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, SimError> {
    serde_json::from_slice(body).map_err(|e| SimError {
        status: 400,
        code: "PARAM_ERROR",
        message: format!("body: {e}"),
    })
}

fn query_param<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

async fn prepay(
    State(sim): Sim,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = (|| {
        let request = sim.authenticate(&method, &uri, &headers, body)?;
        let prepay: JsapiPrepayRequest = parse(&request.body)?;
        let now = sim.clock().now();
        let prepay_id = sim
            .books()
            .prepay(&sim.config.mchid, &sim.config.appid, prepay, now)?;
        Ok(PrepayResponse { prepay_id })
    })();
    sim.answer(StatusCode::OK, result)
}

async fn query_order(
    State(sim): Sim,
    Path(out_trade_no): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = (|| {
        sim.authenticate(&method, &uri, &headers, body)?;
        if query_param(&uri, "mchid") != Some(sim.config.mchid.as_str()) {
            return Err(SimError {
                status: 400,
                code: "PARAM_ERROR",
                message: "query parameter mchid is missing or wrong".to_owned(),
            });
        }
        sim.books().transaction(&out_trade_no)
    })();
    sim.answer(StatusCode::OK, result)
}

#[derive(serde::Deserialize)]
struct CloseBody {
    mchid: String,
}

async fn close_order(
    State(sim): Sim,
    Path(out_trade_no): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = (|| {
        let request = sim.authenticate(&method, &uri, &headers, body)?;
        let close: CloseBody = parse(&request.body)?;
        sim.books().close(&close.mchid, &out_trade_no)
    })();
    match result {
        Ok(()) => sim.reply(StatusCode::NO_CONTENT, Vec::new()),
        Err(e) => sim.reply_error(&e),
    }
}

async fn create_refund(
    State(sim): Sim,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = (|| {
        let request = sim.authenticate(&method, &uri, &headers, body)?;
        let refund: CreateRefundRequest = parse(&request.body)?;
        let now = sim.clock().now();
        let refund = sim.books().create_refund(refund, now)?;
        Ok(refund)
    })();
    if let (Ok(refund), true) = (&result, sim.config.auto_settle_refunds) {
        // The answer still says PROCESSING, as WeChat's does; the notification follows.
        if let Err(e) = sim.settle_refund(&refund.out_refund_no, RefundStatus::Success) {
            tracing::warn!(error = %e, "simulator could not auto-settle a refund");
        }
    }
    sim.answer(StatusCode::OK, result)
}

async fn query_refund(
    State(sim): Sim,
    Path(out_refund_no): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = (|| {
        sim.authenticate(&method, &uri, &headers, body)?;
        Ok(sim.books().refund(&out_refund_no)?.refund.clone())
    })();
    sim.answer(StatusCode::OK, result)
}

async fn certificates(
    State(sim): Sim,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = (|| {
        sim.authenticate(&method, &uri, &headers, body)?;
        let pems = sim
            .certificates
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut data = Vec::new();
        for pem in pems {
            let certificate = crate::platform::PlatformCertificate::from_pem(&pem)
                .map_err(|e| super::internal(e.to_string()))?;
            let nonce: String = crate::signature::new_nonce().chars().take(12).collect();
            let ciphertext = crate::aead::encrypt(
                &sim.config.api_v3_key,
                &nonce,
                "certificate",
                pem.as_bytes(),
            )
            .map_err(|e| super::internal(e.to_string()))?;
            data.push(serde_json::json!({
                "serial_no": certificate.serial_no,
                "effective_time": "2022-05-10T10:04:30+08:00",
                "expire_time": "2030-05-09T10:04:30+08:00",
                "encrypt_certificate": {
                    "algorithm": crate::aead::ALGORITHM,
                    "nonce": nonce,
                    "associated_data": "certificate",
                    "ciphertext": ciphertext,
                },
            }));
        }
        Ok(serde_json::json!({ "data": data }))
    })();
    sim.answer(StatusCode::OK, result)
}

// Control routes for the demo: what the payer (or WeChat's back office) does. Not signed,
// not part of WeChat Pay.

fn control<T: Serialize>(result: Result<T, SimError>) -> Response {
    match result {
        Ok(value) => axum::Json(value).into_response(),
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                axum::Json(serde_json::json!({ "code": e.code, "message": e.message })),
            )
                .into_response()
        }
    }
}

/// `POST /sim/orders/{out_trade_no}/pay[?duplicates=N]`.
async fn sim_pay(State(sim): Sim, Path(out_trade_no): Path<String>, uri: Uri) -> Response {
    let duplicates = query_param(&uri, "duplicates")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    control(sim.pay(&out_trade_no, duplicates))
}

async fn sim_fail(State(sim): Sim, Path(out_trade_no): Path<String>) -> Response {
    control(sim.books().fail(&out_trade_no, "支付失败，请重新下单支付"))
}

async fn sim_settle_refund(
    State(sim): Sim,
    Path((out_refund_no, status)): Path<(String, String)>,
) -> Response {
    let status = match status.to_ascii_uppercase().as_str() {
        "SUCCESS" => RefundStatus::Success,
        "ABNORMAL" => RefundStatus::Abnormal,
        "CLOSED" => RefundStatus::Closed,
        _ => {
            return control::<()>(Err(SimError {
                status: 400,
                code: "PARAM_ERROR",
                message: format!("refund status {status:?} must be success, abnormal or closed"),
            }));
        }
    };
    control(
        sim.settle_refund(&out_refund_no, status)
            .map(|()| serde_json::json!({ "status": status })),
    )
}

async fn sim_deliveries(State(sim): Sim) -> Response {
    let deliveries = sim
        .deliveries
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    axum::Json(deliveries).into_response()
}
