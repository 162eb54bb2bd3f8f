//! `AuthError.category`: the official SDK's `inferErrorCategory` decision order
//! (spec §3.3), with the documented strings of spec §3.5 decided first.

/// What kind of failure an error is, for callers that branch on it. The variants are in the order
/// of `CATEGORIES` in `js/errors.js`: the JS edge sends a category as its number (`as u8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// The sign-in method or provider is disabled.
    ProviderNotEnabled,
    /// Wrong password, code or token.
    InvalidCredentials,
    /// No such user.
    UserNotFound,
    /// The user is blocked or otherwise unusable.
    UserStatusAbnormal,
    /// The service failed or timed out.
    ServiceError,
    /// A parameter was rejected.
    InvalidParams,
    /// The account signs in another way.
    AuthMethodMismatch,
    /// Too many requests; see `retryAfter`.
    RateLimited,
    /// A captcha must be answered first.
    CaptchaRequired,
    /// The captcha answer was wrong or expired.
    CaptchaInvalid,
    /// A second factor is needed.
    MfaRequired,
    /// Something must be set up first.
    PreconditionFailed,
    /// The verification code is wrong or expired.
    VerificationFailed,
    /// Anything else.
    Unknown,
}

impl Category {
    /// The `AuthErrorCategory` string, e.g. `INVALID_CREDENTIALS`.
    pub fn as_str(self) -> &'static str {
        use Category::*;
        match self {
            ProviderNotEnabled => "PROVIDER_NOT_ENABLED",
            InvalidCredentials => "INVALID_CREDENTIALS",
            UserNotFound => "USER_NOT_FOUND",
            UserStatusAbnormal => "USER_STATUS_ABNORMAL",
            ServiceError => "SERVICE_ERROR",
            InvalidParams => "INVALID_PARAMS",
            AuthMethodMismatch => "AUTH_METHOD_MISMATCH",
            RateLimited => "RATE_LIMITED",
            CaptchaRequired => "CAPTCHA_REQUIRED",
            CaptchaInvalid => "CAPTCHA_INVALID",
            MfaRequired => "MFA_REQUIRED",
            PreconditionFailed => "PRECONDITION_FAILED",
            VerificationFailed => "VERIFICATION_FAILED",
            Unknown => "UNKNOWN",
        }
    }
}

/// Byte-level substring test (works for UTF-8 needles). Not `str::contains`: its substring
/// searcher measured 5,494 B gzip more on the package (`make size`).
fn has(hay: &str, needles: &[&str]) -> bool {
    let h = hay.as_bytes();
    needles
        .iter()
        .any(|n| !n.is_empty() && h.windows(n.len()).any(|w| w == n.as_bytes()))
}

/// The category of an error from its message, raw `error` string and numeric code.
pub fn infer(message: &str, status: Option<&str>, error_code: Option<f64>) -> Category {
    use Category::*;
    let st = status.unwrap_or("");
    if message.is_empty() && st.is_empty() && error_code.is_none() {
        return Unknown;
    }
    // Spec §3.5: the documented server strings decide before the numeric code.
    match st {
        "invalid_phone" => return InvalidParams,
        "user_not_found" => return UserNotFound,
        "resource_exhausted" | "max_attempts_exceeded" => return RateLimited,
        "invalid_code" | "code_expired" => return VerificationFailed,
        _ => {}
    }
    // ASCII lowering only: the keywords are ASCII or CJK, and Unicode tables cost wasm size.
    let msg = message.to_ascii_lowercase();
    let m = msg.as_str();
    let n = error_code.map_or(-1, |c| c as i64);
    let is = |list: &[&str]| list.contains(&st);

    if n == 4001 || st == "captcha_required" {
        return CaptchaRequired;
    }
    if n == 4002 || st == "captcha_invalid" {
        return CaptchaInvalid;
    }
    if n == 4042 || st == "mfa_phone_required" {
        return MfaRequired;
    }
    if n == 4045 || st == "login_type_disabled" {
        return ProviderNotEnabled;
    }
    if n == 8 {
        return RateLimited;
    }
    if matches!(n, 13 | 14 | 12 | 10) {
        return ServiceError;
    }
    if n == 5 {
        return UserNotFound;
    }
    if n == 16 {
        return InvalidCredentials;
    }
    if n == 3
        && has(
            m,
            &[
                "验证码",
                "verification",
                "does not match",
                "token expired",
                "token error",
                "过期",
            ],
        )
    {
        return VerificationFailed;
    }
    if is(&["provider_not_enabled", "login_method_disabled"])
        || has(
            m,
            &[
                "身份源",
                "开启",
                "identity provider",
                "provider not enabled",
                "login method",
                "登录方式",
                "not enabled",
                "未开启",
                "未启用",
                "请联系开发者",
            ],
        )
    {
        return ProviderNotEnabled;
    }
    if st == crate::error::codes::FAILED_PRECONDITION || (n == 9 && !has(m, &["请联系开发者"]))
    {
        if has(m, &["不存在", "not found", "未注册"]) {
            return UserNotFound;
        }
        return PreconditionFailed;
    }
    if is(&[
        "invalid_password",
        "invalid_grant",
        "invalid_verification_code",
        "invalid_username_or_password",
        "invalid_credentials",
        "wrong_password",
        "unauthenticated",
        "invalid_two_factor",
        "invalid_two_factor_recovery",
        "password_not_set",
    ]) || has(
        m,
        &[
            "密码不正确",
            "password",
            "凭据",
            "credentials",
            "验证码",
            "verification",
            "用户名或密码",
            "wrong password",
            "incorrect password",
        ],
    ) {
        return InvalidCredentials;
    }
    if is(&["not_found", "user_not_found"])
        || has(
            m,
            &[
                "用户不存在",
                "not found",
                "no such user",
                "user does not exist",
            ],
        )
    {
        return UserNotFound;
    }
    if is(&[
        "user_blocked",
        "user_pending",
        "under_review",
        "invalid_status",
    ]) || has(
        m,
        &[
            "被封禁",
            "blocked",
            "pending",
            "审核",
            "review",
            "locked",
            "已锁定",
        ],
    ) {
        return UserStatusAbnormal;
    }
    if is(&[
        "server_error",
        "unavailable",
        "temporarily_unavailable",
        "internal",
        "unreachable",
        "deadline_exceeded",
        "data_loss",
        "aborted",
    ]) || has(
        m,
        &[
            "network",
            "timeout",
            "timed out",
            "超时",
            "smtp is not set",
            "sms sender does not config",
        ],
    ) {
        return ServiceError;
    }
    if is(&[
        "invalid_argument",
        "invalid_request",
        "invalid_scope",
        "invalid_request_uri",
        "invalid_request_object",
    ]) || n == 3
    {
        return InvalidParams;
    }
    if is(&["permission_denied", "access_denied", "unauthorized_client"]) {
        return ProviderNotEnabled;
    }
    Unknown
}

