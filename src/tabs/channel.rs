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
        if let Ok(bc) = BroadcastChannel::new(name) {
            let handler = Closure::new(move |ev: JsValue| {
                if let Some(text) = reflect::get_str(&ev, "data") {
                    on_message(&text);
                }
            });
            bc.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            return Some(Channel {
                wire: Wire::Broadcast(bc),
                handler,
            });
        }
        let target: EventTarget = web_sys::window()?.into();
        let wanted = key.clone();
        let handler = Closure::new(move |ev: JsValue| {
            if reflect::get_str(&ev, "key").as_deref() == Some(wanted.as_str()) {
                if let Some(text) = reflect::get_str(&ev, "newValue") {
                    on_message(&text);
                }
            }
        });
        target
            .add_event_listener_with_callback("storage", handler.as_ref().unchecked_ref())
            .ok()?;
        Some(Channel {
            wire: Wire::Storage(target, key),
            handler,
        })
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
