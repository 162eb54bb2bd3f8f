//! Sign-in: `POST /auth/v1/signin`, `POST /auth/v1/signin/anonymously`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use crate::domain::{consume_token, parse_address, parse_login, start_session};
use crate::error::{ApiError, ApiResult};
use crate::extract::{self, BasicOrClientEnv, ClientEnv, JsonBody};
use crate::model::TokenResponse;
use crate::password;
use crate::phone;
use crate::random;
use crate::settings::LoginMethod;
use crate::state::AppState;
use crate::store::{Login, NewUser};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/v1/signin", post(signin))
        .route("/auth/v1/signin/anonymously", post(signin_anonymously))
}

#[derive(Deserialize)]
struct SigninBody {
    username: Option<String>,
    password: Option<String>,
    verification_token: Option<String>,
}

/// `{username, password}` → TokenResponse; `invalid_username_or_password` for an unknown
/// user and a wrong password alike.
async fn signin(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<SigninBody>,
) -> ApiResult<Json<TokenResponse>> {
    let username = body
        .username
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("username is required"))?;
    let password = match (
        body.password.filter(|p| !p.is_empty()),
        body.verification_token.filter(|t| !t.is_empty()),
    ) {
        (Some(p), _) => p,
        (None, Some(token)) => {
            return Ok(Json(
                signin_with_token(&state, env, &username, token).await?,
            ))
        }
        (None, None) => return Err(ApiError::invalid("password is required")),
    };
    state.settings.require(&env, LoginMethod::Password)?;
    let login = parse_login(&username).ok_or(ApiError::InvalidUsernameOrPassword)?;
    // A bare number that is no username may still be a phone (e.g. `13800138000`).
    let phone_fallback = phone::to_e164(&username).map(Login::Phone);
    let user = state
        .store
        .read(move |db| match db.find_user_by_login(&env, &login)? {
            Some(user) => Ok(Some(user)),
            None => match phone_fallback {
                Some(phone) if phone != login => db.find_user_by_login(&env, &phone),
                _ => Ok(None),
            },
        })
        .await?
        .ok_or(ApiError::InvalidUsernameOrPassword)?;
    let hash = user
        .password_hash
        .clone()
        .ok_or(ApiError::InvalidUsernameOrPassword)?;
    if !password::verify_blocking(password, hash).await {
        return Err(ApiError::InvalidUsernameOrPassword);
    }
    Ok(Json(start_session(&state, user).await?))
}

/// `{username: email | phone, verification_token}`: the token must prove that address.
/// `user_not_found` when nobody has it.
async fn signin_with_token(
    state: &AppState,
    env: String,
    username: &str,
    token: String,
) -> ApiResult<TokenResponse> {
    let address = if username.contains('@') {
        parse_address(Some(username.to_string()), None)?
    } else {
        parse_address(None, Some(username.to_string())).map_err(|_| {
            ApiError::invalid(
                "with a verification_token, username must be the email or phone number it proves",
            )
        })?
    };
    state.settings.require(&env, address.channel.method())?;
    let now = state.clock.now_ms();
    let user = state
        .store
        .run(move |db| {
            let user = db
                .find_user_by_login(&env, &address.login())?
                .ok_or_else(|| ApiError::UserNotFound("no user has this email or phone".into()))?;
            consume_token(db, &env, &token, Some(&address), now)?;
            Ok(user)
        })
        .await?;
    start_session(state, user).await
}

#[derive(Deserialize)]
struct AnonymousBody {
    provider_token: Option<String>,
}

/// `{}` → TokenResponse with `scope: anonymous`. One anonymous user per (env, `x-device-id`).
/// The env is the Basic client id (automatic re-login) or the `client_id` query parameter.
async fn signin_anonymously(
    State(state): State<AppState>,
    BasicOrClientEnv(env): BasicOrClientEnv,
    headers: HeaderMap,
    JsonBody(body): JsonBody<AnonymousBody>,
) -> ApiResult<Json<TokenResponse>> {
    if body.provider_token.is_some() {
        return Err(ApiError::Unimplemented(
            "anonymous sign-in with provider_token is not implemented yet".into(),
        ));
    }
    state.settings.require(&env, LoginMethod::Anonymous)?;
    let device = device_or_error(&headers)?;
    let now = state.clock.now_ms();
    let user = state
        .store
        .run(move |db| {
            if let Some(user) = db.find_anonymous_user(&env, &device)? {
                return Ok(user);
            }
            let new = NewUser {
                env,
                name: "anonymous".into(),
                anonymous_device: Some(device),
                ..NewUser::default()
            };
            db.insert_user(&new, &random::user_id(), now)
        })
        .await?;
    Ok(Json(start_session(&state, user).await?))
}

fn device_or_error(headers: &HeaderMap) -> ApiResult<String> {
    extract::device_id(headers).ok_or_else(|| ApiError::invalid("x-device-id header is required"))
}
