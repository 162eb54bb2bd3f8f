//! What a sign-in name names, and the rules for usernames and profile fields.

use crate::error::{ApiError, ApiResult};
use crate::phone;
use crate::store::Login;

/// What a sign-in `username` names: a phone (`+…`), an email (`…@…`) or a username.
/// `None` for a malformed phone number, which can match nobody.
pub fn parse_login(username: &str) -> Option<Login> {
    let username = username.trim();
    if username.starts_with('+') {
        phone::to_e164(username).map(Login::Phone)
    } else if username.contains('@') {
        Some(Login::Email(username.to_lowercase()))
    } else {
        Some(Login::Username(username.to_string()))
    }
}

/// Checks a username: 1–64 characters, no `@`, not starting with `+` (those are emails/phones).
pub fn check_username(username: &str) -> ApiResult<()> {
    if username.is_empty()
        || username.chars().count() > 64
        || username.starts_with('+')
        || username.contains('@')
        || username
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ApiError::invalid(
            "username must be 1-64 characters without spaces, must not start with + or contain @",
        ));
    }
    Ok(())
}

/// Checks a gender value.
pub fn check_gender(gender: &str) -> ApiResult<()> {
    match gender {
        "" | "MALE" | "FEMALE" | "UNKNOWN" => Ok(()),
        other => Err(ApiError::invalid(format!(
            "gender {other:?} is not one of MALE, FEMALE, UNKNOWN"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_kinds() {
        assert_eq!(
            parse_login("+1 2025550123"),
            Some(Login::Phone("+12025550123".into()))
        );
        assert_eq!(
            parse_login("+12 025550123"),
            Some(Login::Phone("+12025550123".into()))
        );
        assert_eq!(parse_login("A@B.com"), Some(Login::Email("a@b.com".into())));
        assert_eq!(parse_login("alice"), Some(Login::Username("alice".into())));
        assert_eq!(parse_login("+86 undefined"), None);
    }
}
