//! Promises the shell is handed by other people's code (fetch, getToken, a logger, a body reader):
//! each is awaited through a fresh Promise of its own, and none may ever reject unhandled.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

/// The one type of every callback the shell hands to JS (`then`'s, the timers', the signal's
/// listener): the type wasm-bindgen-futures gives its own, so that one binding of `then` and one
/// closure shim serve all. It returns `undefined`.
pub type Callback = Closure<dyn FnMut(JsValue) -> Result<(), JsError>>;

thread_local! {
    static IGNORE: Callback = Closure::new(|_| Ok(()));
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
            let _ = own(v).then_with_reject(ignore, ignore);
        });
    }
}
