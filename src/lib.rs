//! Rainbow room-invitation API client.
//!
//! The core (`model`, `value`, `validate`, `options`, `request`, `response`, `retry`, `attempt`,
//! `error`, `search`) is plain Rust with no JS types, tested natively by `cargo test`: it validates a call,
//! builds its request, reads each answer and decides what comes next. The shell (`shell`, on
//! wasm32 only) is the `#[wasm_bindgen]` exports and the async driver that carries out those
//! decisions with fetch, timers and the caller's signal: see `shell/mod.rs`.

#![forbid(unsafe_code)]

#[macro_use]
mod msg;

pub mod attempt;
pub mod error;
pub mod model;
pub mod options;
pub mod request;
pub mod response;
pub mod retry;
pub mod search;
pub mod validate;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod shell;

/// talc rather than std's dlmalloc (see the README's Size); it grows the wasm memory itself. Its
/// realloc never grows or shrinks in place (`disable-realloc-in-place`): less code, no slower here.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
