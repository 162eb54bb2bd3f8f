//! `AuthError`: the one error type of the package (spec §3.3).

use std::fmt;

/// An error from the auth service or from the client itself: its [`ErrorInfo`] boxed, read
/// through `Deref` (`e.code`), so that a `Result` carrying it stays a pointer wide (see
/// `boxed.rs`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AuthError(Box<ErrorInfo>);

boxed_fields!(AuthError, ErrorInfo);

/// The fields of an [`AuthError`].
///
/// Field meanings follow the official SDK's `AuthError`: `code` is the lower-cased
/// server `error` string (or `'unknown'`), `status` the raw `error` string,
/// `error_code` the numeric `error_code`, `request_id` the `x-request-id` sent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ErrorInfo {
    /// Stable, lower-cased code, e.g. `invalid_username_or_password`, `unreachable`.
    pub code: String,
    /// Human readable description (`error_description` from the server).
    pub message: String,
    /// The raw `error` string as the server sent it.
    pub status: Option<String>,
    /// Numeric `error_code` from the server.
    pub error_code: Option<f64>,
    /// The `x-request-id` of the failed request.
    pub request_id: Option<String>,
    /// Seconds to wait before retrying (`retry_after`), when the server sent it.
    pub retry_after: Option<f64>,
}

/// Every code the package itself produces: the one closed list (server codes are
/// passed through lower-cased, see [`AuthError::from_body`]).
pub mod codes {
    /// An answer the package cannot interpret (no code in an error body, no token in
    /// a success body, a failing app callback).
    pub const UNKNOWN: &str = "unknown";
    /// A call that needs something set up first (e.g. a custom-ticket function).
    pub const FAILED_PRECONDITION: &str = "failed_precondition";
    /// The request got no answer within the configured timeout.
    pub const TIMEOUT: &str = "timeout";
    /// Network failure or a response that is not JSON.
    pub const UNREACHABLE: &str = "unreachable";
    /// A required argument is missing or has the wrong type.
    pub const INVALID_ARGUMENT: &str = "invalid_argument";
    /// A phone number that cannot be normalised.
    pub const INVALID_PHONE: &str = "invalid_phone";
    /// No session, or the server rejected the access token.
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// The refresh token was rejected.
    pub const INVALID_GRANT: &str = "invalid_grant";
    /// The method exists but is not implemented yet.
    pub const UNIMPLEMENTED: &str = "unimplemented";
    /// The server wants a captcha answer first (spec §3.4).
    pub const CAPTCHA_REQUIRED: &str = "captcha_required";
    /// The captcha token sent was wrong or expired.
    pub const CAPTCHA_INVALID: &str = "captcha_invalid";
    /// A method that navigates the page, called where there is no `window` (Node, workers).
    pub const BROWSER_REQUIRED: &str = "browser_required";
}

impl AuthError {
    /// An error with a code and message only.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self::with_message(code, message.into())
    }

    /// [`AuthError::new`]'s body, not generic, so it is compiled once (-57 B gzip, `make size`).
    fn with_message(code: &str, message: String) -> Self {
        AuthError(Box::new(ErrorInfo {
            code: code.into(),
            message,
            ..Default::default()
        }))
    }

    /// Client-side argument check failure (spec §12: code `invalid_argument`).
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(codes::INVALID_ARGUMENT, message)
    }

    /// `code: unknown` with a message: an answer the package cannot use.
    pub fn unknown(message: impl Into<String>) -> Self {
        Self::new(codes::UNKNOWN, message)
    }

    /// `<name> is not implemented yet`.
    pub fn unimplemented(name: &str) -> Self {
        let mut m = String::from(name);
        m.push_str(" is not implemented yet");
        Self::new(codes::UNIMPLEMENTED, m)
    }

    /// `<method> needs a browser window to navigate<more>` (Node, workers).
    pub fn browser_required(method: &str, more: &str) -> Self {
        let mut m = String::from(method);
        m.push_str(" needs a browser window to navigate");
        m.push_str(more);
        Self::new(codes::BROWSER_REQUIRED, m)
    }

    /// Builds the error from the fields of an error response body (spec §1.5, §3.3).
    ///
    /// `error` wins over a truthy `code` field; the message is `error_description`,
    /// else `message`.
    pub fn from_body(
        error: Option<&str>,
        code_field: Option<&str>,
        error_code: Option<f64>,
        description: Option<&str>,
        message: Option<&str>,
        request_id: Option<&str>,
    ) -> Self {
        let raw = error
            .filter(|s| !s.is_empty())
            .or(code_field.filter(|s| !s.is_empty()));
        AuthError(Box::new(ErrorInfo {
            code: raw.map_or_else(|| codes::UNKNOWN.into(), |s| s.to_ascii_lowercase()),
            message: description
                .filter(|s| !s.is_empty())
                .or(message)
                .unwrap_or_default()
                .into(),
            status: raw.map(Into::into),
            error_code,
            request_id: request_id.map(Into::into),
            retry_after: None,
        }))
    }

    /// The `AuthErrorCategory` (computed from message, raw status and numeric code).
    pub fn category(&self) -> crate::error_category::Category {
        crate::error_category::infer(&self.message, self.status.as_deref(), self.error_code)
    }

    /// True when the code is the given one.
    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        f.write_str(": ")?;
        f.write_str(&self.message)
    }
}

impl std::error::Error for AuthError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_error_field() {
        let e = AuthError::from_body(
            Some("INVALID_Username_Or_Password"),
            None,
            Some(4.0),
            Some("wrong"),
            None,
            Some("abc"),
        );
        assert_eq!(e.code, "invalid_username_or_password");
        assert_eq!(e.status.as_deref(), Some("INVALID_Username_Or_Password"));
        assert_eq!(e.message, "wrong");
        assert_eq!(e.error_code, Some(4.0));
        assert_eq!(e.request_id.as_deref(), Some("abc"));
    }

    #[test]
    fn maps_code_field_and_message() {
        let e = AuthError::from_body(
            None,
            Some("PERMISSION_DENIED"),
            None,
            None,
            Some("no"),
            None,
        );
        assert_eq!(e.code, "permission_denied");
        assert_eq!(e.message, "no");
    }

    #[test]
    fn unknown_when_empty() {
        let e = AuthError::from_body(Some(""), None, None, None, None, None);
        assert_eq!(e.code, "unknown");
        assert_eq!(e.status, None);
    }

    #[test]
    fn client_side_errors() {
        assert_eq!(
            AuthError::invalid_argument("password is required").code,
            "invalid_argument"
        );
        let u = AuthError::unimplemented("signUp");
        assert_eq!(u.code, "unimplemented");
        assert_eq!(u.message, "signUp is not implemented yet");
        let b = AuthError::browser_required("toDefaultLoginPage", "");
        assert_eq!(b.code, "browser_required");
        assert_eq!(
            b.message,
            "toDefaultLoginPage needs a browser window to navigate"
        );
    }
}
