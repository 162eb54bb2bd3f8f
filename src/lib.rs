//! `cloudbase-auth-wasm`: a Rust/WebAssembly replacement for the `auth` module of the
//! CloudBase JS SDK v3 (`@cloudbase/js-sdk@3.7.0`).
//!
//! Layers, from the network up: `http` (one request function, gloo-net), [`storage`]
//! (gloo-storage and memory backends, every key name), `credentials` (token store),
//! [`events`] (subscriptions), [`error`], [`model`], [`auth`] (the public Rust API; the
//! captcha step sits in its request path) and `js` (the wasm-bindgen boundary used by
//! the hand-written `js/index.js`). `pure` (host-testable helpers), `platform` (JS
//! runtime calls) and `reflect` (JS object access) serve them.

#![deny(missing_docs)]

#[macro_use]
mod boxed;

pub mod auth;
mod captcha;
mod credentials;
pub mod error;
pub mod error_category;
pub mod events;
mod http;
#[doc(hidden)]
pub mod js;
pub mod model;
pub mod oauth;
pub mod phone;
mod platform;
mod pure;
mod reflect;
pub mod storage;
mod tabs;

pub use auth::{Auth, AuthConfig, PasswordSignIn};
pub use error::AuthError;
pub use events::{AuthChangeEvent, Subscription};
pub use model::{Credentials, Session, User};
pub use storage::Persistence;

/// The wasm heap: lol_alloc's free-list allocator (the module is single-threaded).
/// Measured with `make size`: dlmalloc is about 7 KB raw of code; see the README size section.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
