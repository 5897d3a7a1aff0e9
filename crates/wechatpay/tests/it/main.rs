//! The one integration-test binary of `paddock-wechatpay`.

mod support;
mod vectors;

#[cfg(feature = "simulator")]
mod harness;
#[cfg(feature = "simulator")]
mod keys;
#[cfg(feature = "simulator")]
mod notify;
#[cfg(feature = "simulator")]
mod payments;
#[cfg(feature = "simulator")]
mod refunds;
#[cfg(feature = "simulator")]
mod setup;
#[cfg(feature = "simulator")]
mod transport;
