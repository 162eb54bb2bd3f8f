//! Reading caller argument objects with serde-wasm-bindgen: the named fields of an object, in
//! the order given, each deserialized as its [`Kind`] (`Option<String>` or a string-or-number;
//! the one boolean argument is checked by its method). `undefined`/`null` are absent. The first field of the wrong type is
//! reported by name (`email must be a string`), before any "is required" check, so the message
//! names the real problem.
//!
//! One reader driven by the list of fields (serde's `DeserializeSeed`), not a derived struct per
//! method: the package has 17 argument shapes, and a derived `Deserialize` per shape measured
//! +4,393 B gzip against +905 B for this reader (`make size`, README "Package size").

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// What one argument field must hold.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A string.
    Str,
    /// A string, or a number as its decimal text (codes and tokens typed as numbers).
    Text,
    /// A number, as its decimal text: a `Text` field's second reading, when it is no string.
    Number,
}

/// One argument field's value, of its [`Kind`].
pub(super) enum Value {
    /// `undefined` or `null`.
    Absent,
    /// A `Str` or `Text` field's string.
    Str(String),
}

impl Value {
    /// The string, when the field held one. Out of line (about 30 callers): 181 B gzip less
    /// (`make size`).
    #[inline(never)]
    pub fn str(self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string, empty when the field was absent.
    pub fn string(self) -> String {
        or_empty(self.str())
    }
}

/// The string, empty for none. Out of line for its callers: 130 B gzip less (`make size`).
#[inline(never)]
pub(super) fn or_empty(s: Option<String>) -> String {
    s.unwrap_or_default()
}

/// The most fields an argument object has (`verifyOtp`'s).
const MAX: usize = 5;

/// What a method's argument must be before its fields are read.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Need {
    /// An object.
    Object,
    /// An object, `undefined` or `null`.
    ObjectOrNone,
    /// Anything (a non-object reads as `{}`).
    Any,
}

/// [`read`] after the [`Need`] check, or the promise of the `invalid_argument` answer with
/// `keys` nulled (`params must be an object`, `<field> must be <type>`). One out-of-line copy of
/// the check, the read and the error answer, not one per method: 37 B gzip less (`make size`).
#[inline(never)]
pub(super) fn parse(
    obj: &JsValue,
    need: Need,
    keys: &[&str],
    fields: &'static [&'static str],
    kinds: &[Kind],
) -> Result<[Value; MAX], js_sys::Promise> {
    let ok = match need {
        Need::Object => obj.is_object(),
        Need::ObjectOrNone => super::optional_object(obj),
        Need::Any => true,
    };
    if !ok {
        return Err(super::bad_argument(keys, "params must be an object"));
    }
    read(obj, fields, kinds).map_err(|m| super::bad_argument(keys, &m))
}

/// `fields` of the argument object `obj`, read as `kinds`, or `Err("<field> must be <type>")`
/// for the first mistyped one; the values come first in the array, `Absent` after them. Anything
/// but an object reads as `{}` (every field absent). A fixed-size result, not one array type per
/// field count: 91 B less (`make size`).
pub(super) fn read(
    obj: &JsValue,
    fields: &'static [&'static str],
    kinds: &[Kind],
) -> Result<[Value; MAX], String> {
    debug_assert!(fields.len() == kinds.len() && kinds.len() <= MAX);
    let mut out = std::array::from_fn(|_| Value::Absent);
    let obj = if obj.is_object() {
        obj.clone()
    } else {
        js_sys::Object::new().into()
    };
    // Read on after each `Text` field that is no string but a number. (A string-or-number in one
    // reading needs serde's `deserialize_any` or serde-wasm-bindgen's `preserve`, whose code
    // paths measured 448 B more, `make size`.) `get`, not indexing: its panic paths cost 170 B.
    let mut start = 0;
    while let (Some(f), Some(k), Some(o)) = (
        fields.get(start..),
        kinds.get(start..),
        out.get_mut(start..),
    ) {
        let Err(n) = read_from(&obj, f, k, o) else {
            break;
        };
        let (Some(field), Some(&kind), Some(slot)) = (f.get(n..=n), k.get(n), o.get_mut(n..=n))
        else {
            break;
        };
        if kind != Kind::Text || read_from(&obj, field, &[Kind::Number], slot).is_err() {
            // Not `concat()`: its generic join measured 1 KB of wasm.
            let mut m = String::new();
            field.iter().for_each(|f| m.push_str(f));
            m.push_str(" must be a string");
            return Err(m);
        }
        start += n + 1;
    }
    Ok(out)
}

/// `fields` of the object `obj` as `kinds` into `out`; `Err(i)` when field `i` is mistyped.
fn read_from(
    obj: &JsValue,
    fields: &'static [&'static str],
    kinds: &[Kind],
    out: &mut [Value],
) -> Result<(), usize> {
    let de = serde_wasm_bindgen::Deserializer::from(obj.clone());
    // An object always deserializes as a struct; only a field can be mistyped.
    de.deserialize_struct("args", fields, FieldsVisitor { kinds, out })
        .unwrap_or(Err(0))
}

/// Reads the fields in order as their kinds into `out`; `Ok(Err(i))` when field `i` is
/// mistyped.
struct FieldsVisitor<'a> {
    kinds: &'a [Kind],
    out: &'a mut [Value],
}

impl<'de> Visitor<'de> for FieldsVisitor<'_> {
    type Value = Result<(), usize>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        for (i, (&kind, slot)) in self.kinds.iter().zip(self.out.iter_mut()).enumerate() {
            match seq.next_element_seed(kind) {
                Ok(Some(v)) => *slot = v,
                _ => return Ok(Err(i)),
            }
        }
        Ok(Ok(()))
    }
}

impl<'de> DeserializeSeed<'de> for Kind {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        let v = match self {
            Kind::Str | Kind::Text => Option::<String>::deserialize(d)?.map(Value::Str),
            // JS's own decimal text (`1e+21`); Rust's differs and would link float printing.
            Kind::Number => Option::<f64>::deserialize(d)?.map(|n| {
                let s = js_sys::Number::from(n).to_string_with_radix(10);
                Value::Str(s.map(String::from).unwrap_or_default())
            }),
        };
        Ok(v.unwrap_or(Value::Absent))
    }
}

/// The own enumerable `key: value` pairs of `obj` except the keys in `skip`: those with a string
/// value (pass-through profile fields), or with `json` every value but `null`/`undefined`,
/// non-strings JSON-encoded (query parameters, as `URLSearchParams#set` would be given them).
pub(super) fn pairs(obj: &JsValue, skip: &[&str], json: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // `is_object`, not `dyn_ref` (`instanceof Object`): `Object.create(null)` counts too.
    if !obj.is_object() {
        return out;
    }
    // A loop, not `filter_map().collect()`: 268 B gzip less (`make size`).
    for e in js_sys::Object::entries(obj.unchecked_ref()).iter() {
        // `Object.entries` gives `[key, value]` arrays: no `Array.from` copy (24 B gzip less).
        let pair: js_sys::Array = e.unchecked_into();
        let Some(k) = pair.get(0).as_string() else {
            continue;
        };
        let v = pair.get(1);
        let v = match v.as_string() {
            Some(s) => s,
            None if json && !v.is_undefined() && !v.is_null() => crate::reflect::json_stringify(&v),
            None => continue,
        };
        if !skip.contains(&k.as_str()) {
            out.push((k, v));
        }
    }
    out
}
