//! The OAuth round trip (spec §6): start (`signInWithOAuth`, `linkIdentity`), finish
//! (`verifyOAuth`, `exchangeCodeForSession`, `detectSessionInUrl` at init).
//!
//! Differences from the official SDK, on purpose (README migration notes):
//! - a `state` this tab did not issue (no pending entry in sessionStorage) is rejected
//!   before any network call: error `invalid_argument`, message starting with
//!   `state mismatch`, no session (the official SDK exchanges the code anyway);
//! - the pending entry is removed *before* the code is exchanged, so a code is
//!   exchanged at most once per tab even if init runs twice or the URL is replayed;
//! - the address bar is cleaned with `history.replaceState` only (no reload);
//! - a manual `verifyOAuth` of a bind fires `BIND_IDENTITY` too;
//! - with `detectSessionInUrl: false`, init does not re-navigate to put the stored hash
//!   back (the official SDK's `location.replace`); `verifyOAuth` restores it instead;
//! - a second instance on the same page that finds the state already picked up stays
//!   silent (no failed `SIGNED_IN`).

use wasm_bindgen::JsValue;

use super::pending::{Pending, BIND_IDENTITY, SIGN_IN};
use super::{state, url};
use crate::auth::{Auth, SignIn};
use crate::error::{codes, AuthError};
use crate::events::{AuthChangeEvent, EventInfo, Events};
use crate::model::Session;
use crate::platform::{self, current_href, ToEnd};
use crate::pure::non_empty;
use crate::reflect::{self, get_str};

/// `options` of `signInWithOAuth`.
#[derive(Clone, Debug, Default)]
pub struct OAuthOptions {
    /// Where the provider sends the browser back; default `location.href`.
    pub redirect_to: Option<String>,
    /// Return the URL without navigating to it.
    pub skip_browser_redirect: bool,
    /// A caller-chosen state; default `prd-{provider}-{random}`.
    pub state: Option<String>,
    /// Set on the provider URL (replacing existing values).
    pub query_params: Vec<(String, String)>,
    /// `sign_in` (default) or `bind_identity`.
    pub kind: Option<String>,
}

/// What `signInWithOAuth` returns.
#[derive(Clone, Debug)]
pub struct OAuthStart {
    /// The provider's authorisation URL.
    pub url: String,
    /// The provider id.
    pub provider: String,
}

/// What `verifyOAuth` returns.
#[derive(Clone, Debug)]
pub struct OAuthResult {
    /// `sign_in` or `bind_identity`.
    pub kind: String,
    /// The provider id.
    pub provider: String,
    /// The new session of a sign-in; `None` for a bind.
    pub session: Option<Session>,
    /// The address after clean-up (pre-redirect search and hash restored).
    pub redirect_url: String,
}

