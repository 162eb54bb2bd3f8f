//! JS bindings of the code-based, password, user, token and mini-program methods
//! (spec §2.1–§2.7 without OAuth). Like the rest of `js`, nothing here throws: bad
//! input resolves to `{data, error: AuthError('invalid_argument')}`, also inside the
//! callbacks returned in `data` (`verifyOtp`, `updateUser`).

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::args::{self, Kind::*, Need::*};
use super::grouped::{self, DataCall, EmptyCall, FlowCall, SessionCall};
use super::{bad_argument, nulls, resolve, result, AuthCore, USER_SESSION};
use crate::auth::{mini_program_only, Auth, OtpSignIn, SignUp, UserUpdate, VerifyOtp};
use crate::error::{codes, AuthError};
use crate::reflect::{get, get_str};

/// The contact fields of `signUp`, `signInWithOtp` and `updateUser`, in the order checked.
const CONTACT: &[&str] = &["email", "phone"];

impl AuthCore {
    /// `signUp({email|phone, password?, username?, name?, …})` →
    /// `{data:{verifyOtp}, error}`; with a `verification_token` (or `provider_token`)
    /// obtained elsewhere, signs up at once → `{data:{user, session}, error}`.
    pub(super) fn sign_up(&self, params: &JsValue) -> Promise {
        if !params.is_object() {
            return bad_argument(USER_SESSION, "params must be an object");
        }
        if ["verification_token", "provider_token"]
            .iter()
            .any(|k| get_str(params, k).is_some_and(|t| !t.is_empty()))
        {
            // The official shortcut path: the code was verified elsewhere.
            let fields = args::pairs(params, &[], false);
            return grouped::session(&self.auth, SessionCall::SignUpWithToken(fields));
        }
        let [email, phone, ..] = match args::parse(params, Any, USER_SESSION, CONTACT, &[Str; 2]) {
            Ok(v) => v,
            Err(p) => return p,
        };
        let p = SignUp {
            email: email.str(),
            phone: phone.str(),
            fields: args::pairs(params, CONTACT, false),
        };
        grouped::flow(&self.auth, FlowCall::SignUp(p))
    }

    /// `signInWithOtp({email|phone, options?:{shouldCreateUser?, emailRedirectTo?}})` →
    /// `{data:{verifyOtp}, error}` (plus `user`/`session` nulls off the default path).
    pub(super) fn sign_in_with_otp(&self, params: &JsValue) -> Promise {
        let [email, phone, ..] = match args::parse(params, Object, USER_SESSION, CONTACT, &[Str; 2])
        {
            Ok(v) => v,
            Err(p) => return p,
        };
        // `options` that is not an object is ignored, as the official SDK does. Its boolean is
        // checked here, the package's only one: a boolean kind in `args` measured 204 B gzip more (`make size`).
        let options = get(params, "options");
        let create = get(&options, "shouldCreateUser");
        if !(create.is_undefined() || create.is_null() || create.as_bool().is_some()) {
            return bad_argument(USER_SESSION, "shouldCreateUser must be a boolean");
        }
        let redirect = match args::parse(&options, Any, USER_SESSION, &["emailRedirectTo"], &[Str])
        {
            Ok([r, ..]) => r.str(),
            Err(p) => return p,
        };
        let p = OtpSignIn {
            email: email.str(),
            phone: phone.str(),
            should_create_user: create.as_bool() != Some(false),
            email_redirect_to: crate::pure::non_empty(redirect),
        };
        grouped::flow(&self.auth, FlowCall::SignInWithOtp(p))
    }

    /// `verifyOtp({email|phone, token, messageId, type?})` → `{data:{user, session}, error}`.
    pub(super) fn verify_otp(&self, params: &JsValue) -> Promise {
        const FIELDS: &[&str] = &["email", "phone", "token", "messageId", "type"];
        let [email, phone, token, message_id, kind, ..] = match args::parse(
            params,
            Object,
            USER_SESSION,
            FIELDS,
            &[Str, Str, Text, Str, Str],
        ) {
            Ok(v) => v,
            Err(p) => return p,
        };
        let p = VerifyOtp {
            email: email.str(),
            phone: phone.str(),
            token: token.string(),
            message_id: message_id.string(),
            kind: kind.str(),
        };
        grouped::session(&self.auth, SessionCall::VerifyOtp(p))
    }

    /// `resend({email|phone, type?})` → `{data:{messageId}, error}`.
    pub(super) fn resend(&self, params: &JsValue) -> Promise {
        const KEYS: &[&str] = &["messageId"];
        let fields = &["email", "phone", "type"];
        let (email, phone, kind) = match args::parse(params, Object, KEYS, fields, &[Str; 3]) {
            Ok([email, phone, kind, ..]) => (email.str(), phone.str(), kind.str()),
            Err(p) => return p,
        };
        grouped::data(&self.auth, DataCall::Resend(email, phone, kind))
    }

    /// `setSession({access_token, refresh_token})` → `{data:{user, session}, error}`.
    pub(super) fn set_session(&self, params: &JsValue) -> Promise {
        let fields = &["access_token", "refresh_token"];
        let (at, rt) = match args::parse(params, Any, USER_SESSION, fields, &[Str; 2]) {
            Ok([at, rt, ..]) => (at.string(), rt.string()),
            Err(p) => return p,
        };
        grouped::session(&self.auth, SessionCall::Set(at, rt))
    }

