//! Browser tests of the OAuth, identity, tools and captcha parts against the real
//! emulator at `EMULATOR_URL` (read at build time). Every test uses its own env id.
//! Full redirects (navigation) are covered by tests/page/oauth.test.mjs.
#![cfg(target_arch = "wasm32")]

use cloudbase_auth_wasm::auth::{
    CaptchaAnswer, CaptchaChallenge, CaptchaHandler, DefaultLoginPage,
};
use cloudbase_auth_wasm::oauth::{url, OAuthOptions};
use cloudbase_auth_wasm::{Auth, PasswordSignIn};
use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{auth, create_user, env_id, get};

/// Raw call to the emulator (shared helper, no bearer token).
async fn call(method: &str, path: &str, body: Option<&str>) -> JsValue {
    common::call(method, path, body, None).await
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

/// Paths of the /auth requests the emulator served for `env`.
async fn served_paths(env: &str) -> Vec<String> {
    let r = call("GET", &format!("/_emulator/requests?env={env}"), None).await;
    let list: Array = get(&r, "requests").dyn_into().unwrap_or_default();
    list.iter()
        .filter_map(|x| get(&x, "path").as_string())
        .collect()
}

async fn sign_in(a: &Auth, username: &str, password: &str) {
    a.sign_in_with_password(PasswordSignIn {
        username: Some(username.into()),
        password: password.into(),
        ..Default::default()
    })
    .await
    .expect("sign in");
}

#[wasm_bindgen_test]
async fn sign_in_with_oauth_returns_the_provider_url_and_records_the_round_trip() {
    let env = env_id("oauth-url");
    let a = auth(&env);
    let r = a
        .sign_in_with_oauth(
            "github",
            OAuthOptions {
                redirect_to: Some("http://127.0.0.1:9/app/cb?tab=2#section".into()),
                skip_browser_redirect: true,
                query_params: vec![("auto_approve".into(), "1".into())],
                ..Default::default()
            },
        )
        .await
        .expect("signInWithOAuth");
    assert_eq!(r.provider, "github");
    assert!(
        r.url.contains("/_emulator/oauth/github/authorize"),
        "{}",
        r.url
    );
    assert!(r.url.contains("auto_approve=1"), "{}", r.url);
    let (_, search, _) = url::split_href(&r.url);
    let state = url::query_get(search, "state").expect("state in url");
    assert!(state.starts_with("prd-github-"), "{state}");
    assert_eq!(state.len(), "prd-github-".len() + 16);
    assert_eq!(
        url::query_get(search, "redirect_uri").as_deref(),
        Some("http://127.0.0.1:9/app/cb")
    );
    let stored = session_storage()
        .get_item(&state)
        .unwrap()
        .expect("pending entry under the state");
    let v = JSON::parse(&stored).unwrap();
    assert_eq!(get(&v, "provider").as_string().as_deref(), Some("github"));
    assert_eq!(get(&v, "search").as_string().as_deref(), Some("?tab=2"));
    assert_eq!(get(&v, "hash").as_string().as_deref(), Some("#section"));
    assert_eq!(get(&v, "type").as_string().as_deref(), Some("sign_in"));
    // The query the server saw: provider_id, state, redirect_uri, client_id.
    let paths = served_paths(&env).await;
    assert!(
        paths.iter().any(|p| p == "/auth/v1/provider/uri"),
        "{paths:?}"
    );
    session_storage().remove_item(&state).unwrap();
}

#[wasm_bindgen_test]
async fn sign_in_with_oauth_argument_and_server_errors() {
    let env = env_id("oauth-err");
    let a = auth(&env);
    let e = a
        .sign_in_with_oauth("", OAuthOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_argument");
    let e = a
        .sign_in_with_oauth(
            "github",
            OAuthOptions {
                redirect_to: Some("not a url".into()),
                skip_browser_redirect: true,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_argument");
    // A redirect outside the trusted domains is refused by the server.
    let e = a
        .sign_in_with_oauth(
            "github",
            OAuthOptions {
                redirect_to: Some("https://evil.example/cb".into()),
                skip_browser_redirect: true,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "permission_denied", "{e:?}");
}

#[wasm_bindgen_test]
async fn a_forged_state_is_rejected_without_exchanging_the_code() {
    let env = env_id("oauth-forged");
    let a = auth(&env);
    let e = a
        .verify_oauth(
            Some("some-code".into()),
            Some("prd-github-forged0000000000".into()),
            Some("github".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_argument");
    assert!(e.message.starts_with("state mismatch"), "{}", e.message);
    assert!(a.get_session().await.unwrap().is_none());
    let paths = served_paths(&env).await;
    assert!(
        !paths.iter().any(|p| p.contains("/provider/token")),
        "{paths:?}"
    );
    // Missing arguments (the test page URL has no code/state).
    let e = a.verify_oauth(None, None, None).await.unwrap_err();
    assert_eq!(e.code, "invalid_argument");
    assert!(e.message.contains("state"), "{}", e.message);
    let e = a
        .exchange_code_for_session(Some("c".into()))
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_argument");
}

#[wasm_bindgen_test]
async fn link_identity_needs_a_session() {
    let env = env_id("link-nosess");
    let e = auth(&env)
        .link_identity(
            "github",
            OAuthOptions {
                skip_browser_redirect: true,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, "unauthenticated");
}

#[wasm_bindgen_test]
async fn identities_list_and_unlink() {
    let env = env_id("ident");
    create_user(
        &env,
        r#""username":"ida","password":"Ida-pass-123","providers":[{"provider_id":"github","provider_user_id":"gh-ida","name":"ida-gh"}]"#,
    )
    .await;
    let a = auth(&env);
    // Signed out: an error, not an exception.
    let e = a.get_user_identities().await.unwrap_err();
    assert_eq!(e.code, "unauthenticated");
    let e = a.unlink_identity("github").await.unwrap_err();
    assert_eq!(e.code, "unauthenticated");

    sign_in(&a, "ida", "Ida-pass-123").await;
    let list = a.get_user_identities().await.expect("identities");
    let ids: Vec<&str> = list.iter().map(|x| x.id.as_str()).collect();
    assert!(ids.contains(&"github"), "{ids:?}");
    for x in &list {
        // The entry as the server sent it, `bind: true` included.
        let v = JSON::parse(&x.json).expect("json");
        assert_eq!(get(&v, "id").as_string().as_deref(), Some(x.id.as_str()));
        assert_eq!(get(&v, "bind"), JsValue::TRUE);
    }
    assert!(a.unlink_identity("").await.is_err());

    a.unlink_identity("github").await.expect("unlink");
    let list = a.get_user_identities().await.expect("identities");
    assert!(!list.iter().any(|x| x.id == "github"), "still linked");
    // Unlinking what is not linked is an error from the server.
    assert!(a.unlink_identity("github").await.is_err());
}

#[wasm_bindgen_test]
fn default_login_page_url() {
    let a = auth("login-page-env");
    let u = a.default_login_page_url(&DefaultLoginPage {
        redirect_uri: Some("http://127.0.0.1:5/app?x=1".into()),
        app_id: Some("app1".into()),
        query: vec![("lang".into(), "en".into())],
        ..Default::default()
    });
    assert_eq!(
        u,
        "http://127.0.0.1:5/__auth/?app_id=app1&env_id=login-page-env&client_id=login-page-env\
         &config_version=env&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fapp%3Fx%3D1&lang=en"
    );
}

/// A handler that reads the answer from the emulator (as a person would read the image).
fn answering_handler(env: String, calls: std::rc::Rc<std::cell::Cell<u32>>) -> CaptchaHandler {
    std::rc::Rc::new(move |c: CaptchaChallenge| {
        let env = env.clone();
        calls.set(calls.get() + 1);
        Box::pin(async move {
            assert!(c.image.starts_with("data:image/"), "{}", c.image);
            assert!(c.state.starts_with("POST:/v1/signin"), "{}", c.state);
            let r = call(
                "GET",
                &format!(
                    "/_emulator/captcha?env={env}&token={}",
                    js_sys::encode_uri_component(&c.token)
                ),
                None,
            )
            .await;
            let list: Array = get(&r, "captchas").dyn_into().unwrap();
            Ok(get(&list.get(0), "answer")
                .as_string()
                .map(CaptchaAnswer::Text))
        })
    })
}

#[wasm_bindgen_test]
async fn captcha_is_answered_by_the_handler_and_the_request_retried() {
    let env = env_id("captcha");
    create_user(&env, r#""username":"cap","password":"Cap-pass-123""#).await;
    let r = call(
        "PATCH",
        &format!("/_emulator/config?env={env}"),
        Some(r#"{"captcha":{"enabled":true,"threshold":1}}"#),
    )
    .await;
    assert!(get(&r, "error").is_undefined(), "{:?}", JSON::stringify(&r));
    let a = auth(&env);
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    a.set_captcha_handler(Some(answering_handler(env.clone(), calls.clone())));
    // Wrong passwords until the emulator asks for a captcha; each answer is retried once.
    for _ in 0..3 {
        let e = a
            .sign_in_with_password(PasswordSignIn {
                username: Some("cap".into()),
                password: "wrong-pass-1".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_ne!(e.code, "captcha_required", "{e:?}");
        assert_ne!(e.code, "captcha_invalid", "{e:?}");
    }
    sign_in(&a, "cap", "Cap-pass-123").await;
    assert!(calls.get() >= 1, "the handler was never asked");
    let paths = served_paths(&env).await;
    assert!(
        paths.iter().any(|p| p == "/auth/v1/captcha/data/verify"),
        "{paths:?}"
    );
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(&format!("captcha_{env}"))
        .unwrap()
        .expect("captcha token stored");
    let v = JSON::parse(&stored).unwrap();
    assert!(get(&v, "captcha_token").is_string());
    assert!(get(&v, "expires_at").as_string().unwrap().ends_with('Z'));
}

#[wasm_bindgen_test]
async fn a_cancelled_captcha_is_an_error() {
    let env = env_id("captcha-cancel");
    create_user(&env, r#""username":"cc","password":"Cc-pass-1234""#).await;
    call(
        "PATCH",
        &format!("/_emulator/config?env={env}"),
        Some(r#"{"captcha":{"enabled":true,"threshold":1}}"#),
    )
    .await;
    let a = auth(&env);
    let cancel: CaptchaHandler = std::rc::Rc::new(|_| Box::pin(async { Ok(None) }));
    a.set_captcha_handler(Some(cancel));
    let mut saw = None;
    for _ in 0..3 {
        let e = a
            .sign_in_with_password(PasswordSignIn {
                username: Some("cc".into()),
                password: "wrong-pass-1".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        if e.code == "captcha_required" {
            saw = Some(e);
            break;
        }
    }
    let e = saw.expect("a captcha was required");
    assert!(e.message.contains("not answered"), "{}", e.message);
}
