//! Run-time settings, changeable through `PATCH /_emulator/config` and `--config FILE`:
//! one [`Overrides`] type, one global layer plus one layer per env, one merge.
//!
//! A layer only holds the fields it set, so a later global change still reaches envs that
//! never touched that field. A patch is deserialized and validated whole before anything is
//! applied: a refused patch changes nothing. Kept in memory: they are test knobs, not data.

use std::collections::{BTreeMap, HashMap};
use std::sync::{RwLock, RwLockReadGuard};

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::trusted_redirect::{domain_matches, redirect_host, valid_domain_pattern};

/// Default minimum password length.
pub const DEFAULT_MIN_PASSWORD_LENGTH: u64 = 8;

/// Default number of failed sign-ins / sends from one device before a captcha is required.
pub const DEFAULT_CAPTCHA_THRESHOLD: u64 = 3;

/// Providers the fake OAuth provider knows; all enabled by default.
pub const KNOWN_PROVIDERS: [&str; 3] = ["google", "github", "wechat"];

/// Hosts trusted on any port whatever the configuration says (spec §3.5).
pub const DEFAULT_TRUSTED_HOSTS: [&str; 2] = ["localhost", "127.0.0.1"];

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
}

/// `login_methods`: one switch per [`LoginMethod`].
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LoginMethods<T = Option<bool>> {
    /// `signin/anonymously`.
    pub anonymous: T,
    /// Password sign-in.
    pub password: T,
    /// E-mail codes.
    pub email_otp: T,
    /// SMS codes.
    pub sms_otp: T,
}

/// One provider's switch: `{"enabled": false}` or just `false`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum ProviderSwitchPatch {
    /// `false` / `true`.
    Bool(bool),
    /// `{"enabled": bool}`.
    Object {
        /// Whether sign-in through this provider is allowed.
        enabled: bool,
    },
}

impl ProviderSwitchPatch {
    fn enabled(self) -> bool {
        match self {
            ProviderSwitchPatch::Bool(b) | ProviderSwitchPatch::Object { enabled: b } => b,
        }
    }
}

/// `{enabled}` of one provider, as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProviderSwitch {
    /// Whether sign-in through this provider is allowed.
    pub enabled: bool,
}

/// `providers`: one switch per known provider.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Providers {
    /// Google.
    pub google: Option<ProviderSwitchPatch>,
    /// GitHub.
    pub github: Option<ProviderSwitchPatch>,
    /// WeChat.
    pub wechat: Option<ProviderSwitchPatch>,
}

impl Providers {
    fn get(&self, name: &str) -> Option<ProviderSwitchPatch> {
        match name {
            "google" => self.google,
            "github" => self.github,
            "wechat" => self.wechat,
            _ => None,
        }
    }
}

/// `captcha`: `{enabled, threshold}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Captcha<B = Option<bool>, N = Option<u64>> {
    /// Off by default.
    pub enabled: B,
    /// Failed sign-ins or verification sends from one device before `captcha_required`.
    pub threshold: N,
}

/// One layer of settings: every field optional, `None` = inherit.
///
/// This is the body of `PATCH /_emulator/config` and of each layer of `--config FILE`.
/// Unknown fields are ignored (the body may carry fields of later versions).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct Overrides {
    /// Access-token lifetime, seconds (> 0).
    pub access_token_ttl: Option<u64>,
    /// Login-method switches.
    pub login_methods: Option<LoginMethods>,
    /// Valid publishable keys (non-empty strings); empty = any key is accepted.
    pub publishable_keys: Option<Vec<String>>,
    /// Minimum length of a new password (1–1024).
    pub min_password_length: Option<u64>,
    /// Fake identity providers.
    pub providers: Option<Providers>,
    /// Extra trusted redirect hosts (`host`, `host:port` or `*.domain`).
    pub trusted_domains: Option<Vec<String>>,
    /// The fake provider's authorize page redirects at once.
    pub oauth_auto_approve: Option<bool>,
    /// Captcha switch and threshold (1–1000).
    pub captcha: Option<Captcha>,
}

