//! One call from start to end: the token for each attempt, the attempts, the waits between them
//! (as `retry::decide` says), the log lines, and the facts every error carries.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{call_method, error_to_js, get, Options};
use crate::error::{replace_all, ApiFailure, ClientError, REDACTED};
use crate::json::Value;
use crate::model::{Issue, IssueCode};
use crate::options::{check_token, Correlation, LogLevel};
use crate::request::Request;
use crate::response;
use crate::retry::{self, Attempt, Decision};
use crate::transport::{self, Failure, Response, Stop, Stopper};

/// An attempt that got no usable answer: the error, and the JS value to attach (`cause`).
type NotAnswered = (ClientError, Option<(&'static str, JsValue)>);

/// A successful call: the parsed body and what `…WithHttpInfo` reports.
pub struct Success {
    pub data: Value,
    pub response: Response,
    pub attempts: u32,
    pub correlation_id: Option<String>,
}

/// Where log lines go: a function `(level, line)`, or a console-like object.
struct Logger {
    target: JsValue,
    level: LogLevel,
}

impl Logger {
    fn log(&self, level: LogLevel, line: &str, secret: Option<&str>) {
        if level > self.level || self.target.is_undefined() || self.target.is_null() {
            return;
        }
        let mut line = ["[rainbow-room-invitations] ", line].concat();
        if let Some(s) = secret.filter(|s| !s.is_empty()) {
            line = replace_all(&line, s, REDACTED);
        }
        let (level, line) = (JsValue::from_str(level.as_str()), JsValue::from_str(&line));
        // A logger that throws must not break the call.
        let _ = match self.target.dyn_ref::<Function>() {
            Some(f) => f.call2(&JsValue::UNDEFINED, &level, &line),
            None => match level.as_string().map(|l| get(&self.target, &l)).filter(JsValue::is_function) {
                Some(_) => call_method(&self.target, &level.as_string().unwrap_or_default(), &Array::of1(&line)),
                None => call_method(&self.target, "log", &Array::of1(&line)),
            },
        };
    }
}

/// A fresh correlation id: a UUID where the platform gives one, else 32 random hex digits.
fn random_id() -> String {
    let crypto = get(&js_sys::global(), "crypto");
    if let Some(id) = call_method(&crypto, "randomUUID", &Array::new()).ok().and_then(|v| v.as_string()) {
        return id;
    }
    (0..32).map(|_| char::from_digit((js_sys::Math::random() * 16.0) as u32 % 16, 16).unwrap_or('0')).collect()
}

/// Runs the call, with the JS objects of the options as they were read for validation.
pub async fn run(req: Request, fetch: Function, options: Options) -> Result<Success, JsValue> {
    let config = &req.config;
    let Options { signal, get_token, logger, .. } = options;
    let logger = Logger { target: logger, level: config.log_level };
    let correlation_id = match &config.correlation {
        Correlation::Auto => Some(random_id()),
        Correlation::Off => None,
        Correlation::Given(id) => Some(id.clone()),
    };
    let stopper = Stopper::new(signal, config.total_timeout_ms);
    for w in &req.warnings {
        logger.log(LogLevel::Warn, &[w.path.as_str(), ": ", w.message.as_str()].concat(), None);
    }

    let mut token = config.token.clone();
    let mut attempts = 0u32;
    let mut delivered = false;
    let mut renewed = false;
    let started = js_sys::Date::now();
    let report = Reporter { logger: &logger, correlation_id: correlation_id.as_deref() };
    loop {
        if let Some(stop) = stopper.stopped() {
            return Err(report.stopped(stop, &req, &stopper, attempts, delivered, token.as_deref()));
        }
        // A fresh token for every attempt, as the caller's getToken decides (it may cache).
        if let Some(f) = &get_token {
            // A getToken that never answers is bounded like an attempt.
            stopper.arm_timer(config.timeout_ms);
            let fresh = fresh_token(&stopper, f).await;
            stopper.disarm();
            match fresh {
                Ok(t) => token = Some(t),
                Err(TokenError::Stopped(stop)) => return Err(report.stopped(stop, &req, &stopper, attempts, delivered, None)),
                Err(TokenError::Bad(issue, cause)) => {
                    return Err(report.fail(ClientError::validation(vec![issue], Vec::new()), cause.map(|c| ("cause", c)), attempts, delivered, None))
                }
            }
        }
        attempts += 1;
        let secret = token.as_deref();
        let headers = config.request_headers(secret, correlation_id.as_deref());
        let line = attempt_line(&req, attempts, &headers);
        let sent_at = js_sys::Date::now();
        let outcome = transport::attempt(&stopper, &fetch, &req.url, &headers, &req.body, config.timeout_ms, config.max_response_bytes).await;
        // One debug line per attempt, once its outcome is known.
        let ended = match &outcome {
            Ok(res) => ["answered ", &res.status.to_string()].concat(),
            Err(Failure::Network { detail, .. }) => ["failed: ", detail.as_str()].concat(),
            Err(Failure::TooLarge { status, .. }) => ["answered ", &status.to_string(), " with a body over maxResponseBytes"].concat(),
            Err(Failure::Stopped(_)) => "stopped (timeout or abort)".to_string(),
        };
        let took = ((js_sys::Date::now() - sent_at) as u64).to_string();
        logger.log(LogLevel::Debug, &[line.as_str(), " → ", &ended, " in ", &took, " ms"].concat(), secret);

        let (decision, failure, server_wait) = match outcome {
            Ok(res) if (200..300).contains(&res.status) => {
                let request_id = res.header("x-rainbow-request-id");
                return match response::read(res.status, &res.text, request_id.as_deref()) {
                    Ok(data) => Ok(Success { data, response: res, attempts, correlation_id: correlation_id.clone() }),
                    Err(e) => Err(report.fail(e, None, attempts, true, secret)),
                };
            }
            Ok(res) => {
                let request_id = res.header("x-rainbow-request-id");
                let failure = response::api_failure(res.status, &res.text, request_id.as_deref());
                let (after_ms, after) = (res.header("retry-after-ms"), res.header("retry-after"));
                let expired = res.status == 401 && response::token_expired(&res.text);
                let attempt = Attempt::Status { status: res.status, retry_after_ms: after_ms.as_deref(), retry_after: after.as_deref(), token_expired: expired };
                let decision = decide(&attempt, attempts, config.max_retries, get_token.is_some(), renewed);
                delivered |= retry::may_have_been_delivered(&attempt);
                let server_wait = after_ms.is_some() || after.is_some();
                (decision, Ok(failure), server_wait)
            }
            Err(Failure::Network { cause, code, detail }) => {
                let attempt = Attempt::Network { code: code.as_deref() };
                let decision = decide(&attempt, attempts, config.max_retries, false, renewed);
                delivered |= retry::may_have_been_delivered(&attempt);
                (decision, Err((ClientError::network(&req.url, &detail), Some(("cause", cause)))), false)
            }
            Err(Failure::TooLarge { status, request_id }) => {
                return Err(report.fail(ClientError::too_large(status, config.max_response_bytes, request_id.as_deref()), None, attempts, true, secret));
            }
            Err(Failure::Stopped(stop)) => {
                // The request had reached fetch: the server may have it.
                return Err(report.stopped(stop, &req, &stopper, attempts, true, secret));
            }
        };
        // A server's wait that outlasts what is left of totalTimeoutMs is reported at once, as one
        // over the limit is, rather than slept through to a timeout.
        let left_ms = config.total_timeout_ms.map(|t| f64::from(t) - (js_sys::Date::now() - started));
        let decision = match decision {
            Decision::Retry { delay_ms, .. } if server_wait && left_ms.is_some_and(|left| delay_ms as f64 >= left) => {
                Decision::Stop { retry_after_ms: Some(delay_ms) }
            }
            d => d,
        };
        match decision {
            Decision::Retry { delay_ms, renew_token } => {
                logger.log(LogLevel::Info, &retry_line(attempts, config.max_retries, delay_ms, &failure), secret);
                renewed |= renew_token;
                if let Err(stop) = stopper.sleep(delay_ms).await {
                    return Err(report.stopped(stop, &req, &stopper, attempts, delivered, secret));
                }
            }
            Decision::Stop { retry_after_ms } => {
                let (error, attach) = match failure {
                    Ok(mut api) => {
                        api.retry_after_ms = retry_after_ms;
                        (ClientError::from(api), None)
                    }
                    Err((e, attach)) => (e, attach),
                };
                return Err(report.fail(error, attach, attempts, delivered, secret));
            }
        }
    }
}

fn decide(attempt: &Attempt, done: u32, max_retries: u32, can_renew: bool, renewed: bool) -> Decision {
    retry::decide(attempt, done, max_retries, can_renew, renewed, js_sys::Math::random(), js_sys::Date::now())
}

/// Shapes every error of a call with what is known of it, and logs it. Not inlined: the call's
/// future has a dozen ways to fail, and a copy of this at each would be kilobytes of wasm.
struct Reporter<'a> {
    logger: &'a Logger,
    correlation_id: Option<&'a str>,
}

impl Reporter<'_> {
    #[inline(never)]
    fn fail(&self, e: ClientError, attach: Option<(&str, JsValue)>, attempts: u32, delivered: bool, token: Option<&str>) -> JsValue {
        let e = e.redact(token).with_call_facts(attempts, delivered, self.correlation_id);
        self.logger.log(LogLevel::Error, &e.message, token);
        error_to_js(e, attach)
    }

    #[inline(never)]
    fn stopped(&self, stop: Stop, req: &Request, stopper: &Stopper, attempts: u32, delivered: bool, token: Option<&str>) -> JsValue {
        let (error, attach) = match stop {
            Stop::Timeout => (ClientError::timeout(req.config.timeout_ms, false), None),
            Stop::TotalTimeout => (ClientError::timeout(req.config.total_timeout_ms.unwrap_or(0), true), None),
            Stop::Aborted => (ClientError::aborted(), Some(("reason", stopper.abort_reason()))),
        };
        self.fail(error, attach, attempts, delivered, token)
    }
}

