//! The wire between tabs of one origin: a `BroadcastChannel`, or, where it is missing,
//! `storage` events on one localStorage key. Both deliver a sender's messages in order
//! and never to the sending instance itself.

use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, EventTarget};

use crate::reflect;
use crate::storage::Storage;

/// An open channel; closed when dropped.
pub(crate) struct Channel {
    wire: Wire,
    /// The JS callback; it must live as long as the channel can call it.
    handler: Closure<dyn FnMut(JsValue)>,
}

enum Wire {
    /// `BroadcastChannel(name)`.
    Broadcast(BroadcastChannel),
    /// The window's `storage` events, and the key they carry messages on.
    Storage(EventTarget, String),
}

impl Channel {
    /// Opens the channel `name` (fallback: storage `key`), calling `on_message` with the text
    /// of every message another instance posts. `None` outside a browsing context.
    pub fn open(name: &str, key: String, on_message: impl Fn(&str) + 'static) -> Option<Channel> {
        let bc = BroadcastChannel::new(name).ok();
        // One handler for both wires (one closure type, not two: -27 B gzip, `make size`):
        // `wanted` is `None` for a `BroadcastChannel`, else the storage key messages come on.
        let wanted = bc.is_none().then(|| key.clone());
        let handler = Closure::new(move |ev: JsValue| {
            let text = match &wanted {
                None => reflect::get_str(&ev, "data"),
                Some(k) if reflect::get_str(&ev, "key").as_deref() == Some(k.as_str()) => {
                    reflect::get_str(&ev, "newValue")
                }
                Some(_) => None,
            };
            if let Some(text) = text {
                on_message(&text);
            }
        });
        let wire = match bc {
            Some(bc) => {
                bc.set_onmessage(Some(handler.as_ref().unchecked_ref()));
                Wire::Broadcast(bc)
            }
            None => {
                let target: EventTarget = web_sys::window()?.into();
                target
                    .add_event_listener_with_callback("storage", handler.as_ref().unchecked_ref())
                    .ok()?;
                Wire::Storage(target, key)
            }
        };
        Some(Channel { wire, handler })
    }

    /// Sends `text` to every other instance; `store` is the shared localStorage.
    pub fn post(&self, text: &str, store: &dyn Storage) {
        match &self.wire {
            Wire::Broadcast(bc) => {
                let _ = bc.post_message(&JsValue::from_str(text));
            }
            // Each message differs from the last (sequence number), so each write fires an event.
            Wire::Storage(_, key) => store.set(key, text),
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        match &self.wire {
            Wire::Broadcast(bc) => {
                bc.set_onmessage(None);
                bc.close();
            }
            Wire::Storage(target, _) => {
                let _ = target.remove_event_listener_with_callback(
                    "storage",
                    self.handler.as_ref().unchecked_ref(),
                );
            }
        }
    }
}
