//! Endpoints that exist only in the emulator, all under `/_emulator/` (never under `/auth/`):
//!
//! | method & path | body / query | answer |
//! |---|---|---|
//! | `GET /_emulator/health` | – | `{"ok":true}` |
//! | `POST /_emulator/users` | `{env, email?, phone_number?, username?, password?, name?, groups?: ["id"...], providers?: [{provider_id, provider_user_id, name?, picture?}]}` | UserInfo (with `user_id`); 409 `already_exists`; a provider account bound elsewhere `failed_precondition` |
//! | `GET /_emulator/requests` | `?env=E&path=/auth/v1/token` (both optional) | `{"requests":[{method, path, query, env, time}]}` |
//! | `DELETE /_emulator/requests` | – | `{}` |
//! | `GET /_emulator/config` | `?env=E` (optional) | `{env, access_token_ttl, default_access_token_ttl}` |
//! | `PATCH /_emulator/config` | `?env=E` (optional), `{"access_token_ttl": N}` | same as GET; without env it changes the global default |
//!
//! Config fields for login policy (see [`crate::settings`]): `login_methods: {anonymous, password,
//! email_otp, sms_otp}` (booleans, default all true; off = `login_type_disabled` 4045),
//! `publishable_keys: ["pk"...]` (empty = any key), `min_password_length` (default 8). GET and
//! PATCH answers show them too. The outbox, clock and data reset are in [`crate::emulator_data`];
//! `--config FILE` applies the same fields at start-up ([`crate::startup_config`]).
//!
//! Config fields for identity providers and captcha (see [`crate::settings`]):
//! `providers: {google:{enabled}, github:{enabled}, wechat:{enabled}}` (default all enabled;
//! off = `provider_not_enabled`), `trusted_domains: ["host", "host:port", "*.domain"]` (plus
//! localhost and 127.0.0.1 on any port), `oauth_auto_approve` (default false),
//! `captcha: {enabled, threshold}` (default off, 3). Other emulator-only endpoints:
//! the fake provider's pages ([`crate::fake_provider`]), `/_emulator/faults`
//! ([`crate::faults`]), `POST /_emulator/tickets` and `GET /_emulator/captcha`
//! (`routes::custom`, `routes::captcha`).

use std::sync::Arc;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{EnvQuery, JsonBody, QueryParams};
use crate::model::UserInfo;
use crate::settings::{EffectiveSettings, Overrides};
use crate::state::request_log::RequestLog;
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
    groups: Option<Vec<String>>,
    providers: Option<Vec<Value>>,
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
    let identities = crate::routes::seed_identities(body.providers)?;
    if email.is_none() && phone.is_none() && username.is_none() && identities.is_empty() {
        return Err(ApiError::invalid(
            "one of email, phone_number, username or providers is required",
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
    let groups: Vec<String> = body
        .groups
        .unwrap_or_default()
        .into_iter()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty())
        .collect();
    let groups_view = groups
        .iter()
        .map(|id| crate::model::Group { id: id.clone() })
        .collect();
    let now = state.clock.now_ms();
    let user = state
        .store
        .run(move |db| {
            let user = db.insert_user(&new, &random::user_id(), now)?;
            db.set_groups(&user.env, &user.id, &groups)?;
            for mut identity in identities {
                identity.env = user.env.clone();
                identity.user_id = user.id.clone();
                identity.created_at = now;
                db.link_identity(&identity)?;
            }
            Ok(user)
        })
        .await?;
    let providers = crate::routes::user_providers(&state, &user).await?;
    let mut info = UserInfo::from(&user);
    info.providers = providers;
    info.groups = groups_view;
    Ok(Json(info))
}

#[derive(Deserialize)]
struct RequestsQuery {
    env: Option<String>,
    path: Option<String>,
}

async fn list_requests(
    State(log): State<Arc<RequestLog>>,
    QueryParams(q): QueryParams<RequestsQuery>,
) -> Json<Value> {
    Json(json!({ "requests": log.query(q.env.as_deref(), q.path.as_deref()) }))
}

async fn clear_requests(State(log): State<Arc<RequestLog>>) -> Json<Value> {
    log.clear();
    Json(json!({}))
}

async fn get_config(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<EnvQuery>,
) -> Json<EffectiveSettings> {
    Json(state.settings.effective(q.env.as_deref()))
}

/// Validates the whole patch, then applies it at once: a refused patch changes nothing.
async fn patch_config(
    State(state): State<AppState>,
    QueryParams(EnvQuery { env }): QueryParams<EnvQuery>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<EffectiveSettings>> {
    let patch = Overrides::parse(body)?;
    state.settings.apply(env.as_deref(), &patch);
    Ok(Json(state.settings.effective(env.as_deref())))
}
