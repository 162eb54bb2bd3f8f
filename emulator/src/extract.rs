//! Request extractors shared by the routes: JSON bodies whatever the content type,
//! the env of uncredentialed calls, Bearer authentication, the device id.

use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Query, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::state::request_log::RequestEnv;
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

/// A typed query string: `T` is a struct of `Option<String>` fields. An empty value counts
/// as absent (`?env=` names no env), the last of repeated keys wins, unknown keys are
/// ignored; a malformed query answers `invalid_argument` JSON.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parse_query(&parts.uri).map(QueryParams)
    }
}

/// The query string of `uri` as a `T` (see [`QueryParams`]), for middleware and helpers
/// that see a URI rather than a request.
pub fn parse_query<T: DeserializeOwned>(uri: &Uri) -> ApiResult<T> {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|e| ApiError::invalid(format!("invalid query string: {}", e.body_text())))?
        .0;
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| ApiError::invalid(format!("invalid query string: {e}")))
}

/// `?env=E`, the env selector of the emulator API.
#[derive(Debug, Default, Deserialize)]
pub struct EnvQuery {
    /// The env, if given.
    pub env: Option<String>,
}

/// `?client_id=E`, the env of uncredentialed calls.
#[derive(Debug, Default, Deserialize)]
pub struct ClientIdQuery {
    /// The env, if given.
    pub client_id: Option<String>,
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

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let QueryParams(ClientIdQuery { client_id }) =
            QueryParams::from_request_parts(parts, state).await?;
        let env = client_id.ok_or_else(|| ApiError::invalid("client_id is required"))?;
        note_env(&parts.extensions, &env);
        Ok(ClientEnv(env))
    }
}

/// The env of an anonymous sign-in: the client id of `Authorization: Basic
/// base64(clientId:)` (the SDK's automatic re-login), else the `client_id` query parameter.
pub struct BasicOrClientEnv(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BasicOrClientEnv {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Some(env) = basic_client_id(&parts.headers) else {
            let ClientEnv(env) = ClientEnv::from_request_parts(parts, state).await?;
            return Ok(BasicOrClientEnv(env));
        };
        note_env(&parts.extensions, &env);
        Ok(BasicOrClientEnv(env))
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

/// `Option<Authed>`: `None` when the request carries no bearer or a bearer that is not one
/// of our access tokens (a publishable key); one of ours must be valid (else `unauthenticated`).
impl OptionalFromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match bearer_token(&parts.headers) {
            Some(t) if state.keys.get().await?.decode(&t).is_some() => {
                <Authed as FromRequestParts<AppState>>::from_request_parts(parts, state)
                    .await
                    .map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// Who calls an endpoint that accepts a user token, a publishable key or `?client_id=`
/// (spec §3.1 row 6): the env, and the signed-in user if the call carried a user token.
///
/// A bearer that is one of our access tokens must be valid (else `unauthenticated`). Any
/// other bearer is a publishable key (spec §4.5). The SDK sends it without `client_id`, so
/// its env is the `client_id` query if present, else the env whose configuration lists the
/// key (`PATCH /_emulator/config?env=E {"publishable_keys":[..]}`); a key no env lists and no
/// `client_id` is `unauthenticated`. An env with a non-empty key list refuses other keys.
pub struct Caller {
    /// The env.
    pub env: String,
    /// The signed-in user, for a user token.
    pub user: Option<User>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Caller> {
        if let Some(authed) =
            <Authed as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state).await?
        {
            return Ok(Caller {
                env: authed.session.env,
                user: Some(authed.user),
            });
        }
        let Some(key) = bearer_token(&parts.headers) else {
            let ClientEnv(env) = ClientEnv::from_request_parts(parts, state).await?;
            return Ok(Caller { env, user: None });
        };
        let QueryParams(ClientIdQuery { client_id }) =
            QueryParams::from_request_parts(parts, state).await?;
        let env = client_id
            .or_else(|| state.settings.env_of_key(&key))
            .ok_or_else(|| {
                ApiError::unauthenticated(
                    "unknown publishable key: no env lists it (PATCH /_emulator/config?env=E {\"publishable_keys\":[...]}) and no client_id was given",
                )
            })?;
        if !state.settings.key_allowed(&env, &key) {
            return Err(ApiError::unauthenticated(format!(
                "publishable key is not valid for env {env}"
            )));
        }
        note_env(&parts.extensions, &env);
        Ok(Caller { env, user: None })
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
