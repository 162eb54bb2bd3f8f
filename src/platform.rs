//! Calls into the JS runtime: clock, randomness, timers, URI encoding, the page's
//! location and history, and shared futures. Everything here works without `window`
//! (Node 18+, Web Workers) except the location/history helpers, which then do nothing.

use std::future::Future;
use std::pin::Pin;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::reflect;

#[wasm_bindgen]
extern "C" {
    // Globals of every JS runtime, not of `window` only.
    /// `setTimeout(cb, ms)` → its id (the refresh timer's; [`sleep`] waits on a JS promise).
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(cb: &JsValue, ms: f64) -> JsValue;
    /// `clearTimeout(id)`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn btoa(s: &str) -> Result<String, JsValue>;
}

// Promises made in JS, not through `Promise::new` with a Rust closure for their executor (that
// closure's type brings an invoke shim and a glue function of its own): -170 B gzip (`make
// size`). One snippet module for the package's core, with the getSession answer of
// `js::session_memo` in it too: wasm-bindgen-test-runner's headless Chromium now and then never
// finishes loading a test page that has one more snippet module than these (a test binary hung
// in 6 of 17 runs with a fifth module, in none of 22 without), so none is added.
#[wasm_bindgen(inline_js = r#"
export function delay(ms) { return new Promise((r) => setTimeout(r, ms)); }
export function deferred() { let resolve; const p = new Promise((r) => { resolve = r; }); return [p, resolve]; }
function copy(v) {
  if (typeof v !== 'object' || !v) return v;
  if (v instanceof Date) return new Date(+v);
  const r = Array.isArray(v) ? [] : {};
  for (const k in v) r[k] = copy(v[k]);
  return r;
}
export function resolvedSession(s) {
  const session = copy(s);
  return Promise.resolve({ data: { session, user: session && session.user }, error: null });
}
"#)]
extern "C" {
    /// A promise resolved after `ms` milliseconds.
    fn delay(ms: i32) -> Promise;
    /// A new promise and the function that resolves it.
    fn deferred() -> js_sys::Array;
    /// `js::session_memo::resolved` (documented there), kept in this module's snippet.
    #[wasm_bindgen(js_name = resolvedSession)]
    pub(crate) fn resolved_session(s: &JsValue) -> Promise;
}

/// Current time in ms since the epoch.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// 16 bytes from `crypto.getRandomValues`, falling back to `Math.random`.
pub(crate) fn random_bytes() -> [u8; 16] {
    let mut buf = [0u8; 16];
    if get_random_values(&mut buf).is_err() {
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// A fresh `x-request-id` / device id.
pub(crate) fn new_id() -> String {
    crate::pure::uuid_hex(random_bytes())
}

/// Resolves after `ms` milliseconds (the global `setTimeout`).
pub(crate) async fn sleep(ms: i32) {
    let _ = JsFuture::from(delay(ms)).await;
}

/// `btoa(s)`; empty when `s` is not Latin-1.
pub(crate) fn base64(s: &str) -> String {
    btoa(s).unwrap_or_default()
}

/// `encodeURIComponent(s)`.
pub(crate) fn encode_uri_component(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// `decodeURIComponent(s)`, `None` when it is malformed.
pub(crate) fn decode_uri_component(s: &str) -> Option<String> {
    js_sys::decode_uri_component(s).ok().map(String::from)
}

/// UTF-8 bytes as a string, `None` when they are not valid UTF-8. In the browser the check is
/// `decodeURIComponent` over their `%XX` form (it rejects what `String::from_utf8` rejects:
/// bad sequences, overlong forms, surrogates), so std's UTF-8 validator is not linked
/// (-253 B gzip, `make size`); on the host (unit tests) it is `String::from_utf8`.
pub(crate) fn utf8(bytes: Vec<u8>) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let mut s = String::with_capacity(bytes.len() * 3);
        for b in bytes {
            crate::pure::push_percent(&mut s, b);
        }
        decode_uri_component(&s)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::from_utf8(bytes).ok()
    }
}

/// `s` without leading and trailing whitespace. In the browser through JS's `String#trim` (the
/// whitespace of `str::trim`, plus U+FEFF), so that std's Unicode whitespace table and its
/// backward UTF-8 decoding are not linked (-351 B gzip, `make size`); on the host `str::trim`.
pub(crate) fn trim(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JsString::from(s).trim().into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.trim().into()
    }
}

