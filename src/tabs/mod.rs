//! Several tabs, one session (one job per file):
//! - `channel`: events to the other tabs (`BroadcastChannel`, fallback `storage` events);
//! - `message`: the message text and the filter that delivers each event once, in order;
//! - `lock` / `lease`: one refresh at a time across tabs (Web Locks, fallback storage lease);
//! - `schedule` / `timer`: the proactive refresh, its backoff and the visibility catch-up.
//!
//! Storage is the source of truth (`credentials`), so tabs exchange only event names: a
//! receiving tab reads the session from storage when it delivers the event. Only
//! `persistence: 'local'` is shared between tabs; `'session'` and `'none'` keep every tab
//! on its own, with the proactive refresh still running.

mod channel;
mod lease;
mod lock;
mod message;
mod schedule;
mod timer;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;

use crate::auth::{Auth, Inner};
use crate::error::{codes, AuthError};
use crate::events::AuthChangeEvent;
use crate::model::Credentials;
use crate::platform::{self, ToEnd};
use crate::storage::{self, Storage};

use lock::Guard;
use message::Message;
use schedule::Retry;

/// How long a received event waits for this tab's storage to show the sender's state.
const CATCH_UP_MS: f64 = 500.0;
const CATCH_UP_POLL_MS: i32 = 10;

/// This tab's turn to refresh; dropping it releases the lock.
pub(crate) struct Turn {
    _lock: Guard,
    /// Another tab held the lock first; before waiting, storage showed this outcome stamp.
    waited_on: Option<u32>,
}

/// Cross-tab state of one auth instance.
pub(crate) struct Tabs {
    /// This instance's id in messages and leases.
    id: String,
    /// Web Lock and `BroadcastChannel` name: `cloudbase_auth_{clientId}`.
    name: String,
    client_id: String,
    store: Rc<dyn Storage>,
    /// The stored values a session event changes (credentials, profile cache), stamped in messages.
    watched: [String; 2],
    /// `cloudbase_auth_retry_{clientId}`, read on every timer tick and refresh.
    retry_key: String,
    /// The session storage is shared with other tabs (`persistence: 'local'`).
    shared: bool,
    seq: Cell<u64>,
    inbox: RefCell<message::Inbox>,
    /// Received events waiting for storage to catch up, oldest first, and whether a task
    /// is delivering them.
    pending: RefCell<Vec<(AuthChangeEvent, u32)>>,
    pumping: Cell<bool>,
    channel: RefCell<Option<channel::Channel>>,
    timer: RefCell<Option<timer::Timer>>,
    auto_refresh: Cell<bool>,
    /// The last session event this tab fired was `SIGNED_OUT`: a second one (another tab
    /// noticed the same loss) is not delivered.
    signed_out: Cell<bool>,
}

impl Tabs {
    /// The coordination state for `client_id`'s session (and `env`'s profile) in `store`.
    pub fn new(client_id: &str, env: &str, store: Rc<dyn Storage>, shared: bool) -> Tabs {
        let id = platform::new_id();
        let mut name = String::from("cloudbase_auth_");
        name.push_str(client_id);
        Tabs {
            inbox: RefCell::new(message::Inbox::new(id.clone())),
            id,
            name,
            client_id: client_id.into(),
            store,
            retry_key: storage::tabs_key(storage::TABS_RETRY, client_id),
            watched: [
                storage::credentials_key(client_id),
                storage::user_info_key(env),
            ],
            shared,
            seq: Cell::new(0),
            pending: RefCell::new(Vec::new()),
            pumping: Cell::new(false),
            channel: RefCell::new(None),
            timer: RefCell::new(None),
            auto_refresh: Cell::new(true),
            signed_out: Cell::new(false),
        }
    }

    fn key(&self, kind: &str) -> String {
        storage::tabs_key(kind, &self.client_id)
    }

    /// Waits for this tab's turn to refresh: the refresh lock of this client id (bounded
    /// wait, then takeover).
    pub async fn turn(&self) -> Turn {
        if !self.shared {
            return Turn {
                _lock: Guard::free(),
                waited_on: None,
            };
        }
        let before = self.outcome_stamp();
        let lock = lock::acquire(
            &self.name,
            &self.store,
            &self.key(storage::TABS_LEASE),
            &self.id,
        )
        .to_end()
        .await;
        Turn {
            waited_on: lock.waited.then_some(before),
            _lock: lock,
        }
    }

