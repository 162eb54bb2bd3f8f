//! JS bindings of the v2 helpers (spec §2.8; behaviour in `auth::legacy`). Unlike the v3 methods
//! these throw (reject) on error, as the official SDK does: bad arguments as its
//! `Error('{"code":"INVALID_PARAMS","msg":...}')`, server errors as its plain
//! `{error, error_code, error_description, requestId}` object.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use crate::auth::Auth;
use crate::error::AuthError;
use crate::events::AuthChangeEvent;
use crate::platform::{promise, ToEnd};
use crate::reflect::{self, get, set};

/// The profile fields the official v2 `User` copies from the cached profile (its `setUserInfo`).
const USER_FIELDS: [&str; 16] = [
    "uid",
    "email",
    "name",
    "gender",
    "picture",
    "email_verified",
    "phone_number",
    "birthdate",
    "zoneinfo",
    "locale",
    "sub",
    "created_from",
    "providers",
    "username",
    "created_at",
    "open_id",
];

/// The camel-case fields its `checkLocalInfoAsync` adds, from these profile fields.
const CAMEL_FIELDS: [(&str, &str); 3] = [
    ("emailVerified", "email_verified"),
    ("phoneNumber", "phone_number"),
    ("createdFrom", "created_from"),
];

/// The v2 `User` from the cached profile; `checked` adds the camel-case fields that the official
/// `checkLocalInfoAsync` sets (on sign-in and in `getCurrentUser`).
fn v2_user(info: &JsValue, checked: bool) -> JsValue {
    let user = reflect::object();
    // The arrays by reference: their by-value iterator measured 32 B gzip more (`make size`).
    for k in &USER_FIELDS {
        set(&user, k, get(info, k));
    }
    if checked {
        for (camel, snake) in &CAMEL_FIELDS {
            set(&user, camel, get(info, snake));
        }
    }
    user
}

fn stored_info(auth: &Auth) -> JsValue {
    auth.stored_user_info().unwrap_or_else(reflect::object)
}

/// `{user}`: the v2 `LoginState` of the stored profile (without the official SDK's internal
/// `cache` / `oauthInstance`); `checked` as in [`v2_user`].
fn login_state(auth: &Auth, checked: bool) -> JsValue {
    super::object_with("user", v2_user(&stored_info(auth), checked))
}

/// What `getCurrentUser` resolves to: the checked v2 user with the whole cached profile over it.
fn current_user(auth: &Auth) -> JsValue {
    let info = stored_info(auth);
    let user = v2_user(&info, true);
    js_sys::Object::assign(
        user.unchecked_ref::<js_sys::Object>(),
        info.unchecked_ref::<js_sys::Object>(),
    )
    .into()
}

/// `{name: 'loginStateChanged', data: {eventType}}` merged into `state`, as the official event.
fn state_event(event_type: &str, state: JsValue) -> JsValue {
    let data = reflect::object();
    set(&data, "eventType", event_type);
    set(&state, "name", "loginStateChanged");
    set(&state, "data", data);
    state
}

/// The official SDK's thrown server error.
fn thrown(e: &AuthError) -> JsValue {
    let o = reflect::object();
    set(&o, "error", e.code.as_str());
    if let Some(n) = e.error_code {
        set(&o, "error_code", n);
    }
    set(&o, "error_description", e.message.as_str());
    if let Some(id) = &e.request_id {
        set(&o, "requestId", id.as_str());
    }
    o
}

/// The value a helper's promise resolves to for `r`: a rejected promise for `Err`, which the outer
/// promise adopts. Through the crate's one `platform::promise` wrapper, since another instance
/// of its task costs about 650 B of wasm.
fn settle(r: Result<JsValue, JsValue>) -> JsValue {
    r.unwrap_or_else(|e| Promise::reject(&e).into())
}

/// The official SDK's thrown argument error (`throwError(INVALID_PARAMS, message)`).
fn invalid_params(message: &str) -> Promise {
    let body = reflect::object();
    set(&body, "code", "INVALID_PARAMS");
    let mut msg = String::from("[@cloudbase/js-sdk][INVALID_PARAMS]:");
    msg.push_str(message);
    set(&body, "msg", msg);
    Promise::reject(&js_sys::Error::new(&reflect::json_stringify(&body)).into())
}

