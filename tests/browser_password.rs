//! Browser tests of password management: `resetPasswordForEmail`,
//! `resetPasswordForOld`, `reauthenticate` (with and without a new password).
#![cfg(target_arch = "wasm32")]

mod common;

use cloudbase_auth_wasm::{AuthChangeEvent, PasswordSignIn};
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn reset_password_for_email_then_sign_in_with_the_new_one() {
    let env = env_id("reset");
    create_user(&env, r#""email":"gus@example.com","password":"Old-pass-1""#).await;
    let a = auth(&env);
    let c = core(&env);
    let log = record_core(&c);
    let r = wait(method(
        &c,
        "resetPasswordForEmail",
        "gus@example.com".into(),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    let data = get(&r, "data");
    let code = last_code(&env, "gus@example.com").await;
    // Missing password, then a wrong code: errors, never exceptions.
    let e = call_fn(
        &data,
        "updateUser",
        &obj(&format!(r#"{{"nonce":"{code}"}}"#)),
    )
    .await;
    assert_eq!(err_code(&e).as_deref(), Some("invalid_argument"));
    let e = call_fn(&data, "updateUser", &JsValue::NULL).await;
    assert_eq!(err_code(&e).as_deref(), Some("invalid_argument"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = call_fn(
        &data,
        "updateUser",
        &obj(&format!(r#"{{"nonce":"{wrong}","password":"New-pass-1"}}"#)),
    )
    .await;
    assert_eq!(err_code(&e).as_deref(), Some("invalid_code"));
    let s = call_fn(
        &data,
        "updateUser",
        &obj(&format!(r#"{{"nonce":"{code}","password":"New-pass-1"}}"#)),
    )
    .await;
    assert_signed_in_as(&s, "gus@example.com");
    assert_core_events(&log, &["INITIAL_SESSION", "PASSWORD_RECOVERY", "SIGNED_IN"]).await;
    let e = a
        .sign_in_with_password(by_username("gus@example.com", "Old-pass-1"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_username_or_password");
    a.sign_in_with_password(by_username("gus@example.com", "New-pass-1"))
        .await
        .expect("new password");
    // Unknown address: the send step fails.
    let r = wait(method(
        &c,
        "resetPasswordForEmail",
        "nobody@example.com".into(),
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("user_not_found"));
    assert!(get(&get(&r, "data"), "updateUser").is_null());
}

#[wasm_bindgen_test]
async fn reset_password_by_phone_uses_the_normalised_number() {
    let env = env_id("reset-phone");
    create_user(
        &env,
        r#""phone_number":"+86 13700137000","password":"Old-pass-1""#,
    )
    .await;
    let a = auth(&env);
    let r = a
        .reset_password_for_email("13700137000", None)
        .await
        .expect("sent");
    let code = last_code(&env, "+86 13700137000").await;
    a.complete_password_reset(&r, &code, "New-pass-1")
        .await
        .expect("reset");
    a.sign_in_with_password(PasswordSignIn {
        phone: Some("+8613700137000".into()),
        password: "New-pass-1".into(),
        ..Default::default()
    })
    .await
    .expect("new password");
    let e = a.reset_password_for_email("12ab", None).await.unwrap_err();
    assert_eq!(e.code, "invalid_phone");
}

#[wasm_bindgen_test]
async fn reset_password_for_old() {
    let env = env_id("reset-old");
    create_user(&env, r#""username":"hal_user","password":"Old-pass-1""#).await;
    let a = auth(&env);
    a.sign_in_with_password(by_username("hal_user", "Old-pass-1"))
        .await
        .unwrap();
    let c = core(&env);
    let r = wait(method(
        &c,
        "resetPasswordForOld",
        obj(r#"{"old_password":"wrong-pass","new_password":"New-pass-1"}"#),
    ))
    .await;
    assert!(err_code(&r).is_some());
    assert!(get(&get(&r, "data"), "session").is_null());
    let r = wait(method(
        &c,
        "resetPasswordForOld",
        obj(r#"{"old_password":"Old-pass-1","new_password":"New-pass-1"}"#),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    assert!(get(&get(&r, "data"), "session").is_object());
    a.sign_in_with_password(by_username("hal_user", "New-pass-1"))
        .await
        .expect("new password");
    let r = wait(method(
        &c,
        "resetPasswordForOld",
        obj(r#"{"old_password":"New-pass-1"}"#),
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
}

#[wasm_bindgen_test]
async fn reauthenticate_with_a_new_password() {
    let env = env_id("reauth-pw");
    create_user(&env, r#""email":"ida@example.com","password":"Old-pass-1""#).await;
    let a = auth(&env);
    a.sign_in_with_password(by_username("ida@example.com", "Old-pass-1"))
        .await
        .unwrap();
    let c = core(&env);
    let r = wait(method(&c, "reauthenticate", JsValue::UNDEFINED)).await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    let code = last_code(&env, "ida@example.com").await;
    let s = call_fn(
        &get(&r, "data"),
        "updateUser",
        &obj(&format!(r#"{{"nonce":"{code}","password":"New-pass-1"}}"#)),
    )
    .await;
    assert!(
        get(&s, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&s)
    );
    a.sign_in_with_password(by_username("ida@example.com", "New-pass-1"))
        .await
        .expect("new password");
    // Signed out: nothing to re-authenticate.
    let r = wait(method(
        &core(&env_id("reauth-out")),
        "reauthenticate",
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("unauthenticated"));
    assert!(get(&get(&r, "data"), "updateUser").is_null());
}

#[wasm_bindgen_test]
async fn reauthenticate_without_password_signs_in_the_same_user() {
    let env = env_id("reauth");
    create_user(
        &env,
        r#""phone_number":"+1 2025550199","password":"Old-pass-1""#,
    )
    .await;
    let a = auth(&env);
    let first = a
        .sign_in_with_password(PasswordSignIn {
            phone: Some("+12025550199".into()),
            password: "Old-pass-1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let log = record(&a);
    let r = a.reauthenticate().await.expect("sent");
    let code = last_code(&env, "+1 2025550199").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = a
        .complete_reauthentication(&r, wrong, None)
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_code");
    let s = a
        .complete_reauthentication(&r, &code, None)
        .await
        .expect("signed in again");
    assert_eq!(s.user.id, first.user.id);
    assert_ne!(s.credentials.refresh_token, first.credentials.refresh_token);
    assert_events(
        &log,
        &[AuthChangeEvent::InitialSession, AuthChangeEvent::SignedIn],
    )
    .await;
}
