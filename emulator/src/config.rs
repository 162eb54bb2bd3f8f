//! Command-line configuration.
//!
//! A tiny hand-written parser keeps compile time down (no clap).

use std::path::PathBuf;

/// Where the SQLite database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// `:memory:` — nothing survives the process.
    Memory,
    /// A database file (its parent directory is created when missing).
    File(PathBuf),
}

/// Everything the emulator needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Interface to bind, e.g. `127.0.0.1`.
    pub host: String,
    /// TCP port; `0` picks a free one.
    pub port: u16,
    /// Database location.
    pub db: DbLocation,
    /// Default access-token lifetime in seconds (overridable per env at run time).
    pub access_token_ttl: u64,
    /// `--config FILE`: a JSON object with the fields of `PATCH /_emulator/config` (global)
    /// and `"envs": {"ENV": {...same fields...}}`, applied at start-up.
    pub config_file: Option<PathBuf>,
    /// `--min-password-length N`: global minimum password length.
    pub min_password_length: Option<u64>,
    /// `--disable-login-method M` (repeatable): `anonymous`, `password`, `email_otp`, `sms_otp`.
    pub disabled_login_methods: Vec<String>,
}

/// Default access-token lifetime: two hours, as the real service.
pub const DEFAULT_ACCESS_TOKEN_TTL: u64 = 7200;

/// Usage text printed for `--help` and on argument errors.
pub const USAGE: &str = "usage: cloudbase-auth-emulator [--host 127.0.0.1] [--port 8787] [--db PATH|:memory:] [--access-token-ttl SECONDS] [--config FILE.json] [--min-password-length N] [--disable-login-method anonymous|password|email_otp|sms_otp]...";

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8787,
            db: DbLocation::File(PathBuf::from(".emulator").join("emulator.db")),
            access_token_ttl: DEFAULT_ACCESS_TOKEN_TTL,
            config_file: None,
            min_password_length: None,
            disabled_login_methods: Vec::new(),
        }
    }
}

impl Config {
    /// A configuration for tests: loopback, a free port, an in-memory database.
    pub fn ephemeral() -> Self {
        Config {
            port: 0,
            db: DbLocation::Memory,
            ..Config::default()
        }
    }

    /// Parses command-line arguments (without the program name).
    ///
    /// Accepts `--flag value` and `--flag=value`. `Err` carries a message for the user;
    /// `Ok(None)` means `--help` was asked for.
    pub fn from_args<I: IntoIterator<Item = String>>(args: I) -> Result<Option<Config>, String> {
        let mut config = Config::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                return Ok(None);
            }
            let mut value = || -> Result<String, String> {
                match inline.clone() {
                    Some(v) => Ok(v),
                    None => args.next().ok_or_else(|| format!("{flag} needs a value")),
                }
            };
            match flag.as_str() {
                "--host" => config.host = value()?,
                "--port" => {
                    let v = value()?;
                    config.port = v.parse().map_err(|_| format!("invalid --port {v:?}"))?;
                }
                "--db" => {
                    let v = value()?;
                    config.db = if v == ":memory:" {
                        DbLocation::Memory
                    } else {
                        DbLocation::File(PathBuf::from(v))
                    };
                }
                "--access-token-ttl" => {
                    let v = value()?;
                    config.access_token_ttl = match v.parse::<u64>() {
                        Ok(n) if n > 0 => n,
                        _ => {
                            return Err(format!(
                                "invalid --access-token-ttl {v:?} (positive seconds)"
                            ))
                        }
                    };
                }
                "--config" => config.config_file = Some(PathBuf::from(value()?)),
                "--min-password-length" => {
                    let v = value()?;
                    config.min_password_length = match v.parse::<u64>() {
                        Ok(n) if (1..=1024).contains(&n) => Some(n),
                        _ => return Err(format!("invalid --min-password-length {v:?} (1-1024)")),
                    };
                }
                "--disable-login-method" => {
                    let v = value()?;
                    if !["anonymous", "password", "email_otp", "sms_otp"].contains(&v.as_str()) {
                        return Err(format!(
                            "invalid --disable-login-method {v:?} (anonymous, password, email_otp, sms_otp)"
                        ));
                    }
                    config.disabled_login_methods.push(v);
                }
                _ => return Err(format!("unknown argument {arg:?}")),
            }
        }
        Ok(Some(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Config>, String> {
        Config::from_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults() {
        let c = parse(&[]).unwrap().unwrap();
        assert_eq!(c.host, "127.0.0.1");
        assert_eq!(c.port, 8787);
        assert_eq!(
            c.db,
            DbLocation::File(PathBuf::from(".emulator/emulator.db"))
        );
        assert_eq!(c.access_token_ttl, 7200);
    }

    #[test]
    fn all_flags_both_styles() {
        let c = parse(&[
            "--host",
            "0.0.0.0",
            "--port=0",
            "--db",
            ":memory:",
            "--access-token-ttl=5",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(c.host, "0.0.0.0");
        assert_eq!(c.port, 0);
        assert_eq!(c.db, DbLocation::Memory);
        assert_eq!(c.access_token_ttl, 5);
    }

    #[test]
    fn policy_flags() {
        let c = parse(&[
            "--config",
            "emu.json",
            "--min-password-length=4",
            "--disable-login-method",
            "sms_otp",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(c.config_file, Some(PathBuf::from("emu.json")));
        assert_eq!(c.min_password_length, Some(4));
        assert_eq!(c.disabled_login_methods, vec!["sms_otp".to_string()]);
        assert!(parse(&["--disable-login-method", "fax"]).is_err());
        assert!(parse(&["--min-password-length", "0"]).is_err());
    }

    #[test]
    fn errors_and_help() {
        assert!(parse(&["--port", "x"]).is_err());
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--access-token-ttl", "0"]).is_err());
        assert_eq!(parse(&["--help"]).unwrap(), None);
    }
}
