//! Account management: `POST /auth/v1/reset`, `POST /auth/v1/user/sudo`,
//! `PATCH /auth/v1/user/password`, `POST /auth/v1/user/basic/edit`,
//! `POST /auth/v1/user/signout`, `DELETE /auth/v1/user/me?sudo_token=`,
//! `GET /auth/v1/checkIfUserExist?username=`.

use axum::extract::State;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::{
    check_gender, check_username, consume_token, parse_address, parse_login, Channel,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Authed, ClientEnv, JsonBody, QueryParams};
use crate::password;
use crate::phone;
use crate::random;
use crate::state::AppState;
use crate::store::{Login, UserChanges};

/// Sudo tokens live 15 minutes (documented).
pub const SUDO_TTL_SECS: i64 = 900;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/v1/reset", post(reset))
        .route("/auth/v1/user/sudo", post(sudo))
        .route("/auth/v1/user/password", patch(set_password))
        .route("/auth/v1/user/basic/edit", post(basic_edit))
        .route("/auth/v1/user/signout", post(signout))
        .route("/auth/v1/checkIfUserExist", get(check_if_user_exist))
}

fn required(v: Option<String>, what: &str) -> ApiResult<String> {
    v.filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid(format!("{what} is required")))
}

#[derive(Deserialize)]
struct ResetBody {
    email: Option<String>,
    phone_number: Option<String>,
    new_password: Option<String>,
    verification_token: Option<String>,
}

/// `{email|phone_number, new_password, verification_token}` → `{}`. The phone may be the
/// raw input (the SDK does not normalise it here).
async fn reset(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<ResetBody>,
) -> ApiResult<Json<Value>> {
    let address = parse_address(body.email, body.phone_number)?;
    let token = required(body.verification_token, "verification_token")?;
    let new_password = required(body.new_password, "new_password")?;
    state.settings.check_new_password(&env, &new_password)?;
    let hash = password::hash_blocking(new_password).await?;
    let now = state.clock.now_ms();
    state
        .store
        .run(move |db| {
            let user = db
                .find_user_by_login(&env, &address.login())?
                .ok_or_else(|| ApiError::UserNotFound("no user has this email or phone".into()))?;
            consume_token(db, &env, &token, Some(&address), now)?;
            let changes = UserChanges {
                password_hash: Some(hash),
                ..UserChanges::default()
            };
            db.update_user(&env, &user.id, &changes, now)?;
            Ok(())
        })
        .await?;
    Ok(Json(json!({})))
}

#[derive(Deserialize)]
struct SudoBody {
    password: Option<String>,
    verification_token: Option<String>,
}

/// Bearer `{password}` or `{verification_token}` → `{sudo_token, expires_in}` valid 15 min.
/// Wrong password: `invalid_password`; a token must prove the user's own email or phone.
async fn sudo(
    State(state): State<AppState>,
    auth: Authed,
    JsonBody(body): JsonBody<SudoBody>,
) -> ApiResult<Json<Value>> {
    let user = auth.user;
    let now = state.clock.now_ms();
    let sudo_token = random::secret();
    match (
        body.password.filter(|p| !p.is_empty()),
        body.verification_token.filter(|t| !t.is_empty()),
    ) {
        (Some(p), _) => {
            let hash = user
                .password_hash
                .clone()
                .ok_or_else(|| ApiError::InvalidPassword("the user has no password".into()))?;
            if !password::verify_blocking(p, hash).await {
                return Err(ApiError::InvalidPassword("wrong password".into()));
            }
            let t = sudo_token.clone();
            state
                .store
                .run(move |db| {
                    db.insert_sudo_token(&t, &user.env, &user.id, now, now + SUDO_TTL_SECS * 1000)
                })
                .await?;
        }
        (None, Some(token)) => {
            let t = sudo_token.clone();
            state
                .store
                .run(move |db| {
                    let proof = consume_token(db, &user.env, &token, None, now)?;
                    let own = match proof.channel.as_str() {
                        "email" => user.email.as_deref() == Some(proof.address.as_str()),
                        _ => user.phone.as_deref() == Some(proof.address.as_str()),
                    };
                    if !own {
                        return Err(ApiError::invalid(
                            "verification_token does not prove the current user's email or phone",
                        ));
                    }
                    db.insert_sudo_token(&t, &user.env, &user.id, now, now + SUDO_TTL_SECS * 1000)
                })
                .await?;
        }
        (None, None) => {
            return Err(ApiError::invalid(
                "password or verification_token is required",
            ))
        }
    }
    Ok(Json(
        json!({"sudo_token": sudo_token, "expires_in": SUDO_TTL_SECS}),
    ))
}

