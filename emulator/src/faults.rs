//! Fault injection on `/auth` paths, for testing how clients cope with a flaky service.
//!
//! | method & path | body / query | answer |
//! |---|---|---|
//! | `POST /_emulator/faults` | `{path, kind, delay_ms?, status?, count?}` | the stored fault `{id, path, kind, delay_ms, status, remaining}` |
//! | `GET /_emulator/faults` | – | `{"faults":[...]}` |
//! | `DELETE /_emulator/faults` | `?path=P` (optional) | `{}` |
//!
//! Kinds, each for the next `count` (default 1) requests to exactly `path` (any method but
//! CORS preflights; the oldest matching fault applies first):
//! - `delay`: waits `delay_ms` (0–60000) and then serves the request normally;
//! - `drop`: closes the connection without sending any response (the request is not served);
//! - `drop_after`: serves the request completely (its changes are committed, e.g. a refresh
//!   token is rotated), then closes the connection without sending the response: "the answer
//!   was lost after the server acted";
//! - `status`: answers `status` (400–599, default 503) with a JSON error body;
//! - `non_json`: answers `status` (default 502) with an HTML body.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, QueryParams};
use crate::random;
use crate::state::faults::{Fault, FaultKind, Faults};
use crate::state::AppState;

/// The emulator-only fault API.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/_emulator/faults",
        get(list_faults).post(add_fault).delete(clear_faults),
    )
}

#[derive(Deserialize)]
struct FaultBody {
    path: Option<String>,
    kind: Option<FaultKind>,
    delay_ms: Option<u64>,
    status: Option<u16>,
    count: Option<u64>,
}

async fn add_fault(
    State(faults): State<Arc<Faults>>,
    JsonBody(body): JsonBody<FaultBody>,
) -> ApiResult<Json<Fault>> {
    let path = body
        .path
        .filter(|p| p.starts_with("/auth/"))
        .ok_or_else(|| ApiError::invalid("path is required and must start with /auth/"))?;
    let kind = body.kind.ok_or_else(|| {
        ApiError::invalid("kind is required: delay, drop, drop_after, status or non_json")
    })?;
    let count = body.count.unwrap_or(1);
    if !(1..=10_000).contains(&count) {
        return Err(ApiError::invalid("count must be from 1 to 10000"));
    }
    let (delay_ms, status) = match kind {
        FaultKind::Delay => {
            let d = body
                .delay_ms
                .filter(|d| *d <= 60_000)
                .ok_or_else(|| ApiError::invalid("delay needs delay_ms from 0 to 60000"))?;
            (Some(d), None)
        }
        FaultKind::Drop | FaultKind::DropAfter => (None, None),
        FaultKind::Status | FaultKind::NonJson => {
            let default = if kind == FaultKind::Status { 503 } else { 502 };
            let s = body.status.unwrap_or(default);
            if !(400..=599).contains(&s) {
                return Err(ApiError::invalid("status must be from 400 to 599"));
            }
            (None, Some(s))
        }
    };
    let fault = Fault {
        id: random::hex(6),
        path,
        kind,
        delay_ms,
        status,
        remaining: count,
    };
    faults.lock().push(fault.clone());
    Ok(Json(fault))
}

async fn list_faults(State(faults): State<Arc<Faults>>) -> Json<Value> {
    Json(json!({ "faults": *faults.lock() }))
}

#[derive(Deserialize)]
struct PathQuery {
    path: Option<String>,
}

async fn clear_faults(
    State(faults): State<Arc<Faults>>,
    QueryParams(q): QueryParams<PathQuery>,
) -> Json<Value> {
    faults.clear(q.path.as_deref());
    Json(json!({}))
}

/// `error` and `error_code` of an injected status.
fn error_of(status: u16) -> (&'static str, i64) {
    match status {
        401 => ("unauthenticated", 16),
        403 => ("permission_denied", 7),
        404 => ("not_found", 5),
        429 => ("resource_exhausted", 8),
        501 => ("unimplemented", 12),
        502..=504 => ("unavailable", 14),
        400..=499 => ("invalid_argument", 3),
        _ => ("internal", 13),
    }
}

/// A response that makes hyper close the connection with nothing sent: a body that fails
/// before its first byte aborts the connection before the buffered status line is flushed.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(std::future::ready(Err::<Vec<u8>, _>(
        std::io::Error::other("connection dropped by an injected fault"),
    )));
    Response::new(Body::from_stream(failing))
}

/// Middleware applying armed faults to `/auth/` requests.
pub async fn inject(State(faults): State<Arc<Faults>>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/auth/") || req.method() == Method::OPTIONS {
        return next.run(req).await;
    }
    let Some(fault) = faults.take(req.uri().path()) else {
        return next.run(req).await;
    };
    match fault.kind {
        FaultKind::Delay => {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(0))).await;
            next.run(req).await
        }
        FaultKind::Drop => dropped_connection(),
        FaultKind::DropAfter => {
            // The handler has returned, so whatever it committed stays committed.
            drop(next.run(req).await);
            dropped_connection()
        }
        FaultKind::Status => {
            let status = fault.status.unwrap_or(503);
            let (error, code) = error_of(status);
            let mut body = json!({
                "error": error,
                "error_code": code,
                "error_description": format!("fault injected by the emulator: HTTP {status}"),
            });
            if status == 429 {
                body["retry_after"] = json!(1);
            }
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            (status, Json(body)).into_response()
        }
        FaultKind::NonJson => {
            let status = StatusCode::from_u16(fault.status.unwrap_or(502))
                .unwrap_or(StatusCode::BAD_GATEWAY);
            (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                format!(
                    "<html><body><h1>{status}</h1><p>fault injected by the emulator</p></body></html>"
                ),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_statuses() {
        assert_eq!(error_of(503), ("unavailable", 14));
        assert_eq!(error_of(418), ("invalid_argument", 3));
        assert_eq!(error_of(429), ("resource_exhausted", 8));
    }
}
