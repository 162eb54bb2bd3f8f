//! `POST /auth/v1/signup`: creates a user from a verified email or phone, or upgrades the
//! anonymous user whose access token the request carries (same user id).

use axum::extract::State;
use axum::http::Extensions;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use crate::domain::{
    check_gender, check_username, consume_token, parse_address, start_session, Channel,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{self, Authed, ClientIdQuery, JsonBody, QueryParams};
use crate::model::TokenResponse;
use crate::password;
use crate::random;
use crate::state::AppState;
use crate::store::{NewUser, User, UserChanges};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/auth/v1/signup", post(signup))
}

#[derive(Deserialize)]
struct SignupBody {
    email: Option<String>,
    phone_number: Option<String>,
    verification_token: Option<String>,
    /// The SDK also sends the raw code, possibly as a number; it is not needed.
    #[allow(dead_code)]
    verification_code: Option<Value>,
    password: Option<String>,
    username: Option<String>,
    name: Option<String>,
    gender: Option<String>,
    picture: Option<String>,
    locale: Option<String>,
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `{email|phone_number, verification_token, password?, username?, name?, gender?, picture?,
/// locale?}` → TokenResponse. `already_exists` when the address or username is taken;
/// `invalid_password` for a password shorter than the env's minimum.
async fn signup(
    State(state): State<AppState>,
    authed: Option<Authed>,
    QueryParams(query): QueryParams<ClientIdQuery>,
    extensions: Extensions,
    JsonBody(body): JsonBody<SignupBody>,
) -> ApiResult<Json<TokenResponse>> {
    // A bearer that is one of our tokens may name an anonymous user to upgrade; anything
    // else (a publishable key) leaves the env to `client_id`.
    let anonymous: Option<User> = authed.map(|a| a.user).filter(User::is_anonymous);
    let env = match (&anonymous, query.client_id) {
        (Some(user), _) => user.env.clone(),
        (None, Some(env)) => env,
        (None, None) => return Err(ApiError::invalid("client_id is required")),
    };
    extract::note_env(&extensions, &env);
    let address = parse_address(body.email, body.phone_number)?;
    state.settings.require(&env, address.channel.method())?;
    let token = non_empty(body.verification_token)
        .ok_or_else(|| ApiError::invalid("verification_token is required"))?;
    let username = non_empty(body.username);
    if let Some(u) = &username {
        check_username(u)?;
    }
    let gender = non_empty(body.gender);
    if let Some(g) = &gender {
        check_gender(g)?;
    }
    let password_hash = match body.password.filter(|p| !p.is_empty()) {
        Some(p) => {
            state.settings.check_new_password(&env, &p)?;
            Some(password::hash_blocking(p).await?)
        }
        None => None,
    };
    let (email, phone) = match address.channel {
        Channel::Email => (Some(address.value.clone()), None),
        Channel::Phone => (None, Some(address.value.clone())),
    };
    let name = non_empty(body.name)
        .or_else(|| username.clone())
        .or_else(|| email.clone())
        .unwrap_or_default();
    let changes = UserChanges {
        username: username.clone(),
        email: email.clone(),
        phone: phone.clone(),
        password_hash: password_hash.clone(),
        name: Some(name.clone()),
        picture: non_empty(body.picture),
        gender,
        locale: non_empty(body.locale),
        description: None,
        clear_anonymous: true,
    };
    let now = state.clock.now_ms();
    let user = state
        .store
        .run(move |db| {
            consume_token(db, &env, &token, Some(&address), now)?;
            match anonymous {
                Some(anon) => {
                    // The old anonymous sessions would still say scope `anonymous`.
                    db.revoke_user_sessions(&env, &anon.id, now)?;
                    db.update_user(&env, &anon.id, &changes, now)
                }
                None => {
                    let new = NewUser {
                        env: env.clone(),
                        username,
                        email,
                        phone,
                        password_hash,
                        name,
                        anonymous_device: None,
                    };
                    let user = db.insert_user(&new, &random::user_id(), now)?;
                    db.update_user(&env, &user.id, &changes, now)
                }
            }
        })
        .await?;
    Ok(Json(start_session(&state, user).await?))
}