/// `permission_denied` unless `token` is a live sudo token of the user.
async fn check_sudo(state: &AppState, env: &str, user_id: &str, token: String) -> ApiResult<()> {
    let now = state.clock.now_ms();
    let (env, user_id) = (env.to_string(), user_id.to_string());
    let ok = state
        .store
        .run(move |db| db.sudo_token_valid(&env, &user_id, &token, now))
        .await?;
    if ok {
        Ok(())
    } else {
        Err(ApiError::PermissionDenied(
            "sudo_token is invalid or expired (POST /auth/v1/user/sudo)".into(),
        ))
    }
}

#[derive(Deserialize)]
struct PasswordBody {
    sudo_token: Option<String>,
    new_password: Option<String>,
}

/// Bearer `{sudo_token, new_password}` → `{}`.
async fn set_password(
    State(state): State<AppState>,
    auth: Authed,
    JsonBody(body): JsonBody<PasswordBody>,
) -> ApiResult<Json<Value>> {
    let sudo_token = required(body.sudo_token, "sudo_token")?;
    let new_password = required(body.new_password, "new_password")?;
    let user = auth.user;
    state
        .settings
        .check_new_password(&user.env, &new_password)?;
    check_sudo(&state, &user.env, &user.id, sudo_token).await?;
    let hash = password::hash_blocking(new_password).await?;
    let now = state.clock.now_ms();
    state
        .store
        .run(move |db| {
            let changes = UserChanges {
                password_hash: Some(hash),
                ..UserChanges::default()
            };
            db.update_user(&user.env, &user.id, &changes, now)
        })
        .await?;
    Ok(Json(json!({})))
}

#[derive(Deserialize)]
struct EditBody {
    nickname: Option<String>,
    username: Option<String>,
    description: Option<String>,
    avatar_url: Option<String>,
    gender: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    /// Sent by some SDK versions; the user is the token's.
    #[allow(dead_code)]
    user_id: Option<String>,
}

/// Bearer `{nickname?, username?, description?, avatar_url?, gender?, email?, phone?}` → `{}`.
///
/// The SDK changes an email/phone in two steps: it verifies a code sent (with the user's
/// token) to the new address, then sends only `{email}` / `{phone}` here. So a new address is
/// accepted when this user holds an unused verification token for it (valid 10 min), which
/// this call consumes; otherwise `failed_precondition`.
async fn basic_edit(
    State(state): State<AppState>,
    auth: Authed,
    JsonBody(body): JsonBody<EditBody>,
) -> ApiResult<Json<Value>> {
    let clean = |v: Option<String>| v.map(|s| s.trim().to_string());
    let username = clean(body.username).filter(|s| !s.is_empty());
    if let Some(u) = &username {
        check_username(u)?;
    }
    let gender = clean(body.gender).filter(|s| !s.is_empty());
    if let Some(g) = &gender {
        check_gender(g)?;
    }
    let email = match clean(body.email).filter(|s| !s.is_empty()) {
        Some(e) => Some(parse_address(Some(e), None)?),
        None => None,
    };
    let phone = match clean(body.phone).filter(|s| !s.is_empty()) {
        Some(p) => Some(parse_address(None, Some(p))?),
        None => None,
    };
    let changes = UserChanges {
        username,
        email: email.as_ref().map(|a| a.value.clone()),
        phone: phone.as_ref().map(|a| a.value.clone()),
        name: clean(body.nickname),
        picture: clean(body.avatar_url),
        gender,
        description: body.description,
        ..UserChanges::default()
    };
    let user = auth.user;
    let now = state.clock.now_ms();
    state
        .store
        .run(move |db| {
            for addr in [&email, &phone].into_iter().flatten() {
                let current = match addr.channel {
                    Channel::Email => &user.email,
                    Channel::Phone => &user.phone,
                };
                if current.as_deref() == Some(addr.value.as_str()) {
                    continue;
                }
                if !db.use_address_proof(&user.env, &addr.value, &user.id, now)? {
                    return Err(ApiError::FailedPrecondition(format!(
                        "verify {} first: send a code to it while signed in (POST /auth/v1/verification) and verify it",
                        match addr.channel {
                            Channel::Email => addr.value.clone(),
                            Channel::Phone => phone::to_wire(&addr.value),
                        }
                    )));
                }
            }
            db.update_user(&user.env, &user.id, &changes, now)
        })
        .await?;
    Ok(Json(json!({})))
}

