//! Storage backends and every storage key name the package uses (spec §4.1).
//!
//! Values are stored exactly as the official SDK stores them (JSON objects for
//! credentials and caches, raw strings for the device id and language) so a session
//! written by one SDK is read by the other. That is why gloo-storage is used for its
//! local/session storage handles and not for its typed `get`/`set`, which would
//! JSON-quote the raw strings (and bring serde_json into the wasm).

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use gloo_storage::{LocalStorage, SessionStorage, Storage as _};

/// Where sessions are kept (`persistence` in `cloudbase.init`, spec §12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Persistence {
    /// `localStorage` (default).
    #[default]
    Local,
    /// `sessionStorage`.
    Session,
    /// Memory only; lost on reload.
    None,
}

impl Persistence {
    /// Parses `'local' | 'session' | 'none'`; anything else is `Local`.
    pub fn parse(s: &str) -> Self {
        match s {
            "session" => Persistence::Session,
            "none" => Persistence::None,
            _ => Persistence::Local,
        }
    }
}

/// A string key-value store.
pub trait Storage {
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str);
    /// Removes `key`.
    fn remove(&self, key: &str);
}

/// `localStorage` or `sessionStorage`, through gloo-storage; or any JS object with the
/// same synchronous `getItem` / `setItem` / `removeItem` (the entry's cache in front of an
/// app-supplied adapter, `js/storage.js`: web-sys calls these methods by name).
pub struct WebStorage(pub web_sys::Storage);

impl Storage for WebStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }
    fn set(&self, key: &str, value: &str) {
        // Quota or privacy-mode failures are ignored: the in-memory copy still works.
        let _ = self.0.set_item(key, value);
    }
    fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }
}

/// In-memory store (persistence `'none'`, or no Web Storage: Node, workers).
#[derive(Default)]
pub struct MemoryStorage(RefCell<Vec<(String, String)>>);

/// Where `key` is in a [`MemoryStorage`] (keys are unique: `set` replaces).
fn slot(m: &[(String, String)], key: &str) -> Option<usize> {
    m.iter().position(|(k, _)| k == key)
}

/// Every method through one search, [`slot`]; `remove` by `swap_remove` (order carries no
/// meaning) rather than `retain` (with the byte skip of
/// `oauth::url::pairs`: -273 B gzip, `make size`).
impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        let m = self.0.borrow();
        slot(&m, key).map(|i| m[i].1.clone())
    }
    fn set(&self, key: &str, value: &str) {
        let mut m = self.0.borrow_mut();
        match slot(&m, key) {
            Some(i) => m[i].1 = value.into(),
            None => m.push((key.into(), value.into())),
        }
    }
    fn remove(&self, key: &str) {
        let mut m = self.0.borrow_mut();
        if let Some(i) = slot(&m, key) {
            m.swap_remove(i);
        }
    }
}

/// An app-supplied store (`cloudbase.init({ storage })`): it replaces Web Storage and
/// memory for everything one instance keeps, [`instance_keys`].
#[derive(Clone)]
pub struct AppStore(pub Rc<dyn Storage>);

impl fmt::Debug for AppStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppStore")
    }
}

thread_local! {
    /// Stand-ins for localStorage and sessionStorage where there are none, shared by
    /// every instance of the module (as the real ones would be).
    static MEMORY: [Rc<MemoryStorage>; 2] = Default::default();
}

/// True when the Web Storage of that kind can be used (gloo-storage's handles throw
/// without `window`, and reading the property throws where storage is disabled).
fn available(p: Persistence) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match p {
        Persistence::Local => matches!(w.local_storage(), Ok(Some(_))),
        Persistence::Session => matches!(w.session_storage(), Ok(Some(_))),
        Persistence::None => false,
    }
}

/// The backend for a persistence mode: Web Storage when there is one, else a shared
/// in-memory store; `None` gives a fresh in-memory store.
pub fn backend(p: Persistence) -> Rc<dyn Storage> {
    if available(p) {
        let raw = match p {
            Persistence::Session => SessionStorage::raw(),
            _ => LocalStorage::raw(),
        };
        return Rc::new(WebStorage(raw));
    }
    match p {
        Persistence::None => Rc::new(MemoryStorage::default()),
        _ => MEMORY.with(|m| m[(p == Persistence::Session) as usize].clone()),
    }
}

