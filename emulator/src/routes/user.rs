//! The signed-in user: `GET /auth/v1/user/me`.

use axum::routing::get;
use axum::{Json, Router};

use crate::extract::Authed;
use axum::extract::State;

use crate::error::ApiResult;
use crate::model::{Group, UserInfo};
use crate::state::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/auth/v1/user/me",
        get(me).delete(super::account::delete_me),
    )
}

/// Bearer → UserInfo (spec §7.1).
async fn me(State(state): State<AppState>, auth: Authed) -> ApiResult<Json<UserInfo>> {
    let mut info = UserInfo::from(&auth.user);
    let (env, uid) = (auth.user.env.clone(), auth.user.id.clone());
    let (groups, identities) = state
        .store
        .read(move |db| Ok((db.groups_of(&env, &uid)?, db.identities_of(&env, &uid)?)))
        .await?;
    info.groups = groups.into_iter().map(|id| Group { id }).collect();
    info.providers = identities
        .iter()
        .map(super::provider::provider_entry)
        .collect();
    Ok(Json(info))
}
