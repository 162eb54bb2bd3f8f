//! One-time codes: `signUp`, `signInWithOtp`, `verifyOtp`, `resend` (spec §2.1, §2.6),
//! and the verification helpers the password and user methods share.

use wasm_bindgen::JsValue;

use std::future::Future;

use super::{Auth, SignIn};
use crate::error::AuthError;
use crate::model::Session;
use crate::phone::format_phone;
use crate::platform::ToEnd;
use crate::reflect;

/// Where a verification code is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contact {
    /// An email address.
    Email(String),
    /// A phone number in wire form (`+CC NNN…`).
    Phone(String),
}

impl Contact {
    /// From an email and/or a phone number (email wins); the phone is normalised.
    /// Neither given: `invalid_argument`; a malformed phone: `invalid_phone`.
    pub fn from_parts(email: Option<String>, phone: Option<String>) -> Result<Contact, AuthError> {
        let some = crate::pure::non_empty;
        if let Some(e) = some(email) {
            return Ok(Contact::Email(e));
        }
        match some(phone) {
            Some(p) => Ok(Contact::Phone(format_phone(&p)?)),
            None => Err(AuthError::invalid_argument("email or phone is required")),
        }
    }

    /// The sign-in `username`: the email or the wire phone.
    pub fn username(&self) -> &str {
        match self {
            Contact::Email(s) | Contact::Phone(s) => s,
        }
    }

    /// The `/v1/verification` body: `{email, usage}` or `{phone_number}`.
    /// `usage` applies to emails only, as in the official SDK.
    pub(crate) fn verification_body(&self, usage: &str) -> JsValue {
        let body = reflect::object();
        self.set_on(&body, "phone_number");
        if let Contact::Email(_) = self {
            reflect::set(&body, "usage", usage);
        }
        body
    }

    /// `{email}` or `{phone_number}` (sign-up and password reset bodies).
    pub(crate) fn set_on(&self, body: &JsValue, phone_key: &str) {
        match self {
            Contact::Email(e) => reflect::set(body, "email", e.as_str()),
            Contact::Phone(p) => reflect::set(body, phone_key, p.as_str()),
        }
    }
}

/// The answer of `POST /v1/verification`.
#[derive(Clone, Debug, PartialEq)]
pub struct Verification {
    /// The id `verifyOtp` needs (`messageId`).
    pub verification_id: String,
    /// True when the address belongs to an existing user.
    pub is_user: bool,
}

/// A code sent by [`Auth::sign_up`] or [`Auth::sign_in_with_otp`], waiting for the user
/// to type it; complete it with [`Auth::complete_otp`].
#[derive(Clone, Debug)]
pub struct OtpChallenge {
    /// The verification that was started.
    pub verification: Verification,
    /// Where the code went.
    pub contact: Contact,
    /// Whether a new user may be created (else sign-in only).
    pub create_user: bool,
    /// Extra sign-up fields (`password`, `username`, `name`, …) sent to `/v1/signup`.
    pub signup_fields: Vec<(String, String)>,
}

/// Arguments of [`Auth::sign_up`].
#[derive(Clone, Debug, Default)]
pub struct SignUp {
    /// Email address.
    pub email: Option<String>,
    /// Phone number (normalised before sending).
    pub phone: Option<String>,
    /// Other fields passed through to `/v1/signup` (`password`, `username`, `name`,
    /// `gender`, `picture`, `locale`).
    pub fields: Vec<(String, String)>,
}

/// Arguments of [`Auth::sign_in_with_otp`].
#[derive(Clone, Debug)]
pub struct OtpSignIn {
    /// Email address.
    pub email: Option<String>,
    /// Phone number (normalised before sending).
    pub phone: Option<String>,
    /// `options.shouldCreateUser` (default `true`).
    pub should_create_user: bool,
    /// `options.emailRedirectTo`.
    pub email_redirect_to: Option<String>,
}

/// Arguments of [`Auth::verify_otp`].
#[derive(Clone, Debug, Default)]
pub struct VerifyOtp {
    /// Email address.
    pub email: Option<String>,
    /// Phone number (normalised before sending).
    pub phone: Option<String>,
    /// The code the user typed.
    pub token: String,
    /// The `verification_id` of the send step.
    pub message_id: String,
    /// `sms`, `email`, `signup`, …; `email_change` / `phone_change` only verify.
    pub kind: Option<String>,
}

