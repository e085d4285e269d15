//! One POST over `fetch`, bounded by a timeout and an optional AbortSignal.
//!
//! Every wait (the fetch, the body) is raced against a "stop" promise that the timer or the
//! caller's signal settles, so the call rejects at once even when a custom `fetch` ignores the
//! abort. The timer and the listener are removed when the call ends, so a finished call keeps
//! nothing alive (Node would otherwise wait for the timer before exiting).

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::convert::{call_method, get, set};
use crate::error::ClientError;
use crate::request::Request;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

/// What the server answered, read in full.
pub struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    /// The response's `Headers`, for the `…WithHttpInfo` calls.
    pub headers: JsValue,
    pub text: String,
}

/// A failed send: the error, and the JS value to attach to it (`cause` or `reason`).
pub struct Failed {
    pub error: ClientError,
    pub attach: Option<(&'static str, JsValue)>,
}

#[derive(Clone, Copy)]
enum Stop {
    Timeout,
    Aborted,
}

/// The timer, the abort listener, and the promise they settle; cleared on drop.
struct Stopper {
    stopped: Rc<Cell<Option<Stop>>>,
    promise: Promise,
    timer: JsValue,
    on_timeout: Closure<dyn FnMut()>,
    on_abort: Closure<dyn FnMut()>,
    signal: Option<JsValue>,
}

impl Stopper {
    fn new(timeout_ms: u32, signal: Option<JsValue>, controller: Option<AbortController>) -> Stopper {
        let mut settle: Option<Function> = None;
        let promise = Promise::new(&mut |resolve, _reject| settle = Some(resolve));
        let stopped = Rc::new(Cell::new(None));
        let controller = Rc::new(controller);
        let stop = {
            let stopped = stopped.clone();
            move |why: Stop| {
                if stopped.get().is_none() {
                    stopped.set(Some(why));
                    if let Some(c) = controller.as_ref() {
                        c.abort();
                    }
                    if let Some(f) = &settle {
                        let _ = f.call0(&JsValue::UNDEFINED);
                    }
                }
            }
        };
        let stop = Rc::new(stop);
        let on_timeout = {
            let stop = stop.clone();
            Closure::<dyn FnMut()>::new(move || stop(Stop::Timeout))
        };
        let on_abort = Closure::<dyn FnMut()>::new(move || stop(Stop::Aborted));
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), timeout_ms);
        if let Some(s) = &signal {
            let _ = call_method(s, "addEventListener", &Array::of2(&JsValue::from_str("abort"), on_abort.as_ref()));
        }
        Stopper { stopped, promise, timer, on_timeout, on_abort, signal }
    }

    /// Waits for `p`, unless the timer or the signal fires first.
    async fn wait(&self, p: &JsValue) -> Result<Result<JsValue, JsValue>, Stop> {
        let raced = Promise::race(&Array::of2(&Promise::resolve(p), &self.promise));
        let outcome = JsFuture::from(raced).await;
        match self.stopped.get() {
            Some(stop) => Err(stop),
            None => Ok(outcome),
        }
    }
}

impl Drop for Stopper {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(s) = &self.signal {
            let _ = call_method(s, "removeEventListener", &Array::of2(&JsValue::from_str("abort"), self.on_abort.as_ref()));
        }
        let _ = &self.on_timeout;
    }
}

fn stopped(stop: Stop, timeout_ms: u32, signal: Option<&JsValue>) -> Failed {
    match stop {
        Stop::Timeout => Failed { error: ClientError::timeout(timeout_ms), attach: None },
        Stop::Aborted => aborted(signal),
    }
}

fn aborted(signal: Option<&JsValue>) -> Failed {
    Failed { error: ClientError::aborted(), attach: Some(("reason", signal.map_or(JsValue::UNDEFINED, |s| get(s, "reason")))) }
}

/// Sends `req` with `fetch`, reading the whole body within the timeout.
pub async fn send(req: &Request, fetch: &Function, signal: Option<JsValue>) -> Result<Response, Failed> {
    if let Some(s) = &signal {
        if get(s, "aborted").is_truthy() {
            return Err(aborted(Some(s)));
        }
    }
    let controller = AbortController::new().ok();
    let init = Object::new();
    set(&init, "method", &JsValue::from_str("POST"));
    let headers = Object::new();
    for (name, value) in &req.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&init, "headers", &headers);
    set(&init, "body", &JsValue::from_str(&req.body));
    if let Some(c) = &controller {
        set(&init, "signal", &c.signal());
    }
    let stopper = Stopper::new(req.timeout_ms, signal.clone(), controller);
    let fail = |stop| stopped(stop, req.timeout_ms, signal.as_ref());

    let pending = fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(&req.url), &init);
    let response = match pending {
        Ok(p) => stopper.wait(&p).await.map_err(fail)?,
        Err(e) => Err(e),
    }
    .map_err(|cause| network_failure(&req.url, cause))?;

    let status = get(&response, "status").as_f64().unwrap_or(0.0);
    if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
        return Err(Failed {
            error: ClientError::network(&req.url, "fetch returned something that is not a Response"),
            attach: Some(("cause", response)),
        });
    }
    let headers = get(&response, "headers");
    let request_id = call_method(&headers, "get", &Array::of1(&JsValue::from_str("x-rainbow-request-id")))
        .ok()
        .and_then(|v| v.as_string());

    let body = call_method(&response, "text", &Array::new());
    let text = match body {
        Ok(p) => stopper.wait(&p).await.map_err(fail)?,
        Err(e) => Err(e),
    }
    .map_err(|cause| network_failure(&req.url, cause))?;

    Ok(Response { status: status as u16, request_id, headers, text: text.as_string().unwrap_or_default() })
}

/// Names what the platform reported: Node's `cause.code` (ECONNREFUSED, ENOTFOUND…) when there is
/// one, else the error's message ("Failed to fetch" in browsers).
fn network_failure(url: &str, cause: JsValue) -> Failed {
    let inner = get(&cause, "cause");
    let detail = [get(&inner, "code"), get(&cause, "code"), get(&inner, "message"), get(&cause, "message")]
        .iter()
        .find_map(JsValue::as_string)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "the request failed".to_string());
    Failed { error: ClientError::network(url, &detail), attach: Some(("cause", cause)) }
}
