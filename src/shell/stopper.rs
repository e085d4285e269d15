//! What can stop a call: its attempt's timeout, `totalTimeoutMs`, the caller's signal. The
//! `Stopper` owns all three (timers, the signal's listener) and releases them when dropped, as
//! reqwest's wasm `AbortGuard` does, so that none outlives the call. Every step of the call is
//! awaited through `wait`, which ends as soon as the call is stopped, even when a custom fetch
//! ignores its abort signal.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use js_sys::{Date, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::promise::{self, Callback};
use super::read::{get, method};
use super::timer::Timer;

/// Why a call was stopped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// The attempt's `timeoutMs` (or `getToken`'s, which is bounded the same way).
    Timeout,
    /// `totalTimeoutMs`.
    TotalTimeout,
    /// The caller's signal.
    Aborted,
}

/// A step of the call, awaited: one small future that every wait of the call shares, rather than
/// an async block copied into each place that waits.
pub struct Wait<'a> {
    state: &'a State,
    settling: JsFuture,
}

impl Future for Wait<'_> {
    type Output = Result<JsValue, Interrupted>;

    #[inline(never)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let result = match Pin::new(&mut self.settling).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        Poll::Ready(match (self.state.stopped.get(), result) {
            (Some(why), _) => Err(Interrupted::Stopped(why)),
            (None, Ok(value)) => Ok(value),
            (None, Err(e)) => Err(Interrupted::Failed(e)),
        })
    }
}

/// How a step awaited through `wait` ended, when it didn't give a value.
pub enum Interrupted {
    Stopped(Stop),
    /// The step itself failed with this value.
    Failed(JsValue),
}

/// The state the timers and the signal's listener share with the call.
struct State {
    stopped: Cell<Option<Stop>>,
    /// Resolves the `Stopper`'s promise.
    resolve: RefCell<Option<Function>>,
    /// The current attempt's controller, aborted when the call stops.
    controller: RefCell<Option<AbortController>>,
    /// When the current attempt times out (`Date.now()`).
    deadline: Cell<Option<f64>>,
}

impl State {
    fn stop(&self, why: Stop) {
        if self.stopped.get().is_some() {
            return;
        }
        self.stopped.set(Some(why));
        // Taken out before aborting: the abort runs the signal's listeners.
        let controller = self.controller.borrow().clone();
        if let Some(controller) = controller {
            controller.abort_with_reason(&js_sys::Error::new("rainbow-room-invitations: the call was stopped").into());
        }
        if let Some(resolve) = self.resolve.borrow_mut().take() {
            let _ = super::js::call0(&resolve, &JsValue::UNDEFINED);
        }
    }
}

/// What the signal's listener and the timers run: one closure type for all three.
fn stopping(state: &Rc<State>, why: Stop) -> impl FnMut() + 'static {
    let state = Rc::clone(state);
    move || state.stop(why)
}

pub struct Stopper {
    state: Rc<State>,
    /// Resolves when the call is stopped; never rejects. Made on the first race: a call through
    /// the platform's fetch, which the controller's abort ends, usually needs none.
    promise: RefCell<Option<Promise>>,
    signal: Option<JsValue>,
    listener: Option<Callback>,
    _total: Option<Timer>,
    /// The timer of the current attempt's timeout, or of the wait before the next attempt.
    attempt: RefCell<Option<Timer>>,
}

