//! Session Management (spec §2.2).

use std::rc::Rc;

use super::Auth;
use crate::error::{codes, AuthError};
use crate::events::{AuthChangeEvent, Subscription};
use crate::model::Session;
use crate::util;

impl Auth {
    /// The current session, refreshed first if expired; `None` when signed out
    /// (with or without a publishable key, spec §12). No profile request is made.
    pub async fn get_session(&self) -> Result<Option<Session>, AuthError> {
        Ok(self.credentials().await?.map(|credentials| Session {
            credentials,
            user: self.cached_user(),
        }))
    }

    /// Always refreshes: `POST /v1/token`; fires `TOKEN_REFRESHED`.
    /// `refresh_token` overrides the stored one.
    pub async fn refresh_session(
        &self,
        refresh_token: Option<String>,
    ) -> Result<Session, AuthError> {
        let Some(mut old) = self.inner.creds.get() else {
            return Err(AuthError::new(
                codes::UNAUTHENTICATED,
                "credentials not found",
            ));
        };
        if let Some(rt) = refresh_token.filter(|t| !t.is_empty()) {
            old.refresh_token = Some(rt);
        }
        let credentials = self.refresh(old).await?;
        Ok(Session {
            credentials,
            user: self.cached_user(),
        })
    }

    /// Revokes the access token (`POST /v1/revoke?client_id=`, no `Authorization`),
    /// then clears `credentials_*` and `user_info_*` and fires `SIGNED_OUT`.
    ///
    /// Local state is cleared even when the revoke fails (the error is still returned).
    /// Signed out already: nothing is revoked (never the publishable key) and no event fires.
    pub async fn sign_out(&self) -> Result<(), AuthError> {
        let Some(c) = self.inner.creds.get() else {
            self.clear_local();
            return Ok(());
        };
        let body = util::object();
        util::set(&body, "token", c.access_token.as_str());
        let r = self
            .inner
            .http
            .request("POST", "/v1/revoke", Some(&body), None)
            .await;
        self.clear_local();
        self.emit(AuthChangeEvent::SignedOut);
        r.map(|_| ())
    }

    /// Subscribes to auth events. The callback first gets `INITIAL_SESSION`
    /// (asynchronously, after this returns), then every later event.
    pub fn on_auth_state_change(
        &self,
        callback: impl Fn(AuthChangeEvent, Option<&Session>) + 'static,
    ) -> Subscription {
        let id = self.inner.events.subscribe(Rc::new(callback));
        self.start_delivery();
        Subscription {
            id,
            events: Rc::downgrade(&self.inner.events),
        }
    }
}
