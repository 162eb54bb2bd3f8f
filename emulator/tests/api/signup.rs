//! `POST /auth/v1/signup`, `POST /auth/v1/signin` with a verification token.

use crate::common;
use crate::otp_support;

use common::{env, jwt_part, start};
use otp_support::{advance, bearer, token_for};
use serde_json::json;

#[test]
fn email_signup_with_password_then_password_signin() {
    let s = start();
    let e = env();
    let vt = token_for(&s, &e, "email", "Sam@Example.com");
    let r = s.post(
        &format!("/auth/v1/signup?client_id={e}"),
        &json!({"email": "Sam@Example.com", "verification_token": vt, "verification_code": 123456,
                "password": "password-1", "username": "sam", "name": "Sam", "gender": "MALE",
                "picture": "https://x/p.png", "locale": "en-US"}),
    );
    let b = r.ok().clone();
    assert_eq!(b["scope"], "user");
    assert_eq!(b["token_type"], "Bearer");
    let me = s.me(b["access_token"].as_str().unwrap()).ok().clone();
    assert_eq!(me["email"], "sam@example.com");
    assert_eq!(me["username"], "sam");
    assert_eq!(me["name"], "Sam");
    assert_eq!(me["gender"], "MALE");
    assert_eq!(me["picture"], "https://x/p.png");
    assert_eq!(me["locale"], "en-US");
    assert_eq!(me["has_password"], true);
    s.signin(&e, "sam", "password-1").ok();
    // The verification token was single use.
    s.post(
        &format!("/auth/v1/signup?client_id={e}"),
        &json!({"email": "sam@example.com", "verification_token": vt}),
    )
    .expect_error("code_expired", 400);
}

#[test]
fn phone_signup_without_password() {
    let s = start();
    let e = env();
    let vt = token_for(&s, &e, "phone_number", "+86 13800138000");
    let b = s
        .post(
            &format!("/auth/v1/signup?client_id={e}"),
            &json!({"phone_number": "+86 13800138000", "verification_token": vt}),
        )
        .ok()
        .clone();
    let claims = jwt_part(b["access_token"].as_str().unwrap(), 1);
    assert_eq!(claims["phone_number"], "+86 13800138000");
    assert_eq!(
        s.me(b["access_token"].as_str().unwrap()).ok()["has_password"],
        false
    );
}

#[test]
fn signup_errors() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"email": "taken@example.com", "username": "taken"}),
    );
    let path = format!("/auth/v1/signup?client_id={e}");
    // The address is taken.
    let vt = token_for(&s, &e, "email", "taken@example.com");
    s.post(
        &path,
        &json!({"email": "taken@example.com", "verification_token": vt}),
    )
    .expect_error("already_exists", 409);
    // A failed signup does not consume the token: it still proves the address for sign-in.
    s.post(
        &format!("/auth/v1/signin?client_id={e}"),
        &json!({"username": "taken@example.com", "verification_token": vt}),
    )
    .ok();
    // Username taken, short password, token for another address, missing token.
    let vt = token_for(&s, &e, "email", "new@example.com");
    s.post(
        &path,
        &json!({"email": "new@example.com", "verification_token": vt, "username": "taken"}),
    )
    .expect_error("already_exists", 409);
    let r = s.post(
        &path,
        &json!({"email": "new@example.com", "verification_token": vt, "password": "short"}),
    );
    r.expect_error("invalid_password", 400);
    s.post(
        &path,
        &json!({"email": "other@example.com", "verification_token": vt}),
    )
    .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"email": "new@example.com"}))
        .expect_error("invalid_argument", 400);
    s.post(
        &path,
        &json!({"email": "new@example.com", "verification_token": "forged"}),
    )
    .expect_error("invalid_argument", 400);
    s.post(
        &path,
        &json!({"email": "new@example.com", "verification_token": vt, "gender": "robot"}),
    )
    .expect_error("invalid_argument", 400);
    // The minimum length is configurable per env.
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(r#"{"min_password_length": 4}"#),
    )
    .ok();
    s.post(
        &path,
        &json!({"email": "new@example.com", "verification_token": vt, "password": "four"}),
    )
    .ok();
}

