//! Sessions (refresh-token families) and their refresh tokens.

use rusqlite::{params, OptionalExtension, Row};

use super::Db;
use crate::error::ApiResult;

/// A session: one sign-in, one refresh-token family.
#[derive(Debug, Clone)]
pub struct Session {
    /// Session id (the access token's `sid` claim).
    pub id: String,
    /// Environment id.
    pub env: String,
    /// The signed-in user.
    pub user_id: String,
    /// `user` or `anonymous`.
    pub scope: String,
    /// Epoch ms.
    pub created_at: i64,
    /// Epoch ms; set once the family is revoked.
    pub revoked_at: Option<i64>,
}

/// One refresh token of a family.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    /// The opaque token.
    pub token: String,
    /// Its family.
    pub session_id: String,
    /// The token it replaced.
    pub parent: Option<String>,
    /// Epoch ms.
    pub created_at: i64,
    /// Epoch ms when it was rotated; `None` while it is the family's active token.
    pub used_at: Option<i64>,
}

fn session_row(r: &Row) -> rusqlite::Result<Session> {
    Ok(Session {
        id: r.get(0)?,
        env: r.get(1)?,
        user_id: r.get(2)?,
        scope: r.get(3)?,
        created_at: r.get(4)?,
        revoked_at: r.get(5)?,
    })
}

fn refresh_row(r: &Row) -> rusqlite::Result<RefreshToken> {
    Ok(RefreshToken {
        token: r.get(0)?,
        session_id: r.get(1)?,
        parent: r.get(2)?,
        created_at: r.get(3)?,
        used_at: r.get(4)?,
    })
}

impl Db<'_> {
    /// Creates a session with its first refresh token.
    pub fn insert_session(&self, session: &Session, refresh_token: &str) -> ApiResult<()> {
        self.execute(
            "INSERT INTO sessions (id, env, user_id, scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![session.id, session.env, session.user_id, session.scope, session.created_at],
        )?;
        self.insert_refresh_token(&session.id, refresh_token, None, session.created_at)
    }

    /// Looks a session up by id.
    pub fn find_session(&self, id: &str) -> ApiResult<Option<Session>> {
        Ok(self.query_row(
                "SELECT id, env, user_id, scope, created_at, revoked_at FROM sessions WHERE id = ?1",
                [id],
                session_row,
            )
            .optional()?)
    }

    /// Revokes a session (its whole refresh family and, through the `sid` check, its access tokens).
    pub fn revoke_session(&self, id: &str, now: i64) -> ApiResult<()> {
        self.execute(
            "UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, now],
        )?;
        Ok(())
    }

    /// Looks a refresh token up.
    pub fn find_refresh_token(&self, token: &str) -> ApiResult<Option<RefreshToken>> {
        Ok(self.query_row(
                "SELECT token, session_id, parent, created_at, used_at FROM refresh_tokens WHERE token = ?1",
                [token],
                refresh_row,
            )
            .optional()?)
    }

    /// The token that replaced `token`, if any.
    pub fn child_refresh_token(&self, token: &str) -> ApiResult<Option<RefreshToken>> {
        Ok(self
            .query_row(
                "SELECT token, session_id, parent, created_at, used_at FROM refresh_tokens
                 WHERE parent = ?1 ORDER BY created_at DESC LIMIT 1",
                [token],
                refresh_row,
            )
            .optional()?)
    }

    /// Adds a refresh token to a family.
    pub fn insert_refresh_token(
        &self,
        session_id: &str,
        token: &str,
        parent: Option<&str>,
        now: i64,
    ) -> ApiResult<()> {
        self.execute(
            "INSERT INTO refresh_tokens (token, session_id, parent, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![token, session_id, parent, now],
        )?;
        Ok(())
    }

    /// Marks a refresh token as rotated.
    pub fn mark_refresh_token_used(&self, token: &str, now: i64) -> ApiResult<()> {
        self.execute(
            "UPDATE refresh_tokens SET used_at = ?2 WHERE token = ?1",
            params![token, now],
        )?;
        Ok(())
    }
}
