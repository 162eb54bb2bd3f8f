//! Third-party identity providers (spec §3.1 rows 9–11, 19–21, §6):
//! `GET /auth/v1/provider/uri`, `POST /auth/v1/provider/token`,
//! `POST /auth/v1/signin/with/provider`, `GET /auth/v1/user/provider`,
//! `POST /auth/v1/user/provider/bind`, `DELETE /auth/v1/user/provider/{provider_id}`.
//!
//! Errors: unknown or disabled provider `provider_not_enabled` (9, HTTP 403); untrusted
//! `redirect_uri` `permission_denied` (7); unknown, used, expired or mismatched code and
//! bad provider tokens `invalid_grant` (16); binding an account bound elsewhere
//! `failed_precondition` (9); unbinding a provider that is not bound `not_found` (5).

use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::start_session;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, ClientEnv, JsonBody, QueryParams};
use crate::fake_provider::{self, pct, provider_title, ProviderClaims};
use crate::model::TokenResponse;
use crate::random;
use crate::settings::KNOWN_PROVIDERS;
use crate::state::AppState;
use crate::store::{Identity, NewUser, User};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/v1/provider/uri", get(provider_uri))
        .route("/auth/v1/provider/token", post(provider_token))
        .route("/auth/v1/signin/with/provider", post(signin_with_provider))
        .route("/auth/v1/user/provider", get(list_providers))
        .route("/auth/v1/user/provider/bind", post(bind))
        .route("/auth/v1/user/provider/{provider_id}", delete(unbind))
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

#[derive(Deserialize)]
struct ProviderUriQuery {
    provider_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    scope: Option<String>,
}

