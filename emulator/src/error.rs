//! The one error type of the emulator, mapped once to the wire body
//! `{error, error_code, error_description}` (spec §3.2) and an HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Every failure an endpoint can answer with.
///
/// `error_code` values follow the SDK's numeric `AuthErrorCode` table (spec §3.2); credential
/// failures use 16 so the SDK files them under `INVALID_CREDENTIALS`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed or missing input (`invalid_argument`, 3).
    #[error("{0}")]
    InvalidArgument(String),
    /// Wrong username or wrong password — one answer for both so accounts cannot be probed.
    #[error("invalid username or password")]
    InvalidUsernameOrPassword,
    /// Missing, expired, revoked or invalid access token (`unauthenticated`, 16, HTTP 401).
    #[error("{0}")]
    Unauthenticated(String),
    /// Unknown, expired, reused or revoked refresh token (`invalid_grant`).
    #[error("{0}")]
    InvalidGrant(String),
    /// A unique attribute is taken (`already_exists`, 6, HTTP 409).
    #[error("{0}")]
    AlreadyExists(String),
    /// Unknown path or resource (`not_found`, 5, HTTP 404).
    #[error("{0}")]
    NotFound(String),
    /// Refused on policy grounds (`permission_denied`, 7, HTTP 403).
    #[error("{0}")]
    PermissionDenied(String),
    /// The request is valid but the state does not allow it (`failed_precondition`, 9).
    #[error("{0}")]
    FailedPrecondition(String),
    /// Too many requests (`resource_exhausted`, 8, HTTP 429); `retry_after` in seconds.
    #[error("{message}")]
    ResourceExhausted {
        /// Human-readable text.
        message: String,
        /// Seconds until a retry may succeed.
        retry_after: u64,
    },
    /// A known feature the emulator does not provide (`unimplemented`, 12).
    #[error("{0}")]
    Unimplemented(String),
    /// The path exists but not for this HTTP method (HTTP 405).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The body exceeds the limit (HTTP 413).
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// A fault of the emulator itself (database, key material); never caused by input.
    #[error("internal error: {0}")]
    Internal(String),
    /// A malformed phone number when sending a code (`invalid_phone`, 3; spec §3.5).
    #[error("{0}")]
    InvalidPhone(String),
    /// No user has this address / login (`user_not_found`, 5; spec §3.5).
    #[error("{0}")]
    UserNotFound(String),
    /// Wrong verification code (`invalid_code`, 3; spec §3.5).
    #[error("{0}")]
    InvalidCode(String),
    /// Verification code or token expired or already used (`code_expired`, 3; spec §3.5).
    #[error("{0}")]
    CodeExpired(String),
    /// Too many wrong tries for one code (`max_attempts_exceeded`, 8, HTTP 429; spec §3.5).
    #[error("{0}")]
    MaxAttemptsExceeded(String),
    /// Wrong current password, or a new password that breaks the policy (`invalid_password`, 3).
    #[error("{0}")]
    InvalidPassword(String),
    /// The login method is turned off in this env (`login_type_disabled`, 4045, HTTP 403).
    #[error("{0}")]
    LoginTypeDisabled(String),
    /// An unknown or disabled identity provider (`provider_not_enabled`, 9, HTTP 403).
    #[error("{0}")]
    ProviderNotEnabled(String),
    /// Too many failures from this device: solve a captcha first (`captcha_required`, 4001, HTTP 403).
    #[error("{0}")]
    CaptchaRequired(String),
    /// Wrong captcha answer, or an unknown or expired captcha token (`captcha_invalid`, 4002).
    #[error("{0}")]
    CaptchaInvalid(String),
}

/// The JSON error body of spec §3.2.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// snake_case status, e.g. `invalid_argument`.
    pub error: &'static str,
    /// Numeric code (SDK `AuthErrorCode`).
    pub error_code: i64,
    /// Human-readable text (the SDK also categorises by keywords in it).
    pub error_description: String,
    /// Seconds to wait, for rate limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// Shorthand for `InvalidArgument`.
    pub fn invalid(msg: impl Into<String>) -> Self {
        ApiError::InvalidArgument(msg.into())
    }

    /// Shorthand for `Unauthenticated`.
    pub fn unauthenticated(msg: impl Into<String>) -> Self {
        ApiError::Unauthenticated(msg.into())
    }

    /// Shorthand for `InvalidGrant`.
    pub fn invalid_grant(msg: impl Into<String>) -> Self {
        ApiError::InvalidGrant(msg.into())
    }

    /// The HTTP status, `error` string and `error_code` of this error.
    pub fn parts(&self) -> (StatusCode, &'static str, i64) {
        use ApiError::*;
        match self {
            InvalidArgument(_) => (StatusCode::BAD_REQUEST, "invalid_argument", 3),
            InvalidUsernameOrPassword => {
                (StatusCode::BAD_REQUEST, "invalid_username_or_password", 16)
            }
            Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "unauthenticated", 16),
            InvalidGrant(_) => (StatusCode::BAD_REQUEST, "invalid_grant", 16),
            AlreadyExists(_) => (StatusCode::CONFLICT, "already_exists", 6),
            NotFound(_) => (StatusCode::NOT_FOUND, "not_found", 5),
            PermissionDenied(_) => (StatusCode::FORBIDDEN, "permission_denied", 7),
            FailedPrecondition(_) => (StatusCode::BAD_REQUEST, "failed_precondition", 9),
            ResourceExhausted { .. } => (StatusCode::TOO_MANY_REQUESTS, "resource_exhausted", 8),
            Unimplemented(_) => (StatusCode::BAD_REQUEST, "unimplemented", 12),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", 12),
            PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "invalid_argument", 3),
            Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", 13),
            InvalidPhone(_) => (StatusCode::BAD_REQUEST, "invalid_phone", 3),
            UserNotFound(_) => (StatusCode::NOT_FOUND, "user_not_found", 5),
            InvalidCode(_) => (StatusCode::BAD_REQUEST, "invalid_code", 3),
            CodeExpired(_) => (StatusCode::BAD_REQUEST, "code_expired", 3),
            MaxAttemptsExceeded(_) => (StatusCode::TOO_MANY_REQUESTS, "max_attempts_exceeded", 8),
            InvalidPassword(_) => (StatusCode::BAD_REQUEST, "invalid_password", 3),
            LoginTypeDisabled(_) => (StatusCode::FORBIDDEN, "login_type_disabled", 4045),
            ProviderNotEnabled(_) => (StatusCode::FORBIDDEN, "provider_not_enabled", 9),
            CaptchaRequired(_) => (StatusCode::FORBIDDEN, "captcha_required", 4001),
            CaptchaInvalid(_) => (StatusCode::BAD_REQUEST, "captcha_invalid", 4002),
        }
    }

    /// The wire body.
    pub fn body(&self) -> ErrorBody {
        let (_, error, error_code) = self.parts();
        ErrorBody {
            error,
            error_code,
            error_description: self.to_string(),
            retry_after: match self {
                ApiError::ResourceExhausted { retry_after, .. } => Some(*retry_after),
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, ..) = self.parts();
        (status, Json(self.body())).into_response()
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

/// Result alias used by handlers and the store.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shape() {
        let b = serde_json::to_value(ApiError::invalid("username is required").body()).unwrap();
        assert_eq!(
            b,
            serde_json::json!({"error":"invalid_argument","error_code":3,"error_description":"username is required"})
        );
        assert_eq!(
            ApiError::unauthenticated("x").parts().0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            ApiError::InvalidUsernameOrPassword.parts().1,
            "invalid_username_or_password"
        );
    }
}
