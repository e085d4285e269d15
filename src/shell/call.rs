//! A call, driven: its arguments read and checked at once, then (a microtask later, so that an
//! abort in the same tick sends nothing) each attempt sent and its end handed to the core
//! (`attempt`), which says: done, wait and send again, or which error. This module only carries
//! that out: the token from `getToken`, the timers, the log lines, the JS values handed back.

use js_sys::{Date, Function, JsString, Math, Object, Promise, Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use super::errors::{to_js_error, Attached};
use super::exchange::{self, Outcome, Sending, Step};
use super::js;
use super::log::Log;
use super::options::{self, CallOptions, Callbacks};
use super::read::{get, string, Reader};
use super::stopper::{Interrupted, Stop, Stopper};
use super::write::to_js;
use crate::attempt::{self, Call, Next};
use crate::error::ClientError;
use crate::model::Operation;
use crate::options::{check_token, redacted_header, Correlation, LogLevel, Platform};
use crate::request::{self, Request};
use crate::value::Value;

/// What a call resolves to.
#[derive(Clone, Copy, PartialEq)]
pub enum Form {
    /// The success body.
    Data,
    /// `{ data, status, headers, requestId, correlationId, attempts }`.
    WithHttpInfo,
}

/// The platform as options are checked on: where a call goes without `baseUrl` (a browser page's
/// origin, `http://localhost` elsewhere), and the platform's URL parser.
pub fn platform() -> Platform {
    let origin = string(&get(&super::js::global(), "location"), "origin");
    let default_base_url = origin.filter(|o| o.starts_with("http://") || o.starts_with("https://")).unwrap_or_else(|| "http://localhost".into());
    Platform { default_base_url, parses_url: js::parses_url }
}

/// A call's arguments, read with one `Reader` (whose limits they share): the options, the room id,
/// the body.
pub fn read_args(room_id: &JsValue, body: &JsValue, options: &JsValue) -> (CallOptions, Value, Value) {
    let mut reader = Reader::request();
    let options = options::read(options, &mut reader);
    let room = reader.value(room_id, 0);
    let body = reader.value(body, 2);
    (options, room, body)
}

/// Starts a call: the arguments are read and validated now; the Promise rejects with the
/// validation error, or settles as the call does.
pub fn start(op: Operation, form: Form, room_id: &JsValue, body: &JsValue, options: &JsValue) -> Promise {
    let (options, room, body) = read_args(room_id, body, options);
    let prepared = request::prepare_owned(op, &room, body, &options.value, &platform()).and_then(|req| {
        let has_fetch = options.callbacks.fetch.is_some() || get(&super::js::global(), "fetch").is_function();
        let message = "This environment has no global fetch: pass one as options.fetch.";
        if has_fetch { Ok(req) } else { Err(ClientError::bad_option("options.fetch", message.into(), 0)) }
    });
    match prepared {
        Ok(req) => future_to_promise(run(req, options.callbacks, form)),
        Err(e) => Promise::reject(&to_js_error(e.with_call_facts(0, false, None), Attached::None, None)),
    }
}

/// What the call knows of its attempts so far.
struct Progress {
    attempts: u32,
    /// Whether an earlier attempt may have reached the server.
    delivered: bool,
    /// Whether a fresh token was already fetched for an expired one.
    renewed: bool,
}

/// How a call ended, carried out in one place after the loop.
enum Ended {
    Done(JsValue),
    Stopped(Stop),
    /// The error, and the JS value it carries as `cause`.
    Failed(ClientError, Option<JsValue>),
}

async fn run(req: Request, callbacks: Callbacks, form: Form) -> Result<JsValue, JsValue> {
    let config = &req.config;
    let log = Log::new(callbacks.logger, config.log_level);
    if log.enabled(LogLevel::Warn) {
        for warning in &req.warnings {
            log.line(LogLevel::Warn, &cat!("{}: {}", warning.path, warning.message), None);
        }
    }
    let correlation_id = match &config.correlation {
        Correlation::Auto => Some(fresh_id()),
        Correlation::Off => None,
        Correlation::Given(id) => Some(id.clone()),
    };
    let stopper = Stopper::new(callbacks.signal.as_ref(), config.total_timeout_ms);
    let body = JSON::stringify(&to_js(&req.body)).unwrap_or_else(|_| JsString::from("{}"));
    let fetch = super::platform::fetch(callbacks.fetch);
    let started = Date::now();
    let mut token = config.token.clone();
    // Every token the call sent, one per line (a token can't hold one), all scrubbed from its
    // error and log lines: a `getToken` may give another at each attempt, and an answer echo an
    // earlier one.
    let mut sent_tokens = token.clone().unwrap_or_default();
    let mut progress = Progress { attempts: 0, delivered: false, renewed: false };
    let ended = loop {
        if let Some(why) = stopper.stopped() {
            break Ended::Stopped(why);
        }
        if let Some(get_token) = &callbacks.get_token {
            // Asked before each attempt (it may cache as it likes), bounded like an attempt.
            stopper.arm(config.timeout_ms, None);
            let answer = match js::call0(get_token, &JsValue::UNDEFINED) {
                Ok(promised) => stopper.wait(&promised.unwrap_or_default(), false).await,
                Err(thrown) => Err(Interrupted::Failed(thrown)),
            };
            stopper.disarm();
            match fresh_token(&stopper, answer, &progress, correlation_id.as_deref()) {
                Ok(fresh) => {
                    // (One per attempt at most, so kept even when the same.)
                    sent_tokens.push('\n');
                    sent_tokens.push_str(&fresh);
                    token = Some(fresh);
                }
                Err(ended) => break ended,
            }
        }
        progress.attempts += 1;
        let headers = config.request_headers(token.as_deref(), correlation_id.as_deref());
        let sending = Sending { url: &req.url, headers: &headers, body: &body, timeout_ms: config.timeout_ms };
        let sent_at = Date::now();
        // The attempt's steps (see `exchange::send`), each bounded by its timeout.
        let outcome = match exchange::send(&stopper, &fetch, &sending) {
            Ok(sent) => match exchange::head(stopper.wait(&sent.promise, sent.trusted).await, &sent, config.max_response_bytes) {
                Ok(head) => {
                    let mut body = exchange::Body::new(&head);
                    let mut settled = None;
                    let text = loop {
                        match body.step(settled) {
                            Step::Wait(promise) => settled = Some(stopper.wait(&promise, false).await),
                            Step::Done(text) => break text,
                        }
                    };
                    exchange::answer(&stopper, head, text)
                }
                Err(outcome) => outcome,
            },
            Err(outcome) => outcome,
        };
        stopper.disarm();
        if log.enabled(LogLevel::Debug) {
            let line = attempt_line(&req.url, &headers, progress.attempts, config.max_retries, &outcome, Date::now() - sent_at);
            log.line(LogLevel::Debug, &line, Some(&sent_tokens));
        }
        let call = Call {
            attempts: progress.attempts,
            max_retries: config.max_retries,
            can_renew: callbacks.get_token.is_some(),
            renewed: progress.renewed,
            delivered: progress.delivered,
            left_ms: config.total_timeout_ms.map(|total| f64::from(total) - (Date::now() - started)),
            jitter: Math::random(),
            now_ms: Date::now(),
            tokens: Some(&sent_tokens),
            correlation_id: correlation_id.as_deref(),
        };
        let (next, cause, headers) = match outcome {
            Outcome::Stopped => {
                // The request had reached fetch: the server may have it.
                progress.delivered = true;
                break Ended::Stopped(stopper.stopped().unwrap_or(Stop::Timeout));
            }
            Outcome::TooLarge { status, request_id } => {
                break Ended::Failed(call.error(ClientError::too_large(status, config.max_response_bytes, request_id.as_deref()), true), None);
            }
            Outcome::NotAnswered { detail, code, cause } => (attempt::not_answered(&call, &req.url, &detail, code.as_deref()), Some(cause), None),
            Outcome::BrokeOff { status, detail, cause } => (attempt::broke_off(&call, &req.url, status, &detail), Some(cause), None),
            Outcome::Redirected { cause } => (attempt::redirected(&call, &req.url), Some(cause), None),
            Outcome::Answered { answer, headers } => {
                let (status, request_id) = (answer.status, answer.request_id.clone());
                (attempt::answered(&call, answer), None, Some((headers, status, request_id)))
            }
        };
        match next {
            Next::Done(data) => {
                break Ended::Done(match (form, headers) {
                    (Form::WithHttpInfo, Some((headers, status, request_id))) => {
                        with_http_info(&data, &headers, status, request_id.as_deref(), correlation_id.as_deref(), progress.attempts)
                    }
                    _ => to_js(&data),
                });
            }
            Next::Fail(e) => break Ended::Failed(e, cause),
            Next::Retry { delay_ms, renew_token, delivered, why } => {
                progress.delivered = delivered;
                progress.renewed |= renew_token;
                if log.enabled(LogLevel::Info) {
                    let line = cat!("attempt {} of {} failed ({}); retrying in {} ms", progress.attempts, config.max_retries + 1, why, delay_ms);
                    log.line(LogLevel::Info, &line, Some(&sent_tokens));
                }
                if let Err(Interrupted::Stopped(why)) = stopper.sleep(delay_ms).await {
                    break Ended::Stopped(why);
                }
            }
        }
    };
    let secret = Some(sent_tokens.as_str());
    let reason;
    let (e, attached) = match ended {
        Ended::Done(value) => return Ok(value),
        // Scrubbed of the tokens already (see `Call::error`); `getToken`'s failures quote none.
        Ended::Failed(e, cause) => {
            reason = cause;
            (e, reason.as_ref().map_or(Attached::None, Attached::Cause))
        }
        // A timeout, or the caller's abort (with its reason).
        Ended::Stopped(why) => {
            reason = (why == Stop::Aborted).then(|| stopper.reason());
            let e = match why {
                Stop::Timeout => ClientError::timeout(config.timeout_ms, false, progress.delivered),
                Stop::TotalTimeout => ClientError::timeout(config.total_timeout_ms.unwrap_or(config.timeout_ms), true, progress.delivered),
                // `AbortSignal.timeout(ms)` aborts with a TimeoutError: the call timed out.
                Stop::Aborted if reason.as_ref().and_then(|r| string(r, "name")).as_deref() == Some("TimeoutError") => ClientError::signal_timed_out(progress.delivered),
                Stop::Aborted => ClientError::aborted(progress.delivered),
            };
            let e = e.redact(secret).with_call_facts(progress.attempts, progress.delivered, correlation_id.as_deref());
            (e, reason.as_ref().map_or(Attached::None, Attached::Reason))
        }
    };
    log.line(LogLevel::Error, &e.message, secret);
    Err(to_js_error(e, attached, secret))
}

/// The token `getToken` gave, or how the call ends for want of one (a failure with what `getToken`
/// threw or rejected with as its `cause`).
fn fresh_token(stopper: &Stopper, answer: Result<JsValue, Interrupted>, progress: &Progress, correlation_id: Option<&str>) -> Result<String, Ended> {
    let bad = |message: &str, cause| {
        let e = ClientError::bad_option("options.getToken", message.into(), progress.attempts);
        Ended::Failed(e.with_call_facts(progress.attempts, progress.delivered, correlation_id), cause)
    };
    match answer {
        Err(Interrupted::Stopped(why)) => Err(Ended::Stopped(why)),
        Err(Interrupted::Failed(thrown)) => match stopper.stopped() {
            Some(why) => Err(Ended::Stopped(why)),
            None => Err(bad("`getToken` failed (see `cause`).", Some(thrown))),
        },
        Ok(token) => match token.as_string() {
            None => Err(bad("`getToken` must return the token as a string (or a Promise of one).", None)),
            Some(token) => match check_token(&token) {
                Ok(t) => Ok(t.to_string()),
                Err(why) => Err(bad(&cat!("The token from `getToken` {}.", why), None)),
            },
        },
    }
}

/// The debug line of an attempt: its request (credentials redacted) and how it ended.
fn attempt_line(url: &str, headers: &[(String, String)], attempt: u32, max_retries: u32, outcome: &Outcome, ms: f64) -> String {
    let mut line = cat!("POST {} attempt {} of {}, headers:", url, attempt, max_retries + 1);
    for (name, value) in headers {
        put!(line, " {}: {};", name, redacted_header(name, value));
    }
    match outcome {
        Outcome::NotAnswered { detail, .. } => put!(line, " → failed: {}", detail),
        Outcome::BrokeOff { status, detail, .. } => put!(line, " → answered {}, then broke off: {}", u64::from(*status), detail),
        Outcome::Redirected { .. } => line.push_str(" → redirected"),
        Outcome::Stopped => line.push_str(" → stopped (timeout or abort)"),
        Outcome::TooLarge { status, .. } => put!(line, " → answered {} with a body over maxResponseBytes", u64::from(*status)),
        Outcome::Answered { answer, .. } => put!(line, " → answered {}", u64::from(answer.status)),
    }
    put!(line, " in {} ms", crate::value::round_u64(ms));
    line
}

/// `{ data, status, headers, requestId, correlationId, attempts }`; `headers` a plain object with
/// lower-case names.
fn with_http_info(data: &Value, headers: &JsValue, status: u16, request_id: Option<&str>, correlation_id: Option<&str>, attempts: u32) -> JsValue {
    let info = Object::new();
    let all = js::object_from_entries(headers).ok().flatten().map_or_else(|| Object::new().into(), JsValue::from);
    let text = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
    let fields = [
        ("data", to_js(data)),
        ("status", JsValue::from(status)),
        ("headers", all),
        ("requestId", text(request_id)),
        ("correlationId", text(correlation_id)),
        ("attempts", JsValue::from(attempts)),
    ];
    for (key, value) in fields {
        let _ = Reflect::set(&info, &key.into(), &value);
    }
    info.into()
}

/// A fresh `x-rainbow-correlation-id`.
fn fresh_id() -> String {
    thread_local! {
        // `crypto.randomUUID` exists only in secure contexts (https://, localhost).
        static UUID: Option<(JsValue, Function)> = {
            let crypto = get(&super::js::global(), "crypto");
            super::read::method(&crypto, "randomUUID").map(|f| (crypto, f))
        };
    }
    let uuid = UUID.with(|uuid| uuid.as_ref().and_then(|(crypto, f)| js::call0(f, crypto).ok().flatten()).and_then(|id| id.as_string()));
    uuid.unwrap_or_else(|| (0..32).map(|_| char::from_digit((Math::random() * 16.0) as u32 % 16, 16).unwrap_or('0')).collect())
}
