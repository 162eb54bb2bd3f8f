//! Browser tests of the code-based methods (`signUp`, `signInWithOtp`, `verifyOtp`,
//! `resend`) against the emulator; codes are read from its outbox.
#![cfg(target_arch = "wasm32")]

mod common;

use cloudbase_auth_wasm::auth::{OtpSignIn, VerifyOtp};
use cloudbase_auth_wasm::AuthChangeEvent;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn sign_up_new_user_then_existing_user_signs_in() {
    let env = env_id("signup");
    let c = core(&env);
    let email = "nina@example.com";
    let r = wait(method(
        &c,
        "signUp",
        obj(r#"{"email":"nina@example.com","password":"Secret-pass1","name":"Nina"}"#),
    ))
    .await;
    assert!(
        get(&r, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&r)
    );
    let data = get(&r, "data");
    let code = last_code(&env, email).await;
    let token = obj(&format!(r#"{{"token":"{code}"}}"#));
    let s = call_fn(&data, "verifyOtp", &token).await;
    assert!(
        get(&s, "error").is_null(),
        "{:?}",
        js_sys::JSON::stringify(&s)
    );
    let user = get(&get(&s, "data"), "user");
    assert_eq!(get(&user, "email").as_string().as_deref(), Some(email));
    assert_eq!(
        get(&get(&user, "user_metadata"), "name")
            .as_string()
            .as_deref(),
        Some("Nina")
    );
    assert_eq!(requests(&env, "/auth/v1/signup").await.len(), 1);
    // The password given at sign-up works.
    let a = auth(&env);
    let log = record(&a);
    a.sign_in_with_password(cloudbase_auth_wasm::PasswordSignIn {
        email: Some(email.into()),
        password: "Secret-pass1".into(),
        ..Default::default()
    })
    .await
    .expect("password set at sign-up");

    // Same address again: an existing user is signed in, not signed up. (The emulator
    // allows one code per address per minute.)
    advance_clock(61).await;
    let ch = a
        .sign_up(cloudbase_auth_wasm::auth::SignUp {
            email: Some(email.into()),
            ..Default::default()
        })
        .await
        .expect("code sent");
    assert!(ch.verification.is_user);
    let code = last_code(&env, email).await;
    let s = a.complete_otp(&ch, &code, None).await.expect("signed in");
    assert_eq!(s.user.email, email);
    assert_eq!(requests(&env, "/auth/v1/signup").await.len(), 1);
    assert_events(
        &log,
        &[
            AuthChangeEvent::InitialSession,
            AuthChangeEvent::SignedIn,
            AuthChangeEvent::SignedIn,
        ],
    )
    .await;
}

#[wasm_bindgen_test]
async fn sign_in_with_otp_by_phone_uses_the_right_country_code() {
    let env = env_id("otp-phone");
    let c = core(&env);
    for (input, wire) in [
        ("+12025550123", "+1 2025550123"),
        ("13800138000", "+86 13800138000"),
        ("+85291234567", "+852 91234567"),
    ] {
        let r = wait(method(
            &c,
            "signInWithOtp",
            obj(&format!(r#"{{"phone":"{input}"}}"#)),
        ))
        .await;
        assert!(get(&r, "error").is_null(), "{input}");
        let msgs = outbox(&env, wire).await;
        let m = msgs.last().expect("code sent");
        assert_eq!(get(m, "address").as_string().as_deref(), Some(wire));
        let code = get(m, "code").as_string().unwrap();
        let s = call_fn(
            &get(&r, "data"),
            "verifyOtp",
            &obj(&format!(r#"{{"token":"{code}"}}"#)),
        )
        .await;
        assert!(
            get(&s, "error").is_null(),
            "{input}: {:?}",
            js_sys::JSON::stringify(&s)
        );
        let phone = get(&get(&get(&s, "data"), "user"), "phone").as_string();
        assert_eq!(phone.as_deref(), Some(wire));
    }
    // Malformed: rejected before any request.
    let r = wait(method(&c, "signInWithOtp", obj(r#"{"phone":"12ab"}"#))).await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_phone"));
    assert!(get(&get(&r, "data"), "user").is_null());
}

#[wasm_bindgen_test]
async fn sign_in_with_otp_should_create_user_false_needs_an_existing_user() {
    let env = env_id("otp-nocreate");
    let a = auth(&env);
    let p = |email: &str| OtpSignIn {
        email: Some(email.into()),
        phone: None,
        should_create_user: false,
        email_redirect_to: None,
    };
    let e = a
        .sign_in_with_otp(p("ghost@example.com"))
        .await
        .unwrap_err();
    assert_eq!(e.code, "user_not_found");
    assert_eq!(e.category().as_str(), "USER_NOT_FOUND");

    create_user(&env, r#""email":"olga@example.com""#).await;
    let ch = a
        .sign_in_with_otp(p("olga@example.com"))
        .await
        .expect("sent");
    let code = last_code(&env, "olga@example.com").await;
    let s = a.complete_otp(&ch, &code, None).await.expect("signed in");
    assert_eq!(s.user.email, "olga@example.com");
    // Through the JS boundary the non-default path also carries user/session nulls.
    advance_clock(61).await;
    let r = wait(method(
        &core(&env),
        "signInWithOtp",
        obj(r#"{"email":"olga@example.com","options":{"shouldCreateUser":false}}"#),
    ))
    .await;
    let d = get(&r, "data");
    assert!(get(&d, "user").is_null() && get(&d, "session").is_null());
    assert!(get(&d, "verifyOtp").is_function());
}

#[wasm_bindgen_test]
async fn wrong_expired_and_exhausted_codes() {
    let env = env_id("otp-codes");
    let c = core(&env);
    let addr = "+86 13900139000";
    let r = wait(method(
        &c,
        "signInWithOtp",
        obj(r#"{"phone":"13900139000"}"#),
    ))
    .await;
    let data = get(&r, "data");
    let right = last_code(&env, addr).await;
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let bad = obj(&format!(r#"{{"token":"{wrong}"}}"#));
    let e = call_fn(&data, "verifyOtp", &bad).await;
    assert_eq!(err_code(&e).as_deref(), Some("invalid_code"));
    assert_eq!(
        get(&get(&e, "error"), "category").as_string().as_deref(),
        Some("VERIFICATION_FAILED")
    );
    assert!(get(&get(&e, "data"), "session").is_null());
    // Keep guessing until the code is locked.
    let mut last = None;
    for _ in 0..10 {
        last = err_code(&call_fn(&data, "verifyOtp", &bad).await);
        if last.as_deref() != Some("invalid_code") {
            break;
        }
    }
    assert_eq!(last.as_deref(), Some("max_attempts_exceeded"));
    // Even the right code is refused now.
    let ok = obj(&format!(r#"{{"token":"{right}"}}"#));
    assert_eq!(
        err_code(&call_fn(&data, "verifyOtp", &ok).await).as_deref(),
        Some("max_attempts_exceeded")
    );

    // A fresh code that expires.
    advance_clock(61).await;
    let r = wait(method(
        &c,
        "signInWithOtp",
        obj(r#"{"phone":"13900139000"}"#),
    ))
    .await;
    let data = get(&r, "data");
    let code = last_code(&env, addr).await;
    advance_clock(601).await;
    let e = call_fn(
        &data,
        "verifyOtp",
        &obj(&format!(r#"{{"token":"{code}"}}"#)),
    )
    .await;
    assert_eq!(err_code(&e).as_deref(), Some("code_expired"));
}

#[wasm_bindgen_test]
async fn resend_then_verify_otp_with_its_message_id() {
    let env = env_id("resend");
    create_user(&env, r#""email":"pia@example.com""#).await;
    let c = core(&env);
    let r = wait(method(&c, "resend", obj(r#"{"email":"pia@example.com"}"#))).await;
    assert!(get(&r, "error").is_null());
    let id = get(&get(&r, "data"), "messageId").as_string().expect("id");
    let msgs = outbox(&env, "pia@example.com").await;
    assert_eq!(
        get(msgs.last().unwrap(), "verification_id").as_string(),
        Some(id.clone())
    );
    assert_eq!(
        get(msgs.last().unwrap(), "target").as_string().as_deref(),
        Some("USER")
    );
    let code = last_code(&env, "pia@example.com").await;
    let s = wait(method(
        &c,
        "verifyOtp",
        obj(&format!(
            r#"{{"email":"pia@example.com","token":"{code}","messageId":"{id}","type":"email"}}"#
        )),
    ))
    .await;
    assert_signed_in_as(&s, "pia@example.com");
    // resend to an unknown address (target USER) fails.
    let r = wait(method(
        &c,
        "resend",
        obj(r#"{"email":"nobody@example.com"}"#),
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("user_not_found"));
    assert!(get(&get(&r, "data"), "messageId").is_null());
}

#[wasm_bindgen_test]
async fn bad_arguments_resolve_to_invalid_argument() {
    let env = env_id("otp-args");
    let c = core(&env);
    let r = wait(method(
        &c,
        "verifyOtp",
        obj(r#"{"email":"a@b.c","token":"123456"}"#),
    ))
    .await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
    let msg = get(&get(&r, "error"), "message").as_string().unwrap();
    assert!(msg.contains("messageId"), "{msg}");
    let r = wait(method(&c, "signUp", JsValue::from(3))).await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
    let r = wait(method(&c, "signUp", obj("{}"))).await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
    let r = wait(method(&c, "resend", obj("{}"))).await;
    assert_eq!(err_code(&r).as_deref(), Some("invalid_argument"));
    // The callback in data does not throw on bad input either.
    let r = wait(method(&c, "signUp", obj(r#"{"email":"q@example.com"}"#))).await;
    let v = call_fn(&get(&r, "data"), "verifyOtp", &JsValue::UNDEFINED).await;
    assert_eq!(err_code(&v).as_deref(), Some("invalid_argument"));
    let e = auth(&env)
        .verify_otp(VerifyOtp {
            email: Some("a@b.c".into()),
            token: String::new(),
            message_id: "x".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(e.message.contains("token"));
}

#[wasm_bindgen_test]
async fn sign_up_with_a_verification_token_obtained_elsewhere() {
    let env = env_id("signup-token");
    let v = call(
        "POST",
        &format!("/auth/v1/verification?client_id={env}"),
        Some(r#"{"email":"uma@example.com","usage":"email"}"#),
        None,
    )
    .await;
    let id = get(&v, "verification_id").as_string().expect("id");
    let code = last_code(&env, "uma@example.com").await;
    let t = call(
        "POST",
        &format!("/auth/v1/verification/verify?client_id={env}"),
        Some(&format!(
            r#"{{"verification_id":"{id}","verification_code":"{code}"}}"#
        )),
        None,
    )
    .await;
    let vt = get(&t, "verification_token").as_string().expect("token");
    let c = core(&env);
    let r = wait(method(&c, "signUp", obj(&format!(
        r#"{{"email":"uma@example.com","verification_token":"{vt}","verification_code":"{code}","password":"Secret-pass1"}}"#
    ))))
    .await;
    assert_signed_in_as(&r, "uma@example.com");
    // The token is spent: a second use is refused, and never throws.
    let r = wait(method(
        &c,
        "signUp",
        obj(&format!(
            r#"{{"email":"uma@example.com","verification_token":"{vt}"}}"#
        )),
    ))
    .await;
    assert!(err_code(&r).is_some());
    assert!(get(&get(&r, "data"), "session").is_null());
}

#[wasm_bindgen_test]
async fn sign_in_with_otp_email_redirect_to_sends_target_any_and_creates_the_user() {
    let env = env_id("otp-redirect");
    let a = auth(&env);
    let ch = a
        .sign_in_with_otp(OtpSignIn {
            email: Some("vic@example.com".into()),
            phone: None,
            should_create_user: true,
            email_redirect_to: Some("http://localhost:3000/welcome".into()),
        })
        .await
        .expect("sent");
    let msgs = outbox(&env, "vic@example.com").await;
    let m = msgs.last().expect("code sent");
    assert_eq!(get(m, "target").as_string().as_deref(), Some("ANY"));
    let code = get(m, "code").as_string().unwrap();
    // A new user: signed up (the official SDK would try to sign in and fail).
    let s = a.complete_otp(&ch, &code, None).await.expect("signed up");
    assert_eq!(s.user.email, "vic@example.com");
    assert_eq!(requests(&env, "/auth/v1/signup").await.len(), 1);
}
