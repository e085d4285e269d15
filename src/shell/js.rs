//! The JS functions the shell calls that js-sys and web-sys either lack or bind without `catch`.
//! Everything here may meet other people's values (a Proxy whose traps throw, a getter that
//! throws), so every binding that can throw is `catch`: a throw becomes an `Err`, never an
//! exception unwinding through the wasm. A catching binding that returns a JS value returns it as
//! an `Option`, even where it is never `null` or `undefined`: wasm-bindgen's glue then files it
//! inside its `try`, so that a throw files nothing (see `call0`). Two need not: `TextEncoder`'s
//! constructor, called once, and `global_fetch`, the platform's own fetch, which rejects rather
//! than throws (a global fetch replaced after the load is called as a custom one).

use js_sys::{Array, Function, JsString, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    pub fn object_keys(v: &JsValue) -> Result<Option<Array>, JsValue>;

    /// `Object.prototype.toString.call(v)`: `[object Object]` for plain objects.
    #[wasm_bindgen(catch, js_namespace = ["Object", "prototype", "toString"], js_name = call)]
    pub fn object_tag(v: &JsValue) -> Result<Option<JsString>, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Object, js_name = fromEntries)]
    pub fn object_from_entries(entries: &JsValue) -> Result<Option<Object>, JsValue>;

    /// Throws on a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub fn is_array(v: &JsValue) -> Result<bool, JsValue>;

    /// `Array.from(v)`: a copy of an array, every getter and Proxy trap run once, here, where a
    /// throw is caught; always a genuine array (`slice` would make the copy through the value's
    /// own `constructor[Symbol.species]`, which can return anything).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    pub fn array_copy(v: &JsValue) -> Result<Option<Array>, JsValue>;

    /// `Array.prototype.join.call(v, separator)`.
    #[wasm_bindgen(catch, js_namespace = ["Array", "prototype", "join"], js_name = call)]
    pub fn array_join(v: &Array, separator: &str) -> Result<Option<JsString>, JsValue>;

    /// The platform's UTF-8 encoder.
    pub type TextEncoder;
    #[wasm_bindgen(catch, constructor)]
    pub fn new() -> Result<TextEncoder, JsValue>;
    /// Writes as much of `s` as fits into `into`, as UTF-8, in one native copy.
    #[wasm_bindgen(catch, method, js_name = encodeInto)]
    pub fn encode_into(this: &TextEncoder, s: &JsString, into: &mut [u8]) -> Result<Option<JsValue>, JsValue>;

    /// Whether a string has no unpaired UTF-16 surrogate (which can't be sent as JSON text).
    /// (Missing before Chrome 111: then an `Err`.)
    #[wasm_bindgen(catch, js_namespace = ["String", "prototype", "isWellFormed"], js_name = call)]
    pub fn is_well_formed(s: &JsValue) -> Result<bool, JsValue>;

    // Other people's functions (a custom fetch, `getToken`, a logger, a body's reader, `headers.get`)
    // and the platform's parsers, which throw on what they refuse: each result comes back optional
    // (`None` for `undefined` or `null`), for a binding that catches and returns a JS value leaks a
    // slot of wasm-bindgen's externref table per exception caught. Its glue files the `undefined`
    // the throwing call left as its result in a new slot, which the Rust side, returning the
    // exception, never frees; an optional result is filed by the JS glue, inside its `try`, so a
    // throw files nothing. `Function.prototype.call.call(f, …)`: `f`'s own `call` is not asked.
    #[wasm_bindgen(catch, js_namespace = ["Function", "prototype", "call"], js_name = call)]
    pub fn call0(f: &Function, this: &JsValue) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["Function", "prototype", "call"], js_name = call)]
    pub fn call1(f: &Function, this: &JsValue, a: &JsValue) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["Function", "prototype", "call"], js_name = call)]
    pub fn call2(f: &Function, this: &JsValue, a: &JsValue, b: &JsValue) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub fn json_parse(text: &str) -> Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = construct)]
    pub fn construct(target: &Function, args: &Array) -> Result<Option<Object>, JsValue>;
    /// `Reflect.get`, whose getters and Proxy traps are other people's code: `None` for `null` and
    /// `undefined` alike (see `read::property` for telling them apart).
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    pub fn reflect_get(target: &JsValue, key: &JsValue) -> Result<Option<JsValue>, JsValue>;

    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub fn set_timeout(f: &Function, ms: f64) -> Result<Option<JsValue>, JsValue>;

    #[wasm_bindgen(catch, js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;

    /// The global scope, as js-sys's `global()` finds it first: `self` in a browser or worker
    /// (in a Firefox extension's content script, its window rather than `globalThis`'s sandbox).
    #[wasm_bindgen(thread_local_v2, js_name = self)]
    static SELF: Option<Object>;
    /// The global scope elsewhere (Node). js-sys also looks for `window` and `global`, which
    /// exist only where `self` or `globalThis` does.
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: Option<Object>;

    /// The platform's own fetch, as the global scope holds it at the call.
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
}

/// The global scope (js-sys's `global()` with two of its four lookups: see `SELF`).
pub fn global() -> Object {
    SELF.with(Option::clone).or_else(|| GLOBAL_THIS.with(Option::clone)).unwrap_or_else(|| JsValue::UNDEFINED.unchecked_into())
}

/// `new Uint8Array(chunk)`: a copy of a body chunk, made by the engine at its real length (a
/// subclass's `length` getter can't lie to it); an `Err` for a detached buffer.
pub fn copy_bytes(chunk: &JsValue) -> Result<Uint8Array, JsValue> {
    let constructor: Function = Reflect::get(&global(), &"Uint8Array".into())?.dyn_into()?;
    construct(&constructor, &Array::of1(chunk))?.map(JsValue::from).unwrap_or_default().dyn_into()
}

/// Whether the platform's `URL` parses `url`.
pub fn parses_url(url: &str) -> bool {
    let Ok(constructor) = Reflect::get(&global(), &"URL".into()).and_then(JsCast::dyn_into::<Function>) else { return false };
    construct(&constructor, &Array::of1(&url.into())).is_ok()
}
