//! Per-env login policy, changeable through `/_emulator/config` and the config file:
//! which login methods are on, which publishable keys are valid, the minimum password
//! length. A global policy plus per-env overrides (an override only holds the fields it set,
//! so a later global change still reaches envs that never touched that field).

use std::collections::HashMap;
use std::sync::RwLock;

use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// Default minimum password length.
pub const DEFAULT_MIN_PASSWORD_LENGTH: usize = 8;

/// A login method that can be turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginMethod {
    /// `signin/anonymously`.
    Anonymous,
    /// `signin` with a password.
    Password,
    /// Verification codes sent to an email address.
    EmailOtp,
    /// Verification codes sent by SMS.
    SmsOtp,
}

impl LoginMethod {
    /// The name used in configuration.
    pub fn name(self) -> &'static str {
        match self {
            LoginMethod::Anonymous => "anonymous",
            LoginMethod::Password => "password",
            LoginMethod::EmailOtp => "email_otp",
            LoginMethod::SmsOtp => "sms_otp",
        }
    }

    const ALL: [LoginMethod; 4] = [
        LoginMethod::Anonymous,
        LoginMethod::Password,
        LoginMethod::EmailOtp,
        LoginMethod::SmsOtp,
    ];
}

/// The policy in force for one env, as the emulator API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EffectivePolicy {
    /// `{anonymous, password, email_otp, sms_otp}` booleans.
    pub login_methods: HashMap<&'static str, bool>,
    /// Valid publishable keys; empty = any key is accepted.
    pub publishable_keys: Vec<String>,
    /// Minimum length of a new password.
    pub min_password_length: usize,
}

#[derive(Debug, Clone, Default)]
struct Layer {
    login_methods: HashMap<&'static str, bool>,
    publishable_keys: Option<Vec<String>>,
    min_password_length: Option<usize>,
}

/// Global policy plus per-env overrides.
#[derive(Debug, Default)]
pub struct Policies {
    inner: RwLock<(Layer, HashMap<String, Layer>)>,
}

impl Policies {
    /// What applies to `env` (or the global policy for `None`).
    pub fn effective(&self, env: Option<&str>) -> EffectivePolicy {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let (global, envs) = &*inner;
        let local = env.and_then(|e| envs.get(e));
        let login_methods = LoginMethod::ALL
            .iter()
            .map(|m| {
                let on = local
                    .and_then(|l| l.login_methods.get(m.name()))
                    .or_else(|| global.login_methods.get(m.name()))
                    .copied()
                    .unwrap_or(true);
                (m.name(), on)
            })
            .collect();
        EffectivePolicy {
            login_methods,
            publishable_keys: local
                .and_then(|l| l.publishable_keys.clone())
                .or_else(|| global.publishable_keys.clone())
                .unwrap_or_default(),
            min_password_length: local
                .and_then(|l| l.min_password_length)
                .or(global.min_password_length)
                .unwrap_or(DEFAULT_MIN_PASSWORD_LENGTH),
        }
    }

    /// `Err(login_type_disabled)` when `method` is off in `env`.
    pub fn require(&self, env: &str, method: LoginMethod) -> ApiResult<()> {
        if self.effective(Some(env)).login_methods[method.name()] {
            Ok(())
        } else {
            Err(ApiError::LoginTypeDisabled(format!(
                "login method {} is disabled in env {env}",
                method.name()
            )))
        }
    }

    /// `Err(invalid_password)` when `password` is shorter than the env's minimum.
    pub fn check_new_password(&self, env: &str, password: &str) -> ApiResult<()> {
        let min = self.effective(Some(env)).min_password_length;
        if password.chars().count() < min {
            return Err(ApiError::InvalidPassword(format!(
                "password must be at least {min} characters"
            )));
        }
        Ok(())
    }

