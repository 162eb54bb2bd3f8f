//! Endpoints that exist only in the emulator, all under `/_emulator/` (never under `/auth/`):
//!
//! | method & path | body / query | answer |
//! |---|---|---|
//! | `GET /_emulator/health` | – | `{"ok":true}` |
//! | `POST /_emulator/users` | `{env, email?, phone_number?, username?, password?, name?}` | UserInfo (with `user_id`); 409 `already_exists` |
//! | `GET /_emulator/requests` | `?env=E&path=/auth/v1/token` (both optional) | `{"requests":[{method, path, query, env, time}]}` |
//! | `DELETE /_emulator/requests` | – | `{}` |
//! | `GET /_emulator/config` | `?env=E` (optional) | `{env, access_token_ttl, default_access_token_ttl}` |
//! | `PATCH /_emulator/config` | `?env=E` (optional), `{"access_token_ttl": N}` | same as GET; without env it changes the global default |

use axum::extract::{OriginalUri, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{query_param, JsonBody};
use crate::model::UserInfo;
use crate::settings::EffectiveSettings;
use crate::state::AppState;
use crate::store::NewUser;
use crate::{password, phone, random};

/// The emulator API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/users", post(create_user))
        .route(
            "/_emulator/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/_emulator/config", get(get_config).patch(patch_config))
}

async fn health() -> Json<Value> {
    Json(json!({"ok": true}))
}

#[derive(Deserialize)]
struct CreateUser {
    env: Option<String>,
    email: Option<String>,
    phone_number: Option<String>,
    username: Option<String>,
    password: Option<String>,
    name: Option<String>,
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

async fn create_user(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<CreateUser>,
) -> ApiResult<Json<UserInfo>> {
    let env = non_empty(body.env).ok_or_else(|| ApiError::invalid("env is required"))?;
    let email = non_empty(body.email);
    if email.as_deref().is_some_and(|e| !e.contains('@')) {
        return Err(ApiError::invalid("email is malformed"));
    }
    let phone = match non_empty(body.phone_number) {
        Some(p) => {
            Some(phone::to_e164(&p).ok_or_else(|| ApiError::invalid("phone_number is malformed"))?)
        }
        None => None,
    };
    let username = non_empty(body.username);
    if username
        .as_deref()
        .is_some_and(|u| u.starts_with('+') || u.contains('@'))
    {
        return Err(ApiError::invalid(
            "username must not start with + or contain @",
        ));
    }
    if email.is_none() && phone.is_none() && username.is_none() {
        return Err(ApiError::invalid(
            "one of email, phone_number or username is required",
        ));
    }
    let password_hash = match body.password.filter(|p| !p.is_empty()) {
        Some(p) => Some(password::hash_blocking(p).await?),
        None => None,
    };
    let name = non_empty(body.name)
        .or_else(|| username.clone())
        .or_else(|| email.clone())
        .unwrap_or_default();
    let new = NewUser {
        env,
        username,
        email,
        phone,
        password_hash,
        name,
        anonymous_device: None,
    };
    let now = state.clock.now_ms();
    let user = state
        .store
        .run(move |db| db.insert_user(&new, &random::user_id(), now))
        .await?;
    Ok(Json(UserInfo::from(&user)))
}

async fn list_requests(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
) -> Json<Value> {
    let env = query_param(&uri, "env");
    let path = query_param(&uri, "path");
    Json(json!({ "requests": state.log.query(env.as_deref(), path.as_deref()) }))
}

async fn clear_requests(State(state): State<AppState>) -> Json<Value> {
    state.log.clear();
    Json(json!({}))
}

async fn get_config(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
) -> Json<EffectiveSettings> {
    Json(
        state
            .settings
            .effective(query_param(&uri, "env").as_deref()),
    )
}

#[derive(Deserialize)]
struct ConfigPatch {
    access_token_ttl: Option<serde_json::Number>,
}

async fn patch_config(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    JsonBody(body): JsonBody<ConfigPatch>,
) -> ApiResult<Json<EffectiveSettings>> {
    let env = query_param(&uri, "env");
    if let Some(ttl) = body.access_token_ttl {
        let ttl = ttl
            .as_u64()
            .filter(|t| *t > 0)
            .ok_or_else(|| ApiError::invalid("access_token_ttl must be a positive integer"))?;
        state.settings.set_access_token_ttl(env.as_deref(), ttl);
    }
    Ok(Json(state.settings.effective(env.as_deref())))
}
