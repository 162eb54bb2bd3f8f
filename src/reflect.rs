//! JS values: typed values read and written with serde-wasm-bindgen (`read`, `to_js`), thin
//! wrappers over `Reflect` and `JSON` for the request bodies and the few untyped objects.

use wasm_bindgen::JsValue;

/// serde-wasm-bindgen's serializer as the package uses it: `None` becomes `undefined` under its
/// key, as in the official SDK's objects.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new();

/// The JS value of a serializable type.
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(v: &T) -> JsValue {
    v.serialize(&SERIALIZER).unwrap_or(JsValue::UNDEFINED)
}

/// A typed value from a JS value, an error when it does not have the type's shape.
/// A `Result`, not an `Option`: the value is not moved once more to change wrappers
/// (-31 B gzip, `make size`).
pub(crate) fn read<T: serde::de::DeserializeOwned>(
    v: &JsValue,
) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(v.clone())
}

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
    set_value(obj, key, &val.into());
}

/// [`set`]'s body, not generic, so it is compiled once (-28 B gzip, `make size`).
fn set_value(obj: &JsValue, key: &str, val: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), val);
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
