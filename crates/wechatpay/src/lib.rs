//! WeChat Pay API v3 for Paddock: a thin client, notification handling, and a local simulator.
//!
//! This crate knows nothing about scheduling. Its pieces:
//! * [`signature`] and [`secret`]: request signing with the merchant key, verification of what
//!   WeChat Pay signs (responses and notifications) against [`PlatformKeys`];
//! * [`aead`]: AEAD_AES_256_GCM for notification resources and downloaded certificates;
//! * [`Client`]: JSAPI / mini-program prepay and pay parameters, query, close, refunds;
//! * [`notify`]: `parse_notification` and the answers WeChat Pay expects;
//! * [`setup`]: [`WechatPay::from_env`], the client and notification parser for one merchant;
//! * `simulator` (feature `simulator`): a local WeChat Pay speaking the same protocol, also run
//!   as the `wechatpay-sim` binary for the demo.
//!
//! Money is integer fen (`i64`). `docs/wechatpay.md` explains how to configure a real merchant.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod aead;
mod b64;
mod client;
pub mod clock;
pub mod model;
pub mod notify;
pub mod paysign;
mod pem;
pub mod platform;
pub mod secret;
pub mod setup;
pub mod signature;
#[cfg(feature = "simulator")]
pub mod simulator;

pub use client::{Client, ClientConfig, DEFAULT_BASE_URL, Error};
pub use clock::{Clock, FixedClock, SystemClock};
pub use notify::{
    Event, Notification, NotificationHeaders, NotificationParser, NotifyAnswer, NotifyError,
    parse_notification,
};
pub use pem::PemError;
pub use platform::{PlatformCertificate, PlatformKeys, PlatformPublicKey};
pub use secret::{ApiV3Key, MerchantKey};
pub use setup::{SetupError, WechatPay};
pub use signature::{MerchantSigner, VerifyError, WechatpayHeaders};
