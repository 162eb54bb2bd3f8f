//! Captcha: the gate on sign-in and verification sends, `captcha/data`,
//! `captcha/data/verify` and `GET /_emulator/captcha`.

use crate::common;

use base64::Engine;
use common::{env, start, Resp, TestServer};
use serde_json::{json, Value};

fn enable(s: &TestServer, e: &str, threshold: u64) {
    let r = s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(&json!({"captcha": {"enabled": true, "threshold": threshold}}).to_string()),
    );
    assert_eq!(
        r.ok()["captcha"],
        json!({"enabled": true, "threshold": threshold})
    );
}

fn signin(s: &TestServer, e: &str, device: &str, password: &str, query: &str) -> Resp {
    s.call(
        "POST",
        &format!("/auth/v1/signin?client_id={e}{query}"),
        &[("x-device-id", device)],
        Some(&json!({"username": "ivy", "password": password}).to_string()),
    )
}

fn captcha_data(s: &TestServer, e: &str) -> Value {
    let r = s.post(
        &format!("/auth/v1/captcha/data?client_id={e}"),
        &json!({"state": "POST:/v1/signin", "redirect_uri": ""}),
    );
    r.ok().clone()
}

fn answer_of(s: &TestServer, e: &str, token: &str) -> String {
    let r = s.get(&format!("/_emulator/captcha?env={e}&token={token}"));
    let list = r.ok()["captchas"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    list[0]["answer"].as_str().unwrap().to_string()
}

fn verify(s: &TestServer, e: &str, token: &str, key: &str) -> Resp {
    s.post(
        &format!("/auth/v1/captcha/data/verify?client_id={e}"),
        &json!({"token": token, "key": key}),
    )
}

#[test]
fn off_by_default() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "ivy", "password": "ivy-pass-12"}));
    for _ in 0..6 {
        signin(&s, &e, "d1", "wrong", "").expect_error("invalid_username_or_password", 400);
    }
    signin(&s, &e, "d1", "ivy-pass-12", "").ok();
}

#[test]
fn required_then_data_then_verify_then_retry_succeeds() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "ivy", "password": "ivy-pass-12"}));
    enable(&s, &e, 2);
    for _ in 0..2 {
        signin(&s, &e, "d1", "wrong", "").expect_error("invalid_username_or_password", 400);
    }
    // Even the right password now needs a captcha, on this device only.
    let r = signin(&s, &e, "d1", "ivy-pass-12", "");
    assert_eq!(r.expect_error("captcha_required", 403)["error_code"], 4001);
    signin(&s, &e, "d2", "ivy-pass-12", "").ok();
    // An unknown captcha token is captcha_invalid.
    let r = signin(&s, &e, "d1", "ivy-pass-12", "&captcha_token=nope");
    assert_eq!(r.expect_error("captcha_invalid", 400)["error_code"], 4002);
    // Image + token.
    let data = captcha_data(&s, &e);
    let url = data["data"].as_str().unwrap();
    let b64 = url
        .strip_prefix("data:image/svg+xml;base64,")
        .expect("svg data url");
    let svg = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap();
    assert!(svg.starts_with("<svg"));
    assert_eq!(data["expires_in"], 300);
    let token = data["token"].as_str().unwrap();
    let answer = answer_of(&s, &e, token);
    assert_eq!(answer.len(), 4);
    for c in answer.chars() {
        assert!(svg.contains(&format!(">{c}</text>")));
    }
    // A wrong answer uses the challenge up.
    let r = verify(&s, &e, token, "????");
    assert_eq!(r.expect_error("captcha_invalid", 400)["error_code"], 4002);
    verify(&s, &e, token, &answer).expect_error("captcha_invalid", 400);
    // A fresh challenge answered right (case-insensitively) gives a captcha token.
    let data = captcha_data(&s, &e);
    let token = data["token"].as_str().unwrap();
    let answer = answer_of(&s, &e, token);
    let v = verify(&s, &e, token, &answer.to_lowercase());
    let v = v.ok();
    assert_eq!(v["expires_in"], 300);
    let captcha_token = v["captcha_token"].as_str().unwrap();
    // Answered challenges are no longer listed.
    assert_eq!(
        s.get(&format!("/_emulator/captcha?env={e}")).ok()["captchas"],
        json!([])
    );
    let r = signin(
        &s,
        &e,
        "d1",
        "ivy-pass-12",
        &format!("&captcha_token={captcha_token}"),
    );
    assert_eq!(r.ok()["token_type"], "Bearer");
    // The count was reset: the device may fail again up to the threshold.
    signin(&s, &e, "d1", "wrong", "").expect_error("invalid_username_or_password", 400);
}

#[test]
fn verification_sends_count_too() {
    let s = start();
    let e = env();
    enable(&s, &e, 2);
    let send = |addr: &str| {
        s.call(
            "POST",
            &format!("/auth/v1/verification?client_id={e}"),
            &[("x-device-id", "d9")],
            Some(&json!({"email": addr, "target": "ANY"}).to_string()),
        )
    };
    for addr in ["a1@example.com", "a2@example.com"] {
        let r = send(addr);
        assert_ne!(r.body["error"], "captcha_required", "{}", r.raw);
    }
    send("a3@example.com").expect_error("captcha_required", 403);
}

#[test]
fn captcha_endpoint_bad_input() {
    let s = start();
    let e = env();
    let path = format!("/auth/v1/captcha/data/verify?client_id={e}");
    s.post(&path, &json!({}))
        .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"token": "t"}))
        .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"token": 1, "key": "k"}))
        .expect_error("invalid_argument", 400);
    verify(&s, &e, "unknown", "ABCD").expect_error("captcha_invalid", 400);
    s.post("/auth/v1/captcha/data", &json!({}))
        .expect_error("invalid_argument", 400);
    s.call(
        "POST",
        &format!("/auth/v1/captcha/data?client_id={e}"),
        &[],
        Some("[1]"),
    )
    .expect_error("invalid_argument", 400);
    s.get("/_emulator/captcha")
        .expect_error("invalid_argument", 400);
    // A challenge of another env cannot be answered here.
    let other = env();
    let data = captcha_data(&s, &other);
    let token = data["token"].as_str().unwrap();
    let answer = answer_of(&s, &other, token);
    verify(&s, &e, token, &answer).expect_error("captcha_invalid", 400);
    // Config validation.
    for bad in [
        json!({"captcha": {"enabled": "y"}}),
        json!({"captcha": {"threshold": 0}}),
        json!({"captcha": 1}),
    ] {
        s.call(
            "PATCH",
            &format!("/_emulator/config?env={e}"),
            &[],
            Some(&bad.to_string()),
        )
        .expect_error("invalid_argument", 400);
    }
}

#[test]
fn data_reset_forgets_failed_attempts_of_that_env_only() {
    let s = start();
    let (e1, e2) = (env(), env());
    for e in [&e1, &e2] {
        s.create_user(e, json!({"username": "ivy", "password": "ivy-pass-12"}));
        enable(&s, e, 1);
        signin(&s, e, "d1", "wrong", "").expect_error("invalid_username_or_password", 400);
        signin(&s, e, "d1", "ivy-pass-12", "").expect_error("captcha_required", 403);
    }
    s.call("DELETE", &format!("/_emulator/data?env={e1}"), &[], None)
        .ok();
    // The user of e1 is gone with the data, and so is the device's captcha debt.
    signin(&s, &e1, "d1", "ivy-pass-12", "").expect_error("invalid_username_or_password", 400);
    signin(&s, &e2, "d1", "ivy-pass-12", "").expect_error("captcha_required", 403);
}
