//! Sign-in with tokens issued elsewhere (spec §2.1): `signInWithIdToken`,
//! `signInWithCustomTicket`.

use super::Auth;
use crate::error::AuthError;
use crate::model::Session;
use crate::reflect;

impl Auth {
    /// `POST /v1/signin/with/provider {provider_token}`, then the profile; `SIGNED_IN`.
    pub async fn sign_in_with_id_token(&self, token: &str) -> Result<Session, AuthError> {
        if token.is_empty() {
            return Err(AuthError::invalid_argument("token is required"));
        }
        let body = reflect::object();
        reflect::set(&body, "provider_token", token);
        self.login("/v1/signin/with/provider", &body, Some("v1"))
            .await
    }

    /// `POST /v1/signin/custom {provider_id:'custom', ticket}`, then the profile;
    /// `SIGNED_IN`. The ticket comes from the app's server.
    pub async fn sign_in_with_custom_ticket(&self, ticket: &str) -> Result<Session, AuthError> {
        if ticket.is_empty() {
            return Err(AuthError::invalid_argument("ticket is required"));
        }
        let body = reflect::object();
        reflect::set(&body, "provider_id", "custom");
        reflect::set(&body, "ticket", ticket);
        self.login("/v1/signin/custom", &body, None).await
    }
}
