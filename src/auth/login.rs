//! Authentication Login (spec §2.1).

use std::future::Future;

use super::{Auth, SignIn};
use crate::error::AuthError;
use crate::model::Session;
use crate::phone::format_phone;
use crate::reflect;

/// Arguments of [`Auth::sign_in_with_password`]: one of `username`, `email`, `phone`.
#[derive(Clone, Debug, Default)]
pub struct PasswordSignIn {
    /// Login name.
    pub username: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Normalised to `+CC NNN…` before sending.
    pub phone: Option<String>,
    /// The password.
    pub password: String,
}

impl PasswordSignIn {
    /// The `username` sent on the wire: username, else email, else the formatted phone.
    pub fn wire_username(&self) -> Result<String, AuthError> {
        let some = |o: &Option<String>| crate::pure::non_empty(o.clone());
        if let Some(u) = some(&self.username).or_else(|| some(&self.email)) {
            return Ok(u);
        }
        match some(&self.phone) {
            Some(p) => format_phone(&p),
            None => Err(AuthError::invalid_argument(
                "username, email or phone is required",
            )),
        }
    }
}

impl Auth {
    /// `POST /v1/signin/anonymously`, then the profile; fires `SIGNED_IN`.
    pub fn sign_in_anonymously(
        &self,
        provider_token: Option<String>,
    ) -> impl Future<Output = Result<Session, AuthError>> + '_ {
        let body = reflect::object();
        if let Some(t) = provider_token {
            reflect::set(&body, "provider_token", t);
        }
        self.login(Ok(SignIn {
            path: "/v1/signin/anonymously",
            body,
            version: None,
        }))
    }

    /// `POST /v1/signin {username, password}`, then the profile; fires `SIGNED_IN`.
    pub fn sign_in_with_password(
        &self,
        p: PasswordSignIn,
    ) -> impl Future<Output = Result<Session, AuthError>> + '_ {
        self.login(p.request())
    }
}

impl PasswordSignIn {
    /// The `/v1/signin` request; `invalid_argument` without a login name or password.
    fn request(self) -> Result<SignIn, AuthError> {
        let username = self.wire_username()?;
        if self.password.is_empty() {
            return Err(AuthError::invalid_argument("password is required"));
        }
        let body = reflect::object();
        reflect::set(&body, "username", username);
        reflect::set(&body, "password", self.password);
        Ok(SignIn {
            path: "/v1/signin",
            body,
            version: Some("v1"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::PasswordSignIn;

    #[test]
    fn wire_username_precedence() {
        let p = PasswordSignIn {
            email: Some("a@b.c".into()),
            phone: Some("13800138000".into()),
            ..Default::default()
        };
        assert_eq!(p.wire_username().unwrap(), "a@b.c");
        let p = PasswordSignIn {
            phone: Some("13800138000".into()),
            ..Default::default()
        };
        assert_eq!(p.wire_username().unwrap(), "+86 13800138000");
        let e = PasswordSignIn::default().wire_username().unwrap_err();
        assert_eq!(e.code, "invalid_argument");
        assert!(e.message.contains("username"));
    }
}