#[test]
fn expired_verification_token() {
    let s = start();
    let e = env();
    let vt = token_for(&s, &e, "email", "late@example.com");
    advance(&s, 601.0);
    s.post(
        &format!("/auth/v1/signup?client_id={e}"),
        &json!({"email": "late@example.com", "verification_token": vt}),
    )
    .expect_error("code_expired", 400);
}

#[test]
fn anonymous_upgrade_keeps_the_user_id() {
    let s = start();
    let e = env();
    let anon = s.anonymous(&e, "device-ffffffffffffffff").ok().clone();
    let anon_id = anon["sub"].as_str().unwrap().to_string();
    let anon_token = anon["access_token"].as_str().unwrap().to_string();
    let vt = token_for(&s, &e, "email", "upgrade@example.com");
    let r = bearer(
        &s,
        "POST",
        "/auth/v1/signup",
        &anon_token,
        Some(
            &json!({"email": "upgrade@example.com", "verification_token": vt, "password": "password-1"}),
        ),
    );
    let b = r.ok().clone();
    assert_eq!(b["sub"], anon_id.as_str());
    assert_eq!(b["scope"], "user");
    let me = s.me(b["access_token"].as_str().unwrap()).ok().clone();
    assert_eq!(me["user_id"], anon_id.as_str());
    assert_eq!(me["email"], "upgrade@example.com");
    assert_ne!(me["name"], "anonymous");
    assert_eq!(me["type"], "internal");
    // The anonymous session is over; the device gets a new anonymous user next time.
    s.me(&anon_token).expect_error("unauthenticated", 401);
    let again = s.anonymous(&e, "device-ffffffffffffffff").ok().clone();
    assert_ne!(again["sub"], anon_id.as_str());
    s.signin(&e, "upgrade@example.com", "password-1").ok();
}

#[test]
fn signin_with_verification_token() {
    let s = start();
    let e = env();
    let id = s.create_user(
        &e,
        json!({"email": "otp@example.com", "phone_number": "+1 2025550100"}),
    );
    let vt = token_for(&s, &e, "email", "otp@example.com");
    let path = format!("/auth/v1/signin?client_id={e}");
    // The token must prove the username's address.
    s.post(
        &path,
        &json!({"username": "+1 2025550100", "verification_token": vt}),
    )
    .expect_error("invalid_argument", 400);
    let b = s
        .post(
            &path,
            &json!({"username": "OTP@example.com", "verification_token": vt}),
        )
        .ok()
        .clone();
    assert_eq!(b["sub"], id.as_str());
    s.post(
        &path,
        &json!({"username": "otp@example.com", "verification_token": vt}),
    )
    .expect_error("code_expired", 400);
    // Phone, in the SDK's wire form.
    let vt = token_for(&s, &e, "phone_number", "+1 2025550100");
    s.post(
        &path,
        &json!({"username": "+1 2025550100", "verification_token": vt}),
    )
    .ok();
    // A plain username cannot be proven by a code.
    s.post(
        &path,
        &json!({"username": "someone", "verification_token": vt}),
    )
    .expect_error("invalid_argument", 400);
    // Nobody has the address.
    let vt = token_for(&s, &e, "email", "nobody@example.com");
    let r = s.post(
        &path,
        &json!({"username": "nobody@example.com", "verification_token": vt}),
    );
    assert_eq!(r.expect_error("user_not_found", 404)["error_code"], 5);
}

#[test]
fn groups_from_the_emulator_api_reach_tokens_and_profile() {
    let s = start();
    let e = env();
    let r = s.post(
        "/_emulator/users",
        &json!({"env": e, "username": "gina", "password": "password-1", "groups": ["admin", "beta"]}),
    );
    assert_eq!(r.ok()["groups"], json!([{"id": "admin"}, {"id": "beta"}]));
    let t = s.signin(&e, "gina", "password-1").ok().clone();
    assert_eq!(t["groups"], json!(["admin", "beta"]));
    assert_eq!(
        jwt_part(t["access_token"].as_str().unwrap(), 1)["groups"],
        json!(["admin", "beta"])
    );
    assert_eq!(
        s.me(t["access_token"].as_str().unwrap()).ok()["groups"],
        json!([{"id": "admin"}, {"id": "beta"}])
    );
    s.post(
        "/_emulator/users",
        &json!({"env": e, "username": "x", "groups": "admin"}),
    )
    .expect_error("invalid_argument", 400);
}
