//! `POST /auth/v1/verification`, `POST /auth/v1/verification/verify`, the outbox.

use crate::common;
use crate::otp_support;

use common::{env, start};
use otp_support::{advance, bearer, code_for, send, verify};
use serde_json::json;

#[test]
fn send_email_code_goes_to_the_outbox() {
    let s = start();
    let e = env();
    let r = send(
        &s,
        &e,
        json!({"email": "New@Example.com", "usage": "email"}),
    );
    let b = r.ok().clone();
    assert_eq!(b["expires_in"], 600);
    assert_eq!(b["is_user"], false);
    let vid = b["verification_id"].as_str().unwrap();
    let out = s.get(&format!("/_emulator/outbox?env={e}")).ok().clone();
    let msgs = out["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 1);
    let m = &msgs[0];
    assert_eq!(m["address"], "new@example.com");
    assert_eq!(m["channel"], "email");
    assert_eq!(m["verification_id"], vid);
    assert_eq!(m["usage"], "email");
    assert_eq!(m["target"], "ANY");
    let code = m["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(
        m["expires_at"].as_i64().unwrap() - m["created_at"].as_i64().unwrap(),
        600_000
    );
    // Another env sees nothing; DELETE empties the outbox.
    assert_eq!(
        s.get(&format!("/_emulator/outbox?env={}", env())).ok()["messages"],
        json!([])
    );
    s.call("DELETE", &format!("/_emulator/outbox?env={e}"), &[], None)
        .ok();
    assert_eq!(
        s.get(&format!("/_emulator/outbox?env={e}")).ok()["messages"],
        json!([])
    );
}

#[test]
fn is_user_reflects_an_existing_user() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"email": "have@example.com"}));
    let r = send(&s, &e, json!({"email": "have@example.com"}));
    assert_eq!(r.ok()["is_user"], true);
}

#[test]
fn phone_codes_match_by_e164_digits() {
    let s = start();
    let e = env();
    send(&s, &e, json!({"phone_number": "+86 13800138000"})).ok();
    // Any spelling of the number finds the message; it is shown in wire form.
    for form in [
        "+86 13800138000",
        "+8613800138000",
        "13800138000",
        "+861 3800138000",
    ] {
        let r = s.get(&format!(
            "/_emulator/outbox?env={e}&address={}",
            otp_support::urlencode(form)
        ));
        let msgs = r.ok()["messages"].as_array().unwrap().clone();
        assert_eq!(msgs.len(), 1, "{form}");
        assert_eq!(msgs[0]["address"], "+86 13800138000");
        assert_eq!(msgs[0]["channel"], "phone");
    }
}

#[test]
fn malformed_phone_and_email() {
    let s = start();
    let e = env();
    for bad in ["+86 undefined", "12345", "abc", "+0123456789"] {
        let r = send(&s, &e, json!({"phone_number": bad}));
        assert_eq!(
            r.expect_error("invalid_phone", 400)["error_code"],
            3,
            "{bad}"
        );
    }
    for bad in ["nope", "a@b", "@b.com", "a b@c.com"] {
        send(&s, &e, json!({"email": bad})).expect_error("invalid_argument", 400);
    }
    send(&s, &e, json!({})).expect_error("invalid_argument", 400);
    send(
        &s,
        &e,
        json!({"email": "a@b.co", "phone_number": "+1 2025550123"}),
    )
    .expect_error("invalid_argument", 400);
    send(&s, &e, json!({"email": "a@b.co", "target": "SOMEONE"}))
        .expect_error("invalid_argument", 400);
}

#[test]
fn targets_user_not_user_and_cur_user() {
    let s = start();
    let e = env();
    let r = send(
        &s,
        &e,
        json!({"email": "ghost@example.com", "target": "USER"}),
    );
    assert_eq!(r.expect_error("user_not_found", 404)["error_code"], 5);
    s.create_user(
        &e,
        json!({"email": "real@example.com", "password": "password-1"}),
    );
    send(
        &s,
        &e,
        json!({"email": "real@example.com", "target": "USER"}),
    )
    .ok();
    send(
        &s,
        &e,
        json!({"email": "real@example.com", "target": "NOT_USER"}),
    )
    .expect_error("already_exists", 409);
    send(
        &s,
        &e,
        json!({"email": "fresh@example.com", "target": "NOT_USER"}),
    )
    .ok();
    // CUR_USER needs the user's own token and address.
    send(
        &s,
        &e,
        json!({"email": "other@example.com", "target": "CUR_USER"}),
    )
    .expect_error("unauthenticated", 401);
    let t = s.signin(&e, "real@example.com", "password-1").ok().clone();
    let at = t["access_token"].as_str().unwrap();
    advance(&s, 61.0);
    let own = bearer(
        &s,
        "POST",
        "/auth/v1/verification",
        at,
        Some(&json!({"email": "real@example.com", "target": "CUR_USER"})),
    );
    assert_eq!(own.ok()["is_user"], true);
    bearer(
        &s,
        "POST",
        "/auth/v1/verification",
        at,
        Some(&json!({"email": "fresh2@example.com", "target": "CUR_USER"})),
    )
    .expect_error("permission_denied", 403);
}

#[test]
fn resend_too_soon_is_rate_limited_with_retry_after() {
    let s = start();
    let e = env();
    send(&s, &e, json!({"email": "rate@example.com"})).ok();
    advance(&s, 20.0);
    let r = send(&s, &e, json!({"email": "RATE@example.com"}));
    let b = r.expect_error("resource_exhausted", 429).clone();
    assert_eq!(b["error_code"], 8);
    let retry = b["retry_after"].as_u64().unwrap();
    assert!((39..=40).contains(&retry), "{retry}");
    // Another address is not affected; after the interval the same one is accepted.
    send(&s, &e, json!({"email": "other@example.com"})).ok();
    advance(&s, 41.0);
    send(&s, &e, json!({"email": "rate@example.com"})).ok();
}

