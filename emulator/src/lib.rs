//! Local emulator of the CloudBase auth v1 HTTP API (`/auth/v1/...`), for tests of
//! the official JS SDK and of its Rust/WebAssembly replacement.
//!
//! [`start`] binds a listener (port 0 picks a free one), serves in the background and
//! returns a [`Server`] with the bound address — usable in-process from tests.
//! The public key that signs access tokens is served at [`JWKS_PATH`].

pub mod body_guard;
pub mod clock;
pub mod config;
pub mod cors;
pub mod domain;
pub mod emulator_api;
pub mod emulator_data;
pub mod error;
pub mod extract;
pub mod fake_provider;
pub mod faults;
pub mod jwt;
pub mod model;
pub mod password;
pub mod phone;
pub mod random;
pub mod request_log;
pub mod routes;
pub mod settings;
pub mod startup_config;
pub mod state;
pub mod store;
pub mod tokens;
pub mod trusted_redirect;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::middleware;
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{Config, DbLocation};
pub use error::ApiError;
pub use routes::JWKS_PATH;

use crate::clock::Clock;
use crate::settings::Settings;
use crate::state::request_log::RequestLog;
use crate::state::AppState;
use crate::store::Store;
use crate::tokens::{KeyCell, Keys};

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The database could not be opened or prepared.
    #[error("database: {0}")]
    Store(#[from] ApiError),
    /// `--config` or a policy flag was refused.
    #[error("configuration: {0}")]
    Config(String),
}

/// A running emulator.
pub struct Server {
    addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT` of the bound address.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets in-flight requests finish and waits for that.
    pub async fn shutdown(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(());
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Builds the whole application (auth API, emulator API, fallbacks, CORS, request log).
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::router())
        .merge(emulator_api::router())
        .merge(emulator_data::router())
        .merge(fake_provider::router())
        .merge(faults::router())
        .merge(routes::emulator_routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Inner to outer: captcha gate, injected faults, request log, body guard, CORS.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            routes::captcha::gate,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            request_log::record,
        ))
        // Whole bodies are read before anything answers (no resets on early answers).
        .layer(middleware::from_fn(body_guard::buffer))
        .layer(middleware::from_fn(cors::cors))
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no such endpoint: {}", uri.path()))
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Opens the database, loads or creates the signing key, binds and starts serving.
pub async fn start(config: Config) -> Result<Server, StartError> {
    let db = config.db.clone();
    let (store, existing) = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let store = Store::open(&db)?;
        let existing = store.run_blocking(Keys::load)?;
        Ok((store, existing))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let keys = match existing {
        Some(keys) => KeyCell::ready(keys),
        None => KeyCell::load_in_background(store.clone()),
    };

    let bind_err = |source| StartError::Bind {
        addr: format!("{}:{}", config.host, config.port),
        source,
    };
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(bind_err)?;
    let addr = listener.local_addr().map_err(bind_err)?;

    let state = AppState {
        store,
        keys,
        settings: Arc::new(Settings::new(config.access_token_ttl)),
        log: Arc::new(RequestLog::default()),
        clock: Arc::new(Clock::default()),
        issuer: issuer_for(addr).into(),
        captcha: Arc::default(),
        faults: Arc::default(),
    };
    let (shutdown, rx) = oneshot::channel::<()>();
    let app = app(state);
    startup_config::apply(&app, &config)
        .await
        .map_err(StartError::Config)?;
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(Server {
        addr,
        shutdown,
        task,
    })
}

/// The origin clients reach the emulator at (an unspecified bind address means loopback).
fn issuer_for(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_is_a_reachable_origin() {
        assert_eq!(
            issuer_for("127.0.0.1:8787".parse().unwrap()),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            issuer_for("0.0.0.0:1234".parse().unwrap()),
            "http://127.0.0.1:1234"
        );
        assert_eq!(
            issuer_for("[::]:1234".parse().unwrap()),
            "http://[::1]:1234"
        );
    }
}
