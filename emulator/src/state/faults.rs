//! The faults armed through `/_emulator/faults` (see [`crate::faults`] for the API and the
//! middleware that applies them).

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// What a fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Wait, then serve normally.
    Delay,
    /// Close the connection without a response.
    Drop,
    /// Serve the request (committing its effects), then close the connection without the response.
    DropAfter,
    /// A 4xx/5xx with a JSON error body.
    Status,
    /// A response whose body is not JSON.
    NonJson,
}

/// One armed fault.
#[derive(Debug, Clone, Serialize)]
pub struct Fault {
    /// Id.
    pub id: String,
    /// Exact request path, e.g. `/auth/v1/signin`.
    pub path: String,
    /// What it does.
    pub kind: FaultKind,
    /// For `delay`.
    pub delay_ms: Option<u64>,
    /// For `status` and `non_json`.
    pub status: Option<u16>,
    /// Requests still to be hit.
    pub remaining: u64,
}

/// The armed faults.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Vec<Fault>>,
}

impl Faults {
    /// The armed faults, oldest first.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Uses up one hit of the oldest fault on `path`.
    pub fn take(&self, path: &str) -> Option<Fault> {
        let mut faults = self.lock();
        let i = faults.iter().position(|f| f.path == path)?;
        faults[i].remaining -= 1;
        let hit = faults[i].clone();
        if hit.remaining == 0 {
            faults.remove(i);
        }
        Some(hit)
    }

    /// Forgets the faults of `path`, or all.
    pub fn clear(&self, path: Option<&str>) {
        self.lock().retain(|f| path.is_some_and(|p| p != f.path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn take_counts_down_in_order() {
        let f = Faults::default();
        for (id, n) in [("a", 2), ("b", 1)] {
            f.lock().push(Fault {
                id: id.into(),
                path: "/auth/v1/x".into(),
                kind: FaultKind::Drop,
                delay_ms: None,
                status: None,
                remaining: n,
            });
        }
        assert_eq!(f.take("/auth/v1/x").unwrap().id, "a");
        assert_eq!(f.take("/auth/v1/y").map(|f| f.id), None);
        assert_eq!(f.take("/auth/v1/x").unwrap().id, "a");
        assert_eq!(f.take("/auth/v1/x").unwrap().id, "b");
        assert!(f.take("/auth/v1/x").is_none());
    }
}
