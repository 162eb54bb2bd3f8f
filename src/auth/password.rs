//! Password Management (spec §2.5): `resetPasswordForEmail`, `resetPasswordForOld`,
//! `reauthenticate`.

use super::otp::{Contact, Verification};
use super::{not_signed_in, Auth, PasswordSignIn};
use crate::error::AuthError;
use crate::events::AuthChangeEvent;
use crate::model::Session;
use crate::platform::ToEnd;
use crate::reflect;

/// A password-reset code on its way; complete with [`Auth::complete_password_reset`].
#[derive(Clone, Debug)]
pub struct PasswordReset {
    /// The verification that was started.
    pub verification: Verification,
    /// The account (email or wire phone).
    pub contact: Contact,
    /// Where to navigate after the new password is set (`location.assign`).
    pub redirect_to: Option<String>,
}

/// A re-authentication code on its way; complete with [`Auth::complete_reauthentication`].
#[derive(Clone, Debug)]
pub struct Reauthentication {
    /// The verification that was started.
    pub verification: Verification,
    /// The signed-in user's email or wire phone.
    pub contact: Contact,
}

impl Auth {
    /// `POST /v1/sudo` → the `sudo_token` (body `{password}` or `{verification_token}`).
    pub(crate) async fn sudo(&self, key: &str, value: &str) -> Result<String, AuthError> {
        let body = reflect::object();
        reflect::set(&body, key, value);
        let v = self
            .authed("POST", "/v1/user/sudo", Some(&body))
            .to_end()
            .await?;
        reflect::get_str(&v, "sudo_token")
            .ok_or_else(|| AuthError::unknown("the server returned no sudo token"))
    }

    /// `PATCH /v1/user/password {sudo_token, new_password}`.
    async fn set_password(&self, sudo_token: &str, new_password: &str) -> Result<(), AuthError> {
        if new_password.is_empty() {
            return Err(AuthError::invalid_argument("new_password is required"));
        }
        let body = reflect::object();
        reflect::set(&body, "sudo_token", sudo_token);
        reflect::set(&body, "new_password", new_password);
        self.authed("PATCH", "/v1/user/password", Some(&body))
            .to_end()
            .await
            .map(|_| ())
    }

    /// The current session, or `unauthenticated`.
    pub(crate) async fn require_session(&self) -> Result<Session, AuthError> {
        self.get_session().to_end().await?.ok_or_else(not_signed_in)
    }

    /// Sends a recovery code to an email (contains `@`) or phone number of an existing
    /// user (`target: 'USER'`).
    pub async fn reset_password_for_email(
        &self,
        email_or_phone: &str,
        redirect_to: Option<String>,
    ) -> Result<PasswordReset, AuthError> {
        if email_or_phone.is_empty() {
            return Err(AuthError::invalid_argument("emailOrPhone is required"));
        }
        let contact = if email_or_phone.bytes().any(|b| b == b'@') {
            Contact::Email(email_or_phone.into())
        } else {
            Contact::from_parts(None, Some(email_or_phone.into()))?
        };
        let body = contact.verification_body("recovery");
        reflect::set(&body, "target", "USER");
        let verification = self.send_verification(&body).to_end().await?;
        Ok(PasswordReset {
            verification,
            contact,
            redirect_to,
        })
    }

    /// Verifies the code, sets the new password (`POST /v1/reset`), fires
    /// `PASSWORD_RECOVERY`, signs in with the new password (`SIGNED_IN`) and, with a
    /// `redirect_to`, navigates there.
    pub async fn complete_password_reset(
        &self,
        r: &PasswordReset,
        nonce: &str,
        password: &str,
    ) -> Result<Session, AuthError> {
        if password.is_empty() {
            return Err(AuthError::invalid_argument("password is required"));
        }
        let vt = self
            .verify_code(&r.verification.verification_id, nonce)
            .to_end()
            .await?;
        let body = reflect::object();
        // The normalised phone, not the raw input the official SDK sends.
        r.contact.set_on(&body, "phone_number");
        reflect::set(&body, "new_password", password);
        reflect::set(&body, "verification_token", vt);
        self.send("POST", "/v1/reset", Some(&body), None)
            .to_end()
            .await?;
        self.emit(AuthChangeEvent::PasswordRecovery);
        // The contact is already in wire form (a formatted phone): it is the login name
        // (-46 B gzip against passing it as email or phone, `make size`).
        let s = self
            .sign_in_with_password(PasswordSignIn {
                username: Some(r.contact.username().into()),
                password: password.into(),
                ..Default::default()
            })
            .to_end()
            .await?;
        if let Some(to) = &r.redirect_to {
            crate::platform::navigate(to);
        }
        Ok(s)
    }

    /// Changes the password of the signed-in user: `POST /v1/user/sudo {password: old}`,
    /// then `PATCH /v1/user/password`. No event.
    pub async fn reset_password_for_old(
        &self,
        old_password: &str,
        new_password: &str,
    ) -> Result<Session, AuthError> {
        if old_password.is_empty() {
            return Err(AuthError::invalid_argument("old_password is required"));
        }
        if new_password.is_empty() {
            return Err(AuthError::invalid_argument("new_password is required"));
        }
        let sudo = self.sudo("password", old_password).to_end().await?;
        self.set_password(&sudo, new_password).to_end().await?;
        self.require_session().to_end().await
    }

    /// Sends a code to the signed-in user's email (else phone), from the cached profile.
    pub async fn reauthenticate(&self) -> Result<Reauthentication, AuthError> {
        // The session in a scope of its own: not kept across the request (-10 B gzip,
        // `make size`).
        let contact = {
            let s = self.require_session().to_end().await?;
            let u = &s.user;
            if !u.email.is_empty() {
                Contact::Email(u.email.clone())
            } else if !u.phone.is_empty() {
                Contact::from_parts(None, Some(u.phone.clone()))?
            } else {
                return Err(AuthError::invalid_argument(
                    "the user has neither an email nor a phone number",
                ));
            }
        };
        let verification = self
            .send_verification(&contact.verification_body("reauthentication"))
            .to_end()
            .await?;
        Ok(Reauthentication {
            verification,
            contact,
        })
    }

    /// With a `password`: verify, `sudo {verification_token}`, set the new password.
    /// Without: verify and sign the same user in again with the code (`SIGNED_IN`).
    pub async fn complete_reauthentication(
        &self,
        r: &Reauthentication,
        nonce: &str,
        password: Option<&str>,
    ) -> Result<Session, AuthError> {
        let vt = self
            .verify_code(&r.verification.verification_id, nonce)
            .to_end()
            .await?;
        match password.filter(|p| !p.is_empty()) {
            Some(p) => {
                let sudo = self.sudo("verification_token", &vt).to_end().await?;
                self.set_password(&sudo, p).to_end().await?;
                self.require_session().to_end().await
            }
            // The official SDK sends an empty username here (a bug); we sign in the
            // user the code was sent to.
            None => {
                self.sign_in_with_verification(r.contact.username(), &vt)
                    .to_end()
                    .await
            }
        }
    }
}
