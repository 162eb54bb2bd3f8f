//! Cross-cutting HTTP behaviour: 404/405 JSON, CORS, the emulator API.

use crate::common;

use common::{env, start};
use serde_json::json;

#[test]
fn unknown_path_is_json_404() {
    let s = start();
    for path in ["/auth/v1/nope", "/nope", "/_emulator/nope"] {
        let r = s.get(path);
        r.expect_error("not_found", 404);
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
    }
}

#[test]
fn wrong_method_is_json_405() {
    let s = start();
    for (m, p) in [
        ("GET", "/auth/v1/signin"),
        ("PUT", "/auth/v1/signin"),
        ("POST", "/auth/v1/user/me"),
        ("DELETE", "/_emulator/users"),
    ] {
        let r = s.call(m, p, &[], None);
        r.expect_error("method_not_allowed", 405);
    }
}

#[test]
fn auth_preflight_allows_exactly_the_sdk_headers() {
    let s = start();
    let r = s.call(
        "OPTIONS",
        "/auth/v1/signin?client_id=x",
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "x-device-id,x-request-id"),
        ],
        None,
    );
    assert!(r.status == 204 || r.status == 200, "{}", r.status);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, PATCH, DELETE")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization, x-device-id, x-request-id, x-sdk-version, accept-language")
    );
    assert!(r.header("access-control-max-age").is_some());
    // Actual responses carry the origin too, errors included.
    let r = s.call(
        "GET",
        "/auth/v1/user/me",
        &[("origin", "http://localhost:5173")],
        None,
    );
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:5173")
    );
    let r = s.call("GET", "/auth/v1/user/me", &[], None);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn emulator_api_cors_is_permissive() {
    let s = start();
    let r = s.call(
        "OPTIONS",
        "/_emulator/users",
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type,x-anything"),
        ],
        None,
    );
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("content-type,x-anything")
    );
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("PATCH"));
    assert_eq!(
        s.get("/_emulator/health")
            .header("access-control-allow-origin"),
        Some("*")
    );
}

#[test]
fn health() {
    let s = start();
    assert_eq!(s.get("/_emulator/health").ok(), &json!({"ok": true}));
}

#[test]
fn create_user_conflicts_and_validation() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"email": "g@example.com", "username": "gina", "phone_number": "+1 2025550123"}),
    );
    for dup in [
        json!({"env": e, "email": "G@example.com"}),
        json!({"env": e, "username": "GINA"}),
        json!({"env": e, "phone_number": "+12 025550123"}),
    ] {
        s.post("/_emulator/users", &dup)
            .expect_error("already_exists", 409);
    }
    s.post("/_emulator/users", &json!({"email": "x@example.com"}))
        .expect_error("invalid_argument", 400);
    s.post("/_emulator/users", &json!({"env": e}))
        .expect_error("invalid_argument", 400);
    s.post(
        "/_emulator/users",
        &json!({"env": e, "phone_number": "12345"}),
    )
    .expect_error("invalid_argument", 400);
    // Another env is free.
    s.create_user(&env(), json!({"email": "g@example.com"}));
}

#[test]
fn request_log_filters_by_env_and_path() {
    let s = start();
    let (a, b) = (env(), env());
    s.create_user(&a, json!({"username": "hal", "password": "pw-hal"}));
    let t = s.signin(&a, "hal", "pw-hal").ok().clone();
    s.me(t["access_token"].as_str().unwrap()).ok();
    s.refresh(&a, t["refresh_token"].as_str().unwrap()).ok();
    s.signin(&b, "hal", "pw-hal");
    s.call(
        "OPTIONS",
        "/auth/v1/signin",
        &[("origin", "http://x")],
        None,
    );

    let all_a = s.get(&format!("/_emulator/requests?env={a}")).ok().clone();
    let reqs = all_a["requests"].as_array().unwrap();
    let paths: Vec<&str> = reqs.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["/auth/v1/signin", "/auth/v1/user/me", "/auth/v1/token"]
    );
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(reqs[0]["query"], format!("client_id={a}"));
    assert_eq!(reqs[1]["method"], "GET");
    assert_eq!(reqs[1]["env"], a.as_str());
    assert!(reqs[0]["time"].as_i64().unwrap() > 1_600_000_000_000);

    let token_only = s
        .get(&format!("/_emulator/requests?env={a}&path=/auth/v1/token"))
        .ok()
        .clone();
    assert_eq!(token_only["requests"].as_array().unwrap().len(), 1);
    let b_reqs = s.get(&format!("/_emulator/requests?env={b}")).ok().clone();
    assert_eq!(b_reqs["requests"].as_array().unwrap().len(), 1);

    // Unknown env: null. Emulator API calls are not logged.
    s.get("/auth/v1/user/me");
    let all = s.get("/_emulator/requests").ok().clone();
    let all = all["requests"].as_array().unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.last().unwrap()["env"].is_null());
    assert!(all
        .iter()
        .all(|r| !r["path"].as_str().unwrap().starts_with("/_emulator")));

    assert_eq!(
        s.call("DELETE", "/_emulator/requests", &[], None).ok(),
        &json!({})
    );
    assert_eq!(s.get("/_emulator/requests").ok(), &json!({"requests": []}));
}

#[test]
fn config_get_and_patch() {
    let s = start();
    let e = env();
    let c = s.get(&format!("/_emulator/config?env={e}")).ok().clone();
    assert_eq!(c["access_token_ttl"], 7200);
    assert_eq!(c["env"], e.as_str());
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(r#"{"access_token_ttl": 0}"#),
    )
    .expect_error("invalid_argument", 400);
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(r#"{"access_token_ttl": "x"}"#),
    )
    .expect_error("invalid_argument", 400);
    s.call(
        "PATCH",
        "/_emulator/config",
        &[],
        Some(r#"{"access_token_ttl": 60}"#),
    )
    .ok();
    let other = s
        .get(&format!("/_emulator/config?env={}", env()))
        .ok()
        .clone();
    assert_eq!(other["access_token_ttl"], 60);
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={e}"),
        &[],
        Some(r#"{"access_token_ttl": 5}"#),
    )
    .ok();
    assert_eq!(
        s.get(&format!("/_emulator/config?env={e}")).ok()["access_token_ttl"],
        5
    );
    assert_eq!(s.get("/_emulator/config").ok()["access_token_ttl"], 60);
}

#[test]
fn refused_config_patch_changes_nothing() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "keep", "password": "password-1"}));
    let before = s.get(&format!("/_emulator/config?env={e}")).ok().clone();
    for bad in [
        r#"{"login_methods":{"password":false},"access_token_ttl":0}"#,
        r#"{"login_methods":{"password":false},"captcha":{"threshold":0}}"#,
        r#"{"min_password_length":4,"providers":{"twitter":false}}"#,
    ] {
        s.call(
            "PATCH",
            &format!("/_emulator/config?env={e}"),
            &[],
            Some(bad),
        )
        .expect_error("invalid_argument", 400);
    }
    assert_eq!(s.get(&format!("/_emulator/config?env={e}")).ok(), &before);
    s.signin(&e, "keep", "password-1").ok();
}
