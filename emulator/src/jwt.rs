//! Compact RS256 JSON Web Tokens, signed and verified with AWS-LC (`aws-lc-rs`).
//!
//! Why AWS-LC rather than a pure-Rust RSA: signing is most of the CPU cost of every grant,
//! and AWS-LC's assembly (AVX-512 IFMA / AVX2 / ADX Montgomery code, as in OpenSSL) signs
//! about five times faster than the `rsa` crate, and about twice as fast as `ring` on a CPU
//! with AVX-512 IFMA. `aws-lc-sys` builds from crates.io with the C compiler alone.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RsaKeyPair, RsaPublicKeyComponents, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};

/// An RS256 signer and verifier for one key.
pub struct Rs256 {
    pair: RsaKeyPair,
    public: RsaPublicKeyComponents<Vec<u8>>,
    /// `base64url({"alg":"RS256","typ":"JWT","kid":…})`, the same for every token.
    header: String,
    rng: SystemRandom,
}

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    alg: &'a str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<&'a str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
}

impl Rs256 {
    /// A signer for a PKCS#1 DER private key with the public modulus `n` and exponent `e`
    /// (big-endian bytes), announcing `kid` in every header.
    pub fn new(pkcs1_der: &[u8], n: Vec<u8>, e: Vec<u8>, kid: &str) -> ApiResult<Rs256> {
        let pair = RsaKeyPair::from_der(pkcs1_der)
            .map_err(|e| ApiError::Internal(format!("rsa key rejected: {e}")))?;
        let header = Header {
            alg: "RS256",
            typ: Some("JWT"),
            kid: Some(kid),
        };
        let header = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).map_err(internal)?);
        Ok(Rs256 {
            pair,
            public: RsaPublicKeyComponents { n, e },
            header,
            rng: SystemRandom::new(),
        })
    }

    /// `header.claims.signature`.
    pub fn sign<T: Serialize>(&self, claims: &T) -> ApiResult<String> {
        let payload = serde_json::to_vec(claims).map_err(internal)?;
        let mut token = String::with_capacity(self.header.len() + payload.len() * 4 / 3 + 350);
        token.push_str(&self.header);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                token.as_bytes(),
                &mut signature,
            )
            .map_err(|_| ApiError::Internal("rsa signing failed".into()))?;
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut token);
        Ok(token)
    }

    /// The claims of a token this key signed with RS256; `None` for anything else
    /// (another key, another algorithm, a malformed token, claims that are not a `T`).
    /// Checks the signature only: expiry and audience are the caller's business.
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Option<T> {
        let (signed, signature) = token.rsplit_once('.')?;
        let (header, payload) = signed.split_once('.')?;
        let header_json = URL_SAFE_NO_PAD.decode(header).ok()?;
        if serde_json::from_slice::<Header>(&header_json).ok()?.alg != "RS256" {
            return None;
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        self.public
            .verify(
                &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                signed.as_bytes(),
                &signature,
            )
            .ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }
}

fn internal(e: serde_json::Error) -> ApiError {
    ApiError::Internal(format!("jwt json: {e}"))
}
