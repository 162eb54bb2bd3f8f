//! Access tokens (RS256 JWTs) and refresh-token families.
//!
//! The RSA key is generated once and kept in the database, so tokens stay valid
//! across restarts. Access tokens carry the session id (`sid`); a revoked session
//! makes its access tokens invalid as well.

use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::jwt::Rs256;
use crate::random;
use crate::store::{Db, RefreshToken, Session, Store};

const KEY_PEM: &str = "rsa_private_key_pkcs1_pem";
const KEY_ID: &str = "rsa_kid";

/// Refresh tokens live 31 days, as documented for the real service.
pub const REFRESH_TOKEN_TTL_MS: i64 = 31 * 24 * 3600 * 1000;
/// Within this window, reusing the parent of the active token returns the active token again
/// (two tabs refreshing at once), as GoTrue does.
pub const REUSE_WINDOW_MS: i64 = 10_000;

/// The signing key and its public forms.
pub struct Keys {
    jwt: Rs256,
    jwk: Value,
}

/// Claims of an access token (spec §3.1 and §12).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccessClaims {
    /// The emulator's origin.
    pub iss: String,
    /// User id.
    pub sub: String,
    /// Env id.
    pub aud: String,
    /// Expiry, epoch seconds.
    pub exp: i64,
    /// Issue time, epoch seconds.
    pub iat: i64,
    /// `user` or `anonymous`.
    pub scope: String,
    /// Env id again, as CloudBase tokens carry it.
    pub project_id: String,
    /// User id again.
    pub user_id: String,
    /// Display name.
    pub name: String,
    /// Email, if the user has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone in wire format `+CC NNN`, if the user has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Group ids.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Session (refresh family) id.
    pub sid: String,
    /// Unique token id: two tokens issued in the same second still differ.
    #[serde(default)]
    pub jti: String,
}

/// The key generated in this process, shared by every store that has none yet.
/// Why: RSA key generation takes seconds in debug builds and tests start many in-memory
/// servers at once; the lock makes concurrent callers wait for one generation.
static GENERATED: Mutex<Option<RsaPrivateKey>> = Mutex::new(None);

fn generated_key() -> ApiResult<RsaPrivateKey> {
    let mut slot = GENERATED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(key) = slot.as_ref() {
        return Ok(key.clone());
    }
    let key = RsaPrivateKey::new(&mut rand_core::OsRng, 2048)
        .map_err(|e| ApiError::Internal(format!("rsa keygen: {e}")))?;
    *slot = Some(key.clone());
    Ok(key)
}

impl Keys {
    /// Loads the stored key, if there is one.
    pub fn load(db: &Db) -> ApiResult<Option<Keys>> {
        match (db.meta_get(KEY_PEM)?, db.meta_get(KEY_ID)?) {
            (Some(pem), Some(kid)) => Keys::from_pem(&pem, kid).map(Some),
            _ => Ok(None),
        }
    }

    /// Stores `pem` as the key unless one is stored already; returns the stored key.
    fn load_or_insert(db: &Db, pem: &str) -> ApiResult<Keys> {
        if let Some(keys) = Keys::load(db)? {
            return Ok(keys);
        }
        let kid = random::hex(8);
        db.meta_set(KEY_PEM, pem)?;
        db.meta_set(KEY_ID, &kid)?;
        Keys::from_pem(pem, kid)
    }

    /// Loads the key from the database, generating and storing it on first use.
    /// Generation runs without holding the database lock.
    pub fn load_or_create(store: &Store) -> ApiResult<Keys> {
        if let Some(keys) = store.run_blocking(Keys::load)? {
            return Ok(keys);
        }
        let pem = generated_key()?
            .to_pkcs1_pem(LineEnding::LF)
            .map_err(|e| ApiError::Internal(format!("rsa pem: {e}")))?
            .to_string();
        store.run_blocking(move |db| Keys::load_or_insert(db, &pem))
    }

    fn from_pem(pem: &str, kid: String) -> ApiResult<Keys> {
        let bad = |e: &dyn std::fmt::Display| ApiError::Internal(format!("stored rsa key: {e}"));
        let private = RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| bad(&e))?;
        let der = private.to_pkcs1_der().map_err(|e| bad(&e))?;
        let (n, e) = (private.n().to_bytes_be(), private.e().to_bytes_be());
        let jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(&n), "e": URL_SAFE_NO_PAD.encode(&e),
        });
        let jwt = Rs256::new(der.as_bytes(), n, e, &kid)?;
        Ok(Keys { jwt, jwk })
    }

    /// The JWK Set with the public key.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }

    /// Signs claims (access tokens, and the fake provider's id tokens, spec §3.1 row 10).
    pub fn sign<T: Serialize>(&self, claims: &T) -> ApiResult<String> {
        self.jwt.sign(claims)
    }

    /// Checks the signature only (not expiry, not revocation) and deserializes the claims;
    /// `None` for anything that is not one of our JWTs (e.g. a publishable key) or lacks
    /// the claims of `T`.
    pub fn decode_claims<T: serde::de::DeserializeOwned>(&self, token: &str) -> Option<T> {
        self.jwt.verify(token)
    }

    /// [`Keys::decode_claims`] for access tokens.
    pub fn decode(&self, token: &str) -> Option<AccessClaims> {
        self.decode_claims(token)
    }
}

/// The signing key, which may still be being generated in the background.
///
/// Why: RSA key generation takes seconds in a debug build; the emulator starts listening
/// at once and only requests that sign or verify tokens wait for the key.
#[derive(Clone)]
pub struct KeyCell {
    rx: watch::Receiver<Option<Result<Arc<Keys>, String>>>,
}

