//! Custom login (spec §3.1 row 12): `POST /auth/v1/signin/custom` with a ticket issued by
//! the emulator-only `POST /_emulator/tickets` (standing in for the developer's server,
//! which would sign one with its private key).
//!
//! Tickets are single use and expire after [`TICKET_TTL_MS`]. An unknown, used, expired or
//! other-env ticket is `invalid_grant` (16); a missing ticket or a `provider_id` other than
//! `custom` is `invalid_argument` (3).

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::start_session;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ClientEnv, JsonBody};
use crate::model::TokenResponse;
use crate::random;
use crate::state::AppState;
use crate::store::{CustomTicket, NewUser};

/// Tickets live ten minutes.
pub const TICKET_TTL_MS: i64 = 10 * 60 * 1000;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/auth/v1/signin/custom", post(signin_custom))
}

/// The emulator-only ticket endpoint.
pub fn emulator_routes() -> Router<AppState> {
    Router::new().route("/_emulator/tickets", post(issue_ticket))
}

#[derive(Deserialize)]
struct TicketBody {
    env: Option<String>,
    user_id: Option<String>,
}

fn valid_user_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'))
}

/// `{env, user_id}` → `{ticket, user_id, expires_in}`. A user with that id is created when
/// the env has none (as a custom-login service does on first sign-in); its name is the id.
async fn issue_ticket(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<TicketBody>,
) -> ApiResult<Json<Value>> {
    let env = body
        .env
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("env is required"))?;
    let user_id = body
        .user_id
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::invalid("user_id is required"))?;
    if !valid_user_id(&user_id) {
        return Err(ApiError::invalid(
            "user_id must be 1-64 characters of letters, digits, '_', '-', '.', '@'",
        ));
    }
    let now = state.clock.now_ms();
    let ticket = format!("cbt-{}", random::secret());
    let row = CustomTicket {
        env: env.clone(),
        user_id: user_id.clone(),
        expires_at: now + TICKET_TTL_MS,
        used_at: None,
    };
    let t = ticket.clone();
    let uid = user_id.clone();
    state
        .store
        .run(move |db| {
            if db.find_user(&env, &uid)?.is_none() {
                let new = NewUser {
                    env: env.clone(),
                    name: uid.clone(),
                    ..NewUser::default()
                };
                db.insert_user(&new, &uid, now)?;
            }
            db.insert_ticket(&t, &row, now)
        })
        .await?;
    Ok(Json(json!({
        "ticket": ticket,
        "user_id": user_id,
        "expires_in": TICKET_TTL_MS / 1000,
    })))
}

#[derive(Deserialize)]
struct SigninCustomBody {
    provider_id: Option<String>,
    ticket: Option<String>,
}

/// `{provider_id:"custom", ticket}` → TokenResponse for the ticket's user.
async fn signin_custom(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<SigninCustomBody>,
) -> ApiResult<Json<TokenResponse>> {
    match body.provider_id.as_deref() {
        None | Some("") | Some("custom") => {}
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "provider_id must be \"custom\", not {other:?}"
            )))
        }
    }
    let ticket = body
        .ticket
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| ApiError::invalid("ticket is required"))?;
    let now = state.clock.now_ms();
    // The outer result is a database failure; the inner one the answer (decided after
    // committing, so that a presented ticket stays consumed whatever the outcome).
    let user = state
        .store
        .run(move |db| {
            let Some(found) = db.take_ticket(&ticket, now)? else {
                return Ok(Err(ApiError::invalid_grant(
                    "custom login ticket is invalid",
                )));
            };
            Ok(if found.used_at.is_some() {
                Err(ApiError::invalid_grant(
                    "custom login ticket was already used",
                ))
            } else if found.expires_at <= now {
                Err(ApiError::invalid_grant("custom login ticket expired"))
            } else if found.env != env {
                Err(ApiError::invalid_grant(
                    "custom login ticket was issued for another env",
                ))
            } else {
                db.find_user(&env, &found.user_id)?
                    .ok_or_else(|| ApiError::invalid_grant("the ticket's user no longer exists"))
            })
        })
        .await??;
    Ok(Json(start_session(&state, user).await?))
}
