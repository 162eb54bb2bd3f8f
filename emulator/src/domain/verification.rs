//! Consuming a verification token (the proof of an address that sign-up, sign-in, password
//! reset and sudo accept).

use super::address::Address;
use crate::error::{ApiError, ApiResult};
use crate::store::{Db, VerificationToken};

/// Consumes a verification token of `env` (inside a store transaction, so a later failure
/// of the same unit of work leaves it unused). `invalid_argument` for an unknown token,
/// `code_expired` for an expired or used one; `expected` (if given) must be its address.
pub fn consume_token(
    db: &Db,
    env: &str,
    token: &str,
    expected: Option<&Address>,
    now: i64,
) -> ApiResult<VerificationToken> {
    let found = db
        .find_verification_token(env, token)?
        .ok_or_else(|| ApiError::invalid("verification_token is invalid"))?;
    if found.used_at.is_some() {
        return Err(ApiError::CodeExpired(
            "verification_token already used; verify a new code".into(),
        ));
    }
    if now >= found.expires_at {
        return Err(ApiError::CodeExpired(
            "verification_token expired; verify a new code".into(),
        ));
    }
    if let Some(addr) = expected {
        if addr.value != found.address || addr.channel.as_str() != found.channel {
            return Err(ApiError::invalid(
                "verification_token was issued for another email or phone number",
            ));
        }
    }
    db.use_verification_token(token, now)?;
    Ok(found)
}
