//! The proactive-refresh timer: one `setTimeout` at a time, plus a `visibilitychange`
//! listener, both calling the same tick. A hidden tab lets its timer lapse and catches up
//! when it becomes visible again.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

// The globals (not `window.`), so the timer also works where there is no window.
use crate::platform::{clear_timeout, set_timeout};
use crate::reflect;

/// Longest single wait: the tick re-checks then, so a device that slept through its
/// timer (laptop lid closed) or a changed session is noticed within this bound.
const MAX_WAIT_MS: f64 = 600_000.0;

/// The document, when there is one.
fn document() -> Option<EventTarget> {
    let d = reflect::get(&js_sys::global(), "document");
    d.is_object().then(|| d.unchecked_into())
}

/// False only in a hidden tab (no document counts as visible).
pub(crate) fn visible() -> bool {
    document().is_none_or(|d| reflect::get_str(&d, "visibilityState").as_deref() != Some("hidden"))
}

/// A JS callback of the timer (see [`callback`]).
type Callback = Closure<dyn FnMut(JsValue)>;

/// The timer of one auth instance.
pub(crate) struct Timer {
    tick: Callback,
    pending: RefCell<Option<JsValue>>,
    visibility: Option<(EventTarget, Callback)>,
}

impl Timer {
    /// A timer calling `tick` when it fires and whenever the tab becomes visible.
    pub fn new(tick: Rc<dyn Fn()>) -> Timer {
        let visibility = document().and_then(|d| {
            let f = callback(tick.clone(), true);
            d.add_event_listener_with_callback("visibilitychange", f.as_ref().unchecked_ref())
                .ok()?;
            Some((d, f))
        });
        Timer {
            tick: callback(tick, false),
            pending: RefCell::new(None),
            visibility,
        }
    }

    /// Fires the tick in `delay_ms` (replacing any earlier arming).
    pub fn arm(&self, delay_ms: f64) {
        self.cancel();
        let id = set_timeout(self.tick.as_ref(), delay_ms.clamp(0.0, MAX_WAIT_MS));
        *self.pending.borrow_mut() = Some(id);
    }

    /// Disarms the timer.
    pub fn cancel(&self) {
        if let Some(id) = self.pending.borrow_mut().take() {
            clear_timeout(&id);
        }
    }
}

/// The JS callback calling `tick` (only while the tab is visible, with `when_visible`). One
/// closure type for the timer and the listener (-33 B gzip, `make size`), and the type of the
/// cross-tab message handler and of the futures' callbacks: its argument (the event, or none) is
/// not read, and one invoke shim serves them all (-39 B gzip).
fn callback(tick: Rc<dyn Fn()>, when_visible: bool) -> Callback {
    Closure::new(move |_: JsValue| {
        if !when_visible || visible() {
            tick();
        }
    })
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.cancel();
        if let Some((d, f)) = &self.visibility {
            let _ = d.remove_event_listener_with_callback(
                "visibilitychange",
                f.as_ref().unchecked_ref(),
            );
        }
    }
}
