//! End-to-end harness: the simulator, a merchant notification endpoint, and a client.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use paddock_wechatpay::signature::MerchantSigner;

use crate::support::vector_file;
use paddock_wechatpay::simulator::{Simulator, SimulatorConfig};
use paddock_wechatpay::{
    ApiV3Key, Client, ClientConfig, MerchantKey, Notification, NotificationHeaders,
    NotificationParser, NotifyError, PlatformCertificate, PlatformKeys, PlatformPublicKey,
};

/// Test merchant (public SDK test material): wechatpay-java's merchant key and certificate.
pub const MCHID: &str = "1900000001";
pub const APPID: &str = "wxd678efh567hg6787";
pub const MERCHANT_SERIAL: &str = "5F1C72E2A8931B72A2E13AF8DEE92471EB397115";
/// The simulator's platform certificate serial (wechatpay-java's WeChat Pay test certificate).
pub const PLATFORM_SERIAL: &str = "440024045C4A427599D09BB4E3DE0279F2E813FD";
/// The same key presented as a WeChat Pay public key.
pub const PUB_KEY_ID: &str = "PUB_KEY_ID_0114232004102025000000000000000000";
/// A second platform key (wechatpay-go's test key and certificate), for rotation.
pub const ROTATED_SERIAL: &str = "F5765756002FDD77";
/// wechatpay-java's APIv3 test key (32 bytes).
pub const API_V3_KEY: &[u8] = b"a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";

pub fn merchant_key() -> MerchantKey {
    MerchantKey::from_pem(&vector_file("java_merchant_private_key.pem")).unwrap()
}

pub fn platform_key() -> MerchantKey {
    MerchantKey::from_pem(&vector_file("java_wechat_pay_private_key.pem")).unwrap()
}

pub fn rotated_platform_key() -> MerchantKey {
    MerchantKey::from_pem(&vector_file("go_test_private_key_pkcs8.pem")).unwrap()
}

pub fn platform_certificate() -> PlatformCertificate {
    PlatformCertificate::from_pem(&vector_file("java_wechat_pay_certificate.pem")).unwrap()
}

pub fn rotated_certificate() -> PlatformCertificate {
    PlatformCertificate::from_pem(&vector_file("go_test_cert_F5765756002FDD77.pem")).unwrap()
}

pub fn platform_public_key() -> PlatformPublicKey {
    PlatformPublicKey::from_pem(&vector_file("java_wechat_pay_public_key.pem")).unwrap()
}

pub fn api_v3_key() -> ApiV3Key {
    ApiV3Key::new(API_V3_KEY).unwrap()
}

/// Keys trusting the simulator's certificate only.
pub fn cert_keys() -> Arc<PlatformKeys> {
    let keys = PlatformKeys::new();
    keys.add_certificate(platform_certificate());
    Arc::new(keys)
}

pub fn sim_config(platform_serial: &str) -> SimulatorConfig {
    let merchant_cert =
        PlatformCertificate::from_pem(&vector_file("java_merchant_certificate.pem")).unwrap();
    let mut config = SimulatorConfig::new(
        MCHID,
        MERCHANT_SERIAL,
        merchant_cert.public_key,
        platform_key(),
        platform_serial,
        api_v3_key(),
    );
    config.appid = APPID.to_owned();
    config.notify_retry_delays = vec![std::time::Duration::from_millis(20); 3];
    config
}

pub fn client_config(base_url: String, keys: Arc<PlatformKeys>) -> ClientConfig {
    let signer = MerchantSigner {
        mchid: MCHID.to_owned(),
        serial_no: MERCHANT_SERIAL.to_owned(),
        key: merchant_key(),
    };
    let mut config = ClientConfig::new(APPID, signer, keys);
    config.base_url = base_url;
    config.retry_backoff = std::time::Duration::from_millis(10);
    config.timeout = std::time::Duration::from_secs(5);
    config
}

/// The merchant's notification endpoint, as the service will write it: raw body in, parse,
/// answer. It can be told to fail the first N deliveries.
pub struct Receiver {
    pub addr: SocketAddr,
    pub results: Arc<Mutex<Vec<Result<Notification, NotifyError>>>>,
    pub fail_first: Arc<AtomicU32>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Receiver {
    pub async fn start(keys: Arc<PlatformKeys>) -> Self {
        let parser = Arc::new(NotificationParser::new(keys, api_v3_key()));
        let results = Arc::new(Mutex::new(Vec::new()));
        let fail_first = Arc::new(AtomicU32::new(0));
        let (r, f) = (Arc::clone(&results), Arc::clone(&fail_first));
        let handler = move |headers: HeaderMap, body: Bytes| {
            let (parser, results, fail_first) =
                (Arc::clone(&parser), Arc::clone(&r), Arc::clone(&f));
            async move {
                if fail_first.load(Ordering::SeqCst) > 0 {
                    fail_first.fetch_sub(1, Ordering::SeqCst);
                    return (StatusCode::SERVICE_UNAVAILABLE, "busy").into_response();
                }
                let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
                let result = NotificationHeaders::from_lookup(get)
                    .map_err(NotifyError::from)
                    .and_then(|h| parser.parse_notification(&h, &body, chrono::Utc::now()));
                let answer = match &result {
                    Ok(_) => paddock_wechatpay::NotifyAnswer::success(),
                    Err(e) => e.answer(),
                };
                results.lock().unwrap().push(result);
                let status = StatusCode::from_u16(answer.status).unwrap();
                (status, answer.body.unwrap_or_default()).into_response()
            }
        };
        let app = axum::Router::new().route("/notify", axum::routing::post(handler));
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
        Self {
            addr,
            results,
            fail_first,
            _shutdown: shutdown,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/notify", self.addr)
    }

    pub fn accepted(&self) -> Vec<Notification> {
        self.results
            .lock()
            .unwrap()
            .iter()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect()
    }

    pub fn rejected(&self) -> Vec<NotifyError> {
        self.results
            .lock()
            .unwrap()
            .iter()
            .filter_map(|r| r.as_ref().err().cloned())
            .collect()
    }
}

/// Simulator in certificate mode, a receiver and a client that trust its certificate.
pub struct Harness {
    pub sim: Simulator,
    pub receiver: Receiver,
    pub client: Client,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(sim_config(PLATFORM_SERIAL), cert_keys()).await
    }

    pub async fn start_with(config: SimulatorConfig, keys: Arc<PlatformKeys>) -> Self {
        let sim = Simulator::start(config).await.unwrap();
        let receiver = Receiver::start(Arc::clone(&keys)).await;
        let client = Client::new(client_config(sim.base_url(), keys)).unwrap();
        Self {
            sim,
            receiver,
            client,
        }
    }

    /// A JSAPI order paying `total_fen`, notified to the harness receiver.
    pub fn order(
        &self,
        out_trade_no: &str,
        total_fen: i64,
    ) -> paddock_wechatpay::model::JsapiOrder {
        paddock_wechatpay::model::JsapiOrder {
            description: "Paddock - 1h group lesson".to_owned(),
            out_trade_no: out_trade_no.to_owned(),
            total_fen,
            payer_openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".to_owned(),
            notify_url: self.receiver.url(),
            attach: Some("booking:42".to_owned()),
            time_expire: None,
        }
    }

    pub async fn settle(&self) {
        assert!(
            self.sim
                .wait_for_deliveries(std::time::Duration::from_secs(10))
                .await,
            "deliveries did not finish"
        );
    }
}
