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
    // Scripts read the port from this line, so flush it at once.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on {}", server.url());
    let _ = out.flush();
    drop(out);

    shutdown_signal().await;
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

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
