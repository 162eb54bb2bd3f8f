//! Reading caller argument objects: every field is type-checked, and the first field
//! of the wrong type is reported by name (`email must be a string`), before any
//! "is required" check, so the message names the real problem.

use std::cell::Cell;

use wasm_bindgen::JsValue;

use crate::reflect::get;

/// The fields of one argument object.
pub(super) struct Fields<'a> {
    obj: &'a JsValue,
    /// The first mistyped field and what it should have been.
    wrong: Cell<Option<(&'static str, &'static str)>>,
}

impl<'a> Fields<'a> {
    pub fn new(obj: &'a JsValue) -> Self {
        Fields {
            obj,
            wrong: Cell::new(None),
        }
    }

    fn mistyped(&self, key: &'static str, what: &'static str) {
        if self.wrong.get().is_none() {
            self.wrong.set(Some((key, what)));
        }
    }

    /// A field read by `read`; `undefined`/`null` are absent, a value `read` rejects is
    /// recorded as mistyped (`what` it should have been).
    fn typed<T>(
        &self,
        key: &'static str,
        what: &'static str,
        read: impl Fn(&JsValue) -> Option<T>,
    ) -> Option<T> {
        let v = get(self.obj, key);
        if v.is_null_or_undefined() {
            return None;
        }
        let r = read(&v);
        if r.is_none() {
            self.mistyped(key, what);
        }
        r
    }

    /// A string field.
    pub fn str(&self, key: &'static str) -> Option<String> {
        self.typed(key, "a string", JsValue::as_string)
    }

    /// A string, or a number as its decimal text (codes typed as numbers).
    pub fn text(&self, key: &'static str) -> Option<String> {
        let v = get(self.obj, key);
        match v.as_f64() {
            Some(_) => js_sys::Number::from(v)
                .to_string_with_radix(10)
                .ok()
                .map(String::from),
            None => self.str(key),
        }
    }

    /// A boolean field.
    pub fn bool(&self, key: &'static str) -> Option<bool> {
        self.typed(key, "a boolean", JsValue::as_bool)
    }

    /// `Err("<key> must be <type>")` for the first mistyped field read so far.
    pub fn check(&self) -> Result<(), String> {
        match self.wrong.get() {
            None => Ok(()),
            Some((key, what)) => {
                let mut m = String::from(key);
                m.push_str(" must be ");
                m.push_str(what);
                Err(m)
            }
        }
    }
}