impl Auth {
    /// `POST /v1/verification`: with the session's (or the publishable key's) Bearer
    /// token when there is one, else uncredentialed (spec §3.1 row 6).
    pub(crate) async fn send_verification(
        &self,
        body: &JsValue,
    ) -> Result<Verification, AuthError> {
        let v = self
            .send_as_user("POST", "/v1/verification", Some(body), false)
            .to_end()
            .await?;
        Ok(Verification {
            verification_id: reflect::get_str(&v, "verification_id").unwrap_or_default(),
            is_user: reflect::get_bool(&v, "is_user").unwrap_or(false),
        })
    }

    /// `POST /v1/verification/verify {verification_id, verification_code}` →
    /// the `verification_token`.
    pub(crate) async fn verify_code(&self, id: &str, code: &str) -> Result<String, AuthError> {
        if code.is_empty() {
            return Err(AuthError::invalid_argument("token is required"));
        }
        let body = reflect::object();
        reflect::set(&body, "verification_id", id);
        reflect::set(&body, "verification_code", code);
        let v = self
            .send("POST", "/v1/verification/verify", Some(&body), None)
            .to_end()
            .await?;
        reflect::get_str(&v, "verification_token")
            .ok_or_else(|| AuthError::unknown("the server returned no verification token"))
    }

    /// `POST /v1/signin {username, verification_token}`, then the profile; `SIGNED_IN`.
    /// Not `async`: [`Self::login`]'s future itself, not one wrapping it (-18 B gzip, `make size`).
    pub(crate) fn sign_in_with_verification(
        &self,
        username: &str,
        verification_token: &str,
    ) -> impl Future<Output = Result<Session, AuthError>> + '_ {
        let body = reflect::object();
        reflect::set(&body, "username", username);
        reflect::set(&body, "verification_token", verification_token);
        self.login(Ok(SignIn {
            path: "/v1/signin",
            body,
            version: Some("v1"),
        }))
    }

    /// Sends a code for sign-up or sign-in (`POST /v1/verification`, no `target`).
    /// Complete with [`Auth::complete_otp`]: an existing user is signed in, a new one
    /// signed up.
    pub fn sign_up(&self, p: SignUp) -> impl Future<Output = Result<OtpChallenge, AuthError>> + '_ {
        let start = Contact::from_parts(p.email, p.phone).map(|contact| Start {
            body: contact.verification_body("email"),
            contact,
            create_user: true,
            signup_fields: p.fields,
        });
        self.start_challenge(start)
    }

    /// `signUp` with a verification (or provider) token obtained elsewhere (the official
    /// SDK's shortcut path): `POST /v1/signup` with the fields as given (`phone_number`
    /// normalised), then the profile; `SIGNED_IN`.
    pub fn sign_up_with_token(
        &self,
        fields: Vec<(String, String)>,
    ) -> impl Future<Output = Result<Session, AuthError>> + '_ {
        self.login(signup_with_fields(fields))
    }

    /// Sends a sign-in code. With the defaults this is exactly [`Auth::sign_up`];
    /// with `should_create_user: false` the code goes to existing users only
    /// (`target: 'USER'`), with `email_redirect_to` and creation allowed to anyone
    /// (`target: 'ANY'`).
    pub fn sign_in_with_otp(
        &self,
        p: OtpSignIn,
    ) -> impl Future<Output = Result<OtpChallenge, AuthError>> + '_ {
        let start = Contact::from_parts(p.email, p.phone).map(|contact| {
            let body = contact.verification_body("email");
            if p.email_redirect_to.is_some() || !p.should_create_user {
                if let Some(r) = &p.email_redirect_to {
                    reflect::set(&body, "email_redirect_to", r.as_str());
                }
                let target = if p.should_create_user { "ANY" } else { "USER" };
                reflect::set(&body, "target", target);
            }
            Start {
                body,
                contact,
                create_user: p.should_create_user,
                signup_fields: Vec::new(),
            }
        });
        self.start_challenge(start)
    }

    /// Sends the code of a challenge built beforehand, synchronously (an argument error
    /// arrives here as `Err`): `sign_up` and `sign_in_with_otp` share this one future, as
    /// the sign-ins share [`Auth::login`] (-164 B gzip, `make size`).
    async fn start_challenge(
        &self,
        start: Result<Start, AuthError>,
    ) -> Result<OtpChallenge, AuthError> {
        let start = start?;
        let verification = self.send_verification(&start.body).to_end().await?;
        Ok(OtpChallenge {
            verification,
            contact: start.contact,
            create_user: start.create_user,
            signup_fields: start.signup_fields,
        })
    }

    /// Completes a challenge with the code the user typed (`messageId` overrides the
    /// challenge's verification id): verify, then sign in (`is_user`) or sign up.
    /// Fires `SIGNED_IN`.
    pub async fn complete_otp(
        &self,
        c: &OtpChallenge,
        token: &str,
        message_id: Option<&str>,
    ) -> Result<Session, AuthError> {
        let id = message_id
            .filter(|m| !m.is_empty())
            .unwrap_or(&c.verification.verification_id);
        let vt = self.verify_code(id, token).to_end().await?;
        if c.verification.is_user || !c.create_user {
            return self
                .sign_in_with_verification(c.contact.username(), &vt)
                .to_end()
                .await;
        }
        let body = reflect::object();
        for (k, v) in &c.signup_fields {
            reflect::set(&body, k, v.as_str());
        }
        c.contact.set_on(&body, "phone_number");
        reflect::set(&body, "verification_token", vt);
        reflect::set(&body, "verification_code", token);
        self.login(Ok(signup(body))).to_end().await
    }

    /// Verifies a code by its `messageId`. For `email_change` / `phone_change` only the
    /// code is checked and the current session (if any) returned; otherwise the user
    /// is signed in with it (never signed up). Fires `SIGNED_IN`.
    pub async fn verify_otp(&self, p: VerifyOtp) -> Result<Option<Session>, AuthError> {
        if p.token.is_empty() {
            return Err(AuthError::invalid_argument("token is required"));
        }
        if p.message_id.is_empty() {
            return Err(AuthError::invalid_argument("messageId is required"));
        }
        // `None` for a contact change, which only verifies; one verification request site for
        // both (-14 B gzip, `make size`).
        let contact = match p.kind.as_deref() {
            Some("email_change" | "phone_change") => None,
            _ => Some(Contact::from_parts(p.email, p.phone)?),
        };
        let vt = self.verify_code(&p.message_id, &p.token).to_end().await?;
        match contact {
            None => self.get_session().to_end().await,
            Some(c) => self
                .sign_in_with_verification(c.username(), &vt)
                .to_end()
                .await
                .map(Some),
        }
    }

    /// Sends a new code; returns its `messageId`. `kind == "signup"` sends to anyone
    /// (`target: 'ANY'`), anything else to existing users (`'USER'`).
    pub async fn resend(
        &self,
        email: Option<String>,
        phone: Option<String>,
        kind: Option<&str>,
    ) -> Result<String, AuthError> {
        let contact = Contact::from_parts(email, phone)?;
        let body = contact.verification_body("email");
        let target = if kind == Some("signup") {
            "ANY"
        } else {
            "USER"
        };
        reflect::set(&body, "target", target);
        Ok(self
            .send_verification(&body)
            .to_end()
            .await?
            .verification_id)
    }
}

