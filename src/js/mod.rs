//! The wasm-bindgen boundary: converts JS arguments, calls the Rust API and returns
//! `{ data, error }` objects. Nothing here throws or rejects for bad input. The asynchronous
//! methods are reached through one export, [`AuthCore::call`].

mod args;
pub mod calls;
mod grouped;
mod legacy;
mod methods;
mod oauth;
mod pending;
mod session_memo;
mod store;

use std::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use crate::auth::{Auth, AuthConfig, PasswordSignIn};
use crate::error::AuthError;
use crate::model::Session;
use crate::reflect::{self, get_str, set, to_js};
use crate::storage::Persistence;
use args::Kind::Str;
use grouped::{DataCall, EmptyCall, SessionCall};
use legacy::Helper;
use methods::mini_program_only_result;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// The JS `AuthError` of the plain error object. Imported from the module that owns the class
    /// (scripts/slim-glue.mjs points the glue's import at the bundled `errors.js`), so that
    /// `instanceof` works for callers; not a factory the entry registers through an export of
    /// its own: 123 B gzip less (`make size`).
    #[wasm_bindgen(js_name = coreError)]
    fn core_error(fields: &JsValue) -> JsValue;
}

/// The plain object the JS `AuthError` is built from (the class sets its `name`, and leaves out
/// an undefined `retryAfter`: 25 B gzip less than both here, `make size`).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    message: &'a str,
    code: &'a str,
    status: Option<&'a str>,
    error_code: Option<f64>,
    request_id: Option<&'a str>,
    /// The category's number (`Category as u8`), its place in `CATEGORIES` of `js/errors.js`,
    /// where `coreError` turns it into the name: the names are not in the `.wasm` as well
    /// (-230 B gzip, `make size`; `error_category`'s tests compare the two lists).
    category: u8,
    /// As in the official SDK, only given for rate limiting.
    retry_after: Option<f64>,
}

/// The JS error value for an `AuthError`.
pub fn error_to_js(e: &AuthError) -> JsValue {
    let category = e.category();
    let body = ErrorBody {
        message: &e.message,
        code: &e.code,
        status: e.status.as_deref(),
        error_code: e.error_code,
        request_id: e.request_id.as_deref(),
        category: category as u8,
        retry_after: e
            .retry_after
            .filter(|_| category == crate::error_category::Category::RateLimited),
    };
    core_error(&to_js(&body))
}

/// The JS session object (`expires_at` is a `Date`).
fn session_js(s: &Session) -> JsValue {
    s.credentials.session_js(&to_js(&s.user))
}

fn result(data: JsValue, error: Option<&AuthError>) -> JsValue {
    let o = reflect::object();
    set(&o, "data", data);
    set(&o, "error", error.map_or(JsValue::NULL, error_to_js));
    o
}

/// `{key: value}`.
fn object_with(key: &str, value: JsValue) -> JsValue {
    let o = reflect::object();
    set(&o, key, value);
    o
}

/// `{key1: null, key2: null}`: the `data` of a failed call (spec §2.0).
fn nulls(keys: &[&str]) -> JsValue {
    let o = reflect::object();
    for k in keys {
        set(&o, k, JsValue::NULL);
    }
    o
}

const USER_SESSION: &[&str] = &["user", "session"];

/// `{user, session}` of a session (or nulls).
fn user_session(s: Option<&Session>) -> JsValue {
    match s {
        Some(s) => {
            let o = reflect::object();
            let user = to_js(&s.user);
            set(&o, "session", s.credentials.session_js(&user));
            set(&o, "user", user);
            o
        }
        None => nulls(USER_SESSION),
    }
}

fn session_result(r: Result<Session, AuthError>) -> JsValue {
    match r {
        Ok(s) => result(user_session(Some(&s)), None),
        Err(e) => result(nulls(USER_SESSION), Some(&e)),
    }
}

pub(crate) use crate::platform::promise;

/// Resolves to `v` (the Promise never rejects).
fn resolve(v: JsValue) -> Promise {
    Promise::resolve(&v)
}

