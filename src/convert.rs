//! JS values in and out of the core's `json::Value`.
//!
//! Input comes from other people's code: it may be a Proxy whose traps throw, a getter with side
//! effects, a cyclic or enormous structure. So every read goes through a catching binding, each
//! key is read once, the walk stops at a fixed depth (the models are never deeper than an array of
//! strings), and sizes are capped before anything is allocated.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::ClientError;
use crate::json::Value;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    fn object_tag(v: &JsValue) -> Result<JsString, JsValue>;
    // Array.isArray throws on a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// More entries than any real request has; a larger array or object is refused, not walked.
pub const MAX_ENTRIES: u32 = 100_000;

/// How deep a request body is read: body object → field → array item.
pub const BODY_DEPTH: usize = 2;

/// Reads a property, turning a throwing getter or trap into `undefined`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    // Reflect.get throws on a primitive: answer without the round trip through an exception.
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `obj[name](...args)`, catching anything it throws.
pub fn call_method(obj: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(obj, name).dyn_into()?;
    Reflect::apply(&f, obj, args)
}

/// Describes `v` for the core, reading at most `depth` levels of objects and arrays below it.
pub fn to_value(v: &JsValue, depth: usize) -> Value {
    if v.is_undefined() {
        Value::Undefined
    } else if v.is_null() {
        Value::Null
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if v.as_f64().is_some() {
        let text = v.unchecked_ref::<js_sys::Number>().to_string_with_radix(10).map(String::from);
        text.map_or(Value::Opaque("an unreadable number"), Value::Number)
    } else if let Some(s) = v.as_string() {
        // Decoding replaces a lone surrogate with U+FFFD; only then is the slow exact check
        // (one call into JS per character) worth making.
        if !s.is_ascii() && crate::error::find(&s, "\u{FFFD}", 0).is_some() && !v.unchecked_ref::<JsString>().is_valid_utf16() {
            Value::Opaque("a string with unpaired UTF-16 surrogates")
        } else {
            Value::String(s)
        }
    } else if v.is_function() {
        Value::Function
    } else if v.is_symbol() {
        Value::Opaque("a symbol")
    } else if v.is_bigint() {
        Value::Opaque("a bigint")
    } else if is_array(v).is_err() {
        Value::Opaque("an unreadable object (a revoked Proxy)")
    } else if is_array(v) == Ok(true) {
        if depth == 0 {
            return Value::Opaque("an array");
        }
        array_to_value(v, depth)
    } else if v.is_object() {
        if depth == 0 {
            return Value::Opaque("an object");
        }
        object_to_value(v, depth)
    } else {
        Value::Opaque("an unknown kind of value")
    }
}

fn array_to_value(v: &JsValue, depth: usize) -> Value {
    let len = get(v, "length").as_f64().unwrap_or(0.0);
    if !(0.0..=f64::from(MAX_ENTRIES)).contains(&len) {
        return Value::Opaque("an array of more than 100000 items");
    }
    let items = (0..len as u32)
        .map(|i| match Reflect::get_u32(v, i) {
            Ok(item) => to_value(&item, depth - 1),
            Err(_) => Value::Opaque("an unreadable value"),
        })
        .collect();
    Value::Array(items)
}

/// A plain object's own enumerable entries, each value read once (`None`: its getter threw).
fn plain_entries(v: &JsValue) -> Result<Vec<(String, Option<JsValue>)>, &'static str> {
    // Maps, Dates, class instances that say they are something else: not data.
    match object_tag(v) {
        Ok(tag) if tag == "[object Object]" => {}
        Ok(_) => return Err("an object that is not a plain object (a Map, Date, Promise…)"),
        Err(_) => return Err("an unreadable object"),
    }
    let keys = object_keys(v).map_err(|_| "an unreadable object")?;
    if keys.length() > MAX_ENTRIES {
        return Err("an object with more than 100000 keys");
    }
    Ok(keys
        .iter()
        .filter_map(|k| k.as_string())
        .map(|k| {
            let value = Reflect::get(v, &JsValue::from_str(&k)).ok();
            (k, value)
        })
        .collect())
}

const UNREADABLE_VALUE: Value = Value::Opaque("an unreadable value (its getter threw)");

fn object_to_value(v: &JsValue, depth: usize) -> Value {
    match plain_entries(v) {
        Ok(entries) => Value::Object(
            entries.into_iter().map(|(k, raw)| (k, raw.map_or(UNREADABLE_VALUE, |r| to_value(&r, depth - 1)))).collect(),
        ),
        Err(why) => Value::Opaque(why),
    }
}

