//! `cloudbase-auth-emulator [--host 127.0.0.1] [--port 8787] [--db PATH|:memory:] [--access-token-ttl SECONDS]
//! [--config FILE.json] [--min-password-length N] [--disable-login-method M]...` (see `config::USAGE`)
//!
//! Prints exactly one line, `listening on http://HOST:PORT`, once the socket accepts
//! connections; stops gracefully on SIGTERM or Ctrl-C.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use cloudbase_auth_emulator::config::{Config, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("{msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match cloudbase_auth_emulator::start(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("cloudbase-auth-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Install the handlers before announcing the port: a SIGTERM sent right after the line
    // must stop the server gracefully, not hit the default action.
    let stop = shutdown_signal();
    // Scripts read the port from this line, so flush it at once.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {}", server.url());
    let _ = out.flush();
    drop(out);

    stop.await;
    // Don't hang on clients that keep connections open.
    match tokio::time::timeout(Duration::from_secs(5), server.shutdown()).await {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("cloudbase-auth-emulator: {e}");
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::SUCCESS,
    }
}

/// Registers the SIGTERM and SIGINT handlers now (not at the first poll) and returns the
/// future that resolves on either.
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, Signal, SignalKind};
    async fn recv(s: Option<Signal>) {
        match s {
            Some(mut s) => drop(s.recv().await),
            None => std::future::pending().await,
        }
    }
    let term = recv(signal(SignalKind::terminate()).ok());
    let int = recv(signal(SignalKind::interrupt()).ok());
    async move {
        tokio::select! {
            _ = term => {},
            _ = int => {},
        }
    }
}

/// Ctrl-C, registered at the first poll (there is no SIGTERM to race with).
#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
