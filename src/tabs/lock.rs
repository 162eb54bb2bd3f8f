//! One refresh at a time across the tabs of a client id: a Web Lock, or a storage lease
//! where `navigator.locks` is missing. Waits are bounded by [`LOCK_WAIT_MS`]; then the lock
//! is taken over (a frozen or hung holder must not stall every other tab).

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::lease;
use crate::platform::{self, ToEnd};
use crate::storage::Storage;

/// The longest a tab waits for another tab's refresh before taking the lock over.
pub(crate) const LOCK_WAIT_MS: f64 = 5_000.0;

// A snippet rather than web-sys bindings: `LockManager` is behind `web_sys_unstable_apis`, and
// holding a Web Lock means returning a promise from its callback, which is simplest in JS.
// Resolves with `[release, waited]`: the function that releases the lock, and whether another
// tab held it until it let go. `null` without Web Locks. A lock that cannot be had at all
// (takeover refused) resolves as held, so a refresh is never blocked for good.
#[wasm_bindgen(inline_js = r#"
export function webLock(name, waitMs) {
  const locks = globalThis.navigator?.locks;
  if (typeof locks?.request !== 'function') return null;
  return new Promise((resolve) => {
    let release, got = false;
    const held = new Promise((r) => { release = r; });
    const hold = (waited) => { got = true; resolve([release, waited]); return held; };
    const takeOver = () => got || locks.request(name, { steal: true }, () => hold(false)).catch(() => got || hold(false));
    locks.request(name, { ifAvailable: true }, (lock) => lock ? hold(false) : null).then(() => {
      if (got) return;
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), waitMs);
      return locks.request(name, { signal: ctl.signal }, () => { clearTimeout(timer); return hold(true); }).catch(takeOver);
    }, takeOver);
  });
}
"#)]
extern "C" {
    // `Option<Promise>`: null is `None`, and no `instanceof Promise` check (an import) is made.
    #[wasm_bindgen(js_name = webLock)]
    fn web_lock(name: &str, wait_ms: f64) -> Option<Promise>;
}

/// A held lock; dropping it releases the lock.
pub(crate) struct Guard {
    held: Held,
    /// Another tab held the lock and let go of it before this tab got it.
    pub waited: bool,
}

impl Guard {
    /// No lock needed: this tab's storage is its own.
    pub fn free() -> Guard {
        Guard {
            held: Held::Free,
            waited: false,
        }
    }
}

enum Held {
    /// No other tab shares this storage: nothing to lock.
    Free,
    /// A Web Lock, released by calling this.
    Web(Function),
    /// A storage lease: (storage, key, owner).
    Lease(Rc<dyn Storage>, String, String),
}

impl Drop for Guard {
    fn drop(&mut self) {
        match &self.held {
            Held::Free => {}
            Held::Web(release) => {
                let _ = release.call0(&JsValue::NULL);
            }
            // Only our own lease: after a takeover it belongs to another tab.
            Held::Lease(store, key, me) => {
                if lease::owner(store.get(key).as_deref()) == Some(me.as_str()) {
                    store.remove(key);
                }
            }
        }
    }
}

/// Takes the Web Lock `name`, or the lease under `lease_key` in `store` as `me`.
pub(crate) async fn acquire(
    name: &str,
    store: &Rc<dyn Storage>,
    lease_key: &str,
    me: &str,
) -> Guard {
    if let Some(p) = web_lock(name, LOCK_WAIT_MS) {
        let got = JsFuture::from(p).await.unwrap_or_default();
        // Always the snippet's `[release, waited]` array: no `Array.from` copy needed.
        let got: js_sys::Array = got.unchecked_into();
        return match got.get(0).dyn_into() {
            Ok(release) => Guard {
                held: Held::Web(release),
                waited: got.get(1).is_truthy(),
            },
            Err(_) => Guard::free(),
        };
    }
    // The wait restarts whenever the lease changes hands: the deadline is for one holder
    // that does not let go, not for a queue of live tabs.
    let mut seen = store.get(lease_key);
    let mut deadline = platform::now_ms() + LOCK_WAIT_MS;
    let mut waited = false;
    // When this tab wrote its lease: the time it did, checked after the settle wait. One
    // sleep for both waits (-19 B gzip, `make size`).
    let mut wrote: Option<f64> = None;
    loop {
        if let Some(at) = wrote.take() {
            if lease::owner(store.get(lease_key).as_deref()) == Some(me) {
                return Guard {
                    held: Held::Lease(store.clone(), lease_key.into(), me.into()),
                    // A takeover: the holder never finished, there is nothing to wait for.
                    waited: waited && at < deadline,
                };
            }
        }
        let now = platform::now_ms();
        let stored = store.get(lease_key);
        if stored != seen {
            deadline = now + LOCK_WAIT_MS;
            seen = stored.clone();
        }
        let ms = if lease::may_take(stored.as_deref(), me, now, deadline) {
            store.set(lease_key, &lease::encode(me, now + LOCK_WAIT_MS));
            wrote = Some(now);
            lease::SETTLE_MS
        } else {
            waited = true;
            lease::POLL_MS
        };
        platform::sleep(ms).to_end().await;
    }
}