/// `top` where it is set, else `base`.
fn pick<T: Clone>(top: &Option<T>, base: &Option<T>) -> Option<T> {
    top.clone().or_else(|| base.clone())
}

/// A nested switch group whose fields merge one by one.
trait Overlay: Clone {
    /// `self` where set, else `base`, field by field.
    fn over(&self, base: &Self) -> Self;
}

impl Overlay for LoginMethods {
    fn over(&self, b: &Self) -> Self {
        LoginMethods {
            anonymous: self.anonymous.or(b.anonymous),
            password: self.password.or(b.password),
            email_otp: self.email_otp.or(b.email_otp),
            sms_otp: self.sms_otp.or(b.sms_otp),
        }
    }
}

impl Overlay for Providers {
    fn over(&self, b: &Self) -> Self {
        Providers {
            google: self.google.or(b.google),
            github: self.github.or(b.github),
            wechat: self.wechat.or(b.wechat),
        }
    }
}

impl Overlay for Captcha {
    fn over(&self, b: &Self) -> Self {
        Captcha {
            enabled: self.enabled.or(b.enabled),
            threshold: self.threshold.or(b.threshold),
        }
    }
}

/// [`pick`] for switch groups: both set merge field by field.
fn overlay<T: Overlay>(top: &Option<T>, base: &Option<T>) -> Option<T> {
    match (top, base) {
        (Some(t), Some(b)) => Some(t.over(b)),
        (t, b) => pick(t, b),
    }
}

impl Overrides {
    /// Parses and validates a patch; the error names the offending field.
    pub fn parse(value: serde_json::Value) -> ApiResult<Overrides> {
        let mut patch: Overrides = serde_path_to_error::deserialize(value)
            .map_err(|e| ApiError::invalid(format!("invalid configuration: {e}")))?;
        patch.validate()?;
        Ok(patch)
    }

    /// Checks ranges and formats (types are checked by deserialization), normalising
    /// trusted domains to lower case.
    fn validate(&mut self) -> ApiResult<()> {
        if self.access_token_ttl == Some(0) {
            return Err(ApiError::invalid(
                "access_token_ttl must be a positive integer",
            ));
        }
        if self
            .publishable_keys
            .as_ref()
            .is_some_and(|keys| keys.iter().any(String::is_empty))
        {
            return Err(ApiError::invalid(
                "publishable_keys must be an array of non-empty strings",
            ));
        }
        if self
            .min_password_length
            .is_some_and(|n| !(1..=1024).contains(&n))
        {
            return Err(ApiError::invalid(
                "min_password_length must be an integer from 1 to 1024",
            ));
        }
        if let Some(domains) = &mut self.trusted_domains {
            for d in domains.iter_mut() {
                *d = d.trim().to_ascii_lowercase();
                if !valid_domain_pattern(d) {
                    return Err(ApiError::invalid(
                        "trusted_domains must be an array of host names (host, host:port or *.domain)",
                    ));
                }
            }
        }
        if self
            .captcha
            .as_ref()
            .and_then(|c| c.threshold)
            .is_some_and(|n| !(1..=1000).contains(&n))
        {
            return Err(ApiError::invalid(
                "captcha.threshold must be an integer from 1 to 1000",
            ));
        }
        Ok(())
    }

    /// This layer with `top` laid over it, field by field (nested switches too).
    pub fn merged(&self, top: &Overrides) -> Overrides {
        Overrides {
            access_token_ttl: top.access_token_ttl.or(self.access_token_ttl),
            login_methods: overlay(&top.login_methods, &self.login_methods),
            publishable_keys: pick(&top.publishable_keys, &self.publishable_keys),
            min_password_length: top.min_password_length.or(self.min_password_length),
            providers: overlay(&top.providers, &self.providers),
            trusted_domains: pick(&top.trusted_domains, &self.trusted_domains),
            oauth_auto_approve: top.oauth_auto_approve.or(self.oauth_auto_approve),
            captcha: overlay(&top.captcha, &self.captcha),
        }
    }
}

