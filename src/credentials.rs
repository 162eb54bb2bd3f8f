//! The token store: one in-memory copy backed by `credentials_{clientId}`.
//!
//! Refresh (single-flight) lives in `auth::mod`, which owns the network and events.

use crate::platform;
use std::cell::RefCell;
use std::rc::Rc;

use crate::model::Credentials;
use crate::reflect;
use crate::storage::Storage;

/// Credentials of one client id.
pub(crate) struct CredentialStore {
    storage: Rc<dyn Storage>,
    key: String,
    mem: RefCell<Option<Credentials>>,
}

impl CredentialStore {
    pub fn new(storage: Rc<dyn Storage>, key: String) -> Self {
        CredentialStore {
            storage,
            key,
            mem: RefCell::new(None),
        }
    }

    /// The current credentials, possibly expired. Storage is read again whenever the
    /// memory copy is missing or expired, so a session written by another tab or by
    /// the official SDK is picked up.
    pub fn get(&self) -> Option<Credentials> {
        let now = platform::now_ms();
        if let Some(c) = self.mem.borrow().as_ref().filter(|c| !c.is_expired(now)) {
            return Some(c.clone());
        }
        let stored = self.storage.get(&self.key)?;
        match reflect::json_parse(&stored).and_then(|v| Credentials::from_js(&v, now)) {
            Some(c) => {
                *self.mem.borrow_mut() = Some(c.clone());
                Some(c)
            }
            None => {
                // Unreadable entry: drop it, as the official SDK does.
                self.clear();
                None
            }
        }
    }

    /// Stores credentials (memory and storage).
    pub fn set(&self, c: Credentials) {
        self.storage.set(&self.key, &c.to_storage_json());
        *self.mem.borrow_mut() = Some(c);
    }

    /// Forgets the credentials.
    pub fn clear(&self) {
        self.storage.remove(&self.key);
        *self.mem.borrow_mut() = None;
    }
}
