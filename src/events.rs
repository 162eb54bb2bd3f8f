//! `onAuthStateChange` subscriptions and their delivery queue (spec §5, §12).
//!
//! Events are queued and delivered asynchronously, one at a time, in emit order;
//! subscribers are called in subscription order. The session passed to callbacks
//! is read at delivery time by the auth layer, which drains this queue.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use crate::model::Session;

/// Auth state change events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthChangeEvent {
    /// Delivered once to every new subscriber with the current session or none.
    InitialSession,
    /// A sign-in stored a new session.
    SignedIn,
    /// The session ended: `signOut`, or the server rejected the tokens.
    SignedOut,
    /// The access token was refreshed.
    TokenRefreshed,
    /// The profile changed.
    UserUpdated,
    /// A password reset completed.
    PasswordRecovery,
    /// An identity was linked (CloudBase-specific).
    BindIdentity,
}

impl AuthChangeEvent {
    /// The event name JS callbacks receive, e.g. `SIGNED_IN`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthChangeEvent::InitialSession => "INITIAL_SESSION",
            AuthChangeEvent::SignedIn => "SIGNED_IN",
            AuthChangeEvent::SignedOut => "SIGNED_OUT",
            AuthChangeEvent::TokenRefreshed => "TOKEN_REFRESHED",
            AuthChangeEvent::UserUpdated => "USER_UPDATED",
            AuthChangeEvent::PasswordRecovery => "PASSWORD_RECOVERY",
            AuthChangeEvent::BindIdentity => "BIND_IDENTITY",
        }
    }
}

/// The third callback argument (`info`) of `BIND_IDENTITY` and of a failed
/// URL-detected OAuth sign-in (spec §5): `{type, provider?, error}`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventInfo {
    /// `"bind_identity"` or `"sign_in"`.
    pub kind: &'static str,
    /// The OAuth provider, when known.
    pub provider: Option<String>,
    /// Why the operation failed; `None` on success.
    pub error: Option<crate::error::AuthError>,
}

/// A subscriber callback. A JS callback that throws is caught by the JS boundary.
pub type Callback = Rc<dyn Fn(AuthChangeEvent, Option<&Session>)>;

/// A queued event: (event, only this subscriber, info).
type Queued = (AuthChangeEvent, Option<u32>, Option<Rc<EventInfo>>);

/// The subscriber list and the pending-event queue of one auth instance.
#[derive(Default)]
pub struct Events {
    subs: RefCell<Vec<(u32, Callback)>>,
    next_id: Cell<u32>,
    /// (event, only this subscriber) — `INITIAL_SESSION` targets one subscriber. A `Vec`
    /// (taken from the front): it holds a few events at most, and a `VecDeque` of this type
    /// would add its own copy of the ring-buffer code (the futures queue has another):
    /// -379 B gzip (`make size`).
    queue: RefCell<Vec<Queued>>,
    /// The `info` of the event being delivered (read by callbacks through [`Events::info`]).
    current_info: RefCell<Option<Rc<EventInfo>>>,
    /// True while a drain task runs, so emits only enqueue.
    pub(crate) draining: Cell<bool>,
}

impl Events {
    /// Adds a subscriber and queues its `INITIAL_SESSION`. Returns its id.
    pub(crate) fn subscribe(&self, cb: Callback) -> u32 {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        self.subs.borrow_mut().push((id, cb));
        self.queue
            .borrow_mut()
            .push((AuthChangeEvent::InitialSession, Some(id), None));
        id
    }

    /// Removes a subscriber; pending events are not delivered to it.
    pub(crate) fn unsubscribe(&self, id: u32) {
        // Ids are unique: one search and `remove` (order kept), no `Vec::retain` instance.
        let mut subs = self.subs.borrow_mut();
        if let Some(at) = subs.iter().position(|(i, _)| *i == id) {
            subs.remove(at);
        }
    }

    /// Queues an event for every subscriber.
    pub(crate) fn push(&self, ev: AuthChangeEvent) {
        self.push_with_info(ev, None);
    }

    /// Queues an event with its `info` for every subscriber.
    pub(crate) fn push_with_info(&self, ev: AuthChangeEvent, info: Option<EventInfo>) {
        if !self.subs.borrow().is_empty() {
            self.queue.borrow_mut().push((ev, None, info.map(Rc::new)));
        }
    }

    /// Next queued event; its `info` becomes [`Events::info`] until the next pop.
    pub(crate) fn pop(&self) -> Option<(AuthChangeEvent, Option<u32>)> {
        let mut queue = self.queue.borrow_mut();
        if queue.is_empty() {
            return None;
        }
        let (ev, only, info) = queue.remove(0);
        drop(queue);
        *self.current_info.borrow_mut() = info;
        Some((ev, only))
    }

    /// The `info` of the event being delivered, if it has one.
    pub fn info(&self) -> Option<Rc<EventInfo>> {
        self.current_info.borrow().clone()
    }

    /// The callbacks an event goes to, in subscription order (a snapshot, so a
    /// callback may subscribe or unsubscribe safely).
    pub(crate) fn targets(&self, only: Option<u32>) -> Vec<Callback> {
        // A loop rather than `filter().map().collect()`: one generic instance fewer (-89 B gzip).
        let mut out = Vec::new();
        for (i, cb) in self.subs.borrow().iter() {
            if only.is_none_or(|o| o == *i) {
                out.push(cb.clone());
            }
        }
        out
    }
}

/// Handle returned by `on_auth_state_change`.
pub struct Subscription {
    /// Subscriber id.
    pub id: u32,
    pub(crate) events: Weak<Events>,
}

impl Subscription {
    /// Stops delivery to this subscriber.
    pub fn unsubscribe(&self) {
        if let Some(e) = self.events.upgrade() {
            e.unsubscribe(self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_and_targets() {
        let e = Events::default();
        e.push(AuthChangeEvent::SignedIn); // nobody listening: dropped
        assert!(e.pop().is_none());
        let a = e.subscribe(Rc::new(|_, _| {}));
        let b = e.subscribe(Rc::new(|_, _| {}));
        assert_eq!(e.pop(), Some((AuthChangeEvent::InitialSession, Some(a))));
        assert_eq!(e.pop(), Some((AuthChangeEvent::InitialSession, Some(b))));
        assert_eq!(e.targets(None).len(), 2);
        assert_eq!(e.targets(Some(b)).len(), 1);
        e.unsubscribe(a);
        assert_eq!(e.targets(None).len(), 1);
        assert_eq!(AuthChangeEvent::TokenRefreshed.as_str(), "TOKEN_REFRESHED");
    }
}
