//! What travels between tabs: one event, who sent it, its sequence number and a stamp of
//! the stored session it left behind, as the string `"{from} {seq} {EVENT} {stamp}"` (the
//! same text over `BroadcastChannel` and through a `storage` event), and the per-sender
//! filter that makes each event arrive once, in order.
//!
//! The stamp exists because a `BroadcastChannel` message can overtake the localStorage
//! write made just before it: a receiving tab holds the event back until its storage shows
//! the stamped state, so the session its callbacks and `getSession()` see is the new one.

use crate::events::AuthChangeEvent;
use crate::pure;

/// The events other tabs receive. `INITIAL_SESSION` is per subscriber and
/// `BIND_IDENTITY` carries tab-local `info`, so neither is shared.
const SHARED: [AuthChangeEvent; 5] = [
    AuthChangeEvent::SignedIn,
    AuthChangeEvent::SignedOut,
    AuthChangeEvent::TokenRefreshed,
    AuthChangeEvent::UserUpdated,
    AuthChangeEvent::PasswordRecovery,
];

/// True for the events other tabs receive.
pub(crate) fn is_shared(ev: AuthChangeEvent) -> bool {
    SHARED.contains(&ev)
}

/// A message from another tab.
#[derive(Debug, PartialEq)]
pub(crate) struct Message<'a> {
    /// The sending instance.
    pub from: &'a str,
    /// Its sequence number at the sender.
    pub seq: u64,
    /// The event.
    pub event: AuthChangeEvent,
    /// [`stamp`] of the sender's stored session right after the event.
    pub stamp: u32,
}

impl Message<'_> {
    /// `"{from} {seq} {EVENT} {stamp}"`.
    pub fn encode(&self) -> String {
        let mut s = String::from(self.from);
        s.push(' ');
        push_u64(&mut s, self.seq);
        s.push(' ');
        s.push_str(self.event.as_str());
        s.push(' ');
        push_u64(&mut s, self.stamp as u64);
        s
    }

    /// Parses [`Message::encode`]'s output; `None` for anything else (another app's data,
    /// a newer format).
    pub fn decode(s: &str) -> Option<Message<'_>> {
        let mut parts = pure::split(s, b' ');
        let from = parts.next().filter(|f| !f.is_empty())?;
        let seq = parse_u64(parts.next()?)?;
        let name = parts.next()?;
        let event = SHARED.into_iter().find(|e| e.as_str() == name)?;
        let stamp = u32::try_from(parse_u64(parts.next()?)?).ok()?;
        parts.next().is_none().then_some(Message {
            from,
            seq,
            event,
            stamp,
        })
    }
}

/// A 32-bit FNV-1a hash of stored values (absent ones count as empty), each followed by a
/// separator so that moving text from one value to the next changes the stamp.
pub(crate) fn stamp<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for v in values {
        for b in v.unwrap_or_default().bytes().chain([0]) {
            h = (h ^ b as u32).wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// Appends the decimal digits of `n` (no `core::fmt`, which this crate keeps out of the wasm).
pub(crate) fn push_u64(s: &mut String, n: u64) {
    if n >= 10 {
        push_u64(s, n / 10);
    }
    s.push((b'0' + (n % 10) as u8) as char);
}

/// The decimal number `s` (digits only, at most 19 so it cannot overflow). Rather than
/// `str::parse`, whose generic code costs about 0.5 KB of wasm here.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + (b - b'0') as u64)
    })
}

/// Senders remembered at most; a tab that has been gone that long is not coming back.
const MAX_SENDERS: usize = 64;

/// The last sequence number seen from each sender: a message is accepted once, only
/// after every earlier one from the same sender, and never when this tab sent it.
pub(crate) struct Inbox {
    me: String,
    last: Vec<(String, u64)>,
}

impl Inbox {
    /// An inbox for the tab (auth instance) `me`.
    pub fn new(me: String) -> Self {
        Inbox {
            me,
            last: Vec::new(),
        }
    }

