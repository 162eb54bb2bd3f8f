//! Starting a session (a refresh-token family) and answering with its tokens.

use crate::error::ApiResult;
use crate::model::TokenResponse;
use crate::random;
use crate::state::AppState;
use crate::store::{Session, User};
use crate::tokens::AccessClaims;

/// Access-token scope of a user.
pub fn scope_of(user: &User) -> &'static str {
    if user.is_anonymous() {
        "anonymous"
    } else {
        "user"
    }
}

/// Starts a new session (refresh family) for `user` and answers with its tokens.
pub async fn start_session(state: &AppState, user: User) -> ApiResult<TokenResponse> {
    let now = state.clock.now_ms();
    let session = Session {
        id: random::hex(16),
        env: user.env.clone(),
        user_id: user.id.clone(),
        scope: scope_of(&user).to_string(),
        created_at: now,
        revoked_at: None,
    };
    let refresh = random::secret();
    let (s, r) = (session.clone(), refresh.clone());
    let (user, groups) = state
        .store
        .run(move |db| {
            db.insert_session(&s, &r)?;
            db.touch_last_login(&s.env, &s.user_id, now)?;
            let groups = db.groups_of(&s.env, &s.user_id)?;
            Ok((db.find_user(&s.env, &s.user_id)?.unwrap_or(user), groups))
        })
        .await?;
    token_response(state, &session, &user, groups, refresh).await
}

/// Signs a fresh access token for `session` (whose user is in `groups`) and pairs it with
/// `refresh_token`. Callers read `groups` in the same transaction as the session, and sign
/// here, after it: no CPU work inside a unit of work.
pub async fn token_response(
    state: &AppState,
    session: &Session,
    user: &User,
    groups: Vec<String>,
    refresh_token: String,
) -> ApiResult<TokenResponse> {
    let ttl = state.settings.access_token_ttl(&session.env);
    let iat = state.clock.now_secs();
    let claims = AccessClaims {
        iss: state.issuer.to_string(),
        sub: user.id.clone(),
        aud: session.env.clone(),
        exp: iat + ttl as i64,
        iat,
        scope: session.scope.clone(),
        project_id: session.env.clone(),
        user_id: user.id.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
        phone_number: user.phone.as_deref().map(crate::phone::to_wire),
        groups: groups.clone(),
        sid: session.id.clone(),
        jti: random::hex(12),
    };
    Ok(TokenResponse {
        token_type: "Bearer",
        access_token: state.keys.get().await?.sign(&claims)?,
        refresh_token,
        expires_in: ttl,
        scope: session.scope.clone(),
        sub: user.id.clone(),
        groups,
    })
}
