//! Small pure helpers (host-testable) and thin wrappers over browser APIs.

use js_sys::{Date, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Formats 16 random bytes as the official SDK's id: 32 lowercase hex chars,
/// uuid-v4 style without dashes (`xxxxxxxxxxxx4xxxyxxxxxxxxxxxxxxx`).
pub fn uuid_hex(bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for (i, b) in bytes.iter().enumerate() {
        let (mut hi, lo) = (b >> 4, b & 15);
        if i == 6 {
            hi = 4; // version nibble: char 12
        }
        if i == 8 {
            hi = 8 | (hi & 3); // variant nibble: char 16 is one of 8, 9, a, b
        }
        out.push(HEX[hi as usize] as char);
        out.push(HEX[lo as usize] as char);
    }
    out
}

/// `expires_at` (ms since epoch) for a token received at `now_ms` that lives
/// `expires_in` seconds: 30 s early, as the official SDK does (spec §4.2).
pub fn expires_at_ms(now_ms: f64, expires_in: f64) -> f64 {
    now_ms + (expires_in - 30.0) * 1000.0
}

/// Keeps only `scheme://host[:port]` of `protocol + url`, like the official
/// SDK's `getBaseEndPoint` (`/v1` and `/web` suffixes are dropped).
/// `protocol` may be `http`, `http:` or empty (then `https:`).
pub fn endpoint_origin(url: &str, protocol: &str) -> String {
    let mut full = String::new();
    if !url.starts_with("http:") && !url.starts_with("https:") {
        full.push_str(if protocol.is_empty() {
            "https"
        } else {
            protocol.trim_end_matches(':')
        });
        full.push(':');
    }
    full.push_str(url);
    // Byte scans, no str slicing: nothing here can panic (keeps panic/fmt code out).
    let b = full.as_bytes();
    let Some(at) = b.windows(2).position(|w| w == b"//") else {
        return full;
    };
    let host_end = b
        .iter()
        .skip(at + 2)
        .position(|c| matches!(c, b'/' | b'?' | b'#'))
        .map_or(b.len(), |i| at + 2 + i);
    full.truncate(host_end);
    full
}

/// True when the value is a non-empty string, non-zero number or `true` (JS truthiness
/// for the types a JSON body can hold; objects and arrays are truthy).
pub(crate) fn truthy(v: &JsValue) -> bool {
    v.is_truthy()
}

/// Current time in ms since the epoch.
pub(crate) fn now_ms() -> f64 {
    Date::now()
}

/// 16 bytes from `crypto.getRandomValues`, falling back to `Math.random`.
pub(crate) fn random_bytes() -> [u8; 16] {
    let mut buf = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut buf).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// A fresh `x-request-id` / device id.
pub(crate) fn new_id() -> String {
    uuid_hex(random_bytes())
}

/// Resolves after `ms` milliseconds (setTimeout).
pub(crate) async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        } else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(p).await;
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

/// ISO string of a ms timestamp (`Date#toISOString`).
pub(crate) fn iso(ms: f64) -> String {
    Date::new(&JsValue::from_f64(ms))
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let id = uuid_hex([0xff; 16]);
        assert_eq!(id.len(), 32);
        assert_eq!(&id[12..13], "4");
        assert_eq!(&id[16..17], "b");
        let id = uuid_hex([0; 16]);
        assert_eq!(id, "00000000000040008000000000000000");
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    }

    #[test]
    fn expiry_is_thirty_seconds_early() {
        assert_eq!(
            expires_at_ms(1_000_000.0, 7200.0),
            1_000_000.0 + 7_170_000.0
        );
        assert_eq!(expires_at_ms(0.0, 31.0), 1000.0);
    }

    #[test]
    fn origins() {
        assert_eq!(
            endpoint_origin("//127.0.0.1:8787/v1", "http"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            endpoint_origin("//127.0.0.1:8787/v1", "http:"),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            endpoint_origin("//e.api.tcloudbasegateway.com/v1", ""),
            "https://e.api.tcloudbasegateway.com"
        );
        assert_eq!(
            endpoint_origin("http://localhost:1/x?y", "https"),
            "http://localhost:1"
        );
        assert_eq!(endpoint_origin("//h", "http"), "http://h");
    }
}
