//! Helpers shared by the browser test files (each file is its own crate and uses a
//! subset, hence the `dead_code` allowance).
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use cloudbase_auth_wasm::js::{calls, AuthCore};
use cloudbase_auth_wasm::{Auth, AuthChangeEvent, AuthConfig};
use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The emulator under test (read at build time).
pub const EMU: &str = match option_env!("EMULATOR_URL") {
    Some(u) => u,
    None => "http://127.0.0.1:8787",
};

/// A fresh env id, so tests never see each other's users.
pub fn env_id(name: &str) -> String {
    let r = (js_sys::Math::random() * 1e9) as u64;
    format!("t-{name}-{r:x}")
}

/// A Rust-API instance on the emulator.
pub fn auth(env: &str) -> Auth {
    Auth::new(AuthConfig {
        env: env.into(),
        origin: Some(EMU.into()),
        ..Default::default()
    })
    .expect("auth")
}

/// A JS-boundary instance on the emulator.
pub fn core(env: &str) -> AuthCore {
    let cfg = js_sys::Object::new();
    Reflect::set(&cfg, &"env".into(), &env.into()).unwrap();
    let c = AuthCore::new(cfg.into()).expect("core");
    c.call(calls::SET_ENDPOINT, EMU.into(), "".into());
    c
}

/// Calls the asynchronous method `name` of a JS-boundary instance with one argument, as the JS
/// entry does (`AuthCore.call`).
pub fn method(c: &AuthCore, name: &str, arg: JsValue) -> Promise {
    let n = calls::number(name).unwrap_or(u32::MAX);
    c.call(n, arg, JsValue::UNDEFINED).unchecked_into()
}

pub fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `v.error.code` (None when there is no error).
pub fn err_code(v: &JsValue) -> Option<String> {
    get(&get(v, "error"), "code").as_string()
}

pub fn obj(json: &str) -> JsValue {
    JSON::parse(json).expect("json")
}

pub fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

