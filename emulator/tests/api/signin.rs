//! `POST /auth/v1/signin` and `POST /auth/v1/signin/anonymously`.

use crate::common;

use common::{env, jwt_part, start};
use serde_json::json;

#[test]
fn password_signin_by_username_email_and_phone() {
    let s = start();
    let e = env();
    let id = s.create_user(
        &e,
        json!({"username": "alice", "email": "Alice@Example.com", "phone_number": "+1 2025550123", "password": "s3cret-pw", "name": "Alice"}),
    );
    for login in [
        "alice",
        "ALICE",
        "alice@example.com",
        "+1 2025550123",
        "+12 025550123",
        "+12025550123",
    ] {
        let r = s.signin(&e, login, "s3cret-pw");
        let b = r.ok();
        assert_eq!(b["token_type"], "Bearer", "{login}");
        assert_eq!(b["scope"], "user");
        assert_eq!(b["sub"], id.as_str());
        assert_eq!(b["groups"], json!([]));
        assert_eq!(b["expires_in"], 7200);
        assert!(b["refresh_token"].as_str().unwrap().len() > 20);
        let claims = jwt_part(b["access_token"].as_str().unwrap(), 1);
        assert_eq!(claims["sub"], id.as_str());
        assert_eq!(claims["user_id"], id.as_str());
        assert_eq!(claims["aud"], e.as_str());
        assert_eq!(claims["project_id"], e.as_str());
        assert_eq!(claims["scope"], "user");
        assert_eq!(claims["iss"], s.base.as_str());
        assert_eq!(claims["name"], "Alice");
        assert_eq!(claims["email"], "alice@example.com");
        assert_eq!(claims["phone_number"], "+1 2025550123");
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            7200
        );
        let header = jwt_part(b["access_token"].as_str().unwrap(), 0);
        assert_eq!(header["alg"], "RS256");
        assert!(header["kid"].is_string());
    }
}

#[test]
fn wrong_password_and_unknown_user_get_the_same_answer() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "bob", "password": "right-pw"}));
    let wrong = s.signin(&e, "bob", "wrong-pw");
    let unknown = s.signin(&e, "nobody", "right-pw");
    let bad_phone = s.signin(&e, "+86 undefined", "right-pw");
    for r in [&wrong, &unknown, &bad_phone] {
        r.expect_error("invalid_username_or_password", 400);
    }
    assert_eq!(wrong.body, unknown.body);
}

#[test]
fn user_without_password_cannot_password_signin() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"email": "nopw@example.com"}));
    s.signin(&e, "nopw@example.com", "anything")
        .expect_error("invalid_username_or_password", 400);
}

#[test]
fn missing_fields_and_bad_bodies() {
    let s = start();
    let e = env();
    let path = format!("/auth/v1/signin?client_id={e}");
    let missing_user = s.post(&path, &json!({"password": "x"}));
    assert_eq!(
        missing_user.expect_error("invalid_argument", 400)["error_code"],
        3
    );
    s.post(&path, &json!({"username": "x"}))
        .expect_error("invalid_argument", 400);
    s.call("POST", &path, &[], Some(""))
        .expect_error("invalid_argument", 400);
    s.call("POST", &path, &[], Some("{not json"))
        .expect_error("invalid_argument", 400);
    s.call("POST", &path, &[], Some("[1,2]"))
        .expect_error("invalid_argument", 400);
    s.call(
        "POST",
        &path,
        &[],
        Some(r#"{"username": 5, "password": "x"}"#),
    )
    .expect_error("invalid_argument", 400);
    // Missing env.
    s.post(
        "/auth/v1/signin",
        &json!({"username": "a", "password": "b"}),
    )
    .expect_error("invalid_argument", 400);
    // Too large.
    let big = format!(
        r#"{{"username":"{}","password":"x"}}"#,
        "a".repeat(70 * 1024)
    );
    let r = s.call("POST", &path, &[], Some(&big));
    assert_eq!(r.status, 413);
    assert!(r.body["error"].is_string());
}

#[test]
fn content_type_is_ignored() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "carol", "password": "pw-carol"}));
    let body = r#"{"username":"carol","password":"pw-carol"}"#;
    for ct in [
        "text/plain;charset=UTF-8",
        "application/json",
        "application/x-www-form-urlencoded",
    ] {
        let r = s.call(
            "POST",
            &format!("/auth/v1/signin?client_id={e}"),
            &[("content-type", ct)],
            Some(body),
        );
        r.ok();
    }
}

