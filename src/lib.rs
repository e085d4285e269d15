//! Rainbow room-invitation API client.
//!
//! The core (`model`, `input`, `validate`, `options`, `request`, `response`, `retry`, `attempt`,
//! `error`, `json`, `text`) is plain Rust with no JS types, tested natively by `cargo test`. The
//! wasm boundary (`exports`, and `arena`, its allocator) exists only on `wasm32` and stays thin: the
//! arguments as JSON text in, the validated request out; an attempt's status and body in, the
//! parsed outcome, the wait before the next attempt, or a typed error out. The I/O itself (fetch,
//! timers, the caller's signal) is the npm package's `client.js`: it does what these functions
//! decide, and decides nothing.
//!
//! On wasm32 the crate is `no_std`: std's panic and allocation-failure paths format messages
//! nobody reads there, and cost kilobytes of every download. A panic is a bug, and traps (see
//! `panic` below). The `std` feature links std all the same, for wasm-bindgen-test's harness
//! (`tests/wasm/run.sh`), which brings its own panic handler.

#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

// `macro_use` for `vec!`.
#[macro_use]
extern crate alloc;

/// What std's prelude brings that `no_std` code imports from `alloc`.
mod prelude {
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
}

pub mod attempt;
pub mod error;
pub mod input;
pub mod json;
pub mod model;
pub mod options;
pub mod request;
pub mod response;
pub mod retry;
pub mod text;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod exports;

#[cfg(target_arch = "wasm32")]
mod arena;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
