//! The CloudBase auth API under `/auth/v1`, one file per group. Each group exposes
//! `routes()`; adding an endpoint means adding a handler and one `.route(...)` line.

mod account;
pub mod captcha;
mod custom;
mod jwks;
mod provider;
pub use jwks::JWKS_PATH;
mod signin;
mod signup;
mod token;
mod user;
mod verification;

use axum::Router;

use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::User;

/// Every `/auth/v1/...` route.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(signin::routes())
        .merge(token::routes())
        .merge(user::routes())
        .merge(jwks::routes())
        .merge(provider::routes())
        .merge(custom::routes())
        .merge(captcha::routes())
        .merge(verification::routes())
        .merge(signup::routes())
        .merge(account::routes())
}

/// Emulator-only routes that live next to the auth routes they serve
/// (`/_emulator/tickets`, `/_emulator/captcha`).
pub fn emulator_routes() -> Router<AppState> {
    Router::new()
        .merge(custom::emulator_routes())
        .merge(captcha::emulator_routes())
}

/// Identities to link to a user created through `POST /_emulator/users`.
pub(crate) fn seed_identities(
    seeds: Option<Vec<serde_json::Value>>,
) -> ApiResult<Vec<crate::store::Identity>> {
    provider::seed_identities(seeds)
}

/// UserInfo `providers` of a user (its linked identities).
pub(crate) async fn user_providers(
    state: &AppState,
    user: &User,
) -> ApiResult<Vec<serde_json::Value>> {
    provider::user_providers(state, user).await
}
