//! What travels between tabs: one event, who sent it and its sequence number, as the
//! string `"{from} {seq} {EVENT}"` (the same text over `BroadcastChannel` and through a
//! `storage` event), and the per-sender filter that makes each event arrive once, in order.

use crate::events::AuthChangeEvent;

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

/// `"{from} {seq} {EVENT}"`.
pub(crate) fn encode(from: &str, seq: u64, ev: AuthChangeEvent) -> String {
    let mut s = String::from(from);
    s.push(' ');
    push_u64(&mut s, seq);
    s.push(' ');
    s.push_str(ev.as_str());
    s
}

/// A message from another tab: sender id, sequence number, event.
#[derive(Debug, PartialEq)]
pub(crate) struct Message<'a> {
    pub from: &'a str,
    pub seq: u64,
    pub event: AuthChangeEvent,
}

/// Parses [`encode`]'s output; `None` for anything else (another app's data, a newer format).
pub(crate) fn decode(s: &str) -> Option<Message<'_>> {
    let mut parts = s.split(' ');
    let from = parts.next().filter(|f| !f.is_empty())?;
    let seq = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let event = SHARED.into_iter().find(|e| e.as_str() == name)?;
    parts
        .next()
        .is_none()
        .then_some(Message { from, seq, event })
}

/// Appends the decimal digits of `n` (no `core::fmt`, which this crate keeps out of the wasm).
pub(crate) fn push_u64(s: &mut String, n: u64) {
    if n >= 10 {
        push_u64(s, n / 10);
    }
    s.push((b'0' + (n % 10) as u8) as char);
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
                    self.last.remove(0);
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

    #[test]
    fn round_trip() {
        for ev in SHARED {
            let s = encode("tab-a", 42, ev);
            assert_eq!(
                decode(&s),
                Some(Message {
                    from: "tab-a",
                    seq: 42,
                    event: ev
                })
            );
        }
        assert_eq!(encode("a", 0, AuthChangeEvent::SignedOut), "a 0 SIGNED_OUT");
        assert_eq!(
            encode("a", 18_446_744_073_709_551_615, AuthChangeEvent::SignedIn),
            "a 18446744073709551615 SIGNED_IN"
        );
    }

    #[test]
    fn rejects_foreign_text() {
        for s in [
            "",
            " 1 SIGNED_IN",
            "a x SIGNED_IN",
            "a 1",
            "a 1 INITIAL_SESSION",
            "a 1 BIND_IDENTITY",
            "a 1 signed_in",
            "a 1 SIGNED_IN extra",
            "{\"access_token\":\"x\"}",
        ] {
            assert_eq!(decode(s), None, "{s:?}");
        }
        assert!(!is_shared(AuthChangeEvent::InitialSession));
        assert!(is_shared(AuthChangeEvent::PasswordRecovery));
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
