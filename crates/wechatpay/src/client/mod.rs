//! The WeChat Pay API v3 client: the calls Paddock needs, each signed with the merchant key and
//! each answer verified against [`PlatformKeys`] before it is decoded.

mod certificates;
mod error;
mod transport;
mod validate;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;

pub use error::Error;
use transport::Retry;

use crate::clock::{Clock, SystemClock};
use crate::model::{
    CreateRefundRequest, JsapiOrder, JsapiPrepayRequest, OrderAmount, Payer, PrepayResponse,
    Refund, Transaction,
};
use crate::paysign::{MiniProgramPayParams, mini_program_pay_params};
use crate::platform::PlatformKeys;
use crate::signature::{MerchantSigner, new_nonce};

/// The production API host.
pub const DEFAULT_BASE_URL: &str = "https://api.mch.weixin.qq.com";

/// How to build a [`Client`]. Start from [`ClientConfig::new`] and change what you need.
#[derive(Debug)]
pub struct ClientConfig {
    /// API host without trailing slash; tests point this at the simulator.
    pub base_url: String,
    /// The mini program's app id (`appid`).
    pub appid: String,
    /// The merchant id, certificate serial and private key that sign requests.
    pub signer: MerchantSigner,
    /// The WeChat Pay keys answers must be signed with.
    pub keys: Arc<PlatformKeys>,
    /// Time source for request timestamps and the answer timestamp window.
    pub clock: Arc<dyn Clock>,
    /// Per-attempt timeout.
    pub timeout: Duration,
    /// Extra attempts for calls that may be repeated.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub retry_backoff: Duration,
}

impl ClientConfig {
    /// Production defaults: the real API host, the system clock, 10 s timeout, 2 retries.
    pub fn new(appid: impl Into<String>, signer: MerchantSigner, keys: Arc<PlatformKeys>) -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            appid: appid.into(),
            signer,
            keys,
            clock: Arc::new(SystemClock),
            timeout: transport::DEFAULT_TIMEOUT,
            retries: 2,
            retry_backoff: Duration::from_millis(200),
        }
    }
}

/// A WeChat Pay API v3 client for one merchant and one mini program.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    appid: String,
    signer: MerchantSigner,
    keys: Arc<PlatformKeys>,
    clock: Arc<dyn Clock>,
    retries: u32,
    retry_backoff: Duration,
}