enum TokenError {
    Stopped(Stop),
    Bad(Issue, Option<JsValue>),
}

/// Asks `getToken` (sync or async) for the token of the next attempt, and checks it.
async fn fresh_token(stopper: &Stopper, get_token: &Function) -> Result<String, TokenError> {
    let bad = |message: String, cause| TokenError::Bad(Issue::new("options.getToken", IssueCode::InvalidOption, message), cause);
    let value = match get_token.call0(&JsValue::UNDEFINED) {
        Ok(v) => stopper.wait(&v).await.map_err(TokenError::Stopped)?,
        Err(e) => Err(e),
    }
    .map_err(|cause| bad("`getToken` failed (see `cause`); nothing was sent.".into(), Some(cause)))?;
    let Some(token) = value.as_string() else {
        return Err(bad("`getToken` must return the token as a string (or a Promise of one).".into(), None));
    };
    check_token(&token).map_err(|why| bad(["The token from `getToken` ", why, "."].concat(), None))?;
    Ok(token)
}

fn attempt_line(req: &Request, attempt: u32, headers: &[(String, String)]) -> String {
    let mut line = ["POST ", req.url.as_str(), " attempt ", &attempt.to_string(), " of ", &(req.config.max_retries + 1).to_string(), ", headers:"].concat();
    for (name, value) in headers {
        let shown = if name.eq_ignore_ascii_case("authorization") { ["Bearer ", REDACTED].concat() } else { value.clone() };
        line.push_str(&[" ", name.as_str(), ": ", shown.as_str(), ";"].concat());
    }
    line
}

fn retry_line(attempt: u32, max_retries: u32, delay_ms: u64, failure: &Result<ApiFailure, NotAnswered>) -> String {
    let why = match failure {
        Ok(api) => ["status ", &api.status.to_string()].concat(),
        Err((e, _)) => e.message.clone(),
    };
    ["attempt ", &attempt.to_string(), " of ", &(max_retries + 1).to_string(), " failed (", &why, "); retrying in ", &delay_ms.to_string(), " ms"].concat()
}
