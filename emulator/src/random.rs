//! Random identifiers and secrets from the OS generator.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand_core::{OsRng, RngCore};

/// `n` random bytes.
pub fn bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    OsRng.fill_bytes(&mut buf);
    buf
}

/// An opaque secret, base64url without padding (used for refresh tokens).
pub fn secret() -> String {
    URL_SAFE_NO_PAD.encode(bytes(32))
}

/// Lower-case hex of `n` random bytes (session ids, key ids).
pub fn hex(n: usize) -> String {
    bytes(n).iter().map(|b| format!("{b:02x}")).collect()
}

/// A numeric user id of 19 digits, the shape CloudBase user ids have.
pub fn user_id() -> String {
    // 10^18..(10^19 - 1) always has 19 digits and fits in a u64.
    let n = OsRng.next_u64() % 9_000_000_000_000_000_000 + 1_000_000_000_000_000_000;
    n.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shapes() {
        assert_eq!(super::user_id().len(), 19);
        assert_eq!(super::hex(8).len(), 16);
        assert_ne!(super::secret(), super::secret());
    }
}