/// `location`, when there is a page. Read with `Reflect` like the rest of `location` and `history`
/// below: each web-sys getter or method would be one more import and glue wrapper (-206 B gzip,
/// with the one `setTimeout` import).
pub(crate) fn location() -> Option<JsValue> {
    web_sys::window().map(|w| reflect::get(&w, "location"))
}

/// `location[key]` as a string, empty without a page.
fn location_str(key: &str) -> String {
    location()
        .and_then(|l| reflect::get_str(&l, key))
        .unwrap_or_default()
}

/// `location.href`, empty without a page.
pub(crate) fn current_href() -> String {
    location_str("href")
}

/// `location.search`, empty without a page.
pub(crate) fn current_search() -> String {
    location_str("search")
}

/// `location.assign(url)` (no-op without a page).
pub(crate) fn navigate(url: &str) {
    if let Some(l) = location() {
        let assign: Function = reflect::get(&l, "assign").unchecked_into();
        let _ = assign.call1(&l, &url.into());
    }
}

/// `location.href = url` (no-op without a page).
pub(crate) fn set_href(url: &str) {
    if let Some(l) = location() {
        reflect::set(&l, "href", url);
    }
}

/// `history.replaceState(null, '', url)` (no-op without a page).
pub(crate) fn replace_url(url: &str) {
    if let Some(h) = web_sys::window().map(|w| reflect::get(&w, "history")) {
        let replace: Function = reflect::get(&h, "replaceState").unchecked_into();
        let _ = replace.call3(&h, &JsValue::NULL, &"".into(), &url.into());
    }
}

/// A boxed, type-erased future (one instantiation of the promise glue for all of them).
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// A boxed, type-erased future that may borrow (a rarely taken step kept out of the state
/// machine of the future that awaits it).
pub(crate) type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Runs a future as a Promise that always resolves with its output, through [`Completes`].
pub(crate) fn promise(f: impl Future<Output = JsValue> + 'static) -> Promise {
    boxed_promise(Box::pin(Completes::new(f)))
}

/// [`promise`]'s body, not generic: the task is instantiated once instead of once per caller
/// (wasm size). The promise is made first and the future spawned, as `future_to_promise` does.
fn boxed_promise(f: BoxFuture<JsValue>) -> Promise {
    let d = deferred();
    let promise = d.get(0);
    spawn_local(async move {
        let v = f.await;
        let _ = d
            .get(1)
            .unchecked_into::<Function>()
            .call1(&JsValue::NULL, &v);
    });
    promise.unchecked_into()
}

/// A future run by [`promise`] whose drop glue is never linked: -1,334 B gzip (`make size`,
/// 65,235 → 63,901 B; the `abort` guard below costs 165 B of that saving). A type-erased future
/// brings the code that drops it in each of its suspended states, for every `async` block of the
/// crate and the futures they await. A task's future, though, is only dropped once it has
/// completed (js-sys's task drops it when it is ready; a pending task holds a waker to itself,
/// so it is never dropped), and a completed `async` block holds nothing to drop. Dropped before
/// that, it stops the module (`abort`, a wasm trap) rather than free pinned memory whose parts
/// were never dropped, which `Pin` forbids.
struct Completes<F> {
    fut: core::mem::ManuallyDrop<F>,
    done: bool,
}

impl<F> Completes<F> {
    fn new(f: F) -> Self {
        Self {
            fut: core::mem::ManuallyDrop::new(f),
            done: false,
        }
    }
}

impl<F: Future> Future for Completes<F> {
    type Output = F::Output;
    fn poll(self: Pin<&mut Self>, cx: &mut core::task::Context<'_>) -> core::task::Poll<F::Output> {
        // SAFETY: `fut` is pinned with its wrapper (structural pinning): it is never moved out,
        // and the wrapper's `drop` never frees it unfinished.
        let this = unsafe { self.get_unchecked_mut() };
        let poll = unsafe { Pin::new_unchecked(&mut *this.fut) }.poll(cx);
        this.done |= poll.is_ready();
        poll
    }
}

impl<F> Drop for Completes<F> {
    fn drop(&mut self) {
        if !self.done {
            std::process::abort();
        }
    }
}

