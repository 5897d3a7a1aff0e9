//! Payments: the JSAPI prepay request, and the transaction returned by queries and carried by
//! `TRANSACTION.SUCCESS` notifications (the same shape).

use serde::{Deserialize, Serialize};

/// What the caller says about a new mini-program order; the client adds `appid` and `mchid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsapiOrder {
    /// Shown to the payer, at most 127 bytes.
    pub description: String,
    /// Our order number: 6 to 32 characters of `[A-Za-z0-9_\-|*]`, unique per merchant.
    pub out_trade_no: String,
    /// Total in fen, positive.
    pub total_fen: i64,
    /// The payer's openid under our `appid`.
    pub payer_openid: String,
    /// Where WeChat Pay sends the `TRANSACTION.SUCCESS` notification (https, no query string).
    pub notify_url: String,
    /// Opaque data echoed back in queries and notifications, at most 128 bytes.
    pub attach: Option<String>,
    /// When the order expires, RFC 3339 (`2018-06-08T10:34:56+08:00`).
    pub time_expire: Option<String>,
}

/// The body of `POST /v3/pay/transactions/jsapi`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsapiPrepayRequest {
    /// The mini program's app id.
    pub appid: String,
    /// The merchant id.
    pub mchid: String,
    /// Shown to the payer.
    pub description: String,
    /// Our order number.
    pub out_trade_no: String,
    /// Expiry, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_expire: Option<String>,
    /// Echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// Notification URL.
    pub notify_url: String,
    /// Amount.
    pub amount: OrderAmount,
    /// Payer.
    pub payer: Payer,
}

/// An order amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderAmount {
    /// Total in fen.
    pub total: i64,
    /// Currency, `CNY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// The payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payer {
    /// The payer's openid.
    pub openid: String,
}

/// The answer to a prepay request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepayResponse {
    /// The prepay id, valid for two hours.
    pub prepay_id: String,
}

/// The state of a payment (`trade_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TradeState {
    /// Paid.
    Success,
    /// Paid, then (partly) refunded.
    Refund,
    /// Not paid yet.
    Notpay,
    /// Closed without payment.
    Closed,
    /// Revoked (card payments only).
    Revoked,
    /// The payer is entering a password.
    Userpaying,
    /// Payment failed.
    Payerror,
    /// A state this version does not know; treat as not paid.
    #[serde(other)]
    Unknown,
}

impl TradeState {
    /// Whether money was taken: `SUCCESS`, or `REFUND` (paid, refund since requested).
    pub fn is_paid(self) -> bool {
        matches!(self, Self::Success | Self::Refund)
    }
}

/// A payment as WeChat Pay reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// App id.
    pub appid: String,
    /// Merchant id.
    pub mchid: String,
    /// Our order number.
    pub out_trade_no: String,
    /// WeChat Pay's transaction id, once paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `JSAPI` for mini-program payments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_type: Option<String>,
    /// The state.
    pub trade_state: TradeState,
    /// WeChat's description of the state.
    #[serde(default)]
    pub trade_state_desc: String,
    /// The payer's bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_type: Option<String>,
    /// Echo of the order's `attach`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// When payment completed, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    /// The payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    /// Amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<TransactionAmount>,
}

/// Amounts of a transaction, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionAmount {
    /// Order total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// What the payer paid (after coupons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_total: Option<i64>,
    /// Currency, `CNY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The payer's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_currency: Option<String>,
}
