//! Provider identities, OAuth authorization codes and custom-login tickets.

use rusqlite::{params, OptionalExtension, Row};

use super::Db;
use crate::error::{ApiError, ApiResult};

/// A provider account linked to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Environment id.
    pub env: String,
    /// `google`, `github`, `wechat`.
    pub provider_id: String,
    /// The account's id at the provider.
    pub provider_user_id: String,
    /// The linked user.
    pub user_id: String,
    /// The account's display name.
    pub name: String,
    /// The account's avatar URL.
    pub picture: String,
    /// Epoch ms.
    pub created_at: i64,
}

/// An authorization code of the fake provider.
#[derive(Debug, Clone)]
pub struct OAuthCode {
    /// Environment id (the authorize request's `client_id`).
    pub env: String,
    /// Provider.
    pub provider_id: String,
    /// The chosen account.
    pub provider_user_id: String,
    /// The redirect URI the code was issued for.
    pub redirect_uri: String,
    /// Epoch ms.
    pub expires_at: i64,
    /// Epoch ms, once exchanged.
    pub used_at: Option<i64>,
}

/// A custom-login ticket.
#[derive(Debug, Clone)]
pub struct CustomTicket {
    /// Environment id.
    pub env: String,
    /// The user it signs in.
    pub user_id: String,
    /// Epoch ms.
    pub expires_at: i64,
    /// Epoch ms, once used.
    pub used_at: Option<i64>,
}

