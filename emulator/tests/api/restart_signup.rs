//! An acknowledged sign-up (answered 200) survives SIGKILL and a restart, as do the
//! outbox and a pending code's state.

use crate::common;
use crate::otp_support;

use std::path::Path;
use std::process::Child;

use common::TestServer;
use otp_support::{code_for, send, token_for, verify};
use serde_json::json;

fn spawn(db: &Path) -> (Child, String) {
    common::spawn_binary(db)
}

#[test]
fn acknowledged_signup_survives_sigkill() {
    let dir = std::env::temp_dir().join(format!(
        "cloudbase-auth-emulator-signup-restart-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let db = dir.join("emulator.db");
    let e = "restart-signup-env";

    let (mut first, base) = spawn(&db);
    let s = TestServer::at(base);
    let vt = token_for(&s, e, "email", "kept@example.com");
    let signed = s
        .post(
            &format!("/auth/v1/signup?client_id={e}"),
            &json!({"email": "kept@example.com", "verification_token": vt, "password": "password-1"}),
        )
        .ok()
        .clone();
    // A code sent just before the kill, still pending.
    let vid = send(&s, e, json!({"email": "pending@example.com"})).ok()["verification_id"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_for(&s, e, "pending@example.com");
    first.kill().expect("SIGKILL");
    first.wait().unwrap();

    let (mut second, base) = spawn(&db);
    let s = TestServer::at(base);
    let again = s.signin(e, "kept@example.com", "password-1").ok().clone();
    assert_eq!(again["sub"], signed["sub"]);
    s.me(signed["access_token"].as_str().unwrap()).ok();
    // The outbox and the code survived too; the used verification token stays used.
    verify(&s, e, &vid, &code).ok();
    s.post(
        &format!("/auth/v1/signup?client_id={e}"),
        &json!({"email": "kept@example.com", "verification_token": vt}),
    )
    .expect_error("code_expired", 400);
    second.kill().unwrap();
    second.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
