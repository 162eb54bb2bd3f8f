//! Bad-input corpus for the verification, sign-up, account and emulator-only endpoints:
//! wrong JSON types for every field, missing fields, invalid JSON, huge bodies, unknown
//! paths and wrong methods always get a 4xx JSON error — never a 5xx, never a dropped
//! connection.

use crate::common;

use common::{env, start, Resp, TestServer};
use serde_json::{json, Value};

#[track_caller]
fn assert_4xx(r: &Resp, what: &str) {
    assert!(
        (400..500).contains(&r.status),
        "{what}: status {} body {}",
        r.status,
        r.raw
    );
    assert!(r.body["error"].is_string(), "{what}: {}", r.raw);
    assert!(r.body["error_code"].is_i64(), "{what}: {}", r.raw);
}

/// Values of the wrong type for a field that wants a string.
fn wrong_values() -> Vec<Value> {
    vec![
        json!(1),
        json!(1.5),
        json!(true),
        json!([]),
        json!(["a"]),
        json!({}),
        json!({"a": 1}),
    ]
}

struct Endpoint {
    method: &'static str,
    path: String,
    bearer: bool,
    fields: &'static [&'static str],
}

fn endpoints(e: &str) -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: "POST",
            path: format!("/auth/v1/verification?client_id={e}"),
            bearer: false,
            fields: &[
                "email",
                "phone_number",
                "target",
                "usage",
                "email_redirect_to",
            ],
        },
        Endpoint {
            method: "POST",
            path: format!("/auth/v1/verification/verify?client_id={e}"),
            bearer: false,
            fields: &["verification_id", "verification_code"],
        },
        Endpoint {
            method: "POST",
            path: format!("/auth/v1/signup?client_id={e}"),
            bearer: false,
            fields: &[
                "email",
                "phone_number",
                "verification_token",
                "password",
                "username",
                "name",
                "gender",
                "picture",
                "locale",
            ],
        },
        Endpoint {
            method: "POST",
            path: format!("/auth/v1/signin?client_id={e}"),
            bearer: false,
            fields: &["username", "password", "verification_token"],
        },
        Endpoint {
            method: "POST",
            path: format!("/auth/v1/reset?client_id={e}"),
            bearer: false,
            fields: &[
                "email",
                "phone_number",
                "new_password",
                "verification_token",
            ],
        },
        Endpoint {
            method: "POST",
            path: "/auth/v1/user/sudo".into(),
            bearer: true,
            fields: &["password", "verification_token"],
        },
        Endpoint {
            method: "PATCH",
            path: "/auth/v1/user/password".into(),
            bearer: true,
            fields: &["sudo_token", "new_password"],
        },
        Endpoint {
            method: "POST",
            path: "/auth/v1/user/basic/edit".into(),
            bearer: true,
            fields: &[
                "nickname",
                "username",
                "description",
                "avatar_url",
                "gender",
                "email",
                "phone",
                "user_id",
            ],
        },
        Endpoint {
            method: "POST",
            path: "/auth/v1/user/signout".into(),
            bearer: true,
            fields: &["redirect_uri", "state"],
        },
        Endpoint {
            method: "POST",
            path: "/_emulator/clock".into(),
            bearer: false,
            fields: &["advance_seconds"],
        },
        Endpoint {
            method: "PATCH",
            path: format!("/_emulator/config?env={e}"),
            bearer: false,
            fields: &["login_methods", "publishable_keys", "min_password_length"],
        },
        Endpoint {
            method: "POST",
            path: "/_emulator/users".into(),
            bearer: false,
            fields: &["groups"],
        },
    ]
}

fn call(s: &TestServer, ep: &Endpoint, token: &str, body: &str) -> Resp {
    eprintln!(
        "DBG {} {} {:?}",
        ep.method,
        ep.path,
        &body[..body.len().min(40)]
    );
    let auth = format!("Bearer {token}");
    let headers: Vec<(&str, &str)> = if ep.bearer {
        vec![("authorization", auth.as_str())]
    } else {
        vec![]
    };
    s.call(ep.method, &ep.path, &headers, Some(body))
}

