//! Who is calling: staff with passwords (argon2), members through WeChat's mini-program login,
//! both holding short-lived HS256 access tokens that name their role.

pub mod password;
mod principal;
pub mod token;
pub mod wechat;

pub use principal::{
    AdminOnly, DeskOrAdmin, Principal, Role, StaffPrincipal, require_member, require_staff,
};
pub use token::{Claims, TokenKeys};
