//! The core's values handed back to JS through serde-wasm-bindgen: success data, validation
//! reports, error fields. Objects come out as plain JS objects, as `JSON.parse` would make them.

use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsValue;

use crate::value::Value;

/// `v` as a JS value. Everything goes through `Value`, so that the serializer is instantiated for
/// one type only (`null` in the case serialization can't happen: a `Value` is always JSON).
pub fn to_js(v: &Value) -> JsValue {
    v.serialize(&Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