    /// `refreshUser()` → `{data:{user, session}, error}`.
    pub(super) fn refresh_user(&self) -> Promise {
        grouped::session(&self.auth, SessionCall::RefreshUser)
    }

    /// `updateUser({nickname?, username?, description?, avatar_url?, gender?, email?, phone?})`
    /// → `{data:{user}, error}`, or with `email`/`phone`
    /// `{data:{user, messageId, verifyOtp({email|phone, token})}, error}`.
    pub(super) fn update_user(&self, params: &JsValue) -> Promise {
        const KEYS: &[&str] = &["user"];
        let [email, phone, ..] = match args::parse(params, Object, KEYS, CONTACT, &[Str; 2]) {
            Ok(v) => v,
            Err(p) => return p,
        };
        let u = UserUpdate {
            basic: args::pairs(params, CONTACT, false),
            email: email.str(),
            phone: phone.str(),
        };
        grouped::flow(&self.auth, FlowCall::UpdateUser(u))
    }

    /// `deleteUser({password})` → `{data:{}, error}`; signs out locally (`SIGNED_OUT`).
    pub(super) fn delete_user(&self, params: &JsValue) -> Promise {
        let password = match args::parse(params, Any, &[], &["password"], &[Str]) {
            Ok([v, ..]) => v.string(),
            Err(p) => return p,
        };
        grouped::empty(&self.auth, EmptyCall::DeleteUser(password))
    }

    /// `resetPasswordForEmail(emailOrPhone, {redirectTo?})` → `{data:{updateUser}, error}`;
    /// `updateUser({nonce, password})` → `{data:{user, session}, error}`.
    pub(super) fn reset_password_for_email(
        &self,
        email_or_phone: &JsValue,
        options: &JsValue,
    ) -> Promise {
        let Some(target) = email_or_phone.as_string() else {
            return bad_argument(&["updateUser"], "emailOrPhone must be a string");
        };
        let redirect_to = match args::parse(options, Any, &["updateUser"], &["redirectTo"], &[Str])
        {
            Ok([r, ..]) => crate::pure::non_empty(r.str()),
            Err(p) => return p,
        };
        let call = FlowCall::ResetPasswordForEmail(target, redirect_to);
        grouped::flow(&self.auth, call)
    }

    /// `resetPasswordForOld({old_password, new_password})` → `{data:{user, session}, error}`.
    pub(super) fn reset_password_for_old(&self, params: &JsValue) -> Promise {
        let fields = &["old_password", "new_password"];
        let (old, new) = match args::parse(params, Any, USER_SESSION, fields, &[Str; 2]) {
            Ok([old, new, ..]) => (old.string(), new.string()),
            Err(p) => return p,
        };
        grouped::session(&self.auth, SessionCall::ResetForOld(old, new))
    }

    /// `reauthenticate()` → `{data:{updateUser}, error}`; `updateUser({nonce, password?})`
    /// sets a new password, or without one signs the same user in again.
    pub(super) fn reauthenticate(&self) -> Promise {
        grouped::flow(&self.auth, FlowCall::Reauthenticate)
    }

    /// `getClaims()` → `{data:{claims, header, signature}, error}` (decoded locally).
    pub(super) fn get_claims(&self) -> Promise {
        grouped::data(&self.auth, DataCall::GetClaims)
    }

    /// `signInWithIdToken({token, provider?})` → `{data:{user, session}, error}`.
    pub(super) fn sign_in_with_id_token(&self, params: &JsValue) -> Promise {
        let token = match args::parse(params, Any, USER_SESSION, &["token"], &[Str]) {
            Ok([v, ..]) => v.string(),
            Err(p) => return p,
        };
        grouped::session(&self.auth, SessionCall::IdToken(token))
    }

    /// `signInWithCustomTicket(getTicket?: () => Promise<string>)` →
    /// `{data:{user, session}, error}`. The function is kept for later calls.
    pub(super) fn sign_in_with_custom_ticket(&self, get_ticket: &JsValue) -> Promise {
        if let Some(f) = get_ticket.dyn_ref::<Function>() {
            *self.ticket_fn.borrow_mut() = Some(f.clone());
        } else if !get_ticket.is_undefined() && !get_ticket.is_null() {
            return bad_argument(USER_SESSION, "getTicket must be a function");
        }
        let Some(f) = self.ticket_fn.borrow().clone() else {
            let e = AuthError::new(
                codes::FAILED_PRECONDITION,
                "signInWithCustomTicket needs a function that returns a ticket",
            );
            return resolve(result(nulls(USER_SESSION), Some(&e)));
        };
        grouped::session(&self.auth, SessionCall::CustomTicket(f))
    }
}

/// `signInWithOpenId()` / `signInWithPhoneAuth()`: WeChat mini-program only; resolves to an
/// `unimplemented` error.
pub(super) fn mini_program_only_result(method: &str) -> Promise {
    resolve(result(
        nulls(USER_SESSION),
        Some(&mini_program_only(method)),
    ))
}

/// `signOut` with params: the `/v1/user/signout` path (called from the `signOut` binding).
pub(super) fn sign_out_with_params(auth: &Auth, params: &JsValue) -> Promise {
    let fields = &["redirect_uri", "state"];
    let (redirect_uri, state) = match args::parse(params, Any, &[], fields, &[Str; 2]) {
        Ok([redirect_uri, state, ..]) => (redirect_uri.str(), state.str()),
        Err(p) => return p,
    };
    grouped::empty(auth, EmptyCall::SignOutWith(redirect_uri, state))
}
