//! `getSession()`'s answer from the JS session the core keeps while storage is unchanged
//! (`auth::memo`): a fresh copy, resolved without a Rust future.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
function copy(v) {
  if (typeof v !== 'object' || !v) return v;
  if (v instanceof Date) return new Date(+v);
  const r = Array.isArray(v) ? [] : {};
  for (const k in v) r[k] = copy(v[k]);
  return r;
}
export function resolved(s) {
  const session = copy(s);
  return Promise.resolve({ data: { session, user: session && session.user }, error: null });
}
"#)]
extern "C" {
    /// `Promise.resolve({data: {session, user: session.user}, error: null})` with a deep
    /// copy of the JS session `s` (or null: signed out). A copy because the official SDK
    /// builds fresh objects on each call: a caller changing its answer must not change
    /// the next one.
    pub(super) fn resolved(s: &JsValue) -> Promise;
}
