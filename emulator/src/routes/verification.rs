//! Verification codes: `POST /auth/v1/verification` (send) and
//! `POST /auth/v1/verification/verify` (exchange a code for a verification token), plus the
//! helpers the sign-up, sign-in, reset and sudo endpoints use to consume those tokens.
//!
//! Codes are 6 digits, stored as SHA-256, single use, valid 10 minutes, written to the
//! outbox (`/_emulator/outbox`) instead of being mailed. One send per address per 60 s.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::routing::post;
use axum::{Json, Router};
use rand_core::{OsRng, RngCore};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{self, Authed, ClientEnv, JsonBody};
use crate::phone;
use crate::random;
use crate::settings::LoginMethod;
use crate::state::AppState;
use crate::store::{digest, CodeState, Db, Login, User, Verification, VerificationToken};

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

/// Where a code goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// An email address.
    Email,
    /// A phone number (SMS).
    Phone,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
        }
    }

    /// The login method a code on this channel belongs to.
    pub(crate) fn method(self) -> LoginMethod {
        match self {
            Channel::Email => LoginMethod::EmailOtp,
            Channel::Phone => LoginMethod::SmsOtp,
        }
    }
}

/// A normalised address: lower-cased email or E.164 phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub channel: Channel,
    pub value: String,
}

impl Address {
    /// The login that finds its user.
    pub(crate) fn login(&self) -> Login {
        match self.channel {
            Channel::Email => Login::Email(self.value.clone()),
            Channel::Phone => Login::Phone(self.value.clone()),
        }
    }
}

/// Whether `email` looks like `local@domain.tld` (no spaces, one `@`).
pub(crate) fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Exactly one of `email` / `phone_number`, validated: `invalid_argument` for a malformed
/// email or a missing/duplicate address, `invalid_phone` for a malformed phone.
pub(crate) fn parse_address(email: Option<String>, phone: Option<String>) -> ApiResult<Address> {
    let email = email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    let phone = phone
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    match (email, phone) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "give either email or phone_number, not both",
        )),
        (None, None) => Err(ApiError::invalid("email or phone_number is required")),
        (Some(e), None) if email_ok(&e) => Ok(Address {
            channel: Channel::Email,
            value: e.to_lowercase(),
        }),
        (Some(e), None) => Err(ApiError::invalid(format!("email {e:?} is malformed"))),
        (None, Some(p)) => match phone::to_e164(&p) {
            Some(value) => Ok(Address {
                channel: Channel::Phone,
                value,
            }),
            None => Err(ApiError::InvalidPhone(format!(
                "phone_number {p:?} is malformed (expected +CC NNN...)"
            ))),
        },
    }
}

/// Who sends a code: the env, and the signed-in user if the call carried a user token.
pub(crate) struct Caller {
    pub env: String,
    pub user: Option<User>,
}

/// Resolves the caller of an endpoint that accepts a user token, a publishable key or
/// `?client_id=` (spec §3.1 row 6).
///
/// A bearer that is one of our access tokens must be valid (else `unauthenticated`). Any
/// other bearer is a publishable key (spec §4.5). The SDK sends it without `client_id`, so
/// its env is the `client_id` query if present, else the env whose configuration lists the
/// key (`PATCH /_emulator/config?env=E {"publishable_keys":[..]}`); a key no env lists and no
/// `client_id` is `unauthenticated`. An env with a non-empty key list refuses other keys.
pub(crate) async fn resolve_caller(parts: &mut Parts, state: &AppState) -> ApiResult<Caller> {
    let Some(token) = extract::bearer_token(&parts.headers) else {
        let ClientEnv(env) = ClientEnv::from_request_parts(parts, state).await?;
        return Ok(Caller { env, user: None });
    };
    if state.keys.get().await?.decode(&token).is_some() {
        let authed = Authed::from_request_parts(parts, state).await?;
        return Ok(Caller {
            env: authed.session.env,
            user: Some(authed.user),
        });
    }
    let env = extract::query_param(&parts.uri, "client_id")
        .or_else(|| state.settings.env_of_key(&token))
        .ok_or_else(|| {
            ApiError::unauthenticated(
                "unknown publishable key: no env lists it (PATCH /_emulator/config?env=E {\"publishable_keys\":[...]}) and no client_id was given",
            )
        })?;
    if !state.settings.key_allowed(&env, &token) {
        return Err(ApiError::unauthenticated(format!(
            "publishable key is not valid for env {env}"
        )));
    }
    extract::note_env(&parts.extensions, &env);
    Ok(Caller { env, user: None })
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
async fn send(State(state): State<AppState>, req: Request) -> ApiResult<Json<Value>> {
    let (mut parts, body) = req.into_parts();
    let caller = resolve_caller(&mut parts, &state).await?;
    let bytes = axum::body::to_bytes(body, extract::BODY_LIMIT)
        .await
        .map_err(|_| ApiError::PayloadTooLarge(extract::BODY_LIMIT))?;
    let body: SendBody = extract::parse_json_object(&bytes)?;
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
                code_hash: digest(&format!("{id}:{code}")),
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

/// Consumes a verification token of `env` (inside a store transaction, so a later failure
/// of the same unit of work leaves it unused). `invalid_argument` for an unknown token,
/// `code_expired` for an expired or used one; `expected` (if given) must be its address.
pub(crate) fn consume_token(
    db: &Db,
    env: &str,
    token: &str,
    expected: Option<&Address>,
    now: i64,
) -> ApiResult<VerificationToken> {
    let found = db
        .find_verification_token(env, token)?
        .ok_or_else(|| ApiError::invalid("verification_token is invalid"))?;
    if found.used_at.is_some() {
        return Err(ApiError::CodeExpired(
            "verification_token already used; verify a new code".into(),
        ));
    }
    if now >= found.expires_at {
        return Err(ApiError::CodeExpired(
            "verification_token expired; verify a new code".into(),
        ));
    }
    if let Some(addr) = expected {
        if addr.value != found.address || addr.channel.as_str() != found.channel {
            return Err(ApiError::invalid(
                "verification_token was issued for another email or phone number",
            ));
        }
    }
    db.use_verification_token(token, now)?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(email_ok("a@b.co"));
        assert!(!email_ok("a@b"));
        assert!(!email_ok("@b.co"));
        assert!(!email_ok("a b@c.co"));
        assert!(matches!(
            parse_address(None, Some("+86 undefined".into())),
            Err(ApiError::InvalidPhone(_))
        ));
        assert!(matches!(
            parse_address(Some("nope".into()), None),
            Err(ApiError::InvalidArgument(_))
        ));
        assert_eq!(
            parse_address(None, Some("13800138000".into()))
                .unwrap()
                .value,
            "+8613800138000"
        );
        assert_eq!(
            parse_address(Some("A@B.co".into()), None).unwrap().value,
            "a@b.co"
        );
    }
}
