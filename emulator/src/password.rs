//! Argon2id password hashing at the `argon2` crate's default cost, the OWASP minimum:
//! m = 19 MiB, t = 2 passes, p = 1 lane (about 20-40 ms of one core per hash in a release
//! build). Stored hashes carry their own parameters, so verification uses the cost a hash was
//! made with. Both functions are CPU-bound: call them through [`hash_blocking`] /
//! [`verify_blocking`], which run them on the blocking pool, at most one per core at a time
//! (more would only slow every one of them down and use 19 MiB each).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::error::{ApiError, ApiResult};

/// One permit per core for concurrent hash computations.
static HASHERS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

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

/// Runs `f` on the blocking pool once a core is free for it.
async fn on_a_core<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> ApiResult<R> {
    let _permit = HASHERS
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// [`hash`] off the async runtime.
pub async fn hash_blocking(password: String) -> ApiResult<String> {
    on_a_core(move || hash(&password)).await?
}

/// [`verify`] off the async runtime.
pub async fn verify_blocking(password: String, phc: String) -> bool {
    on_a_core(move || verify(&password, &phc))
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
