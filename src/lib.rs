//! Rainbow room-invitation API client.
//!
//! The core (`model`, `validate`, `options`, `request`, `response`, `retry`, `error`, `json`) is
//! plain Rust with no JS types, tested natively by `cargo test`. The wasm boundary (`convert`,
//! `transport`, `call`, `exports`) exists only on `wasm32` and stays thin: JS values in, a
//! prepared request to `fetch`, the parsed outcome (or a typed error) back out; what to retry and
//! when is the core's decision.

pub mod error;
pub mod json;
pub mod model;
pub mod options;
pub mod request;
pub mod response;
pub mod retry;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod call;
#[cfg(target_arch = "wasm32")]
mod convert;
#[cfg(target_arch = "wasm32")]
pub mod exports;
#[cfg(target_arch = "wasm32")]
mod transport;

// Smaller and faster in wasm than the default dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