/// The settings in force for one env (or the global defaults), as the emulator API shows them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EffectiveSettings {
    /// The env asked about, `null` for the global defaults.
    pub env: Option<String>,
    /// Access-token lifetime in seconds.
    pub access_token_ttl: u64,
    /// The global value it falls back to.
    pub default_access_token_ttl: u64,
    /// `{anonymous, password, email_otp, sms_otp}` booleans.
    pub login_methods: LoginMethods<bool>,
    /// Valid publishable keys; empty = any key is accepted.
    pub publishable_keys: Vec<String>,
    /// Minimum length of a new password.
    pub min_password_length: u64,
    /// `{google:{enabled}, github:{enabled}, wechat:{enabled}}`.
    pub providers: BTreeMap<&'static str, ProviderSwitch>,
    /// Extra trusted redirect hosts; localhost and 127.0.0.1 are always trusted.
    pub trusted_domains: Vec<String>,
    /// The fake provider's authorize page redirects at once instead of showing the chooser.
    pub oauth_auto_approve: bool,
    /// Captcha switch.
    pub captcha: Captcha<bool, u64>,
}

impl EffectiveSettings {
    /// Fills every unset field of `layer` with its default.
    fn resolve(env: Option<&str>, layer: &Overrides, global_ttl: u64) -> EffectiveSettings {
        let methods = layer.login_methods.clone().unwrap_or_default();
        let providers = layer.providers.clone().unwrap_or_default();
        let captcha = layer.captcha.clone().unwrap_or_default();
        EffectiveSettings {
            env: env.map(str::to_string),
            access_token_ttl: layer.access_token_ttl.unwrap_or(global_ttl),
            default_access_token_ttl: global_ttl,
            login_methods: LoginMethods {
                anonymous: methods.anonymous.unwrap_or(true),
                password: methods.password.unwrap_or(true),
                email_otp: methods.email_otp.unwrap_or(true),
                sms_otp: methods.sms_otp.unwrap_or(true),
            },
            publishable_keys: layer.publishable_keys.clone().unwrap_or_default(),
            min_password_length: layer
                .min_password_length
                .unwrap_or(DEFAULT_MIN_PASSWORD_LENGTH),
            providers: KNOWN_PROVIDERS
                .iter()
                .map(|p| {
                    let enabled = providers.get(p).is_none_or(ProviderSwitchPatch::enabled);
                    (*p, ProviderSwitch { enabled })
                })
                .collect(),
            trusted_domains: layer.trusted_domains.clone().unwrap_or_default(),
            oauth_auto_approve: layer.oauth_auto_approve.unwrap_or(false),
            captcha: Captcha {
                enabled: captcha.enabled.unwrap_or(false),
                threshold: captcha.threshold.unwrap_or(DEFAULT_CAPTCHA_THRESHOLD),
            },
        }
    }

    /// Whether `method` is on.
    pub fn allows(&self, method: LoginMethod) -> bool {
        let m = &self.login_methods;
        match method {
            LoginMethod::Anonymous => m.anonymous,
            LoginMethod::Password => m.password,
            LoginMethod::EmailOtp => m.email_otp,
            LoginMethod::SmsOtp => m.sms_otp,
        }
    }
}

#[derive(Debug, Default)]
struct Layers {
    global: Overrides,
    envs: HashMap<String, Overrides>,
}

/// Global settings plus per-env overrides.
#[derive(Debug)]
pub struct Settings {
    /// `--access-token-ttl`: the lifetime when no layer sets one.
    start_ttl: u64,
    layers: RwLock<Layers>,
}

