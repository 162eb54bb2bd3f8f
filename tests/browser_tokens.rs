//! Browser tests of `getClaims`, `signInWithCustomTicket`, `signInWithIdToken`, the
//! mini-program methods and the `lang` setting.
#![cfg(target_arch = "wasm32")]

mod common;

use cloudbase_auth_wasm::{Auth, AuthConfig};
use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn get_claims_decodes_the_access_token() {
    let env = env_id("claims");
    let c = core(&env);
    let r = wait(method(&c, "getClaims", JsValue::UNDEFINED)).await;
    assert_eq!(err_code(&r).as_deref(), Some("unauthenticated"));
    assert!(get(&get(&r, "data"), "claims").is_null());
    let s = auth(&env).sign_in_anonymously(None).await.unwrap();
    let r = wait(method(&c, "getClaims", JsValue::UNDEFINED)).await;
    assert!(get(&r, "error").is_null());
    let d = get(&r, "data");
    let claims = get(&d, "claims");
    assert_eq!(get(&claims, "sub").as_string(), Some(s.user.id.clone()));
    assert_eq!(
        get(&claims, "scope").as_string().as_deref(),
        Some("anonymous")
    );
    assert!(get(&claims, "exp").as_f64().unwrap() > js_sys::Date::now() / 1000.0);
    assert_eq!(
        get(&get(&d, "header"), "alg").as_string().as_deref(),
        Some("RS256")
    );
    let sig = get(&d, "signature").as_string().unwrap();
    assert!(s.credentials.access_token.ends_with(&sig));
    // With only a publishable key that is not a JWT.
    let k = Auth::new(AuthConfig {
        env: env_id("claims-pk"),
        origin: Some(EMU.into()),
        access_key: Some("pk-not-a-jwt".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(k.get_claims().await.unwrap_err().code, "invalid_argument");
}

#[wasm_bindgen_test]
async fn sign_in_with_custom_ticket() {
    let env = env_id("ticket");
    create_user(&env, r#""username":"tom_user","password":"Secret-pass1""#).await;
    let me = auth(&env)
        .sign_in_with_password(cloudbase_auth_wasm::PasswordSignIn {
            username: Some("tom_user".into()),
            password: "Secret-pass1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    auth(&env).sign_out().await.unwrap();
    let c = core(&env);
    // No ticket function yet.
    let r = wait(method(&c, "signInWithCustomTicket", JsValue::UNDEFINED)).await;
    assert_eq!(err_code(&r).as_deref(), Some("failed_precondition"));
    let t = call(
        "POST",
        "/_emulator/tickets",
        Some(&format!(r#"{{"env":"{env}","user_id":"{}"}}"#, me.user.id)),
        None,
    )
    .await;
    let ticket = get(&t, "ticket").as_string().expect("ticket");
    let f = js_sys::Function::new_no_args(&format!("return Promise.resolve('{ticket}')"));
    let r = wait(method(&c, "signInWithCustomTicket", f.into())).await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    assert_eq!(
        get(&get(&get(&r, "data"), "user"), "id").as_string(),
        Some(me.user.id.clone())
    );
    // The stored function is used again; the ticket is single use.
    let r = wait(method(&c, "signInWithCustomTicket", JsValue::UNDEFINED)).await;
    assert!(err_code(&r).is_some());
    let thrower = js_sys::Function::new_no_args("throw new Error('boom')");
    let r = wait(method(&c, "signInWithCustomTicket", thrower.into())).await;
    assert!(get(&get(&r, "error"), "message")
        .as_string()
        .unwrap()
        .contains("boom"));
}

/// A provider token from the emulator's fake GitHub: authorize with auto-approve (the
/// redirect is followed to a trusted emulator URL whose final address carries the code),
/// then `POST /v1/provider/token`.
async fn github_provider_token(env: &str) -> String {
    let back = format!("{EMU}/_emulator/health");
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    let r = call(
        "GET",
        &format!(
            "/auth/v1/provider/uri?provider_id=github&state=s1&redirect_uri={}&client_id={env}",
            enc(&back)
        ),
        None,
        None,
    )
    .await;
    let uri = get(&r, "uri").as_string().expect("uri");
    let uri = String::from(js_sys::decode_uri_component(&uri).unwrap());
    let w = web_sys::window().unwrap();
    let resp: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(w.fetch_with_str(&format!("{uri}&auto_approve=1")))
            .await
            .expect("authorize")
            .dyn_into()
            .unwrap();
    let url = resp.url();
    let code = url
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("code="))
        .unwrap_or_else(|| panic!("no code in {url}"))
        .to_string();
    let t = call(
        "POST",
        &format!("/auth/v1/provider/token?client_id={env}"),
        Some(&format!(
            r#"{{"provider_id":"github","provider_redirect_uri":"{back}","provider_code":"{code}"}}"#
        )),
        None,
    )
    .await;
    get(&t, "provider_token")
        .as_string()
        .unwrap_or_else(|| panic!("{:?}", js_sys::JSON::stringify(&t)))
}

#[wasm_bindgen_test]
async fn sign_in_with_id_token() {
    let env = env_id("idtoken");
    let c = core(&env);
    let log = record_core(&c);
    let token = github_provider_token(&env).await;
    let r = wait(method(
        &c,
        "signInWithIdToken",
        obj(&format!(r#"{{"token":"{token}","provider":"github"}}"#)),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    let user = get(&get(&r, "data"), "user");
    assert!(!get(&user, "id").as_string().unwrap().is_empty());
    assert_core_events(&log, &["INITIAL_SESSION", "SIGNED_IN"]).await;
    let stored = local()
        .get_item(&format!("credentials_{env}"))
        .unwrap()
        .unwrap();
    assert!(stored.contains(r#""version":"v1""#));
    // Errors: a bogus token, no token.
    let env = env_id("idtoken-bad");
    let c = core(&env);
    let r = wait(method(&c, "signInWithIdToken", obj(r#"{"token":"bogus"}"#))).await;
    assert!(err_code(&r).is_some());
    assert!(get(&get(&r, "data"), "session").is_null());
    let r = wait(method(&c, "signInWithIdToken", obj("{}"))).await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
    assert!(auth(&env).get_session().await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn mini_program_methods_resolve_to_unimplemented() {
    let c = core(&env_id("wx"));
    for r in [
        wait(method(&c, "signInWithOpenId", JsValue::UNDEFINED)).await,
        wait(method(
            &c,
            "signInWithPhoneAuth",
            obj(r#"{"phoneCode":"x"}"#),
        ))
        .await,
    ] {
        assert_eq!(err_code(&r).as_deref(), Some("unimplemented"));
        let msg = get(&get(&r, "error"), "message").as_string().unwrap();
        assert!(msg.contains("WeChat mini-program"), "{msg}");
        assert!(get(&get(&r, "data"), "user").is_null());
        assert!(get(&get(&r, "data"), "session").is_null());
    }
}

#[wasm_bindgen_test]
async fn lang_is_persisted_per_client_id() {
    let env = env_id("lang");
    Auth::new(AuthConfig {
        env: env.clone(),
        origin: Some(EMU.into()),
        lang: Some("en-US".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        local().get_item(&format!("lang_{env}")).unwrap().as_deref(),
        Some("en-US")
    );
    // A later instance without `lang` keeps it; another client id gets the default.
    auth(&env);
    assert_eq!(
        local().get_item(&format!("lang_{env}")).unwrap().as_deref(),
        Some("en-US")
    );
    let other = env_id("lang2");
    auth(&other);
    assert_eq!(
        local()
            .get_item(&format!("lang_{other}"))
            .unwrap()
            .as_deref(),
        Some("zh-CN")
    );
}
