//! `GET /auth/v1/user/me`, token expiry, JWKS.

use crate::common;

use common::{env, jwt_part, start};
use serde_json::json;

#[test]
fn user_me_returns_the_profile() {
    let s = start();
    let e = env();
    let id = s.create_user(
        &e,
        json!({"username": "frank", "email": "frank@example.com", "phone_number": "+8613800138000", "password": "pw-frank", "name": "Frank"}),
    );
    let t = s.signin(&e, "frank", "pw-frank").ok().clone();
    let me = s.me(t["access_token"].as_str().unwrap());
    let u = me.ok();
    assert_eq!(u["sub"], id.as_str());
    assert_eq!(u["user_id"], id.as_str());
    assert_eq!(u["name"], "Frank");
    assert_eq!(u["username"], "frank");
    assert_eq!(u["email"], "frank@example.com");
    assert_eq!(u["email_verified"], true);
    assert_eq!(u["phone_number"], "+86 13800138000");
    assert_eq!(u["status"], "ACTIVE");
    assert_eq!(u["groups"], json!([]));
    assert_eq!(u["providers"], json!([]));
    assert_eq!(u["has_password"], true);
    assert!(u["meta"].is_object());
    for k in [
        "created_at",
        "updated_at",
        "password_updated_at",
        "last_login",
        "last_sign_in_at",
    ] {
        assert!(
            u[k].as_str().is_some_and(|v| v.ends_with('Z')),
            "{k}: {}",
            u[k]
        );
    }
}

#[test]
fn bad_credentials_are_unauthenticated() {
    let s = start();
    let r = s.call("GET", "/auth/v1/user/me", &[], None);
    assert_eq!(r.expect_error("unauthenticated", 401)["error_code"], 16);
    s.me("publishable-key-not-a-jwt")
        .expect_error("unauthenticated", 401);
    s.me("a.b.c").expect_error("unauthenticated", 401);
    // A JWT signed by someone else (header and payload of ours, signature tampered).
    let e = env();
    let t = s.anonymous(&e, "device-eeeeeeeeeeeeeeee").ok().clone();
    let token = t["access_token"].as_str().unwrap();
    let (head, _) = token.rsplit_once('.').unwrap();
    s.me(&format!("{head}.AAAA"))
        .expect_error("unauthenticated", 401);
    s.call(
        "GET",
        "/auth/v1/user/me",
        &[("authorization", "Basic Zm9vOg==")],
        None,
    )
    .expect_error("unauthenticated", 401);
}

#[test]
fn access_tokens_expire_per_env_ttl() {
    let s = start();
    let (short, long) = (env(), env());
    let cfg = s.call(
        "PATCH",
        &format!("/_emulator/config?env={short}"),
        &[],
        Some(r#"{"access_token_ttl": 1}"#),
    );
    assert_eq!(cfg.ok()["access_token_ttl"], 1);
    let t_short = s.anonymous(&short, "device-ffffffffffffffff").ok().clone();
    assert_eq!(t_short["expires_in"], 1);
    let t_long = s.anonymous(&long, "device-ffffffffffffffff").ok().clone();
    assert_eq!(t_long["expires_in"], 7200);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    s.me(t_short["access_token"].as_str().unwrap())
        .expect_error("unauthenticated", 401);
    s.me(t_long["access_token"].as_str().unwrap()).ok();
    // The refresh token still works; the new access token gets the env's current lifetime.
    s.call(
        "PATCH",
        &format!("/_emulator/config?env={short}"),
        &[],
        Some(r#"{"access_token_ttl": 60}"#),
    )
    .ok();
    let fresh = s
        .refresh(&short, t_short["refresh_token"].as_str().unwrap())
        .ok()
        .clone();
    assert_eq!(fresh["expires_in"], 60);
    s.me(fresh["access_token"].as_str().unwrap()).ok();
}

#[test]
fn jwks_verifies_the_tokens() {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    let s = start();
    let jwks = s.get("/auth/v1/.well-known/jwks.json").ok().clone();
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["alg"], "RS256");
    let e = env();
    let t = s.anonymous(&e, "device-gggggggggggggggg").ok().clone();
    let token = t["access_token"].as_str().unwrap();
    assert_eq!(jwt_part(token, 0)["kid"], key["kid"]);
    let dk =
        DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap())
            .unwrap();
    let mut v = Validation::new(Algorithm::RS256);
    v.set_audience(&[e.as_str()]);
    v.set_issuer(&[s.base.as_str()]);
    let data = jsonwebtoken::decode::<serde_json::Value>(token, &dk, &v).expect("valid signature");
    assert_eq!(data.claims["sub"], t["sub"]);
    assert!(data.claims["sid"].is_string());
}