/// The `LoginState` of the stored credentials, or `null`: `hasLoginState()` (synchronous).
pub(super) fn stored_login_state(auth: &Auth) -> JsValue {
    if auth.has_stored_credentials() {
        login_state(auth, false)
    } else {
        JsValue::NULL
    }
}

/// `onLoginStateChanged(cb)` (through `AuthCore.call`, resolving to `undefined`): `cb` first gets
/// the current `LoginState` (or `null`), then `{name: 'loginStateChanged', data: {eventType},
/// ...LoginState}` on each sign-in (`sign_in`) and `{name, data: {eventType: 'sign_out'}}` on
/// each sign-out.
pub(super) fn on_login_state_changed(auth: &Auth, callback: Function) -> Promise {
    // The callback keeps the `Auth` (to read the stored profile) for as long as the app
    // lives, like the official SDK's event listeners.
    super::subscribe(auth, callback, super::Listener::V2(auth.clone()));
    Promise::resolve(&JsValue::UNDEFINED)
}

/// The `onLoginStateChanged` callback's argument for the event `ev`, if it gets one.
pub(super) fn event_arg(auth: &Auth, ev: AuthChangeEvent) -> Option<JsValue> {
    Some(match ev {
        AuthChangeEvent::InitialSession => stored_login_state(auth),
        AuthChangeEvent::SignedIn => state_event("sign_in", login_state(auth, false)),
        AuthChangeEvent::SignedOut => state_event("sign_out", reflect::object()),
        _ => return None,
    })
}

/// An asynchronous v2 helper.
pub(super) enum Helper {
    /// `getLoginState()` → `Promise<LoginState | null>`, refreshing an expired token first.
    LoginState,
    /// `getCurrentUser()` → the profile fetched again (`GET /v1/user/me`; a failure keeps the
    /// cached one, as in the official SDK), or `null` when signed out.
    CurrentUser,
    /// `getAccessToken()` → `{accessToken, env}`; rejects with `{error: 'unauthenticated', ...}`
    /// when signed out.
    AccessToken,
    /// `signInWithEmailAndPassword(email, password)` → the `LoginState`; rejects on error.
    EmailAndPassword(String, String),
}

/// `signInWithEmailAndPassword(email, password)`: both must be strings.
pub(super) fn email_and_password(auth: &Auth, email: &JsValue, password: &JsValue) -> Promise {
    let Some(email) = email.as_string() else {
        return invalid_params("email must be a string");
    };
    let Some(password) = password.as_string() else {
        return invalid_params("password must be a string");
    };
    start(auth, Helper::EmailAndPassword(email, password))
}

/// The promise of `helper`'s answer: one future for the four helpers (not one each: 97 B gzip
/// less, `make size`).
pub(super) fn start(auth: &Auth, helper: Helper) -> Promise {
    let auth = auth.clone();
    promise(async move {
        match helper {
            // One await of `has_login_state` for both: 80 B gzip less (`make size`).
            Helper::LoginState | Helper::CurrentUser => {
                if !auth.has_login_state().to_end().await {
                    return JsValue::NULL;
                }
                if let Helper::LoginState = helper {
                    return login_state(&auth, false);
                }
                let _ = auth.refresh_user().to_end().await;
                if auth.has_stored_credentials() {
                    current_user(&auth)
                } else {
                    JsValue::NULL
                }
            }
            Helper::AccessToken | Helper::EmailAndPassword(..) => {
                // One `settle` and `thrown` for both: 28 B gzip less (`make size`).
                let r = match helper {
                    Helper::EmailAndPassword(email, password) => auth
                        .sign_in_with_email_and_password(email, password)
                        .to_end()
                        .await
                        .map(|_| login_state(&auth, true)),
                    _ => auth.access_token().to_end().await.map(|token| {
                        let o = reflect::object();
                        set(&o, "accessToken", token);
                        set(&o, "env", auth.env());
                        o
                    }),
                };
                settle(r.map_err(|e| thrown(&e)))
            }
        }
    })
}
