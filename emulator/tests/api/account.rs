//! Reset, sudo, password change, profile edit, sign-out, deletion, checkIfUserExist,
//! and the emulator-only clock, data reset and start-up configuration.

use crate::common;
use crate::otp_support;

use common::{env, start, start_with};
use otp_support::{advance, bearer, code_for, send, token_for, verify};
use serde_json::json;

fn signin_token(s: &common::TestServer, e: &str, user: &str, pw: &str) -> String {
    s.signin(e, user, pw).ok()["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn reset_password_with_a_code() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"email": "r@example.com", "password": "old-password"}),
    );
    let sent = send(
        &s,
        &e,
        json!({"email": "r@example.com", "usage": "recovery", "target": "USER"}),
    );
    let vid = sent.ok()["verification_id"].as_str().unwrap().to_string();
    let vt = verify(&s, &e, &vid, &code_for(&s, &e, "r@example.com")).ok()["verification_token"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/auth/v1/reset?client_id={e}");
    s.post(
        &path,
        &json!({"email": "r@example.com", "new_password": "short", "verification_token": vt}),
    )
    .expect_error("invalid_password", 400);
    let r = s.post(
        &path,
        &json!({"email": "r@example.com", "new_password": "new-password", "verification_token": vt}),
    );
    assert_eq!(r.ok(), &json!({}));
    s.signin(&e, "r@example.com", "new-password").ok();
    s.signin(&e, "r@example.com", "old-password")
        .expect_error("invalid_username_or_password", 400);
    s.post(&path, &json!({"email": "r@example.com", "new_password": "again-password", "verification_token": vt}))
        .expect_error("code_expired", 400);
}

#[test]
fn reset_by_raw_phone_input() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"phone_number": "+86 13900139000", "password": "old-password"}),
    );
    let vt = token_for(&s, &e, "phone_number", "+86 13900139000");
    // The SDK sends the raw input here, not the normalised phone.
    s.post(
        &format!("/auth/v1/reset?client_id={e}"),
        &json!({"phone_number": "13900139000", "new_password": "new-password", "verification_token": vt}),
    )
    .ok();
    s.signin(&e, "+86 13900139000", "new-password").ok();
}

#[test]
fn sudo_then_password_change_and_expiry() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"username": "su", "email": "su@example.com", "password": "password-1"}),
    );
    let at = signin_token(&s, &e, "su", "password-1");
    bearer(
        &s,
        "POST",
        "/auth/v1/user/sudo",
        &at,
        Some(&json!({"password": "wrong-pass"})),
    )
    .expect_error("invalid_password", 400);
    bearer(&s, "POST", "/auth/v1/user/sudo", &at, Some(&json!({})))
        .expect_error("invalid_argument", 400);
    let sudo = bearer(
        &s,
        "POST",
        "/auth/v1/user/sudo",
        &at,
        Some(&json!({"password": "password-1"})),
    );
    let st = sudo.ok()["sudo_token"].as_str().unwrap().to_string();
    assert_eq!(sudo.body["expires_in"], 900);
    bearer(
        &s,
        "PATCH",
        "/auth/v1/user/password",
        &at,
        Some(&json!({"sudo_token": "forged", "new_password": "password-2"})),
    )
    .expect_error("permission_denied", 403);
    bearer(
        &s,
        "PATCH",
        "/auth/v1/user/password",
        &at,
        Some(&json!({"sudo_token": st, "new_password": "short"})),
    )
    .expect_error("invalid_password", 400);
    let r = bearer(
        &s,
        "PATCH",
        "/auth/v1/user/password",
        &at,
        Some(&json!({"sudo_token": st, "new_password": "password-2"})),
    );
    assert_eq!(r.ok(), &json!({}));
    let at = signin_token(&s, &e, "su", "password-2");
    // Sudo by a verification code sent to the user's own email.
    let vt = token_for(&s, &e, "email", "su@example.com");
    let st2 = bearer(
        &s,
        "POST",
        "/auth/v1/user/sudo",
        &at,
        Some(&json!({"verification_token": vt})),
    )
    .ok()["sudo_token"]
        .as_str()
        .unwrap()
        .to_string();
    // Sudo tokens live 15 minutes.
    advance(&s, 901.0);
    let at = signin_token(&s, &e, "su", "password-2");
    bearer(
        &s,
        "PATCH",
        "/auth/v1/user/password",
        &at,
        Some(&json!({"sudo_token": st2, "new_password": "password-3"})),
    )
    .expect_error("permission_denied", 403);
    // A code for someone else's address does not give sudo.
    let vt = token_for(&s, &e, "email", "stranger@example.com");
    bearer(
        &s,
        "POST",
        "/auth/v1/user/sudo",
        &at,
        Some(&json!({"verification_token": vt})),
    )
    .expect_error("invalid_argument", 400);
}

