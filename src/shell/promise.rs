//! Promises the shell is handed by other people's code (fetch, getToken, a logger, a body reader):
//! each is awaited through a fresh Promise of its own, and none may ever reject unhandled.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

thread_local! {
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
}

/// A genuine Promise that settles as `v` does: `Promise.race([v])` takes any value, and turns a
/// thenable whose `then` or `constructor` throws into a rejection instead of a throw.
pub fn own(v: &JsValue) -> Promise {
    Promise::race(&Array::of1(v))
}

/// Settles as `v` does, or as `stop` does if that comes first. Either way `v` has a handler, so a
/// later rejection of it (an aborted fetch, say) is handled.
pub fn race(v: &JsValue, stop: &Promise) -> Promise {
    Promise::race(&Array::of2(v, stop))
}

/// Gives `v`, if it is a thenable, a rejection handler that ignores the rejection: for promises
/// the shell doesn't wait for (a logger's answer, a cancelled body).
pub fn ignore(v: &JsValue) {
    if v.is_object() {
        IGNORE.with(|ignore| {
            let _ = own(v).then2(ignore, ignore);
        });
    }
}
