//! The public Rust API: [`Auth`] and its methods, one file per documented category.
//!
//! Every method is `async fn ... -> Result<T, AuthError>`, usable directly from a Rust
//! front end (Leptos, Yew, Dioxus). The `js` module only converts at the JS edge.
//! Every request goes through [`Auth::send`]: the one request function plus the
//! captcha step.

mod claims;
mod identity;
mod legacy;
mod login;
mod memo;
mod miniprogram;
mod otp;
mod password;
mod session;
mod tickets;
mod tools;
mod user;

pub use crate::captcha::{CaptchaAnswer, CaptchaChallenge, CaptchaHandler, CaptchaToken};
pub use claims::{base64url_decode, decode_jwt, Claims};
pub use identity::LinkedIdentity;
pub use login::PasswordSignIn;
pub use miniprogram::mini_program_only;
pub use otp::{Contact, OtpChallenge, OtpSignIn, SignUp, Verification, VerifyOtp};
pub use password::{PasswordReset, Reauthentication};
pub use tools::DefaultLoginPage;
pub use user::{ContactChange, UserUpdate};

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::captcha;
use crate::credentials::CredentialStore;
use crate::error::{codes, AuthError};
use crate::events::{AuthChangeEvent, Events};
use crate::http::{self, Http};
use crate::model::{Credentials, Session, User, UserInfo};
use crate::platform::{self, ToEnd};
use crate::pure;
use crate::reflect::{get, get_str, json_parse, json_stringify, object, set};
use crate::storage::{self, Persistence, Storage};
use crate::tabs::Tabs;

/// Settings of one auth instance (the auth-relevant fields of `cloudbase.init`).
#[derive(Clone, Debug, Default)]
pub struct AuthConfig {
    /// Environment id (required).
    pub env: String,
    /// OAuth client id; defaults to `env`.
    pub client_id: Option<String>,
    /// Publishable key, used as Bearer token while nobody is signed in.
    pub access_key: Option<String>,
    /// Where the session is kept.
    pub persistence: Persistence,
    /// `Accept-Language`; defaults to `zh-CN`.
    pub lang: Option<String>,
    /// API origin (`scheme://host[:port]`); defaults to the env's gateway.
    pub origin: Option<String>,
    /// Per-request timeout in ms (`timeout` in `cloudbase.init`); default 15 000.
    pub timeout_ms: Option<u32>,
    /// An app-supplied store (`storage` in `cloudbase.init`): replaces Web Storage or
    /// memory (whatever `persistence` says) for every key of [`storage::instance_keys`].
    pub storage: Option<storage::AppStore>,
}

/// The OAuth client id: `configured` unless empty, else `env`.
pub fn client_id(env: &str, configured: Option<String>) -> String {
    pure::non_empty(configured).unwrap_or_else(|| env.into())
}

type RefreshResult = Rc<RefCell<Option<Result<Credentials, AuthError>>>>;

/// A refresh in flight; concurrent callers await the same promise.
struct Inflight {
    promise: js_sys::Promise,
    result: RefreshResult,
}

pub(crate) struct Inner {
    env: String,
    pub(crate) http: Http,
    pub(crate) creds: CredentialStore,
    user_store: Rc<dyn Storage>,
    /// `user_info_{env}`: where `user_store` caches the profile.
    user_key: String,
    access_key: Option<String>,
    pub(crate) events: Rc<Events>,
    refreshing: RefCell<Option<Inflight>>,
    /// Cross-tab events, the refresh lock and the proactive refresh.
    pub(crate) tabs: Tabs,
    /// How captcha challenges are answered (spec §3.4).
    captcha: RefCell<Option<CaptchaHandler>>,
    /// The init-time OAuth detection (`detectSessionInUrl`) while it runs; every
    /// credential read awaits it first (spec §4.6 `initializePromise`).
    pub(crate) init: RefCell<Option<js_sys::Promise>>,
    /// The last `getSession()` answer (see `memo`).
    kept: RefCell<Option<memo::Kept>>,
}

