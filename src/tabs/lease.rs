//! The storage lease that stands in for Web Locks where `navigator.locks` is missing
//! (pure rules; the waiting loop is in `lock`).
//!
//! The lease is the string `"{owner} {until}"` under one storage key per client id. Web
//! Storage has no compare-and-swap, so a tab writes its lease, waits [`SETTLE_MS`] for other
//! tabs' writes to land, and holds the lease only if it still reads its own.

use super::message::{parse_u64, push_u64};
use crate::pure;

/// How long to wait after writing a lease before checking it is still ours.
pub(crate) const SETTLE_MS: i32 = 100;

/// How often a waiting tab looks at the lease again.
pub(crate) const POLL_MS: i32 = 50;

/// `"{owner} {until}"`.
pub(crate) fn encode(owner: &str, until: f64) -> String {
    let mut s = String::from(owner);
    s.push(' ');
    push_u64(&mut s, until.max(0.0) as u64);
    s
}

/// The owner named by a stored lease.
pub(crate) fn owner(stored: Option<&str>) -> Option<&str> {
    pure::split(stored?, b' ').next()
}

/// True when `me` may write its lease at `now`: there is none, it is ours, it has run out
/// (a tab closed or crashed while holding it), it is unreadable, or the wait reached
/// `deadline` (the holder is frozen or too slow: take over).
pub(crate) fn may_take(stored: Option<&str>, me: &str, now: f64, deadline: f64) -> bool {
    let Some(s) = stored else { return true };
    let mut parts = pure::split(s, b' ');
    let holder = parts.next().unwrap_or_default();
    let until = parts.next().and_then(parse_u64);
    match until {
        Some(until) => holder == me || (until as f64) <= now || now >= deadline,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_and_owner() {
        let l = encode("tab1", 1_700_000_005_000.0);
        assert_eq!(l, "tab1 1700000005000");
        assert_eq!(owner(Some(&l)), Some("tab1"));
        assert_eq!(owner(None), None);
    }

    #[test]
    fn free_expired_own_or_broken_leases_are_taken() {
        let now = 1_000_000.0;
        let far = now + 60_000.0;
        assert!(may_take(None, "me", now, far));
        assert!(may_take(Some(&encode("me", now + 5000.0)), "me", now, far));
        assert!(may_take(Some(&encode("other", now)), "me", now, far));
        assert!(may_take(Some(&encode("other", now - 1.0)), "me", now, far));
        assert!(may_take(Some("garbage"), "me", now, far));
        assert!(!may_take(Some(&encode("other", now + 1.0)), "me", now, far));
    }

    #[test]
    fn a_live_lease_is_taken_over_at_the_deadline() {
        let now = 1_000_000.0;
        let held = encode("frozen", now + 3_600_000.0);
        assert!(!may_take(Some(&held), "me", now, now + 1.0));
        assert!(may_take(Some(&held), "me", now, now));
    }
}
