//! The call's options as the caller passed them, each read exactly once: a getter that answers
//! differently on a second read can't make the call use something validation never saw (say, a
//! `getToken` that appears after the check that refuses a token over plain http). The core gets
//! them as a `Value` to check; the JS objects it can't use (`fetch`, `getToken`, `signal`,
//! `logger`) are kept here for the driver.

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::log;
use super::read::{method, Reader, UNREADABLE};
use crate::value::Value;

/// The caller's JS objects the driver calls.
#[derive(Default)]
pub struct Callbacks {
    pub fetch: Option<Function>,
    pub get_token: Option<Function>,
    pub signal: Option<JsValue>,
    pub logger: Option<JsValue>,
}

pub struct CallOptions {
    /// What the core checks (see `options::read`).
    pub value: Value,
    pub callbacks: Callbacks,
}

pub fn read(v: &JsValue, reader: &mut Reader) -> CallOptions {
    let mut out = CallOptions { value: Value::Undefined, callbacks: Callbacks::default() };
    let plain = v.is_object() && !v.is_function() && super::js::is_array(v) == Ok(false);
    if !plain {
        out.value = reader.value(v, 0);
        return out;
    }
    let entries = match reader.entries(v) {
        Ok(entries) => entries,
        Err(why) => {
            out.value = Value::Opaque(why);
            return out;
        }
    };
    let mut fields = Vec::with_capacity(entries.len());
    for (key, raw) in entries {
        let Some(raw) = raw else {
            fields.push((key, UNREADABLE));
            continue;
        };
        let object = raw.is_object() && !raw.is_function();
        let value = match key.as_str() {
            // Described by whether they have what the driver uses: a `console` is not a plain object.
            "signal" if object => match method(&raw, "addEventListener") {
                Some(_) => Value::Object(Vec::new()),
                None => Value::Opaque("an object without addEventListener"),
            },
            "logger" if object => match log::usable(&raw) {
                true => Value::Object(Vec::new()),
                false => Value::Opaque("an object without a debug, info, warn, error or log method"),
            },
            _ => reader.value(&raw, 1),
        };
        let callbacks = &mut out.callbacks;
        match key.as_str() {
            "signal" if object => callbacks.signal = Some(raw),
            "fetch" => callbacks.fetch = raw.dyn_into().ok(),
            "getToken" => callbacks.get_token = raw.dyn_into().ok(),
            "logger" if object || raw.is_function() => callbacks.logger = Some(raw),
            _ => {}
        }
        fields.push((key, value));
    }
    out.value = Value::Object(fields);
    out
}