/// One auth instance. Cheap to clone (shared state).
///
/// A Rust front end (Leptos, Yew, Dioxus) signs in and reads the session like this:
///
/// ```no_run
/// use cloudbase_auth_wasm::{Auth, AuthConfig, AuthError, PasswordSignIn};
///
/// async fn sign_in() -> Result<(), AuthError> {
///     let auth = Auth::new(AuthConfig {
///         env: "my-env".into(),
///         // An emulator; without it, the env's gateway.
///         origin: Some("http://127.0.0.1:8787".into()),
///         ..Default::default()
///     })?;
///     let session = auth
///         .sign_in_with_password(PasswordSignIn {
///             email: Some("ann@example.com".into()),
///             password: "secret-password".into(),
///             ..Default::default()
///         })
///         .await?;
///     assert_eq!(session.user.email, "ann@example.com");
///     let current = auth.get_session().await?.expect("signed in");
///     let expires_at_ms: f64 = current.credentials.expires_at;
///     println!("{} is signed in until {expires_at_ms}", current.user.id);
///     Ok(())
/// }
/// ```
#[derive(Clone)]
pub struct Auth {
    pub(crate) inner: Rc<Inner>,
}

impl Auth {
    /// Creates an instance. `env` must not be empty.
    pub fn new(config: AuthConfig) -> Result<Auth, AuthError> {
        if config.env.is_empty() {
            return Err(AuthError::invalid_argument("env must not be empty"));
        }
        let client_id = client_id(&config.env, config.client_id);
        // `store` holds the session and profile; `local` what the official SDK keeps in
        // localStorage whatever the persistence (device id, language, captcha token). An
        // app-supplied store holds both and is never shared with other tabs.
        let (store, local, shared) = match config.storage {
            Some(app) => (app.0.clone(), app.0, false),
            None => (
                storage::backend(config.persistence),
                storage::backend(Persistence::Local),
                config.persistence == Persistence::Local,
            ),
        };
        let lang = resolve_lang(&*local, &client_id, config.lang);
        let origin = config
            .origin
            .unwrap_or_else(|| http::default_origin(&config.env));
        let tabs = Tabs::new(&client_id, &config.env, store.clone(), shared);
        let timeout = config
            .timeout_ms
            .filter(|t| *t > 0)
            .unwrap_or(http::DEFAULT_TIMEOUT_MS);
        let auth = Auth {
            inner: Rc::new(Inner {
                creds: CredentialStore::new(store.clone(), storage::credentials_key(&client_id)),
                http: Http::new(origin, client_id, lang, timeout, local),
                user_store: store,
                user_key: storage::user_info_key(&config.env),
                access_key: pure::non_empty(config.access_key),
                events: Rc::new(Events::default()),
                refreshing: RefCell::new(None),
                tabs,
                captcha: RefCell::new(None),
                init: RefCell::new(None),
                kept: RefCell::new(None),
                env: config.env,
            }),
        };
        auth.start_tabs();
        Ok(auth)
    }

    /// Points requests at another origin, as `registerEndPointWithKey` /
    /// `registerHost` do (only scheme and host of `url` are kept).
    pub fn set_endpoint(&self, url: &str, protocol: &str) {
        *self.inner.http.origin.borrow_mut() = pure::endpoint_origin(url, protocol);
    }

    /// The environment id.
    pub fn env(&self) -> &str {
        &self.inner.env
    }

    /// Sets how captcha challenges are answered; `None`: they end in `captcha_required`.
    pub fn set_captcha_handler(&self, handler: Option<CaptchaHandler>) {
        *self.inner.captcha.borrow_mut() = handler;
    }

    // ----- the request path -----

