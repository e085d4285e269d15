//! The core's values handed back to JS through serde-wasm-bindgen: success data, validation
//! reports, error fields. Objects come out as plain JS objects, as `JSON.parse` would make them.

use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsValue;

/// `v` as a JS value (`null` in the one case serialization can fail: a value the core never
/// builds, such as a map with non-string keys).
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> JsValue {
    v.serialize(&Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