impl Stopper {
    pub fn new(signal: Option<&JsValue>, total_timeout_ms: Option<u32>) -> Stopper {
        let state = Rc::new(State { stopped: Cell::new(None), resolve: RefCell::new(None), controller: RefCell::new(None), deadline: Cell::new(None) });
        let mut listener = None;
        if let Some(signal) = signal {
            if get(signal, "aborted").is_truthy() {
                state.stop(Stop::Aborted);
            } else if let Some(add) = method(signal, "addEventListener") {
                let mut stop = stopping(&state, Stop::Aborted);
                let closure: Callback = Closure::new(move |_| {
                    stop();
                    Ok(())
                });
                // A signal whose method throws is one the call can't listen to; it still runs.
                let _ = super::js::call2(&add, signal, &"abort".into(), closure.as_ref());
                listener = Some(closure);
            }
        }
        let total = total_timeout_ms.and_then(|ms| Timer::after(f64::from(ms), stopping(&state, Stop::TotalTimeout)));
        Stopper { state, promise: RefCell::new(None), signal: signal.cloned(), listener, _total: total, attempt: RefCell::new(None) }
    }

    pub fn stopped(&self) -> Option<Stop> {
        self.state.stopped.get()
    }

    /// Bounds the next steps by `ms`: the call stops with `Stop::Timeout` when they outlast it,
    /// and `controller` (the attempt's fetch) is aborted then.
    pub fn arm(&self, ms: u32, controller: Option<AbortController>) {
        self.disarm();
        *self.state.controller.borrow_mut() = controller;
        self.state.deadline.set(Some(Date::now() + f64::from(ms)));
        *self.attempt.borrow_mut() = Timer::after(f64::from(ms), stopping(&self.state, Stop::Timeout));
    }

    /// Ends what `arm` bounded.
    pub fn disarm(&self) {
        self.state.deadline.set(None);
        self.attempt.borrow_mut().take();
    }

    /// What `v` (a value, a promise or any thenable) settles to, unless the call is stopped
    /// first. `trusted`: `v` is the platform's own fetch promise, which the controller's abort
    /// ends by itself, so it needs no race.
    pub fn wait(&self, v: &JsValue, trusted: bool) -> Wait<'_> {
        // A loop that never yields to timers (a stream of empty chunks) still ends at its deadline.
        if self.stopped().is_none() && self.state.deadline.get().is_some_and(|at| Date::now() >= at) {
            self.state.stop(Stop::Timeout);
        }
        let settled = if trusted && self.stopped().is_none() {
            v.clone().unchecked_into::<Promise>()
        } else {
            promise::race(v, &self.stop_promise())
        };
        Wait { state: &self.state, settling: JsFuture::from(settled) }
    }

    /// The promise that resolves when the call is stopped (at once if it is already).
    fn stop_promise(&self) -> Promise {
        let mut slot = self.promise.borrow_mut();
        if let Some(p) = slot.as_ref() {
            return p.clone();
        }
        let state = &self.state;
        let p = Promise::new(&mut |resolve, _| {
            if state.stopped.get().is_some() {
                let _ = super::js::call0(&resolve, &JsValue::UNDEFINED);
            } else {
                *state.resolve.borrow_mut() = Some(resolve);
            }
        });
        *slot = Some(p.clone());
        p
    }

    /// Waits `ms` milliseconds, unless the call is stopped first. Its timer is the attempt's slot
    /// (no attempt is under way meanwhile): the next `arm`, or the end of the call, clears it.
    pub fn sleep(&self, ms: u64) -> Wait<'_> {
        let slept = Promise::new(&mut |resolve, _| {
            *self.attempt.borrow_mut() = Timer::after(ms as f64, move || {
                let _ = super::js::call0(&resolve, &JsValue::UNDEFINED);
            });
        });
        self.wait(&slept, false)
    }

    /// The caller's signal's `reason`, for a `RainbowAbortError`.
    pub fn reason(&self) -> JsValue {
        self.signal.as_ref().map_or(JsValue::UNDEFINED, |s| super::read::property(s, &"reason".into()).unwrap_or_default())
    }
}

impl Drop for Stopper {
    fn drop(&mut self) {
        if let (Some(signal), Some(listener)) = (&self.signal, &self.listener) {
            if let Some(remove) = method(signal, "removeEventListener") {
                let _ = super::js::call2(&remove, signal, &"abort".into(), listener.as_ref());
            }
        }
    }
}
