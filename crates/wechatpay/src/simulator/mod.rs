//! A local WeChat Pay speaking the same API v3 protocol, for tests and the service's demo mode.
//!
//! It checks the merchant's request signatures, keeps orders and refunds in memory, signs every
//! answer with **its own** platform key, and sends notifications encrypted with the APIv3 key
//! and signed with that key, retrying until the merchant answers 200/204. Tests and the demo
//! drive the payer's side through [`Simulator::pay`], [`Simulator::fail`] and
//! [`Simulator::settle_refund`] (or the unauthenticated `/sim/…` HTTP routes, which is why it
//! binds to localhost by default).
//!
//! What it does not model: the payer's UI, coupons, partial payer amounts, bill downloads, and the real retry schedule (15 s, 15 s, 30 s, 3 min, …, which tests
//! replace with milliseconds through [`SimulatorConfig::notify_retry_delays`]).

mod http;
mod notifier;
mod state;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

pub use notifier::Delivery;
pub use state::SimError;

use crate::clock::{Clock, SystemClock};
use crate::model::{RefundStatus, Transaction};
use crate::platform::PlatformPublicKey;
use crate::secret::{ApiV3Key, MerchantKey, SignError};
use crate::signature::new_nonce;

/// What the simulator needs to know about the one merchant it serves, and its own keys.
#[derive(Debug)]
pub struct SimulatorConfig {
    /// The merchant id it accepts.
    pub mchid: String,
    /// The app id orders must carry; empty accepts any.
    pub appid: String,
    /// The serial the merchant signs with (`serial_no` in `Authorization`).
    pub merchant_serial_no: String,
    /// The merchant's public key, to check request signatures.
    pub merchant_public_key: PlatformPublicKey,
    /// The simulator's own platform private key; answers and notifications are signed with it.
    pub platform_key: MerchantKey,
    /// The id sent in `Wechatpay-Serial`: a certificate serial or a `PUB_KEY_ID_…`.
    pub platform_serial: String,
    /// The merchant's APIv3 key, to encrypt notification resources.
    pub api_v3_key: ApiV3Key,
    /// Waits between notification retries; the length is the number of retries.
    pub notify_retry_delays: Vec<Duration>,
    /// The simulator's clock (skew it to produce stale signatures).
    pub clock: Arc<dyn Clock>,
    /// Settle every refund as SUCCESS right after creating it (convenient for demos).
    pub auto_settle_refunds: bool,
    /// PEM platform certificates served by `GET /v3/certificates` (certificate mode).
    pub platform_certificates: Vec<String>,
}

impl SimulatorConfig {
    /// Defaults for tests: system clock, three retries 50 ms apart, refunds settled by hand.
    pub fn new(
        mchid: impl Into<String>,
        merchant_serial_no: impl Into<String>,
        merchant_public_key: PlatformPublicKey,
        platform_key: MerchantKey,
        platform_serial: impl Into<String>,
        api_v3_key: ApiV3Key,
    ) -> Self {
        Self {
            mchid: mchid.into(),
            appid: String::new(),
            merchant_serial_no: merchant_serial_no.into(),
            merchant_public_key,
            platform_key,
            platform_serial: platform_serial.into(),
            api_v3_key,
            notify_retry_delays: vec![Duration::from_millis(50); 3],
            clock: Arc::new(SystemClock),
            auto_settle_refunds: false,
            platform_certificates: Vec::new(),
        }
    }
}

/// The configuration minus the platform key, which lives in `Shared::signing` so it can rotate.
#[derive(Debug)]
pub(crate) struct Settings {
    mchid: String,
    appid: String,
    merchant_serial_no: String,
    merchant_public_key: PlatformPublicKey,
    api_v3_key: ApiV3Key,
    notify_retry_delays: Vec<Duration>,
    clock: Arc<dyn Clock>,
    auto_settle_refunds: bool,
}

/// State shared by the HTTP handlers, the control methods and the delivery tasks.
///
/// Std mutexes: every critical section is a few map operations and none spans an await.
#[derive(Debug)]
pub(crate) struct Shared {
    config: Settings,
    signing: RwLock<(Arc<MerchantKey>, String)>,
    certificates: RwLock<Vec<String>>,
    books: Mutex<state::Books>,
    deliveries: Mutex<Vec<Delivery>>,
    pending: AtomicUsize,
    delivered: tokio::sync::Notify,
    http: reqwest::Client,
}

impl Shared {
    fn clock(&self) -> &dyn Clock {
        &*self.config.clock
    }

    fn books(&self) -> std::sync::MutexGuard<'_, state::Books> {
        self.books.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The `Wechatpay-*` headers over `body`, signed with the current platform key.
    pub(crate) fn sign_headers(
        &self,
        body: &[u8],
    ) -> Result<Vec<(&'static str, String)>, SignError> {
        let (key, serial) = self
            .signing
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let timestamp = self.clock().now().timestamp().to_string();
        let nonce = new_nonce();
        let message = crate::signature::wechatpay_message(&timestamp, &nonce, body);
        let signature = key.sign_base64(&message)?;
        Ok(vec![
            ("Wechatpay-Timestamp", timestamp),
            ("Wechatpay-Nonce", nonce),
            ("Wechatpay-Signature", signature),
            ("Wechatpay-Serial", serial),
        ])
    }