#[cfg(test)]
mod tests {
    use super::{infer, Category::*};

    #[test]
    fn documented_strings_first() {
        assert_eq!(
            infer("x", Some("invalid_code"), Some(3.0)),
            VerificationFailed
        );
        assert_eq!(
            infer("x", Some("max_attempts_exceeded"), Some(8.0)),
            RateLimited
        );
        assert_eq!(infer("x", Some("invalid_phone"), Some(3.0)), InvalidParams);
        assert_eq!(infer("x", Some("user_not_found"), Some(5.0)), UserNotFound);
    }

    #[test]
    fn numeric_code_then_string_then_keywords() {
        assert_eq!(infer("", None, None), Unknown);
        assert_eq!(infer("", Some("captcha_required"), None), CaptchaRequired);
        assert_eq!(infer("whatever", Some("x"), Some(16.0)), InvalidCredentials);
        assert_eq!(
            infer(
                "Verification code wrong",
                Some("invalid_argument"),
                Some(3.0)
            ),
            VerificationFailed
        );
        assert_eq!(
            infer("bad field", Some("invalid_argument"), Some(3.0)),
            InvalidParams
        );
        assert_eq!(
            infer("", Some("invalid_username_or_password"), None),
            InvalidCredentials
        );
        assert_eq!(
            infer("Account is not found", Some("failed_precondition"), None),
            UserNotFound
        );
        assert_eq!(infer("匿名登录未开启", None, None), ProviderNotEnabled);
        assert_eq!(
            infer("network request failed", Some("unreachable"), None),
            ServiceError
        );
        assert_eq!(
            infer("", Some("permission_denied"), None),
            ProviderNotEnabled
        );
        assert_eq!(infer("odd", Some("strange"), None), Unknown);
        assert_eq!(UserStatusAbnormal.as_str(), "USER_STATUS_ABNORMAL");
    }

    /// The JS edge sends a category as its number, which `js/errors.js` looks up in `CATEGORIES`:
    /// every variant's number is its name's place in that list.
    #[test]
    fn numbers_follow_the_entry_list() {
        let js = include_str!("../js/errors.js");
        let start = js
            .find("const CATEGORIES = [")
            .expect("CATEGORIES in js/errors.js");
        let body = &js[start..];
        let body = &body[..body.find("];").expect("end of list")];
        let names: Vec<&str> = body.split('\'').skip(1).step_by(2).collect();
        let all = [
            ProviderNotEnabled,
            InvalidCredentials,
            UserNotFound,
            UserStatusAbnormal,
            ServiceError,
            InvalidParams,
            AuthMethodMismatch,
            RateLimited,
            CaptchaRequired,
            CaptchaInvalid,
            MfaRequired,
            PreconditionFailed,
            VerificationFailed,
            Unknown,
        ];
        assert_eq!(names.len(), all.len());
        for c in all {
            assert_eq!(names[c as usize], c.as_str(), "{c:?}");
        }
    }
}
