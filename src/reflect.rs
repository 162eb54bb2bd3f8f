//! Thin wrappers over `Reflect` and `JSON` for JS objects: reading fields with their
//! type checked, building objects, JSON text.

use wasm_bindgen::{JsCast, JsValue};

/// `obj[key]` (undefined when `obj` is not an object).
pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// `obj[key]` as a string, when it is one.
pub(crate) fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

/// `obj[key]` as a number, when it is one.
pub(crate) fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key).as_f64()
}

/// `obj[key]` as a boolean, when it is one.
pub(crate) fn get_bool(obj: &JsValue, key: &str) -> Option<bool> {
    get(obj, key).as_bool()
}

/// `obj[key] = val`.
pub(crate) fn set(obj: &JsValue, key: &str, val: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &val.into());
}

/// `obj[key] = val ?? undefined` (the key exists, value undefined).
pub(crate) fn set_or_undef(obj: &JsValue, key: &str, val: &Option<String>) {
    match val {
        Some(v) => set(obj, key, v.as_str()),
        None => set(obj, key, JsValue::UNDEFINED),
    }
}

/// A new empty JS object.
pub(crate) fn object() -> JsValue {
    js_sys::Object::new().into()
}

/// `JSON.parse`, `None` on invalid JSON.
pub(crate) fn json_parse(s: &str) -> Option<JsValue> {
    js_sys::JSON::parse(s).ok()
}

/// `JSON.stringify`, empty string on failure (cycles cannot happen here).
pub(crate) fn json_stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// An array of strings from a JS array of strings or of `{id}` objects (group lists).
pub(crate) fn string_list(v: &JsValue) -> Option<Vec<String>> {
    let arr = v.dyn_ref::<js_sys::Array>()?;
    Some(
        arr.iter()
            .filter_map(|g| g.as_string().or_else(|| get_str(&g, "id")))
            .collect(),
    )
}
