//! The binary: CLI output, persistence across SIGKILL.

use crate::common;

use std::path::Path;
use std::process::{Child, Command};

use common::TestServer;
use serde_json::json;

fn spawn(db: &Path) -> (Child, String) {
    let (child, base) = common::spawn_binary(db);
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    (child, base)
}

/// A fresh directory name under the temp dir (created on demand by the emulator).
fn temp_dir(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "cloudbase-auth-emulator-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ))
}

#[test]
fn data_and_tokens_survive_sigkill() {
    let dir = temp_dir("restart");
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
    // SIGTERM right after the `listening on` line, with no request first: the handler must
    // already be installed when the line is printed.
    let (child, _) = spawn(Path::new(":memory:"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
}

/// Presents `token` once; `Ok(Some(next))` on a grant, `Ok(None)` on a refusal, `Err` when
/// the connection failed (the emulator is gone).
fn try_refresh(
    agent: &ureq::Agent,
    base: &str,
    env: &str,
    token: &str,
) -> Result<Option<String>, ()> {
    let body = json!({"client_id": env, "grant_type": "refresh_token", "refresh_token": token});
    let mut res = agent
        .post(&format!("{base}/auth/v1/token?client_id={env}"))
        .send(body.to_string())
        .map_err(|_| ())?;
    let text = res.body_mut().read_to_string().map_err(|_| ())?;
    if res.status() != 200 {
        return Ok(None);
    }
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|_| ())?;
    Ok(v["refresh_token"].as_str().map(str::to_string))
}

/// SIGKILL in the middle of a refresh load: after a restart on the same file, every refresh
/// token whose grant was acknowledged still works (or, when its own refresh was in flight at
/// the kill and committed, is rescued by the reuse rule). Nothing acknowledged is lost.
#[test]
fn acknowledged_grants_survive_sigkill_under_load() {
    const CLIENTS: usize = 8;
    let dir = temp_dir("kill-under-load");
    let db = dir.join("emulator.db");
    let env = "kill-load-env";
    let (mut first, base) = spawn(&db);
    let s = TestServer::at(base.clone());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let granted = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let device = format!("kill-load-device-{i:04}-xxxxxxxx");
            let start = s.anonymous(env, &device).ok()["refresh_token"]
                .as_str()
                .unwrap()
                .to_string();
            let (base, stop, granted) = (base.clone(), stop.clone(), granted.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                // The last refresh token the server acknowledged, and how many grants.
                let (mut acked, mut grants) = (start, 0u32);
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    match try_refresh(&agent, &base, env, &acked) {
                        Ok(Some(next)) => {
                            acked = next;
                            grants += 1;
                            granted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        Ok(None) => panic!("a live session's token was refused before the kill"),
                        Err(()) => break,
                    }
                }
                (acked, grants)
            })
        })
        .collect();
    // Kill once the load is well under way (bounded: at most 20 s on a very busy machine).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while granted.load(std::sync::atomic::Ordering::Relaxed) < 40
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    first.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix.
    first.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let acked: Vec<(String, u32)> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let total: u32 = acked.iter().map(|(_, n)| n).sum();
    assert!(total >= 40, "only {total} grants before the kill");

    let (mut second, base) = spawn(&db);
    let s = TestServer::at(base);
    for (token, grants) in &acked {
        let r = s.refresh(env, token);
        assert_eq!(
            r.status, 200,
            "token acknowledged after {grants} grants was lost: {}",
            r.raw
        );
    }
    second.kill().unwrap();
    second.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
