//! Calls grouped by the shape of their answer, one future per group (the call an enum)
//! instead of one per method: for the session group 151 B gzip less, for the empty group
//! 184 B; `verifyOtp`, `exchangeCodeForSession` and `signInWithCustomTicket` in the session
//! group rather than a future each: 269 B, `getSession` there too: 114 B (`make size`).

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::pending::{challenge_result, update_user_result, Pending};
use super::{nulls, object_with, promise, result, session_result, user_session};
use crate::auth::{Auth, OtpSignIn, PasswordSignIn, SignUp, UserUpdate, VerifyOtp};
use crate::error::AuthError;
use crate::oauth::OAuthOptions;
use crate::platform::ToEnd;
use crate::reflect::{self, set, to_js};

/// A call answered with the session it gives.
pub(super) enum SessionCall {
    /// `signInAnonymously({provider_token?})`.
    Anonymous(Option<String>),
    /// `signInWithPassword(...)`.
    Password(PasswordSignIn),
    /// `refreshSession(refresh_token?)`.
    Refresh(Option<String>),
    /// `setSession({access_token, refresh_token})`.
    Set(String, String),
    /// `refreshUser()`.
    RefreshUser,
    /// `resetPasswordForOld({old_password, new_password})`.
    ResetForOld(String, String),
    /// `signInWithIdToken({token})`.
    IdToken(String),
    /// `signUp` with a token obtained elsewhere: the fields as given.
    SignUpWithToken(Vec<(String, String)>),
    /// `verifyOtp({email|phone, token, messageId, type?})` (no session: nulls, no error).
    VerifyOtp(VerifyOtp),
    /// `exchangeCodeForSession(code?)` (its failure nulls `session` before `user`).
    ExchangeCode(Option<String>),
    /// `signInWithCustomTicket(getTicket?)`: the ticket function to call.
    CustomTicket(Function),
    /// `getSession()` without a kept session: `{session, user}` (nulls when signed out), kept
    /// for the next calls (`session_memo`).
    Get,
}

/// The promise of `call`'s answer.
pub(super) fn session(auth: &Auth, call: SessionCall) -> Promise {
    let auth = auth.clone();
    promise(async move {
        session_result(match call {
            SessionCall::Anonymous(t) => auth.sign_in_anonymously(t).to_end().await,
            SessionCall::Password(p) => auth.sign_in_with_password(p).to_end().await,
            SessionCall::Refresh(rt) => auth.refresh_session(rt).to_end().await,
            SessionCall::Set(at, rt) => auth.set_session(&at, &rt).to_end().await,
            SessionCall::RefreshUser => auth.refresh_user().to_end().await,
            SessionCall::ResetForOld(old, new) => {
                auth.reset_password_for_old(&old, &new).to_end().await
            }
            SessionCall::IdToken(t) => auth.sign_in_with_id_token(&t).to_end().await,
            SessionCall::SignUpWithToken(fields) => auth.sign_up_with_token(fields).to_end().await,
            SessionCall::VerifyOtp(p) => match auth.verify_otp(p).to_end().await {
                Ok(Some(s)) => Ok(s),
                Ok(None) => return result(user_session(None), None),
                Err(e) => Err(e),
            },
            SessionCall::ExchangeCode(code) => {
                match auth.exchange_code_for_session(code).to_end().await {
                    Err(e) => return result(nulls(&["session", "user"]), Some(&e)),
                    s => s,
                }
            }
            SessionCall::Get => match auth.get_session().to_end().await {
                Ok(s) => {
                    let d = s.as_ref().map_or(JsValue::NULL, super::session_js);
                    auth.keep_session_js(s.as_ref(), &d);
                    return super::session_memo::resolved(&d).into();
                }
                Err(e) => Err(e),
            },
            SessionCall::CustomTicket(f) => {
                let ticket = match f.call0(&JsValue::NULL) {
                    Ok(v) => JsFuture::from(Promise::resolve(&v)).await,
                    Err(e) => Err(e),
                };
                match ticket.map(|t| t.as_string()) {
                    Ok(Some(t)) => auth.sign_in_with_custom_ticket(&t).to_end().await,
                    Ok(None) => Err(AuthError::invalid_argument(
                        "the ticket function must return a string",
                    )),
                    Err(err) => Err(AuthError::unknown(super::oauth::failure(
                        "the ticket function",
                        &err,
                    ))),
                }
            }
        })
    })
}

