//! The log of served requests, a bounded ring buffer (see [`crate::request_log`] for the
//! middleware that fills it).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde::Serialize;

/// Oldest entries are dropped beyond this many.
const CAPACITY: usize = 10_000;

/// One served request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LogEntry {
    /// HTTP method.
    pub method: String,
    /// URL path.
    pub path: String,
    /// Raw query string without `?` (empty when none).
    pub query: String,
    /// The env the request was attributed to; `null` when unknown.
    pub env: Option<String>,
    /// When it arrived, epoch ms (emulator clock).
    pub time: i64,
}

/// The log: a bounded ring buffer (the oldest entry goes when it is full).
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<LogEntry>>,
}

impl RequestLog {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<LogEntry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends an entry.
    pub fn push(&self, entry: LogEntry) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// Entries matching the optional env and path filters, oldest first.
    pub fn query(&self, env: Option<&str>, path: Option<&str>) -> Vec<LogEntry> {
        self.lock()
            .iter()
            .filter(|e| env.is_none_or(|env| e.env.as_deref() == Some(env)))
            .filter(|e| path.is_none_or(|p| e.path == p))
            .cloned()
            .collect()
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

/// Request extension through which extractors report the env a request belongs to.
#[derive(Debug, Clone, Default)]
pub struct RequestEnv(Arc<Mutex<Option<String>>>);

impl RequestEnv {
    /// Records the env.
    pub fn set(&self, env: &str) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(env.to_string());
    }

    /// The recorded env.
    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(env: Option<&str>, path: &str) -> LogEntry {
        LogEntry {
            method: "POST".into(),
            path: path.into(),
            query: String::new(),
            env: env.map(str::to_string),
            time: 0,
        }
    }

    #[test]
    fn filters() {
        let log = RequestLog::default();
        log.push(entry(Some("a"), "/auth/v1/signin"));
        log.push(entry(Some("b"), "/auth/v1/signin"));
        log.push(entry(None, "/auth/v1/token"));
        assert_eq!(log.query(None, None).len(), 3);
        assert_eq!(log.query(Some("a"), None).len(), 1);
        assert_eq!(log.query(None, Some("/auth/v1/token")).len(), 1);
        assert_eq!(log.query(Some("b"), Some("/auth/v1/token")).len(), 0);
        log.clear();
        assert!(log.query(None, None).is_empty());
    }

    #[test]
    fn keeps_the_newest_entries() {
        let log = RequestLog::default();
        for i in 0..CAPACITY + 5 {
            log.push(entry(None, &format!("/auth/v1/{i}")));
        }
        let all = log.query(None, None);
        assert_eq!(all.len(), CAPACITY);
        assert_eq!(all[0].path, "/auth/v1/5");
        assert_eq!(all[CAPACITY - 1].path, format!("/auth/v1/{}", CAPACITY + 4));
    }
}
