//! Argon2id password hashing. Both functions are CPU-bound: call them from
//! `spawn_blocking` (see [`hash_blocking`] / [`verify_blocking`]).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

use crate::error::{ApiError, ApiResult};

/// Hashes `password` to a PHC string (`$argon2id$v=19$...`).
pub fn hash(password: &str) -> ApiResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2: {e}")))
}

/// Checks `password` against a PHC string; a malformed stored hash counts as a mismatch.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// [`hash`] off the async runtime.
pub async fn hash_blocking(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// [`verify`] off the async runtime.
pub async fn verify_blocking(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &phc))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let h = super::hash("hunter42").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("hunter42", &h));
        assert!(!super::verify("hunter43", &h));
        assert!(!super::verify("hunter42", "not a hash"));
    }
}
