//! In-memory captcha state (see `routes::captcha` for the endpoints and the gate).

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

/// A captcha challenge waiting for its answer.
#[derive(Debug, Clone, Serialize)]
pub struct Challenge {
    /// Token of `captcha/data`.
    pub token: String,
    /// The text the image shows.
    pub answer: String,
    /// Env of the request that made it.
    #[serde(skip)]
    pub env: String,
    /// Epoch ms.
    pub created_at: i64,
    /// Epoch ms.
    pub expires_at: i64,
}

/// In-memory captcha state: failure counts per (env, device), open challenges, and the
/// captcha tokens handed out by `verify`.
#[derive(Debug, Default)]
pub struct CaptchaStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub(crate) failures: HashMap<(String, String), u64>,
    pub(crate) challenges: HashMap<String, Challenge>,
    pub(crate) passes: HashMap<String, (String, i64)>,
}

impl CaptchaStore {
    /// The state, locked.
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets everything of `env` (or everything).
    pub fn reset(&self, env: Option<&str>) {
        let mut inner = self.lock();
        match env {
            None => *inner = Inner::default(),
            Some(env) => {
                inner.failures.retain(|(e, _), _| e != env);
                inner.challenges.retain(|_, c| c.env != env);
                inner.passes.retain(|_, (e, _)| e != env);
            }
        }
    }
}
