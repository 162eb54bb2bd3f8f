//! Log of every request served under `/auth` (and unknown paths), readable through
//! `/_emulator/requests`. Emulator-API calls and CORS preflights are not logged.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::request_log::{LogEntry, RequestEnv};
use crate::state::AppState;

/// Middleware recording each request after it was handled.
pub async fn record(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/_emulator/") || path == "/_emulator" || req.method() == Method::OPTIONS {
        return next.run(req).await;
    }
    let slot = RequestEnv::default();
    // Uncredentialed calls name their env in `client_id`; handlers refine this.
    let query = crate::extract::parse_query::<crate::extract::ClientIdQuery>(req.uri());
    if let Some(cid) = query.ok().and_then(|q| q.client_id) {
        slot.set(&cid);
    }
    req.extensions_mut().insert(slot.clone());
    let method = req.method().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let time = state.clock.now_ms();
    let response = next.run(req).await;
    state.log.push(LogEntry {
        method,
        path,
        query,
        env: slot.get(),
        time,
    });
    response
}
