use wasm_bindgen::prelude::*;

// Patched for cloudbase-auth-wasm: the error carries no value. The original held a JS `Error`
// (or the JS exception it came from), created where the conversion failed; the package never
// shows these errors (a value that does not convert counts as absent), so the error is a
// zero-sized marker, and its JS value, a JS `Error` with a fixed message, is only created if
// asked for (see PATCHES.md).
/// A failed conversion between a JS value and a Rust type.
#[derive(Debug)]
pub struct Error;

/// The one message of every [`Error`].
const MESSAGE: &str = "the value does not have the expected type";

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(MESSAGE)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// An error; the message is not kept (see above).
    pub fn new<T: std::fmt::Display>(_msg: T) -> Self {
        Error
    }
}

impl serde::ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

impl serde::de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(msg)
    }
}

/// This conversion is needed for `?` to just work when using wasm-bindgen
/// imports that return JavaScript exceptions as `Result<T, JsValue>`.
impl From<JsValue> for Error {
    fn from(_error: JsValue) -> Error {
        Error
    }
}

// This conversion is needed for `?` to just work in wasm-bindgen exports
// that return `Result<T, JsValue>` to throw JavaScript exceptions.
impl From<Error> for JsValue {
    fn from(_error: Error) -> JsValue {
        JsError::new(MESSAGE).into()
    }
}
