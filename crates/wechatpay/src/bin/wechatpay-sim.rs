//! `wechatpay-sim`: the local WeChat Pay simulator as a process, for the service's demo mode.
//!
//! Configuration comes from the environment (never from arguments, so keys stay out of `ps`):
//!
//! | variable | meaning |
//! |---|---|
//! | `WECHATPAY_SIM_ADDR` | listen address, default `127.0.0.1:8787` |
//! | `WECHATPAY_SIM_MCHID` | the merchant id to accept |
//! | `WECHATPAY_SIM_APPID` | the app id to accept (empty: any) |
//! | `WECHATPAY_SIM_MERCHANT_SERIAL` | the merchant certificate serial the client signs with |
//! | `WECHATPAY_SIM_MERCHANT_CERT` | path to the merchant certificate or public key PEM |
//! | `WECHATPAY_SIM_PLATFORM_KEY` | path to the simulator's platform private key PEM |
//! | `WECHATPAY_SIM_PLATFORM_SERIAL` | certificate serial or `PUB_KEY_ID_…` to sign as |
//! | `WECHATPAY_SIM_APIV3_KEY` | the 32-byte APIv3 key |
//! | `WECHATPAY_SIM_AUTO_REFUND` | `1` to settle refunds as SUCCESS at once |

use std::error::Error;
use std::time::Duration;

use paddock_wechatpay::simulator::{Simulator, SimulatorConfig};
use paddock_wechatpay::{ApiV3Key, MerchantKey, PlatformCertificate, PlatformPublicKey};

fn var(name: &str) -> Result<String, Box<dyn Error>> {
    std::env::var(name).map_err(|_| format!("environment variable {name} is not set").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let addr = std::env::var("WECHATPAY_SIM_ADDR").unwrap_or_else(|_| "127.0.0.1:8787".to_owned());
    let merchant_pem = std::fs::read_to_string(var("WECHATPAY_SIM_MERCHANT_CERT")?)?;
    // Accept either the merchant certificate or its bare public key.
    let merchant_public_key = match PlatformCertificate::from_pem(&merchant_pem) {
        Ok(cert) => cert.public_key,
        Err(_) => PlatformPublicKey::from_pem(&merchant_pem)?,
    };
    let mut config = SimulatorConfig::new(
        var("WECHATPAY_SIM_MCHID")?,
        var("WECHATPAY_SIM_MERCHANT_SERIAL")?,
        merchant_public_key,
        MerchantKey::from_file(var("WECHATPAY_SIM_PLATFORM_KEY")?)?,
        var("WECHATPAY_SIM_PLATFORM_SERIAL")?,
        ApiV3Key::from_env("WECHATPAY_SIM_APIV3_KEY")?,
    );
    config.appid = std::env::var("WECHATPAY_SIM_APPID").unwrap_or_default();
    config.auto_settle_refunds = std::env::var("WECHATPAY_SIM_AUTO_REFUND").is_ok_and(|v| v == "1");
    // A demo merchant may be down for a moment; retry like WeChat Pay, but faster.
    config.notify_retry_delays = [1, 5, 15, 30, 60].map(Duration::from_secs).to_vec();
    let simulator = Simulator::start_on(config, addr.parse()?).await?;
    println!("wechatpay-sim listening on {}", simulator.base_url());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
