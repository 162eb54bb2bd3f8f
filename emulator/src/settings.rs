//! Run-time settings, changeable through `/_emulator/config`: a global default and
//! per-env overrides, so one browser test can shorten token lifetimes without
//! affecting others. Kept in memory: they are test knobs, not data.

use std::collections::HashMap;
use std::sync::RwLock;

use serde::Serialize;

/// Settings store.
#[derive(Debug)]
pub struct Settings {
    inner: RwLock<Inner>,
    /// Login methods, publishable keys, password length (global and per env).
    pub policy: crate::policy::Policies,
    /// Identity providers, trusted domains, OAuth auto-approval, captcha (global and per env).
    pub oauth: crate::oauth_settings::OAuthSettings,
}

#[derive(Debug)]
struct Inner {
    default_access_token_ttl: u64,
    access_token_ttl: HashMap<String, u64>,
}

/// The settings in force for one env (or the defaults), as the emulator API shows them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EffectiveSettings {
    /// The env asked about, `null` for the global defaults.
    pub env: Option<String>,
    /// Access-token lifetime in seconds.
    pub access_token_ttl: u64,
    /// The global default it falls back to.
    pub default_access_token_ttl: u64,
    /// Login methods, publishable keys, minimum password length.
    #[serde(flatten)]
    pub policy: crate::policy::EffectivePolicy,
    /// `providers`, `trusted_domains`, `oauth_auto_approve`, `captcha`.
    #[serde(flatten)]
    pub oauth: crate::oauth_settings::EffectiveOAuth,
}

impl Settings {
    /// Settings with the given default access-token lifetime.
    pub fn new(default_access_token_ttl: u64) -> Self {
        Settings {
            inner: RwLock::new(Inner {
                default_access_token_ttl,
                access_token_ttl: HashMap::new(),
            }),
            policy: crate::policy::Policies::default(),
            oauth: crate::oauth_settings::OAuthSettings::default(),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Access-token lifetime for `env`, in seconds.
    pub fn access_token_ttl(&self, env: &str) -> u64 {
        let inner = self.read();
        inner
            .access_token_ttl
            .get(env)
            .copied()
            .unwrap_or(inner.default_access_token_ttl)
    }

    /// Sets the lifetime for `env`, or the global default when `env` is `None`.
    pub fn set_access_token_ttl(&self, env: Option<&str>, ttl: u64) {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        match env {
            Some(env) => {
                inner.access_token_ttl.insert(env.to_string(), ttl);
            }
            None => inner.default_access_token_ttl = ttl,
        }
    }

    /// What applies to `env` (or the defaults).
    pub fn effective(&self, env: Option<&str>) -> EffectiveSettings {
        let default = self.read().default_access_token_ttl;
        EffectiveSettings {
            env: env.map(str::to_string),
            access_token_ttl: env.map_or(default, |e| self.access_token_ttl(e)),
            default_access_token_ttl: default,
            policy: self.policy.effective(env),
            oauth: self.oauth.effective(env),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_env_override() {
        let s = Settings::new(7200);
        s.set_access_token_ttl(Some("a"), 1);
        assert_eq!(s.access_token_ttl("a"), 1);
        assert_eq!(s.access_token_ttl("b"), 7200);
        s.set_access_token_ttl(None, 60);
        assert_eq!(s.access_token_ttl("b"), 60);
        assert_eq!(s.effective(Some("a")).access_token_ttl, 1);
        assert_eq!(s.effective(None).access_token_ttl, 60);
    }
}
