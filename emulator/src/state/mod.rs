//! Shared application state handed to every handler, and the in-memory stores it holds
//! (captcha, faults, request log). Depends on no route and no middleware.
//!
//! Handlers that need one part take it as a sub-state (`State<Store>`, `State<Arc<Faults>>`,
//! ...) through the [`FromRef`] impls below.

pub mod captcha;
pub mod faults;
pub mod request_log;

use std::sync::Arc;

use axum::extract::FromRef;

use crate::clock::Clock;
use crate::settings::Settings;
use crate::store::Store;
use crate::tokens::KeyCell;
use captcha::CaptchaStore;
use faults::Faults;
use request_log::RequestLog;

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Database.
    pub store: Store,
    /// JWT signing key (possibly still being generated).
    pub keys: KeyCell,
    /// Run-time settings (token lifetimes...).
    pub settings: Arc<Settings>,
    /// Log of served requests.
    pub log: Arc<RequestLog>,
    /// The emulator's clock.
    pub clock: Arc<Clock>,
    /// The emulator's origin, e.g. `http://127.0.0.1:8787` (the `iss` of its tokens).
    pub issuer: Arc<str>,
    /// Captcha challenges, tokens and per-device failure counts.
    pub captcha: Arc<CaptchaStore>,
    /// Armed faults of `/_emulator/faults`.
    pub faults: Arc<Faults>,
}

/// `FromRef<AppState>` for sub-states that are one field, cloned.
macro_rules! sub_state {
    ($($field:ident: $ty:ty),* $(,)?) => {$(
        impl FromRef<AppState> for $ty {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        }
    )*};
}

sub_state! {
    store: Store,
    keys: KeyCell,
    settings: Arc<Settings>,
    log: Arc<RequestLog>,
    clock: Arc<Clock>,
    captcha: Arc<CaptchaStore>,
    faults: Arc<Faults>,
}