/// A call answered with `{data: {}, error}`.
pub(super) enum EmptyCall {
    /// `signOut()`.
    SignOut,
    /// `signOut({redirect_uri?, state?})`: the `/v1/user/signout` path, whose answer also has
    /// the server's `redirect_uri` at the top level.
    SignOutWith(Option<String>, Option<String>),
    /// `deleteUser({password})`.
    DeleteUser(String),
    /// `unlinkIdentity({provider})`.
    UnlinkIdentity(String),
}

/// The promise of `call`'s answer.
pub(super) fn empty(auth: &Auth, call: EmptyCall) -> Promise {
    let auth = auth.clone();
    promise(async move {
        let r = match call {
            EmptyCall::SignOut => auth.sign_out().to_end().await.map(|_| None),
            EmptyCall::SignOutWith(uri, state) => {
                auth.sign_out_with_redirect(uri, state).to_end().await
            }
            EmptyCall::DeleteUser(password) => {
                auth.delete_user(&password).to_end().await.map(|_| None)
            }
            EmptyCall::UnlinkIdentity(p) => auth.unlink_identity(&p).to_end().await.map(|_| None),
        };
        let o = result(reflect::object(), r.as_ref().err());
        if let Ok(Some(u)) = r {
            // Spread at the top level, as the official SDK returns it.
            set(&o, "redirect_uri", u);
        }
        o
    })
}

/// A call answered with a function in `data` that finishes it: `{verifyOtp}` once a code is
/// sent, `{updateUser}` once a password reset or re-authentication is under way, and
/// `updateUser`'s `{user}` (with `verifyOtp` when a new email or phone awaits its code).
pub(super) enum FlowCall {
    /// `signUp({email|phone, ...})`.
    SignUp(SignUp),
    /// `signInWithOtp(...)`.
    SignInWithOtp(OtpSignIn),
    /// `resetPasswordForEmail(emailOrPhone, {redirectTo})`.
    ResetPasswordForEmail(String, Option<String>),
    /// `reauthenticate()`.
    Reauthenticate,
    /// `updateUser(...)` → `{user}`, or with a new email or phone
    /// `{user, messageId, verifyOtp({token})}`.
    UpdateUser(UserUpdate),
}

/// The promise of `call`'s answer.
pub(super) fn flow(auth: &Auth, call: FlowCall) -> Promise {
    let auth = auth.clone();
    promise(async move {
        // The two sent codes answered by one `challenge_result` after the match, the other calls
        // in their arms: 5 B gzip less (`make size`).
        let (r, with_nulls) = match call {
            FlowCall::SignUp(p) => (auth.sign_up(p).to_end().await, false),
            FlowCall::SignInWithOtp(p) => {
                // Off the default path the answer also has `user: null, session: null`.
                let with_nulls = p.email_redirect_to.is_some() || !p.should_create_user;
                (auth.sign_in_with_otp(p).to_end().await, with_nulls)
            }
            // One `update_user_result` for both: 29 B gzip less (`make size`).
            FlowCall::ResetPasswordForEmail(..) | FlowCall::Reauthenticate => {
                let r = match call {
                    FlowCall::ResetPasswordForEmail(target, redirect_to) => auth
                        .reset_password_for_email(&target, redirect_to)
                        .to_end()
                        .await
                        .map(Pending::PasswordReset),
                    _ => auth
                        .reauthenticate()
                        .to_end()
                        .await
                        .map(Pending::Reauthentication),
                };
                return update_user_result(auth, r);
            }
            // Here rather than in a future of its own: 60 B gzip less (`make size`).
            FlowCall::UpdateUser(u) => {
                return match auth.update_user(u).to_end().await {
                    Ok((user, change)) => {
                        let d = object_with("user", to_js(&user));
                        if let Some(c) = change {
                            set(&d, "messageId", c.verification.verification_id.as_str());
                            let verify = super::pending::function(auth, Pending::ContactChange(c));
                            set(&d, "verifyOtp", verify);
                        }
                        result(d, None)
                    }
                    Err(e) => result(nulls(&["user"]), Some(&e)),
                }
            }
        };
        challenge_result(auth, r, with_nulls)
    })
}

