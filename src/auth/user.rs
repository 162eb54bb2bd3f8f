//! User Management (spec §2.3).

use wasm_bindgen::JsValue;

use super::otp::{Contact, Verification};
use super::{not_signed_in, Auth};
use crate::error::AuthError;
use crate::events::AuthChangeEvent;
use crate::model::{Session, User};
use crate::platform::ToEnd;
use crate::reflect;

impl Auth {
    /// Always fetches `GET /v1/user/me` and updates the profile cache.
    /// `None` when only a publishable key is configured and nobody is signed in;
    /// `unauthenticated` when signed out without a key.
    pub async fn get_user(&self) -> Result<Option<User>, AuthError> {
        if self.credentials().to_end().await?.is_none() && self.inner.access_key.is_some() {
            return Ok(None);
        }
        self.fetch_user().to_end().await.map(Some)
    }
}

/// Arguments of [`Auth::update_user`].
#[derive(Clone, Debug, Default)]
pub struct UserUpdate {
    /// Profile fields for `/v1/user/basic/edit` (`nickname`, `username`,
    /// `description`, `avatar_url`, `gender`, …).
    pub basic: Vec<(String, String)>,
    /// New email (needs a code sent to it).
    pub email: Option<String>,
    /// New phone number (needs a code sent to it).
    pub phone: Option<String>,
}

/// An email or phone change waiting for its code; complete with
/// [`Auth::complete_contact_change`].
#[derive(Clone, Debug)]
pub struct ContactChange {
    /// The verification that was started (`messageId`).
    pub verification: Verification,
    /// The new email or wire phone.
    pub contact: Contact,
}

impl Auth {
    /// `POST /v1/user/basic/edit` (Bearer).
    async fn edit_basic(&self, body: &JsValue) -> Result<(), AuthError> {
        self.authed("POST", "/v1/user/basic/edit", Some(body))
            .to_end()
            .await
            .map(|_| ())
    }

    /// Fetches the profile again (`GET /v1/user/me`) and returns the session.
    pub async fn refresh_user(&self) -> Result<Session, AuthError> {
        if self.credentials().to_end().await?.is_none() {
            return Err(not_signed_in());
        }
        self.fetch_user().to_end().await?;
        self.require_session().to_end().await
    }

    /// Updates the profile. Basic fields are saved at once (`USER_UPDATED`); a new
    /// email or phone first gets a code, and the change is made by
    /// [`Auth::complete_contact_change`]. Passwords are refused (use the password methods).
    pub async fn update_user(
        &self,
        u: UserUpdate,
    ) -> Result<(User, Option<ContactChange>), AuthError> {
        let some = crate::pure::non_empty;
        let (email, phone) = (some(u.email), some(u.phone));
        // The non-empty basic fields, as the request body, built before any await: no
        // `Vec::retain` instance, no list kept in the future (with `Events::unsubscribe` by
        // one search and the group ids by a loop: -374 B gzip, `make size`).
        let mut basic = None;
        for (k, v) in &u.basic {
            if v.is_empty() {
                continue;
            }
            if k == "password" || k == "new_password" {
                return Err(AuthError::invalid_argument(
                    "updateUser does not change the password: use resetPasswordForOld, resetPasswordForEmail or reauthenticate",
                ));
            }
            reflect::set(basic.get_or_insert_with(reflect::object), k, v.as_str());
        }
        if basic.is_none() && email.is_none() && phone.is_none() {
            return Err(AuthError::invalid_argument(
                "at least one field must be provided for update",
            ));
        }
        if self.credentials().to_end().await?.is_none() {
            return Err(not_signed_in());
        }
        let change = if email.is_some() || phone.is_some() {
            let contact = Contact::from_parts(email, phone)?;
            let verification = self
                .send_verification(&contact.verification_body("reauthentication"))
                .to_end()
                .await?;
            Some(ContactChange {
                verification,
                contact,
            })
        } else {
            None
        };
        let user = match &basic {
            None => self.cached_user(),
            Some(body) => {
                self.edit_basic(body).to_end().await?;
                let u = self.fetch_user().to_end().await?;
                self.emit(AuthChangeEvent::UserUpdated);
                u
            }
        };
        Ok((user, change))
    }

    /// Verifies the code of an email/phone change, saves the new address
    /// (`/v1/user/basic/edit {email}` or `{phone}`), refetches the profile and fires
    /// `USER_UPDATED`.
    pub async fn complete_contact_change(
        &self,
        c: &ContactChange,
        token: &str,
    ) -> Result<User, AuthError> {
        self.verify_code(&c.verification.verification_id, token)
            .to_end()
            .await?;
        let body = reflect::object();
        c.contact.set_on(&body, "phone");
        self.edit_basic(&body).to_end().await?;
        let user = self.fetch_user().to_end().await?;
        self.emit(AuthChangeEvent::UserUpdated);
        Ok(user)
    }

    /// Deletes the signed-in user: `POST /v1/user/sudo {password}`, then
    /// `DELETE /v1/user/me?sudo_token=`. The local session is cleared and `SIGNED_OUT`
    /// fired (the official SDK keeps the dead session).
    pub async fn delete_user(&self, password: &str) -> Result<(), AuthError> {
        if password.is_empty() {
            return Err(AuthError::invalid_argument("password is required"));
        }
        let sudo = self.sudo("password", password).to_end().await?;
        let mut path = String::from("/v1/user/me?sudo_token=");
        path.push_str(&crate::platform::encode_uri_component(&sudo));
        self.authed("DELETE", &path, None).to_end().await?;
        self.lose_session();
        Ok(())
    }
}
