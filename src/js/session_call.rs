//! The calls whose answer is `{data:{user, session}, error}` from one new session: one future
//! (the call an enum) for them all, not one each: 151 B gzip less (`make size`).

use js_sys::Promise;

use super::{promise, session_result};
use crate::auth::{Auth, PasswordSignIn};

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
}

/// The promise of `call`'s answer.
pub(super) fn start(auth: Auth, call: SessionCall) -> Promise {
    promise(Box::pin(async move {
        session_result(match call {
            SessionCall::Anonymous(t) => auth.sign_in_anonymously(t).await,
            SessionCall::Password(p) => auth.sign_in_with_password(p).await,
            SessionCall::Refresh(rt) => auth.refresh_session(rt).await,
            SessionCall::Set(at, rt) => auth.set_session(&at, &rt).await,
            SessionCall::RefreshUser => auth.refresh_user().await,
            SessionCall::ResetForOld(old, new) => auth.reset_password_for_old(&old, &new).await,
            SessionCall::IdToken(t) => auth.sign_in_with_id_token(&t).await,
            SessionCall::SignUpWithToken(fields) => auth.sign_up_with_token(fields).await,
        })
    }))
}
