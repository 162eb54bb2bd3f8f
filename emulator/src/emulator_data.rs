//! Emulator-only endpoints for verification codes, time and data (all under `/_emulator/`):
//!
//! | method & path | body / query | answer |
//! |---|---|---|
//! | `GET /_emulator/outbox` | `?env=E` (required), `&address=A` (email, or phone in any form: matched by E.164 digits) | `{"messages":[{address, channel, code, verification_id, usage, target, created_at, expires_at}]}` oldest first; times in epoch ms; phones as `+CC NNN` |
//! | `DELETE /_emulator/outbox` | `?env=E` (required) | `{}` |
//! | `GET /_emulator/clock` | – | `{now_ms, offset_ms}` |
//! | `POST /_emulator/clock` | `{"advance_seconds": N}` (N may be negative or fractional) | `{now_ms, offset_ms}` |
//! | `DELETE /_emulator/data` | `?env=E` (optional) | `{}`; all data, or only env E's, including captcha attempt counters (the signing key, configuration and faults stay) |

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{EnvQuery, JsonBody, QueryParams};
use crate::phone;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/_emulator/outbox", get(outbox).delete(clear_outbox))
        .route("/_emulator/clock", get(clock).post(advance_clock))
        .route("/_emulator/data", axum::routing::delete(reset_data))
}

fn required_env(q: EnvQuery) -> ApiResult<String> {
    q.env
        .ok_or_else(|| ApiError::invalid("env query parameter is required"))
}

#[derive(Deserialize)]
struct OutboxQuery {
    env: Option<String>,
    address: Option<String>,
}

async fn outbox(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<OutboxQuery>,
) -> ApiResult<Json<Value>> {
    let env = required_env(EnvQuery { env: q.env })?;
    // An address with `@` is an email; anything else is tried as a phone number.
    let address = q.address.map(|a| {
        let a = a.trim().to_string();
        if a.contains('@') {
            a.to_lowercase()
        } else {
            phone::to_e164(&a).unwrap_or(a)
        }
    });
    let messages = state
        .store
        .run(move |db| db.outbox(&env, address.as_deref()))
        .await?;
    Ok(Json(json!({ "messages": messages })))
}

async fn clear_outbox(
    State(state): State<AppState>,
    QueryParams(q): QueryParams<EnvQuery>,
) -> ApiResult<Json<Value>> {
    let env = required_env(q)?;
    state.store.run(move |db| db.clear_outbox(&env)).await?;
    Ok(Json(json!({})))
}

fn clock_view(state: &AppState) -> Json<Value> {
    Json(json!({"now_ms": state.clock.now_ms(), "offset_ms": state.clock.offset_ms()}))
}

async fn clock(State(state): State<AppState>) -> Json<Value> {
    clock_view(&state)
}

#[derive(Deserialize)]
struct Advance {
    advance_seconds: Option<f64>,
}

async fn advance_clock(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Advance>,
) -> ApiResult<Json<Value>> {
    let secs = body
        .advance_seconds
        .filter(|s| s.is_finite() && s.abs() <= 100.0 * 365.0 * 86_400.0)
        .ok_or_else(|| {
            ApiError::invalid(
                "advance_seconds is required: a number of seconds (at most 100 years)",
            )
        })?;
    state.clock.advance_ms((secs * 1000.0).round() as i64);
    Ok(clock_view(&state))
}

async fn reset_data(
    State(state): State<AppState>,
    QueryParams(EnvQuery { env }): QueryParams<EnvQuery>,
) -> ApiResult<Json<Value>> {
    // Captcha counters live in memory but are per-device data too; configuration and
    // injected faults are settings, not data, and stay.
    state.captcha.reset(env.as_deref());
    state
        .store
        .run(move |db| db.reset_data(env.as_deref()))
        .await?;
    Ok(Json(json!({})))
}
