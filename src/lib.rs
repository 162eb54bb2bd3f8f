//! `cloudbase-auth-wasm`: a Rust/WebAssembly replacement for the `auth` module of the
//! CloudBase JS SDK v3 (`@cloudbase/js-sdk@3.7.0`).
//!
//! Layers, from the network up: [`http`] (one request function), [`storage`] (backends
//! and every key name), `credentials` (token store), [`events`] (subscriptions),
//! [`error`], [`model`], [`auth`] (the public Rust API) and `js` (the wasm-bindgen
//! boundary used by the hand-written `js/index.js`).

// AuthError is a plain struct with public fields (the JS error's fields); boxing it
// would only complicate callers, and the error path is cold.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod captcha;
mod credentials;
pub mod error;
pub mod error_category;
pub mod events;
pub mod http;
pub mod js;
pub mod model;
pub mod oauth;
pub mod phone;
pub mod storage;
mod tabs;
pub mod util;

pub use auth::{Auth, AuthConfig, PasswordSignIn};
pub use error::AuthError;
pub use events::{AuthChangeEvent, Subscription};
pub use model::{Credentials, Session, User};
pub use storage::Persistence;
