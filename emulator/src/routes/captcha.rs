//! Captcha (spec §3.1 rows 22–23, §3.4): `POST /auth/v1/captcha/data`,
//! `POST /auth/v1/captcha/data/verify`, the emulator-only `GET /_emulator/captcha`, and the
//! gate that demands a captcha.
//!
//! Off by default; per-env config `captcha: {enabled, threshold}`. Once `threshold` failed
//! sign-ins (`POST /auth/v1/signin` answered with an error) or verification sends
//! (`POST /auth/v1/verification`, any answer) came from one `x-device-id`, those two
//! endpoints answer `captcha_required` (4001) until a request carries a valid
//! `?captcha_token=`, which resets the device's count. An unknown or expired
//! `captcha_token` is `captcha_invalid` (4002), as is a wrong answer at `verify`.
//!
//! [`gate`] is a middleware applied to the whole app; other code can use [`check`] and
//! [`record_attempt`] directly.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{self, ClientEnv, ClientIdQuery, JsonBody, QueryParams};
use crate::random;
use crate::state::captcha::Challenge;
use crate::state::AppState;

/// Captcha challenges and captcha tokens live five minutes.
pub const CAPTCHA_TTL_MS: i64 = 5 * 60 * 1000;
/// Characters of captcha answers (no look-alikes such as 0/O, 1/I).
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Answer length: the SDK's captcha input accepts at most 4 characters.
const ANSWER_LEN: usize = 4;
/// Paths guarded by the captcha.
pub const GUARDED_PATHS: [&str; 2] = ["/auth/v1/signin", "/auth/v1/verification"];

fn device_key(headers: &HeaderMap) -> String {
    extract::device_id(headers).unwrap_or_default()
}

/// Refuses the request with `captcha_required` / `captcha_invalid` when the captcha is on
/// for `env` and the device reached the threshold without presenting a valid
/// `?captcha_token=`. A valid token resets the device's count.
pub fn check(state: &AppState, env: &str, headers: &HeaderMap, uri: &Uri) -> ApiResult<()> {
    let cfg = state.settings.effective(Some(env)).captcha;
    if !cfg.enabled {
        return Ok(());
    }
    let key = (env.to_string(), device_key(headers));
    let now = state.clock.now_ms();
    let mut inner = state.captcha.lock();
    if inner.failures.get(&key).copied().unwrap_or(0) < cfg.threshold {
        return Ok(());
    }
    #[derive(Deserialize)]
    struct CaptchaQuery {
        captcha_token: Option<String>,
    }
    let query = extract::parse_query::<CaptchaQuery>(uri)?;
    match query.captcha_token {
        None => Err(ApiError::CaptchaRequired(
            "too many attempts from this device: solve a captcha (POST /auth/v1/captcha/data) \
             and retry with ?captcha_token="
                .into(),
        )),
        Some(token) => match inner.passes.get(&token) {
            Some((e, exp)) if e == env && *exp > now => {
                inner.failures.remove(&key);
                Ok(())
            }
            _ => Err(ApiError::CaptchaInvalid(
                "captcha_token is invalid or expired".into(),
            )),
        },
    }
}

/// Counts one failed sign-in or one verification send from the request's device (a no-op
/// while the captcha is off for `env`).
pub fn record_attempt(state: &AppState, env: &str, headers: &HeaderMap) {
    if !state.settings.effective(Some(env)).captcha.enabled {
        return;
    }
    let key = (env.to_string(), device_key(headers));
    *state.captcha.lock().failures.entry(key).or_insert(0) += 1;
}

/// The env a guarded request belongs to: its `client_id`, or the audience of its bearer
/// access token. `None` (not guarded) when neither is known.
async fn request_env(state: &AppState, headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let query = extract::parse_query::<ClientIdQuery>(uri).ok();
    if let Some(env) = query.and_then(|q| q.client_id) {
        return Some(env);
    }
    let token = extract::bearer_token(headers)?;
    let keys = state.keys.get().await.ok()?;
    keys.decode(&token).map(|c| c.aud)
}

/// Middleware: applies [`check`] before, and [`record_attempt`] after, `POST` requests to
/// [`GUARDED_PATHS`].
pub async fn gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let guarded = req.method() == Method::POST && GUARDED_PATHS.contains(&req.uri().path());
    if !guarded {
        return next.run(req).await;
    }
    let Some(env) = request_env(&state, req.headers(), req.uri()).await else {
        return next.run(req).await;
    };
    if let Err(e) = check(&state, &env, req.headers(), req.uri()) {
        return e.into_response();
    }
    let headers = req.headers().clone();
    let is_send = req.uri().path() == "/auth/v1/verification";
    let res = next.run(req).await;
    if is_send || res.status().is_client_error() {
        record_attempt(&state, &env, &headers);
    }
    res
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/v1/captcha/data", post(captcha_data))
        .route("/auth/v1/captcha/data/verify", post(captcha_verify))
}

/// The emulator-only route reading captcha answers.
pub fn emulator_routes() -> Router<AppState> {
    Router::new().route("/_emulator/captcha", get(list_captchas))
}

