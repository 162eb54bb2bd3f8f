//! Public key discovery.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use crate::error::ApiResult;
use crate::state::AppState;

/// Path of the JWK Set with the RS256 public key that signs access tokens.
pub const JWKS_PATH: &str = "/auth/v1/.well-known/jwks.json";

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(JWKS_PATH, get(jwks))
}

/// `GET /auth/v1/.well-known/jwks.json` → `{"keys":[{kty,use,alg,kid,n,e}]}`.
async fn jwks(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    Ok(Json(state.keys.get().await?.jwks()))
}
