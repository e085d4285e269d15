//! The core's values handed back to JS through serde-wasm-bindgen: success data, validation
//! reports, error fields, the body to send. Objects come out as plain JS objects, as `JSON.parse`
//! would make them.
//!
//! A list of strings (a request's e-mails: thousands of them) crosses as one string, split by JS
//! (`String.prototype.split`): each string handed over on its own costs a decoding and a call,
//! most of the time of a long list's validation.

use js_sys::JsString;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use wasm_bindgen::JsValue;

use crate::value::Value;

/// Lists of at least this many strings cross as one.
pub const JOINED_FROM: usize = 16;
/// What the strings are joined with: a character a string of the list holds keeps it off the
/// fast path.
pub const JOIN: char = '\0';
/// `JOIN` as the text JS joins and splits with.
pub const JOIN_TEXT: &str = "\0";

/// `v` as a JS value (`null` in the case serialization can't happen: a `Value` is always JSON).
pub fn to_js(v: &Value) -> JsValue {
    Out(v).serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// A `Value` as serde-wasm-bindgen writes it, lists of strings joined.
struct Out<'a>(&'a Value);

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Array(items) => match joined(items) {
                Some(list) => serde_wasm_bindgen::preserve::serialize(&list, s),
                None => {
                    let mut seq = s.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(&Out(item))?;
                    }
                    seq.end()
                }
            },
            Value::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, &Out(v))?;
                }
                map.end()
            }
            // As `Value`'s own `Serialize` writes them: the one serializer instantiated for JS.
            Value::Undefined | Value::Null | Value::Function | Value::Opaque(_) => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(text) => s.serialize_str(text),
        }
    }
}

/// The JS array of `items`, made from one string, when they are all strings (and enough of them).
fn joined(items: &[Value]) -> Option<JsValue> {
    if items.len() < JOINED_FROM {
        return None;
    }
    let mut all = String::new();
    for (i, item) in items.iter().enumerate() {
        let text = item.as_str().filter(|t| !t.as_bytes().contains(&(JOIN as u8)))?;
        if i > 0 {
            all.push(JOIN);
        }
        all.push_str(text);
    }
    Some(JsString::from(all).split(JOIN_TEXT).into())
}
