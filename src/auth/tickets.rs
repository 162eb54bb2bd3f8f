//! Sign-in with tokens issued elsewhere (spec §2.1): `signInWithIdToken`,
//! `signInWithCustomTicket`.

use std::future::Future;

use super::{Auth, SignIn};
use crate::error::AuthError;
use crate::model::Session;
use crate::reflect;

impl Auth {
    /// `POST /v1/signin/with/provider {provider_token}`, then the profile; `SIGNED_IN`.
    pub fn sign_in_with_id_token(
        &self,
        token: &str,
    ) -> impl Future<Output = Result<Session, AuthError>> + '_ {
        let request = if token.is_empty() {
            Err(AuthError::invalid_argument("token is required"))
        } else {
            let body = reflect::object();
            reflect::set(&body, "provider_token", token);
            Ok(SignIn {
                path: "/v1/signin/with/provider",
                body,
                version: Some("v1"),
            })
        };
        self.login(request)
    }

    /// `POST /v1/signin/custom {provider_id:'custom', ticket}`, then the profile;
    /// `SIGNED_IN`. The ticket comes from the app's server.
    pub fn sign_in_with_custom_ticket(
        &self,
        ticket: &str,
    ) -> impl Future<Output = Result<Session, AuthError>> + '_ {
        let request = if ticket.is_empty() {
            Err(AuthError::invalid_argument("ticket is required"))
        } else {
            let body = reflect::object();
            reflect::set(&body, "provider_id", "custom");
            reflect::set(&body, "ticket", ticket);
            Ok(SignIn {
                path: "/v1/signin/custom",
                body,
                version: None,
            })
        };
        self.login(request)
    }
}