/// An [`OtpChallenge`] before its code is sent: the `/v1/verification` body and the rest.
struct Start {
    body: JsValue,
    contact: Contact,
    create_user: bool,
    signup_fields: Vec<(String, String)>,
}

/// `POST /v1/signup` with `fields` as given (`phone_number` normalised).
fn signup_with_fields(fields: Vec<(String, String)>) -> Result<SignIn, AuthError> {
    let body = reflect::object();
    for (k, v) in fields {
        let v = if k == "phone_number" {
            format_phone(&v)?
        } else {
            v
        };
        reflect::set(&body, &k, v);
    }
    Ok(signup(body))
}

/// `POST /v1/signup` with `body` (credentials keep the server's version).
fn signup(body: JsValue) -> SignIn {
    SignIn {
        path: "/v1/signup",
        body,
        version: None,
    }
}

#[cfg(test)]
mod tests {
    use super::Contact;

    #[test]
    fn contact_from_parts() {
        assert_eq!(
            Contact::from_parts(Some("a@b.c".into()), Some("13800138000".into())).unwrap(),
            Contact::Email("a@b.c".into())
        );
        let p = Contact::from_parts(None, Some("+12025550123".into())).unwrap();
        assert_eq!(p.username(), "+1 2025550123");
        let e = Contact::from_parts(Some(String::new()), None).unwrap_err();
        assert_eq!(e.code, "invalid_argument");
        assert!(e.message.contains("email"));
        let e = Contact::from_parts(None, Some("12x".into())).unwrap_err();
        assert_eq!(e.code, "invalid_phone");
    }
}