#[test]
fn basic_edit_profile_and_verified_email_change() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"username": "ed", "email": "ed@example.com", "password": "password-1"}),
    );
    s.create_user(&e, json!({"username": "taken"}));
    let at = signin_token(&s, &e, "ed", "password-1");
    let edit =
        |body: &serde_json::Value| bearer(&s, "POST", "/auth/v1/user/basic/edit", &at, Some(body));
    let send_as_user =
        |body: &serde_json::Value| bearer(&s, "POST", "/auth/v1/verification", &at, Some(body));
    let r = edit(
        &json!({"nickname": "Eddie", "avatar_url": "https://x/a.png", "gender": "FEMALE", "description": "hi", "username": "eddie"}),
    );
    assert_eq!(r.ok(), &json!({}));
    let me = s.me(&at).ok().clone();
    assert_eq!(me["name"], "Eddie");
    assert_eq!(me["picture"], "https://x/a.png");
    assert_eq!(me["gender"], "FEMALE");
    assert_eq!(me["username"], "eddie");
    assert_eq!(me["meta"]["description"], "hi");
    edit(&json!({"username": "taken"})).expect_error("already_exists", 409);
    edit(&json!({"gender": "robot"})).expect_error("invalid_argument", 400);
    // An unverified new email is refused.
    edit(&json!({"email": "new@example.com"})).expect_error("failed_precondition", 400);
    // The SDK's way: send (as the user) to the new address, verify, then edit {email}.
    let sent = send_as_user(&json!({"email": "new@example.com", "usage": "reauthentication"}));
    let vid = sent.ok()["verification_id"].as_str().unwrap().to_string();
    verify(&s, &e, &vid, &code_for(&s, &e, "new@example.com")).ok();
    edit(&json!({"email": "new@example.com"})).ok();
    assert_eq!(s.me(&at).ok()["email"], "new@example.com");
    // Phone change the same way.
    let sent = send_as_user(&json!({"phone_number": "+86 13700137000"}));
    let vid = sent.ok()["verification_id"].as_str().unwrap().to_string();
    verify(&s, &e, &vid, &code_for(&s, &e, "+86 13700137000")).ok();
    edit(&json!({"phone": "+86 13700137000"})).ok();
    assert_eq!(s.me(&at).ok()["phone_number"], "+86 13700137000");
}

#[test]
fn signout_revokes_the_session() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "so", "password": "password-1"}));
    let t = s.signin(&e, "so", "password-1").ok().clone();
    let at = t["access_token"].as_str().unwrap();
    bearer(
        &s,
        "POST",
        "/auth/v1/user/signout",
        at,
        Some(&json!({"redirect_uri": "https://evil.example/bye"})),
    )
    .expect_error("permission_denied", 403);
    s.me(at).ok();
    let r = bearer(
        &s,
        "POST",
        "/auth/v1/user/signout",
        at,
        Some(&json!({"redirect_uri": "http://localhost:3000/bye", "state": "s1"})),
    );
    assert_eq!(
        r.ok(),
        &json!({"redirect_uri": "http://localhost:3000/bye"})
    );
    s.me(at).expect_error("unauthenticated", 401);
    s.refresh(&e, t["refresh_token"].as_str().unwrap())
        .expect_error("invalid_grant", 400);
    let at = signin_token(&s, &e, "so", "password-1");
    assert_eq!(
        bearer(&s, "POST", "/auth/v1/user/signout", &at, None).ok(),
        &json!({})
    );
}

#[test]
fn delete_me_with_sudo_token() {
    let s = start();
    let e = env();
    s.create_user(&e, json!({"username": "del", "password": "password-1"}));
    let t = s.signin(&e, "del", "password-1").ok().clone();
    let other = s.signin(&e, "del", "password-1").ok().clone();
    let at = t["access_token"].as_str().unwrap();
    bearer(&s, "DELETE", "/auth/v1/user/me", at, None).expect_error("invalid_argument", 400);
    bearer(&s, "DELETE", "/auth/v1/user/me?sudo_token=nope", at, None)
        .expect_error("permission_denied", 403);
    let st = bearer(
        &s,
        "POST",
        "/auth/v1/user/sudo",
        at,
        Some(&json!({"password": "password-1"})),
    )
    .ok()["sudo_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = bearer(
        &s,
        "DELETE",
        &format!(
            "/auth/v1/user/me?sudo_token={}",
            otp_support::urlencode(&st)
        ),
        at,
        None,
    );
    assert_eq!(r.ok(), &json!({}));
    // Every session of the user is gone.
    s.me(at).expect_error("unauthenticated", 401);
    s.me(other["access_token"].as_str().unwrap())
        .expect_error("unauthenticated", 401);
    s.refresh(&e, other["refresh_token"].as_str().unwrap())
        .expect_error("invalid_grant", 400);
    s.signin(&e, "del", "password-1")
        .expect_error("invalid_username_or_password", 400);
    // The username is free again.
    s.create_user(&e, json!({"username": "del"}));
}