fn bad_argument(keys: &[&str], message: &str) -> Promise {
    resolve(result(
        nulls(keys),
        Some(&AuthError::invalid_argument(message)),
    ))
}

/// `undefined`/`null` or a plain object.
fn optional_object(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null() || v.is_object()
}

/// What a JS listener of auth events is given.
enum Listener {
    /// `onAuthStateChange`'s `(event, session, info)`.
    V3(std::rc::Weak<crate::events::Events>),
    /// `onLoginStateChanged`'s v2 argument (the `Auth` reads the stored profile).
    V2(Auth),
}

/// Subscribes `callback` to the auth events of `auth`, called with what `listener` gives; returns
/// the subscription id. One closure type for both listeners, so the subscription is compiled
/// once: 33 B gzip less (`make size`).
fn subscribe(auth: &Auth, callback: Function, listener: Listener) -> u32 {
    let sub = auth.on_auth_state_change(move |ev, session| {
        let r = match &listener {
            Listener::V3(events) => {
                let s = session.map_or(JsValue::NULL, session_js);
                let info = oauth::event_info_js(events);
                let ev = JsValue::from_str(ev.as_str());
                callback.call3(&JsValue::NULL, &ev, &s, &info)
            }
            Listener::V2(auth) => match legacy::event_arg(auth, ev) {
                Some(arg) => callback.call1(&JsValue::NULL, &arg),
                None => return,
            },
        };
        // A throwing callback must not stop the others: report and go on.
        if let Err(e) = r {
            web_sys::console::error_1(&e);
        }
    });
    sub.id
}

/// The auth core behind `app.auth` (the JS entry gives it the official SDK's shape).
#[wasm_bindgen]
pub struct AuthCore {
    auth: Auth,
    /// The `signInWithCustomTicket` ticket function, kept for later calls.
    ticket_fn: RefCell<Option<Function>>,
}

impl AuthCore {
    /// `onAuthStateChange(cb)`: calls `cb(event, session, info)` on each auth event; returns
    /// the subscription id. The entry (`js/auth.js`) checks `cb` and builds the official
    /// `{data:{subscription:{id, callback, unsubscribe}}}` around the id.
    pub fn on_auth_state_change(&self, callback: Function) -> u32 {
        let events = self.auth.events_weak();
        subscribe(&self.auth, callback, Listener::V3(events))
    }

    /// Stops the deliveries of the `onAuthStateChange` subscription `id`.
    fn unsubscribe(&self, id: u32) {
        // Through the instance's own events, alive with it: no weak reference to upgrade (19 B
        // gzip less, `make size`).
        self.auth.unsubscribe(id);
    }
}

