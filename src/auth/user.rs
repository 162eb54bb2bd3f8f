//! User Management (spec §2.3).

use super::Auth;
use crate::error::AuthError;
use crate::model::User;

impl Auth {
    /// Always fetches `GET /v1/user/me` and updates the profile cache.
    /// `None` when only a publishable key is configured and nobody is signed in;
    /// `unauthenticated` when signed out without a key.
    pub async fn get_user(&self) -> Result<Option<User>, AuthError> {
        if self.credentials().await?.is_none() && self.inner.access_key.is_some() {
            return Ok(None);
        }
        self.fetch_user().await.map(Some)
    }
}
