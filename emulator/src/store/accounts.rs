//! Changes to existing users: profile fields, password, anonymous upgrade, deletion.

use rusqlite::params;

use super::{Db, Login, User};
use crate::error::{ApiError, ApiResult};

/// Fields to change on a user; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// Login name.
    pub username: Option<String>,
    /// Email (stored lower-cased).
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Avatar URL.
    pub picture: Option<String>,
    /// `MALE`, `FEMALE`...
    pub gender: Option<String>,
    /// Locale tag.
    pub locale: Option<String>,
    /// Profile description (kept in `meta.description`).
    pub description: Option<String>,
    /// Turns an anonymous user into an ordinary one.
    pub clear_anonymous: bool,
}

impl Db<'_> {
    /// `already_exists` when another user of `env` has one of these login attributes.
    fn ensure_free(&self, env: &str, id: &str, changes: &UserChanges) -> ApiResult<()> {
        let taken = [
            ("username", changes.username.clone().map(Login::Username)),
            (
                "email",
                changes
                    .email
                    .clone()
                    .map(|e| Login::Email(e.to_lowercase())),
            ),
            ("phone number", changes.phone.clone().map(Login::Phone)),
        ];
        for (what, login) in taken {
            if let Some(login) = login {
                if let Some(other) = self.find_user_by_login(env, &login)? {
                    if other.id != id {
                        return Err(ApiError::AlreadyExists(format!("{what} already exists")));
                    }
                }
            }
        }
        Ok(())
    }

    /// Applies `changes` to a user and returns it; `already_exists` for a taken login attribute.
    pub fn update_user(
        &self,
        env: &str,
        id: &str,
        changes: &UserChanges,
        now: i64,
    ) -> ApiResult<User> {
        self.ensure_free(env, id, changes)?;
        let user = self
            .find_user(env, id)?
            .ok_or_else(|| ApiError::UserNotFound("user not found".into()))?;
        let meta = match &changes.description {
            Some(d) => {
                let mut meta: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&user.meta).unwrap_or_default();
                meta.insert("description".into(), d.clone().into());
                serde_json::Value::Object(meta).to_string()
            }
            None => user.meta.clone(),
        };
        let password_updated_at = if changes.password_hash.is_some() {
            Some(now)
        } else {
            user.password_updated_at
        };
        self.execute(
            "UPDATE users SET username = ?3, email = ?4, phone = ?5, password_hash = ?6, name = ?7,
                 picture = ?8, gender = ?9, locale = ?10, meta = ?11, anonymous_device = ?12,
                 updated_at = ?13, password_updated_at = ?14
             WHERE env = ?1 AND id = ?2",
            params![
                env,
                id,
                changes.username.clone().or(user.username),
                changes
                    .email
                    .as_ref()
                    .map(|e| e.to_lowercase())
                    .or(user.email),
                changes.phone.clone().or(user.phone),
                changes.password_hash.clone().or(user.password_hash),
                changes.name.clone().unwrap_or(user.name),
                changes.picture.clone().unwrap_or(user.picture),
                changes.gender.clone().unwrap_or(user.gender),
                changes.locale.clone().unwrap_or(user.locale),
                meta,
                if changes.clear_anonymous {
                    None
                } else {
                    user.anonymous_device
                },
                now,
                password_updated_at,
            ],
        )?;
        self.find_user(env, id)?
            .ok_or_else(|| ApiError::Internal("updated user vanished".into()))
    }

    /// Revokes every live session of a user.
    pub fn revoke_user_sessions(&self, env: &str, id: &str, now: i64) -> ApiResult<()> {
        self.execute(
            "UPDATE sessions SET revoked_at = ?3 WHERE env = ?1 AND user_id = ?2 AND revoked_at IS NULL",
            params![env, id, now],
        )?;
        Ok(())
    }

    /// Deletes a user, its sessions (so its tokens stop working), groups and sudo tokens.
    pub fn delete_user(&self, env: &str, id: &str) -> ApiResult<()> {
        self.execute(
            "DELETE FROM refresh_tokens WHERE session_id IN
                 (SELECT id FROM sessions WHERE env = ?1 AND user_id = ?2)",
            params![env, id],
        )?;
        for sql in [
            "DELETE FROM sessions WHERE env = ?1 AND user_id = ?2",
            "DELETE FROM user_groups WHERE env = ?1 AND user_id = ?2",
            "DELETE FROM sudo_tokens WHERE env = ?1 AND user_id = ?2",
            "DELETE FROM users WHERE env = ?1 AND id = ?2",
        ] {
            self.execute(sql, params![env, id])?;
        }
        Ok(())
    }
}
