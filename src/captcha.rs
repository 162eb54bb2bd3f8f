//! Captcha challenge (spec §3.4).
//!
//! When any auth request answers `captcha_required` / `captcha_invalid`, the package:
//! 1. reuses a still valid token from localStorage `captcha_{clientId}` (not for
//!    `captcha_invalid`);
//! 2. else `POST /v1/captcha/data {state:"METHOD:/v1/path", redirect_uri:""}` for an image;
//! 3. gets the answer from the app's handler ([`CaptchaHandler`]), or from a minimal
//!    accessible modal (`<dialog>`, image with alt text, labelled input, submit/cancel);
//! 4. `POST /v1/captcha/data/verify {token, key}` and stores
//!    `{captcha_token, expires_in, expires_at}` (expiry 10 s early, as the official SDK);
//! 5. the caller ([`crate::http::Http::request`]) retries once with `?captcha_token=`.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::{codes, AuthError};
use crate::http::Http;
use crate::storage::{self, Persistence};
use crate::util::{self, get, get_f64, get_str};

/// How the app answers captchas (`cloudbase.init({auth: {captcha}})` or the official
/// `captchaOptions.openURIWithCallback`).
#[derive(Clone, Debug)]
pub enum CaptchaHandler {
    /// `({image, token, state}) => answer | Promise<answer>`: shows `image` (a data URL)
    /// to the user and returns the characters typed (a string); anything else cancels.
    Answer(Function),
    /// The official SDK's `openURIWithCallback(url) => Promise<{captcha_token, expires_in}>`,
    /// with `url = {image}?state={state}&token={token}`; the app verifies by itself.
    OpenUri(Function),
}

#[wasm_bindgen(inline_js = r#"
export function captchaModal(image) {
  return new Promise((resolve) => {
    if (typeof document === 'undefined' || !document.body || typeof HTMLDialogElement === 'undefined') return resolve(null);
    const d = document.createElement('dialog');
    d.setAttribute('aria-labelledby', 'cb-captcha-title');
    d.innerHTML = '<form method="dialog"><p id="cb-captcha-title">Enter the characters shown in the image</p>'
      + '<img alt="Captcha: an image of characters to type"><p><label for="cb-captcha-input">Characters</label> '
      + '<input id="cb-captcha-input" required autocomplete="off" autocapitalize="off" spellcheck="false"></p>'
      + '<button value="ok">Submit</button> <button type="button">Cancel</button></form>';
    d.querySelector('img').src = image;
    const input = d.querySelector('input');
    d.querySelector('button[type=button]').onclick = () => d.close('');
    d.addEventListener('close', () => { const v = d.returnValue === 'ok' ? input.value.trim() : ''; d.remove(); resolve(v || null); });
    document.body.appendChild(d);
    d.showModal();
    input.focus();
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = captchaModal)]
    fn captcha_modal(image: &str) -> Promise;
}

fn storage_key(client_id: &str) -> String {
    let mut k = String::from("captcha_");
    k.push_str(client_id);
    k
}

/// A stored token that has not expired.
fn stored_token(key: &str) -> Option<String> {
    let store = storage::backend(Persistence::Local);
    let v = util::json_parse(&store.get(key)?)?;
    let expires = js_sys::Date::parse(&get_str(&v, "expires_at")?);
    if expires.is_nan() || expires <= util::now_ms() {
        store.remove(key);
        return None;
    }
    get_str(&v, "captcha_token").filter(|t| !t.is_empty())
}

fn save_token(key: &str, v: &JsValue) -> Option<String> {
    let token = get_str(v, "captcha_token").filter(|t| !t.is_empty())?;
    let expires_in = get_f64(v, "expires_in").unwrap_or(0.0);
    let o = util::object();
    util::set(&o, "captcha_token", token.as_str());
    util::set(&o, "expires_in", expires_in);
    util::set(
        &o,
        "expires_at",
        util::iso(util::now_ms() + (expires_in - 10.0) * 1000.0),
    );
    storage::backend(Persistence::Local).set(key, &util::json_stringify(&o));
    Some(token)
}

async fn await_value(v: JsValue) -> Result<JsValue, AuthError> {
    JsFuture::from(Promise::resolve(&v))
        .await
        .map_err(|e| AuthError::new(codes::CAPTCHA_REQUIRED, handler_message(&e)))
}

fn handler_message(e: &JsValue) -> String {
    let mut m = String::from("the captcha handler failed: ");
    m.push_str(
        &get_str(e, "message")
            .or_else(|| e.as_string())
            .unwrap_or_default(),
    );
    m
}

fn cancelled() -> AuthError {
    AuthError::new(codes::CAPTCHA_REQUIRED, "the captcha was not answered")
}

/// A captcha token for the request described by `state` (`"METHOD:/v1/path"`), and
/// whether it came from storage (rather than from a challenge just answered).
pub(crate) async fn token(
    http: &Http,
    state: &str,
    force_new: bool,
) -> Result<(String, bool), AuthError> {
    let key = storage_key(&http.client_id);
    if !force_new {
        if let Some(t) = stored_token(&key) {
            return Ok((t, true));
        }
    }
    fresh_token(http, state, &key).await.map(|t| (t, false))
}

async fn fresh_token(http: &Http, state: &str, key: &str) -> Result<String, AuthError> {
    let body = util::object();
    util::set(&body, "state", state);
    util::set(&body, "redirect_uri", "");
    let d = http
        .request_once("POST", "/v1/captcha/data", Some(&body), None)
        .await?;
    let image = get_str(&d, "data").unwrap_or_default();
    let ctoken = get_str(&d, "token").unwrap_or_default();
    let handler = http.captcha.borrow().clone();
    let answer = match handler {
        Some(CaptchaHandler::OpenUri(f)) => {
            let mut url = image;
            url.push_str("?state=");
            url.push_str(&String::from(js_sys::encode_uri_component(state)));
            url.push_str("&token=");
            url.push_str(&String::from(js_sys::encode_uri_component(&ctoken)));
            let called = f
                .call1(&JsValue::NULL, &JsValue::from_str(&url))
                .map_err(|e| AuthError::new(codes::CAPTCHA_REQUIRED, handler_message(&e)))?;
            let v = await_value(called).await?;
            return save_token(key, &v).ok_or_else(cancelled);
        }
        Some(CaptchaHandler::Answer(f)) => {
            let arg = util::object();
            util::set(&arg, "image", image.as_str());
            util::set(&arg, "token", ctoken.as_str());
            util::set(&arg, "state", state);
            let called = f
                .call1(&JsValue::NULL, &arg)
                .map_err(|e| AuthError::new(codes::CAPTCHA_REQUIRED, handler_message(&e)))?;
            await_value(called).await?
        }
        None => await_value(captcha_modal(&image).into()).await?,
    };
    let answer = answer
        .as_string()
        .filter(|a| !a.is_empty())
        .ok_or_else(cancelled)?;
    let body = util::object();
    util::set(&body, "token", ctoken.as_str());
    util::set(&body, "key", answer.as_str());
    let v = http
        .request_once("POST", "/v1/captcha/data/verify", Some(&body), None)
        .await?;
    if !get(&v, "captcha_token").is_string() {
        return Err(AuthError::new(
            codes::CAPTCHA_INVALID,
            "the server returned no captcha token",
        ));
    }
    save_token(key, &v).ok_or_else(cancelled)
}

impl crate::auth::Auth {
    /// Sets how captcha challenges are answered; `None` restores the built-in modal.
    pub fn set_captcha_handler(&self, handler: Option<CaptchaHandler>) {
        *self.inner.http.captcha.borrow_mut() = handler;
    }
}
