//! Start-up configuration (`--config FILE` and the policy flags), applied through the very
//! handler of `PATCH /_emulator/config`, so a file accepts exactly the fields the API does.
//!
//! File format: a JSON object; every key but `envs` is a global setting, `envs` maps an env
//! id to an object of per-env settings, e.g.
//! `{"min_password_length": 6, "envs": {"demo": {"login_methods": {"sms_otp": false}, "publishable_keys": ["pk_demo"]}}}`.

use axum::body::Body;
use axum::http::{Method, Request};
use axum::Router;
use serde_json::{json, Map, Value};
use tower_service::Service;

use crate::config::Config;

/// The patches to apply, in order: the file's global part, its envs, then the flags.
pub fn patches(config: &Config) -> Result<Vec<(Option<String>, Value)>, String> {
    let mut out = Vec::new();
    if let Some(path) = &config.config_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --config {}: {e}", path.display()))?;
        let mut root: Map<String, Value> = serde_json::from_str(&text)
            .map_err(|e| format!("--config {}: not a JSON object: {e}", path.display()))?;
        let envs = root.remove("envs");
        out.push((None, Value::Object(root)));
        match envs {
            None | Some(Value::Null) => {}
            Some(Value::Object(envs)) => {
                for (env, patch) in envs {
                    out.push((Some(env), patch));
                }
            }
            Some(_) => {
                return Err(format!(
                    "--config {}: envs must be an object",
                    path.display()
                ))
            }
        }
    }
    let mut flags = Map::new();
    if let Some(n) = config.min_password_length {
        flags.insert("min_password_length".into(), json!(n));
    }
    if !config.disabled_login_methods.is_empty() {
        let off: Map<String, Value> = config
            .disabled_login_methods
            .iter()
            .map(|m| (m.clone(), Value::Bool(false)))
            .collect();
        flags.insert("login_methods".into(), Value::Object(off));
    }
    if !flags.is_empty() {
        out.push((None, Value::Object(flags)));
    }
    Ok(out)
}

/// Applies [`patches`] through `app`; the first refused patch is the error.
pub async fn apply(app: &Router, config: &Config) -> Result<(), String> {
    for (env, patch) in patches(config)? {
        let uri = match &env {
            Some(env) => format!(
                "/_emulator/config?env={}",
                env.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                            (b as char).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            ),
            None => "/_emulator/config".to_string(),
        };
        let req = Request::builder()
            .method(Method::PATCH)
            .uri(&uri)
            .body(Body::from(patch.to_string()))
            .map_err(|e| e.to_string())?;
        let res = app.clone().call(req).await.map_err(|e| e.to_string())?;
        if !res.status().is_success() {
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            return Err(format!(
                "configuration for {}: {status} {}",
                env.as_deref().unwrap_or("all envs"),
                String::from_utf8_lossy(&body)
            ));
        }
    }
    Ok(())
}
