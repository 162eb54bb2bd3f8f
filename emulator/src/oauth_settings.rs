//! Per-env OAuth and captcha settings, changeable through `PATCH /_emulator/config`:
//! which fake identity providers are enabled, the trusted (protected) redirect domains,
//! whether the fake provider approves at once, and the captcha switch and threshold.
//! A global layer plus per-env overrides holding only the fields they set.

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// Providers the fake OAuth provider knows; all enabled by default.
pub const KNOWN_PROVIDERS: [&str; 3] = ["google", "github", "wechat"];

/// Hosts trusted on any port whatever the configuration says (spec §3.5).
pub const DEFAULT_TRUSTED_HOSTS: [&str; 2] = ["localhost", "127.0.0.1"];

/// Default number of failed sign-ins / sends from one device before a captcha is required.
pub const DEFAULT_CAPTCHA_THRESHOLD: u64 = 3;

/// `{enabled}` of one provider.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProviderSwitch {
    /// Whether sign-in through this provider is allowed.
    pub enabled: bool,
}

/// `{enabled, threshold}` of the captcha.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CaptchaConfig {
    /// Off by default.
    pub enabled: bool,
    /// Failed sign-ins or verification sends from one device before `captcha_required`.
    pub threshold: u64,
}

/// The settings in force for one env, as the emulator API shows them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EffectiveOAuth {
    /// `{google:{enabled}, github:{enabled}, wechat:{enabled}}`.
    pub providers: BTreeMap<&'static str, ProviderSwitch>,
    /// Extra trusted redirect hosts (`host`, `host:port` or `*.domain`); localhost and
    /// 127.0.0.1 are always trusted.
    pub trusted_domains: Vec<String>,
    /// The fake provider's authorize page redirects at once instead of showing the chooser.
    pub oauth_auto_approve: bool,
    /// Captcha switch.
    pub captcha: CaptchaConfig,
}

#[derive(Debug, Clone, Default)]
struct Layer {
    providers: HashMap<&'static str, bool>,
    trusted_domains: Option<Vec<String>>,
    oauth_auto_approve: Option<bool>,
    captcha_enabled: Option<bool>,
    captcha_threshold: Option<u64>,
}