#[derive(Deserialize)]
struct SignoutBody {
    redirect_uri: Option<String>,
    #[allow(dead_code)]
    state: Option<String>,
}

/// Bearer `{redirect_uri?, state?}` → `{redirect_uri?}`; the session is revoked. A
/// `redirect_uri` outside the env's trusted domains is `permission_denied`.
async fn signout(
    State(state): State<AppState>,
    auth: Authed,
    JsonBody(body): JsonBody<SignoutBody>,
) -> ApiResult<Json<Value>> {
    let redirect_uri = body.redirect_uri.filter(|r| !r.is_empty());
    // Protected domains (spec §3.5): a redirect outside the trusted domains is refused.
    if let Some(r) = &redirect_uri {
        if !state.settings.is_trusted_redirect(&auth.session.env, r) {
            return Err(ApiError::PermissionDenied(format!(
                "redirect_uri {r:?} is not in the trusted domains of env {}",
                auth.session.env
            )));
        }
    }
    let now = state.clock.now_ms();
    let sid = auth.session.id.clone();
    state
        .store
        .run(move |db| db.revoke_session(&sid, now))
        .await?;
    Ok(Json(match redirect_uri {
        Some(r) => json!({"redirect_uri": r}),
        None => json!({}),
    }))
}

/// `DELETE /auth/v1/user/me`: Bearer, `?sudo_token=` → `{}`; the user and all its sessions
/// are deleted. Routed together with `GET` in the user routes.
#[derive(Deserialize)]
pub(super) struct SudoQuery {
    sudo_token: Option<String>,
}

pub(super) async fn delete_me(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<SudoQuery>,
    auth: Authed,
) -> ApiResult<Json<Value>> {
    let sudo_token = q
        .sudo_token
        .ok_or_else(|| ApiError::invalid("sudo_token is required"))?;
    let user = auth.user;
    check_sudo(&state, &user.env, &user.id, sudo_token).await?;
    state
        .store
        .run(move |db| db.delete_user(&user.env, &user.id))
        .await?;
    Ok(Json(json!({})))
}

/// `?username=` (a username, email or phone) → `{exist}`.
#[derive(Deserialize)]
struct UsernameQuery {
    username: Option<String>,
}

async fn check_if_user_exist(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    QueryParams(q): QueryParams<UsernameQuery>,
) -> ApiResult<Json<Value>> {
    let username = q
        .username
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("username is required"))?;
    let login = parse_login(&username);
    let phone_fallback = phone::to_e164(&username).map(Login::Phone);
    let exist = state
        .store
        .run(move |db| {
            for l in [login, phone_fallback].into_iter().flatten() {
                if db.find_user_by_login(&env, &l)?.is_some() {
                    return Ok(true);
                }
            }
            Ok(false)
        })
        .await?;
    Ok(Json(json!({ "exist": exist })))
}