/// The options, each read exactly once: a getter that answers differently on a second read can't
/// make the call use something validation never saw (say, a `getToken` that appears after the
/// check that refuses a token over plain http).
pub struct Options {
    /// What the core checks: data one level below each option (for `headers`), and for `signal`
    /// and `logger` only whether they have the method used (a `console` is not a plain object).
    pub value: Value,
    pub signal: Option<JsValue>,
    pub fetch: Option<js_sys::Function>,
    pub get_token: Option<js_sys::Function>,
    pub logger: JsValue,
}

pub fn read_options(v: &JsValue) -> Options {
    let mut out = Options { value: Value::Undefined, signal: None, fetch: None, get_token: None, logger: JsValue::UNDEFINED };
    if !v.is_object() || v.is_function() || is_array(v).unwrap_or(true) {
        out.value = to_value(v, 0);
        return out;
    }
    let entries = match plain_entries(v) {
        Ok(entries) => entries,
        Err(why) => {
            out.value = Value::Opaque(why);
            return out;
        }
    };
    let mut described = Vec::with_capacity(entries.len());
    for (key, raw) in entries {
        let Some(raw) = raw else {
            described.push((key, UNREADABLE_VALUE));
            continue;
        };
        let method = match key.as_str() {
            "signal" => Some("addEventListener"),
            "logger" => Some("log"),
            _ => None,
        };
        let value = match method {
            Some(m) if raw.is_object() && !raw.is_function() => {
                if get(&raw, m).is_function() {
                    Value::Object(Vec::new())
                } else if m == "log" {
                    Value::Opaque("an object without a log method")
                } else {
                    Value::Opaque("an object without addEventListener")
                }
            }
            _ => to_value(&raw, 1),
        };
        match key.as_str() {
            "signal" if raw.is_object() => out.signal = Some(raw),
            "fetch" => out.fetch = raw.dyn_into().ok(),
            "getToken" => out.get_token = raw.dyn_into().ok(),
            "logger" => out.logger = raw,
            _ => {}
        }
        described.push((key, value));
    }
    out.value = Value::Object(described);
    out
}

/// Builds the JS value for a core value. One `JSON.parse` of the core's own JSON beats building
/// it a property at a time: each of those is a call across the boundary, and a validated body
/// can hold thousands of strings. JSON.parse also keeps a `__proto__` key an ordinary property.
pub fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Undefined => JsValue::UNDEFINED,
        Value::String(s) => JsValue::from_str(s),
        Value::Bool(b) => JsValue::from_bool(*b),
        other => js_sys::JSON::parse(&other.to_json()).unwrap_or(JsValue::NULL),
    }
}

/// Sets an own property; `__proto__` is defined, not assigned, so a server can't swap prototypes.
pub fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let key_js = JsValue::from_str(key);
    let _ = if key == "__proto__" {
        let desc = Object::new();
        for (k, v) in [("value", value.clone()), ("enumerable", true.into()), ("writable", true.into()), ("configurable", true.into())] {
            let _ = Reflect::set(&desc, &JsValue::from_str(k), &v);
        }
        Reflect::define_property(obj.unchecked_ref::<Object>(), &key_js, &desc)
    } else {
        Reflect::set(obj, &key_js, value)
    };
}

/// A real `Error` with the stable `name`, `code` and fields, plus JS values the core can't hold
/// (the `cause` of a network failure, the `reason` of an abort).
pub fn error_to_js(e: ClientError, extra: Option<(&str, JsValue)>) -> JsValue {
    let err: JsValue = js_sys::Error::new(&e.message).into();
    let name = e.kind.name();
    set(&err, "name", &JsValue::from_str(name));
    set(&err, "code", &JsValue::from_str(e.kind.code()));
    for (key, value) in &e.fields {
        if !matches!(value, Value::Undefined) {
            set(&err, key, &to_js(value));
        }
    }
    if let Some((key, value)) = extra {
        set(&err, key, &value);
    }
    // The stack was written when the Error was built, as "Error: …"; let it show the real name.
    if let Some(stack) = get(&err, "stack").as_string() {
        if let Some(rest) = stack.strip_prefix("Error") {
            set(&err, "stack", &JsValue::from_str(&[name, rest].concat()));
        }
    }
    err
}
