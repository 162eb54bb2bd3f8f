//! The app-supplied `storage` adapter at the JS edge: the keys the entry loads from it
//! before the instance starts, and the entry's synchronous cache as the instance's store.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::AuthCore;
use crate::auth;
use crate::reflect::{get, get_str};
use crate::storage::{self, AppStore, WebStorage};

#[wasm_bindgen]
impl AuthCore {
    /// Every key an instance for `config` (`{env, clientId?}`) keeps in an app-supplied
    /// store; `js/storage.js` reads them from the adapter before creating the instance.
    #[wasm_bindgen(js_name = storageKeys)]
    pub fn storage_keys(config: JsValue) -> js_sys::Array {
        let env = super::args::or_empty(get_str(&config, "env"));
        let client_id = auth::client_id(&env, get_str(&config, "clientId"));
        let keys = js_sys::Array::new();
        for k in &storage::instance_keys(&env, &client_id) {
            keys.push(&JsValue::from_str(k));
        }
        keys
    }
}

/// `config.storage`, which the entry sets to its cache over the app's adapter.
pub(super) fn app_store(config: &JsValue) -> Option<AppStore> {
    let s = get(config, "storage");
    s.is_object()
        .then(|| AppStore(Rc::new(WebStorage(s.unchecked_into()))))
}
