//! CORS. Under `/auth` (and everything that is not the emulator API) it mirrors the
//! real gateway: exactly the request headers the official SDK sends are allowed —
//! not `content-type` — so a client that adds another header fails here as it would
//! in production. Under `/_emulator/` it is permissive, since browser tests call it.

use axum::extract::Request;
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Methods the gateway allows.
pub const ALLOWED_METHODS: &str = "GET, POST, PATCH, DELETE";
/// Request headers the gateway allows: exactly those the official SDK sends.
pub const ALLOWED_HEADERS: &str =
    "authorization, x-device-id, x-request-id, x-sdk-version, accept-language";
const MAX_AGE: &str = "86400";

fn is_emulator_api(path: &str) -> bool {
    path == "/_emulator" || path.starts_with("/_emulator/")
}

/// The middleware.
pub async fn cors(req: Request, next: Next) -> Response {
    let emulator_api = is_emulator_api(req.uri().path());
    let origin = req.headers().get(ORIGIN).cloned();
    if req.method() == Method::OPTIONS {
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE));
        if emulator_api {
            let asked = req
                .headers()
                .get(ACCESS_CONTROL_REQUEST_HEADERS)
                .cloned()
                .unwrap_or(HeaderValue::from_static("*"));
            h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            h.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
            );
            h.insert(ACCESS_CONTROL_ALLOW_HEADERS, asked);
        } else {
            allow_origin(h, origin);
            h.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOWED_METHODS),
            );
            h.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOWED_HEADERS),
            );
        }
        return res;
    }
    let mut res = next.run(req).await;
    if emulator_api {
        res.headers_mut()
            .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    } else {
        allow_origin(res.headers_mut(), origin);
    }
    res
}

fn allow_origin(h: &mut HeaderMap, origin: Option<HeaderValue>) {
    match origin {
        Some(o) => {
            h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, o);
            h.append(VARY, HeaderValue::from_static("Origin"));
        }
        None => {
            h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
    }
}
