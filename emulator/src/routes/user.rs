//! The signed-in user: `GET /auth/v1/user/me`.

use axum::routing::get;
use axum::{Json, Router};

use crate::extract::Authed;
use crate::model::UserInfo;
use crate::state::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/auth/v1/user/me", get(me))
}

/// Bearer → UserInfo (spec §7.1).
async fn me(auth: Authed) -> Json<UserInfo> {
    Json(UserInfo::from(&auth.user))
}