/// How the crate awaits its own `async` functions: `f.to_end().await`. The future is polled as
/// usual but never dropped, so the code dropping it in each of its suspended states (its drop
/// glue, and through it that of every future it awaits) is not linked at the await: -1,093 B
/// gzip (`make size`, 55,351 → 54,258 B). A plain `.await` drops the awaited future once it has
/// completed, and the compiler cannot see that a completed `async` future holds nothing.
///
/// Sound for the crate's tasks: each runs under [`promise`], so an awaited future is polled to
/// its end, or its task is dropped unfinished and [`Completes`] stops the module before any
/// memory is freed. Only for futures of `async` functions and blocks: a `JsFuture` or a boxed
/// future owns what it holds until it is dropped, so those are awaited plainly.
pub(crate) trait ToEnd: Future + Sized {
    /// This future, awaited to its end without being dropped.
    #[inline(always)]
    fn to_end(self) -> RunToEnd<Self> {
        RunToEnd(core::mem::ManuallyDrop::new(self))
    }
}

impl<F: Future> ToEnd for F {}

/// A future awaited through [`ToEnd::to_end`]: polls the one it holds, never drops it.
pub(crate) struct RunToEnd<F>(core::mem::ManuallyDrop<F>);

impl<F: Future> Future for RunToEnd<F> {
    type Output = F::Output;
    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut core::task::Context<'_>) -> core::task::Poll<F::Output> {
        // SAFETY: structural pinning: the inner future is never moved out of its wrapper (nor
        // dropped; see the trait for why it is never freed unfinished).
        unsafe { self.map_unchecked_mut(|s| &mut *s.0) }.poll(cx)
    }
}

/// Awaits a promise, ignoring its outcome.
pub(crate) async fn settle(p: Promise) {
    let _ = JsFuture::from(p).await;
}

/// ISO string of a ms timestamp (`Date#toISOString`), kept a JS string: it is only written
/// into JS objects, so it is not copied into wasm memory and back (-13 B gzip, `make size`).
pub(crate) fn iso(ms: f64) -> js_sys::JsString {
    js_sys::Date::new(&JsValue::from_f64(ms)).to_iso_string()
}

/// `Date.parse(s)`: ms since the epoch, NaN when unreadable.
pub(crate) fn parse_date(s: &str) -> f64 {
    js_sys::Date::parse(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    /// What [`Completes`] relies on: an `async` block that has completed holds nothing,
    /// so skipping its drop glue leaks nothing it captured or created.
    #[test]
    fn a_completed_async_block_has_dropped_what_it_held() {
        let captured = Rc::new(());
        let held = Rc::clone(&captured);
        let mut task = Box::pin(Completes::new(async move {
            let created = Rc::clone(&held);
            std::future::ready(()).await;
            drop(created);
            Rc::strong_count(&held)
        }));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(task.as_mut().poll(&mut cx), Poll::Ready(2));
        assert_eq!(
            Rc::strong_count(&captured),
            1,
            "the captured clone was dropped on completion"
        );
        drop(task);
        assert_eq!(Rc::strong_count(&captured), 1);
    }

    /// What [`ToEnd`] relies on: a future awaited to its end through it is never dropped, yet
    /// leaks nothing: what it held across its suspension went when it completed.
    #[test]
    fn a_future_awaited_to_its_end_leaks_nothing() {
        async fn holds_across_a_suspension(rc: Rc<()>) -> usize {
            let created = Rc::clone(&rc);
            let mut yielded = false;
            std::future::poll_fn(|_| {
                if std::mem::replace(&mut yielded, true) {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
            drop(created);
            Rc::strong_count(&rc)
        }
        let shared = Rc::new(());
        let arg = Rc::clone(&shared);
        let mut task = Box::pin(Completes::new(async move {
            holds_across_a_suspension(arg).to_end().await
        }));
        let mut cx = Context::from_waker(Waker::noop());
        assert_eq!(task.as_mut().poll(&mut cx), Poll::Pending);
        assert_eq!(Rc::strong_count(&shared), 3, "held while suspended");
        assert_eq!(task.as_mut().poll(&mut cx), Poll::Ready(2));
        assert_eq!(Rc::strong_count(&shared), 1, "nothing left once complete");
    }
}
