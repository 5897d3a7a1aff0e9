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

/// Creates an active staff user from an already computed password hash (see
/// [`password::hash`]); for bootstrapping and tests. Fails with a 409-kind error when the
/// username is taken.
pub async fn create_staff_user(
    db: &crate::Db,
    username: &str,
    display_name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64, crate::Error> {
    crate::http::create_staff(db, username, display_name, role, password_hash).await
}