    /// Every auth request: [`Http::request`], then the captcha step. A
    /// `captcha_required` / `captcha_invalid` answer gets a captcha token
    /// (`crate::captcha`) and the request is sent once more with `?captcha_token=`.
    pub(crate) async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
        authorization: Option<&str>,
    ) -> Result<JsValue, AuthError> {
        let http = &self.inner.http;
        // One request site in a loop (the first attempt, then the retries with a token):
        // one copy of the request future in this state machine (-59 B gzip, `make size`).
        // `stored`: `None` on the first attempt, else whether the token sent was a stored one.
        let mut retry: Option<(String, bool)> = None;
        loop {
            let (url, stored) = match &retry {
                Some((url, stored)) => (url.as_str(), Some(*stored)),
                None => (path, None),
            };
            let r = http
                .request(method, url, body, authorization)
                .to_end()
                .await;
            let force_new = match (&r, stored) {
                (Err(e), None) if e.is(codes::CAPTCHA_REQUIRED) => false,
                // A stored token the server no longer accepts: one fresh challenge.
                (Err(e), None | Some(true)) if e.is(codes::CAPTCHA_INVALID) => true,
                _ => return r,
            };
            let mut state = String::from(method);
            state.push(':');
            state.push_str(path);
            let handler = self.inner.captcha.borrow().clone();
            // Boxed: the captcha step's state is not part of every request's future, which
            // every method's future holds (-36 B gzip, `make size`).
            let challenge: platform::LocalFuture<'_, _> =
                Box::pin(captcha::token(http, handler, &state, force_new));
            let (token, stored) = challenge.await?;
            let url = http::with_query(
                path,
                "captcha_token",
                &platform::encode_uri_component(&token),
            );
            retry = Some((url, stored));
        }
    }

    // ----- credentials -----

    /// Current credentials, refreshed first when expired (lazy refresh, spec §4.4).
    pub(crate) async fn credentials(&self) -> Result<Option<Credentials>, AuthError> {
        self.wait_init().to_end().await;
        self.credentials_now().to_end().await
    }

    /// [`Self::credentials`] without waiting for the init-time OAuth detection (used by it).
    pub(crate) async fn credentials_now(&self) -> Result<Option<Credentials>, AuthError> {
        match self.inner.creds.get() {
            Some(c) if c.is_expired(platform::now_ms()) => {
                self.refresh(c, false).to_end().await.map(Some)
            }
            other => Ok(other),
        }
    }

    /// Refreshes `old`; concurrent callers share one `/token` request (single flight), and
    /// tabs take turns (see `do_refresh`). `proactive`: the timer's refresh, which backs off.
    pub(crate) async fn refresh(
        &self,
        old: Credentials,
        proactive: bool,
    ) -> Result<Credentials, AuthError> {
        let existing = self
            .inner
            .refreshing
            .borrow()
            .as_ref()
            .map(|f| (f.promise.clone(), f.result.clone()));
        let (promise, result) = match existing {
            Some(x) => x,
            None => {
                let result: RefreshResult = Rc::new(RefCell::new(None));
                let (me, slot) = (self.clone(), result.clone());
                // The promise only starts the future on a later microtask, so the
                // in-flight entry below is in place before anyone can observe the end.
                let promise = platform::promise(async move {
                    let r = me.do_refresh(old, proactive).to_end().await;
                    *slot.borrow_mut() = Some(r);
                    *me.inner.refreshing.borrow_mut() = None;
                    JsValue::UNDEFINED
                });
                *self.inner.refreshing.borrow_mut() = Some(Inflight {
                    promise: promise.clone(),
                    result: result.clone(),
                });
                (promise, result)
            }
        };
        platform::settle(promise).to_end().await;
        let r = result.borrow().clone();
        r.unwrap_or_else(|| Err(AuthError::unknown("refresh did not complete")))
    }

    /// One refresh per expiry across tabs: under the refresh lock, storage is read again
    /// and a session another tab already refreshed (or ended) is taken as it is. Events
    /// fire after the lock is released, so app callbacks never run under it.
    async fn do_refresh(
        &self,
        old: Credentials,
        proactive: bool,
    ) -> Result<Credentials, AuthError> {
        let turn = self.inner.tabs.turn().to_end().await;
        match self.stored_on_turn(&turn, &old).to_end().await {
            None => return Err(not_signed_in()),
            Some(c) if c.access_token != old.access_token => return Ok(c),
            _ => {}
        }
        // Asked only for the timer's refresh: no error built to be dropped (-43 B gzip,
        // `make size`).
        if proactive {
            if let Some(e) = self.inner.tabs.postponed() {
                return Err(e);
            }
        }
        let mut request = match pure::non_empty(old.refresh_token.clone()) {
            Some(rt) => Ok(self.grant_request(rt, old.version.as_deref())),
            None => Err(AuthError::new(
                codes::UNAUTHENTICATED,
                "no refresh token found in credentials",
            )),
        };
        // Anonymous sessions are re-created from the device id instead of being lost
        // (spec §4.4), whatever the refresh error was: a second turn of the loop, so that
        // the token-request future is awaited at one place (-36 B gzip, `make size`).
        let mut relogin = old.scope.as_deref() == Some("anonymous");
        // Not kept across the token request (-13 B gzip, `make size`).
        drop(old);
        let r = loop {
            let r = match request {
                Ok(request) => self.token_request(request).to_end().await,
                Err(e) => Err(e),
            };
            if r.is_err() && relogin {
                relogin = false;
                request = Ok(self.relogin_request());
                continue;
            }
            break r;
        };
        let ends =
            matches!(&r, Err(e) if e.is(codes::INVALID_GRANT) || e.is(codes::UNAUTHENTICATED));
        let event = match &r {
            Ok(c) => {
                self.inner.creds.set(c.clone());
                Some(AuthChangeEvent::TokenRefreshed)
            }
            Err(_) if ends => self.end_session().then_some(AuthChangeEvent::SignedOut),
            Err(_) => None,
        };
        self.inner.tabs.record(r.is_ok() || ends);
        drop(turn);
        if let Some(ev) = event {
            self.emit(ev);
        }
        r
    }

    /// `POST /v1/token` (refresh_token grant); `/v2/token` for v2 credentials, which
    /// keep their version (`v1` otherwise).
    pub(crate) fn grant_request(&self, rt: String, version: Option<&str>) -> TokenRequest {
        let body = object();
        set(&body, "client_id", self.inner.http.client_id.as_str());
        set(&body, "client_secret", "");
        set(&body, "grant_type", "refresh_token");
        set(&body, "refresh_token", rt);
        let v2 = version == Some("v2");
        TokenRequest {
            path: if v2 { "/v2/token" } else { "/v1/token" },
            body,
            authorization: None,
            version: Some(version.unwrap_or("v1").into()),
        }
    }

    /// `POST /v1/signin/anonymously` with `Basic base64("{clientId}:")` (empty secret).
    fn relogin_request(&self) -> TokenRequest {
        let mut pair = self.inner.http.client_id.clone();
        pair.push(':');
        let mut header = String::from("Basic ");
        header.push_str(&platform::base64(&pair));
        TokenRequest {
            path: "/v1/signin/anonymously",
            body: object(),
            authorization: Some(header),
            version: None,
        }
    }

    /// Sends a request that answers with new credentials (the refresh grant, the
    /// anonymous re-login, `setSession` and every [`Auth::login`] share it: one copy of
    /// this future's code, -127 B gzip with `make size`).
    pub(crate) async fn token_request(&self, r: TokenRequest) -> Result<Credentials, AuthError> {
        let v = self
            .send("POST", r.path, Some(&r.body), r.authorization.as_deref())
            .to_end()
            .await?;
        let mut c = token_response(&v)?;
        if r.version.is_some() {
            c.version = r.version;
        }
        Ok(c)
    }

    /// Clears tokens and profile and tells subscribers (§12: also on token loss).
    pub(crate) fn lose_session(&self) {
        if self.end_session() {
            self.emit(AuthChangeEvent::SignedOut);
        }
    }

    /// Clears tokens and profile; true when there was a session to end.
    fn end_session(&self) -> bool {
        let had = self.inner.creds.is_set();
        self.clear_local();
        had
    }

    pub(crate) fn clear_local(&self) {
        self.inner.creds.clear();
        self.inner.user_store.remove(&self.inner.user_key);
    }

    /// A credentialed request: `Authorization` from the session (refreshed if needed)
    /// or the publishable key. `unauthenticated` from the server ends the session.
    /// Not `async`: it returns [`Self::send_as_user`]'s future itself, not one wrapping it
    /// (-76 B gzip, `make size`).
    pub(crate) fn authed<'a>(
        &'a self,
        method: &'a str,
        path: &'a str,
        body: Option<&'a JsValue>,
    ) -> impl Future<Output = Result<JsValue, AuthError>> + 'a {
        self.send_as_user(method, path, body, true)
    }

    /// The one credentialed request path: `Authorization` from the session (refreshed if
    /// needed), else the publishable key's `Bearer`, else (unless `required`, which gives
    /// `unauthenticated`) none. `unauthenticated` from the server ends the session (a
    /// request sent without one only when `required`).
    pub(crate) async fn send_as_user(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
        required: bool,
    ) -> Result<JsValue, AuthError> {
        let session = self.credentials().to_end().await?;
        // Only the header and whether there was a session are kept across the request, not
        // the credentials (-11 B gzip, `make size`).
        let had_session = session.is_some();
        let header = match session {
            Some(c) => Some(c.authorization()),
            None => self.inner.access_key.as_ref().map(|k| {
                let mut s = String::from("Bearer ");
                s.push_str(k);
                s
            }),
        };
        if required && header.is_none() {
            return Err(not_signed_in());
        }
        let r = self
            .send(method, path, body, header.as_deref())
            .to_end()
            .await;
        if let Err(e) = &r {
            if e.is(codes::UNAUTHENTICATED) && (required || had_session) {
                self.lose_session();
            }
        }
        r
    }

    // ----- profile cache -----

    /// The raw cached profile object (`user_info_{env}` content), if any.
    fn cached_user_info(&self) -> Option<JsValue> {
        let s = self.inner.user_store.get(&self.inner.user_key)?;
        let v = json_parse(&s)?;
        let content = get(&v, "content");
        content.is_object().then_some(content)
    }

    /// The user from the cache; an all-empty user when nothing is cached (as the SDK).
    pub(crate) fn cached_user(&self) -> User {
        // No cache reads as `undefined`, an empty profile.
        user_of(&self.cached_user_info().unwrap_or_default())
    }

    /// `GET /v1/user/me`, caches the profile (with `uid = sub`) and returns the user.
    pub(crate) async fn fetch_user(&self) -> Result<User, AuthError> {
        let raw = self.authed("GET", "/v1/user/me", None).to_end().await?;
        Ok(self.cache_user(raw))
    }

    /// Caches a `/v1/user/me` body as `user_info_{env}` (with `uid = sub`) and returns the user.
    pub(crate) fn cache_user(&self, raw: JsValue) -> User {
        if let Some(sub) = get_str(&raw, "sub") {
            set(&raw, "uid", sub);
        }
        let wrapper = object();
        set(&wrapper, "version", storage::USER_CACHE_VERSION);
        set(&wrapper, "content", raw.clone());
        self.inner
            .user_store
            .set(&self.inner.user_key, &json_stringify(&wrapper));
        user_of(&raw)
    }

    /// Sign-in tail shared by all sign-in methods: POST, store credentials, fetch the
    /// profile, fire `SIGNED_IN` (spec §2.0 `createLoginState`). The request is built
    /// beforehand, synchronously (an argument error arrives here as `Err`), so that every
    /// sign-in method returns this one future instead of a state machine of its own.
    pub(crate) async fn login(
        &self,
        request: Result<SignIn, AuthError>,
    ) -> Result<Session, AuthError> {
        let SignIn {
            path,
            body,
            version,
        } = request?;
        let request = TokenRequest {
            path,
            body,
            authorization: None,
            version: version.map(Into::into),
        };
        let c = self.token_request(request).to_end().await?;
        self.complete_sign_in(c).to_end().await
    }

    /// Stores new credentials, fetches and caches the profile with them (no wait for
    /// the init-time detection, which itself signs in this way) and fires `SIGNED_IN`
    /// (spec §2.0 `createLoginState`): the tail every sign-in shares.
    pub(crate) async fn complete_sign_in(
        &self,
        credentials: Credentials,
    ) -> Result<Session, AuthError> {
        self.inner.creds.set(credentials.clone());
        let raw = self
            .send(
                "GET",
                "/v1/user/me",
                None,
                Some(&credentials.authorization()),
            )
            .to_end()
            .await;
        if matches!(&raw, Err(e) if e.is(codes::UNAUTHENTICATED)) {
            self.lose_session();
        }
        let user = self.cache_user(raw?);
        self.emit(AuthChangeEvent::SignedIn);
        Ok(Session { credentials, user })
    }

    // ----- events -----

    /// Queues an event and starts delivery if it is not running.
    pub(crate) fn emit(&self, ev: AuthChangeEvent) {
        self.inner.events.push(ev);
        self.start_delivery();
        self.share(ev);
    }

    pub(crate) fn start_delivery(&self) {
        let events = &self.inner.events;
        if events.draining.get() {
            return;
        }
        events.draining.set(true);
        let me = self.clone();
        // A task under the crate's promise wrapper, as every task is (see `platform::ToEnd`).
        let _ = platform::promise(async move {
            while let Some((ev, only)) = me.inner.events.pop() {
                // Read at delivery time, as the official SDK does; errors mean "no session".
                let session = me.get_session().to_end().await.ok().flatten();
                for cb in me.inner.events.targets(only) {
                    cb(ev, session.as_ref());
                }
            }
            me.inner.events.draining.set(false);
            JsValue::UNDEFINED
        });
    }
}

