//! The v2 helpers CloudBase apps still call on `auth` (spec §2.8), built on the v3 session:
//! the login state, the access token and the v1 e-mail sign-in.

use wasm_bindgen::JsValue;

use super::{Auth, PasswordSignIn};
use crate::error::AuthError;
use crate::model::Session;
use crate::platform::ToEnd;

impl Auth {
    /// `hasLoginState()`: whether credentials are stored (no refresh, no request).
    pub fn has_stored_credentials(&self) -> bool {
        self.inner.creds.is_set()
    }

    /// `getLoginState()`: whether a usable session exists, refreshing an expired token first;
    /// a failed refresh counts as signed out, as in the official SDK.
    pub async fn has_login_state(&self) -> bool {
        matches!(self.credentials().to_end().await, Ok(Some(_)))
    }

    /// `getAccessToken()`: the access token, refreshed first when expired; `unauthenticated`
    /// ("credentials not found") when signed out.
    pub async fn access_token(&self) -> Result<String, AuthError> {
        match self.credentials().to_end().await? {
            // The token taken, not the fields moved out (`into_fields`): 14 B gzip less (`make size`).
            Some(mut c) => Ok(std::mem::take(&mut c.access_token)),
            None => Err(super::not_signed_in()),
        }
    }

    /// `signInWithEmailAndPassword(email, password)`: the v1 API sent the e-mail as `username`,
    /// and its login state fetched the profile once more after the sign-in's own fetch.
    pub async fn sign_in_with_email_and_password(
        &self,
        email: String,
        password: String,
    ) -> Result<Session, AuthError> {
        let p = PasswordSignIn {
            username: Some(email),
            email: None,
            phone: None,
            password,
        };
        self.sign_in_with_password(p).to_end().await?;
        self.refresh_user().to_end().await
    }

    /// The cached profile as stored (`user_info_{env}` content), for the v2 user objects.
    pub(crate) fn stored_user_info(&self) -> Option<JsValue> {
        self.cached_user_info()
    }
}