#[test]
fn check_if_user_exist() {
    let s = start();
    let e = env();
    s.create_user(
        &e,
        json!({"username": "ex", "email": "ex@example.com", "phone_number": "+86 13600136000"}),
    );
    for (q, want) in [
        ("ex", true),
        ("EX", true),
        ("ex%40example.com", true),
        ("%2B86%2013600136000", true),
        ("13600136000", true),
        ("nobody", false),
    ] {
        let r = s.get(&format!(
            "/auth/v1/checkIfUserExist?client_id={e}&username={q}"
        ));
        assert_eq!(r.ok()["exist"], want, "{q}");
    }
    s.get(&format!("/auth/v1/checkIfUserExist?client_id={e}"))
        .expect_error("invalid_argument", 400);
    s.get("/auth/v1/checkIfUserExist?username=ex")
        .expect_error("invalid_argument", 400);
}

#[test]
fn clock_and_data_reset() {
    let s = start();
    let c0 = s.get("/_emulator/clock").ok().clone();
    let c1 = s
        .post("/_emulator/clock", &json!({"advance_seconds": 3600}))
        .ok()
        .clone();
    assert_eq!(
        c1["offset_ms"].as_i64().unwrap() - c0["offset_ms"].as_i64().unwrap(),
        3_600_000
    );
    assert!(c1["now_ms"].as_i64().unwrap() - c0["now_ms"].as_i64().unwrap() >= 3_600_000);
    s.post("/_emulator/clock", &json!({}))
        .expect_error("invalid_argument", 400);
    s.post("/_emulator/clock", &json!({"advance_seconds": "1"}))
        .expect_error("invalid_argument", 400);

    let (a, b) = (env(), env());
    for e in [&a, &b] {
        s.create_user(e, json!({"username": "d", "password": "password-1"}));
        send(&s, e, json!({"email": "d@example.com"})).ok();
    }
    let t = s.signin(&a, "d", "password-1").ok().clone();
    s.call("DELETE", &format!("/_emulator/data?env={a}"), &[], None)
        .ok();
    s.signin(&a, "d", "password-1")
        .expect_error("invalid_username_or_password", 400);
    s.me(t["access_token"].as_str().unwrap())
        .expect_error("unauthenticated", 401);
    assert_eq!(
        s.get(&format!("/_emulator/outbox?env={a}")).ok()["messages"],
        json!([])
    );
    s.signin(&b, "d", "password-1").ok();
    s.call("DELETE", "/_emulator/data", &[], None).ok();
    s.signin(&b, "d", "password-1")
        .expect_error("invalid_username_or_password", 400);
    // The signing key stays: new sign-ins work.
    s.create_user(&b, json!({"username": "d", "password": "password-1"}));
    let t = s.signin(&b, "d", "password-1").ok().clone();
    s.me(t["access_token"].as_str().unwrap()).ok();
}

#[test]
fn config_file_and_flags_apply_at_start() {
    let path =
        std::env::temp_dir().join(format!("emu-config-{}-{}.json", std::process::id(), env()));
    std::fs::write(
        &path,
        r#"{"min_password_length": 6, "envs": {"cfg-env": {"login_methods": {"sms_otp": false}, "publishable_keys": ["pk_cfg"]}}}"#,
    )
    .unwrap();
    let mut config = cloudbase_auth_emulator::Config::ephemeral();
    config.config_file = Some(path.clone());
    config.disabled_login_methods = vec!["anonymous".into()];
    let s = start_with(config);
    let g = s.get("/_emulator/config?env=cfg-env").ok().clone();
    assert_eq!(g["min_password_length"], 6);
    assert_eq!(g["login_methods"]["sms_otp"], false);
    assert_eq!(g["login_methods"]["anonymous"], false);
    assert_eq!(g["publishable_keys"], json!(["pk_cfg"]));
    send(&s, "cfg-env", json!({"phone_number": "+1 2025550123"}))
        .expect_error("login_type_disabled", 403);
    bearer(
        &s,
        "POST",
        "/auth/v1/verification",
        "pk_cfg",
        Some(&json!({"email": "c@example.com"})),
    )
    .ok();
    let _ = std::fs::remove_file(&path);

    // A bad file stops the start with a message.
    let bad = std::env::temp_dir().join(format!("emu-config-bad-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{"min_password_length": "six"}"#).unwrap();
    let mut config = cloudbase_auth_emulator::Config::ephemeral();
    config.config_file = Some(bad.clone());
    let err = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(cloudbase_auth_emulator::start(config))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("min_password_length"), "{err}");
    let _ = std::fs::remove_file(&bad);
}
