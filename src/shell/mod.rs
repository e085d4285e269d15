//! The wasm shell around the core: what JS calls, and what carries out the core's decisions.
//!
//! - `exports`: the `#[wasm_bindgen]` functions the package exports.
//! - `call`: a call, driven: arguments read, attempts sent, the core asked at each end.
//! - `exchange`: one attempt: fetch, and the answer read within its timeout (the platform's
//!   `Response` through gloo-net).
//! - `stopper`, `timer`: what stops a call (timeouts, the caller's signal), released on drop.
//! - `read`, `options`: the caller's JS values read, defensively, into the core's `Value`.
//! - `write`, `errors`: the core's values and errors handed back to JS (serde-wasm-bindgen).
//! - `log`: the caller's logger; `promise`: other people's promises, never left unhandled;
//!   `platform`: Node or a browser, and its own fetch; `js`: the JS bindings js-sys lacks.

mod call;
mod errors;
mod exchange;
pub mod exports;
mod js;
mod log;
mod options;
mod platform;
mod promise;
mod read;
mod stopper;
mod timer;
mod write;