#[wasm_bindgen]
impl AuthCore {
    /// `config`: `{env, clientId?, accessKey?, persistence?, lang?}`. Throws
    /// `{code:'INVALID_PARAMS', msg}` without `env`, like `cloudbase.init`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<AuthCore, JsValue> {
        let env = args::or_empty(get_str(&config, "env"));
        let cfg = AuthConfig {
            env,
            client_id: get_str(&config, "clientId"),
            access_key: get_str(&config, "accessKey"),
            persistence: Persistence::parse(&args::or_empty(get_str(&config, "persistence"))),
            lang: get_str(&config, "lang"),
            origin: None,
            // The official init field (which the official SDK ignores for auth), in ms.
            timeout_ms: reflect::get_f64(&config, "timeout")
                .filter(|t| *t >= 1.0)
                .map(|t| t as u32),
            storage: store::app_store(&config),
        };
        match Auth::new(cfg) {
            Ok(auth) => {
                let auth_cfg = reflect::get(&config, "auth");
                // `auth: { autoRefreshToken: false }` turns the proactive refresh off.
                if reflect::get_bool(&auth_cfg, "autoRefreshToken") == Some(false) {
                    auth.stop_auto_refresh();
                }
                Ok(AuthCore {
                    auth: oauth::configure(auth, &config, &auth_cfg),
                    ticket_fn: RefCell::new(None),
                })
            }
            Err(_) => {
                let e = reflect::object();
                set(&e, "code", "INVALID_PARAMS");
                set(&e, "msg", "env must not be specified");
                Err(e)
            }
        }
    }

    /// `signInAnonymously({provider_token?})` → `{data:{user, session}, error}`.
    fn sign_in_anonymously(&self, params: &JsValue) -> Promise {
        let need = args::Need::ObjectOrNone;
        let token = match args::parse(params, need, USER_SESSION, &["provider_token"], &[Str]) {
            Ok([t, ..]) => t.str(),
            Err(p) => return p,
        };
        grouped::session(&self.auth, SessionCall::Anonymous(token))
    }

    /// `signInWithPassword({username|email|phone, password})` → `{data:{user, session}, error}`.
    fn sign_in_with_password(&self, params: &JsValue) -> Promise {
        const FIELDS: &[&str] = &["username", "email", "phone", "password"];
        let (username, email, phone, password) =
            match args::parse(params, args::Need::Object, USER_SESSION, FIELDS, &[Str; 4]) {
                Ok([username, email, phone, password, ..]) => {
                    (username.str(), email.str(), phone.str(), password.str())
                }
                Err(p) => return p,
            };
        let Some(password) = crate::pure::non_empty(password) else {
            return bad_argument(USER_SESSION, "password is required");
        };
        let p = PasswordSignIn {
            username,
            email,
            phone,
            password,
        };
        grouped::session(&self.auth, SessionCall::Password(p))
    }

    /// `getSession()` → `{data:{session, user}, error}`; signed out: nulls and no error.
    fn get_session(&self) -> Promise {
        if let Some(d) = self.auth.kept_session_js() {
            return session_memo::resolved(&d);
        }
        grouped::session(&self.auth, SessionCall::Get)
    }

    /// `getUser()` → `{data:{user}, error}`.
    fn get_user(&self) -> Promise {
        grouped::data(&self.auth, DataCall::GetUser)
    }

    /// `refreshSession(refresh_token?)` → `{data:{user, session}, error}`.
    fn refresh_session(&self, refresh_token: &JsValue) -> Promise {
        let rt = refresh_token.as_string();
        if rt.is_none() && !refresh_token.is_undefined() && !refresh_token.is_null() {
            return bad_argument(USER_SESSION, "refresh_token must be a string");
        }
        grouped::session(&self.auth, SessionCall::Refresh(rt))
    }

    /// `signOut(params?)` → `{data:{}, error}`; with `{redirect_uri?, state?}` also the
    /// server's `redirect_uri` at the top level.
    fn sign_out(&self, params: &JsValue) -> Promise {
        if !optional_object(params) {
            return bad_argument(&[], "params must be an object");
        }
        if params.is_object() {
            // `signOut({redirect_uri?, state?})`: the `/v1/user/signout` path.
            return methods::sign_out_with_params(&self.auth, params);
        }
        grouped::empty(&self.auth, EmptyCall::SignOut)
    }

    /// Calls the asynchronous method numbered `n` (`calls`: its position in `js/auth.js`'s list)
    /// with the arguments `(a, b)` (the v3 methods of spec §2, which resolve to
    /// `{ data, error }`, and the v2 helpers of §2.8, which reject on error), answering its
    /// promise. A number outside the list resolves to `{data: null, error:
    /// AuthError('unimplemented')}`. The entry's four synchronous calls answer at once:
    /// `setEndpoint(url, protocol)` `undefined`, `onAuthStateChange(cb)` the subscription id,
    /// `unsubscribe(id)` `undefined`, `hasLoginState()` the `LoginState` or `null`.
    ///
    /// One export for them all: a wasm-bindgen export per method (its shim and its glue
    /// function) measured 1,084 B gzip more (`make size`), for the three first synchronous
    /// calls 201 B, for `setEndpoint` 105 B. The methods borrow `a` and `b`, dropped once here
    /// rather than in each inlined method: 134 B gzip less.
    pub fn call(&self, n: u32, a: JsValue, b: JsValue) -> JsValue {
        let promise = match n {
            // Authentication
            calls::SIGN_UP => self.sign_up(&a),
            calls::SIGN_IN_ANONYMOUSLY => self.sign_in_anonymously(&a),
            calls::SIGN_IN_WITH_PASSWORD => self.sign_in_with_password(&a),
            calls::SIGN_IN_WITH_OTP => self.sign_in_with_otp(&a),
            calls::SIGN_IN_WITH_OAUTH => self.sign_in_with_oauth(&a),
            calls::SIGN_IN_WITH_ID_TOKEN => self.sign_in_with_id_token(&a),
            calls::SIGN_IN_WITH_CUSTOM_TICKET => self.sign_in_with_custom_ticket(&a),
            calls::SIGN_IN_WITH_OPEN_ID => mini_program_only_result("signInWithOpenId"),
            calls::SIGN_IN_WITH_PHONE_AUTH => mini_program_only_result("signInWithPhoneAuth"),
            // Sessions
            calls::GET_SESSION => self.get_session(),
            calls::REFRESH_SESSION => self.refresh_session(&a),
            calls::SET_SESSION => self.set_session(&a),
            calls::SIGN_OUT => self.sign_out(&a),
            // Users
            calls::GET_USER => self.get_user(),
            calls::REFRESH_USER => self.refresh_user(),
            calls::UPDATE_USER => self.update_user(&a),
            calls::DELETE_USER => self.delete_user(&a),
            // Identities
            calls::GET_USER_IDENTITIES => self.get_user_identities(),
            calls::LINK_IDENTITY => self.link_identity(&a),
            calls::UNLINK_IDENTITY => self.unlink_identity(&a),
            // Passwords
            calls::RESET_PASSWORD_FOR_EMAIL => self.reset_password_for_email(&a, &b),
            calls::RESET_PASSWORD_FOR_OLD => self.reset_password_for_old(&a),
            calls::REAUTHENTICATE => self.reauthenticate(),
            // Verification
            calls::VERIFY_OTP => self.verify_otp(&a),
            calls::RESEND => self.resend(&a),
            calls::VERIFY_OAUTH => self.verify_oauth(&a),
            // Tools
            calls::GET_CLAIMS => self.get_claims(),
            calls::TO_DEFAULT_LOGIN_PAGE => self.to_default_login_page(&a),
            calls::EXCHANGE_CODE_FOR_SESSION => self.exchange_code_for_session(&a),
            // The v2 helpers
            calls::GET_LOGIN_STATE => legacy::start(&self.auth, Helper::LoginState),
            calls::GET_CURRENT_USER => legacy::start(&self.auth, Helper::CurrentUser),
            calls::GET_ACCESS_TOKEN => legacy::start(&self.auth, Helper::AccessToken),
            calls::SIGN_IN_WITH_EMAIL_AND_PASSWORD => {
                legacy::email_and_password(&self.auth, &a, &b)
            }
            calls::ON_LOGIN_STATE_CHANGED => {
                legacy::on_login_state_changed(&self.auth, a.unchecked_into())
            }
            // The entry's synchronous calls (js/auth.js), not methods of the API.
            calls::ON_AUTH_STATE_CHANGE => {
                return self.on_auth_state_change(a.unchecked_into()).into()
            }
            calls::UNSUBSCRIBE => {
                self.unsubscribe(a.as_f64().unwrap_or_default() as u32);
                return JsValue::UNDEFINED;
            }
            calls::HAS_LOGIN_STATE => return legacy::stored_login_state(&self.auth),
            // `registerEndPointWithKey` / `registerHost` (js/app.js): keeps scheme and host of
            // `protocol + url`. Not an export of its own: 105 B gzip less (`make size`).
            calls::SET_ENDPOINT => {
                let (url, protocol) = (a.as_string(), b.as_string());
                self.auth
                    .set_endpoint(&args::or_empty(url), &args::or_empty(protocol));
                return JsValue::UNDEFINED;
            }
            _ => resolve(result(
                JsValue::NULL,
                Some(&AuthError::unimplemented("this call")),
            )),
        };
        promise.into()
    }
}
