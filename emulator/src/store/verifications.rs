//! Verification codes, the outbox, one-time verification tokens, sudo tokens, user groups
//! and the data reset of the emulator API.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Db;
use crate::error::ApiResult;

/// Lower-case hex SHA-256 of `text`: how codes and one-time tokens are stored.
pub fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// State of a sent code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    /// Not used yet.
    Pending,
    /// Exchanged for a verification token.
    Used,
    /// Killed by too many wrong tries.
    Dead,
}

impl CodeState {
    fn as_str(self) -> &'static str {
        match self {
            CodeState::Pending => "pending",
            CodeState::Used => "used",
            CodeState::Dead => "dead",
        }
    }

    fn parse(s: &str) -> CodeState {
        match s {
            "used" => CodeState::Used,
            "dead" => CodeState::Dead,
            _ => CodeState::Pending,
        }
    }
}

/// A sent verification code.
#[derive(Debug, Clone)]
pub struct Verification {
    /// `verification_id`.
    pub id: String,
    /// Env id.
    pub env: String,
    /// Lower-cased email or E.164 phone.
    pub address: String,
    /// `email` or `phone`.
    pub channel: String,
    /// `digest(id:code)`.
    pub code_hash: String,
    /// `usage` as sent by the client (may be empty).
    pub usage: String,
    /// `ANY`, `USER`, `NOT_USER` or `CUR_USER`.
    pub target: String,
    /// The signed-in sender, if any.
    pub user_id: Option<String>,
    /// Whether a user had this address when the code was sent.
    pub is_user: bool,
    /// Wrong tries so far.
    pub attempts: i64,
    /// State.
    pub state: CodeState,
    /// Epoch ms.
    pub created_at: i64,
    /// Epoch ms.
    pub expires_at: i64,
}

/// A verification token handed out by `verification/verify`.
#[derive(Debug, Clone)]
pub struct VerificationToken {
    /// The code it was exchanged for.
    pub verification_id: String,
    /// Env id.
    pub env: String,
    /// Lower-cased email or E.164 phone it proves.
    pub address: String,
    /// `email` or `phone`.
    pub channel: String,
    /// The signed-in sender of the code, if any.
    pub user_id: Option<String>,
    /// Epoch ms.
    pub expires_at: i64,
    /// Epoch ms when consumed.
    pub used_at: Option<i64>,
}

/// One message of the outbox, as `GET /_emulator/outbox` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxMessage {
    /// Email, or phone in wire form `+CC NNN`.
    pub address: String,
    /// `email` or `phone`.
    pub channel: String,
    /// The plain 6-digit code.
    pub code: String,
    /// Its `verification_id`.
    pub verification_id: String,
    /// `usage` as sent by the client.
    pub usage: String,
    /// `ANY`, `USER`, `NOT_USER` or `CUR_USER`.
    pub target: String,
    /// Epoch ms.
    pub created_at: i64,
    /// Epoch ms.
    pub expires_at: i64,
}

const VERIFICATION_COLUMNS: &str = "id, env, address, channel, code_hash, usage, target, user_id, \
     is_user, attempts, state, created_at, expires_at";

fn verification_row(r: &Row) -> rusqlite::Result<Verification> {
    Ok(Verification {
        id: r.get(0)?,
        env: r.get(1)?,
        address: r.get(2)?,
        channel: r.get(3)?,
        code_hash: r.get(4)?,
        usage: r.get(5)?,
        target: r.get(6)?,
        user_id: r.get(7)?,
        is_user: r.get(8)?,
        attempts: r.get(9)?,
        state: CodeState::parse(&r.get::<_, String>(10)?),
        created_at: r.get(11)?,
        expires_at: r.get(12)?,
    })
}