/// A call answered with data of its own shape, or with its `keys` nulled on failure: one future
/// for the six, not one each: 162 B gzip less (`make size`; `updateUser` here too measured +58 B).
pub(super) enum DataCall {
    /// `getUser()` → `{user}`.
    GetUser,
    /// `getClaims()` → `{claims, header, signature}` (decoded locally).
    GetClaims,
    /// `resend({email|phone, type?})` → `{messageId}`.
    Resend(Option<String>, Option<String>, Option<String>),
    /// `getUserIdentities()` → `{identities}`.
    Identities,
    /// `signInWithOAuth` → `{url, provider}`, or with `bind` `linkIdentity` → `{url, provider}`
    /// (nulls: `provider` only).
    OAuth(String, OAuthOptions, bool),
    /// `verifyOAuth({code?, state?, provider?})` → `{user, session, type, provider, redirectUrl}`.
    VerifyOAuth(Option<String>, Option<String>, Option<String>),
}

/// The `data` keys `signInWithOAuth` (or with `bind` `linkIdentity`) nulls on failure.
pub(super) fn oauth_keys(bind: bool) -> &'static [&'static str] {
    if bind {
        &["provider"]
    } else {
        &["url", "provider"]
    }
}

/// The `data` keys `verifyOAuth` nulls on failure.
pub(super) const VERIFY_KEYS: &[&str] = &["user", "session", "redirectUrl"];

/// The promise of `call`'s answer.
pub(super) fn data(auth: &Auth, call: DataCall) -> Promise {
    let auth = auth.clone();
    promise(async move {
        // Each arm's keys after its await, so they are not kept in the future across it: 4 B
        // gzip less (`make size`).
        let (r, keys): (_, &[&str]) = match call {
            DataCall::GetUser => (
                auth.get_user()
                    .to_end()
                    .await
                    .map(|u| object_with("user", u.map_or(JsValue::NULL, |u| to_js(&u)))),
                &["user"],
            ),
            DataCall::GetClaims => (
                auth.get_claims().to_end().await.map(|c| {
                    let d = object_with("claims", reflect::json_parse(&c.claims).into());
                    set(&d, "header", reflect::json_parse(&c.header));
                    set(&d, "signature", c.signature);
                    d
                }),
                &["claims", "header", "signature"],
            ),
            DataCall::Resend(email, phone, kind) => (
                auth.resend(email, phone, kind.as_deref())
                    .to_end()
                    .await
                    .map(|id| object_with("messageId", id.into())),
                &["messageId"],
            ),
            DataCall::Identities => (
                auth.get_user_identities().to_end().await.map(|list| {
                    // Pushed in a loop, not `collect()`ed: 17 B gzip less (`make size`).
                    let arr = js_sys::Array::new();
                    for i in &list {
                        arr.push(&reflect::json_parse(&i.json).unwrap_or_default());
                    }
                    object_with("identities", arr.into())
                }),
                &["identities"],
            ),
            DataCall::OAuth(provider, opts, bind) => {
                let r = if bind {
                    auth.link_identity(&provider, opts).to_end().await
                } else {
                    auth.sign_in_with_oauth(&provider, opts).to_end().await
                };
                let r = r.map(|s| {
                    let d = object_with("url", s.url.into());
                    set(&d, "provider", s.provider);
                    d
                });
                (r, oauth_keys(bind))
            }
            DataCall::VerifyOAuth(code, state, provider) => (
                auth.verify_oauth(code, state, provider)
                    .to_end()
                    .await
                    .map(|r| {
                        let d = user_session(r.session.as_ref());
                        set(&d, "type", r.kind);
                        set(&d, "provider", r.provider);
                        set(&d, "redirectUrl", r.redirect_url);
                        d
                    }),
                VERIFY_KEYS,
            ),
        };
        match r {
            Ok(d) => result(d, None),
            Err(e) => result(nulls(keys), Some(&e)),
        }
    })
}
