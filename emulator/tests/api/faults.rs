//! Fault injection: `/_emulator/faults` and its effect observed by raw HTTP clients.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{env, start, TestServer};
use serde_json::json;

fn arm(s: &TestServer, body: serde_json::Value) -> serde_json::Value {
    let r = s.post("/_emulator/faults", &body);
    r.ok().clone()
}

/// Sends one raw HTTP/1.1 sign-in request and returns everything the server wrote before closing.
fn raw(s: &TestServer, path: &str) -> std::io::Result<Vec<u8>> {
    raw_post(s, path, r#"{"username":"a","password":"b"}"#)
}

/// Sends one raw HTTP/1.1 POST and returns everything the server wrote before closing.
fn raw_post(s: &TestServer, path: &str, body: &str) -> std::io::Result<Vec<u8>> {
    let addr = s.base.trim_start_matches("http://");
    let mut sock = TcpStream::connect(addr)?;
    sock.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        sock,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut out = Vec::new();
    sock.read_to_end(&mut out)?;
    Ok(out)
}

#[test]
fn drop_closes_the_connection_without_a_response() {
    let s = start();
    let e = env();
    let path = format!("/auth/v1/signin?client_id={e}");
    let f = arm(
        &s,
        json!({"path": "/auth/v1/signin", "kind": "drop", "count": 2}),
    );
    assert_eq!(f["remaining"], 2);
    for _ in 0..2 {
        assert_no_answer(raw(&s, &path));
    }
    // The third request is served normally.
    let bytes = raw(&s, &path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("HTTP/1.1 400"), "{text}");
    assert!(text.contains("invalid_username_or_password"));
}

/// The connection closed with nothing sent.
#[track_caller]
fn assert_no_answer(result: std::io::Result<Vec<u8>>) {
    match result {
        Ok(bytes) => assert!(
            bytes.is_empty(),
            "got {:?}",
            String::from_utf8_lossy(&bytes)
        ),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
}

/// Signs `lost` in (a new session) and refreshes its token under a `drop_after` fault;
/// answers the refresh token whose grant's answer was lost.
fn refresh_with_lost_answer(s: &TestServer, e: &str) -> String {
    let token = s.signin(e, "lost", "password-1").ok()["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    arm(s, json!({"path": "/auth/v1/token", "kind": "drop_after"}));
    let body = json!({"client_id": e, "grant_type": "refresh_token", "refresh_token": token});
    assert_no_answer(raw_post(
        s,
        &format!("/auth/v1/token?client_id={e}"),
        &body.to_string(),
    ));
    token
}

#[test]
fn drop_after_commits_the_request_then_loses_the_answer() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "lost", "password": "password-1"}));
    // Within the reuse window, presenting the token again hands out the active (lost) token.
    let first = refresh_with_lost_answer(&s, &e);
    let rescued = s.refresh(&e, &first).ok()["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(rescued, first);
    s.refresh(&e, &rescued).ok();
    // The grant was committed: after the window, reusing the token revokes the family
    // (an unserved request would have left it the active token, and this would succeed).
    let second = refresh_with_lost_answer(&s, &e);
    s.post("/_emulator/clock", &json!({"advance_seconds": 11}))
        .ok();
    s.refresh(&e, &second).expect_error("invalid_grant", 400);
}

#[test]
fn status_fault_answers_a_json_error() {
    let s = start();
    let e = env();
    arm(
        &s,
        json!({"path": "/auth/v1/signin", "kind": "status", "status": 503}),
    );
    let r = s.signin(&e, "a", "b");
    assert_eq!(r.expect_error("unavailable", 503)["error_code"], 14);
    s.signin(&e, "a", "b")
        .expect_error("invalid_username_or_password", 400);
    arm(
        &s,
        json!({"path": "/auth/v1/signin", "kind": "status", "status": 429}),
    );
    let r = s.signin(&e, "a", "b");
    assert_eq!(r.expect_error("resource_exhausted", 429)["retry_after"], 1);
    arm(&s, json!({"path": "/auth/v1/signin", "kind": "status"}));
    s.signin(&e, "a", "b").expect_error("unavailable", 503);
}

#[test]
fn non_json_fault() {
    let s = start();
    let e = env();
    arm(&s, json!({"path": "/auth/v1/signin", "kind": "non_json"}));
    let bytes = raw(&s, &format!("/auth/v1/signin?client_id={e}")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("HTTP/1.1 502"), "{text}");
    assert!(text.to_lowercase().contains("content-type: text/html"));
    let body = text.split("\r\n\r\n").nth(1).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err());
    assert!(body.contains("<html>"));
}

#[test]
fn delay_fault_waits_then_serves() {
    let s = start();
    let e = env();
    arm(
        &s,
        json!({"path": "/auth/v1/signin", "kind": "delay", "delay_ms": 400}),
    );
    let t = Instant::now();
    s.signin(&e, "a", "b")
        .expect_error("invalid_username_or_password", 400);
    assert!(t.elapsed() >= Duration::from_millis(400));
    let t = Instant::now();
    s.signin(&e, "a", "b")
        .expect_error("invalid_username_or_password", 400);
    assert!(t.elapsed() < Duration::from_millis(400));
}

#[test]
fn list_clear_and_bad_input() {
    let s = start();
    arm(
        &s,
        json!({"path": "/auth/v1/token", "kind": "drop", "count": 3}),
    );
    arm(
        &s,
        json!({"path": "/auth/v1/signin", "kind": "status", "status": 500}),
    );
    let list = s.get("/_emulator/faults");
    let faults = list.ok()["faults"].as_array().unwrap().clone();
    assert_eq!(faults.len(), 2);
    assert_eq!(faults[0]["kind"], "drop");
    assert_eq!(faults[1]["status"], 500);
    s.call("DELETE", "/_emulator/faults?path=/auth/v1/token", &[], None)
        .ok();
    assert_eq!(
        s.get("/_emulator/faults").ok()["faults"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    s.call("DELETE", "/_emulator/faults", &[], None).ok();
    assert_eq!(s.get("/_emulator/faults").ok()["faults"], json!([]));
    // Emulator paths are never faulted.
    for bad in [
        json!({}),
        json!({"path": "/_emulator/health", "kind": "drop"}),
        json!({"path": "/auth/v1/signin"}),
        json!({"path": "/auth/v1/signin", "kind": "explode"}),
        json!({"path": "/auth/v1/signin", "kind": "delay"}),
        json!({"path": "/auth/v1/signin", "kind": "delay", "delay_ms": 600000}),
        json!({"path": "/auth/v1/signin", "kind": "status", "status": 200}),
        json!({"path": "/auth/v1/signin", "kind": "drop", "count": 0}),
        json!({"path": "/auth/v1/signin", "kind": "drop", "count": -1}),
    ] {
        s.post("/_emulator/faults", &bad)
            .expect_error("invalid_argument", 400);
    }
    s.call("PUT", "/_emulator/faults", &[], None)
        .expect_error("method_not_allowed", 405);
}
