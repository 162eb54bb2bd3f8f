//! The binary: CLI output, persistence across SIGKILL.

mod common;

use std::path::Path;
use std::process::{Child, Command};

use common::TestServer;
use serde_json::json;

fn spawn(db: &Path) -> (Child, String) {
    let (child, base) = common::spawn_binary(db);
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    (child, base)
}

#[test]
fn data_and_tokens_survive_sigkill() {
    let dir = std::env::temp_dir().join(format!(
        "cloudbase-auth-emulator-restart-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    // The database's directory is created on demand.
    let db = dir.join("nested").join("emulator.db");

    let (mut first, base) = spawn(&db);
    let s = TestServer::at(base);
    s.create_user(
        "restart-env",
        json!({"username": "ivy", "password": "pw-ivy"}),
    );
    let t = s.signin("restart-env", "ivy", "pw-ivy").ok().clone();
    first.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    first.wait().unwrap();

    let (mut second, base) = spawn(&db);
    let s = TestServer::at(base);
    s.signin("restart-env", "ivy", "pw-ivy").ok();
    // The signing key persisted, so the old session's tokens still work.
    s.me(t["access_token"].as_str().unwrap()).ok();
    s.refresh("restart-env", t["refresh_token"].as_str().unwrap())
        .ok();
    second.kill().unwrap();
    second.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_stops_gracefully() {
    let (child, base) = spawn(Path::new(":memory:"));
    TestServer::at(base).get("/_emulator/health").ok();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
}
