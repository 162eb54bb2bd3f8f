//! Browser tests of the app-supplied store of the Rust API (`AuthConfig::storage`): one
//! instance keeps everything in it and nothing in Web Storage, so two stores keep two users.
#![cfg(target_arch = "wasm32")]

mod common;

use std::rc::Rc;

use cloudbase_auth_wasm::storage::{self, AppStore, MemoryStorage, Storage};
use cloudbase_auth_wasm::{Auth, AuthConfig};
use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn on(env: &str, store: &Rc<MemoryStorage>) -> Auth {
    Auth::new(AuthConfig {
        env: env.into(),
        origin: Some(EMU.into()),
        storage: Some(AppStore(store.clone())),
        ..Default::default()
    })
    .expect("auth")
}

/// The user id of the session a new instance on `store` finds (None: signed out).
async fn session_user(env: &str, store: &Rc<MemoryStorage>) -> Option<String> {
    let session = on(env, store).get_session().await.unwrap();
    session.map(|s| s.user.into_fields().id)
}

#[wasm_bindgen_test]
async fn two_stores_keep_two_users() {
    let env = env_id("store");
    let stores = [MemoryStorage::default(), MemoryStorage::default()].map(Rc::new);
    let [a, b] = &stores;
    // Anonymous users are bound to the device id, which lives in the store too.
    let mut users = Vec::new();
    for store in &stores {
        let session = on(&env, store).sign_in_anonymously(None).await.unwrap();
        users.push(Some(session.user.into_fields().id));
    }
    assert_ne!(users[0], users[1]);
    assert_ne!(a.get(storage::DEVICE_ID_KEY), b.get(storage::DEVICE_ID_KEY));

    // A later instance on the same store (the next request) has the same session.
    assert_eq!(session_user(&env, a).await, users[0]);
    assert_eq!(session_user(&env, b).await, users[1]);

    // Nothing of these instances went to localStorage.
    let [credentials, user_info, ..] = storage::instance_keys(&env, &env);
    for key in [&credentials, &user_info] {
        assert!(a.get(key).is_some(), "{key} in the store");
        let in_local = local().get_item(key).unwrap();
        assert_eq!(in_local, None, "{key} not in localStorage");
    }

    on(&env, a).sign_out().await.unwrap();
    assert_eq!(a.get(&credentials), None);
    assert_eq!(session_user(&env, a).await, None);
    assert_eq!(session_user(&env, b).await, users[1]);
}