thread_local! {
    /// States whose redirect an instance in this page has already picked up.
    static REDEEMED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn state_mismatch() -> AuthError {
    AuthError::invalid_argument(
        "state mismatch: this tab started no OAuth request with this state, \
         so the code was not exchanged",
    )
}

fn pair_body(pairs: &[(&str, &str)]) -> JsValue {
    let o = reflect::object();
    for (k, v) in pairs {
        reflect::set(&o, k, *v);
    }
    o
}

/// Without a page (Node, workers) there is nothing to navigate and no URL to return to:
/// `signInWithOAuth` / `linkIdentity` work only with `skipBrowserRedirect` and `redirectTo`.
/// Out of line: inlined, it grows the async flow's state machine (`make size`: -13 B gzip).
#[inline(never)]
fn without_page(opts: &OAuthOptions) -> Result<(), AuthError> {
    if platform::location().is_some() || opts.skip_browser_redirect && opts.redirect_to.is_some() {
        return Ok(());
    }
    let method = match opts.kind.as_deref() {
        Some(BIND_IDENTITY) => "linkIdentity",
        _ => "signInWithOAuth",
    };
    Err(AuthError::browser_required(
        method,
        "; elsewhere pass skipBrowserRedirect and redirectTo, and redirect to data.url",
    ))
}

impl Auth {
    /// `signInWithOAuth`: asks the server for the provider URL (`GET /v1/provider/uri`),
    /// records the round trip in sessionStorage under the state and, unless
    /// `skip_browser_redirect`, navigates there with `location.assign`.
    pub async fn sign_in_with_oauth(
        &self,
        provider: &str,
        opts: OAuthOptions,
    ) -> Result<OAuthStart, AuthError> {
        if provider.is_empty() {
            return Err(AuthError::invalid_argument("provider is required"));
        }
        without_page(&opts)?;
        let href = opts.redirect_to.clone().unwrap_or_else(current_href);
        if !url::is_absolute(&href) {
            return Err(AuthError::invalid_argument(
                "redirectTo must be an absolute URL",
            ));
        }
        let (base, search, hash) = url::split_href(&href);
        let state = non_empty(opts.state.clone()).unwrap_or_else(|| state::new_state(provider));
        let mut path = String::from("/v1/provider/uri?provider_id=");
        path.push_str(&url::form_encode(provider));
        path.push_str("&state=");
        path.push_str(&url::form_encode(&state));
        path.push_str("&redirect_uri=");
        path.push_str(&url::form_encode(base));
        let v = self.send("GET", &path, None, None).to_end().await?;
        let uri = non_empty(get_str(&v, "uri"))
            .ok_or_else(|| AuthError::unknown("the server returned no provider uri"))?;
        // The official SDK decodes the whole uri; an undecodable one is used as it is.
        let mut target = platform::decode_uri_component(&uri).unwrap_or(uri);
        for (k, val) in &opts.query_params {
            target = url::url_set_param(&target, k, val);
        }
        Pending {
            provider: provider.into(),
            search: Some(search.into()),
            hash: hash.into(),
            kind: opts.kind.clone().unwrap_or_else(|| SIGN_IN.into()),
        }
        .save(&state);
        if !opts.skip_browser_redirect {
            platform::navigate(&target);
        }
        Ok(OAuthStart {
            url: target,
            provider: provider.into(),
        })
    }

    /// `linkIdentity`: starts a `bind_identity` round trip for the signed-in user.
    /// Unlike the official SDK, errors are returned (and it needs a session).
    pub async fn link_identity(
        &self,
        provider: &str,
        mut opts: OAuthOptions,
    ) -> Result<OAuthStart, AuthError> {
        if provider.is_empty() {
            return Err(AuthError::invalid_argument("provider is required"));
        }
        if self.credentials().to_end().await?.is_none() {
            return Err(AuthError::new(
                codes::UNAUTHENTICATED,
                "linkIdentity needs a signed-in user",
            ));
        }
        opts.kind = Some(BIND_IDENTITY.into());
        self.sign_in_with_oauth(provider, opts).to_end().await
    }

    /// `verifyOAuth`: completes a redirect by hand. `code`/`state` default to the
    /// current URL's; the state must have been issued by this tab.
    pub async fn verify_oauth(
        &self,
        code: Option<String>,
        state: Option<String>,
        provider: Option<String>,
    ) -> Result<OAuthResult, AuthError> {
        let search = platform::current_search();
        let from_url = |k: &str| param(&search, k);
        let state = non_empty(state).or_else(|| from_url("state"));
        let code = non_empty(code).or_else(|| from_url("code"));
        let Some(state) = state else {
            return Err(AuthError::invalid_argument("state is required"));
        };
        if code.is_none() && from_url("error").is_none() {
            return Err(AuthError::invalid_argument("code is required"));
        }
        // Taken (read and removed) before anything is awaited: one exchange per state.
        let pending = Pending::take(&state);
        self.finish(code, state, provider, pending, false)
            .to_end()
            .await
    }

    /// `exchangeCodeForSession(code?)`: a `verifyOAuth` that returns the session.
    pub async fn exchange_code_for_session(
        &self,
        code: Option<String>,
    ) -> Result<Session, AuthError> {
        let r = self.verify_oauth(code, None, None).to_end().await?;
        match r.session {
            Some(s) => Ok(s),
            None => self.require_session().to_end().await,
        }
    }

    /// `detectSessionInUrl: true`: when the URL carries `state` plus `code` (or `error`),
    /// completes the round trip in the background; every credential read waits for it.
    /// Call right after [`Auth::new`].
    pub fn detect_session_in_url(&self) {
        let search = platform::current_search();
        let get = |k: &str| param(&search, k);
        let (Some(state), code, error) = (get("state"), get("code"), get("error")) else {
            return;
        };
        if code.is_none() && error.is_none() {
            return;
        }
        // Synchronously, so a second init in the same tab finds nothing to redeem.
        let pending = Pending::take(&state);
        let seen = REDEEMED.with(|r| {
            let mut r = r.borrow_mut();
            let seen = r.contains(&state);
            if !seen {
                r.push(state.clone());
            }
            seen
        });
        if pending.is_none() && seen {
            // Another instance in this page already redeems this state: not an attack.
            return;
        }
        let me = self.clone();
        // The shared boxed-future wrapper: one instance of its task (wasm size).
        let p = platform::promise(async move {
            let _ = me.finish(code, state, None, pending, true).to_end().await;
            *me.inner.init.borrow_mut() = None;
            JsValue::UNDEFINED
        });
        *self.inner.init.borrow_mut() = Some(p);
    }

    /// A weak handle on the event queue (for callbacks that read [`Events::info`]
    /// without keeping the instance alive).
    pub(crate) fn events_weak(&self) -> std::rc::Weak<Events> {
        std::rc::Rc::downgrade(&self.inner.events)
    }

    /// Waits for the init-time detection, if one is running.
    pub(crate) async fn wait_init(&self) {
        let p = self.inner.init.borrow().clone();
        if let Some(p) = p {
            platform::settle(p).to_end().await;
        }
    }

    /// The `info` of the event being delivered, for use inside an
    /// `on_auth_state_change` callback (`BIND_IDENTITY`, failed URL sign-in).
    pub fn event_info(&self) -> Option<EventInfo> {
        self.inner.events.info().map(|i| (*i).clone())
    }

    /// Redeems a taken pending entry: exchange, sign in or bind, URL clean-up, events.
    async fn finish(
        &self,
        code: Option<String>,
        state: String,
        provider: Option<String>,
        pending: Option<Pending>,
        from_init: bool,
    ) -> Result<OAuthResult, AuthError> {
        let Some(p) = pending else {
            let e = state_mismatch();
            if from_init {
                self.emit_info(AuthChangeEvent::SignedIn, SIGN_IN, None, Some(e.clone()));
            }
            return Err(e);
        };
        let provider = non_empty(provider).or_else(|| non_empty(Some(p.provider.clone())));
        let r = match (url_error(), &provider, code) {
            (Some(e), _, _) => Err(e),
            (None, None, _) => Err(AuthError::invalid_argument("provider is required")),
            (None, _, None) => Err(AuthError::invalid_argument("code is required")),
            (None, Some(pv), Some(code)) => self.exchange(pv, &code, &p.kind).to_end().await,
        };
        let redirect_url = restore_url(&p, &state);
        let bind = p.kind == BIND_IDENTITY;
        let err = r.as_ref().err().cloned();
        if bind {
            self.emit_info(
                AuthChangeEvent::BindIdentity,
                BIND_IDENTITY,
                provider.clone(),
                err,
            );
        } else if from_init && err.is_some() {
            self.emit_info(AuthChangeEvent::SignedIn, SIGN_IN, provider.clone(), err);
        }
        let session = r?;
        Ok(OAuthResult {
            kind: if bind { BIND_IDENTITY } else { SIGN_IN }.into(),
            provider: provider.unwrap_or_default(),
            session,
            redirect_url,
        })
    }

    fn emit_info(
        &self,
        ev: AuthChangeEvent,
        kind: &'static str,
        provider: Option<String>,
        error: Option<AuthError>,
    ) {
        let info = EventInfo {
            kind,
            provider,
            error,
        };
        self.inner.events.push_with_info(ev, Some(info));
        self.start_delivery();
    }

    /// `POST /v1/provider/token`, then sign in (`/v1/signin/with/provider` + `/v1/user/me`,
    /// `SIGNED_IN`) or bind (`POST /v1/user/provider/bind` with the stored token).
    /// Raw requests only: this also runs inside the init-time detection, which credential
    /// reads wait for.
    async fn exchange(
        &self,
        provider: &str,
        code: &str,
        kind: &str,
    ) -> Result<Option<Session>, AuthError> {
        // The href and the token in scopes of their own: not kept across the requests that
        // follow (-15 B gzip, `make size`).
        let body = {
            let href = current_href();
            let (redirect, _, _) = url::split_href(&href);
            pair_body(&[
                ("provider_id", provider),
                ("provider_redirect_uri", redirect),
                ("provider_code", code),
            ])
        };
        let v = self
            .send("POST", "/v1/provider/token", Some(&body), None)
            .to_end()
            .await?;
        let body = {
            let token = get_str(&v, "provider_token")
                .ok_or_else(|| AuthError::unknown("the server returned no provider token"))?;
            pair_body(&[("provider_token", &token)])
        };
        if kind == BIND_IDENTITY {
            // Only the header is kept across the request, not the credentials (-17 B gzip,
            // `make size`).
            let authorization = self
                .credentials_now()
                .to_end()
                .await?
                .ok_or_else(|| {
                    AuthError::new(
                        codes::UNAUTHENTICATED,
                        "linking an identity needs a signed-in user",
                    )
                })?
                .authorization();
            self.send(
                "POST",
                "/v1/user/provider/bind",
                Some(&body),
                Some(&authorization),
            )
            .to_end()
            .await?;
            return Ok(None);
        }
        self.login(Ok(SignIn {
            path: "/v1/signin/with/provider",
            body,
            version: Some("v1"),
        }))
        .to_end()
        .await
        .map(Some)
    }
}

/// The non-empty value of `key` in a search string.
fn param(search: &str, key: &str) -> Option<String> {
    non_empty(url::query_get(search, key))
}

/// An `error`/`error_description` the provider put in the current URL.
fn url_error() -> Option<AuthError> {
    let search = platform::current_search();
    let error = param(&search, "error");
    let desc = param(&search, "error_description");
    if error.is_none() && desc.is_none() {
        return None;
    }
    // Read as an error body is (`error`, then `error_description` or `error` as the
    // message), with the lower-cased code as the status.
    let mut e = AuthError::from_body(
        error.as_deref(),
        None,
        None,
        desc.as_deref(),
        error.as_deref(),
        None,
    );
    e.status = Some(e.code.clone());
    Some(e)
}

/// When the address bar is the redirect for `state`: puts the pre-redirect search and
/// hash back and drops `code`/`state` with `history.replaceState` (no reload).
/// Returns the resulting href.
fn restore_url(p: &Pending, state: &str) -> String {
    let href = current_href();
    let (base, search, hash) = url::split_href(&href);
    if url::query_get(search, "state").as_deref() != Some(state) {
        return href;
    }
    let new_search = match &p.search {
        Some(s) => s.clone(),
        None => url::query_remove(
            search,
            &["code", "state", "provider", "error", "error_description"],
        ),
    };
    let new_hash = if p.hash.len() > 1 {
        p.hash.as_str()
    } else {
        hash
    };
    let target = url::join(base, &new_search, new_hash);
    platform::replace_url(&target);
    target
}
