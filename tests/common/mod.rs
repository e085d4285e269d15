//! Helpers shared by the native tests (`mod common;`) and the fuzz crate (`fuzz/src/lib.rs`
//! includes this file): the core's values built from JSON text through serde_json, as the wasm
//! shell builds them with `JSON.parse`, and a server's answer as the shell hands it to the core,
//! and the platform options are checked on. Only serde_json, url and the crate itself are used
//! here, so that both can build it.
#![allow(dead_code)]

use rainbow_room_invitations::options::Platform;
use rainbow_room_invitations::response::Answer;
use rainbow_room_invitations::value::Value;

/// Node, as options are checked on it: `http://localhost` without a `baseUrl`.
pub fn node() -> Platform {
    page("http://localhost")
}

/// A platform whose calls go to `origin` without a `baseUrl`, as a browser page's do. The `url`
/// crate's WHATWG URL parser stands in for the platform's.
pub fn page(origin: &str) -> Platform {
    Platform { default_base_url: origin.into(), parses_url: |url| url::Url::parse(url).is_ok() }
}

/// What `JSON.parse` makes of `text`, or `None` when it is not JSON. Object keys keep their order
/// (serde_json's `preserve_order`); a repeated key keeps its last value, as in JS.
pub fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok().map(from_serde)
}

/// `parse` for JSON the test itself wrote: panics when it is not JSON.
pub fn json(text: &str) -> Value {
    parse(text).unwrap_or_else(|| panic!("not JSON: {text:?}"))
}

/// A value (a `Value`, an error's fields, a report) as JSON text, as `JSON.stringify` writes what
/// serde-wasm-bindgen makes of it: whole numbers without a fraction (serde_json would write the
/// core's `f64`s as `200.0`).
pub fn to_json<T: serde::Serialize + std::fmt::Debug + ?Sized>(value: &T) -> String {
    let mut v = serde_json::to_value(value).unwrap_or_else(|e| panic!("{value:?} can't be written as JSON: {e}"));
    whole_numbers(&mut v);
    serde_json::to_string(&v).unwrap_or_else(|e| panic!("{value:?} can't be written as JSON: {e}"))
}

fn whole_numbers(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0) {
                *n = serde_json::Number::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(entries) => entries.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// A server's answer without headers: `json` is the body parsed when it is JSON.
pub fn answer(status: u16, body: &str) -> Answer {
    Answer { status, text: body.to_string(), json: parse(body), ..Answer::default() }
}

fn from_serde(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        // Every JSON number reads as an f64, as in JS (serde_json has no arbitrary_precision here).
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => Value::Array(items.into_iter().map(from_serde).collect()),
        serde_json::Value::Object(entries) => Value::Object(entries.into_iter().map(|(k, v)| (k, from_serde(v))).collect()),
    }
}
