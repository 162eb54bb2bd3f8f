//! Wire shapes of successful responses (spec §3.1 TokenResponse, §7.1 UserInfo).

use serde::Serialize;
use serde_json::Value;

use crate::clock::rfc3339;
use crate::phone;
use crate::store::User;

/// Answer of every sign-in and of `/token`.
#[derive(Debug, Clone, Serialize)]
pub struct TokenResponse {
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// RS256 JWT.
    pub access_token: String,
    /// Opaque rotating refresh token.
    pub refresh_token: String,
    /// Access-token lifetime, seconds (never 0: the SDK drops credentials without it).
    pub expires_in: u64,
    /// `user` or `anonymous`.
    pub scope: String,
    /// User id.
    pub sub: String,
    /// Group ids.
    pub groups: Vec<String>,
}

/// `{id}` entry of `UserInfo.groups`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Group id.
    pub id: String,
}

/// Answer of `GET /auth/v1/user/me`.
#[derive(Debug, Clone, Serialize)]
pub struct UserInfo {
    /// User id.
    pub sub: String,
    /// User id again.
    pub user_id: String,
    /// Display name (`anonymous` for anonymous users: the SDK derives `is_anonymous` from it).
    pub name: String,
    /// Avatar URL.
    pub picture: String,
    /// Login name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email is verified (present with `email`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// Phone in wire format `+CC NNN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// `MALE`, `FEMALE` or empty.
    pub gender: String,
    /// Locale tag or empty.
    pub locale: String,
    /// Groups.
    pub groups: Vec<Group>,
    /// Linked identity providers.
    pub providers: Vec<Value>,
    /// Always `ACTIVE` for now.
    pub status: &'static str,
    /// Free-form metadata.
    pub meta: Value,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// RFC 3339, when a password is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_updated_at: Option<String>,
    /// Whether the user has a password.
    pub has_password: bool,
    /// `internal` or `anonymous`.
    #[serde(rename = "type")]
    pub user_type: &'static str,
    /// Empty; present because the real service sends it.
    pub internal_user_type: &'static str,
    /// Empty; present because the real service sends it.
    pub user_source: &'static str,
    /// Empty; present because the real service sends it.
    pub user_desc: &'static str,
    /// Last sign-in, RFC 3339 (the docs' name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_login: Option<String>,
    /// Last sign-in again (the name the SDK reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sign_in_at: Option<String>,
}

impl From<&User> for UserInfo {
    fn from(u: &User) -> Self {
        let last_login = u.last_login.map(rfc3339);
        UserInfo {
            sub: u.id.clone(),
            user_id: u.id.clone(),
            name: u.name.clone(),
            picture: u.picture.clone(),
            username: u.username.clone(),
            email: u.email.clone(),
            email_verified: u.email.as_ref().map(|_| true),
            phone_number: u.phone.as_deref().map(phone::to_wire),
            gender: u.gender.clone(),
            locale: u.locale.clone(),
            groups: Vec::new(),
            providers: Vec::new(),
            status: "ACTIVE",
            meta: serde_json::from_str(&u.meta)
                .unwrap_or_else(|_| Value::Object(Default::default())),
            created_at: rfc3339(u.created_at),
            updated_at: rfc3339(u.updated_at),
            password_updated_at: u.password_updated_at.map(rfc3339),
            has_password: u.password_hash.is_some(),
            user_type: if u.is_anonymous() {
                "anonymous"
            } else {
                "internal"
            },
            internal_user_type: "",
            user_source: "",
            user_desc: "",
            last_sign_in_at: last_login.clone(),
            last_login,
        }
    }
}