fn new_answer() -> String {
    random::bytes(ANSWER_LEN)
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// An SVG picture of `answer` with a little noise, as a `data:` URL.
pub fn captcha_image(answer: &str) -> String {
    let noise = random::bytes(8);
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" viewBox=\"0 0 120 40\">\
         <rect width=\"120\" height=\"40\" fill=\"#f4f4f0\"/>",
    );
    for pair in noise.chunks(4) {
        svg.push_str(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9aa\" stroke-width=\"1\"/>",
            pair[0] % 120,
            pair[1] % 40,
            pair[2] % 120,
            pair[3] % 40
        ));
    }
    for (i, c) in answer.chars().enumerate() {
        let tilt = (noise[i % noise.len()] % 30) as i32 - 15;
        let x = 14 + i * 27;
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"29\" font-family=\"monospace\" font-size=\"24\" font-weight=\"bold\" \
             fill=\"#223\" transform=\"rotate({tilt} {x} 20)\">{c}</text>"
        ));
    }
    svg.push_str("</svg>");
    format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg))
}

#[derive(Deserialize)]
struct DataBody {
    #[allow(dead_code)]
    state: Option<String>,
    #[allow(dead_code)]
    redirect_uri: Option<String>,
}

/// `{state, redirect_uri}` → `{data:"data:image/svg+xml;base64,...", type:"image", token,
/// expires_in}`.
async fn captcha_data(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(_body): JsonBody<DataBody>,
) -> Json<Value> {
    let now = state.clock.now_ms();
    let challenge = Challenge {
        token: random::secret(),
        answer: new_answer(),
        env,
        created_at: now,
        expires_at: now + CAPTCHA_TTL_MS,
    };
    let out = json!({
        "data": captcha_image(&challenge.answer),
        "type": "image",
        "token": challenge.token,
        "expires_in": CAPTCHA_TTL_MS / 1000,
    });
    let mut inner = state.captcha.lock();
    inner.challenges.retain(|_, c| c.expires_at > now);
    inner.challenges.insert(challenge.token.clone(), challenge);
    Json(out)
}

#[derive(Deserialize)]
struct VerifyBody {
    token: Option<String>,
    key: Option<String>,
}

/// `{token, key}` → `{captcha_token, expires_in}`. A challenge takes one answer: wrong or
/// not, it is used up (the SDK fetches a new image after a wrong answer).
async fn captcha_verify(
    State(state): State<AppState>,
    ClientEnv(env): ClientEnv,
    JsonBody(body): JsonBody<VerifyBody>,
) -> ApiResult<Json<Value>> {
    let token = body
        .token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::invalid("token is required"))?;
    let key = body
        .key
        .map(|k| k.trim().to_ascii_uppercase())
        .filter(|k| !k.is_empty())
        .ok_or_else(|| ApiError::invalid("key is required"))?;
    let now = state.clock.now_ms();
    let mut inner = state.captcha.lock();
    let challenge = inner
        .challenges
        .remove(&token)
        .filter(|c| c.expires_at > now && c.env == env)
        .ok_or_else(|| ApiError::CaptchaInvalid("captcha token is invalid or expired".into()))?;
    if challenge.answer != key {
        return Err(ApiError::CaptchaInvalid(
            "the captcha answer is wrong".into(),
        ));
    }
    let pass = random::secret();
    inner.passes.retain(|_, (_, exp)| *exp > now);
    inner
        .passes
        .insert(pass.clone(), (env, now + CAPTCHA_TTL_MS));
    Ok(Json(json!({
        "captcha_token": pass,
        "expires_in": CAPTCHA_TTL_MS / 1000,
    })))
}

/// `?env=E[&token=T]` → `{captchas:[{token, answer, created_at, expires_at}]}`: the open
/// (unanswered, unexpired) challenges, oldest first.
#[derive(Deserialize)]
struct ListQuery {
    env: Option<String>,
    token: Option<String>,
}

async fn list_captchas(
    State(state): State<AppState>,
    QueryParams(ListQuery { env, token }): QueryParams<ListQuery>,
) -> ApiResult<Json<Value>> {
    let env = env.ok_or_else(|| ApiError::invalid("env is required"))?;
    let now = state.clock.now_ms();
    let inner = state.captcha.lock();
    let mut list: Vec<&Challenge> = inner
        .challenges
        .values()
        .filter(|c| c.env == env && c.expires_at > now)
        .filter(|c| token.as_ref().is_none_or(|t| *t == c.token))
        .collect();
    list.sort_by_key(|c| c.created_at);
    Ok(Json(json!({ "captchas": list })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_images() {
        let a = new_answer();
        assert_eq!(a.len(), 4);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
        let img = captcha_image("AB2C");
        let b64 = img.strip_prefix("data:image/svg+xml;base64,").unwrap();
        let svg = String::from_utf8(STANDARD.decode(b64).unwrap()).unwrap();
        assert!(svg.starts_with("<svg"));
        for c in ["A", "B", "2", "C"] {
            assert!(svg.contains(&format!(">{c}</text>")));
        }
    }
}
