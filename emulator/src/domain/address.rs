//! E-mail and phone addresses that codes go to and users are found by.

use crate::error::{ApiError, ApiResult};
use crate::phone;
use crate::settings::LoginMethod;
use crate::store::Login;

/// Where a code goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// An email address.
    Email,
    /// A phone number (SMS).
    Phone,
}

impl Channel {
    /// `email` or `phone`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
        }
    }

    /// The login method a code on this channel belongs to.
    pub fn method(self) -> LoginMethod {
        match self {
            Channel::Email => LoginMethod::EmailOtp,
            Channel::Phone => LoginMethod::SmsOtp,
        }
    }
}

/// A normalised address: lower-cased email or E.164 phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub channel: Channel,
    pub value: String,
}

impl Address {
    /// The login that finds its user.
    pub fn login(&self) -> Login {
        match self.channel {
            Channel::Email => Login::Email(self.value.clone()),
            Channel::Phone => Login::Phone(self.value.clone()),
        }
    }
}

/// Whether `email` looks like `local@domain.tld` (no spaces, one `@`).
pub fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Exactly one of `email` / `phone_number`, validated: `invalid_argument` for a malformed
/// email or a missing/duplicate address, `invalid_phone` for a malformed phone.
pub fn parse_address(email: Option<String>, phone: Option<String>) -> ApiResult<Address> {
    let email = email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    let phone = phone
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    match (email, phone) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "give either email or phone_number, not both",
        )),
        (None, None) => Err(ApiError::invalid("email or phone_number is required")),
        (Some(e), None) if email_ok(&e) => Ok(Address {
            channel: Channel::Email,
            value: e.to_lowercase(),
        }),
        (Some(e), None) => Err(ApiError::invalid(format!("email {e:?} is malformed"))),
        (None, Some(p)) => match phone::to_e164(&p) {
            Some(value) => Ok(Address {
                channel: Channel::Phone,
                value,
            }),
            None => Err(ApiError::InvalidPhone(format!(
                "phone_number {p:?} is malformed (expected +CC NNN...)"
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(email_ok("a@b.co"));
        assert!(!email_ok("a@b"));
        assert!(!email_ok("@b.co"));
        assert!(!email_ok("a b@c.co"));
        assert!(matches!(
            parse_address(None, Some("+86 undefined".into())),
            Err(ApiError::InvalidPhone(_))
        ));
        assert!(matches!(
            parse_address(Some("nope".into()), None),
            Err(ApiError::InvalidArgument(_))
        ));
        assert_eq!(
            parse_address(None, Some("13800138000".into()))
                .unwrap()
                .value,
            "+8613800138000"
        );
        assert_eq!(
            parse_address(Some("A@B.co".into()), None).unwrap().value,
            "a@b.co"
        );
    }
}