impl Client {
    /// Builds the client (and its connection pool).
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        // reqwest is built without a default TLS crypto provider so that no C toolchain is
        // needed; ring is the one we use. `install_default` fails only if a provider is already
        // installed for the process, in which case that one serves just as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .user_agent(concat!("paddock-wechatpay/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Build(e.to_string()))?;
        Ok(Self {
            http,
            base_url: config.base_url.trim_end_matches('/').to_owned(),
            appid: config.appid,
            signer: config.signer,
            keys: config.keys,
            clock: config.clock,
            retries: config.retries,
            retry_backoff: config.retry_backoff,
        })
    }

    /// The trusted WeChat Pay keys; add or remove keys here when certificates rotate.
    pub fn platform_keys(&self) -> &Arc<PlatformKeys> {
        &self.keys
    }

    /// The merchant id requests are signed for.
    pub fn mchid(&self) -> &str {
        &self.signer.mchid
    }

    /// `POST /v3/pay/transactions/jsapi`: creates the order and returns its `prepay_id`.
    pub async fn jsapi_prepay(&self, order: &JsapiOrder) -> Result<String, Error> {
        validate::out_no("out_trade_no", &order.out_trade_no, 6, 32)?;
        validate::positive_fen("total_fen", order.total_fen)?;
        validate::max_bytes("description", &order.description, 127)?;
        validate::max_bytes("payer_openid", &order.payer_openid, 128)?;
        if let Some(attach) = &order.attach {
            validate::max_bytes("attach", attach, 128)?;
        }
        if !order.notify_url.starts_with("http") || order.notify_url.contains('?') {
            return Err(validate::invalid(
                "notify_url",
                format!(
                    "{:?} must be an http(s) url without query",
                    order.notify_url
                ),
            ));
        }
        let request = JsapiPrepayRequest {
            appid: self.appid.clone(),
            mchid: self.signer.mchid.clone(),
            description: order.description.clone(),
            out_trade_no: order.out_trade_no.clone(),
            time_expire: order.time_expire.clone(),
            attach: order.attach.clone(),
            notify_url: order.notify_url.clone(),
            amount: OrderAmount {
                total: order.total_fen,
                currency: Some("CNY".to_owned()),
            },
            payer: Payer {
                openid: order.payer_openid.clone(),
            },
        };
        let body = encode(&request)?;
        let answer: PrepayResponse = self
            .call_json(
                Method::POST,
                "/v3/pay/transactions/jsapi",
                Some(body),
                Retry::IfNotSent,
                "jsapi prepay",
            )
            .await?;
        Ok(answer.prepay_id)
    }

    /// The signed parameters the mini program passes to `wx.requestPayment` for `prepay_id`.
    pub fn mini_program_pay_params(&self, prepay_id: &str) -> Result<MiniProgramPayParams, Error> {
        let timestamp = self.clock.now().timestamp();
        Ok(mini_program_pay_params(
            &self.signer.key,
            &self.appid,
            prepay_id,
            timestamp,
            &new_nonce(),
        )?)
    }

    /// Prepay, then sign the pay parameters: everything a mini-program checkout needs.
    pub async fn prepare_mini_program_payment(
        &self,
        order: &JsapiOrder,
    ) -> Result<MiniProgramPayParams, Error> {
        let prepay_id = self.jsapi_prepay(order).await?;
        self.mini_program_pay_params(&prepay_id)
    }

    /// `GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=…`.
    pub async fn query_order(&self, out_trade_no: &str) -> Result<Transaction, Error> {
        validate::out_no("out_trade_no", out_trade_no, 6, 32)?;
        let path = format!(
            "/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={}",
            self.signer.mchid
        );
        self.call_json(Method::GET, &path, None, Retry::Idempotent, "query order")
            .await
    }

    /// `POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close`. Closing twice is
    /// harmless, so this call is retried.
    pub async fn close_order(&self, out_trade_no: &str) -> Result<(), Error> {
        validate::out_no("out_trade_no", out_trade_no, 6, 32)?;
        let path = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}/close");
        let body = encode(&serde_json::json!({ "mchid": self.signer.mchid }))?;
        self.call(Method::POST, &path, Some(body), Retry::Idempotent)
            .await?;
        Ok(())
    }

    /// `POST /v3/refund/domestic/refunds`. WeChat Pay refunds once per `out_refund_no` and asks
    /// for a retry with the same number on SYSTEM_ERROR, so this call is retried.
    pub async fn create_refund(&self, request: &CreateRefundRequest) -> Result<Refund, Error> {
        validate::out_no("out_refund_no", &request.out_refund_no, 1, 64)?;
        match (&request.transaction_id, &request.out_trade_no) {
            (Some(_), None) => {}
            (None, Some(out_trade_no)) => validate::out_no("out_trade_no", out_trade_no, 6, 32)?,
            _ => {
                return Err(validate::invalid(
                    "transaction_id",
                    "exactly one of transaction_id and out_trade_no must be set".to_owned(),
                ));
            }
        }
        validate::positive_fen("amount.refund", request.amount.refund)?;
        validate::positive_fen("amount.total", request.amount.total)?;
        if request.amount.refund > request.amount.total {
            return Err(validate::invalid(
                "amount.refund",
                format!(
                    "{} fen exceeds the order total {} fen",
                    request.amount.refund, request.amount.total
                ),
            ));
        }
        let body = encode(request)?;
        self.call_json(
            Method::POST,
            "/v3/refund/domestic/refunds",
            Some(body),
            Retry::Idempotent,
            "create refund",
        )
        .await
    }

    /// `GET /v3/refund/domestic/refunds/{out_refund_no}`.
    pub async fn query_refund(&self, out_refund_no: &str) -> Result<Refund, Error> {
        validate::out_no("out_refund_no", out_refund_no, 1, 64)?;
        let path = format!("/v3/refund/domestic/refunds/{out_refund_no}");
        self.call_json(Method::GET, &path, None, Retry::Idempotent, "query refund")
            .await
    }

    async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        retry: Retry,
        endpoint: &'static str,
    ) -> Result<T, Error> {
        let bytes = self.call(method, path, body, retry).await?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
            endpoint,
            reason: e.to_string(),
        })
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| validate::invalid("body", e.to_string()))
}