fn identity_row(r: &Row) -> rusqlite::Result<Identity> {
    Ok(Identity {
        env: r.get(0)?,
        provider_id: r.get(1)?,
        provider_user_id: r.get(2)?,
        user_id: r.get(3)?,
        name: r.get(4)?,
        picture: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const IDENTITY_COLUMNS: &str =
    "env, provider_id, provider_user_id, user_id, name, picture, created_at";

impl Db<'_> {
    /// The identity of a provider account, if linked.
    pub fn find_identity(
        &self,
        env: &str,
        provider_id: &str,
        provider_user_id: &str,
    ) -> ApiResult<Option<Identity>> {
        Ok(self
            .query_row(
                &format!(
                    "SELECT {IDENTITY_COLUMNS} FROM identities
                     WHERE env = ?1 AND provider_id = ?2 AND provider_user_id = ?3"
                ),
                params![env, provider_id, provider_user_id],
                identity_row,
            )
            .optional()?)
    }

    /// A user's identities, oldest first.
    pub fn identities_of(&self, env: &str, user_id: &str) -> ApiResult<Vec<Identity>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {IDENTITY_COLUMNS} FROM identities WHERE env = ?1 AND user_id = ?2
             ORDER BY created_at, provider_id"
        ))?;
        let rows = stmt.query_map(params![env, user_id], identity_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Links a provider account to a user. `failed_precondition` when the account is linked
    /// to another user or the user already has an account of this provider; linking the same
    /// account to the same user again is a no-op.
    pub fn link_identity(&self, identity: &Identity) -> ApiResult<()> {
        if let Some(existing) = self.find_identity(
            &identity.env,
            &identity.provider_id,
            &identity.provider_user_id,
        )? {
            if existing.user_id == identity.user_id {
                return Ok(());
            }
            return Err(ApiError::FailedPrecondition(format!(
                "this {} account is already bound to another user",
                identity.provider_id
            )));
        }
        let has_one = self
            .identities_of(&identity.env, &identity.user_id)?
            .iter()
            .any(|i| i.provider_id == identity.provider_id);
        if has_one {
            return Err(ApiError::FailedPrecondition(format!(
                "the user already has a bound {} account; unbind it first",
                identity.provider_id
            )));
        }
        self.execute(
            &format!(
                "INSERT INTO identities ({IDENTITY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            ),
            params![
                identity.env,
                identity.provider_id,
                identity.provider_user_id,
                identity.user_id,
                identity.name,
                identity.picture,
                identity.created_at
            ],
        )?;
        Ok(())
    }

    /// Removes a user's identity of `provider_id`; `false` when there was none.
    pub fn unlink_identity(&self, env: &str, user_id: &str, provider_id: &str) -> ApiResult<bool> {
        let n = self.execute(
            "DELETE FROM identities WHERE env = ?1 AND user_id = ?2 AND provider_id = ?3",
            params![env, user_id, provider_id],
        )?;
        Ok(n > 0)
    }

    /// Sets a user's avatar (users created from a provider account take its picture).
    pub fn set_user_picture(&self, env: &str, id: &str, picture: &str, now: i64) -> ApiResult<()> {
        self.execute(
            "UPDATE users SET picture = ?3, updated_at = ?4 WHERE env = ?1 AND id = ?2",
            params![env, id, picture, now],
        )?;
        Ok(())
    }

    /// Sets a user's display name and avatar (`sync_profile` of a provider sign-in).
    pub fn set_user_profile(
        &self,
        env: &str,
        id: &str,
        name: &str,
        picture: &str,
        now: i64,
    ) -> ApiResult<()> {
        self.execute(
            "UPDATE users SET name = ?3, picture = ?4, updated_at = ?5 WHERE env = ?1 AND id = ?2",
            params![env, id, name, picture, now],
        )?;
        Ok(())
    }

    /// Stores a new authorization code.
    pub fn insert_oauth_code(&self, code: &str, c: &OAuthCode, now: i64) -> ApiResult<()> {
        self.execute(
            "INSERT INTO oauth_codes (code, env, provider_id, provider_user_id, redirect_uri, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![code, c.env, c.provider_id, c.provider_user_id, c.redirect_uri, now, c.expires_at],
        )?;
        Ok(())
    }

    /// Looks a code up and marks it used (whether or not it is still valid: a code is
    /// presented once).
    pub fn take_oauth_code(&self, code: &str, now: i64) -> ApiResult<Option<OAuthCode>> {
        let found = self
            .query_row(
                "SELECT env, provider_id, provider_user_id, redirect_uri, expires_at, used_at
                 FROM oauth_codes WHERE code = ?1",
                [code],
                |r| {
                    Ok(OAuthCode {
                        env: r.get(0)?,
                        provider_id: r.get(1)?,
                        provider_user_id: r.get(2)?,
                        redirect_uri: r.get(3)?,
                        expires_at: r.get(4)?,
                        used_at: r.get(5)?,
                    })
                },
            )
            .optional()?;
        if found.as_ref().is_some_and(|c| c.used_at.is_none()) {
            self.execute(
                "UPDATE oauth_codes SET used_at = ?2 WHERE code = ?1",
                params![code, now],
            )?;
        }
        Ok(found)
    }

    /// Stores a new custom-login ticket.
    pub fn insert_ticket(&self, ticket: &str, t: &CustomTicket, now: i64) -> ApiResult<()> {
        self.execute(
            "INSERT INTO custom_tickets (ticket, env, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![ticket, t.env, t.user_id, now, t.expires_at],
        )?;
        Ok(())
    }

    /// Looks a ticket up and marks it used.
    pub fn take_ticket(&self, ticket: &str, now: i64) -> ApiResult<Option<CustomTicket>> {
        let found = self
            .query_row(
                "SELECT env, user_id, expires_at, used_at FROM custom_tickets WHERE ticket = ?1",
                [ticket],
                |r| {
                    Ok(CustomTicket {
                        env: r.get(0)?,
                        user_id: r.get(1)?,
                        expires_at: r.get(2)?,
                        used_at: r.get(3)?,
                    })
                },
            )
            .optional()?;
        if found.as_ref().is_some_and(|t| t.used_at.is_none()) {
            self.execute(
                "UPDATE custom_tickets SET used_at = ?2 WHERE ticket = ?1",
                params![ticket, now],
            )?;
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DbLocation;
    use crate::store::Store;

    fn ident(user: &str, account: &str) -> Identity {
        Identity {
            env: "e".into(),
            provider_id: "github".into(),
            provider_user_id: account.into(),
            user_id: user.into(),
            name: "n".into(),
            picture: String::new(),
            created_at: 0,
        }
    }

    #[test]
    fn link_rules_and_single_use_codes() {
        let store = Store::open(&DbLocation::Memory).unwrap();
        store
            .run_blocking(|db| {
                for id in ["u1", "u2"] {
                    let new = crate::store::NewUser {
                        env: "e".into(),
                        ..Default::default()
                    };
                    db.insert_user(&new, id, 0)?;
                }
                db.link_identity(&ident("u1", "a"))?;
                db.link_identity(&ident("u1", "a"))?; // idempotent
                assert!(matches!(
                    db.link_identity(&ident("u2", "a")),
                    Err(ApiError::FailedPrecondition(_))
                ));
                assert!(matches!(
                    db.link_identity(&ident("u1", "b")),
                    Err(ApiError::FailedPrecondition(_))
                ));
                assert_eq!(db.identities_of("e", "u1")?.len(), 1);
                assert!(db.unlink_identity("e", "u1", "github")?);
                assert!(!db.unlink_identity("e", "u1", "github")?);
                let code = OAuthCode {
                    env: "e".into(),
                    provider_id: "github".into(),
                    provider_user_id: "a".into(),
                    redirect_uri: "http://localhost/".into(),
                    expires_at: 10,
                    used_at: None,
                };
                db.insert_oauth_code("c", &code, 0)?;
                assert!(db.take_oauth_code("c", 1)?.unwrap().used_at.is_none());
                assert_eq!(db.take_oauth_code("c", 2)?.unwrap().used_at, Some(1));
                assert!(db.take_oauth_code("nope", 2)?.is_none());
                Ok(())
            })
            .unwrap();
    }
}
