//! Storage backends and every storage key name the package uses (spec §4.1).
//!
//! Values are stored exactly as the official SDK stores them so a session written
//! by one is read by the other.

use std::cell::RefCell;
use std::rc::Rc;

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

/// `localStorage` or `sessionStorage`.
pub struct WebStorage(web_sys::Storage);

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

/// In-memory store (persistence `'none'`, or no Web Storage available).
#[derive(Default)]
pub struct MemoryStorage(RefCell<Vec<(String, String)>>);

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
    fn set(&self, key: &str, value: &str) {
        let mut m = self.0.borrow_mut();
        match m.iter_mut().find(|(k, _)| k == key) {
            Some(e) => e.1 = value.into(),
            None => m.push((key.into(), value.into())),
        }
    }
    fn remove(&self, key: &str) {
        self.0.borrow_mut().retain(|(k, _)| k != key);
    }
}

/// The backend for a persistence mode; memory when the Web Storage is unavailable.
pub fn backend(p: Persistence) -> Rc<dyn Storage> {
    let w = web_sys::window();
    let s = match p {
        Persistence::Local => w.and_then(|w| w.local_storage().ok().flatten()),
        Persistence::Session => w.and_then(|w| w.session_storage().ok().flatten()),
        Persistence::None => None,
    };
    match s {
        Some(s) => Rc::new(WebStorage(s)),
        None => Rc::new(MemoryStorage::default()),
    }
}

/// `credentials_{clientId}`: JSON credentials with `expires_at` as an ISO string.
pub fn credentials_key(client_id: &str) -> String {
    let mut k = String::from("credentials_");
    k.push_str(client_id);
    k
}

/// `user_info_{env}`: `{"version":"localCachev1","content":<UserInfo>}`.
pub fn user_info_key(env: &str) -> String {
    let mut k = String::from("user_info_");
    k.push_str(env);
    k
}

/// Cross-tab coordination keys (`src/tabs/`): `cloudbase_auth_{kind}_{clientId}`, with
/// `kind` one of [`TABS_LEASE`], [`TABS_RETRY`], [`TABS_EVENT`].
pub fn tabs_key(kind: &str, client_id: &str) -> String {
    let mut k = String::from("cloudbase_auth_");
    k.push_str(kind);
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