    /// True when `seq` from `from` is new: not an echo, not a duplicate, not older than
    /// what was already delivered.
    pub fn accept(&mut self, from: &str, seq: u64) -> bool {
        if from == self.me {
            return false;
        }
        match self.last.iter_mut().find(|(f, _)| f == from) {
            Some((_, last)) if seq <= *last => false,
            Some((_, last)) => {
                *last = seq;
                true
            }
            None => {
                if self.last.len() == MAX_SENDERS {
                    // Any sender may go; the oldest is at 0 (order is not kept after that).
                    self.last.swap_remove(0);
                }
                self.last.push((from.into(), seq));
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(from: &str, seq: u64, event: AuthChangeEvent, stamp: u32) -> Message<'_> {
        Message {
            from,
            seq,
            event,
            stamp,
        }
    }

    #[test]
    fn round_trip() {
        for ev in SHARED {
            let s = msg("tab-a", 42, ev, 7).encode();
            assert_eq!(Message::decode(&s), Some(msg("tab-a", 42, ev, 7)));
        }
        assert_eq!(
            msg("a", 0, AuthChangeEvent::SignedOut, 0).encode(),
            "a 0 SIGNED_OUT 0"
        );
        assert_eq!(
            msg("a", u64::MAX, AuthChangeEvent::SignedIn, u32::MAX).encode(),
            "a 18446744073709551615 SIGNED_IN 4294967295"
        );
    }

    #[test]
    fn rejects_foreign_text() {
        for s in [
            "",
            " 1 SIGNED_IN 0",
            "a x SIGNED_IN 0",
            "a 1",
            "a 1 SIGNED_IN",
            "a 1 SIGNED_IN x",
            "a 1 INITIAL_SESSION 0",
            "a 1 BIND_IDENTITY 0",
            "a 1 signed_in 0",
            "a 1 SIGNED_IN 0 extra",
            "{\"access_token\":\"x\"}",
        ] {
            assert_eq!(Message::decode(s), None, "{s:?}");
        }
        assert!(!is_shared(AuthChangeEvent::InitialSession));
        assert!(is_shared(AuthChangeEvent::PasswordRecovery));
    }

    #[test]
    fn stamps_tell_stored_states_apart() {
        assert_eq!(stamp([None]), stamp([Some("")]));
        // FNV-1a 32 of the two bytes "a\0".
        assert_eq!(stamp([Some("a")]), 0x2b24_d044);
        let states = [
            stamp([None, None]),
            stamp([Some("{\"access_token\":\"x\"}"), None]),
            stamp([Some("{\"access_token\":\"y\"}"), None]),
            stamp([Some("ab"), Some("c")]),
            stamp([Some("a"), Some("bc")]),
        ];
        for (i, a) in states.iter().enumerate() {
            for b in &states[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(parse_u64("0"), Some(0));
        assert_eq!(parse_u64("1700000000500"), Some(1_700_000_000_500));
        assert_eq!(
            parse_u64("9999999999999999999"),
            Some(9_999_999_999_999_999_999)
        );
        for s in ["", "-1", "+1", "1.5", "1 ", "x", "12345678901234567890"] {
            assert_eq!(parse_u64(s), None, "{s:?}");
        }
    }

    #[test]
    fn inbox_drops_echoes_duplicates_and_stale_messages() {
        let mut inbox = Inbox::new("me".into());
        assert!(!inbox.accept("me", 1), "own message");
        assert!(inbox.accept("a", 1));
        assert!(!inbox.accept("a", 1), "duplicate");
        assert!(inbox.accept("b", 1), "senders are independent");
        assert!(
            inbox.accept("a", 3),
            "gaps are fine (events before this tab opened)"
        );
        assert!(!inbox.accept("a", 2), "older than one delivered");
        assert!(inbox.accept("a", 4));
    }

    #[test]
    fn inbox_forgets_the_oldest_sender_first() {
        let mut inbox = Inbox::new("me".into());
        let name = |i: u64| {
            let mut s = String::from("t");
            push_u64(&mut s, i);
            s
        };
        for i in 0..=MAX_SENDERS as u64 {
            assert!(inbox.accept(&name(i), 5));
        }
        assert_eq!(inbox.last.len(), MAX_SENDERS);
        assert!(inbox.accept(&name(0), 5), "t0 was forgotten");
        assert!(
            !inbox.accept(&name(MAX_SENDERS as u64), 5),
            "the newest is kept"
        );
    }
}
