//! The one request function (spec §1.3–1.5).

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::{codes, AuthError};
use crate::storage;
use crate::util::{self, get, get_f64, get_str};

/// `X-SDK-Version`: the official SDK's value, whose protocol this package speaks (spec §12).
pub const SDK_VERSION: &str = "@cloudbase/js-sdk/3.7.0";

/// Attempts for a request that fails with `unreachable` (1 + 2 retries), 1000 ms apart.
const ATTEMPTS: u32 = 3;
const RETRY_DELAY_MS: i32 = 1000;

/// Default gateway origin of an environment.
pub fn default_origin(env: &str) -> String {
    let mut s = String::from("https://");
    s.push_str(env);
    s.push_str(".api.tcloudbasegateway.com");
    s
}

/// Appends `client_id` to an uncredentialed path unless it already has one.
pub fn with_client_id(path: &str, client_id: &str) -> String {
    let mut s = String::from(path);
    // Byte scans rather than `str::contains(&str)`: keeps the substring searcher out of the wasm.
    let has_query = path.bytes().any(|b| b == b'?');
    if !path.as_bytes().windows(10).any(|w| w == b"client_id=") {
        s.push(if has_query { '&' } else { '?' });
        s.push_str("client_id=");
        s.push_str(&String::from(js_sys::encode_uri_component(client_id)));
    }
    s
}

/// Transport settings shared by every request of one auth instance.
pub(crate) struct Http {
    /// `scheme://host[:port]`; changed by `registerEndPointWithKey` / `registerHost`.
    pub origin: RefCell<String>,
    pub client_id: String,
    pub lang: String,
    device_id: RefCell<Option<String>>,
    /// How a captcha challenge is answered (spec §3.4); `None`: the built-in modal.
    pub captcha: RefCell<Option<crate::captcha::CaptchaHandler>>,
}

impl Http {
    pub fn new(origin: String, client_id: String, lang: String) -> Self {
        Http {
            origin: RefCell::new(origin),
            client_id,
            lang,
            device_id: RefCell::new(None),
            captcha: RefCell::new(None),
        }
    }

    /// The persistent device id (localStorage `device_id`, spec §4.3).
    pub fn device_id(&self) -> String {
        if let Some(id) = self.device_id.borrow().as_ref() {
            return id.clone();
        }
        let store = storage::backend(storage::Persistence::Local);
        let id = match store.get(storage::DEVICE_ID_KEY) {
            Some(id) if (16..=48).contains(&id.len()) => id,
            _ => {
                let id = util::new_id();
                store.set(storage::DEVICE_ID_KEY, &id);
                id
            }
        };
        *self.device_id.borrow_mut() = Some(id.clone());
        id
    }

    /// Sends one request to `{origin}/auth{path}` and returns the parsed JSON body.
    ///
    /// `authorization` is the full header value on credentialed calls; uncredentialed
    /// calls carry `?client_id=` instead. The body is sent as a JSON string with no
    /// `Content-Type` (the browser sends `text/plain`, which needs no CORS allowance).
    ///
    /// A `captcha_required` / `captcha_invalid` answer is handled here, for every auth
    /// request: a captcha token is obtained (spec §3.4, `crate::captcha`) and the
    /// request is sent once more with `?captcha_token=`.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
        authorization: Option<&str>,
    ) -> Result<JsValue, AuthError> {
        match self.request_once(method, path, body, authorization).await {
            Err(e) if e.is(codes::CAPTCHA_REQUIRED) || e.is(codes::CAPTCHA_INVALID) => {
                let mut state = String::from(method);
                state.push(':');
                state.push_str(path);
                let mut force_new = e.is(codes::CAPTCHA_INVALID);
                loop {
                    let (token, stored) = crate::captcha::token(self, &state, force_new).await?;
                    let mut retry = String::from(path);
                    retry.push(if path.bytes().any(|b| b == b'?') {
                        '&'
                    } else {
                        '?'
                    });
                    retry.push_str("captcha_token=");
                    retry.push_str(&String::from(js_sys::encode_uri_component(&token)));
                    match self.request_once(method, &retry, body, authorization).await {
                        // A stored token the server no longer accepts: one fresh challenge.
                        Err(e) if stored && e.is(codes::CAPTCHA_INVALID) => force_new = true,
                        r => return r,
                    }
                }
            }
            r => r,
        }
    }

    /// [`Http::request`] without the captcha handling (used by the captcha flow itself).
    pub async fn request_once(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
        authorization: Option<&str>,
    ) -> Result<JsValue, AuthError> {
        let mut url = self.origin.borrow().clone();
        url.push_str("/auth");
        match authorization {
            Some(_) => url.push_str(path),
            None => url.push_str(&with_client_id(path, &self.client_id)),
        }
        let request_id = util::new_id();
        let headers = util::object();
        util::set(&headers, "X-SDK-Version", SDK_VERSION);
        util::set(&headers, "Accept-Language", self.lang.as_str());
        util::set(&headers, "x-request-id", request_id.as_str());
        util::set(&headers, "x-device-id", self.device_id());
        if let Some(a) = authorization {
            util::set(&headers, "Authorization", a);
        }
        let body = body.map(util::json_stringify);
        let mut attempt = 1;
        loop {
            match send(method, &url, &headers, body.as_deref()).await {
                Some(v) => return check(v, &request_id),
                None if attempt < ATTEMPTS => {
                    attempt += 1;
                    util::sleep(RETRY_DELAY_MS).await;
                }
                None => {
                    let mut e = AuthError::new(codes::UNREACHABLE, "network request failed");
                    e.request_id = Some(request_id);
                    return Err(e);
                }
            }
        }
    }
}

/// One fetch; `None` on network failure or a body that is not JSON.
async fn send(method: &str, url: &str, headers: &JsValue, body: Option<&str>) -> Option<JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(headers);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    let window = web_sys::window()?;
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .ok()?;
    let resp: web_sys::Response = resp.dyn_into().ok()?;
    let text = JsFuture::from(resp.text().ok()?).await.ok()?.as_string()?;
    let v = util::json_parse(&text)?;
    // The status code is ignored, as in the official SDK; only the body counts.
    v.is_object().then_some(v)
}

/// A body with a truthy `error` or `code` field is a failure (spec §1.5).
fn check(v: JsValue, request_id: &str) -> Result<JsValue, AuthError> {
    let error = get(&v, "error");
    let code = get(&v, "code");
    if !util::truthy(&error) && !util::truthy(&code) {
        return Ok(v);
    }
    let mut e = AuthError::from_body(
        error.as_string().as_deref(),
        code.as_string().as_deref(),
        get_f64(&v, "error_code"),
        get_str(&v, "error_description").as_deref(),
        get_str(&v, "message").as_deref(),
        Some(request_id),
    );
    e.retry_after = get_f64(&v, "retry_after");
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_gateway() {
        assert_eq!(default_origin("e1"), "https://e1.api.tcloudbasegateway.com");
    }
}