#[test]
fn wrong_types_missing_fields_and_broken_bodies() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"username": "bad", "email": "bad@example.com", "password": "password-1"}),
    );
    let token = s.signin(&e, "bad", "password-1").ok()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let huge = format!(r#"{{"x":"{}"}}"#, "a".repeat(80 * 1024));
    for ep in endpoints(&e) {
        for field in ep.fields {
            for v in wrong_values() {
                // Some fields accept more than strings (a numeric verification_code, a
                // fractional advance_seconds, objects/arrays in config): those values are
                // simply not wrong for them.
                let body = json!({ *field: v }).to_string();
                let r = call(&s, &ep, &token, &body);
                if r.status == 200 {
                    continue;
                }
                assert_4xx(&r, &format!("{} {} {field}={v}", ep.method, ep.path));
            }
            let long = json!({ *field: "z".repeat(10_000) }).to_string();
            let r = call(&s, &ep, &token, &long);
            assert!(r.status < 500, "{} {field} long: {}", ep.path, r.raw);
        }
        for body in [
            "", "{}", "{", "[1]", "\"s\"", "null", "42", "{\"a\":}", "\u{0}", &huge,
        ] {
            let r = call(&s, &ep, &token, body);
            if r.status == 200 {
                // `{}` or an empty body is a valid no-op for some endpoints (signout, config).
                assert!(
                    body.is_empty() || body == "{}",
                    "{} accepted {body:?}",
                    ep.path
                );
                continue;
            }
            assert_4xx(
                &r,
                &format!(
                    "{} {} body {:?}",
                    ep.method,
                    ep.path,
                    &body[..body.len().min(20)]
                ),
            );
        }
    }
    // Bearer endpoints without or with a bad token.
    for ep in endpoints(&e).into_iter().filter(|ep| ep.bearer) {
        let r = s.call(ep.method, &ep.path, &[], Some("{}"));
        r.expect_error("unauthenticated", 401);
        let r = s.call(
            ep.method,
            &ep.path,
            &[("authorization", "Bearer x.y.z")],
            Some("{}"),
        );
        r.expect_error("unauthenticated", 401);
    }
    // Non-UTF-8 bodies.
    let r = s.call(
        "POST",
        &format!("/auth/v1/verification?client_id={e}"),
        &[],
        Some("{\"email\":\"\u{fffd}\"}"),
    );
    assert_4xx(&r, "replacement char email");
}

#[test]
fn queries_unknown_paths_and_wrong_methods() {
    let s = start();
    let e = env();
    for path in [
        "/_emulator/outbox".to_string(),
        format!("/_emulator/outbox?env={e}&address=%ZZ"),
        "/auth/v1/checkIfUserExist".to_string(),
        format!("/auth/v1/checkIfUserExist?client_id={e}&username="),
        format!("/auth/v1/verification/nope?client_id={e}"),
        "/auth/v1/user/sudo/extra".to_string(),
    ] {
        let r = s.get(&path);
        assert!(
            r.status < 500 && r.body["error"].is_string() || r.status == 200,
            "{path}: {}",
            r.raw
        );
    }
    for (m, p) in [
        ("GET", "/auth/v1/verification"),
        ("PUT", "/auth/v1/verification/verify"),
        ("GET", "/auth/v1/signup"),
        ("GET", "/auth/v1/reset"),
        ("GET", "/auth/v1/user/sudo"),
        ("POST", "/auth/v1/user/password"),
        ("GET", "/auth/v1/user/basic/edit"),
        ("DELETE", "/auth/v1/user/signout"),
        ("POST", "/auth/v1/checkIfUserExist"),
        ("PATCH", "/auth/v1/user/me"),
        ("PUT", "/_emulator/outbox"),
        ("DELETE", "/_emulator/clock"),
        ("GET", "/_emulator/data"),
    ] {
        s.call(m, p, &[], None)
            .expect_error("method_not_allowed", 405);
    }
    // DELETE /auth/v1/user/me with a query but no token.
    s.call("DELETE", "/auth/v1/user/me?sudo_token=x", &[], None)
        .expect_error("unauthenticated", 401);
}

#[test]
fn early_answers_keep_the_connection_usable() {
    // An answer given before the body is read (no token, too large) must not reset the
    // keep-alive connection: the next request on it still gets its answer.
    let s = start();
    let huge = format!(r#"{{"x":"{}"}}"#, "a".repeat(80 * 1024));
    for _ in 0..10 {
        let r = s.call("POST", "/auth/v1/user/sudo", &[], Some(&huge));
        r.expect_error("invalid_argument", 413);
        let r = s.call(
            "POST",
            "/auth/v1/user/sudo",
            &[("authorization", "Bearer nope")],
            Some(&huge[..60_000]),
        );
        r.expect_error("unauthenticated", 401);
        s.get("/_emulator/clock").ok();
    }
}
