//! Helpers for the verification-code tests: send, read the outbox, verify, sign up.
#![allow(dead_code)]

use serde_json::{json, Value};

use crate::common::{Resp, TestServer};

/// `POST /auth/v1/verification?client_id=env` with `body`.
pub fn send(s: &TestServer, env: &str, body: Value) -> Resp {
    s.post(&format!("/auth/v1/verification?client_id={env}"), &body)
}

/// The newest outbox code for `address` in `env`.
pub fn code_for(s: &TestServer, env: &str, address: &str) -> String {
    let r = s.get(&format!(
        "/_emulator/outbox?env={env}&address={}",
        urlencode(address)
    ));
    let msgs = r.ok()["messages"].as_array().expect("messages").clone();
    let last = msgs
        .last()
        .unwrap_or_else(|| panic!("no message for {address}: {}", r.raw));
    last["code"].as_str().expect("code").to_string()
}

/// `POST /auth/v1/verification/verify?client_id=env`.
pub fn verify(s: &TestServer, env: &str, verification_id: &str, code: &str) -> Resp {
    s.post(
        &format!("/auth/v1/verification/verify?client_id={env}"),
        &json!({"verification_id": verification_id, "verification_code": code}),
    )
}

/// Send + read the outbox + verify: a verification token for `address_field: address`.
pub fn token_for(s: &TestServer, env: &str, field: &str, address: &str) -> String {
    let sent = send(s, env, json!({ field: address }));
    let vid = sent.ok()["verification_id"].as_str().unwrap().to_string();
    let code = code_for(s, env, address);
    let v = verify(s, env, &vid, &code);
    v.ok()["verification_token"].as_str().unwrap().to_string()
}

/// Moves the emulator clock forward.
pub fn advance(s: &TestServer, seconds: f64) {
    s.post("/_emulator/clock", &json!({ "advance_seconds": seconds }))
        .ok();
}

/// A bearer call.
pub fn bearer(s: &TestServer, method: &str, path: &str, token: &str, body: Option<&Value>) -> Resp {
    let auth = format!("Bearer {token}");
    let text = body.map(|b| b.to_string());
    s.call(method, path, &[("authorization", &auth)], text.as_deref())
}

/// Percent-encodes a query value.
pub fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