impl Settings {
    /// Settings with the given default access-token lifetime and nothing overridden.
    pub fn new(default_access_token_ttl: u64) -> Self {
        Settings {
            start_ttl: default_access_token_ttl,
            layers: RwLock::new(Layers::default()),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Layers> {
        self.layers.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Lays a validated patch over `env`'s layer (or the global layer for `None`).
    pub fn apply(&self, env: Option<&str>, patch: &Overrides) {
        let mut layers = self.layers.write().unwrap_or_else(|e| e.into_inner());
        let layer = match env {
            Some(e) => layers.envs.entry(e.to_string()).or_default(),
            None => &mut layers.global,
        };
        *layer = layer.merged(patch);
    }

    /// What applies to `env` (or the global defaults for `None`).
    pub fn effective(&self, env: Option<&str>) -> EffectiveSettings {
        let layers = self.read();
        let global_ttl = layers.global.access_token_ttl.unwrap_or(self.start_ttl);
        let merged = match env.and_then(|e| layers.envs.get(e)) {
            Some(local) => layers.global.merged(local),
            None => layers.global.clone(),
        };
        EffectiveSettings::resolve(env, &merged, global_ttl)
    }

    /// Access-token lifetime for `env`, in seconds.
    pub fn access_token_ttl(&self, env: &str) -> u64 {
        let layers = self.read();
        layers
            .envs
            .get(env)
            .and_then(|l| l.access_token_ttl)
            .or(layers.global.access_token_ttl)
            .unwrap_or(self.start_ttl)
    }

    /// `Err(login_type_disabled)` when `method` is off in `env`.
    pub fn require(&self, env: &str, method: LoginMethod) -> ApiResult<()> {
        if self.effective(Some(env)).allows(method) {
            return Ok(());
        }
        Err(ApiError::LoginTypeDisabled(format!(
            "login method {} is disabled in env {env}",
            method.name()
        )))
    }

    /// `Err(invalid_password)` when `password` is shorter than the env's minimum.
    pub fn check_new_password(&self, env: &str, password: &str) -> ApiResult<()> {
        let min = self.effective(Some(env)).min_password_length;
        if (password.chars().count() as u64) < min {
            return Err(ApiError::InvalidPassword(format!(
                "password must be at least {min} characters"
            )));
        }
        Ok(())
    }

    /// The env whose own configuration lists publishable key `key` (first in name order
    /// when several do, so the answer is stable).
    pub fn env_of_key(&self, key: &str) -> Option<String> {
        let layers = self.read();
        let mut envs: Vec<&String> = layers
            .envs
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

    /// `Err(provider_not_enabled)` unless `provider` is known and enabled in `env`.
    pub fn require_provider(&self, env: &str, provider: &str) -> ApiResult<&'static str> {
        let known = KNOWN_PROVIDERS
            .iter()
            .find(|p| **p == provider)
            .ok_or_else(|| {
                ApiError::ProviderNotEnabled(format!(
                    "identity provider {provider:?} is not enabled (known: google, github, wechat)"
                ))
            })?;
        if self.effective(Some(env)).providers[known].enabled {
            Ok(known)
        } else {
            Err(ApiError::ProviderNotEnabled(format!(
                "identity provider {provider} is not enabled in env {env}"
            )))
        }
    }

    /// Whether `redirect_uri` is an absolute http(s) URL whose host is trusted in `env`.
    pub fn is_trusted_redirect(&self, env: &str, redirect_uri: &str) -> bool {
        let Some((host, port)) = redirect_host(redirect_uri) else {
            return false;
        };
        if DEFAULT_TRUSTED_HOSTS.contains(&host.as_str()) {
            return true;
        }
        self.effective(Some(env))
            .trusted_domains
            .iter()
            .any(|pattern| domain_matches(pattern, &host, port.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(s: &Settings, env: Option<&str>, v: serde_json::Value) -> ApiResult<()> {
        s.apply(env, &Overrides::parse(v)?);
        Ok(())
    }

    #[test]
    fn ttl_per_env_and_global() {
        let s = Settings::new(7200);
        patch(&s, Some("a"), json!({"access_token_ttl": 1})).unwrap();
        assert_eq!(s.access_token_ttl("a"), 1);
        assert_eq!(s.access_token_ttl("b"), 7200);
        patch(&s, None, json!({"access_token_ttl": 60})).unwrap();
        assert_eq!(s.access_token_ttl("b"), 60);
        assert_eq!(s.effective(Some("a")).access_token_ttl, 1);
        assert_eq!(s.effective(Some("a")).default_access_token_ttl, 60);
        assert_eq!(s.effective(None).access_token_ttl, 60);
    }

    #[test]
    fn layers_merge_field_by_field() {
        let s = Settings::new(7200);
        assert_eq!(s.effective(Some("a")).min_password_length, 8);
        patch(
            &s,
            Some("a"),
            json!({"login_methods": {"password": false}, "publishable_keys": ["k1"]}),
        )
        .unwrap();
        patch(
            &s,
            None,
            json!({"min_password_length": 4, "login_methods": {"sms_otp": false}}),
        )
        .unwrap();
        assert!(s.require("a", LoginMethod::Password).is_err());
        assert!(s.require("a", LoginMethod::SmsOtp).is_err());
        assert!(s.require("a", LoginMethod::EmailOtp).is_ok());
        assert!(s.require("b", LoginMethod::Password).is_ok());
        assert_eq!(s.effective(Some("a")).min_password_length, 4);
        assert_eq!(s.env_of_key("k1").as_deref(), Some("a"));
        assert!(s.key_allowed("b", "anything"));
        assert!(!s.key_allowed("a", "other"));
        assert!(s.check_new_password("b", "abcd").is_ok());
        assert!(s.check_new_password("b", "abc").is_err());
        patch(
            &s,
            Some("a"),
            json!({"providers": {"github": {"enabled": false}, "google": false}, "captcha": {"enabled": true}}),
        )
        .unwrap();
        patch(&s, None, json!({"captcha": {"threshold": 2}})).unwrap();
        assert!(s.require_provider("a", "github").is_err());
        assert!(s.require_provider("a", "google").is_err());
        assert!(s.require_provider("a", "wechat").is_ok());
        assert!(s.require_provider("b", "github").is_ok());
        assert!(s.require_provider("a", "twitter").is_err());
        let a = s.effective(Some("a"));
        assert_eq!(
            a.captcha,
            Captcha {
                enabled: true,
                threshold: 2
            }
        );
        // Earlier fields of the same nested switch survive a later patch.
        assert!(!a.login_methods.password);
    }

    #[test]
    fn refused_patches_change_nothing() {
        let s = Settings::new(7200);
        let before = s.effective(Some("a"));
        for bad in [
            json!({"login_methods": {"password": false}, "access_token_ttl": 0}),
            json!({"oauth_auto_approve": true, "captcha": {"threshold": 0}}),
            json!({"login_methods": {"fax": true}}),
            json!({"login_methods": {"password": 1}}),
            json!({"publishable_keys": "k"}),
            json!({"publishable_keys": [""]}),
            json!({"min_password_length": -1}),
            json!({"min_password_length": 2000}),
            json!({"providers": {"twitter": false}}),
            json!({"trusted_domains": ["a b"]}),
            json!({"access_token_ttl": "x"}),
        ] {
            assert!(patch(&s, Some("a"), bad.clone()).is_err(), "{bad}");
        }
        assert_eq!(s.effective(Some("a")), before);
    }

    #[test]
    fn trusted_redirects() {
        let s = Settings::new(7200);
        assert!(s.is_trusted_redirect("a", "http://localhost:5173/cb"));
        assert!(s.is_trusted_redirect("a", "http://127.0.0.1/"));
        assert!(!s.is_trusted_redirect("a", "https://evil.example/cb"));
        patch(
            &s,
            Some("a"),
            json!({"trusted_domains": ["App.Example.com", "*.corp.example", "x.example:8443"]}),
        )
        .unwrap();
        assert!(s.is_trusted_redirect("a", "https://app.example.com/cb?x=1"));
        assert!(s.is_trusted_redirect("a", "https://a.corp.example/"));
        assert!(!s.is_trusted_redirect("a", "https://corp.example/"));
        assert!(s.is_trusted_redirect("a", "https://x.example:8443/"));
        assert!(!s.is_trusted_redirect("a", "https://x.example/"));
        assert!(!s.is_trusted_redirect("b", "https://app.example.com/cb"));
    }
}
