//! A core `ClientError` as the JS error the call rejects with: an instance of the package's class
//! for its name (`pkg-template/errors.js`, which defines them), with its fields, and with the JS
//! value the core can't hold (the `cause` of a network failure, the `reason` of an abort).

use wasm_bindgen::prelude::*;

use super::write::to_js;
use crate::error::ClientError;
use crate::value::Value;

// The package's own errors.js sits next to the wasm-bindgen glue; the wasm test build (tests/web.rs)
// runs the glue elsewhere, so it takes a copy of the file instead.
#[cfg_attr(not(feature = "wasm-test"), wasm_bindgen(raw_module = "./errors.js"))]
#[cfg_attr(feature = "wasm-test", wasm_bindgen(module = "/pkg-template/errors.js"))]
extern "C" {
    /// `new (class of name)(message, fields)`, with `value` attached as `key` (not enumerable)
    /// and anything in it that holds `secret` scrubbed.
    #[wasm_bindgen(catch, js_name = rainbowError)]
    fn rainbow_error(name: &str, message: &str, fields: JsValue, key: Option<&str>, value: &JsValue, secret: Option<&str>) -> Result<JsValue, JsValue>;
}

/// A JS value the error carries besides its fields.
pub enum Attached<'a> {
    None,
    Cause(&'a JsValue),
    Reason(&'a JsValue),
}

/// The JS error for `e`; `secret` holds the tokens the call sent (one per line), scrubbed from what
/// is attached.
pub fn to_js_error(e: ClientError, attached: Attached, secret: Option<&str>) -> JsValue {
    let (key, value) = match attached {
        Attached::None => (None, &JsValue::UNDEFINED),
        Attached::Cause(v) => (Some("cause"), v),
        Attached::Reason(v) => (Some("reason"), v),
    };
    let fields = to_js(&Value::object(e.fields));
    rainbow_error(e.kind.name(), &e.message, fields, key, value, secret).unwrap_or_else(|_| js_sys::Error::new(&e.message).into())
}
