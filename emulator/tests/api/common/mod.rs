//! Test harness: the emulator in-process on port 0 with an in-memory database,
//! driven over real HTTP with a blocking client.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use cloudbase_auth_emulator::Config;
use serde_json::{json, Value};

/// A running emulator and a client for it.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    agent: ureq::Agent,
}

/// A response: status, headers and the JSON body (`Null` when the body is empty).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Value,
    pub raw: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an error body with this `error` and returns the body.
    #[track_caller]
    pub fn expect_error(&self, error: &str, status: u16) -> &Value {
        assert_eq!(self.body["error"], error, "body: {}", self.raw);
        assert_eq!(self.status, status, "body: {}", self.raw);
        assert!(self.body["error_code"].is_i64(), "body: {}", self.raw);
        assert!(
            self.body["error_description"].is_string(),
            "body: {}",
            self.raw
        );
        &self.body
    }

    /// Asserts a 200 and returns the body.
    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "body: {}", self.raw);
        &self.body
    }
}

/// A fresh env id, unique within the test process.
pub fn env() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "env-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Starts an in-memory emulator in a background thread.
pub fn start() -> TestServer {
    start_with(Config::ephemeral())
}

/// Starts an emulator with `config` in a background thread.
pub fn start_with(config: Config) -> TestServer {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let server = cloudbase_auth_emulator::start(config).await.expect("start");
            tx.send(server.url()).unwrap();
            std::future::pending::<()>().await;
        });
    });
    TestServer::at(rx.recv().expect("server started"))
}

impl TestServer {
    /// A client for an emulator already listening at `base`.
    pub fn at(base: String) -> TestServer {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        TestServer { base, agent }
    }

    /// Any request. `body` is sent as is (like the SDK: a JSON string, no content type set).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Resp {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{}", self.base, path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let result = match body {
            Some(b) => self.agent.run(req.body(b.to_string()).unwrap()),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut res = result.expect("http request");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let raw = res.body_mut().read_to_string().unwrap_or_default();
        let body = if raw.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&raw).unwrap_or_else(|e| panic!("not JSON ({e}): {raw:?}"))
        };
        Resp {
            status,
            headers,
            body,
            raw,
        }
    }

    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.call("POST", path, &[], Some(&body.to_string()))
    }

    pub fn get(&self, path: &str) -> Resp {
        self.call("GET", path, &[], None)
    }

    /// `GET /auth/v1/user/me` with a bearer token.
    pub fn me(&self, access_token: &str) -> Resp {
        self.call(
            "GET",
            "/auth/v1/user/me",
            &[("authorization", &format!("Bearer {access_token}"))],
            None,
        )
    }

    /// Creates a user through the emulator API and returns its id.
    pub fn create_user(&self, env: &str, fields: Value) -> String {
        let mut body = fields;
        body["env"] = json!(env);
        let res = self.post("/_emulator/users", &body);
        res.ok()["user_id"].as_str().expect("user_id").to_string()
    }

    /// `POST /auth/v1/signin?client_id=env`.
    pub fn signin(&self, env: &str, username: &str, password: &str) -> Resp {
        self.post(
            &format!("/auth/v1/signin?client_id={env}"),
            &json!({"username": username, "password": password}),
        )
    }

    /// `POST /auth/v1/token` with a refresh token.
    pub fn refresh(&self, env: &str, refresh_token: &str) -> Resp {
        self.post(
            &format!("/auth/v1/token?client_id={env}"),
            &json!({"client_id": env, "client_secret": "", "grant_type": "refresh_token", "refresh_token": refresh_token}),
        )
    }

    /// `POST /auth/v1/signin/anonymously?client_id=env` from a device.
    pub fn anonymous(&self, env: &str, device: &str) -> Resp {
        self.call(
            "POST",
            &format!("/auth/v1/signin/anonymously?client_id={env}"),
            &[("x-device-id", device)],
            Some("{}"),
        )
    }
}

/// Decodes a JWT segment without checking anything.
pub fn jwt_part(token: &str, index: usize) -> Value {
    use base64::Engine;
    let seg = token.split('.').nth(index).expect("jwt segment");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(seg)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("json")
}

/// Starts the real emulator binary on a free port with the SQLite file `db`; answers the child
/// and its URL, read from the `listening on` line (restart tests kill and restart it).
pub fn spawn_binary(db: &std::path::Path) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudbase-auth-emulator"))
        .args(["--port", "0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn emulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("read listening line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, base)
}
