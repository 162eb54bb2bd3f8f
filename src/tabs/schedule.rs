//! When the proactive refresh runs, and how it backs off after a failure (pure arithmetic).
//!
//! Expiry always counts from the local receipt time plus `expires_in`
//! ([`crate::pure::expires_at_ms`]), never from the token's `exp` claim, so a device clock
//! hours away from the server's changes nothing.

use super::message::{parse_u64, push_u64};
use crate::pure;

/// Seconds [`crate::pure::expires_at_ms`] takes off a token's lifetime (the official SDK's
/// early-expiry window): `expires_at` is this long before the server's expiry.
const EARLY_S: f64 = 30.0;

/// A token is never refreshed by the timer sooner than this after it was received, so a
/// server handing out tokens shorter-lived than the early window cannot make tabs spin.
pub(crate) const MIN_TOKEN_AGE_MS: f64 = 5_000.0;

/// First retry delay after a failed proactive refresh (before jitter).
pub(crate) const BACKOFF_BASE_MS: f64 = 1_000.0;

/// Retry delays never exceed this.
pub(crate) const BACKOFF_CAP_MS: f64 = 60_000.0;

/// When the timer refreshes a token: at its local expiry (30 s before the server's, the
/// moment calls start refreshing lazily), but not before it is [`MIN_TOKEN_AGE_MS`] old.
pub(crate) fn refresh_due(expires_at: f64, expires_in: f64) -> f64 {
    let received = expires_at - (expires_in - EARLY_S) * 1000.0;
    expires_at.max(received + MIN_TOKEN_AGE_MS)
}

/// Delay before retry number `attempt` (1 = the first retry): exponential from
/// [`BACKOFF_BASE_MS`], capped at [`BACKOFF_CAP_MS`], with "equal jitter": a random point in
/// the upper half, so clients spread out yet, below the cap, every delay is at least the last.
/// `rand01` is uniform in `[0, 1)`.
pub(crate) fn backoff_ms(attempt: u32, rand01: f64) -> f64 {
    let exp = attempt.saturating_sub(1).min(16);
    let ceiling = (BACKOFF_BASE_MS * (1u32 << exp) as f64).min(BACKOFF_CAP_MS);
    ceiling / 2.0 * (1.0 + rand01.clamp(0.0, 1.0))
}

/// Failed proactive refreshes in a row and when the next may start, shared by the tabs
/// through storage so that all of them together make one attempt per step.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Retry {
    /// Failures in a row (0: none).
    pub attempt: u32,
    /// No proactive refresh before this time (ms since the epoch).
    pub not_before: f64,
}

impl Retry {
    /// The state after one more failure at `now`.
    pub fn failed(self, now: f64, rand01: f64) -> Retry {
        let attempt = self.attempt.saturating_add(1);
        Retry {
            attempt,
            not_before: now + backoff_ms(attempt, rand01),
        }
    }

    /// `"{attempt} {not_before}"`.
    pub fn encode(self) -> String {
        let mut s = String::new();
        push_u64(&mut s, self.attempt as u64);
        s.push(' ');
        push_u64(&mut s, self.not_before.max(0.0) as u64);
        s
    }

    /// Parses [`Retry::encode`]'s output; anything else is "no failure".
    pub fn decode(s: Option<&str>) -> Retry {
        let mut parts = pure::split(s.unwrap_or_default(), b' ');
        match (
            parts
                .next()
                .and_then(parse_u64)
                .and_then(|a| u32::try_from(a).ok()),
            parts.next().and_then(parse_u64),
        ) {
            (Some(attempt), Some(not_before)) => Retry {
                attempt,
                not_before: not_before as f64,
            },
            _ => Retry::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pure::expires_at_ms;

    #[test]
    fn due_at_local_expiry_counted_from_receipt() {
        let received = 1_000_000.0;
        // A 2-hour token: refreshed 30 s before the server's expiry, whatever its `exp` says.
        let at = expires_at_ms(received, 7200.0);
        assert_eq!(refresh_due(at, 7200.0), received + 7_170_000.0);
        // 40 s: at 10 s.
        assert_eq!(
            refresh_due(expires_at_ms(received, 40.0), 40.0),
            received + 10_000.0
        );
    }

    #[test]
    fn very_short_tokens_wait_the_minimum_age() {
        let received = 5_000_000.0;
        for ttl in [1.0, 10.0, 30.0, 31.0, 35.0] {
            assert_eq!(
                refresh_due(expires_at_ms(received, ttl), ttl),
                received + MIN_TOKEN_AGE_MS,
                "ttl {ttl}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        assert_eq!(backoff_ms(1, 0.0), 500.0);
        assert_eq!(backoff_ms(1, 0.5), 750.0);
        assert_eq!(backoff_ms(2, 0.0), 1000.0);
        assert_eq!(backoff_ms(3, 1.0), 4000.0);
        // Below the cap each delay is at least the longest possible previous one, whatever
        // the jitter; from then on delays stay between half the cap and the cap.
        for attempt in 1..6 {
            assert!(backoff_ms(attempt + 1, 0.0) >= backoff_ms(attempt, 1.0));
        }
        for attempt in 7..40 {
            assert!(backoff_ms(attempt, 0.0) >= BACKOFF_CAP_MS / 2.0);
            assert!(backoff_ms(attempt, 1.0) <= BACKOFF_CAP_MS);
        }
        assert_eq!(backoff_ms(u32::MAX, 0.5), BACKOFF_CAP_MS * 0.75);
        assert_eq!(
            backoff_ms(0, 2.0),
            1000.0,
            "out-of-range inputs are clamped"
        );
    }

    #[test]
    fn retry_state_round_trips_and_ignores_garbage() {
        let r = Retry::default().failed(1_700_000_000_000.0, 0.0);
        assert_eq!(
            r,
            Retry {
                attempt: 1,
                not_before: 1_700_000_000_500.0
            }
        );
        assert_eq!(r.encode(), "1 1700000000500");
        assert_eq!(Retry::decode(Some(&r.encode())), r);
        let r2 = r.failed(1_700_000_001_000.0, 0.0);
        assert_eq!(r2.attempt, 2);
        assert_eq!(r2.not_before, 1_700_000_002_000.0);
        for s in [None, Some(""), Some("x y"), Some("1"), Some("-1 5")] {
            assert_eq!(Retry::decode(s), Retry::default(), "{s:?}");
        }
    }
}
