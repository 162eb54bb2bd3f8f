//! The pending OAuth round trip, kept in sessionStorage under the state string as
//! `{"provider","search","hash","type"}`: the official SDK's format, so a redirect
//! started by either SDK can be completed by the other.

use wasm_bindgen::JsValue;

use crate::reflect::{self, get_str};
use crate::storage::{self, Persistence};

/// `type` of a round trip that signs in.
pub const SIGN_IN: &str = "sign_in";
/// `type` of a round trip that links an identity to the signed-in user.
pub const BIND_IDENTITY: &str = "bind_identity";

/// One round trip started by this tab.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pending {
    /// The provider id.
    pub provider: String,
    /// `location.search` before the redirect (with `?`, or empty); `None` when an
    /// entry written elsewhere lacks it.
    pub search: Option<String>,
    /// `location.hash` before the redirect (with `#`, or empty).
    pub hash: String,
    /// [`SIGN_IN`] or [`BIND_IDENTITY`].
    pub kind: String,
}

impl Pending {
    /// Stores the entry under `state`.
    pub fn save(&self, state: &str) {
        let o = reflect::object();
        reflect::set(&o, "provider", self.provider.as_str());
        reflect::set(&o, "search", self.search.as_deref().unwrap_or_default());
        reflect::set(&o, "hash", self.hash.as_str());
        reflect::set(&o, "type", self.kind.as_str());
        storage::backend(Persistence::Session).set(
            storage::oauth_pending_key(state),
            &reflect::json_stringify(&o),
        );
    }

    /// Reads **and removes** the entry for `state`: a state is redeemable once, which
    /// is what makes a code exchangeable at most once per tab even when two callers race.
    pub fn take(state: &str) -> Option<Pending> {
        let store = storage::backend(Persistence::Session);
        let key = storage::oauth_pending_key(state);
        let raw = store.get(key)?;
        store.remove(key);
        let v: JsValue = reflect::json_parse(&raw)?;
        if !v.is_object() {
            return None;
        }
        Some(Pending {
            provider: get_str(&v, "provider").unwrap_or_default(),
            search: get_str(&v, "search"),
            hash: get_str(&v, "hash").unwrap_or_default(),
            kind: get_str(&v, "type").unwrap_or_else(|| SIGN_IN.into()),
        })
    }
}