/// A validated config patch (see [`OAuthSettings::parse_patch`]).
#[derive(Debug, Default)]
pub struct OAuthPatch {
    providers: Vec<(&'static str, bool)>,
    domains: Option<Vec<String>>,
    auto: Option<bool>,
    c_enabled: Option<bool>,
    c_threshold: Option<u64>,
}

/// Global settings plus per-env overrides.
#[derive(Debug, Default)]
pub struct OAuthSettings {
    inner: RwLock<(Layer, HashMap<String, Layer>)>,
}

impl OAuthSettings {
    /// What applies to `env` (or the global layer for `None`).
    pub fn effective(&self, env: Option<&str>) -> EffectiveOAuth {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let (global, envs) = &*inner;
        let local = env.and_then(|e| envs.get(e));
        let pick_bool = |f: fn(&Layer) -> Option<bool>, default: bool| {
            local.and_then(f).or_else(|| f(global)).unwrap_or(default)
        };
        EffectiveOAuth {
            providers: KNOWN_PROVIDERS
                .iter()
                .map(|p| {
                    let on = local
                        .and_then(|l| l.providers.get(p))
                        .or_else(|| global.providers.get(p))
                        .copied()
                        .unwrap_or(true);
                    (*p, ProviderSwitch { enabled: on })
                })
                .collect(),
            trusted_domains: local
                .and_then(|l| l.trusted_domains.clone())
                .or_else(|| global.trusted_domains.clone())
                .unwrap_or_default(),
            oauth_auto_approve: pick_bool(|l| l.oauth_auto_approve, false),
            captcha: CaptchaConfig {
                enabled: pick_bool(|l| l.captcha_enabled, false),
                threshold: local
                    .and_then(|l| l.captcha_threshold)
                    .or(global.captcha_threshold)
                    .unwrap_or(DEFAULT_CAPTCHA_THRESHOLD),
            },
        }
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

    /// Applies `providers`, `trusted_domains`, `oauth_auto_approve` and `captcha` of a config
    /// patch; other fields are ignored. Validates everything before changing anything.
    pub fn apply_patch(&self, env: Option<&str>, patch: &Value) -> ApiResult<()> {
        let parsed = Self::parse_patch(patch)?;
        self.apply(env, parsed);
        Ok(())
    }

    /// Validates the fields of a config patch this module owns, changing nothing.
    pub fn parse_patch(patch: &Value) -> ApiResult<OAuthPatch> {
        let mut providers = Vec::new();
        match patch.get("providers") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, v) in map {
                    let p = KNOWN_PROVIDERS.iter().find(|p| *p == name).ok_or_else(|| {
                        ApiError::invalid(format!(
                            "unknown provider {name:?} (google, github, wechat)"
                        ))
                    })?;
                    let on = match v {
                        Value::Bool(b) => *b,
                        Value::Object(o) => {
                            o.get("enabled").and_then(Value::as_bool).ok_or_else(|| {
                                ApiError::invalid(format!(
                                    "providers.{name}.enabled must be a boolean"
                                ))
                            })?
                        }
                        _ => {
                            return Err(ApiError::invalid(format!(
                                "providers.{name} must be {{\"enabled\": bool}}"
                            )))
                        }
                    };
                    providers.push((*p, on));
                }
            }
            Some(_) => return Err(ApiError::invalid("providers must be an object")),
        }
        let domains = match patch.get("trusted_domains") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|d| match d.as_str().map(|s| s.trim().to_ascii_lowercase()) {
                        Some(s) if valid_domain_pattern(&s) => Ok(s),
                        _ => Err(ApiError::invalid(
                            "trusted_domains must be an array of host names (host, host:port or *.domain)",
                        )),
                    })
                    .collect::<ApiResult<Vec<_>>>()?,
            ),
            Some(_) => return Err(ApiError::invalid("trusted_domains must be an array")),
        };
        let auto = match patch.get("oauth_auto_approve") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(ApiError::invalid("oauth_auto_approve must be a boolean")),
        };
        let (mut c_enabled, mut c_threshold) = (None, None);
        match patch.get("captcha") {
            None | Some(Value::Null) => {}
            Some(Value::Object(o)) => {
                match o.get("enabled") {
                    None | Some(Value::Null) => {}
                    Some(Value::Bool(b)) => c_enabled = Some(*b),
                    Some(_) => return Err(ApiError::invalid("captcha.enabled must be a boolean")),
                }
                match o.get("threshold") {
                    None | Some(Value::Null) => {}
                    Some(v) => {
                        c_threshold =
                            Some(v.as_u64().filter(|n| (1..=1000).contains(n)).ok_or_else(
                                || {
                                    ApiError::invalid(
                                        "captcha.threshold must be an integer from 1 to 1000",
                                    )
                                },
                            )?)
                    }
                }
            }
            Some(_) => return Err(ApiError::invalid("captcha must be an object")),
        }
        Ok(OAuthPatch {
            providers,
            domains,
            auto,
            c_enabled,
            c_threshold,
        })
    }

    /// Applies a validated patch to `env` (or the global layer).
    pub fn apply(&self, env: Option<&str>, patch: OAuthPatch) {
        let OAuthPatch {
            providers,
            domains,
            auto,
            c_enabled,
            c_threshold,
        } = patch;
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let layer = match env {
            Some(e) => inner.1.entry(e.to_string()).or_default(),
            None => &mut inner.0,
        };
        for (p, on) in providers {
            layer.providers.insert(p, on);
        }
        if domains.is_some() {
            layer.trusted_domains = domains;
        }
        if auto.is_some() {
            layer.oauth_auto_approve = auto;
        }
        if c_enabled.is_some() {
            layer.captcha_enabled = c_enabled;
        }
        if c_threshold.is_some() {
            layer.captcha_threshold = c_threshold;
        }
    }

    /// Forgets every override (global and per env).
    pub fn reset(&self, env: Option<&str>) {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        match env {
            Some(e) => {
                inner.1.remove(e);
            }
            None => *inner = Default::default(),
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

fn valid_domain_pattern(s: &str) -> bool {
    let body = s.strip_prefix("*.").unwrap_or(s);
    !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// `host` (lower-cased) and optional port of an absolute http(s) URL; `None` for anything
/// else, including URLs with user info (`http://trusted@evil/`).
pub fn redirect_host(uri: &str) -> Option<(String, Option<String>)> {
    let lower = uri.trim();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
        .or_else(|| {
            let l = lower.to_ascii_lowercase();
            if l.starts_with("http://") {
                Some(&lower[7..])
            } else if l.starts_with("https://") {
                Some(&lower[8..])
            } else {
                None
            }
        })?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.is_empty() || authority.contains('@') || authority.contains('\\') {
        return None;
    }
    let (host, port) = if let Some(stripped) = authority.strip_prefix('[') {
        let close = stripped.find(']')?;
        let host = format!("[{}]", &stripped[..close]);
        let after = &stripped[close + 1..];
        (host, after.strip_prefix(':').map(str::to_string))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.to_string())),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() || port.as_deref().is_some_and(|p| p.parse::<u16>().is_err()) {
        return None;
    }
    Some((host.to_ascii_lowercase(), port))
}

fn domain_matches(pattern: &str, host: &str, port: Option<&str>) -> bool {
    let (p_host, p_port) = match pattern.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || pattern.starts_with('[') => {
            if p.chars().all(|c| c.is_ascii_digit()) {
                (h, Some(p))
            } else {
                (pattern, None)
            }
        }
        _ => (pattern, None),
    };
    if p_port.is_some_and(|pp| Some(pp) != port) {
        return false;
    }
    match p_host.strip_prefix("*.") {
        Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
        None => host == p_host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_overrides() {
        let s = OAuthSettings::default();
        let e = s.effective(Some("a"));
        assert!(e.providers.values().all(|p| p.enabled));
        assert!(!e.captcha.enabled);
        assert!(!e.oauth_auto_approve);
        s.apply_patch(
            Some("a"),
            &json!({"providers": {"github": {"enabled": false}}, "captcha": {"enabled": true, "threshold": 2}}),
        )
        .unwrap();
        assert!(s.require_provider("a", "github").is_err());
        assert!(s.require_provider("b", "github").is_ok());
        assert!(s.require_provider("a", "twitter").is_err());
        assert_eq!(s.effective(Some("a")).captcha.threshold, 2);
        // A bad patch changes nothing.
        assert!(s
            .apply_patch(
                Some("a"),
                &json!({"oauth_auto_approve": true, "captcha": {"threshold": 0}})
            )
            .is_err());
        assert!(!s.effective(Some("a")).oauth_auto_approve);
        s.reset(Some("a"));
        assert!(s.require_provider("a", "github").is_ok());
    }

    #[test]
    fn trusted_redirects() {
        let s = OAuthSettings::default();
        assert!(s.is_trusted_redirect("a", "http://localhost:5173/cb"));
        assert!(s.is_trusted_redirect("a", "http://127.0.0.1/"));
        assert!(s.is_trusted_redirect("a", "HTTP://LOCALHOST:1"));
        assert!(!s.is_trusted_redirect("a", "https://evil.example/cb"));
        assert!(!s.is_trusted_redirect("a", "http://localhost@evil.example/"));
        assert!(!s.is_trusted_redirect("a", "javascript:alert(1)"));
        assert!(!s.is_trusted_redirect("a", "/relative"));
        assert!(!s.is_trusted_redirect("a", "http://localhost:99999/"));
        s.apply_patch(
            Some("a"),
            &json!({"trusted_domains": ["app.example.com", "*.corp.example", "x.example:8443"]}),
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