    /// The env whose own configuration lists publishable key `key`, if exactly one does
    /// (first in name order otherwise, so the answer is stable).
    pub fn env_of_key(&self, key: &str) -> Option<String> {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let mut envs: Vec<&String> = inner
            .1
            .iter()
            .filter(|(_, l)| {
                l.publishable_keys
                    .as_ref()
                    .is_some_and(|k| k.iter().any(|k| k == key))
            })
            .map(|(e, _)| e)
            .collect();
        envs.sort();
        envs.first().map(|e| e.to_string())
    }

    /// Whether `key` is a valid publishable key of `env` (an empty list accepts any key).
    pub fn key_allowed(&self, env: &str, key: &str) -> bool {
        let keys = self.effective(Some(env)).publishable_keys;
        keys.is_empty() || keys.iter().any(|k| k == key)
    }

    /// Applies the policy fields of a config patch (`login_methods`, `publishable_keys`,
    /// `min_password_length`); other fields are ignored. Validates everything before
    /// changing anything.
    pub fn apply_patch(&self, env: Option<&str>, patch: &Value) -> ApiResult<()> {
        let mut methods = Vec::new();
        match patch.get("login_methods") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, on) in map {
                    let method = LoginMethod::ALL
                        .iter()
                        .find(|m| m.name() == name)
                        .ok_or_else(|| {
                            ApiError::invalid(format!(
                                "unknown login method {name:?} (anonymous, password, email_otp, sms_otp)"
                            ))
                        })?;
                    let on = on.as_bool().ok_or_else(|| {
                        ApiError::invalid(format!("login_methods.{name} must be a boolean"))
                    })?;
                    methods.push((method.name(), on));
                }
            }
            Some(_) => return Err(ApiError::invalid("login_methods must be an object")),
        }
        let keys = match patch.get("publishable_keys") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|k| match k.as_str() {
                        Some(s) if !s.is_empty() => Ok(s.to_string()),
                        _ => Err(ApiError::invalid(
                            "publishable_keys must be an array of non-empty strings",
                        )),
                    })
                    .collect::<ApiResult<Vec<_>>>()?,
            ),
            Some(_) => {
                return Err(ApiError::invalid(
                    "publishable_keys must be an array of strings",
                ))
            }
        };
        let min = match patch.get("min_password_length") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .filter(|n| (1..=1024).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid("min_password_length must be an integer from 1 to 1024")
                    })? as usize,
            ),
        };
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let (global, envs) = &mut *inner;
        let layer = match env {
            Some(e) => envs.entry(e.to_string()).or_default(),
            None => global,
        };
        layer.login_methods.extend(methods);
        if keys.is_some() {
            layer.publishable_keys = keys;
        }
        if min.is_some() {
            layer.min_password_length = min;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layers_and_validation() {
        let p = Policies::default();
        assert_eq!(p.effective(Some("a")).min_password_length, 8);
        p.apply_patch(
            Some("a"),
            &json!({"login_methods": {"password": false}, "publishable_keys": ["k1"]}),
        )
        .unwrap();
        p.apply_patch(None, &json!({"min_password_length": 4}))
            .unwrap();
        assert!(p.require("a", LoginMethod::Password).is_err());
        assert!(p.require("b", LoginMethod::Password).is_ok());
        assert_eq!(p.effective(Some("a")).min_password_length, 4);
        assert_eq!(p.env_of_key("k1").as_deref(), Some("a"));
        assert!(p.key_allowed("b", "anything"));
        assert!(!p.key_allowed("a", "other"));
        assert!(p
            .apply_patch(None, &json!({"login_methods": {"x": true}}))
            .is_err());
        assert!(p
            .apply_patch(None, &json!({"login_methods": {"password": 1}}))
            .is_err());
        assert!(p
            .apply_patch(None, &json!({"publishable_keys": "k"}))
            .is_err());
        assert!(p
            .apply_patch(None, &json!({"min_password_length": -1}))
            .is_err());
        assert!(p.check_new_password("b", "abcd").is_ok());
        assert!(p.check_new_password("b", "abc").is_err());
    }
}
