//! `getClaims` (spec §2.7): local JWT decoding.

use super::Auth;
use crate::error::AuthError;
use crate::platform::ToEnd;
use crate::pure;
use crate::reflect;

/// The decoded parts of a JWT (no signature check).
#[derive(Clone, Debug)]
pub struct Claims {
    /// The payload object (`sub`, `exp`, `scope`, ...), as JSON text.
    pub claims: String,
    /// The header object (`{alg, kid}`), as JSON text.
    pub header: String,
    /// The signature part, as sent (base64url).
    pub signature: String,
}

/// Decodes unpadded or padded base64url (or base64). `None` on a bad character.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// The JSON object text in one base64url JWT part (`None` unless it is an object).
fn jwt_part(part: &str) -> Option<String> {
    let bytes = base64url_decode(part)?;
    let text = crate::platform::utf8(bytes)?;
    reflect::json_parse(&text)
        .filter(|v| v.is_object())
        .map(|_| text)
}

/// Splits and decodes a JWT (`invalid_argument` when it is not one).
pub fn decode_jwt(token: &str) -> Result<Claims, AuthError> {
    let mut parts = pure::split(token, b'.');
    let decoded = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) => match (jwt_part(h), jwt_part(p)) {
            (Some(header), Some(claims)) => Some(Claims {
                claims,
                header,
                signature: s.into(),
            }),
            _ => None,
        },
        _ => None,
    };
    decoded.ok_or_else(|| AuthError::invalid_argument("the access token is not a JWT"))
}

impl Auth {
    /// Decodes the current access token (refreshed first if expired) locally; with
    /// only a publishable key, that key (an error unless it is a JWT).
    pub async fn get_claims(&self) -> Result<Claims, AuthError> {
        let token = match self.credentials().to_end().await? {
            // The token taken, not the fields moved out (`into_fields`): 14 B gzip less (`make size`).
            Some(mut c) => std::mem::take(&mut c.access_token),
            None => self
                .inner
                .access_key
                .clone()
                .ok_or_else(super::not_signed_in)?,
        };
        decode_jwt(&token)
    }
}

#[cfg(test)]
mod tests {
    use super::base64url_decode;

    #[test]
    fn base64url() {
        assert_eq!(base64url_decode("eyJhIjoxfQ").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64url_decode("eyJhIjoxfQ==").unwrap(), br#"{"a":1}"#);
        assert_eq!(base64url_decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(base64url_decode("5Lit").unwrap(), "中".as_bytes());
        assert!(base64url_decode("a b").is_none());
    }
}