fn key(prefix: &str, id: &str) -> String {
    let mut k = String::from(prefix);
    k.push_str(id);
    k
}

/// `credentials_{clientId}`: JSON credentials with `expires_at` as an ISO string.
pub fn credentials_key(client_id: &str) -> String {
    key("credentials_", client_id)
}

/// `user_info_{env}`: `{"version":"localCachev1","content":<UserInfo>}`.
pub fn user_info_key(env: &str) -> String {
    key("user_info_", env)
}

/// `lang_{clientId}` (localStorage): the raw language tag, e.g. `zh-CN`.
pub fn lang_key(client_id: &str) -> String {
    key("lang_", client_id)
}

/// `captcha_{clientId}` (localStorage): `{captcha_token, expires_in, expires_at}`.
pub fn captcha_key(client_id: &str) -> String {
    key("captcha_", client_id)
}

/// The pending OAuth round trip lives in sessionStorage under its `state` string
/// itself (e.g. `prd-github-…`), as in the official SDK.
pub fn oauth_pending_key(state: &str) -> &str {
    state
}

/// Cross-tab coordination keys (`src/tabs/`): `cloudbase_auth_{kind}_{clientId}`, with
/// `kind` one of [`TABS_LEASE`], [`TABS_RETRY`], [`TABS_EVENT`].
pub fn tabs_key(kind: &str, client_id: &str) -> String {
    let mut k = key("cloudbase_auth_", kind);
    k.push('_');
    k.push_str(client_id);
    k
}

/// The refresh lease where Web Locks are missing: `"{owner} {until_ms}"`.
pub const TABS_LEASE: &str = "lease";
/// The shared proactive-refresh backoff: `"{failures} {not_before_ms}"`.
pub const TABS_RETRY: &str = "retry";
/// Events to other tabs where `BroadcastChannel` is missing: `"{from} {seq} {EVENT}"`.
pub const TABS_EVENT: &str = "event";

/// Every key one instance keeps in its store, for an app-supplied store to load before
/// the instance starts: credentials, profile cache, device id, language, captcha token.
/// (The OAuth round trip and the cross-tab keys need a browser and stay in Web Storage.)
pub fn instance_keys(env: &str, client_id: &str) -> [String; 5] {
    [
        credentials_key(client_id),
        user_info_key(env),
        DEVICE_ID_KEY.into(),
        lang_key(client_id),
        captcha_key(client_id),
    ]
}

/// `device_id` (no env suffix, always localStorage): the raw id string.
pub const DEVICE_ID_KEY: &str = "device_id";

/// The `version` tag of the `user_info_*` wrapper object.
pub const USER_CACHE_VERSION: &str = "localCachev1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(credentials_key("env-1"), "credentials_env-1");
        assert_eq!(user_info_key("env-1"), "user_info_env-1");
        assert_eq!(tabs_key(TABS_LEASE, "env-1"), "cloudbase_auth_lease_env-1");
        assert_eq!(lang_key("c"), "lang_c");
        assert_eq!(captcha_key("c"), "captcha_c");
        assert_eq!(oauth_pending_key("prd-github-x"), "prd-github-x");
        assert_eq!(
            instance_keys("e", "c"),
            [
                "credentials_c",
                "user_info_e",
                "device_id",
                "lang_c",
                "captcha_c"
            ]
        );
    }

    #[test]
    fn memory_storage() {
        let m = MemoryStorage::default();
        m.set("a", "1");
        m.set("a", "2");
        assert_eq!(m.get("a").as_deref(), Some("2"));
        m.remove("a");
        assert_eq!(m.get("a"), None);
    }

    #[test]
    fn persistence_parse() {
        assert_eq!(Persistence::parse("session"), Persistence::Session);
        assert_eq!(Persistence::parse("none"), Persistence::None);
        assert_eq!(Persistence::parse("x"), Persistence::Local);
    }
}
