//! The one request function (spec §1.3–1.5), sent with gloo-net.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::error::{codes, AuthError};
use crate::platform::{self, ToEnd};
use crate::reflect::{get, get_f64, get_str, json_stringify};
use crate::storage::{self, Storage};

/// `X-SDK-Version`: the official SDK's value, whose protocol this package speaks (spec §12).
pub(crate) const SDK_VERSION: &str = "@cloudbase/js-sdk/3.7.0";

/// Attempts for a request that fails with `unreachable` (1 + 2 retries), 1000 ms apart.
const ATTEMPTS: u32 = 3;
const RETRY_DELAY_MS: i32 = 1000;

/// Default per-request timeout (`cloudbase.init({ timeout })` overrides it).
pub(crate) const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// Default gateway origin of an environment.
pub(crate) fn default_origin(env: &str) -> String {
    let mut s = String::from("https://");
    s.push_str(env);
    s.push_str(".api.tcloudbasegateway.com");
    s
}

/// `path` with `key=value` appended to its query (`value` already encoded).
pub(crate) fn with_query(path: &str, key: &str, value: &str) -> String {
    let mut s = String::from(path);
    s.push(if path.bytes().any(|b| b == b'?') {
        '&'
    } else {
        '?'
    });
    s.push_str(key);
    s.push('=');
    s.push_str(value);
    s
}

/// Appends `client_id` to an uncredentialed path unless it already has one.
pub(crate) fn with_client_id(path: &str, client_id: &str) -> String {
    // A byte scan rather than `str::contains`, whose substring searcher measured 5,292 B gzip
    // more on the package (`make size`).
    if path.as_bytes().windows(10).any(|w| w == b"client_id=") {
        return path.into();
    }
    with_query(
        path,
        "client_id",
        &platform::encode_uri_component(client_id),
    )
}

/// Transport settings shared by every request of one auth instance.
pub(crate) struct Http {
    /// `scheme://host[:port]`; changed by `registerEndPointWithKey` / `registerHost`.
    pub origin: RefCell<String>,
    pub client_id: String,
    pub lang: String,
    /// Per-request timeout in ms.
    pub timeout_ms: u32,
    /// Where the device id and the captcha token live (localStorage, or the app's store).
    pub store: Rc<dyn Storage>,
    device_id: RefCell<Option<String>>,
}

/// How one fetch ended.
enum Sent {
    Body(JsValue),
    /// Network failure or a body that is not a JSON object: retried.
    Unreachable,
    TimedOut,
}

impl Http {
    pub fn new(
        origin: String,
        client_id: String,
        lang: String,
        timeout_ms: u32,
        store: Rc<dyn Storage>,
    ) -> Self {
        Http {
            origin: RefCell::new(origin),
            client_id,
            lang,
            timeout_ms,
            store,
            device_id: RefCell::new(None),
        }
    }

    /// The persistent device id (localStorage `device_id`, spec §4.3).
    pub fn device_id(&self) -> String {
        if let Some(id) = self.device_id.borrow().as_ref() {
            return id.clone();
        }
        let store = &self.store;
        let id = match store.get(storage::DEVICE_ID_KEY) {
            Some(id) if (16..=48).contains(&id.len()) => id,
            _ => {
                let id = platform::new_id();
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
    /// Captcha challenges are handled one layer up (`Auth::send`).
    pub async fn request(
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
        let request_id = platform::new_id();
        let headers = web_sys::Headers::new().map_err(|_| AuthError::unknown("no fetch API"))?;
        let set = |k: &str, v: &str| {
            let _ = headers.set(k, v);
        };
        set("X-SDK-Version", SDK_VERSION);
        set("Accept-Language", &self.lang);
        set("x-request-id", &request_id);
        set("x-device-id", &self.device_id());
        if let Some(a) = authorization {
            set("Authorization", a);
        }
        let body = body.map(json_stringify);
        let fail = |code: &str, message: &str| {
            let mut e = AuthError::new(code, message);
            e.request_id = Some(request_id.clone());
            Err(e)
        };
        let mut attempt = 1;
        loop {
            match send(method, &url, &headers, body.as_deref(), self.timeout_ms)
                .to_end()
                .await
            {
                Sent::Body(v) => return check(v, &request_id),
                Sent::TimedOut => return fail(codes::TIMEOUT, "the request timed out"),
                Sent::Unreachable if attempt < ATTEMPTS => {
                    attempt += 1;
                    platform::sleep(RETRY_DELAY_MS).to_end().await;
                }
                Sent::Unreachable => return fail(codes::UNREACHABLE, "network request failed"),
            }
        }
    }
}

/// One fetch through gloo-net (the global `fetch`, so it works without `window`), aborted
/// by `AbortSignal.timeout` after `timeout_ms`, the body read included.
async fn send(
    method: &str,
    url: &str,
    headers: &web_sys::Headers,
    body: Option<&str>,
    timeout_ms: u32,
) -> Sent {
    let signal = web_sys::AbortSignal::timeout_with_u32(timeout_ms);
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(headers);
    init.set_signal(Some(&signal));
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    // Built by hand and wrapped: gloo-net's builder re-serialises the URL and would
    // append a stray `&` to a query string that is already there.
    let Ok(request) = web_sys::Request::new_with_str_and_init(url, &init) else {
        return Sent::Unreachable;
    };
    let body = match gloo_net::http::Request::from(request).send().to_end().await {
        Ok(resp) => json(resp.into()).to_end().await,
        Err(_) => None,
    };
    let Some(body) = body else {
        return if signal.aborted() {
            Sent::TimedOut
        } else {
            Sent::Unreachable
        };
    };
    // The status code is ignored, as in the official SDK; only the body counts.
    if body.is_object() {
        Sent::Body(body)
    } else {
        Sent::Unreachable
    }
}

/// The body parsed as JSON by the browser (`Response.json()`: the text never crosses into
/// wasm and back), `None` when it cannot be read (aborted, network error) or is not JSON.
/// Read from the `web_sys::Response`: gloo-net's `text()` unwraps a `Result<_, JsValue>`
/// (a panic path that formats the `JsValue`, -136 B gzip with `make size`).
async fn json(resp: web_sys::Response) -> Option<JsValue> {
    let promise = resp.json().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// A body with a truthy `error` or `code` field is a failure (spec §1.5).
fn check(v: JsValue, request_id: &str) -> Result<JsValue, AuthError> {
    let error = get(&v, "error");
    let code = get(&v, "code");
    if !error.is_truthy() && !code.is_truthy() {
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

    #[test]
    fn query_appending() {
        assert_eq!(with_query("/v1/a", "k", "v"), "/v1/a?k=v");
        assert_eq!(with_query("/v1/a?x=1", "k", "v"), "/v1/a?x=1&k=v");
        assert_eq!(
            with_client_id("/v1/a?client_id=c", "d"),
            "/v1/a?client_id=c"
        );
    }
}
