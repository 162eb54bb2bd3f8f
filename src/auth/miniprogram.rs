//! WeChat mini-program sign-in (spec §2.1, §8): not available in a browser.

use super::Auth;
use crate::error::{codes, AuthError};

/// The error of a mini-program-only method called in a browser (spec §12).
pub fn mini_program_only(method: &str) -> AuthError {
    let mut m = String::from(method);
    m.push_str(" is only available in a WeChat mini-program");
    AuthError::new(codes::UNIMPLEMENTED, m)
}

impl Auth {
    /// Always `unimplemented` here: needs `wx.login` (WeChat mini-program only).
    pub async fn sign_in_with_open_id(&self) -> Result<(), AuthError> {
        Err(mini_program_only("signInWithOpenId"))
    }

    /// Always `unimplemented` here: needs `wx.login` (WeChat mini-program only).
    pub async fn sign_in_with_phone_auth(&self) -> Result<(), AuthError> {
        Err(mini_program_only("signInWithPhoneAuth"))
    }
}
