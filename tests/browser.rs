//! Browser tests (wasm-bindgen-test, headless Chromium) against the real emulator at
//! `EMULATOR_URL` (read at build time). Every test uses its own env id.
#![cfg(target_arch = "wasm32")]

use cloudbase_auth_wasm::{Auth, AuthChangeEvent, AuthConfig, PasswordSignIn};
use js_sys::{Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{
    assert_events, assert_events_with_session, auth, call, core, create_user, env_id, get, local,
    method, obj, record, until, wait, EMU,
};

#[wasm_bindgen_test]
async fn anonymous_sign_in() {
    let env = env_id("anon");
    let a = auth(&env);
    let s = a.sign_in_anonymously(None).await.expect("anonymous");
    assert!(!s.credentials.access_token.is_empty());
    assert!(s.user.is_anonymous);
    assert!(!s.user.id.is_empty());
    let stored = local()
        .get_item(&format!("credentials_{env}"))
        .unwrap()
        .expect("stored");
    let v = JSON::parse(&stored).unwrap();
    assert!(get(&v, "expires_at").as_string().unwrap().ends_with('Z'));
    let ui = JSON::parse(
        &local()
            .get_item(&format!("user_info_{env}"))
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        get(&ui, "version").as_string().as_deref(),
        Some("localCachev1")
    );
    assert_eq!(
        get(&get(&ui, "content"), "uid").as_string(),
        Some(s.user.id.clone())
    );
    let again = a.get_session().await.unwrap().expect("session");
    assert_eq!(again.credentials.access_token, s.credentials.access_token);
}

#[wasm_bindgen_test]
async fn password_sign_in_by_email_username_phone() {
    let env = env_id("pw");
    create_user(
        &env,
        r#""email":"ann@example.com","username":"ann_user","phone_number":"+86 13800138000","password":"Secret-pass1""#,
    )
    .await;
    let a = auth(&env);
    let pw = || "Secret-pass1".to_string();
    for p in [
        PasswordSignIn {
            email: Some("ann@example.com".into()),
            password: pw(),
            ..Default::default()
        },
        PasswordSignIn {
            username: Some("ann_user".into()),
            password: pw(),
            ..Default::default()
        },
        PasswordSignIn {
            phone: Some("13800138000".into()),
            password: pw(),
            ..Default::default()
        },
    ] {
        let s = a.sign_in_with_password(p).await.expect("sign in");
        assert_eq!(s.user.email, "ann@example.com");
        assert!(!s.user.is_anonymous);
        assert_eq!(s.credentials.version.as_deref(), Some("v1"));
    }
}

#[wasm_bindgen_test]
async fn wrong_password_is_an_error_and_no_session() {
    let env = env_id("wrong");
    create_user(&env, r#""username":"bob_user","password":"Right-pass1""#).await;
    let a = auth(&env);
    let e = a
        .sign_in_with_password(PasswordSignIn {
            username: Some("bob_user".into()),
            password: "wrong-pass".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_username_or_password");
    assert_eq!(e.category().as_str(), "INVALID_CREDENTIALS");
    assert_eq!(e.into_fields().request_id.map(|r| r.len()), Some(32));
    assert!(a.get_session().await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn get_session_signed_out_is_null_without_error() {
    let env = env_id("out");
    assert!(auth(&env).get_session().await.unwrap().is_none());
    let r = JsFuture::from(method(&core(&env), "getSession", JsValue::UNDEFINED))
        .await
        .unwrap();
    assert!(get(&r, "error").is_null());
    assert!(get(&get(&r, "data"), "session").is_null());
    assert!(get(&get(&r, "data"), "user").is_null());
}

#[wasm_bindgen_test]
async fn get_user_fetches_profile() {
    let env = env_id("user");
    create_user(
        &env,
        r#""email":"cy@example.com","password":"Secret-pass1","name":"Cy""#,
    )
    .await;
    let a = auth(&env);
    let s = a
        .sign_in_with_password(PasswordSignIn {
            email: Some("cy@example.com".into()),
            password: "Secret-pass1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let u = a.get_user().await.unwrap().expect("user");
    assert_eq!(u.id, s.user.id);
    assert_eq!(u.user_metadata.name.as_deref(), Some("Cy"));
    assert_eq!(u.aud, "authenticated");
}

#[wasm_bindgen_test]
async fn refresh_session_gives_new_token_and_event() {
    let env = env_id("refresh");
    let a = auth(&env);
    let s = a.sign_in_anonymously(None).await.unwrap();
    let log = record(&a);
    let r = a.refresh_session(None).await.expect("refresh");
    // The emulator's JWTs carry second-resolution iat/exp, so two tokens issued in the
    // same second can be identical; the rotated refresh token always differs.
    assert_ne!(r.credentials.refresh_token, s.credentials.refresh_token);
    let stored = a.get_session().await.unwrap().expect("session");
    assert_eq!(
        stored.credentials.refresh_token,
        r.credentials.refresh_token
    );
    assert_events(
        &log,
        &[
            AuthChangeEvent::InitialSession,
            AuthChangeEvent::TokenRefreshed,
        ],
    )
    .await;
}

#[wasm_bindgen_test]
async fn sign_out_clears_storage_and_fires_signed_out() {
    let env = env_id("signout");
    let a = auth(&env);
    a.sign_in_anonymously(None).await.unwrap();
    let log = record(&a);
    a.sign_out().await.expect("sign out");
    assert!(local()
        .get_item(&format!("credentials_{env}"))
        .unwrap()
        .is_none());
    assert!(local()
        .get_item(&format!("user_info_{env}"))
        .unwrap()
        .is_none());
    assert!(a.get_session().await.unwrap().is_none());
    assert_events_with_session(
        &log,
        &[
            (AuthChangeEvent::InitialSession, true),
            (AuthChangeEvent::SignedOut, false),
        ],
    )
    .await;
    // Signed out already: no revoke, no event, no error.
    a.sign_out().await.expect("second sign out");
}

#[wasm_bindgen_test]
async fn initial_session_then_signed_in() {
    let env = env_id("events");
    let a = auth(&env);
    let log = record(&a);
    assert!(
        log.borrow().is_empty(),
        "INITIAL_SESSION must be asynchronous"
    );
    a.sign_in_anonymously(None).await.unwrap();
    assert_events_with_session(
        &log,
        &[
            (AuthChangeEvent::InitialSession, false),
            (AuthChangeEvent::SignedIn, true),
        ],
    )
    .await;
}

#[wasm_bindgen_test]
async fn lazy_refresh_is_single_flight() {
    let env = env_id("lazy");
    let r = call(
        "PATCH",
        &format!("/_emulator/config?env={env}"),
        Some(r#"{"access_token_ttl":31}"#),
        None,
    )
    .await;
    assert_eq!(get(&r, "access_token_ttl").as_f64(), Some(31.0));
    let a = auth(&env);
    let s = a.sign_in_anonymously(None).await.unwrap();
    // A 31 s token expires locally 1 s after issue (30 s early).
    until("the access token to expire locally", || {
        s.credentials.is_expired(js_sys::Date::now())
    })
    .await;
    let all = js_sys::Array::new();
    for _ in 0..10 {
        let a = a.clone();
        all.push(&future_to_promise(async move {
            let s = a
                .get_session()
                .await
                .map_err(|e| JsValue::from_str(&e.message))?;
            Ok(JsValue::from_str(
                &s.expect("session").credentials.access_token,
            ))
        }));
    }
    let tokens = JsFuture::from(Promise::all(&all))
        .await
        .expect("all succeed");
    let tokens = js_sys::Array::from(&tokens);
    let first = tokens.get(0).as_string().unwrap();
    assert_ne!(
        first, s.credentials.access_token,
        "a refreshed token (new exp)"
    );
    assert!(tokens
        .iter()
        .all(|t| t.as_string().as_deref() == Some(first.as_str())));
    let log = call(
        "GET",
        &format!("/_emulator/requests?env={env}&path=/auth/v1/token"),
        None,
        None,
    )
    .await;
    let reqs = js_sys::Array::from(&get(&log, "requests"));
    let posts = reqs
        .iter()
        .filter(|r| get(r, "method").as_string().as_deref() == Some("POST"))
        .count();
    assert_eq!(posts, 1, "{:?}", JSON::stringify(&log));
}

#[wasm_bindgen_test]
async fn session_stored_by_official_sdk_is_picked_up() {
    let env = env_id("compat");
    create_user(
        &env,
        r#""email":"dee@example.com","password":"Secret-pass1""#,
    )
    .await;
    let tok = call(
        "POST",
        &format!("/auth/v1/signin?client_id={env}"),
        Some(r#"{"username":"dee@example.com","password":"Secret-pass1"}"#),
        None,
    )
    .await;
    let at = get(&tok, "access_token").as_string().expect("token");
    let me = call("GET", "/auth/v1/user/me", None, Some(&at)).await;
    // Exactly what the official SDK writes: {...TokenResponse, version:'v1', expires_at: ISO}.
    let creds = js_sys::Object::assign(&js_sys::Object::new(), tok.unchecked_ref());
    Reflect::set(&creds, &"version".into(), &"v1".into()).unwrap();
    let exp = js_sys::Date::now() + (get(&tok, "expires_in").as_f64().unwrap() - 30.0) * 1000.0;
    let iso = js_sys::Date::new(&exp.into()).to_iso_string();
    Reflect::set(&creds, &"expires_at".into(), &iso).unwrap();
    Reflect::set(&me, &"uid".into(), &get(&me, "sub")).unwrap();
    let cache = js_sys::Object::new();
    Reflect::set(&cache, &"version".into(), &"localCachev1".into()).unwrap();
    Reflect::set(&cache, &"content".into(), &me).unwrap();
    let ls = local();
    ls.set_item(
        &format!("credentials_{env}"),
        &JSON::stringify(&creds).unwrap().as_string().unwrap(),
    )
    .unwrap();
    ls.set_item(
        &format!("user_info_{env}"),
        &JSON::stringify(&cache).unwrap().as_string().unwrap(),
    )
    .unwrap();

    let a = auth(&env);
    let s = a.get_session().await.unwrap().expect("picked up");
    assert_eq!(s.credentials.access_token, at);
    assert_eq!(s.user.email, "dee@example.com");
    let u = a.get_user().await.unwrap().expect("user");
    assert_eq!(Some(u.into_fields().id), get(&me, "sub").as_string());
    // Through the JS boundary: expires_at is a Date.
    let r = JsFuture::from(method(&core(&env), "getSession", JsValue::UNDEFINED))
        .await
        .unwrap();
    let session = get(&get(&r, "data"), "session");
    assert!(get(&session, "expires_at").is_instance_of::<js_sys::Date>());
    assert_eq!(get(&session, "access_token").as_string(), Some(at));
}

#[wasm_bindgen_test]
async fn js_boundary_never_throws_on_bad_input() {
    let c = core(&env_id("badarg"));
    let r = JsFuture::from(method(&c, "signInWithPassword", JsValue::from(5)))
        .await
        .unwrap();
    let e = get(&r, "error");
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("invalid_argument")
    );
    assert!(get(&get(&r, "data"), "user").is_null());
    let r = JsFuture::from(method(
        &c,
        "signInWithPassword",
        JSON::parse(r#"{"email":"x@y.z"}"#).unwrap(),
    ))
    .await
    .unwrap();
    let msg = get(&get(&r, "error"), "message").as_string().unwrap();
    assert!(msg.contains("password"), "{msg}");
    // A field of the wrong type is named as such, not reported as missing; codes and tokens may
    // be numbers (read as their decimal text), and reading goes on after them; `null` is absent:
    // the type checks pass and the required check speaks.
    let cases = [
        (
            "signInWithPassword",
            r#"{"email":42,"password":1}"#,
            "email must be a string",
        ),
        ("signInWithOtp", r#"{"phone":42}"#, "phone must be a string"),
        (
            "signInWithOtp",
            r#"{"email":"a@b.c","options":{"shouldCreateUser":"no"}}"#,
            "shouldCreateUser must be a boolean",
        ),
        (
            "verifyOtp",
            r#"{"phone":"1","token":123456,"messageId":42}"#,
            "messageId must be a string",
        ),
        (
            "verifyOtp",
            r#"{"phone":"1","token":true,"messageId":42}"#,
            "token must be a string",
        ),
        (
            "signInWithPassword",
            r#"{"email":null,"username":"u","password":null}"#,
            "password is required",
        ),
    ];
    for (name, arg, expected) in cases {
        let r = wait(method(&c, name, obj(arg))).await;
        let got = get(&get(&r, "error"), "message").as_string();
        assert_eq!(got.as_deref(), Some(expected), "{name}({arg})");
    }
    let r = JsFuture::from(method(&c, "noSuchMethod", JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(
        get(&get(&r, "error"), "code").as_string().as_deref(),
        Some("unimplemented")
    );
    assert!(get(&r, "data").is_null());
}

#[wasm_bindgen_test]
async fn a_request_without_an_answer_ends_in_a_timeout_error() {
    let env = env_id("timeout");
    // The next custom sign-in request gets no answer for 3 s; the instance waits 300 ms.
    let r = call(
        "POST",
        "/_emulator/faults",
        Some(r#"{"path":"/auth/v1/signin/custom","kind":"delay","delay_ms":3000,"count":1}"#),
        None,
    )
    .await;
    assert!(get(&r, "error").is_undefined(), "{:?}", JSON::stringify(&r));
    let a = Auth::new(AuthConfig {
        env: env.clone(),
        origin: Some(EMU.into()),
        timeout_ms: Some(300),
        ..Default::default()
    })
    .unwrap();
    let started = js_sys::Date::now();
    let e = a.sign_in_with_custom_ticket("t-1").await.unwrap_err();
    assert_eq!(e.code, "timeout", "{e:?}");
    assert!(e.request_id.is_some());
    assert!(
        js_sys::Date::now() - started < 2500.0,
        "not aborted at the timeout"
    );
}

#[wasm_bindgen_test]
async fn invalid_grant_ends_the_session_with_signed_out() {
    let env = env_id("grant");
    create_user(&env, r#""username":"gil_user","password":"Secret-pass1""#).await;
    let a = auth(&env);
    a.sign_in_with_password(PasswordSignIn {
        username: Some("gil_user".into()),
        password: "Secret-pass1".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let log = record(&a);
    let e = a.refresh_session(Some("bogus".into())).await.unwrap_err();
    assert_eq!(e.code, "invalid_grant");
    assert!(local()
        .get_item(&format!("credentials_{env}"))
        .unwrap()
        .is_none());
    assert!(a.get_session().await.unwrap().is_none());
    assert_events(
        &log,
        &[AuthChangeEvent::InitialSession, AuthChangeEvent::SignedOut],
    )
    .await;
}

#[wasm_bindgen_test]
async fn unauthenticated_on_credentialed_call_clears_session() {
    let env = env_id("unauth");
    let a = auth(&env);
    a.sign_in_anonymously(None).await.unwrap();
    // Corrupt the stored access token (still unexpired locally).
    let key = format!("credentials_{env}");
    let v = JSON::parse(&local().get_item(&key).unwrap().unwrap()).unwrap();
    Reflect::set(&v, &"access_token".into(), &"not-a-jwt".into()).unwrap();
    local()
        .set_item(&key, &JSON::stringify(&v).unwrap().as_string().unwrap())
        .unwrap();
    let b = auth(&env); // a fresh instance reads storage
    let e = b.get_user().await.unwrap_err();
    assert_eq!(e.code, "unauthenticated");
    assert!(local().get_item(&key).unwrap().is_none());
}

#[wasm_bindgen_test]
async fn anonymous_session_relogs_in_when_refresh_fails() {
    let env = env_id("relogin");
    let a = auth(&env);
    let s = a.sign_in_anonymously(None).await.unwrap();
    let r = a
        .refresh_session(Some("bogus".into()))
        .await
        .expect("re-login");
    assert_eq!(
        r.credentials.sub, s.credentials.sub,
        "same device, same anonymous user"
    );
    assert_ne!(r.credentials.refresh_token, s.credentials.refresh_token);
    assert!(a.get_session().await.unwrap().is_some());
}

#[wasm_bindgen_test]
async fn publishable_key_only_gives_null_user_and_no_revoke() {
    let env = env_id("pk");
    let a = Auth::new(AuthConfig {
        env: env.clone(),
        origin: Some(EMU.into()),
        access_key: Some("pk-test".into()),
        ..Default::default()
    })
    .unwrap();
    assert!(a.get_session().await.unwrap().is_none());
    assert!(a.get_user().await.unwrap().is_none());
    a.sign_out().await.unwrap();
    let log = call(
        "GET",
        &format!("/_emulator/requests?env={env}&path=/auth/v1/revoke"),
        None,
        None,
    )
    .await;
    assert_eq!(js_sys::Array::from(&get(&log, "requests")).length(), 0);
}

#[wasm_bindgen_test]
async fn unreachable_is_retried_then_reported() {
    let a = Auth::new(AuthConfig {
        env: env_id("dead"),
        origin: Some("http://127.0.0.1:9".into()),
        ..Default::default()
    })
    .unwrap();
    let t0 = js_sys::Date::now();
    let e = a.sign_in_anonymously(None).await.unwrap_err();
    let took = js_sys::Date::now() - t0;
    assert_eq!(e.code, "unreachable");
    assert!(took >= 1900.0, "two retries 1000 ms apart, took {took}");
    assert_eq!(e.into_fields().request_id.map(|r| r.len()), Some(32));
}

#[wasm_bindgen_test]
async fn persistence_session_and_none_pick_the_backend() {
    use cloudbase_auth_wasm::Persistence;
    let session_store = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for (p, in_session) in [(Persistence::Session, true), (Persistence::None, false)] {
        let env = env_id("persist");
        let a = Auth::new(AuthConfig {
            env: env.clone(),
            origin: Some(EMU.into()),
            persistence: p,
            ..Default::default()
        })
        .unwrap();
        a.sign_in_anonymously(None).await.unwrap();
        let key = format!("credentials_{env}");
        assert!(
            local().get_item(&key).unwrap().is_none(),
            "{p:?}: not in localStorage"
        );
        assert_eq!(
            session_store.get_item(&key).unwrap().is_some(),
            in_session,
            "{p:?}"
        );
        assert_eq!(
            session_store
                .get_item(&format!("user_info_{env}"))
                .unwrap()
                .is_some(),
            in_session
        );
        assert!(
            a.get_session().await.unwrap().is_some(),
            "{p:?}: session kept"
        );
    }
}

/// In the browser the phone number is trimmed by JS's `String#trim` (`platform::trim`): Unicode
/// whitespace around it goes, whitespace inside it is still refused.
#[wasm_bindgen_test]
fn phone_numbers_are_trimmed_of_unicode_whitespace() {
    use cloudbase_auth_wasm::phone::format_phone;
    assert_eq!(
        format_phone("\u{3000}+86 138 0013 8000\u{a0}\t").unwrap(),
        "+86 13800138000"
    );
    assert_eq!(format_phone(" 13800138000 ").unwrap(), "+86 13800138000");
    let e = format_phone("+86 138\u{3000}00138000").unwrap_err();
    assert_eq!(e.code, "invalid_phone");
}
