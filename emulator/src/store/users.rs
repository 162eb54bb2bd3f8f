//! Users table.

use rusqlite::{params, OptionalExtension, Row};

use super::Db;
use crate::error::{ApiError, ApiResult};

/// A stored user.
#[derive(Debug, Clone)]
pub struct User {
    /// Environment (tenant) id.
    pub env: String,
    /// User id (`sub`).
    pub id: String,
    /// Login name, if any.
    pub username: Option<String>,
    /// Lower-cased email, if any.
    pub email: Option<String>,
    /// E.164 phone number, if any.
    pub phone: Option<String>,
    /// Argon2id PHC string, if a password is set.
    pub password_hash: Option<String>,
    /// Display name (`anonymous` for anonymous users).
    pub name: String,
    /// Avatar URL.
    pub picture: String,
    /// `MALE`, `FEMALE` or empty.
    pub gender: String,
    /// Locale tag or empty.
    pub locale: String,
    /// The device id an anonymous user belongs to; `None` for ordinary users.
    pub anonymous_device: Option<String>,
    /// Free-form JSON object.
    pub meta: String,
    /// Epoch ms.
    pub created_at: i64,
    /// Epoch ms.
    pub updated_at: i64,
    /// Epoch ms.
    pub password_updated_at: Option<i64>,
    /// Epoch ms of the last sign-in.
    pub last_login: Option<i64>,
}

impl User {
    /// Whether this is an anonymous user.
    pub fn is_anonymous(&self) -> bool {
        self.anonymous_device.is_some()
    }
}

/// Fields of a user to create.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// Environment id.
    pub env: String,
    /// Login name.
    pub username: Option<String>,
    /// Email (stored lower-cased).
    pub email: Option<String>,
    /// E.164 phone.
    pub phone: Option<String>,
    /// Already-hashed password.
    pub password_hash: Option<String>,
    /// Display name.
    pub name: String,
    /// Device id for an anonymous user.
    pub anonymous_device: Option<String>,
}

/// How a user identifies at sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Login name (case-insensitive).
    Username(String),
    /// Email (case-insensitive).
    Email(String),
    /// E.164 phone.
    Phone(String),
}

const COLUMNS: &str =
    "env, id, username, email, phone, password_hash, name, picture, gender, locale, \
     anonymous_device, meta, created_at, updated_at, password_updated_at, last_login";

fn from_row(r: &Row) -> rusqlite::Result<User> {
    Ok(User {
        env: r.get(0)?,
        id: r.get(1)?,
        username: r.get(2)?,
        email: r.get(3)?,
        phone: r.get(4)?,
        password_hash: r.get(5)?,
        name: r.get(6)?,
        picture: r.get(7)?,
        gender: r.get(8)?,
        locale: r.get(9)?,
        anonymous_device: r.get(10)?,
        meta: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        password_updated_at: r.get(14)?,
        last_login: r.get(15)?,
    })
}

impl Db<'_> {
    fn user_where(&self, clause: &str, env: &str, value: &str) -> ApiResult<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE env = ?1 AND {clause}");
        Ok(self
            .query_row(&sql, params![env, value], from_row)
            .optional()?)
    }

    /// Finds a user by id.
    pub fn find_user(&self, env: &str, id: &str) -> ApiResult<Option<User>> {
        self.user_where("id = ?2", env, id)
    }

    /// Finds a user by username, email or phone.
    pub fn find_user_by_login(&self, env: &str, login: &Login) -> ApiResult<Option<User>> {
        match login {
            Login::Username(u) => self.user_where("username = ?2 COLLATE NOCASE", env, u),
            Login::Email(e) => self.user_where("email = ?2", env, &e.to_lowercase()),
            Login::Phone(p) => self.user_where("phone = ?2", env, p),
        }
    }

    /// Finds the anonymous user of a device.
    pub fn find_anonymous_user(&self, env: &str, device: &str) -> ApiResult<Option<User>> {
        self.user_where("anonymous_device = ?2", env, device)
    }

    /// Creates a user with a fresh id; `already_exists` when a login attribute is taken.
    pub fn insert_user(&self, new: &NewUser, id: &str, now: i64) -> ApiResult<User> {
        let email = new.email.as_ref().map(|e| e.to_lowercase());
        let taken = [
            ("username", new.username.clone().map(Login::Username)),
            ("email", email.clone().map(Login::Email)),
            ("phone number", new.phone.clone().map(Login::Phone)),
        ];
        for (what, login) in taken {
            if let Some(login) = login {
                if self.find_user_by_login(&new.env, &login)?.is_some() {
                    return Err(ApiError::AlreadyExists(format!("{what} already exists")));
                }
            }
        }
        let password_updated_at = new.password_hash.as_ref().map(|_| now);
        self.execute(
            "INSERT INTO users (env, id, username, email, phone, password_hash, name, anonymous_device,
                                created_at, updated_at, password_updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            params![
                new.env,
                id,
                new.username,
                email,
                new.phone,
                new.password_hash,
                new.name,
                new.anonymous_device,
                now,
                password_updated_at
            ],
        )?;
        self.find_user(&new.env, id)?
            .ok_or_else(|| ApiError::Internal("inserted user vanished".into()))
    }

    /// Records a sign-in.
    pub fn touch_last_login(&self, env: &str, id: &str, now: i64) -> ApiResult<()> {
        self.execute(
            "UPDATE users SET last_login = ?3 WHERE env = ?1 AND id = ?2",
            params![env, id, now],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DbLocation;
    use crate::store::Store;

    #[test]
    fn unique_per_env_and_case_insensitive() {
        let store = Store::open(&DbLocation::Memory).unwrap();
        store
            .run_blocking(|db| {
                let new = NewUser {
                    env: "a".into(),
                    username: Some("Alice".into()),
                    email: Some("Alice@Example.com".into()),
                    ..NewUser::default()
                };
                db.insert_user(&new, "1", 0)?;
                let dup = NewUser {
                    env: "a".into(),
                    email: Some("alice@example.COM".into()),
                    ..NewUser::default()
                };
                assert!(matches!(
                    db.insert_user(&dup, "2", 0),
                    Err(ApiError::AlreadyExists(_))
                ));
                let other_env = NewUser {
                    env: "b".into(),
                    ..new.clone()
                };
                db.insert_user(&other_env, "3", 0)?;
                let found = db.find_user_by_login("a", &Login::Username("ALICE".into()))?;
                assert_eq!(found.unwrap().id, "1");
                Ok(())
            })
            .unwrap();
    }
}
