//! Roles and the checks every route group applies. The group middleware ([`require_staff`],
//! [`require_member`]) answers 401 without a valid token and 403 for the wrong kind of user;
//! handlers that need more than "any staff" take [`AdminOnly`] or [`DeskOrAdmin`] as their
//! first extractor, so the role is checked before the body is even read.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::Error;
use crate::http::AppState;

/// Who a token belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Club manager: everything.
    Admin,
    /// Front desk: reads everything, registers members.
    FrontDesk,
    /// Coach: reads.
    Coach,
    /// A member (rider) from the mini program.
    Member,
}

impl Role {
    /// The staff roles' database spelling (`members` have no role column).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::FrontDesk => "front_desk",
            Role::Coach => "coach",
            Role::Member => "member",
        }
    }

    /// Parses a staff role.
    pub fn parse_staff(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "front_desk" => Some(Role::FrontDesk),
            "coach" => Some(Role::Coach),
            _ => None,
        }
    }

    /// Whether this is a staff role.
    pub fn is_staff(self) -> bool {
        self != Role::Member
    }
}

/// The authenticated caller, put in the request extensions by the group middleware.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    /// Staff user id or member id, depending on the role.
    pub id: i64,
    /// The role.
    pub role: Role,
}

fn authenticate(state: &AppState, req: &Request) -> Result<Principal, Error> {
    let token = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(Error::Unauthorized("a bearer token is required"))?;
    let claims = state
        .tokens
        .verify(token)
        .ok_or(Error::Unauthorized("the token is invalid or expired"))?;
    Ok(Principal {
        id: claims.sub,
        role: claims.role,
    })
}

/// Middleware of `/api/admin`: any staff role.
pub async fn require_staff(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    match authenticate(&state, &req) {
        Ok(p) if p.role.is_staff() => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        Ok(_) => Error::Forbidden.into_response(),
        Err(e) => e.into_response(),
    }
}

/// Middleware of `/api/mini`: members only.
pub async fn require_member(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    match authenticate(&state, &req) {
        Ok(p) if p.role == Role::Member => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        Ok(_) => Error::Forbidden.into_response(),
        Err(e) => e.into_response(),
    }
}

fn principal(parts: &Parts) -> Result<Principal, Error> {
    // Present whenever the group middleware ran; a route mounted without it fails closed.
    parts
        .extensions
        .get::<Principal>()
        .copied()
        .ok_or(Error::Unauthorized("a bearer token is required"))
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        principal(parts)
    }
}

/// Any staff member (the `/api/admin` middleware already checked).
#[derive(Clone, Copy, Debug)]
pub struct StaffPrincipal(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for StaffPrincipal {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let p = principal(parts)?;
        if p.role.is_staff() {
            Ok(StaffPrincipal(p))
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// The caller must be an admin.
#[derive(Clone, Copy, Debug)]
pub struct AdminOnly(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for AdminOnly {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let p = principal(parts)?;
        if p.role == Role::Admin {
            Ok(AdminOnly(p))
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// The caller must be an admin or at the front desk.
#[derive(Clone, Copy, Debug)]
pub struct DeskOrAdmin(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for DeskOrAdmin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let p = principal(parts)?;
        if matches!(p.role, Role::Admin | Role::FrontDesk) {
            Ok(DeskOrAdmin(p))
        } else {
            Err(Error::Forbidden)
        }
    }
}