pub async fn sleep(ms: i32) {
    let p = Promise::new(&mut |res, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&res, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Awaits a Promise that must resolve.
pub async fn wait(p: Promise) -> JsValue {
    JsFuture::from(p).await.expect("resolves")
}

/// Calls `data[name](arg)` (a callback returned inside `data`) and awaits it.
pub async fn call_fn(data: &JsValue, name: &str, arg: &JsValue) -> JsValue {
    let f: Function = get(data, name).dyn_into().expect("a function");
    let p: Promise = f.call1(&JsValue::NULL, arg).unwrap().dyn_into().unwrap();
    wait(p).await
}

/// Raw fetch to the emulator; the body is sent as a string (no Content-Type).
pub async fn call(method: &str, path: &str, body: Option<&str>, bearer: Option<&str>) -> JsValue {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(b) = body {
        init.set_body(&b.into());
    }
    if let Some(t) = bearer {
        let h = js_sys::Object::new();
        Reflect::set(&h, &"authorization".into(), &format!("Bearer {t}").into()).unwrap();
        init.set_headers(&h);
    }
    let url = format!("{EMU}{path}");
    let w = web_sys::window().unwrap();
    let resp: web_sys::Response = JsFuture::from(w.fetch_with_str_and_init(&url, &init))
        .await
        .expect("fetch")
        .dyn_into()
        .unwrap();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap();
    JSON::parse(&text.as_string().unwrap()).expect("json")
}

pub async fn create_user(env: &str, fields: &str) {
    let body = format!(r#"{{"env":"{env}",{fields}}}"#);
    let r = call("POST", "/_emulator/users", Some(&body), None).await;
    assert!(
        get(&r, "error").is_undefined(),
        "create user: {:?}",
        JSON::stringify(&r)
    );
}

/// The messages the emulator "sent" to `address` (oldest first).
pub async fn outbox(env: &str, address: &str) -> Vec<JsValue> {
    let a = String::from(js_sys::encode_uri_component(address));
    let r = call(
        "GET",
        &format!("/_emulator/outbox?env={env}&address={a}"),
        None,
        None,
    )
    .await;
    js_sys::Array::from(&get(&r, "messages")).iter().collect()
}

/// The newest code sent to `address`.
pub async fn last_code(env: &str, address: &str) -> String {
    let msgs = outbox(env, address).await;
    let m = msgs
        .last()
        .unwrap_or_else(|| panic!("no code sent to {address}"));
    get(m, "code").as_string().expect("code")
}

/// Moves the emulator clock (global: only in tests that tolerate it).
pub async fn advance_clock(seconds: u32) {
    call(
        "POST",
        "/_emulator/clock",
        Some(&format!(r#"{{"advance_seconds":{seconds}}}"#)),
        None,
    )
    .await;
}

/// Requests the emulator logged for `path` in `env`.
pub async fn requests(env: &str, path: &str) -> Vec<JsValue> {
    let r = call(
        "GET",
        &format!("/_emulator/requests?env={env}&path={path}"),
        None,
        None,
    )
    .await;
    js_sys::Array::from(&get(&r, "requests")).iter().collect()
}

pub type Log = Rc<RefCell<Vec<(AuthChangeEvent, bool)>>>;

/// Records `(event, had_session)` for every event of `a`.
pub fn record(a: &Auth) -> Log {
    let log: Log = Rc::default();
    let l = log.clone();
    a.on_auth_state_change(move |ev, s| l.borrow_mut().push((ev, s.is_some())));
    log
}

/// Waits (polling, at most 5 s) until `cond` holds; panics with `what` otherwise.
pub async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting for {what}");
}

/// Asserts the events delivered to `log`, once as many as expected have arrived.
pub async fn assert_events(log: &Log, expected: &[AuthChangeEvent]) {
    until("the events", || log.borrow().len() >= expected.len()).await;
    let got: Vec<_> = log.borrow().iter().map(|e| e.0).collect();
    assert_eq!(got, expected);
}

/// Like [`assert_events`], with whether each event carried a session.
pub async fn assert_events_with_session(log: &Log, expected: &[(AuthChangeEvent, bool)]) {
    until("the events", || log.borrow().len() >= expected.len()).await;
    assert_eq!(log.borrow().as_slice(), expected);
}

/// Records the event names a JS-boundary instance delivers.
pub fn record_core(c: &AuthCore) -> Rc<RefCell<Vec<String>>> {
    let log: Rc<RefCell<Vec<String>>> = Rc::default();
    let l = log.clone();
    let cb = wasm_bindgen::closure::Closure::<dyn Fn(JsValue, JsValue)>::new(
        move |ev: JsValue, _s: JsValue| l.borrow_mut().push(ev.as_string().unwrap_or_default()),
    );
    c.on_auth_state_change(cb.into_js_value().unchecked_into());
    log
}

/// Asserts the event names delivered to `log`, once as many as expected have arrived.
pub async fn assert_core_events(log: &Rc<RefCell<Vec<String>>>, expected: &[&str]) {
    until("the events", || log.borrow().len() >= expected.len()).await;
    assert_eq!(log.borrow().as_slice(), expected);
}

/// A password sign-in by username.
pub fn by_username(user: &str, password: &str) -> cloudbase_auth_wasm::PasswordSignIn {
    cloudbase_auth_wasm::PasswordSignIn {
        username: Some(user.into()),
        password: password.into(),
        ..Default::default()
    }
}

/// A password sign-in by email.
pub fn by_email(email: &str, password: &str) -> cloudbase_auth_wasm::PasswordSignIn {
    cloudbase_auth_wasm::PasswordSignIn {
        email: Some(email.into()),
        password: password.into(),
        ..Default::default()
    }
}

/// True when the instance has a session (`getSession().data.session`).
pub async fn has_session(c: &AuthCore) -> bool {
    !get(
        &get(
            &wait(method(c, "getSession", JsValue::UNDEFINED)).await,
            "data",
        ),
        "session",
    )
    .is_null()
}

/// Asserts that a `{ data, error }` result has no error and its `data.user.email` is `email`.
pub fn assert_signed_in_as(result: &JsValue, email: &str) {
    assert!(
        get(result, "error").is_null(),
        "{:?}",
        JSON::stringify(result)
    );
    assert_eq!(
        get(&get(&get(result, "data"), "user"), "email")
            .as_string()
            .as_deref(),
        Some(email)
    );
}
