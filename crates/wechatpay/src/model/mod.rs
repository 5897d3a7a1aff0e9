//! Typed requests, responses and states of the endpoints we use. Field names are WeChat's.
//!
//! Amounts are integer fen (`i64`). Timestamps are kept as the RFC 3339 strings WeChat sends
//! (`2018-06-08T10:34:56+08:00`); callers that need instants parse them with chrono.

mod refund;
mod transaction;

pub use refund::{
    CreateRefundRequest, Refund, RefundAmount, RefundAmountRequest, RefundNotice,
    RefundNoticeAmount, RefundStatus,
};
pub use transaction::{
    JsapiOrder, JsapiPrepayRequest, OrderAmount, Payer, PrepayResponse, TradeState, Transaction,
    TransactionAmount,
};
