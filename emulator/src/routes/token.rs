//! Tokens: `POST /auth/v1/token` (refresh with rotation), `POST /auth/v1/revoke`.

use axum::extract::State;
use axum::http::Extensions;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::token_response;
use crate::error::{ApiError, ApiResult};
use crate::extract::{self, ClientIdQuery, JsonBody, QueryParams};
use crate::model::TokenResponse;
use crate::state::AppState;
use crate::tokens;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/v1/token", post(token))
        .route("/auth/v1/revoke", post(revoke))
}

#[derive(Deserialize)]
struct TokenBody {
    client_id: Option<String>,
    grant_type: Option<String>,
    refresh_token: Option<String>,
}

/// `{client_id, client_secret, grant_type:"refresh_token", refresh_token}` → TokenResponse
/// with a rotated refresh token.
async fn token(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<ClientIdQuery>,
    extensions: Extensions,
    JsonBody(body): JsonBody<TokenBody>,
) -> ApiResult<Json<TokenResponse>> {
    let env = body
        .client_id
        .filter(|c| !c.is_empty())
        .or(query.client_id)
        .ok_or_else(|| ApiError::invalid("client_id is required"))?;
    extract::note_env(&extensions, &env);
    match body.grant_type.as_deref() {
        Some("refresh_token") => {}
        Some("password" | "authorization_code" | "client_credentials") => {
            return Err(ApiError::Unimplemented(format!(
                "grant_type {} is not supported by the emulator",
                body.grant_type.unwrap_or_default()
            )))
        }
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "unsupported grant_type {other:?}"
            )))
        }
        None => return Err(ApiError::invalid("grant_type is required")),
    }
    let presented = body
        .refresh_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::invalid("refresh_token is required"))?;
    let now = state.clock.now_ms();
    // The outer result is a database failure; the inner one an answer to give (after
    // committing, so that a family revocation sticks).
    let outcome = state
        .store
        .run(move |db| {
            Ok(
                match tokens::exchange_refresh_token(db, &env, &presented, now)? {
                    Ok((session, refresh)) => match db.find_user(&session.env, &session.user_id)? {
                        Some(user) => {
                            let groups = db.groups_of(&user.env, &user.id)?;
                            Ok((session, user, groups, refresh))
                        }
                        None => Err(ApiError::invalid_grant("the user no longer exists")),
                    },
                    Err(e) => Err(e),
                },
            )
        })
        .await?;
    let (session, user, groups, refresh) = outcome?;
    Ok(Json(
        token_response(&state, &session, &user, groups, refresh).await?,
    ))
}

#[derive(Deserialize)]
struct RevokeBody {
    token: Option<String>,
}

/// `{token}` (an access token, as the SDK sends, or a refresh token) → `{}`; the session is
/// revoked. Unknown tokens are accepted silently (RFC 7009).
async fn revoke(
    State(state): State<AppState>,
    QueryParams(ClientIdQuery { client_id }): QueryParams<ClientIdQuery>,
    extensions: Extensions,
    JsonBody(body): JsonBody<RevokeBody>,
) -> ApiResult<Json<Value>> {
    let token = body
        .token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::invalid("token is required"))?;
    let sid = state.keys.get().await?.decode(&token).map(|c| {
        extract::note_env(&extensions, &c.aud);
        c.sid
    });
    let now = state.clock.now_ms();
    state
        .store
        .run(move |db| {
            let sid = match sid {
                Some(sid) => Some(sid),
                None => db.find_refresh_token(&token)?.map(|t| t.session_id),
            };
            let Some(session) = sid.map(|s| db.find_session(&s)).transpose()?.flatten() else {
                return Ok(());
            };
            // A client may only revoke its own env's sessions.
            if client_id.as_deref().is_none_or(|c| c == session.env) {
                db.revoke_session(&session.id, now)?;
            }
            Ok(())
        })
        .await?;
    Ok(Json(json!({})))
}
