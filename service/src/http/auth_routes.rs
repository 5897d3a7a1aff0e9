//! Logins: staff with username and password, members with a WeChat login code.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::extract::Json;
use super::members::{self, Member};
use super::staff::{self, StaffUser};
use crate::auth::Role;
use crate::auth::password;
use crate::auth::wechat::WechatError;
use crate::error::{Error, FieldError, Result};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_login))
        .routes(routes!(wechat_login))
}

/// Staff credentials.
#[derive(Deserialize, ToSchema)]
struct StaffLogin {
    username: String,
    password: String,
}

/// A staff session.
#[derive(Serialize, ToSchema)]
struct StaffSession {
    /// Bearer token for `Authorization: Bearer …`.
    token: String,
    /// Seconds until the token expires.
    expires_in: i64,
    user: StaffUser,
}

/// A WeChat login code from `wx.login()`.
#[derive(Deserialize, ToSchema)]
struct WechatLoginRequest {
    code: String,
}

/// A member session.
#[derive(Serialize, ToSchema)]
struct MemberSession {
    token: String,
    expires_in: i64,
    member: Member,
    /// Whether this login created the member.
    created: bool,
}

/// Staff login.
#[utoipa::path(post, path = "/auth/staff/login", tag = "auth", request_body = StaffLogin,
    responses((status = 200, body = StaffSession), (status = 401, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
async fn staff_login(
    State(state): State<AppState>,
    Json(body): Json<StaffLogin>,
) -> Result<Json<StaffSession>> {
    let mut errors = Vec::new();
    let username = body.username.trim();
    if username.is_empty() {
        errors.push(FieldError::new("username", "must not be empty"));
    } else if username.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "username",
            "must not contain control characters",
        ));
    }
    if body.password.is_empty() {
        errors.push(FieldError::new("password", "must not be empty"));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let found = staff::find_credentials(&state.db, username).await?;
    // Verify against a dummy hash when the user is unknown, so timing does not reveal names.
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, staff::DUMMY_HASH.to_owned()),
    };
    let ok = password::verify_blocking(hash, body.password).await;
    match user {
        Some(user) if ok && user.active.0 => {
            let role = Role::parse_staff(&user.role)
                .ok_or_else(|| Error::Internal(format!("bad role {:?}", user.role)))?;
            let token = state.tokens.issue(user.id, role)?;
            tracing::info!(user_id = user.id, role = role.as_str(), "staff login");
            Ok(Json(StaffSession {
                token,
                expires_in: state.tokens.ttl_seconds(),
                user,
            }))
        }
        _ => Err(Error::Unauthorized("wrong username or password")),
    }
}

/// Member login from the mini program: the code is exchanged for an openid at WeChat; an
/// unknown openid becomes a new member.
#[utoipa::path(post, path = "/auth/wechat/login", tag = "auth", request_body = WechatLoginRequest,
    responses((status = 200, body = MemberSession), (status = 401, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody), (status = 502, body = crate::error::ErrorBody)))]
async fn wechat_login(
    State(state): State<AppState>,
    Json(body): Json<WechatLoginRequest>,
) -> Result<Json<MemberSession>> {
    // WeChat's codes are short printable ASCII; anything else cannot be one.
    let code = body.code.trim();
    if code.is_empty() || code.len() > 128 || !code.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid("code", "must be a WeChat login code"));
    }
    let session = state
        .wechat
        .code_to_session(code)
        .await
        .map_err(|e| match e {
            WechatError::Rejected { .. } => Error::Unauthorized("wechat rejected the login code"),
            other => Error::Upstream(other.to_string()),
        })?;
    let (member, created) = members::upsert_by_openid(&state.db, &session.openid).await?;
    let token = state.tokens.issue(member.id, Role::Member)?;
    tracing::info!(member_id = member.id, created, "member login");
    Ok(Json(MemberSession {
        token,
        expires_in: state.tokens.ttl_seconds(),
        member,
        created,
    }))
}