impl KeyCell {
    /// A cell holding a key that is already loaded.
    pub fn ready(keys: Keys) -> KeyCell {
        let (_tx, rx) = watch::channel(Some(Ok(Arc::new(keys))));
        KeyCell { rx }
    }

    /// Loads or creates the key of `store` on the blocking pool.
    pub fn load_in_background(store: Store) -> KeyCell {
        let (tx, rx) = watch::channel(None);
        tokio::task::spawn_blocking(move || {
            let keys = Keys::load_or_create(&store)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            let _ = tx.send(Some(keys));
        });
        KeyCell { rx }
    }

    /// The key, waiting for it if needed.
    pub async fn get(&self) -> ApiResult<Arc<Keys>> {
        let mut rx = self.rx.clone();
        let value = rx
            .wait_for(Option::is_some)
            .await
            .map_err(|_| ApiError::Internal("key generation task vanished".into()))?;
        match value.as_ref() {
            Some(Ok(keys)) => Ok(keys.clone()),
            Some(Err(e)) => Err(ApiError::Internal(e.clone())),
            None => Err(ApiError::Internal("signing key unavailable".into())),
        }
    }
}

/// What to do with a presented refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshDecision {
    /// It is the active token: replace it with a new one.
    Rotate,
    /// It is the parent of the active token, reused within the window: hand out the active one again.
    ReturnActive(String),
    /// Any other reuse: revoke the family.
    RevokeFamily,
    /// Expired or its family is revoked.
    Reject,
}

/// Pure decision for a presented refresh token.
///
/// `child` is the token that replaced it (if it was rotated).
pub fn decide_refresh(
    token: &RefreshToken,
    session: &Session,
    child: Option<&RefreshToken>,
    now_ms: i64,
) -> RefreshDecision {
    if session.revoked_at.is_some() || now_ms - token.created_at > REFRESH_TOKEN_TTL_MS {
        return RefreshDecision::Reject;
    }
    match (token.used_at, child) {
        (None, _) => RefreshDecision::Rotate,
        (Some(used), Some(child))
            if child.used_at.is_none() && now_ms - used <= REUSE_WINDOW_MS =>
        {
            RefreshDecision::ReturnActive(child.token.clone())
        }
        _ => RefreshDecision::RevokeFamily,
    }
}

/// Outcome of a refresh: the session and the refresh token to hand out, or the answer to give.
pub type RefreshOutcome = Result<(Session, String), ApiError>;

/// Exchanges a refresh token within `env`.
///
/// Runs inside one store transaction. The outer `Err` is a database failure; a refusal is
/// `Ok(Err(..))` so the caller still commits (a family revocation must stick).
pub fn exchange_refresh_token(
    db: &Db,
    env: &str,
    presented: &str,
    now_ms: i64,
) -> ApiResult<RefreshOutcome> {
    let invalid = || ApiError::invalid_grant("refresh token is invalid, expired or revoked");
    let Some(token) = db.find_refresh_token(presented)? else {
        return Ok(Err(invalid()));
    };
    let session = match db.find_session(&token.session_id)? {
        Some(s) if s.env == env => s,
        _ => return Ok(Err(invalid())),
    };
    let child = db.child_refresh_token(&token.token)?;
    Ok(
        match decide_refresh(&token, &session, child.as_ref(), now_ms) {
            RefreshDecision::Rotate => {
                let next = random::secret();
                db.mark_refresh_token_used(&token.token, now_ms)?;
                db.insert_refresh_token(&session.id, &next, Some(&token.token), now_ms)?;
                Ok((session, next))
            }
            RefreshDecision::ReturnActive(active) => Ok((session, active)),
            RefreshDecision::RevokeFamily => {
                db.revoke_session(&session.id, now_ms)?;
                Err(ApiError::invalid_grant(
                    "refresh token reused; the session has been revoked",
                ))
            }
            RefreshDecision::Reject => Err(invalid()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(used_at: Option<i64>, created_at: i64) -> RefreshToken {
        RefreshToken {
            token: "t".into(),
            session_id: "s".into(),
            parent: None,
            created_at,
            used_at,
        }
    }

    fn session(revoked: bool) -> Session {
        Session {
            id: "s".into(),
            env: "e".into(),
            user_id: "u".into(),
            scope: "user".into(),
            created_at: 0,
            revoked_at: revoked.then_some(1),
        }
    }

    #[test]
    fn refresh_decisions() {
        let now = 100_000;
        let active_child = RefreshToken {
            token: "c".into(),
            ..rt(None, now - 1000)
        };
        let used_child = rt(Some(now - 500), now - 1000);
        assert_eq!(
            decide_refresh(&rt(None, 0), &session(false), None, now),
            RefreshDecision::Rotate
        );
        assert_eq!(
            decide_refresh(
                &rt(Some(now - 1000), 0),
                &session(false),
                Some(&active_child),
                now
            ),
            RefreshDecision::ReturnActive("c".into())
        );
        assert_eq!(
            decide_refresh(
                &rt(Some(now - 20_000), 0),
                &session(false),
                Some(&active_child),
                now
            ),
            RefreshDecision::RevokeFamily
        );
        assert_eq!(
            decide_refresh(
                &rt(Some(now - 1000), 0),
                &session(false),
                Some(&used_child),
                now
            ),
            RefreshDecision::RevokeFamily
        );
        assert_eq!(
            decide_refresh(&rt(None, 0), &session(true), None, now),
            RefreshDecision::Reject
        );
        assert_eq!(
            decide_refresh(
                &rt(None, 0),
                &session(false),
                None,
                REFRESH_TOKEN_TTL_MS + 1
            ),
            RefreshDecision::Reject
        );
    }
}
