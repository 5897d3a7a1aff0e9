//! Refunds: `POST /v3/refund/domestic/refunds`, its query, and the refund notification.

use serde::{Deserialize, Serialize};

/// The body of `POST /v3/refund/domestic/refunds`. Exactly one of `transaction_id` and
/// `out_trade_no` names the payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateRefundRequest {
    /// WeChat Pay's transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// Our order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// Our refund number; resending the same number refunds once (which makes retries safe).
    pub out_refund_no: String,
    /// Shown to the payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the refund notification goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    /// Amounts.
    pub amount: RefundAmountRequest,
}

/// Refund amounts in a request, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAmountRequest {
    /// How much to refund.
    pub refund: i64,
    /// The original order total.
    pub total: i64,
    /// Currency, `CNY`.
    pub currency: String,
}

/// The status of a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefundStatus {
    /// Money returned.
    Success,
    /// Closed without refunding.
    Closed,
    /// In progress.
    Processing,
    /// Failed (e.g. the payer's card was cancelled); needs manual handling.
    Abnormal,
    /// A status this version does not know; treat as in progress.
    #[serde(other)]
    Unknown,
}

/// A refund as WeChat Pay reports it (create and query answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// WeChat Pay's refund id.
    pub refund_id: String,
    /// Our refund number.
    pub out_refund_no: String,
    /// WeChat Pay's transaction id.
    pub transaction_id: String,
    /// Our order number.
    pub out_trade_no: String,
    /// Refund channel (`ORIGINAL`, `BALANCE`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Where the money went, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_received_account: Option<String>,
    /// When the refund succeeded, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    /// When the refund was created, RFC 3339.
    pub create_time: String,
    /// The status.
    pub status: RefundStatus,
    /// Amounts.
    pub amount: RefundAmount,
}

/// Refund amounts in an answer, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundAmount {
    /// Original order total.
    pub total: i64,
    /// Refunded.
    pub refund: i64,
    /// What the payer paid.
    #[serde(default)]
    pub payer_total: i64,
    /// What the payer gets back.
    #[serde(default)]
    pub payer_refund: i64,
    /// Currency.
    #[serde(default)]
    pub currency: String,
}

/// The decrypted resource of a `REFUND.*` notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundNotice {
    /// Merchant id.
    pub mchid: String,
    /// Our order number.
    pub out_trade_no: String,
    /// WeChat Pay's transaction id.
    pub transaction_id: String,
    /// Our refund number.
    pub out_refund_no: String,
    /// WeChat Pay's refund id.
    pub refund_id: String,
    /// The status.
    pub refund_status: RefundStatus,
    /// When the refund succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    /// Where the money went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_received_account: Option<String>,
    /// Amounts.
    pub amount: RefundNoticeAmount,
}

/// Amounts in a refund notification, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundNoticeAmount {
    /// Original order total.
    pub total: i64,
    /// Refunded.
    pub refund: i64,
    /// What the payer paid.
    #[serde(default)]
    pub payer_total: i64,
    /// What the payer gets back.
    #[serde(default)]
    pub payer_refund: i64,
}
