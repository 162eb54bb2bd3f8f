//! Reads every request body to the end before anything answers.
//!
//! Why: an answer given while part of the body is still unread (a 401 from the token
//! check, a 413, a 405) makes the server close a socket with unread data, which the kernel
//! turns into a TCP reset — the client then sees a dropped connection instead of the JSON
//! error. Bodies are small, so buffering them costs nothing.

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::extract::BODY_LIMIT;

/// How much of an oversized body is read (and discarded) so the client can finish sending.
pub const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// Middleware: buffers the body; larger than [`BODY_LIMIT`] is answered 413 here.
pub async fn buffer(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, DRAIN_LIMIT).await {
        Ok(bytes) if bytes.len() <= BODY_LIMIT => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => ApiError::PayloadTooLarge(BODY_LIMIT).into_response(),
    }
}
