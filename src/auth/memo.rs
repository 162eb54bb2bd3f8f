//! The last session handed to JS, kept while storage is unchanged, so that a repeated
//! `getSession()` skips the parse, the object building and the async machinery.
//!
//! Storage stays the source of truth (several tabs, one session): the stored credentials
//! and cached profile are read on every call and compared with the strings the kept
//! answer was built from; any change or the expiry sends the call down the normal path.

use wasm_bindgen::JsValue;

use super::Auth;
use crate::model::Session;
use crate::platform;

/// A kept answer and what it was built from.
pub(crate) struct Kept {
    /// The stored credentials and profile strings.
    sources: [Option<String>; 2],
    /// Valid until this time (ms): the credentials' expiry, infinite when signed out.
    until: f64,
    /// The JS session (`Session::to_js`), or null when signed out.
    data: JsValue,
}

impl Auth {
    /// The answer kept by [`Self::keep_session_js`] while it is still what
    /// `get_session` would give; `None` otherwise. (Nothing is kept while the init-time
    /// detection runs: only a `get_session` that waited for it keeps an answer.)
    pub(crate) fn kept_session_js(&self) -> Option<JsValue> {
        let sources = self.session_sources();
        let kept = self.inner.kept.borrow();
        let k = kept.as_ref()?;
        (k.sources == sources && platform::now_ms() <= k.until).then(|| k.data.clone())
    }

    /// Keeps `data`, the JS form of `session` (null for `None`), keyed by the stored strings
    /// as they are now. Call it in the task that read the profile for `session`. Credentials
    /// storage no longer holds (a refresh's result that another tab has replaced since) are
    /// not kept: the next call reads storage again.
    pub(crate) fn keep_session_js(&self, session: Option<&Session>, data: &JsValue) {
        let stored = self.inner.creds.get();
        if stored.as_ref().map(|c| &c.access_token) != session.map(|s| &s.credentials.access_token)
        {
            return;
        }
        *self.inner.kept.borrow_mut() = Some(Kept {
            sources: self.session_sources(),
            until: session.map_or(f64::INFINITY, |s| s.credentials.expires_at),
            data: data.clone(),
        });
    }

    fn session_sources(&self) -> [Option<String>; 2] {
        [
            self.inner.creds.raw(),
            self.inner.user_store.get(&self.inner.user_key),
        ]
    }
}
