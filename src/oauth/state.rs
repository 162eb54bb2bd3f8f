//! OAuth `state` strings: `prd-{provider}-{random}`, the official SDK's format, but with
//! the random part from `crypto.getRandomValues` (the official SDK uses `Math.random`).

/// 32 symbols, so each random byte maps to one without bias.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";

/// `prd-{provider}-{16 chars}` from 16 random bytes (80 bits of entropy).
pub fn format_state(provider: &str, random: [u8; 16]) -> String {
    let mut s = String::from("prd-");
    s.push_str(provider);
    s.push('-');
    for b in random {
        s.push(ALPHABET[(b & 31) as usize] as char);
    }
    s
}

/// A fresh state for `provider` from the browser's cryptographic random source.
pub fn new_state(provider: &str) -> String {
    format_state(provider, crate::platform::random_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        let s = format_state("github", [255; 16]);
        assert_eq!(s, "prd-github-vvvvvvvvvvvvvvvv");
        let s = format_state(
            "google",
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31],
        );
        assert_eq!(s, "prd-google-0123456789abcdev");
    }
}
