//! What the platform is: Node (whose fetch, undici, is spared a copy of each request, see
//! `exchange::init`) or a browser or worker; and which fetch is its own, as it was when the module
//! loaded (a fetch installed on the global scope later, a test's mock say, is called as a custom
//! one).

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::exchange::Fetch;
use super::read::get;

thread_local! {
    /// The global fetch when the module loaded, and whether this is Node.
    static PLATFORM: RefCell<(JsValue, bool)> = const { RefCell::new((JsValue::UNDEFINED, false)) };
}

#[wasm_bindgen(start)]
fn loaded() {
    let global = super::js::global();
    let node = get(&get(&get(&global, "process"), "versions"), "node").is_string();
    PLATFORM.with(|p| *p.borrow_mut() = (get(&global, "fetch"), node));
    // wasm-bindgen-futures' task queue is made on its first use, and reads `queueMicrotask` from
    // the global scope as it is: made inside the first call, a getter there that started another
    // call asked for the queue half made, and trapped (a `LazyCell` taken again while it is being
    // filled). Made now, before the exports can be called, by spawning a task that does nothing.
    wasm_bindgen_futures::spawn_local(core::future::ready(()));
}

/// The fetch a call uses: the caller's, else the global one.
pub fn fetch(custom: Option<Function>) -> Fetch {
    if custom.is_some() {
        return Fetch { custom, node: false };
    }
    let current = get(&super::js::global(), "fetch");
    PLATFORM.with(|p| {
        let (own, node) = &*p.borrow();
        if current == *own {
            Fetch { custom: None, node: *node }
        } else {
            Fetch { custom: current.dyn_into().ok(), node: false }
        }
    })
}