impl Db<'_> {
    /// Epoch ms of the last code sent to `address` in `env`.
    pub fn last_code_sent_at(&self, env: &str, address: &str) -> ApiResult<Option<i64>> {
        Ok(self.query_row(
            "SELECT MAX(created_at) FROM verifications WHERE env = ?1 AND address = ?2",
            params![env, address],
            |r| r.get(0),
        )?)
    }

    /// Stores a sent code and puts the plain code in the outbox.
    pub fn insert_verification(&self, v: &Verification, code: &str) -> ApiResult<()> {
        self.execute(
            &format!("INSERT INTO verifications ({VERIFICATION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
            params![
                v.id, v.env, v.address, v.channel, v.code_hash, v.usage, v.target, v.user_id,
                v.is_user, v.attempts, v.state.as_str(), v.created_at, v.expires_at
            ],
        )?;
        self.execute(
            "INSERT INTO outbox (env, address, channel, code, verification_id, usage, target, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![v.env, v.address, v.channel, code, v.id, v.usage, v.target, v.created_at, v.expires_at],
        )?;
        Ok(())
    }

    /// A sent code by id, within `env`.
    pub fn find_verification(&self, env: &str, id: &str) -> ApiResult<Option<Verification>> {
        Ok(self
            .query_row(
                &format!(
                    "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE env = ?1 AND id = ?2"
                ),
                params![env, id],
                verification_row,
            )
            .optional()?)
    }

    /// Records the try count and state of a code.
    pub fn update_verification(&self, id: &str, attempts: i64, state: CodeState) -> ApiResult<()> {
        self.execute(
            "UPDATE verifications SET attempts = ?2, state = ?3 WHERE id = ?1",
            params![id, attempts, state.as_str()],
        )?;
        Ok(())
    }

    /// Stores a verification token (by digest).
    pub fn insert_verification_token(
        &self,
        token: &str,
        v: &Verification,
        now: i64,
        expires_at: i64,
    ) -> ApiResult<()> {
        self.execute(
            "INSERT INTO verification_tokens (token_hash, env, verification_id, address, channel, user_id, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![digest(token), v.env, v.id, v.address, v.channel, v.user_id, now, expires_at],
        )?;
        Ok(())
    }

    /// A verification token of `env` by its plain value.
    pub fn find_verification_token(
        &self,
        env: &str,
        token: &str,
    ) -> ApiResult<Option<VerificationToken>> {
        Ok(self
            .query_row(
                "SELECT verification_id, env, address, channel, user_id, expires_at, used_at
                 FROM verification_tokens WHERE token_hash = ?1 AND env = ?2",
                params![digest(token), env],
                |r| {
                    Ok(VerificationToken {
                        verification_id: r.get(0)?,
                        env: r.get(1)?,
                        address: r.get(2)?,
                        channel: r.get(3)?,
                        user_id: r.get(4)?,
                        expires_at: r.get(5)?,
                        used_at: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Marks a verification token used.
    pub fn use_verification_token(&self, token: &str, now: i64) -> ApiResult<()> {
        self.execute(
            "UPDATE verification_tokens SET used_at = ?2 WHERE token_hash = ?1",
            params![digest(token), now],
        )?;
        Ok(())
    }

    /// Consumes the newest unused, unexpired verification token that `user_id` obtained for
    /// `address` (an email/phone change: the SDK sends only the new address). `false` if none.
    pub fn use_address_proof(
        &self,
        env: &str,
        address: &str,
        user_id: &str,
        now: i64,
    ) -> ApiResult<bool> {
        let found: Option<String> = self.query_row(
                "SELECT token_hash FROM verification_tokens
                 WHERE env = ?1 AND address = ?2 AND user_id = ?3 AND used_at IS NULL AND expires_at > ?4
                 ORDER BY created_at DESC LIMIT 1",
                params![env, address, user_id, now],
                |r| r.get(0),
            )
            .optional()?;
        let Some(hash) = found else {
            return Ok(false);
        };
        self.execute(
            "UPDATE verification_tokens SET used_at = ?2 WHERE token_hash = ?1",
            params![hash, now],
        )?;
        Ok(true)
    }

    /// Stores a sudo token (by digest).
    pub fn insert_sudo_token(
        &self,
        token: &str,
        env: &str,
        user_id: &str,
        now: i64,
        expires_at: i64,
    ) -> ApiResult<()> {
        self.execute(
            "INSERT INTO sudo_tokens (token_hash, env, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![digest(token), env, user_id, now, expires_at],
        )?;
        Ok(())
    }

    /// Whether `token` is a live sudo token of this user.
    pub fn sudo_token_valid(
        &self,
        env: &str,
        user_id: &str,
        token: &str,
        now: i64,
    ) -> ApiResult<bool> {
        Ok(self.query_row(
                "SELECT 1 FROM sudo_tokens WHERE token_hash = ?1 AND env = ?2 AND user_id = ?3 AND expires_at > ?4",
                params![digest(token), env, user_id, now],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Outbox messages of `env` (optionally one address, already normalised), oldest first.
    pub fn outbox(&self, env: &str, address: Option<&str>) -> ApiResult<Vec<OutboxMessage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT address, channel, code, verification_id, usage, target, created_at, expires_at
             FROM outbox WHERE env = ?1 AND (?2 IS NULL OR address = ?2) ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![env, address], |r| {
            let channel: String = r.get(1)?;
            let address: String = r.get(0)?;
            Ok(OutboxMessage {
                address: if channel == "phone" {
                    crate::phone::to_wire(&address)
                } else {
                    address
                },
                channel,
                code: r.get(2)?,
                verification_id: r.get(3)?,
                usage: r.get(4)?,
                target: r.get(5)?,
                created_at: r.get(6)?,
                expires_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Empties the outbox of `env`.
    pub fn clear_outbox(&self, env: &str) -> ApiResult<()> {
        self.execute("DELETE FROM outbox WHERE env = ?1", [env])?;
        Ok(())
    }

    /// Replaces a user's groups.
    pub fn set_groups(&self, env: &str, user_id: &str, groups: &[String]) -> ApiResult<()> {
        self.execute(
            "DELETE FROM user_groups WHERE env = ?1 AND user_id = ?2",
            params![env, user_id],
        )?;
        for g in groups {
            self.execute(
                "INSERT OR IGNORE INTO user_groups (env, user_id, group_id) VALUES (?1, ?2, ?3)",
                params![env, user_id, g],
            )?;
        }
        Ok(())
    }

    /// A user's groups, sorted.
    pub fn groups_of(&self, env: &str, user_id: &str) -> ApiResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT group_id FROM user_groups WHERE env = ?1 AND user_id = ?2 ORDER BY group_id",
        )?;
        let rows = stmt.query_map(params![env, user_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes all data (every table but `meta`, which holds the signing key), or one env's:
    /// every row of a table with an `env` column, plus the refresh tokens of its sessions.
    pub fn reset_data(&self, env: Option<&str>) -> ApiResult<()> {
        // Checked at commit, so the order of deletes does not matter.
        self.conn.pragma_update(None, "defer_foreign_keys", "ON")?;
        let tables: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT IN ('meta', 'sqlite_sequence') AND name NOT LIKE 'sqlite_%'",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let Some(env) = env else {
            for t in &tables {
                self.execute(&format!("DELETE FROM \"{t}\""), [])?;
            }
            return Ok(());
        };
        self.execute(
            "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE env = ?1)",
            [env],
        )?;
        for t in &tables {
            let has_env = self
                .conn
                .prepare(&format!(
                    "SELECT 1 FROM pragma_table_info('{t}') WHERE name = 'env'"
                ))?
                .exists([])?;
            if has_env {
                self.execute(&format!("DELETE FROM \"{t}\" WHERE env = ?1"), [env])?;
            }
        }
        Ok(())
    }
}
