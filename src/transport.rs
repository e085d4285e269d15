//! One POST over `fetch`, and the timers and signal that bound a call.
//!
//! Every wait (the token, the fetch, each body chunk, a backoff sleep) is raced against a "stop"
//! promise that a timer or the caller's signal settles, so a call rejects at once even when a
//! custom `fetch` ignores its abort signal. The timers and the listener are removed when the call
//! ends, so a finished call keeps nothing alive (Node would otherwise wait for a timer to exit).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::convert::{call_method, get, set};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    // Promise.resolve reads a promise's `constructor`, which may throw.
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(v: &JsValue) -> Result<Promise, JsValue>;

    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

/// Why a call was stopped from outside its attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// One attempt ran past `timeoutMs`.
    Timeout,
    /// The whole call ran past `totalTimeoutMs`.
    TotalTimeout,
    Aborted,
}

struct State {
    stopped: Cell<Option<Stop>>,
    /// Always set: a Promise's executor runs before its constructor returns.
    settle: Option<Function>,
    /// The current attempt's fetch, aborted when the call stops.
    controller: RefCell<Option<AbortController>>,
}

impl State {
    fn stop(&self, why: Stop) {
        if self.stopped.get().is_none() {
            self.stopped.set(Some(why));
            if let Some(c) = self.controller.borrow().as_ref() {
                c.abort();
            }
            if let Some(settle) = &self.settle {
                let _ = settle.call0(&JsValue::UNDEFINED);
            }
        }
    }
}

/// The call's timers, its abort listener, and the promise they settle; cleared on drop.
pub struct Stopper {
    state: Rc<State>,
    promise: Promise,
    signal: Option<JsValue>,
    on_abort: Closure<dyn FnMut()>,
    on_attempt_timeout: Closure<dyn FnMut()>,
    /// Held only so that it lives as long as its timer.
    _on_total_timeout: Closure<dyn FnMut()>,
    attempt_timer: RefCell<Option<JsValue>>,
    total_timer: Option<JsValue>,
    deadline: Cell<Option<f64>>,
}

impl Stopper {
    pub fn new(signal: Option<JsValue>, total_timeout_ms: Option<u32>) -> Stopper {
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, _reject| settle = Some(resolve));
        let state = Rc::new(State {
            stopped: Cell::new(None),
            settle,
            controller: RefCell::new(None),
        });
        let closure = |why| {
            let state = state.clone();
            Closure::<dyn FnMut()>::new(move || state.stop(why))
        };
        let on_abort = closure(Stop::Aborted);
        let on_attempt_timeout = closure(Stop::Timeout);
        let on_total_timeout = closure(Stop::TotalTimeout);
        if let Some(s) = &signal {
            if get(s, "aborted").is_truthy() {
                state.stop(Stop::Aborted);
            } else {
                let _ = call_method(s, "addEventListener", &Array::of2(&JsValue::from_str("abort"), on_abort.as_ref()));
            }
        }
        let total_timer = total_timeout_ms.map(|ms| set_timeout(on_total_timeout.as_ref().unchecked_ref(), ms));
        Stopper { state, promise, signal, on_abort, on_attempt_timeout, _on_total_timeout: on_total_timeout, attempt_timer: RefCell::new(None), total_timer, deadline: Cell::new(None) }
    }

    pub fn stopped(&self) -> Option<Stop> {
        self.state.stopped.get()
    }

    /// The caller's abort reason, for the error.
    pub fn abort_reason(&self) -> JsValue {
        self.signal.as_ref().map_or(JsValue::UNDEFINED, |s| get(s, "reason"))
    }

    /// Starts the attempt timer (and keeps the attempt's fetch, to abort it on a stop).
    fn arm(&self, timeout_ms: u32, controller: Option<AbortController>) {
        *self.state.controller.borrow_mut() = controller;
        self.disarm();
        self.deadline.set(Some(js_sys::Date::now() + f64::from(timeout_ms)));
        *self.attempt_timer.borrow_mut() = Some(set_timeout(self.on_attempt_timeout.as_ref().unchecked_ref(), timeout_ms));
    }

    pub fn disarm(&self) {
        self.deadline.set(None);
        if let Some(t) = self.attempt_timer.borrow_mut().take() {
            clear_timeout(&t);
        }
    }

    /// Starts the attempt timer for a wait that is not a fetch (the token from `getToken`).
    pub fn arm_timer(&self, timeout_ms: u32) {
        self.arm(timeout_ms, None);
    }

    /// Waits for `p`, unless a timer or the signal fires first.
    pub async fn wait(&self, p: &JsValue) -> Result<Result<JsValue, JsValue>, Stop> {
        if let Some(stop) = self.stopped() {
            return Err(stop);
        }
        // A loop that never yields to timers (a stream of empty chunks) still ends at its deadline.
        if self.deadline.get().is_some_and(|d| js_sys::Date::now() >= d) {
            self.state.stop(Stop::Timeout);
            return Err(Stop::Timeout);
        }
        let p = match promise_resolve(p) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let raced = Promise::race(&Array::of2(&p, &self.promise));
        let outcome = JsFuture::from(raced).await;
        match self.stopped() {
            Some(stop) => Err(stop),
            None => Ok(outcome),
        }
    }

    /// Sleeps `ms` (a backoff), unless a timer or the signal fires first.
    pub async fn sleep(&self, ms: u64) -> Result<(), Stop> {
        let mut timer = JsValue::UNDEFINED;
        let delay = Promise::new(&mut |resolve, _| timer = set_timeout(&resolve, ms.min(u64::from(u32::MAX)) as u32));
        let outcome = self.wait(&delay).await;
        clear_timeout(&timer);
        outcome.map(|_| ())
    }
}