#[test]
fn envs_are_isolated() {
    let s = start();
    let (a, b) = (env(), env());
    s.create_user(&a, json!({"username": "dave", "password": "pw-dave"}));
    s.signin(&a, "dave", "pw-dave").ok();
    s.signin(&b, "dave", "pw-dave")
        .expect_error("invalid_username_or_password", 400);
    // The same username may exist in another env.
    s.create_user(&b, json!({"username": "dave", "password": "other-pw"}));
    s.signin(&b, "dave", "other-pw").ok();
    s.signin(&b, "dave", "pw-dave")
        .expect_error("invalid_username_or_password", 400);
}

#[test]
fn anonymous_one_user_per_device() {
    let s = start();
    let e = env();
    let first = s.anonymous(&e, "device-aaaaaaaaaaaaaaaa");
    let b = first.ok().clone();
    assert_eq!(b["scope"], "anonymous");
    assert_eq!(b["token_type"], "Bearer");
    assert_eq!(
        jwt_part(b["access_token"].as_str().unwrap(), 1)["scope"],
        "anonymous"
    );
    let again = s.anonymous(&e, "device-aaaaaaaaaaaaaaaa");
    assert_eq!(again.ok()["sub"], b["sub"]);
    let other = s.anonymous(&e, "device-bbbbbbbbbbbbbbbb");
    assert_ne!(other.ok()["sub"], b["sub"]);
    // Same device, other env: another user.
    let other_env = s.anonymous(&env(), "device-aaaaaaaaaaaaaaaa");
    assert_ne!(other_env.ok()["sub"], b["sub"]);

    let me = s.me(b["access_token"].as_str().unwrap());
    assert_eq!(me.ok()["name"], "anonymous");
    assert_eq!(me.body["sub"], b["sub"]);
    assert_eq!(me.body["has_password"], false);
}

#[test]
fn anonymous_requires_device_id_and_env() {
    let s = start();
    let e = env();
    s.call(
        "POST",
        &format!("/auth/v1/signin/anonymously?client_id={e}"),
        &[],
        Some("{}"),
    )
    .expect_error("invalid_argument", 400);
    s.call(
        "POST",
        "/auth/v1/signin/anonymously",
        &[("x-device-id", "device-cccccccccccccccc")],
        Some("{}"),
    )
    .expect_error("invalid_argument", 400);
}

#[test]
fn anonymous_relogin_with_basic_auth() {
    use base64::Engine;
    let s = start();
    let e = env();
    let first = s.anonymous(&e, "device-dddddddddddddddd").ok().clone();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{e}:"));
    let again = s.call(
        "POST",
        "/auth/v1/signin/anonymously",
        &[
            ("authorization", &format!("Basic {basic}")),
            ("x-device-id", "device-dddddddddddddddd"),
        ],
        Some("{}"),
    );
    assert_eq!(again.ok()["sub"], first["sub"]);
    assert_eq!(
        jwt_part(again.body["access_token"].as_str().unwrap(), 1)["aud"],
        e.as_str()
    );
}

#[test]
fn bare_mainland_number_signs_in_by_phone() {
    let s = start();
    let e = env();
    let id = s.create_user(
        &e,
        json!({"phone_number": "+86 13800138000", "password": "pw-phone"}),
    );
    for login in ["13800138000", "+86 13800138000", "+8613800138000"] {
        assert_eq!(
            s.signin(&e, login, "pw-phone").ok()["sub"],
            id.as_str(),
            "{login}"
        );
    }
    // A username that looks like a number still wins over the phone fallback.
    let other = s.create_user(
        &e,
        json!({"username": "13900139000", "password": "pw-name"}),
    );
    assert_eq!(
        s.signin(&e, "13900139000", "pw-name").ok()["sub"],
        other.as_str()
    );
}
