//! HS256 access tokens. The claims carry the subject's id and role, so authorization needs no
//! database round trip; tokens are short-lived instead of revocable.

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::Role;

/// What a token says.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The staff user's or member's id.
    pub sub: i64,
    /// The role, which also says which table `sub` is in.
    pub role: Role,
    /// Issued at, unix seconds.
    pub iat: i64,
    /// Expires at, unix seconds.
    pub exp: i64,
}

/// Keys and lifetime for issuing and checking tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl_seconds: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("ttl_seconds", &self.ttl_seconds)
            .finish_non_exhaustive()
    }
}

impl TokenKeys {
    /// Keys from a configured secret, or a random one when `None`.
    pub fn new(secret: Option<&SecretString>, ttl_minutes: i64) -> TokenKeys {
        let bytes: Vec<u8> = match secret {
            Some(s) => s.expose_secret().as_bytes().to_vec(),
            None => {
                tracing::warn!(
                    "auth.jwt_secret is not set: using a random key; tokens will not survive a \
                     restart nor work across instances"
                );
                let mut key = vec![0u8; 32];
                rand::rng().fill_bytes(&mut key);
                key
            }
        };
        TokenKeys {
            encoding: EncodingKey::from_secret(&bytes),
            decoding: DecodingKey::from_secret(&bytes),
            ttl_seconds: ttl_minutes.max(1) * 60,
        }
    }

    /// The token lifetime in seconds.
    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    /// Issues a token for `sub` with `role`.
    pub fn issue(&self, sub: i64, role: Role) -> Result<String, crate::Error> {
        let iat = Utc::now().timestamp();
        let claims = Claims {
            sub,
            role,
            iat,
            exp: iat + self.ttl_seconds,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| crate::Error::Internal(e.to_string()))
    }

    /// Checks signature and expiry (no leeway).
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|d| d.claims)
    }

    /// Issues a token that expired `ago` seconds ago (tests of expiry).
    #[doc(hidden)]
    pub fn issue_expired(&self, sub: i64, role: Role, ago: i64) -> String {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub,
            role,
            iat: now - ago - 60,
            exp: now - ago,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_expire() {
        let keys = TokenKeys::new(Some(&SecretString::from("k".repeat(32))), 5);
        let t = keys.issue(7, Role::FrontDesk).unwrap();
        let c = keys.verify(&t).unwrap();
        assert_eq!((c.sub, c.role), (7, Role::FrontDesk));
        assert!(
            keys.verify(&keys.issue_expired(7, Role::Admin, 10))
                .is_none()
        );
        let other = TokenKeys::new(Some(&SecretString::from("x".repeat(32))), 5);
        assert!(other.verify(&t).is_none());
    }
}
