//! `setTimeout` as an owned value: the timer is cleared when the value is dropped, so that no
//! timer outlives the call that set it (a pending one would keep a Node script from exiting).

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js;
use super::promise::Callback;

pub struct Timer {
    id: JsValue,
    // Kept alive until the timer is cleared or has fired.
    _callback: Callback,
}

impl Timer {
    /// Calls `f` after `ms` milliseconds, unless the timer is dropped first. `None` when the
    /// platform refused the timer (it never does in Node or a browser).
    pub fn after(ms: f64, mut f: impl FnMut() + 'static) -> Option<Timer> {
        let callback: Callback = Closure::new(move |_| {
            f();
            Ok(())
        });
        let id = js::set_timeout(callback.as_ref().unchecked_ref::<Function>(), ms).ok()??;
        Some(Timer { id, _callback: callback })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        let _ = js::clear_timeout(&self.id);
    }
}
