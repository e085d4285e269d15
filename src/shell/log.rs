//! The caller's `logger`: a function `(level, line)`, or an object with a method per level, as
//! `console`, pino, bunyan, winston and loglevel have. Each line goes to the method of its level,
//! else to the nearest one the logger has (`log` last). A logger that throws, or whose answer
//! rejects, never breaks the call. Every line is scrubbed of the token first.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js;
use super::promise;
use super::read::method;
use crate::error::scrub;
use crate::options::LogLevel;

/// The methods a line of each level may go to, in order of preference.
fn methods(level: LogLevel) -> &'static [&'static str] {
    match level {
        LogLevel::Error => &["error", "warn", "log", "info"],
        LogLevel::Warn => &["warn", "warning", "error", "log", "info"],
        LogLevel::Info => &["info", "log", "debug"],
        LogLevel::Debug | LogLevel::Off => &["debug", "log", "info"],
    }
}

/// Whether `logger` (an object) has a method this module can call.
pub fn usable(logger: &JsValue) -> bool {
    ["debug", "info", "warn", "error", "log"].iter().any(|name| method(logger, name).is_some())
}

pub struct Log {
    target: Option<JsValue>,
    level: LogLevel,
}

impl Log {
    pub fn new(target: Option<JsValue>, level: LogLevel) -> Log {
        Log { target: target.filter(|t| !t.is_undefined() && !t.is_null()), level }
    }

    pub fn enabled(&self, at: LogLevel) -> bool {
        self.target.is_some() && at <= self.level && at != LogLevel::Off
    }

    /// Writes `line` at level `at`, after the prefix and with `secret` scrubbed from it, if the
    /// logger takes that level. A caller builds a line only when `enabled(at)`, so that none is
    /// built for nothing (as `format_args!` once ensured here; a closure instead costs ~60 B gzip).
    pub fn line(&self, at: LogLevel, line: &str, secret: Option<&str>) {
        let Some(target) = self.target.as_ref().filter(|_| self.enabled(at)) else { return };
        let mut text = cat!("[rainbow-room-invitations] {}", line);
        if let Some(secret) = secret.filter(|s| !s.is_empty()) {
            text = scrub(&text, secret);
        }
        let answer = match target.dyn_ref::<Function>() {
            Some(f) => js::call2(f, &JsValue::UNDEFINED, &at.as_str().into(), &text.into()),
            None => match methods(at).iter().find_map(|name| method(target, name)) {
                Some(f) => js::call1(&f, target, &text.into()),
                None => return,
            },
        };
        if let Ok(Some(answer)) = answer {
            promise::ignore(&answer);
        }
    }
}

