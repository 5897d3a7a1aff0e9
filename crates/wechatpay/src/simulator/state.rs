//! The simulator's books: orders and refunds, and the transitions WeChat Pay allows. No IO
//! here; the HTTP layer and the control methods call these and then send what they return.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};

use crate::model::{
    CreateRefundRequest, JsapiPrepayRequest, Payer, Refund, RefundAmount, RefundNotice,
    RefundNoticeAmount, RefundStatus, TradeState, Transaction, TransactionAmount,
};

/// A WeChat-style refusal: HTTP status, `code`, `message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct SimError {
    /// HTTP status the simulator answers with.
    pub status: u16,
    /// WeChat's error code.
    pub code: &'static str,
    /// Message.
    pub message: String,
}

fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> SimError {
    SimError {
        status,
        code,
        message: message.into(),
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub request: JsapiPrepayRequest,
    pub prepay_id: String,
    pub transaction_id: Option<String>,
    pub state: TradeState,
    pub state_desc: String,
    pub success_time: Option<String>,
    /// Fen refunded or being refunded, so over-refunds are refused.
    pub refunded: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct RefundRecord {
    pub refund: Refund,
    pub notify_url: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Books {
    orders: HashMap<String, Order>,
    refunds: HashMap<String, RefundRecord>,
    sequence: u64,
}

/// China Standard Time, the offset WeChat Pay writes timestamps in.
fn cst(now: DateTime<Utc>) -> String {
    #[allow(clippy::expect_used)] // A constant in range; cannot fail.
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    now.with_timezone(&offset)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

impl Books {
    fn next_id(&mut self, prefix: &str, now: DateTime<Utc>) -> String {
        self.sequence += 1;
        format!(
            "{prefix}{}{:010}",
            now.format("%Y%m%d%H%M%S"),
            self.sequence
        )
    }

    /// Creates an order, or returns the existing prepay id when the same request is repeated.
    pub fn prepay(
        &mut self,
        mchid: &str,
        appid: &str,
        request: JsapiPrepayRequest,
        now: DateTime<Utc>,
    ) -> Result<String, SimError> {
        if request.mchid != mchid {
            return Err(refuse(
                400,
                "MCH_NOT_EXISTS",
                "mchid does not match the authorization",
            ));
        }
        if !appid.is_empty() && request.appid != appid {
            return Err(refuse(
                400,
                "APPID_MCHID_NOT_MATCH",
                "appid is not bound to this mchid",
            ));
        }
        if request.amount.total <= 0 {
            return Err(refuse(400, "PARAM_ERROR", "amount.total must be positive"));
        }
        if let Some(order) = self.orders.get(&request.out_trade_no) {
            return match order.state {
                TradeState::Notpay if order.request == request => Ok(order.prepay_id.clone()),
                TradeState::Notpay => Err(refuse(
                    400,
                    "INVALID_REQUEST",
                    "out_trade_no reused with different parameters",
                )),
                TradeState::Closed => Err(refuse(400, "ORDER_CLOSED", "order is closed")),
                _ => Err(refuse(400, "ORDERPAID", "order is already paid")),
            };
        }
        let prepay_id = self.next_id("wx", now);
        self.orders.insert(
            request.out_trade_no.clone(),
            Order {
                request,
                prepay_id: prepay_id.clone(),
                transaction_id: None,
                state: TradeState::Notpay,
                state_desc: "订单未支付".to_owned(),
                success_time: None,
                refunded: 0,
            },
        );
        Ok(prepay_id)
    }

    pub fn order(&self, out_trade_no: &str) -> Result<&Order, SimError> {
        self.orders.get(out_trade_no).ok_or_else(|| {
            refuse(
                404,
                "ORDER_NOT_EXIST",
                format!("order {out_trade_no} does not exist"),
            )
        })
    }

    pub fn transaction(&self, out_trade_no: &str) -> Result<Transaction, SimError> {
        Ok(transaction_of(self.order(out_trade_no)?))
    }

    /// The payer pays: NOTPAY becomes SUCCESS. Paying a paid order is refused.
    pub fn pay(&mut self, out_trade_no: &str, now: DateTime<Utc>) -> Result<Transaction, SimError> {
        let transaction_id = self.next_id("42", now);
        let order = self.orders.get_mut(out_trade_no).ok_or_else(|| {
            refuse(
                404,
                "ORDER_NOT_EXIST",
                format!("order {out_trade_no} does not exist"),
            )
        })?;
        if !matches!(
            order.state,
            TradeState::Notpay | TradeState::Payerror | TradeState::Userpaying
        ) {
            return Err(refuse(
                400,
                "ORDER_NOT_PAYABLE",
                format!("order {out_trade_no} is {:?}", order.state),
            ));
        }
        order.state = TradeState::Success;
        order.state_desc = "支付成功".to_owned();
        order.transaction_id = Some(transaction_id);
        order.success_time = Some(cst(now));
        Ok(transaction_of(order))
    }

    /// The payment fails (bank declined). WeChat Pay sends no notification for this.
    pub fn fail(&mut self, out_trade_no: &str, description: &str) -> Result<Transaction, SimError> {
        let order = self.orders.get_mut(out_trade_no).ok_or_else(|| {
            refuse(
                404,
                "ORDER_NOT_EXIST",
                format!("order {out_trade_no} does not exist"),
            )
        })?;
        if order.state != TradeState::Notpay {
            return Err(refuse(
                400,
                "ORDER_NOT_PAYABLE",
                format!("order {out_trade_no} is {:?}", order.state),
            ));
        }
        order.state = TradeState::Payerror;
        order.state_desc = description.to_owned();
        Ok(transaction_of(order))
    }

    pub fn close(&mut self, mchid: &str, out_trade_no: &str) -> Result<(), SimError> {
        let order = self.orders.get_mut(out_trade_no).ok_or_else(|| {
            refuse(
                404,
                "ORDER_NOT_EXIST",
                format!("order {out_trade_no} does not exist"),
            )
        })?;
        if order.request.mchid != mchid {
            return Err(refuse(400, "MCH_NOT_EXISTS", "mchid does not match"));
        }
        if order.state.is_paid() {
            return Err(refuse(
                400,
                "ORDERPAID",
                "order is already paid, refund it instead",
            ));
        }
        order.state = TradeState::Closed;
        order.state_desc = "订单已关闭".to_owned();
        Ok(())
    }

    /// Creates a refund in PROCESSING, or returns the existing one for a repeated
    /// `out_refund_no` (WeChat Pay refunds once per number).
    pub fn create_refund(
        &mut self,
        request: CreateRefundRequest,
        now: DateTime<Utc>,
    ) -> Result<Refund, SimError> {
        if let Some(existing) = self.refunds.get(&request.out_refund_no) {
            return Ok(existing.refund.clone());
        }
        let out_trade_no = match (&request.out_trade_no, &request.transaction_id) {
            (Some(no), _) => no.clone(),
            (None, Some(id)) => self
                .orders
                .values()
                .find(|o| o.transaction_id.as_deref() == Some(id))
                .map(|o| o.request.out_trade_no.clone())
                .ok_or_else(|| refuse(404, "RESOURCE_NOT_EXISTS", "transaction_id not found"))?,
            (None, None) => {
                return Err(refuse(
                    400,
                    "PARAM_ERROR",
                    "transaction_id or out_trade_no is required",
                ));
            }
        };
        let refund_id = self.next_id("50", now);
        let order = self.orders.get_mut(&out_trade_no).ok_or_else(|| {
            refuse(
                404,
                "RESOURCE_NOT_EXISTS",
                format!("order {out_trade_no} does not exist"),
            )
        })?;
        if !order.state.is_paid() {
            return Err(refuse(403, "INVALID_REQUEST", "order is not paid"));
        }
        let total = order.request.amount.total;
        if request.amount.total != total {
            return Err(refuse(
                400,
                "PARAM_ERROR",
                format!(
                    "amount.total {} differs from the order total {total}",
                    request.amount.total
                ),
            ));
        }
        if request.amount.refund <= 0 || order.refunded + request.amount.refund > total {
            return Err(refuse(
                403,
                "NOT_ENOUGH",
                "refund amount exceeds what remains refundable",
            ));
        }
        order.refunded += request.amount.refund;
        order.state = TradeState::Refund;
        order.state_desc = "转入退款".to_owned();
        let refund = Refund {
            refund_id,
            out_refund_no: request.out_refund_no.clone(),
            transaction_id: order.transaction_id.clone().unwrap_or_default(),
            out_trade_no,
            channel: Some("ORIGINAL".to_owned()),
            user_received_account: Some("支付用户零钱".to_owned()),
            success_time: None,
            create_time: cst(now),
            status: RefundStatus::Processing,
            amount: RefundAmount {
                total,
                refund: request.amount.refund,
                payer_total: total,
                payer_refund: request.amount.refund,
                currency: "CNY".to_owned(),
            },
        };
        self.refunds.insert(
            request.out_refund_no,
            RefundRecord {
                refund: refund.clone(),
                notify_url: request.notify_url,
            },
        );
        Ok(refund)
    }

    pub fn refund(&self, out_refund_no: &str) -> Result<&RefundRecord, SimError> {
        self.refunds.get(out_refund_no).ok_or_else(|| {
            refuse(
                404,
                "RESOURCE_NOT_EXISTS",
                format!("refund {out_refund_no} does not exist"),
            )
        })
    }

    /// Finishes a PROCESSING refund with `status`; a closed or abnormal refund gives its amount
    /// back to the order's refundable balance.
    pub fn settle_refund(
        &mut self,
        out_refund_no: &str,
        status: RefundStatus,
        now: DateTime<Utc>,
    ) -> Result<(RefundNotice, Option<String>), SimError> {
        let record = self.refunds.get_mut(out_refund_no).ok_or_else(|| {
            refuse(
                404,
                "RESOURCE_NOT_EXISTS",
                format!("refund {out_refund_no} does not exist"),
            )
        })?;
        if record.refund.status != RefundStatus::Processing {
            return Err(refuse(
                400,
                "INVALID_REQUEST",
                format!(
                    "refund {out_refund_no} is already {:?}",
                    record.refund.status
                ),
            ));
        }
        record.refund.status = status;
        if status == RefundStatus::Success {
            record.refund.success_time = Some(cst(now));
        } else if let Some(order) = self.orders.get_mut(&record.refund.out_trade_no) {
            order.refunded -= record.refund.amount.refund;
        }
        let mchid = self
            .orders
            .get(&record.refund.out_trade_no)
            .map(|o| o.request.mchid.clone())
            .unwrap_or_default();
        let notify_url = record.notify_url.clone().or_else(|| {
            self.orders
                .get(&record.refund.out_trade_no)
                .map(|o| o.request.notify_url.clone())
        });
        let refund = &record.refund;
        let notice = RefundNotice {
            mchid,
            out_trade_no: refund.out_trade_no.clone(),
            transaction_id: refund.transaction_id.clone(),
            out_refund_no: refund.out_refund_no.clone(),
            refund_id: refund.refund_id.clone(),
            refund_status: status,
            success_time: refund.success_time.clone(),
            user_received_account: refund.user_received_account.clone(),
            amount: RefundNoticeAmount {
                total: refund.amount.total,
                refund: refund.amount.refund,
                payer_total: refund.amount.payer_total,
                payer_refund: refund.amount.payer_refund,
            },
        };
        Ok((notice, notify_url))
    }
}

fn transaction_of(order: &Order) -> Transaction {
    let paid = order.transaction_id.is_some();
    Transaction {
        appid: order.request.appid.clone(),
        mchid: order.request.mchid.clone(),
        out_trade_no: order.request.out_trade_no.clone(),
        transaction_id: order.transaction_id.clone(),
        trade_type: Some("JSAPI".to_owned()),
        trade_state: order.state,
        trade_state_desc: order.state_desc.clone(),
        bank_type: paid.then(|| "OTHERS".to_owned()),
        attach: order.request.attach.clone(),
        success_time: order.success_time.clone(),
        payer: Some(Payer {
            openid: order.request.payer.openid.clone(),
        }),
        amount: Some(TransactionAmount {
            total: Some(order.request.amount.total),
            payer_total: paid.then_some(order.request.amount.total),
            currency: Some("CNY".to_owned()),
            payer_currency: paid.then(|| "CNY".to_owned()),
        }),
    }
}