/// `?provider_id&state&redirect_uri&client_id` → `{uri}`: the fake provider's authorize
/// page. The query values of `uri` are percent-encoded once, so the SDK's
/// `decodeURIComponent(uri)` still yields a URL a browser opens correctly (the SDK sends
/// `origin + pathname` as `redirect_uri`).
async fn provider_uri(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    QueryParams(q): QueryParams<ProviderUriQuery>,
) -> ApiResult<Json<Value>> {
    let provider = q
        .provider_id
        .ok_or_else(|| ApiError::invalid("provider_id is required"))?;
    let provider = state.settings.require_provider(&env, &provider)?;
    let redirect_uri = q
        .redirect_uri
        .ok_or_else(|| ApiError::invalid("redirect_uri is required"))?;
    if !state.settings.is_trusted_redirect(&env, &redirect_uri) {
        return Err(ApiError::PermissionDenied(format!(
            "redirect_uri {redirect_uri} is not in the trusted domains of env {env} \
             (localhost and 127.0.0.1 are trusted; add others with trusted_domains)"
        )));
    }
    let mut pairs = vec![
        ("client_id", env.clone()),
        ("response_type", "code".to_string()),
        ("redirect_uri", redirect_uri),
    ];
    if let Some(s) = q.state {
        pairs.push(("state", s));
    }
    if let Some(s) = q.scope {
        pairs.push(("scope", s));
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", pct(v)))
        .collect();
    Ok(Json(json!({
        "uri": format!("{}/_emulator/oauth/{provider}/authorize?{}", state.issuer, query.join("&")),
    })))
}

#[derive(Deserialize)]
struct ProviderTokenBody {
    provider_id: Option<String>,
    provider_redirect_uri: Option<String>,
    provider_code: Option<String>,
}

/// `{provider_id, provider_redirect_uri, provider_code}` → `{provider_token, expires_in,
/// provider_profile}`. The code must be unused, unexpired and issued for this env,
/// provider and redirect URI (else `invalid_grant`).
async fn provider_token(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<ProviderTokenBody>,
) -> ApiResult<Json<Value>> {
    let provider =
        non_empty(body.provider_id).ok_or_else(|| ApiError::invalid("provider_id is required"))?;
    let code = non_empty(body.provider_code)
        .ok_or_else(|| ApiError::invalid("provider_code is required"))?;
    let redirect_uri = non_empty(body.provider_redirect_uri);
    let provider = state.settings.require_provider(&env, &provider)?;
    let now = state.clock.now_ms();
    let found = state
        .store
        .run(move |db| db.take_oauth_code(&code, now))
        .await?
        .ok_or_else(|| ApiError::invalid_grant("provider_code is invalid"))?;
    if found.used_at.is_some() {
        return Err(ApiError::invalid_grant("provider_code was already used"));
    }
    if found.expires_at <= now {
        return Err(ApiError::invalid_grant("provider_code expired"));
    }
    if found.env != env || found.provider_id != provider {
        return Err(ApiError::invalid_grant(
            "provider_code was issued for another env or provider",
        ));
    }
    if redirect_uri
        .as_deref()
        .is_some_and(|r| r != found.redirect_uri)
    {
        return Err(ApiError::invalid_grant(
            "provider_redirect_uri does not match the redirect_uri the code was issued for",
        ));
    }
    let user_name = found
        .provider_user_id
        .split_once('-')
        .map_or(found.provider_user_id.as_str(), |(_, u)| u);
    let account = fake_provider::account(provider, user_name)
        .ok_or_else(|| ApiError::Internal("stored code names a malformed account".into()))?;
    let (token, claims) = fake_provider::issue_provider_token(&state, &env, &account).await?;
    Ok(Json(json!({
        "provider_token": token,
        "expires_in": fake_provider::PROVIDER_TOKEN_TTL_SECS,
        "provider_profile": profile(&claims),
    })))
}

fn profile(c: &ProviderClaims) -> Value {
    let mut p = json!({
        "provider_id": c.provider_id,
        "sub": c.sub,
        "name": c.name,
        "picture": c.picture,
        "provider_user_name": c.provider_user_name,
    });
    if let Some(e) = &c.email {
        p["email"] = json!(e);
    }
    p
}

fn identity_from(claims: &ProviderClaims, env: &str, user_id: &str, now: i64) -> Identity {
    Identity {
        env: env.to_string(),
        provider_id: claims.provider_id.clone(),
        provider_user_id: claims.sub.clone(),
        user_id: user_id.to_string(),
        name: claims.name.clone(),
        picture: claims.picture.clone(),
        created_at: now,
    }
}

#[derive(Deserialize)]
struct SigninWithProviderBody {
    provider_token: Option<String>,
    force_disable_sign_up: Option<bool>,
    sync_profile: Option<bool>,
}

/// `{provider_token, force_disable_sign_up?, sync_profile?}` → TokenResponse. Finds the user
/// linked to the provider account or creates one (name and picture from the account) unless
/// `force_disable_sign_up` (then `user_not_found`); `sync_profile` copies the account's name
/// and picture onto an existing user.
async fn signin_with_provider(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<SigninWithProviderBody>,
) -> ApiResult<Json<TokenResponse>> {
    let token = non_empty(body.provider_token)
        .ok_or_else(|| ApiError::invalid("provider_token is required"))?;
    let claims = fake_provider::verify_provider_token(&state, Some(&env), &token).await?;
    state.settings.require_provider(&env, &claims.provider_id)?;
    let no_signup = body.force_disable_sign_up.unwrap_or(false);
    let sync = body.sync_profile.unwrap_or(false);
    let now = state.clock.now_ms();
    let user = state
        .store
        .run(move |db| {
            if let Some(identity) = db.find_identity(&env, &claims.provider_id, &claims.sub)? {
                if let Some(user) = db.find_user(&env, &identity.user_id)? {
                    if !sync {
                        return Ok(user);
                    }
                    db.set_user_profile(&env, &user.id, &claims.name, &claims.picture, now)?;
                    return Ok(db.find_user(&env, &user.id)?.unwrap_or(user));
                }
            }
            if no_signup {
                return Err(ApiError::UserNotFound(format!(
                    "no user is bound to this {} account and sign-up is disabled",
                    claims.provider_id
                )));
            }
            let new = NewUser {
                env: env.clone(),
                name: claims.name.clone(),
                ..NewUser::default()
            };
            let user = db.insert_user(&new, &random::user_id(), now)?;
            db.set_user_picture(&env, &user.id, &claims.picture, now)?;
            db.link_identity(&identity_from(&claims, &env, &user.id, now))?;
            Ok(db.find_user(&env, &user.id)?.unwrap_or(user))
        })
        .await?;
    Ok(Json(start_session(&state, user).await?))
}

/// The `providers` entries of UserInfo for `user`: `[{id, provider_user_id, name, picture}]`.
pub(crate) async fn user_providers(state: &AppState, user: &User) -> ApiResult<Vec<Value>> {
    let (env, id) = (user.env.clone(), user.id.clone());
    let identities = state
        .store
        .read(move |db| db.identities_of(&env, &id))
        .await?;
    Ok(identities.iter().map(provider_entry).collect())
}

/// One UserInfo `providers` entry.
pub(crate) fn provider_entry(i: &Identity) -> Value {
    json!({
        "id": i.provider_id,
        "provider_user_id": i.provider_user_id,
        "name": i.name,
        "picture": i.picture,
    })
}

/// Bearer → `{total, data:[{id, name, picture, provider_user_name?, provider_type, bind}]}`:
/// every provider enabled in the env (plus any bound one), `bind` telling whether the user
/// has linked it; `provider_user_name` is the linked account's display name.
async fn list_providers(State(state): State<AppState>, auth: Authed) -> ApiResult<Json<Value>> {
    let (env, id) = (auth.user.env.clone(), auth.user.id.clone());
    let identities = state
        .store
        .run(move |db| db.identities_of(&env, &id))
        .await?;
    let enabled = state.settings.effective(Some(&auth.user.env)).providers;
    let data: Vec<Value> = KNOWN_PROVIDERS
        .iter()
        .filter_map(|p| {
            let bound = identities.iter().find(|i| i.provider_id == *p);
            if bound.is_none() && !enabled[p].enabled {
                return None;
            }
            let mut entry = json!({
                "id": p,
                "name": provider_title(p),
                "picture": format!("{}/_emulator/oauth/{p}/icon.svg", state.issuer),
                "provider_type": "OAUTH",
                "bind": bound.is_some(),
            });
            if let Some(i) = bound {
                entry["provider_user_name"] = json!(i.name);
                entry["provider_user_id"] = json!(i.provider_user_id);
            }
            Some(entry)
        })
        .collect();
    Ok(Json(json!({ "total": data.len(), "data": data })))
}

#[derive(Deserialize)]
struct BindBody {
    provider_token: Option<String>,
}

/// Bearer + `{provider_token}` → `{}`: links the provider account to the signed-in user.
async fn bind(
    State(state): State<AppState>,
    auth: Authed,
    JsonBody(body): JsonBody<BindBody>,
) -> ApiResult<Json<Value>> {
    let token = non_empty(body.provider_token)
        .ok_or_else(|| ApiError::invalid("provider_token is required"))?;
    let env = auth.user.env.clone();
    let claims = fake_provider::verify_provider_token(&state, Some(&env), &token).await?;
    state.settings.require_provider(&env, &claims.provider_id)?;
    let now = state.clock.now_ms();
    let identity = identity_from(&claims, &env, &auth.user.id, now);
    state
        .store
        .run(move |db| db.link_identity(&identity))
        .await?;
    Ok(Json(json!({})))
}

/// Bearer → `{}`: removes the user's link to `provider_id`; `not_found` when not bound,
/// `failed_precondition` when it is the user's only way to sign in (no password, email,
/// phone or username, and no other identity).
async fn unbind(
    State(state): State<AppState>,
    auth: Authed,
    Path(provider_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let (env, id) = (auth.user.env.clone(), auth.user.id.clone());
    let user = auth.user;
    state
        .store
        .run(move |db| {
            let identities = db.identities_of(&env, &id)?;
            if !identities.iter().any(|i| i.provider_id == provider_id) {
                return Err(ApiError::NotFound(format!(
                    "no {provider_id} identity is bound to this user"
                )));
            }
            let other_login = user.password_hash.is_some()
                || user.email.is_some()
                || user.phone.is_some()
                || user.username.is_some()
                || identities.len() > 1;
            if !other_login {
                return Err(ApiError::FailedPrecondition(format!(
                    "cannot unbind {provider_id}: it is the only way this user signs in"
                )));
            }
            db.unlink_identity(&env, &id, &provider_id)
        })
        .await?;
    Ok(Json(json!({})))
}

#[derive(Deserialize)]
struct SeedIdentity {
    provider_id: String,
    provider_user_id: String,
    name: Option<String>,
    picture: Option<String>,
}

/// Parses `providers: [{provider_id, provider_user_id, name?, picture?}]` of
/// `POST /_emulator/users` (env, user and time are filled in by the caller). The fake
/// provider's account ids are `gh-<login>`, `g-<login>`, `wx-<login>`; for such an id the
/// name and picture default to that account's.
pub(crate) fn seed_identities(seeds: Option<Vec<Value>>) -> ApiResult<Vec<Identity>> {
    let mut out: Vec<Identity> = Vec::new();
    for seed in seeds.unwrap_or_default() {
        let seed: SeedIdentity = serde_json::from_value(seed).map_err(|e| {
            ApiError::invalid(format!(
                "providers entries are {{provider_id, provider_user_id, name?, picture?}}: {e}"
            ))
        })?;
        let provider = KNOWN_PROVIDERS
            .iter()
            .find(|p| **p == seed.provider_id)
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "unknown provider_id {:?} (google, github, wechat)",
                    seed.provider_id
                ))
            })?;
        let id = seed.provider_user_id.trim().to_string();
        if id.is_empty() || id.len() > 128 {
            return Err(ApiError::invalid(
                "provider_user_id must be 1-128 characters",
            ));
        }
        if out.iter().any(|i| i.provider_id == *provider) {
            return Err(ApiError::invalid(format!(
                "at most one {provider} identity per user"
            )));
        }
        let account = id
            .split_once('-')
            .and_then(|(_, login)| fake_provider::account(provider, login))
            .filter(|a| a.id == id);
        out.push(Identity {
            env: String::new(),
            provider_id: provider.to_string(),
            provider_user_id: id.clone(),
            user_id: String::new(),
            name: seed
                .name
                .or_else(|| account.as_ref().map(|a| a.name.clone()))
                .unwrap_or_else(|| id.clone()),
            picture: seed
                .picture
                .or_else(|| account.as_ref().map(|a| a.picture.clone()))
                .unwrap_or_default(),
            created_at: 0,
        });
    }
    Ok(out)
}
