//! `POST /auth/v1/token` (rotation, reuse detection) and `POST /auth/v1/revoke`.

use crate::common;

use common::{env, start, TestServer};
use serde_json::{json, Value};

fn signed_in(s: &TestServer) -> (String, Value) {
    let e = env();
    s.create_user(&e, json!({"username": "erin", "password": "pw-erin"}));
    let tokens = s.signin(&e, "erin", "pw-erin").ok().clone();
    (e, tokens)
}

fn rt(v: &Value) -> &str {
    v["refresh_token"].as_str().unwrap()
}

fn at(v: &Value) -> &str {
    v["access_token"].as_str().unwrap()
}

#[test]
fn refresh_rotates_the_refresh_token() {
    let s = start();
    let (e, t0) = signed_in(&s);
    let t1 = s.refresh(&e, rt(&t0)).ok().clone();
    assert_ne!(rt(&t1), rt(&t0));
    // Even within the same second the access token is new.
    assert_ne!(at(&t1), at(&t0));
    assert_eq!(t1["token_type"], "Bearer");
    assert_eq!(t1["scope"], "user");
    assert_eq!(t1["sub"], t0["sub"]);
    assert_eq!(t1["expires_in"], 7200);
    s.me(at(&t1)).ok();
    let t2 = s.refresh(&e, rt(&t1)).ok().clone();
    assert_ne!(rt(&t2), rt(&t1));
}

#[test]
fn reusing_the_parent_within_the_window_returns_the_active_token() {
    let s = start();
    let (e, t0) = signed_in(&s);
    let t1 = s.refresh(&e, rt(&t0)).ok().clone();
    // A second tab refreshing with the same old token at the same time.
    let again = s.refresh(&e, rt(&t0)).ok().clone();
    assert_eq!(rt(&again), rt(&t1));
    s.me(at(&again)).ok();
    // The family is intact.
    s.refresh(&e, rt(&t1)).ok();
}

#[test]
fn other_reuse_revokes_the_family() {
    let s = start();
    let (e, t0) = signed_in(&s);
    let t1 = s.refresh(&e, rt(&t0)).ok().clone();
    let t2 = s.refresh(&e, rt(&t1)).ok().clone();
    // t0's child (t1) is no longer active: this is a replay.
    s.refresh(&e, rt(&t0)).expect_error("invalid_grant", 400);
    // The whole family is gone, including the newest token and its access tokens.
    s.refresh(&e, rt(&t2)).expect_error("invalid_grant", 400);
    s.me(at(&t2)).expect_error("unauthenticated", 401);
}

#[test]
fn bad_refresh_requests() {
    let s = start();
    let (e, t0) = signed_in(&s);
    s.refresh(&e, "no-such-token")
        .expect_error("invalid_grant", 400);
    // Another env's client cannot use it.
    s.refresh(&env(), rt(&t0))
        .expect_error("invalid_grant", 400);
    let path = format!("/auth/v1/token?client_id={e}");
    s.post(
        &path,
        &json!({"client_id": e, "grant_type": "refresh_token"}),
    )
    .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"client_id": e, "refresh_token": rt(&t0)}))
        .expect_error("invalid_argument", 400);
    s.post(
        &path,
        &json!({"client_id": e, "grant_type": "bogus", "refresh_token": rt(&t0)}),
    )
    .expect_error("invalid_argument", 400);
    s.post(&path, &json!({"client_id": e, "grant_type": "password"}))
        .expect_error("unimplemented", 400);
    s.post(
        "/auth/v1/token",
        &json!({"grant_type": "refresh_token", "refresh_token": rt(&t0)}),
    )
    .expect_error("invalid_argument", 400);
    // None of these consumed the token.
    s.refresh(&e, rt(&t0)).ok();
}

#[test]
fn revoke_with_the_access_token_ends_the_session() {
    let s = start();
    let (e, t0) = signed_in(&s);
    s.me(at(&t0)).ok();
    let r = s.post(
        &format!("/auth/v1/revoke?client_id={e}"),
        &json!({"token": at(&t0)}),
    );
    assert_eq!(r.ok(), &json!({}));
    s.me(at(&t0)).expect_error("unauthenticated", 401);
    s.refresh(&e, rt(&t0)).expect_error("invalid_grant", 400);
    // Other sessions of the same user are untouched.
    let other = s.signin(&e, "erin", "pw-erin").ok().clone();
    s.me(at(&other)).ok();
}

#[test]
fn revoke_with_the_refresh_token_and_unknown_tokens() {
    let s = start();
    let (e, t0) = signed_in(&s);
    let path = format!("/auth/v1/revoke?client_id={e}");
    s.post(&path, &json!({"token": rt(&t0)})).ok();
    s.me(at(&t0)).expect_error("unauthenticated", 401);
    // A publishable key or garbage: accepted, nothing happens.
    assert_eq!(
        s.post(&path, &json!({"token": "pk-not-a-jwt"})).ok(),
        &json!({})
    );
    s.post(&path, &json!({}))
        .expect_error("invalid_argument", 400);
}

#[test]
fn revoke_from_another_env_does_nothing() {
    let s = start();
    let (_e, t0) = signed_in(&s);
    s.post(
        &format!("/auth/v1/revoke?client_id={}", env()),
        &json!({"token": at(&t0)}),
    )
    .ok();
    s.me(at(&t0)).ok();
}
