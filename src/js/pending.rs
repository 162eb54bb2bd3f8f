//! The functions returned inside `data` that finish a flow: `verifyOtp` after a code was sent
//! (`signUp`, `signInWithOtp`, `updateUser` with a new email or phone) and `updateUser` after
//! `resetPasswordForEmail` / `reauthenticate`. Like the methods, they never throw: bad input
//! resolves to `{data, error: AuthError('invalid_argument')}`.
//!
//! One closure type and one future for all four (the flow is an enum), not one each: 879 B gzip less
//! (`make size`).

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::args::{self, Kind, Value};
use super::{bad_argument, nulls, object_with, promise, result, session_result, USER_SESSION};
use crate::auth::{Auth, ContactChange, OtpChallenge, PasswordReset, Reauthentication};
use crate::error::AuthError;
use crate::platform::ToEnd;
use crate::reflect::{self, set, to_js};

/// A flow waiting for its code or nonce.
pub(super) enum Pending {
    /// `verifyOtp({token, messageId?})` → `{data:{user, session}, error}`.
    Otp(OtpChallenge),
    /// `verifyOtp({token})` → `{data:{user}, error}`.
    ContactChange(ContactChange),
    /// `updateUser({nonce, password})` → `{data:{user, session}, error}`.
    PasswordReset(PasswordReset),
    /// `updateUser({nonce, password?})`: a new password, or without one the same user signed in
    /// again → `{data:{user, session}, error}`.
    Reauthentication(Reauthentication),
}

/// The JS function `(arg) => Promise` that finishes `pending` (owned by JS, freed with it).
pub(super) fn function(auth: Auth, pending: Pending) -> JsValue {
    let pending = Rc::new(pending);
    Closure::<dyn Fn(JsValue) -> Promise>::new(move |arg| finish(&auth, &pending, &arg))
        .into_js_value()
}

/// The string of a required field, else the `invalid_argument` answer naming it.
fn required(v: Value, field: &str, keys: &[&str]) -> Result<String, Promise> {
    crate::pure::non_empty(v.str()).ok_or_else(|| {
        let mut m = String::from(field);
        m.push_str(" is required");
        bad_argument(keys, &m)
    })
}

/// `{data: {verifyOtp}}` (plus `user: null, session: null` when `with_nulls`) for a sent
/// code; `data.verifyOtp({token, messageId?})` resolves to `{data:{user, session}, error}`.
pub(super) fn challenge_result(
    auth: Auth,
    r: Result<OtpChallenge, AuthError>,
    with_nulls: bool,
) -> JsValue {
    let c = match r {
        Ok(c) => c,
        Err(e) => return result(nulls(USER_SESSION), Some(&e)),
    };
    let data = if with_nulls {
        nulls(USER_SESSION)
    } else {
        reflect::object()
    };
    set(&data, "verifyOtp", function(auth, Pending::Otp(c)));
    result(data, None)
}

/// `{data: {updateUser}}` where `updateUser({nonce, password?})` finishes a password
/// reset or re-authentication and resolves to `{data:{user, session}, error}`.
pub(super) fn update_user_result(auth: Auth, r: Result<Pending, AuthError>) -> JsValue {
    match r {
        Ok(p) => result(object_with("updateUser", function(auth, p)), None),
        Err(e) => result(nulls(&["updateUser"]), Some(&e)),
    }
}

/// One call of the function of `pending` with `arg`.
fn finish(auth: &Auth, pending: &Rc<Pending>, arg: &JsValue) -> Promise {
    const CODE: &[Kind] = &[Kind::Text, Kind::Str];
    type Shape = (
        &'static [&'static str],
        &'static [&'static str],
        &'static [Kind],
        &'static str,
    );
    let (keys, fields, kinds, code_field): Shape = match **pending {
        Pending::Otp(_) => (USER_SESSION, &["token", "messageId"], CODE, "token"),
        Pending::ContactChange(_) => (&["user"], &["token"], &[Kind::Text], "token"),
        _ => (USER_SESSION, &["nonce", "password"], CODE, "nonce"),
    };
    let [code, second, ..] = match args::parse(arg, args::Need::Any, keys, fields, kinds) {
        Ok(v) => v,
        Err(p) => return p,
    };
    let code = match required(code, code_field, keys) {
        Ok(c) => c,
        Err(p) => return p,
    };
    // `messageId`, or the new password (required for a reset).
    let second = match **pending {
        Pending::PasswordReset(_) => match required(second, "password", keys) {
            Ok(p) => Some(p),
            Err(p) => return p,
        },
        _ => second.str(),
    };
    let (auth, pending) = (auth.clone(), pending.clone());
    promise(async move {
        let second = second.as_deref();
        // One `session_result` after the three session flows, not one in each arm: 23 B gzip less.
        let r = match &*pending {
            Pending::Otp(c) => auth.complete_otp(c, &code, second).to_end().await,
            Pending::PasswordReset(r) => {
                auth.complete_password_reset(r, &code, second.unwrap_or_default())
                    .to_end()
                    .await
            }
            Pending::Reauthentication(r) => {
                auth.complete_reauthentication(r, &code, second)
                    .to_end()
                    .await
            }
            Pending::ContactChange(c) => {
                return match auth.complete_contact_change(c, &code).to_end().await {
                    Ok(u) => result(object_with("user", to_js(&u)), None),
                    Err(e) => result(nulls(keys), Some(&e)),
                }
            }
        };
        session_result(r)
    })
}