    /// The stamp of what a refresh leaves in storage: the session, or a recorded failure.
    fn outcome_stamp(&self) -> u32 {
        let values = [
            self.store.get(&self.watched[0]),
            self.store.get(&self.retry_key),
        ];
        message::stamp(values.iter().map(Option::as_deref))
    }

    fn retry(&self) -> Retry {
        Retry::decode(self.store.get(&self.retry_key).as_deref())
    }

    /// Records the outcome of a refresh for the proactive backoff (call under the lock).
    pub fn record(&self, ok: bool) {
        let key = &self.retry_key;
        if ok {
            self.store.remove(key);
        } else {
            let next = self
                .retry()
                .failed(platform::now_ms(), js_sys::Math::random());
            self.store.set(key, &next.encode());
        }
    }

    /// The error a postponed proactive refresh ends with, when a recent failure (in any
    /// tab) says to wait; checked under the lock so all tabs make one attempt per step.
    pub fn postponed(&self) -> Option<AuthError> {
        (platform::now_ms() < self.retry().not_before).then(|| {
            AuthError::new(
                codes::UNREACHABLE,
                "refresh postponed: the last attempt failed, retrying with backoff",
            )
        })
    }

    /// The stamp of what storage holds now for this session.
    fn stored_stamp(&self) -> u32 {
        let values = [
            self.store.get(&self.watched[0]),
            self.store.get(&self.watched[1]),
        ];
        message::stamp(values.iter().map(Option::as_deref))
    }

    fn next_pending(&self) -> Option<(AuthChangeEvent, u32)> {
        self.pending.borrow().first().copied()
    }

    /// Notes an event this tab fires, for the single-`SIGNED_OUT` rule.
    fn note(&self, ev: AuthChangeEvent) {
        match ev {
            AuthChangeEvent::SignedOut => self.signed_out.set(true),
            AuthChangeEvent::InitialSession | AuthChangeEvent::BindIdentity => {}
            _ => self.signed_out.set(false),
        }
    }
}

impl Auth {
    /// Starts listening to other tabs and arms the proactive refresh (once, from `Auth::new`).
    pub(crate) fn start_tabs(&self) {
        let tabs = &self.inner.tabs;
        tabs.signed_out.set(!self.inner.creds.is_set());
        if tabs.shared {
            let weak = Rc::downgrade(&self.inner);
            *tabs.channel.borrow_mut() =
                channel::Channel::open(&tabs.name, tabs.key(storage::TABS_EVENT), move |text| {
                    with_auth(&weak, |auth| auth.receive(text))
                });
        }
        let weak = Rc::downgrade(&self.inner);
        *tabs.timer.borrow_mut() = Some(timer::Timer::new(Rc::new(move || {
            with_auth(&weak, |auth| spawn(Box::pin(auth.tick())))
        })));
        self.schedule_refresh();
    }

    /// Turns the proactive refresh on (the default): a timer refreshes the session when
    /// it reaches its local expiry, in one visible tab.
    pub fn start_auto_refresh(&self) {
        self.inner.tabs.auto_refresh.set(true);
        self.schedule_refresh();
    }

    /// Turns the proactive refresh off (`autoRefreshToken: false`); expired tokens are
    /// still refreshed when a call needs them.
    pub fn stop_auto_refresh(&self) {
        self.inner.tabs.auto_refresh.set(false);
        self.schedule_refresh();
    }

    /// The stored session on this tab's turn to refresh. A localStorage write can reach
    /// this tab after the lock does, so a tab that waited for another tab gives storage up
    /// to [`CATCH_UP_MS`] to show that tab's outcome (a new session or a recorded failure).
    pub(crate) async fn stored_on_turn(
        &self,
        turn: &Turn,
        old: &Credentials,
    ) -> Option<Credentials> {
        let tabs = &self.inner.tabs;
        let give_up = platform::now_ms() + CATCH_UP_MS;
        loop {
            let c = self.inner.creds.get();
            let changed = c
                .as_ref()
                .is_none_or(|c| c.access_token != old.access_token);
            let settled = turn
                .waited_on
                .is_none_or(|before| tabs.outcome_stamp() != before);
            if changed || settled || platform::now_ms() >= give_up {
                return c;
            }
            platform::sleep(CATCH_UP_POLL_MS).to_end().await;
        }
    }