impl Drop for Stopper {
    fn drop(&mut self) {
        self.disarm();
        if let Some(t) = &self.total_timer {
            clear_timeout(t);
        }
        if let Some(s) = &self.signal {
            let _ = call_method(s, "removeEventListener", &Array::of2(&JsValue::from_str("abort"), self.on_abort.as_ref()));
        }
    }
}

/// What the server answered, read in full.
pub struct Response {
    pub status: u16,
    /// The response's `Headers`, for the `…WithHttpInfo` calls.
    pub headers: JsValue,
    pub text: String,
}

impl Response {
    /// A response header, by its case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        header(&self.headers, name)
    }
}

fn header(headers: &JsValue, name: &str) -> Option<String> {
    call_method(headers, "get", &Array::of1(&JsValue::from_str(name))).ok().and_then(|v| v.as_string())
}

/// How an attempt failed without a full answer.
pub enum Failure {
    Stopped(Stop),
    /// No response; `code` is Node's `cause.code` when there is one.
    Network { cause: JsValue, code: Option<String>, detail: String },
    /// The body was over the cap.
    TooLarge { status: u16, request_id: Option<String> },
}

/// One POST of `body` to `url`, its whole response read within `timeout_ms`.
pub async fn attempt(
    stopper: &Stopper,
    fetch: &Function,
    url: &str,
    headers: &[(String, String)],
    body: &str,
    timeout_ms: u32,
    max_bytes: u32,
) -> Result<Response, Failure> {
    let controller = AbortController::new().ok();
    let init = Object::new();
    set(&init, "method", &JsValue::from_str("POST"));
    let header_object = Object::new();
    for (name, value) in headers {
        set(&header_object, name, &JsValue::from_str(value));
    }
    set(&init, "headers", &header_object);
    set(&init, "body", &JsValue::from_str(body));
    // A redirect would take the body and the headers to wherever the server says.
    set(&init, "redirect", &JsValue::from_str("manual"));
    if let Some(c) = &controller {
        set(&init, "signal", &c.signal());
    }
    stopper.arm(timeout_ms, controller);
    let outcome = exchange(stopper, fetch, url, &init, max_bytes).await;
    stopper.disarm();
    outcome
}

