//! OAuth redirect sign-in, identity linking and `detectSessionInUrl` (spec §6).
//!
//! [`url`] and [`state`] are pure; [`pending`] is the sessionStorage round-trip record;
//! `flow` holds the [`crate::Auth`] methods.

mod flow;
pub mod pending;
pub mod state;
pub mod url;

pub use flow::{OAuthOptions, OAuthResult, OAuthStart};