    /// Hook of every event this tab emits: tells the other tabs and re-arms the timer.
    pub(crate) fn share(&self, ev: AuthChangeEvent) {
        let tabs = &self.inner.tabs;
        tabs.note(ev);
        if message::is_shared(ev) {
            if let Some(ch) = tabs.channel.borrow().as_ref() {
                tabs.seq.set(tabs.seq.get() + 1);
                let m = Message {
                    from: &tabs.id,
                    seq: tabs.seq.get(),
                    event: ev,
                    stamp: tabs.stored_stamp(),
                };
                ch.post(&m.encode(), &*tabs.store);
            }
            self.schedule_refresh();
        }
    }

    /// An event from another tab: delivered here once, in order, never sent on.
    fn receive(&self, text: &str) {
        let Some(m) = Message::decode(text) else {
            return;
        };
        let tabs = &self.inner.tabs;
        if !tabs.inbox.borrow_mut().accept(m.from, m.seq) {
            return;
        }
        tabs.pending.borrow_mut().push((m.event, m.stamp));
        if !tabs.pumping.replace(true) {
            spawn(Box::pin(self.clone().deliver_received()));
        }
    }

    /// Delivers received events in order, each once this tab's storage shows the state the
    /// sender left (or after [`CATCH_UP_MS`], if storage has moved on since).
    async fn deliver_received(self) {
        let tabs = &self.inner.tabs;
        while let Some((ev, stamp)) = tabs.next_pending() {
            let give_up = platform::now_ms() + CATCH_UP_MS;
            while tabs.stored_stamp() != stamp && platform::now_ms() < give_up {
                platform::sleep(CATCH_UP_POLL_MS).to_end().await;
            }
            tabs.pending.borrow_mut().remove(0);
            // The same loss noticed by two tabs: one SIGNED_OUT here, not two.
            if ev == AuthChangeEvent::SignedOut && tabs.signed_out.get() {
                continue;
            }
            tabs.note(ev);
            self.inner.events.push(ev);
            self.start_delivery();
            self.schedule_refresh();
        }
        tabs.pumping.set(false);
    }

    /// Arms the timer for the stored session (or disarms it).
    fn schedule_refresh(&self) {
        let tabs = &self.inner.tabs;
        // The credentials dropped at one place whether or not the timer runs (-16 B gzip,
        // `make size`).
        let due = self.inner.creds.get().and_then(|c| {
            tabs.auto_refresh
                .get()
                .then(|| next_attempt(&c, tabs.retry()))
        });
        if let Some(timer) = tabs.timer.borrow().as_ref() {
            match due {
                Some(at) => timer.arm(at - platform::now_ms()),
                None => timer.cancel(),
            }
        }
    }

    /// The timer fired or the tab became visible: refresh if due, else re-arm.
    async fn tick(self) {
        self.wait_init().to_end().await;
        let tabs = &self.inner.tabs;
        if !tabs.auto_refresh.get() || !timer::visible() {
            return;
        }
        let Some(c) = self.inner.creds.get() else {
            return;
        };
        if platform::now_ms() >= next_attempt(&c, tabs.retry()) {
            // Failures are recorded for the backoff; app calls see their own errors.
            let _ = self.refresh(c, true).to_end().await;
        }
        self.schedule_refresh();
    }
}

/// When the timer should next try to refresh `c`: at its due time, or later while backing off.
fn next_attempt(c: &Credentials, retry: Retry) -> f64 {
    schedule::refresh_due(c.expires_at, c.expires_in).max(retry.not_before)
}

/// Runs a task to its end (through the crate's one promise wrapper, for wasm size). Boxed,
/// not generic: one wrapper for both tasks (-48 B gzip).
fn spawn(task: platform::BoxFuture<()>) {
    let _ = platform::promise(async move {
        task.await;
        JsValue::UNDEFINED
    });
}

fn with_auth(weak: &Weak<Inner>, f: impl FnOnce(Auth)) {
    if let Some(inner) = weak.upgrade() {
        f(Auth { inner });
    }
}
