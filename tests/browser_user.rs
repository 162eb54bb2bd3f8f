//! Browser tests of session and user methods: `setSession`, `refreshUser`,
//! `updateUser`, `deleteUser`, `signOut` with params.
#![cfg(target_arch = "wasm32")]

mod common;

use cloudbase_auth_wasm::AuthChangeEvent;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The password every user of these tests has.
const PASSWORD: &str = "Secret-pass1";

/// Raw password sign-in (no package involved): the token response.
async fn raw_tokens(env: &str, email: &str) -> JsValue {
    call(
        "POST",
        &format!("/auth/v1/signin?client_id={env}"),
        Some(&format!(
            r#"{{"username":"{email}","password":"Secret-pass1"}}"#
        )),
        None,
    )
    .await
}

#[wasm_bindgen_test]
async fn set_session_fetches_the_new_user_and_fires_refreshed_then_signed_in() {
    let env = env_id("setsession");
    create_user(
        &env,
        r#""email":"ann@example.com","password":"Secret-pass1""#,
    )
    .await;
    create_user(
        &env,
        r#""email":"ben@example.com","password":"Secret-pass1""#,
    )
    .await;
    let a = auth(&env);
    a.sign_in_with_password(by_email("ann@example.com", PASSWORD))
        .await
        .unwrap();
    let log = record(&a);
    let t = raw_tokens(&env, "ben@example.com").await;
    let at = get(&t, "access_token").as_string().unwrap();
    let rt = get(&t, "refresh_token").as_string().unwrap();
    let s = a.set_session(&at, &rt).await.expect("set");
    // The profile is Ben's, not the cached Ann (the official SDK's bug).
    assert_eq!(s.user.email, "ben@example.com");
    assert_eq!(
        a.get_session().await.unwrap().unwrap().user.email,
        "ben@example.com"
    );
    assert_events(
        &log,
        &[
            AuthChangeEvent::InitialSession,
            AuthChangeEvent::TokenRefreshed,
            AuthChangeEvent::SignedIn,
        ],
    )
    .await;
    // Errors: a bad refresh token, a missing access token.
    let c = core(&env);
    let r = wait(method(
        &c,
        "setSession",
        obj(r#"{"access_token":"x","refresh_token":"bogus"}"#),
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_grant"));
    let r = wait(method(
        &c,
        "setSession",
        obj(r#"{"refresh_token":"bogus"}"#),
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
    assert!(get(&get(&r, "error"), "message")
        .as_string()
        .unwrap()
        .contains("access_token"));
}

#[wasm_bindgen_test]
async fn refresh_user_refetches_the_profile() {
    let env = env_id("refreshuser");
    create_user(
        &env,
        r#""email":"cat@example.com","password":"Secret-pass1","name":"Cat""#,
    )
    .await;
    let a = auth(&env);
    let s = a
        .sign_in_with_password(by_email("cat@example.com", PASSWORD))
        .await
        .unwrap();
    // Renamed behind the package's back.
    let r = call(
        "POST",
        "/auth/v1/user/basic/edit",
        Some(r#"{"nickname":"Catherine"}"#),
        Some(&s.credentials.access_token),
    )
    .await;
    assert!(get(&r, "error").is_undefined());
    assert_eq!(
        a.get_session()
            .await
            .unwrap()
            .unwrap()
            .user
            .user_metadata
            .name
            .as_deref(),
        Some("Cat")
    );
    let s = a.refresh_user().await.expect("refresh");
    assert_eq!(s.user.user_metadata.name.as_deref(), Some("Catherine"));
    let r = wait(method(
        &core(&env_id("refreshuser-out")),
        "refreshUser",
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("unauthenticated"));
}

#[wasm_bindgen_test]
async fn update_user_basic_fields_fire_user_updated() {
    let env = env_id("updateuser");
    create_user(
        &env,
        r#""email":"dan@example.com","password":"Secret-pass1""#,
    )
    .await;
    let a = auth(&env);
    a.sign_in_with_password(by_email("dan@example.com", PASSWORD))
        .await
        .unwrap();
    let c = core(&env);
    let log = record_core(&c);
    let r = wait(method(
        &c,
        "updateUser",
        obj(r#"{"nickname":"Danny","gender":"MALE"}"#),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    let user = get(&get(&r, "data"), "user");
    assert_eq!(
        get(&get(&user, "user_metadata"), "name")
            .as_string()
            .as_deref(),
        Some("Danny")
    );
    assert_core_events(&log, &["INITIAL_SESSION", "USER_UPDATED"]).await;
    // Errors: nothing to update, a password, bad gender from the server.
    for (arg, code) in [
        ("{}", "invalid_argument"),
        (r#"{"password":"x"}"#, "invalid_argument"),
        (r#"{"gender":"ROBOT"}"#, "invalid_argument"),
    ] {
        let r = wait(method(&c, "updateUser", obj(arg))).await;
        assert_eq!(err_code(&r).as_deref(), Some(code), "{arg}");
        assert!(get(&get(&r, "data"), "user").is_null());
    }
}

#[wasm_bindgen_test]
async fn update_user_email_change_through_verify_otp() {
    let env = env_id("emailchange");
    create_user(
        &env,
        r#""email":"eve@example.com","password":"Secret-pass1""#,
    )
    .await;
    let a = auth(&env);
    a.sign_in_with_password(by_email("eve@example.com", PASSWORD))
        .await
        .unwrap();
    let c = core(&env);
    let log = record_core(&c);
    let r = wait(method(
        &c,
        "updateUser",
        obj(r#"{"email":"eve2@example.com"}"#),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    let data = get(&r, "data");
    let id = get(&data, "messageId").as_string().expect("messageId");
    let msgs = outbox(&env, "eve2@example.com").await;
    assert_eq!(
        get(msgs.last().unwrap(), "verification_id").as_string(),
        Some(id)
    );
    // A wrong code first: an error, nothing changed.
    let code = last_code(&env, "eve2@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = call_fn(
        &data,
        "verifyOtp",
        &obj(&format!(
            r#"{{"email":"eve2@example.com","token":"{wrong}"}}"#
        )),
    )
    .await;
    assert_eq!(err_code(&e).as_deref(), Some("invalid_code"));
    let ok = call_fn(
        &data,
        "verifyOtp",
        &obj(&format!(
            r#"{{"email":"eve2@example.com","token":"{code}"}}"#
        )),
    )
    .await;
    assert_signed_in_as(&ok, "eve2@example.com");
    assert_eq!(
        a.get_session().await.unwrap().unwrap().user.email,
        "eve2@example.com"
    );
    assert_core_events(&log, &["INITIAL_SESSION", "USER_UPDATED"]).await;
}

#[wasm_bindgen_test]
async fn delete_user_clears_the_session_and_fires_signed_out() {
    let env = env_id("deleteuser");
    create_user(
        &env,
        r#""email":"fay@example.com","password":"Secret-pass1""#,
    )
    .await;
    let a = auth(&env);
    a.sign_in_with_password(by_email("fay@example.com", PASSWORD))
        .await
        .unwrap();
    let e = a.delete_user("wrong-pass").await.unwrap_err();
    assert_ne!(e.code, "unknown");
    assert!(
        a.get_session().await.unwrap().is_some(),
        "kept after a failure"
    );
    let e = a.delete_user("").await.unwrap_err();
    assert_eq!(e.code, "invalid_argument");
    let c = core(&env);
    let log = record_core(&c);
    let r = wait(method(
        &c,
        "deleteUser",
        obj(r#"{"password":"Secret-pass1"}"#),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    assert!(local()
        .get_item(&format!("credentials_{env}"))
        .unwrap()
        .is_none());
    assert!(local()
        .get_item(&format!("user_info_{env}"))
        .unwrap()
        .is_none());
    assert!(!has_session(&c).await);
    assert_core_events(&log, &["INITIAL_SESSION", "SIGNED_OUT"]).await;
    // The account is gone.
    let e = auth(&env)
        .sign_in_with_password(by_email("fay@example.com", PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_username_or_password");
}

#[wasm_bindgen_test]
async fn sign_out_with_redirect_uri_uses_user_signout() {
    let env = env_id("signout-redirect");
    auth(&env).sign_in_anonymously(None).await.unwrap();
    let c = core(&env);
    let log = record_core(&c);
    let r = wait(method(
        &c,
        "signOut",
        obj(r#"{"redirect_uri":"http://localhost:3000/bye","state":"s1"}"#),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    assert_eq!(
        get(&r, "redirect_uri").as_string().as_deref(),
        Some("http://localhost:3000/bye")
    );
    assert_eq!(requests(&env, "/auth/v1/user/signout").await.len(), 1);
    assert_eq!(requests(&env, "/auth/v1/revoke").await.len(), 0);
    assert!(!has_session(&c).await);
    assert_core_events(&log, &["INITIAL_SESSION", "SIGNED_OUT"]).await;
    // Bad params never throw.
    let r = wait(method(&core(&env), "signOut", JsValue::from(5))).await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
}
