//! The caller's JS values, read into the core's `Value`. Input comes from other people's code: a
//! Proxy whose traps throw, a getter with side effects, a cyclic or enormous structure. So every
//! read goes through a catching binding, each key is read once, the walk stops at a fixed depth
//! (the models are never deeper than an array of strings), and sizes are capped before anything
//! is copied into the wasm's memory.

use js_sys::{Array, Function, JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::js;
use super::write::{JOIN, JOINED_FROM, JOIN_TEXT};
use crate::value::Value;

/// How much a walk may read.
pub struct Reader {
    /// UTF-16 units of string still allowed, over the whole walk.
    left: f64,
    max_string: u32,
    max_items: u32,
    /// A request's strings must be sendable as JSON text; an answer's are read as they are.
    well_formed: bool,
    /// Whether the walk met something deeper than it reads.
    pub too_deep: bool,
}

/// The most items an array, or keys an object, of a request may have.
pub const MAX_ITEMS: u32 = 100_000;
/// The longest string of a request, and all of its strings together, in UTF-16 units: far beyond
/// any real request, and well within what the wasm's memory can hold.
pub const MAX_STRING: u32 = 1_000_000;
pub const MAX_TOTAL: u32 = 16_000_000;
/// Deep enough for every documented Rainbow answer.
pub const ANSWER_DEPTH: usize = 64;

const TOO_LONG: Value = Value::Opaque("a string longer than a request may hold (1000000 characters each, 16000000 in all)");
pub const UNREADABLE: Value = Value::Opaque("an unreadable value (its getter threw)");

impl Reader {
    /// For a call's arguments and options.
    pub fn request() -> Reader {
        Reader { left: f64::from(MAX_TOTAL), max_string: MAX_STRING, max_items: MAX_ITEMS, well_formed: true, too_deep: false }
    }

    /// For what `JSON.parse` made of a response body, whose size `maxResponseBytes` bounds.
    pub fn answer() -> Reader {
        Reader { left: f64::INFINITY, max_string: u32::MAX, max_items: u32::MAX, well_formed: false, too_deep: false }
    }

    /// `v`, reading at most `depth` levels of objects and arrays below it.
    pub fn value(&mut self, v: &JsValue, depth: usize) -> Value {
        if let Some(s) = self.string(v) {
            return s;
        }
        if let Some(n) = v.as_f64() {
            Value::Number(n)
        } else if let Some(b) = v.as_bool() {
            Value::Bool(b)
        } else if v.is_undefined() {
            Value::Undefined
        } else if v.is_null() {
            Value::Null
        } else if v.is_function() {
            Value::Function
        } else if v.is_symbol() {
            Value::Opaque("a symbol")
        } else if v.is_bigint() {
            Value::Opaque("a bigint")
        } else {
            let array = js::is_array(v);
            if depth == 0 && v.is_object() {
                self.too_deep = true;
            }
            match array {
                Err(_) => Value::Opaque("an unreadable object (a revoked Proxy)"),
                Ok(true) if depth == 0 => Value::Opaque("an array"),
                Ok(true) => self.array(v, depth),
                Ok(false) if !v.is_object() => Value::Opaque("an unknown kind of value"),
                Ok(false) if depth == 0 => Value::Opaque("an object"),
                Ok(false) => match self.entries(v) {
                    Ok(entries) => Value::Object(entries.into_iter().map(|(k, raw)| (k, raw.map_or(UNREADABLE, |r| self.value(&r, depth - 1)))).collect()),
                    Err(why) => Value::Opaque(why),
                },
            }
        }
    }

    /// `v` when it is a string, within the limits.
    fn string(&mut self, v: &JsValue) -> Option<Value> {
        let js = v.dyn_ref::<JsString>()?;
        let units = js.length();
        self.left -= f64::from(units);
        if units > self.max_string || self.left < 0.0 {
            return Some(TOO_LONG);
        }
        let s = v.as_string()?;
        // Copying replaced any unpaired surrogate with U+FFFD: only then is the check worth making.
        if self.well_formed && !s.is_ascii() && crate::search::contains(&s, "\u{FFFD}") && !js::is_well_formed(v).unwrap_or_else(|_| js.is_valid_utf16()) {
            return Some(Value::Opaque("a string with unpaired UTF-16 surrogates"));
        }
        Some(Value::String(s))
    }

    fn array(&mut self, v: &JsValue, depth: usize) -> Value {
        // A Proxy's `length` may throw, or be anything: then its items can't be told.
        let length = match get(v, "length").as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => n,
            _ => return Value::Opaque("an array whose length can't be read"),
        };
        if length > f64::from(self.max_items) {
            return Value::Opaque("an array of more than 100000 items");
        }
        // Copied first, in one call: its items are then plain values, read without a guard each
        // (lists can hold thousands). One getter or trap that throws, and each item is read on its own.
        let copy = js::array_copy(v).ok().flatten().filter(|c| c.length() == length as u32);
        if let Some(items) = copy.as_ref().and_then(|copy| self.strings(copy)) {
            return Value::Array(items);
        }
        let mut items = Vec::with_capacity(length as usize);
        for i in 0..length as u32 {
            let item = match &copy {
                Some(copy) => Ok(copy.get(i)),
                // (As `Reflect::get_u32` would: the index is the same key as a number.)
                None => property(v, &i.into()),
            };
            items.push(match item {
                // The common case first: lists can hold thousands of plain strings.
                Ok(item) => self.string(&item).unwrap_or_else(|| self.value(&item, depth - 1)),
                Err(_) => Value::Opaque("an unreadable value"),
            });
        }
        Value::Array(items)
    }

    /// A long list of ASCII strings (nearly every list of e-mails or ids) read in one piece: each
    /// item's type checked, then the list joined by the platform and copied by its `TextEncoder`
    /// in one call, each string then cut from the copy. Copying each string on its own was most
    /// of a long list's validation. `None` for any other list (too short, an item not a string,
    /// one holding the separator or non-ASCII text, or over the limits): read item by item then.
    fn strings(&mut self, copy: &Array) -> Option<Vec<Value>> {
        thread_local! {
            static ENCODER: Option<js::TextEncoder> = js::TextEncoder::new().ok();
        }
        let n = copy.length() as usize;
        if n < JOINED_FROM {
            return None;
        }
        // What the strings hold, within what the walk may still read, before anything is joined.
        let mut all = 0.0;
        for i in 0..n as u32 {
            all += f64::from(copy.get(i).dyn_ref::<JsString>()?.length());
        }
        if all > self.left {
            return None;
        }
        let text = js::array_join(copy, JOIN_TEXT).ok()??;
        let units = text.length() as usize;
        if units as f64 != all + (n - 1) as f64 {
            return None;
        }
        // As many bytes as units: all of it fits when every unit is ASCII, and then the only zero
        // bytes are the separators. Any other unit is either written as bytes over 0x7f or, not
        // fitting, stops the copy short: the zero bytes left then outnumber the separators unread.
        let mut bytes = vec![0u8; units];
        ENCODER.with(|encoder| encoder.as_ref().map(|e| e.encode_into(&text, &mut bytes)))?.ok()?;
        if !bytes.is_ascii() || bytes.iter().filter(|&&b| b == JOIN as u8).count() != n - 1 {
            return None;
        }
        let items = bytes.split(|&b| b == JOIN as u8).map(|item| {
            self.left -= item.len() as f64;
            if item.len() > self.max_string as usize { TOO_LONG } else { Value::String(String::from_utf8_lossy(item).into_owned()) }
        });
        Some(items.collect())
    }

    /// A plain object's own enumerable entries, each value read once (`None`: its getter threw).
    pub fn entries(&mut self, v: &JsValue) -> Result<Vec<(String, Option<JsValue>)>, &'static str> {
        // Maps, Dates, class instances that say they are something else: not data.
        match js::object_tag(v) {
            Ok(Some(tag)) if tag == "[object Object]" => {}
            Ok(Some(_)) => return Err("an object that is not a plain object (a Map, Date, Promise…)"),
            _ => return Err("an unreadable object"),
        }
        let keys = js::object_keys(v).ok().flatten().ok_or("an unreadable object")?;
        if keys.length() > self.max_items {
            return Err("an object with more than 100000 keys");
        }
        let mut out = Vec::with_capacity(keys.length() as usize);
        // By index, with the binding `array` uses (js-sys's `iter` has one of its own).
        for i in 0..keys.length() {
            let key = keys.get(i);
            let Some(name) = key.as_string() else { continue };
            out.push((name, property(v, &key).ok()));
        }
        Ok(out)
    }
}

/// A property, or `undefined` when `obj` is not an object or reading it throws.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    try_get(obj, key).unwrap_or(JsValue::UNDEFINED)
}

/// A property, or what reading it threw; `undefined` when `obj` is not an object, and for `null`.
pub fn try_get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !obj.is_object() && !obj.is_function() {
        return Ok(JsValue::UNDEFINED);
    }
    js::reflect_get(obj, &JsValue::from_str(key)).map(Option::unwrap_or_default)
}

/// A property of the caller's data, `null` told from `undefined`, or what reading it threw.
/// `js::reflect_get` keeps no slot of wasm-bindgen's table when a getter throws (js-sys's
/// `Reflect::get` keeps one per throw), but gives `None` for both: such a value is read again
/// (a getter that throws only then still keeps a slot).
pub fn property(obj: &JsValue, key: &JsValue) -> Result<JsValue, JsValue> {
    match js::reflect_get(obj, key)? {
        Some(v) => Ok(v),
        None => Reflect::get(obj, key),
    }
}

/// The method `name` of `obj`, if it has one.
pub fn method(obj: &JsValue, name: &str) -> Option<Function> {
    get(obj, name).dyn_into::<Function>().ok()
}

/// A string property, if it is one.
pub fn string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}
