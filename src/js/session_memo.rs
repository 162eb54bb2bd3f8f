//! `getSession()`'s answer from the JS session the core keeps while storage is unchanged
//! (`auth::memo`): a fresh copy, resolved without a Rust future.

/// `Promise.resolve({data: {session, user: session.user}, error: null})` with a deep copy of
/// the JS session `s` (or null: signed out). A copy because the official SDK builds fresh
/// objects on each call: a caller changing its answer must not change the next one. A snippet
/// of `platform`'s module (see there why).
pub(super) use crate::platform::resolved_session as resolved;
