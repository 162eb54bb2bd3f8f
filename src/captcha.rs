//! Captcha challenge (spec §3.4): a step of the auth request path (`Auth::send`).
//!
//! When an auth request answers `captcha_required` / `captcha_invalid`, the package:
//! 1. reuses a still valid token from localStorage `captcha_{clientId}` (not for
//!    `captcha_invalid`);
//! 2. else `POST /v1/captcha/data {state:"METHOD:/v1/path", redirect_uri:""}` for an image;
//! 3. asks the app's [`CaptchaHandler`] (the JS edge installs the app's function or a
//!    built-in accessible `<dialog>`);
//! 4. verifies a typed answer with `POST /v1/captcha/data/verify {token, key}` and stores
//!    `{captcha_token, expires_in, expires_at}` (expiry 10 s early, as the official SDK);
//! 5. the caller retries once with `?captcha_token=`.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::error::{codes, AuthError};
use crate::http::Http;
use crate::platform::{self, BoxFuture, ToEnd};
use crate::reflect::{get_f64, get_str, json_parse, json_stringify, object, set};
use crate::storage::{self, Storage};

/// A challenge to show to the user.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptchaChallenge {
    /// The image, as a data URL.
    pub image: String,
    /// The challenge token.
    pub token: String,
    /// `"METHOD:/v1/path"` of the request that was challenged.
    pub state: String,
}

/// A captcha token the app obtained and verified itself.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptchaToken {
    /// The token to send as `?captcha_token=`.
    pub captcha_token: String,
    /// Lifetime in seconds.
    pub expires_in: f64,
}

/// What a [`CaptchaHandler`] returns.
#[derive(Clone, Debug, PartialEq)]
pub enum CaptchaAnswer {
    /// The characters the user typed; the package verifies them with the server.
    Text(String),
    /// A token the app obtained and verified itself (the official SDK's
    /// `captchaOptions.openURIWithCallback`).
    Token(CaptchaToken),
}

impl CaptchaToken {
    /// `{captcha_token, expires_in}` of a JS object; `None` without a token.
    pub(crate) fn from_js(v: &JsValue) -> Option<CaptchaToken> {
        Some(CaptchaToken {
            captcha_token: crate::pure::non_empty(get_str(v, "captcha_token"))?,
            expires_in: get_f64(v, "expires_in").unwrap_or(0.0),
        })
    }
}

/// Answers captcha challenges: `Ok(None)` means the user cancelled.
pub type CaptchaHandler =
    Rc<dyn Fn(CaptchaChallenge) -> BoxFuture<Result<Option<CaptchaAnswer>, AuthError>>>;

/// A stored token that has not expired.
fn stored_token(store: &dyn Storage, key: &str) -> Option<String> {
    let v = json_parse(&store.get(key)?)?;
    let expires = platform::parse_date(&get_str(&v, "expires_at")?);
    if expires.is_nan() || expires <= platform::now_ms() {
        store.remove(key);
        return None;
    }
    crate::pure::non_empty(get_str(&v, "captcha_token"))
}

/// Stores `{captcha_token, expires_in, expires_at}`, as the official SDK does.
fn save_token(store: &dyn Storage, key: &str, t: CaptchaToken) -> String {
    let o = object();
    set(&o, "captcha_token", t.captcha_token.as_str());
    set(&o, "expires_in", t.expires_in);
    set(
        &o,
        "expires_at",
        platform::iso(platform::now_ms() + (t.expires_in - 10.0) * 1000.0),
    );
    store.set(key, &json_stringify(&o));
    t.captcha_token
}

fn cancelled() -> AuthError {
    AuthError::new(codes::CAPTCHA_REQUIRED, "the captcha was not answered")
}

/// A captcha token for the request described by `state` (`"METHOD:/v1/path"`), and
/// whether it came from storage (rather than from a challenge just answered).
pub(crate) async fn token(
    http: &Http,
    handler: Option<CaptchaHandler>,
    state: &str,
    force_new: bool,
) -> Result<(String, bool), AuthError> {
    let key = storage::captcha_key(&http.client_id);
    if !force_new {
        if let Some(t) = stored_token(&*http.store, &key) {
            return Ok((t, true));
        }
    }
    let Some(handler) = handler else {
        return Err(cancelled());
    };
    let mut body = object();
    set(&body, "state", state);
    set(&body, "redirect_uri", "");
    // One request site for the challenge and the check of a typed answer (`verify`): one copy
    // of the request future in this state machine (-170 B gzip, `make size`).
    let mut verify = false;
    let t = loop {
        let path = if verify {
            "/v1/captcha/data/verify"
        } else {
            "/v1/captcha/data"
        };
        let v = http
            .request("POST", path, Some(&body), None)
            .to_end()
            .await?;
        if verify {
            break CaptchaToken::from_js(&v).ok_or_else(|| {
                AuthError::new(
                    codes::CAPTCHA_INVALID,
                    "the server returned no captcha token",
                )
            })?;
        }
        let challenge = CaptchaChallenge {
            image: get_str(&v, "data").unwrap_or_default(),
            token: get_str(&v, "token").unwrap_or_default(),
            state: state.into(),
        };
        let ctoken = challenge.token.clone();
        match handler(challenge).await? {
            None => return Err(cancelled()),
            Some(CaptchaAnswer::Token(t)) => break t,
            Some(CaptchaAnswer::Text(answer)) if !answer.is_empty() => {
                body = object();
                set(&body, "token", ctoken);
                set(&body, "key", answer);
                verify = true;
            }
            Some(CaptchaAnswer::Text(_)) => return Err(cancelled()),
        }
    };
    Ok((save_token(&*http.store, &key, t), false))
}
