//! Session Management (spec §2.2).

use std::rc::Rc;

use super::Auth;
use crate::error::{codes, AuthError};
use crate::events::{AuthChangeEvent, Subscription};
use crate::model::Session;
use crate::platform::ToEnd;
use crate::reflect;

impl Auth {
    /// The current session, refreshed first if expired; `None` when signed out
    /// (with or without a publishable key, spec §12). No profile request is made.
    pub async fn get_session(&self) -> Result<Option<Session>, AuthError> {
        Ok(self
            .credentials()
            .to_end()
            .await?
            .map(|credentials| Session {
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
            return Err(super::not_signed_in());
        };
        if let Some(rt) = crate::pure::non_empty(refresh_token) {
            old.refresh_token = Some(rt);
        }
        let credentials = self.refresh(old, false).to_end().await?;
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
        // The credentials in a scope of their own: not kept across the request (-10 B gzip,
        // `make size`).
        let body = {
            let Some(c) = self.inner.creds.get() else {
                self.clear_local();
                return Ok(());
            };
            let body = reflect::object();
            reflect::set(&body, "token", c.access_token.as_str());
            body
        };
        let r = self
            .send("POST", "/v1/revoke", Some(&body), None)
            .to_end()
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

    /// Stops the deliveries of the subscription `id` (what [`Subscription::unsubscribe`] does,
    /// for a caller that kept only the id).
    pub fn unsubscribe(&self, id: u32) {
        self.inner.events.unsubscribe(id);
    }
}

impl Auth {
    /// Replaces the session from a token pair: refreshes with `refresh_token`
    /// (`POST /v1/token`; `access_token` is only checked for presence, as in the
    /// official SDK), stores the result, fetches the profile of the new user (the
    /// official SDK keeps the old cache), then fires `TOKEN_REFRESHED` and `SIGNED_IN`.
    pub async fn set_session(
        &self,
        access_token: &str,
        refresh_token: &str,
    ) -> Result<Session, AuthError> {
        if access_token.is_empty() {
            return Err(AuthError::invalid_argument("access_token is required"));
        }
        if refresh_token.is_empty() {
            return Err(AuthError::invalid_argument("refresh_token is required"));
        }
        let grant = self.grant_request(refresh_token.into(), None);
        let credentials = self.token_request(grant).to_end().await?;
        self.inner.creds.set(credentials.clone());
        self.emit(AuthChangeEvent::TokenRefreshed);
        let user = self.fetch_user().to_end().await?;
        self.emit(AuthChangeEvent::SignedIn);
        Ok(Session { credentials, user })
    }

    /// `signOut({redirect_uri, state})`: `POST /v1/user/signout` (Bearer) with the
    /// params instead of the revoke; returns the server's `redirect_uri`. Local state is
    /// cleared and `SIGNED_OUT` fired whatever the server says; an `unauthenticated`
    /// answer (the session was already dead) is not an error.
    pub async fn sign_out_with_redirect(
        &self,
        redirect_uri: Option<String>,
        state: Option<String>,
    ) -> Result<Option<String>, AuthError> {
        // Only the header is kept across the request, not the credentials (-16 B gzip,
        // `make size`).
        let authorization = {
            let creds = self.credentials().to_end().await.ok().flatten();
            let Some(c) = creds else {
                self.clear_local();
                return Ok(None);
            };
            c.authorization()
        };
        let body = reflect::object();
        if let Some(r) = redirect_uri {
            reflect::set(&body, "redirect_uri", r);
        }
        if let Some(s) = state {
            reflect::set(&body, "state", s);
        }
        let r = self
            .send(
                "POST",
                "/v1/user/signout",
                Some(&body),
                Some(&authorization),
            )
            .to_end()
            .await;
        self.clear_local();
        self.emit(AuthChangeEvent::SignedOut);
        match r {
            Ok(v) => Ok(reflect::get_str(&v, "redirect_uri")),
            Err(e) if e.is(codes::UNAUTHENTICATED) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
