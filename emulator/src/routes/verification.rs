//! Verification codes: `POST /auth/v1/verification` (send) and
//! `POST /auth/v1/verification/verify` (exchange a code for a verification token), plus the
//! helpers the sign-up, sign-in, reset and sudo endpoints use to consume those tokens.
//!
//! Codes are 6 digits, stored as SHA-256, single use, valid 10 minutes, written to the
//! outbox (`/_emulator/outbox`) instead of being mailed. One send per address per 60 s.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use rand_core::{OsRng, RngCore};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::{parse_address, Address, Channel};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Caller, ClientEnv, JsonBody};
use crate::phone;
use crate::random;
use crate::state::AppState;
use crate::store::{digest, CodeState, Db, Verification};

/// Lifetime of a code and of a verification token, seconds.
pub const CODE_TTL_SECS: i64 = 600;
/// Minimum interval between two sends to one address, seconds.
pub const RESEND_INTERVAL_SECS: i64 = 60;
/// The wrong try that kills a code.
pub const MAX_ATTEMPTS: i64 = 5;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/v1/verification", post(send))
        .route("/auth/v1/verification/verify", post(verify))
}

#[derive(Deserialize)]
struct SendBody {
    email: Option<String>,
    phone_number: Option<String>,
    target: Option<String>,
    usage: Option<String>,
    #[allow(dead_code)]
    email_redirect_to: Option<String>,
}

/// `{email | phone_number, target?, usage?}` → `{verification_id, expires_in, is_user}`.
async fn send(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<SendBody>,
) -> ApiResult<Json<Value>> {
    let address = parse_address(body.email, body.phone_number)?;
    state
        .settings
        .require(&caller.env, address.channel.method())?;
    let target = match body.target.as_deref().map(str::trim) {
        None | Some("") => "ANY".to_string(),
        Some(t @ ("ANY" | "USER" | "NOT_USER" | "CUR_USER")) => t.to_string(),
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "target {other:?} is not one of ANY, USER, NOT_USER, CUR_USER"
            )))
        }
    };
    if target == "CUR_USER" {
        let user = caller
            .user
            .as_ref()
            .ok_or_else(|| ApiError::unauthenticated("target CUR_USER needs a signed-in user"))?;
        let own = match address.channel {
            Channel::Email => user.email.as_deref() == Some(address.value.as_str()),
            Channel::Phone => user.phone.as_deref() == Some(address.value.as_str()),
        };
        if !own {
            return Err(ApiError::PermissionDenied(
                "target CUR_USER: the address is not the current user's".into(),
            ));
        }
    }
    let code = format!("{:06}", OsRng.next_u32() % 1_000_000);
    let now = state.clock.now_ms();
    let id = random::hex(16);
    // Hashed before the unit of work: no CPU work while holding the writer.
    let code_hash = digest(&format!("{id}:{code}"));
    let usage = body.usage.unwrap_or_default();
    let sender = caller.user.map(|u| u.id);
    let env = caller.env;
    let is_user = state
        .store
        .run(move |db| {
            let is_user = db.find_user_by_login(&env, &address.login())?.is_some();
            match target.as_str() {
                "USER" if !is_user => {
                    return Err(ApiError::UserNotFound(format!(
                        "no user has {} {}",
                        address.channel.as_str(),
                        shown(&address)
                    )))
                }
                "NOT_USER" if is_user => {
                    return Err(ApiError::AlreadyExists(format!(
                        "a user already has {} {}",
                        address.channel.as_str(),
                        shown(&address)
                    )))
                }
                _ => {}
            }
            if let Some(last) = db.last_code_sent_at(&env, &address.value)? {
                let wait_ms = last + RESEND_INTERVAL_SECS * 1000 - now;
                if wait_ms > 0 {
                    return Err(ApiError::ResourceExhausted {
                        message: format!(
                            "a code was sent to this address less than {RESEND_INTERVAL_SECS} s ago; retry later"
                        ),
                        retry_after: ((wait_ms + 999) / 1000) as u64,
                    });
                }
            }
            let v = Verification {
                code_hash,
                id,
                env,
                address: address.value.clone(),
                channel: address.channel.as_str().into(),
                usage,
                target,
                user_id: sender,
                is_user,
                attempts: 0,
                state: CodeState::Pending,
                created_at: now,
                expires_at: now + CODE_TTL_SECS * 1000,
            };
            db.insert_verification(&v, &code)?;
            Ok((v.id, is_user))
        })
        .await?;
    Ok(Json(
        json!({"verification_id": is_user.0, "expires_in": CODE_TTL_SECS, "is_user": is_user.1}),
    ))
}

fn shown(address: &Address) -> String {
    match address.channel {
        Channel::Email => address.value.clone(),
        Channel::Phone => phone::to_wire(&address.value),
    }
}

#[derive(Deserialize)]
struct VerifyBody {
    verification_id: Option<String>,
    verification_code: Option<Value>,
}

/// `{verification_id, verification_code}` → `{verification_token, expires_in}`.
///
/// Wrong code: `invalid_code`; the 5th wrong try kills the code and answers, like every later
/// try, `max_attempts_exceeded`; expired or already used: `code_expired`.
async fn verify(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<VerifyBody>,
) -> ApiResult<Json<Value>> {
    let id = body
        .verification_id
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid("verification_id is required"))?;
    // The SDK sends `String(token)`; accept a JSON number too.
    let code = match body.verification_code {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => {
            return Err(ApiError::invalid("verification_code is required"))
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "verification_code must be a string or a number",
            ))
        }
    };
    let now = state.clock.now_ms();
    let token = random::secret();
    let t = token.clone();
    // Outer error: database; inner: the answer, given after committing the try count.
    state
        .store
        .run(move |db| {
            let Some(v) = db.find_verification(&env, &id)? else {
                return Ok(Err(ApiError::invalid(
                    "unknown verification_id (verification code not found)",
                )));
            };
            check_code(db, &v, &code, &t, now)
        })
        .await??;
    Ok(Json(
        json!({"verification_token": token, "expires_in": CODE_TTL_SECS}),
    ))
}

/// Checks one try of a code; on success stores `token` as its verification token.
fn check_code(
    db: &Db,
    v: &Verification,
    code: &str,
    token: &str,
    now: i64,
) -> ApiResult<ApiResult<()>> {
    match v.state {
        CodeState::Dead => {
            return Ok(Err(ApiError::MaxAttemptsExceeded(
                "too many wrong tries for this verification code; request a new one".into(),
            )))
        }
        CodeState::Used => {
            return Ok(Err(ApiError::CodeExpired(
                "verification code already used; request a new one".into(),
            )))
        }
        CodeState::Pending => {}
    }
    if now >= v.expires_at {
        return Ok(Err(ApiError::CodeExpired(
            "verification code expired; request a new one".into(),
        )));
    }
    if digest(&format!("{}:{code}", v.id)) != v.code_hash {
        let attempts = v.attempts + 1;
        if attempts >= MAX_ATTEMPTS {
            db.update_verification(&v.id, attempts, CodeState::Dead)?;
            return Ok(Err(ApiError::MaxAttemptsExceeded(
                "too many wrong tries for this verification code; request a new one".into(),
            )));
        }
        db.update_verification(&v.id, attempts, CodeState::Pending)?;
        return Ok(Err(ApiError::InvalidCode(format!(
            "wrong verification code ({} tries left)",
            MAX_ATTEMPTS - attempts
        ))));
    }
    db.update_verification(&v.id, v.attempts, CodeState::Used)?;
    db.insert_verification_token(token, v, now, now + CODE_TTL_SECS * 1000)?;
    Ok(Ok(()))
}