/// The user of a profile object (`/v1/user/me` body or cached content): the one place the
/// profile is read, for the cache and for a fresh fetch alike.
fn user_of(raw: &JsValue) -> User {
    User::from(*UserInfo::from_js(raw))
}

/// A request answered with credentials (see [`Auth::token_request`]).
pub(crate) struct TokenRequest {
    path: &'static str,
    body: JsValue,
    authorization: Option<String>,
    /// Replaces the version of the credentials received.
    version: Option<String>,
}

/// A sign-in request for [`Auth::login`]: `POST path` with `body`; the credentials are
/// tagged with `version` (`v1` where the official SDK does).
pub(crate) struct SignIn {
    pub path: &'static str,
    pub body: JsValue,
    pub version: Option<&'static str>,
}

/// Credentials from a token response, or an error when it carries none.
fn token_response(v: &JsValue) -> Result<Credentials, AuthError> {
    Credentials::from_js(v, platform::now_ms())
        .ok_or_else(|| AuthError::unknown("the server returned no access token"))
}

/// The language: `configured`, else the stored `lang_{clientId}`, else `zh-CN`;
/// stored back, as the official SDK does.
fn resolve_lang(store: &dyn Storage, client_id: &str, configured: Option<String>) -> String {
    let key = storage::lang_key(client_id);
    let lang = pure::non_empty(configured)
        .or_else(|| store.get(&key))
        .unwrap_or_else(|| "zh-CN".into());
    store.set(&key, &lang);
    lang
}

pub(crate) fn not_signed_in() -> AuthError {
    AuthError::new(codes::UNAUTHENTICATED, "credentials not found")
}
