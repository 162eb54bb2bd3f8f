//! The token store: `credentials_{clientId}` in storage, with a parsed copy in memory.
//!
//! Storage is the source of truth: every read compares the stored string with the one
//! parsed last, so credentials another tab replaced or removed are never served.
//! Refresh (single-flight, one per expiry across tabs) lives in `auth::mod`.

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
    /// The stored string last seen and its parse.
    mem: RefCell<Option<(String, Credentials)>>,
}

impl CredentialStore {
    pub fn new(storage: Rc<dyn Storage>, key: String) -> Self {
        CredentialStore {
            storage,
            key,
            mem: RefCell::new(None),
        }
    }

    /// The current credentials, possibly expired: what storage holds now (written by this
    /// tab, another tab or the official SDK), parsed again only when it changed.
    pub fn get(&self) -> Option<Credentials> {
        let Some(stored) = self.storage.get(&self.key) else {
            *self.mem.borrow_mut() = None;
            return None;
        };
        if let Some((s, c)) = self.mem.borrow().as_ref() {
            if *s == stored {
                return Some(c.clone());
            }
        }
        match reflect::json_parse(&stored)
            .and_then(|v| Credentials::from_js(&v, platform::now_ms()))
        {
            Some(c) => {
                *self.mem.borrow_mut() = Some((stored, c.clone()));
                Some(c)
            }
            None => {
                // Unreadable entry: drop it, as the official SDK does.
                self.clear();
                None
            }
        }
    }

    /// True when [`Self::get`] has credentials (read the same way; one place drops the copy:
    /// -19 B gzip, `make size`).
    pub fn is_set(&self) -> bool {
        self.get().is_some()
    }

    /// The stored string as it is now.
    pub fn raw(&self) -> Option<String> {
        self.storage.get(&self.key)
    }

    /// Stores credentials (storage and memory).
    pub fn set(&self, c: Credentials) {
        let s = c.to_storage_json();
        self.storage.set(&self.key, &s);
        *self.mem.borrow_mut() = Some((s, c));
    }

    /// Forgets the credentials.
    pub fn clear(&self) {
        self.storage.remove(&self.key);
        *self.mem.borrow_mut() = None;
    }
}
