//! Patched for cloudbase-auth-wasm: [`JsFuture`], copied from js-sys 0.3.107
//! (`src/futures/mod.rs`, which wasm-bindgen-futures 0.4.80 re-exports) for `JsValue` results
//! only, its two callbacks `Closure<dyn FnMut(JsValue)>`s of one closure type made by one function
//! instead of two `Closure::once` of two types (see `PATCHES.md`).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// A Rust `Future` backed by a JavaScript `Promise`: resolves to `Ok` with the promise's value,
/// or to `Err` with its rejection reason. Made with `JsFuture::from`.
pub struct JsFuture {
    inner: Rc<RefCell<Inner>>,
}

type Callback = Closure<dyn FnMut(JsValue)>;

struct Inner {
    result: Option<Result<JsValue, JsValue>>,
    task: Option<Waker>,
    callbacks: Option<(Callback, Callback)>,
}

impl core::fmt::Debug for JsFuture {
    fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
        f.write_str("JsFuture { ... }")
    }
}

impl From<Promise> for JsFuture {
    fn from(js: Promise) -> JsFuture {
        // The promise calls exactly one of the two callbacks; the first call drops both (the
        // glue frees a closure that is running once its call returns), so nothing is left
        // however long the promise takes.
        let state = Rc::new(RefCell::new(Inner {
            result: None,
            task: None,
            callbacks: None,
        }));
        let resolve = settle(&state, true);
        let reject = settle(&state, false);
        let _ = js.then2(&resolve, &reject);
        state.borrow_mut().callbacks = Some((resolve, reject));
        JsFuture { inner: state }
    }
}

/// The callback that settles `state`: with `Ok(value)` when `fulfilled`, else `Err(reason)`.
fn settle(state: &Rc<RefCell<Inner>>, fulfilled: bool) -> Callback {
    let state = Rc::clone(state);
    Closure::new(move |value: JsValue| {
        let task = {
            let mut state = state.borrow_mut();
            // The closures are never called again: their state goes now.
            drop(state.callbacks.take());
            state.result = Some(if fulfilled { Ok(value) } else { Err(value) });
            state.task.take()
        };
        if let Some(task) = task {
            task.wake()
        }
    })
}

impl Future for JsFuture {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context) -> Poll<Self::Output> {
        let mut inner = self.inner.borrow_mut();
        if let Some(val) = inner.result.take() {
            return Poll::Ready(val);
        }
        inner.task = Some(cx.waker().clone());
        Poll::Pending
    }
}