#[test]
fn verify_success_then_code_is_single_use() {
    let s = start();
    let e = env();
    let vid = send(&s, &e, json!({"email": "v@example.com"})).ok()["verification_id"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_for(&s, &e, "v@example.com");
    let ok = verify(&s, &e, &vid, &code);
    let b = ok.ok();
    assert_eq!(b["expires_in"], 600);
    assert!(b["verification_token"].as_str().unwrap().len() > 20);
    // A used code is no longer valid: code_expired.
    verify(&s, &e, &vid, &code).expect_error("code_expired", 400);
    // Codes are per env.
    verify(&s, &env(), &vid, &code).expect_error("invalid_argument", 400);
}

#[test]
fn numeric_code_is_accepted() {
    let s = start();
    let e = env();
    let vid = send(&s, &e, json!({"email": "num@example.com"})).ok()["verification_id"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_for(&s, &e, "num@example.com");
    if code.starts_with('0') {
        return; // a leading zero does not survive as a JSON number
    }
    s.post(
        &format!("/auth/v1/verification/verify?client_id={e}"),
        &json!({"verification_id": vid, "verification_code": code.parse::<u64>().unwrap()}),
    )
    .ok();
}

#[test]
fn wrong_code_then_expired_code() {
    let s = start();
    let e = env();
    let vid = send(&s, &e, json!({"email": "x@example.com"})).ok()["verification_id"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_for(&s, &e, "x@example.com");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = verify(&s, &e, &vid, wrong);
    assert_eq!(r.expect_error("invalid_code", 400)["error_code"], 3);
    advance(&s, 601.0);
    let r = verify(&s, &e, &vid, &code);
    assert_eq!(r.expect_error("code_expired", 400)["error_code"], 3);
}

#[test]
fn fifth_wrong_try_kills_the_code() {
    let s = start();
    let e = env();
    let vid = send(&s, &e, json!({"phone_number": "+1 2025550199"})).ok()["verification_id"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_for(&s, &e, "+12025550199");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        verify(&s, &e, &vid, wrong).expect_error("invalid_code", 400);
    }
    let fifth = verify(&s, &e, &vid, wrong);
    assert_eq!(
        fifth.expect_error("max_attempts_exceeded", 429)["error_code"],
        8
    );
    // Every later try, even with the right code.
    verify(&s, &e, &vid, wrong).expect_error("max_attempts_exceeded", 429);
    verify(&s, &e, &vid, &code).expect_error("max_attempts_exceeded", 429);
}

#[test]
fn publishable_keys() {
    let s = start();
    let e = env();
    // The SDK sends a publishable key as a bearer without client_id: the env is the one whose
    // configuration lists the key.
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(r#"{"publishable_keys":["pk_test_1"]}"#),
    )
    .ok();
    let r = bearer(
        &s,
        "POST",
        "/auth/v1/verification",
        "pk_test_1",
        Some(&json!({"email": "pk@example.com"})),
    );
    r.ok();
    assert_eq!(
        s.get(&format!("/_emulator/outbox?env={e}")).ok()["messages"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    bearer(
        &s,
        "POST",
        "/auth/v1/verification",
        "pk_unknown",
        Some(&json!({"email": "pk2@example.com"})),
    )
    .expect_error("unauthenticated", 401);
    // With client_id, an env without a key list accepts any key; one with a list refuses others.
    let other = env();
    bearer(
        &s,
        "POST",
        &format!("/auth/v1/verification?client_id={other}"),
        "pk_any",
        Some(&json!({"email": "pk3@example.com"})),
    )
    .ok();
    bearer(
        &s,
        "POST",
        &format!("/auth/v1/verification?client_id={e}"),
        "pk_any",
        Some(&json!({"email": "pk4@example.com"})),
    )
    .expect_error("unauthenticated", 401);
    // A user endpoint given a publishable key: unauthenticated.
    s.me("pk_test_1").expect_error("unauthenticated", 401);
}

#[test]
fn disabled_login_methods() {
    let s = start();
    let e = env();
    let cfg = s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(r#"{"login_methods":{"email_otp":false,"sms_otp":false,"password":false,"anonymous":false}}"#),
    );
    assert_eq!(cfg.ok()["login_methods"]["email_otp"], false);
    assert_eq!(cfg.body["login_methods"]["password"], false);
    let r = send(&s, &e, json!({"email": "off@example.com"}));
    assert_eq!(
        r.expect_error("login_type_disabled", 403)["error_code"],
        4045
    );
    send(&s, &e, json!({"phone_number": "+1 2025550123"})).expect_error("login_type_disabled", 403);
    s.create_user(&e, json!({"username": "pw", "password": "password-1"}));
    s.signin(&e, "pw", "password-1")
        .expect_error("login_type_disabled", 403);
    s.anonymous(&e, "device-eeeeeeeeeeeeeeee")
        .expect_error("login_type_disabled", 403);
    // Other envs keep the defaults.
    let other = env();
    send(&s, &other, json!({"email": "on@example.com"})).ok();
    let g = s
        .get(&format!("/_emulator/config?env={other}"))
        .ok()
        .clone();
    assert_eq!(
        g["login_methods"],
        json!({"anonymous": true, "password": true, "email_otp": true, "sms_otp": true})
    );
    assert_eq!(g["publishable_keys"], json!([]));
    assert_eq!(g["min_password_length"], 8);
    // Bad config values are refused.
    s.call(
        "PATCH",
        "/_emulator/config",
        &[],
        Some(r#"{"login_methods":{"fax":true}}"#),
    )
    .expect_error("invalid_argument", 400);
}