    /// Marks the order paid and queues `TRANSACTION.SUCCESS` (plus `duplicates` copies).
    fn pay(self: &Arc<Self>, out_trade_no: &str, duplicates: u32) -> Result<Transaction, SimError> {
        let (transaction, url) = {
            let mut books = self.books();
            let transaction = books.pay(out_trade_no, self.clock().now())?;
            let url = books.order(out_trade_no)?.request.notify_url.clone();
            (transaction, url)
        };
        let outgoing = self
            .build_notification(
                url,
                "TRANSACTION.SUCCESS",
                "支付成功",
                "transaction",
                &transaction,
            )
            .map_err(internal)?;
        self.dispatch(outgoing, duplicates);
        Ok(transaction)
    }

    /// Settles a refund and queues its notification.
    fn settle_refund(
        self: &Arc<Self>,
        out_refund_no: &str,
        status: RefundStatus,
    ) -> Result<(), SimError> {
        let (notice, url) =
            self.books()
                .settle_refund(out_refund_no, status, self.clock().now())?;
        let Some(url) = url else {
            return Ok(());
        };
        let (event_type, summary) = match status {
            RefundStatus::Success => ("REFUND.SUCCESS", "退款成功"),
            RefundStatus::Closed => ("REFUND.CLOSED", "退款关闭"),
            _ => ("REFUND.ABNORMAL", "退款异常"),
        };
        let outgoing = self
            .build_notification(url, event_type, summary, "refund", &notice)
            .map_err(internal)?;
        self.dispatch(outgoing, 0);
        Ok(())
    }
}

fn internal(message: String) -> SimError {
    SimError {
        status: 500,
        code: "SYSTEM_ERROR",
        message,
    }
}

/// A running simulator. Dropping it stops the server.
#[derive(Debug)]
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Simulator {
    /// Starts serving on `127.0.0.1` at a free port.
    pub async fn start(config: SimulatorConfig) -> std::io::Result<Self> {
        Self::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts serving on `addr`.
    pub async fn start_on(config: SimulatorConfig, addr: SocketAddr) -> std::io::Result<Self> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(std::io::Error::other)?;
        let SimulatorConfig {
            mchid,
            appid,
            merchant_serial_no,
            merchant_public_key,
            platform_key,
            platform_serial,
            api_v3_key,
            notify_retry_delays,
            clock,
            auto_settle_refunds,
            platform_certificates,
        } = config;
        let shared = Arc::new(Shared {
            signing: RwLock::new((Arc::new(platform_key), platform_serial)),
            certificates: RwLock::new(platform_certificates),
            config: Settings {
                mchid,
                appid,
                merchant_serial_no,
                merchant_public_key,
                api_v3_key,
                notify_retry_delays,
                clock,
                auto_settle_refunds,
            },
            books: Mutex::new(state::Books::default()),
            deliveries: Mutex::new(Vec::new()),
            pending: AtomicUsize::new(0),
            delivered: tokio::sync::Notify::new(),
            http,
        });
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = http::router(Arc::clone(&shared));
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "wechat pay simulator stopped");
            }
        });
        Ok(Self {
            shared,
            addr,
            shutdown: Some(shutdown),
        })
    }

    /// The base URL to give the client, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The payer pays: the order becomes SUCCESS and `TRANSACTION.SUCCESS` is sent.
    pub fn pay(&self, out_trade_no: &str) -> Result<Transaction, SimError> {
        self.pay_with_duplicates(out_trade_no, 0)
    }

    /// Like [`Simulator::pay`], and the notification is sent `duplicates` extra times, as
    /// WeChat Pay sometimes does.
    pub fn pay_with_duplicates(
        &self,
        out_trade_no: &str,
        duplicates: u32,
    ) -> Result<Transaction, SimError> {
        self.shared.pay(out_trade_no, duplicates)
    }

    /// The payment fails; like WeChat Pay, no notification is sent (the merchant learns it by
    /// querying the order).
    pub fn fail(&self, out_trade_no: &str, description: &str) -> Result<Transaction, SimError> {
        self.shared.books().fail(out_trade_no, description)
    }

    /// Finishes a refund (SUCCESS, ABNORMAL or CLOSED) and sends the `REFUND.*` notification.
    pub fn settle_refund(&self, out_refund_no: &str, status: RefundStatus) -> Result<(), SimError> {
        self.shared.settle_refund(out_refund_no, status)
    }

    /// The order as WeChat Pay sees it.
    pub fn transaction(&self, out_trade_no: &str) -> Result<Transaction, SimError> {
        self.shared.books().transaction(out_trade_no)
    }

    /// Switches to a new platform key (rotation); later answers and notifications use it.
    pub fn rotate_platform_key(&self, key: MerchantKey, serial: impl Into<String>) {
        *self
            .shared
            .signing
            .write()
            .unwrap_or_else(|e| e.into_inner()) = (Arc::new(key), serial.into());
    }

    /// Adds a PEM certificate to those `GET /v3/certificates` serves (announce before rotating).
    pub fn add_platform_certificate(&self, pem: impl Into<String>) {
        self.shared
            .certificates
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(pem.into());
    }

    /// Every notification delivery attempt so far, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared
            .deliveries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until no notification is being delivered (including retries); `false` on timeout.
    pub async fn wait_for_deliveries(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        // Polling keeps this simple and free of lost-wakeup races; deliveries take milliseconds.
        while self.shared.pending.load(Ordering::SeqCst) > 0 {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
