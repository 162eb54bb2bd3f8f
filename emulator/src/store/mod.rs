//! Persistence: schema, migrations and every SQL query. Nothing outside this module
//! touches SQL.
//!
//! One SQLite connection behind a mutex. Every unit of work runs in
//! [`Store::run`] on the blocking pool, inside one transaction.

mod accounts;
mod providers;
mod sessions;
mod users;
mod verifications;

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::config::DbLocation;
use crate::error::{ApiError, ApiResult};

pub use accounts::UserChanges;
pub use providers::{CustomTicket, Identity, OAuthCode};
pub use sessions::{RefreshToken, Session};
pub use users::{Login, NewUser, User};
pub use verifications::{digest, CodeState, OutboxMessage, Verification, VerificationToken};

/// Schema migrations, applied in order; `PRAGMA user_version` counts the applied ones.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_verification.sql"),
    include_str!("migrations/0003_providers.sql"),
];

/// Shared handle to the database.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

/// Query methods available inside a [`Store::run`] transaction.
pub struct Db<'a> {
    conn: &'a Connection,
}

impl Store {
    /// Opens (creating if needed) the database and applies pending migrations.
    pub fn open(location: &DbLocation) -> ApiResult<Store> {
        let conn = match location {
            DbLocation::Memory => Connection::open_in_memory()?,
            DbLocation::File(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        ApiError::Internal(format!("cannot create {}: {e}", dir.display()))
                    })?;
                }
                open_file(path)?
            }
        };
        migrate(&conn)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` in one transaction on the blocking pool; commits when it returns `Ok`.
    pub async fn run<F, R>(&self, f: F) -> ApiResult<R>
    where
        F: FnOnce(&Db) -> ApiResult<R> + Send + 'static,
        R: Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || conn_run(&conn, f))
            .await
            .map_err(|e| ApiError::Internal(format!("store task: {e}")))?
    }

    /// Synchronous variant of [`Store::run`] for start-up code.
    pub fn run_blocking<F, R>(&self, f: F) -> ApiResult<R>
    where
        F: FnOnce(&Db) -> ApiResult<R>,
    {
        conn_run(&self.conn, f)
    }
}

fn conn_run<F, R>(conn: &Mutex<Connection>, f: F) -> ApiResult<R>
where
    F: FnOnce(&Db) -> ApiResult<R>,
{
    // A panic elsewhere must not wedge the emulator: the connection itself is still sound.
    let mut guard = conn.lock().unwrap_or_else(|e| e.into_inner());
    let tx = guard.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&Db { conn: &tx })?;
    tx.commit()?;
    Ok(out)
}

fn open_file(path: &Path) -> ApiResult<Connection> {
    let conn = Connection::open(path)?;
    // WAL + synchronous=FULL: a committed transaction is fsynced before COMMIT returns,
    // so it survives SIGKILL (and power loss).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

fn migrate(conn: &Connection) -> ApiResult<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied.max(0) as usize) {
        conn.execute_batch(&format!(
            "BEGIN; {sql}\n; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

impl Db<'_> {
    /// Reads a value of the key/value `meta` table.
    pub fn meta_get(&self, key: &str) -> ApiResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Writes a value of the key/value `meta` table.
    pub fn meta_set(&self, key: &str, value: &str) -> ApiResult<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_idempotent() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[test]
    fn meta_round_trip() {
        let store = Store::open(&DbLocation::Memory).unwrap();
        store
            .run_blocking(|db| {
                assert_eq!(db.meta_get("k")?, None);
                db.meta_set("k", "v1")?;
                db.meta_set("k", "v2")?;
                assert_eq!(db.meta_get("k")?.as_deref(), Some("v2"));
                Ok(())
            })
            .unwrap();
    }
}
