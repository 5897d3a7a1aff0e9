//! The parameters `wx.requestPayment` needs in the mini program, signed with the merchant key.

use serde::{Deserialize, Serialize};

use crate::secret::{MerchantKey, SignError};

/// What the mini program passes to `wx.requestPayment`; field names are WeChat's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MiniProgramPayParams {
    /// Unix seconds, as a string.
    pub time_stamp: String,
    /// Random string.
    pub nonce_str: String,
    /// `prepay_id=…`.
    pub package: String,
    /// Always `RSA`.
    pub sign_type: String,
    /// Base64 SHA256-RSA over `appId\ntimeStamp\nnonceStr\nprepay_id=…\n`.
    pub pay_sign: String,
}

/// Signs the pay parameters for `prepay_id`. The fourth line of the signed message is
/// `prepay_id=…` (the APP flavour signs the bare id; mixing them up makes payment fail).
pub fn mini_program_pay_params(
    key: &MerchantKey,
    app_id: &str,
    prepay_id: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<MiniProgramPayParams, SignError> {
    let package = format!("prepay_id={prepay_id}");
    let message = format!("{app_id}\n{timestamp}\n{nonce}\n{package}\n");
    Ok(MiniProgramPayParams {
        time_stamp: timestamp.to_string(),
        nonce_str: nonce.to_owned(),
        package,
        sign_type: "RSA".to_owned(),
        pay_sign: key.sign_base64(message.as_bytes())?,
    })
}