async fn exchange(stopper: &Stopper, fetch: &Function, url: &str, init: &Object, max_bytes: u32) -> Result<Response, Failure> {
    let pending = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init);
    let response = match pending {
        Ok(p) => stopper.wait(&p).await.map_err(Failure::Stopped)?,
        Err(e) => Err(e),
    }
    .map_err(network_failure)?;

    let status = get(&response, "status").as_f64().unwrap_or(0.0);
    if get(&response, "type").as_string().as_deref() == Some("opaqueredirect") {
        let detail = "the server answered with a redirect, which is not followed for a POST; set baseUrl to where it points";
        return Err(Failure::Network { cause: response, code: None, detail: detail.into() });
    }
    if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
        return Err(Failure::Network { cause: response, code: None, detail: "fetch returned something that is not a Response".into() });
    }
    let status = status as u16;
    let headers = get(&response, "headers");
    let too_large = || Failure::TooLarge { status, request_id: header(&headers, "x-rainbow-request-id") };
    let declared = header(&headers, "content-length").and_then(|n| n.trim().parse::<u64>().ok());
    let body = get(&response, "body");
    if declared.is_some_and(|n| n > u64::from(max_bytes)) {
        let _ = call_method(&body, "cancel", &Array::new());
        return Err(too_large());
    }

    let text = match call_method(&body, "getReader", &Array::new()) {
        Ok(reader) => read_capped(stopper, &reader, max_bytes).await?.ok_or_else(too_large)?,
        // A Response without a stream (a custom fetch's stand-in): read it whole, then check.
        Err(_) => {
            let text = match call_method(&response, "text", &Array::new()) {
                Ok(p) => stopper.wait(&p).await.map_err(Failure::Stopped)?,
                Err(e) => Err(e),
            }
            .map_err(network_failure)?
            .as_string()
            .unwrap_or_default();
            if text.len() > max_bytes as usize {
                return Err(too_large());
            }
            text
        }
    };
    Ok(Response { status, headers, text })
}

/// Reads a body stream to its end; `None` when it grows past `max_bytes` (the stream is then
/// cancelled, so the rest is never downloaded).
async fn read_capped(stopper: &Stopper, reader: &JsValue, max_bytes: u32) -> Result<Option<String>, Failure> {
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = match call_method(reader, "read", &Array::new()) {
            Ok(p) => stopper.wait(&p).await.map_err(Failure::Stopped)?,
            Err(e) => Err(e),
        }
        .map_err(network_failure)?;
        if get(&chunk, "done").is_truthy() {
            return Ok(Some(String::from_utf8_lossy(&bytes).into_owned()));
        }
        let Ok(part) = get(&chunk, "value").dyn_into::<Uint8Array>() else { continue };
        // A copy made by the engine: its length can't lie, and a detached chunk fails here.
        let ctor = get(&js_sys::global(), "Uint8Array").unchecked_into::<js_sys::Function>();
        let part = match Reflect::construct(&ctor, &Array::of1(&part)) {
            Ok(p) => p.unchecked_into::<Uint8Array>(),
            Err(e) => return Err(network_failure(e)),
        };
        if bytes.len() + part.length() as usize > max_bytes as usize {
            let _ = call_method(reader, "cancel", &Array::new());
            return Ok(None);
        }
        let start = bytes.len();
        bytes.resize(start + part.length() as usize, 0);
        if let Some(dest) = bytes.get_mut(start..) {
            part.copy_to(dest);
        }
    }
}

/// Names what the platform reported: Node's `cause.code` (ECONNREFUSED, ENOTFOUND…) when there is
/// one, else the error's message ("Failed to fetch" in browsers).
fn network_failure(cause: JsValue) -> Failure {
    let inner = get(&cause, "cause");
    let code = [get(&inner, "code"), get(&cause, "code")].iter().find_map(JsValue::as_string);
    let detail = [get(&inner, "code"), get(&cause, "code"), get(&inner, "message"), get(&cause, "message")]
        .iter()
        .find_map(JsValue::as_string)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "the request failed".to_string());
    Failure::Network { cause, code, detail }
}
