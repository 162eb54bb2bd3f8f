//! Request extractors shared by the routes: JSON bodies whatever the content type,
//! the env of uncredentialed calls, Bearer authentication, the device id.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::request_log::RequestEnv;
use crate::state::AppState;
use crate::store::{Session, User};
use crate::tokens::AccessClaims;

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A JSON object body. The SDK sends `text/plain;charset=UTF-8`, so the content type is
/// ignored; an empty body counts as `{}`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ApiError::PayloadTooLarge(BODY_LIMIT))?;
        parse_json_object(&bytes).map(JsonBody)
    }
}

/// Parses a body as a JSON object (empty = `{}`).
pub fn parse_json_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::invalid("request body is not UTF-8"))?
        .trim();
    let text = if text.is_empty() { "{}" } else { text };
    if !text.starts_with('{') {
        return Err(ApiError::invalid("request body must be a JSON object"));
    }
    serde_json::from_str(text).map_err(|e| ApiError::invalid(format!("invalid JSON body: {e}")))
}

/// All query parameters (last value wins).
pub fn query_params(uri: &Uri) -> HashMap<String, String> {
    Query::<HashMap<String, String>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default()
}

/// One non-empty query parameter.
pub fn query_param(uri: &Uri, name: &str) -> Option<String> {
    query_params(uri).remove(name).filter(|v| !v.is_empty())
}

/// Records the env of the current request for the request log.
pub fn note_env(extensions: &axum::http::Extensions, env: &str) {
    if let Some(slot) = extensions.get::<RequestEnv>() {
        slot.set(env);
    }
}

/// The env of an uncredentialed call: its `client_id` query parameter.
pub struct ClientEnv(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientEnv {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let env = query_param(&parts.uri, "client_id")
            .ok_or_else(|| ApiError::invalid("client_id is required"))?;
        note_env(&parts.extensions, &env);
        Ok(ClientEnv(env))
    }
}

/// The client id of `Authorization: Basic base64(clientId:)`, if that header is present.
pub fn basic_client_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(rest.trim()).ok()?).ok()?;
    let id = decoded.split(':').next().unwrap_or("");
    (!id.is_empty()).then(|| id.to_string())
}

/// The `x-device-id` header, if non-empty.
pub fn device_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-device-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The bearer token, if the request carries one.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// A request authenticated by a valid access token of a live session.
///
/// Expired, revoked, malformed tokens and publishable keys are `unauthenticated`.
pub struct Authed {
    /// The verified claims.
    pub claims: AccessClaims,
    /// The live session.
    pub session: Session,
    /// The signed-in user.
    pub user: User,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| ApiError::unauthenticated("missing access token"))?;
        let claims = state
            .keys
            .get()
            .await?
            .decode(&token)
            .ok_or_else(|| ApiError::unauthenticated("invalid access token"))?;
        note_env(&parts.extensions, &claims.aud);
        if claims.exp <= state.clock.now_secs() {
            return Err(ApiError::unauthenticated("access token expired"));
        }
        let (sid, env, sub) = (claims.sid.clone(), claims.aud.clone(), claims.sub.clone());
        let found = state
            .store
            .read(move |db| Ok((db.find_session(&sid)?, db.find_user(&env, &sub)?)))
            .await?;
        match found {
            (Some(session), Some(user))
                if session.revoked_at.is_none() && session.env == claims.aud =>
            {
                Ok(Authed {
                    claims,
                    session,
                    user,
                })
            }
            (Some(_), Some(_)) | (None, _) => Err(ApiError::unauthenticated("session revoked")),
            (_, None) => Err(ApiError::unauthenticated("user not found")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct B {
        a: Option<String>,
    }

    #[test]
    fn json_bodies() {
        assert!(parse_json_object::<B>(b"").unwrap().a.is_none());
        assert!(parse_json_object::<B>(b"  ").unwrap().a.is_none());
        assert_eq!(
            parse_json_object::<B>(br#"{"a":"x"}"#)
                .unwrap()
                .a
                .as_deref(),
            Some("x")
        );
        assert!(parse_json_object::<B>(b"{bad").is_err());
        assert!(parse_json_object::<B>(b"[\"x\"]").is_err());
        assert!(parse_json_object::<B>(br#"{"a":1}"#).is_err());
    }

    #[test]
    fn authorization_headers() {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, "Basic ZW52LTE6".parse().unwrap()); // env-1:
        assert_eq!(basic_client_id(&h).as_deref(), Some("env-1"));
        assert_eq!(bearer_token(&h), None);
        h.insert(AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert_eq!(bearer_token(&h).as_deref(), Some("abc"));
        assert_eq!(basic_client_id(&h), None);
    }
}
