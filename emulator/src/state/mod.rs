//! Shared application state handed to every handler.

use std::sync::Arc;

use crate::clock::Clock;
use crate::faults::Faults;
use crate::request_log::RequestLog;
use crate::routes::captcha::CaptchaStore;
use crate::settings::Settings;
use crate::store::Store;
use crate::tokens::KeyCell;

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
