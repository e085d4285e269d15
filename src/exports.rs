//! What the JS driver (`pkg-template/client.js`) asks the core, through one export, `run`: the
//! request as the UTF-8 of a JSON array, `[what, …arguments]`, the answer as JSON text. None of
//! it does I/O, waits, or keeps state between calls.
//!
//! One export taking bytes and returning a string keeps the glue and the .wasm small (each
//! export costs a JS wrapper and a wasm shim), and keeps JS values out of wasm's return values,
//! which Node 20's V8 can't deoptimize through (a JS function that inlined such a call crashes the
//! process when it is deoptimized during it). JS values are read by the driver (see `input`),
//! errors are built there from `ClientError::to_value`. Numbers cross as integers: parsing a
//! float's text would bring in kilobytes of core.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

use crate::attempt::{self, Call, Next};
use crate::error::ClientError;
use crate::json::{self, Value};
use crate::text::{cat, fill, pieces, push_all, push_decimal, utf8};
use crate::model::{Issue, IssueCode, Operation};
use crate::options::{check_token, Correlation};
use crate::{input, request};

fn operation(op: u8) -> Operation {
    if op == 0 {
        Operation::Invite
    } else {
        Operation::Cancel
    }
}

fn error_json(e: ClientError) -> String {
    wrapped("error", &e.into_value())
}

/// `{"key": value}` as JSON text: written around the value's text rather than built as one more
/// object.
fn wrapped(key: &str, value: &Value) -> String {
    let mut out = String::with_capacity(256);
    push_all(&mut out, &["{\"", key, "\":"]);
    value.write(&mut out);
    out.push('}');
    out
}

/// `validateJoinInvitation` (op 0) and `validateCancelation` (op 1): the report, for the UTF-8 of
/// the JSON text `[roomId, body, options]` (`run` hands over the same values from its request).
pub fn validate(op: u8, args: &[u8], default_base_url: &str) -> String {
    validate_values(op, input::read(args), default_base_url)
}

fn validate_values(op: u8, [room_id, body, options]: [Value; 3], default_base_url: &str) -> String {
    request::check_owned(operation(op), &room_id, body, &options, default_base_url).0.into_value().to_json()
}

/// Checks a call's arguments and options and builds its request: `{"error": …}`, or the plan the
/// driver follows, a line break, and the body to send (kept out of the plan's JSON so that a
/// large body is not escaped and unescaped once more). `fresh_id` is the correlation id to use
/// when the options neither set nor disable one.
pub fn prepare(op: u8, args: &[u8], default_base_url: &str, fresh_id: &str) -> String {
    prepare_values(op, input::read(args), default_base_url, fresh_id)
}

fn prepare_values(op: u8, [room_id, body, options]: [Value; 3], default_base_url: &str, fresh_id: &str) -> String {
    let req = match request::prepare_owned(operation(op), &room_id, body, &options, default_base_url) {
        Ok(req) => req,
        Err(e) => return error_json(e.with_call_facts(0, false, None)),
    };
    let config = &req.config;
    let correlation_id = match &config.correlation {
        Correlation::Auto => Some(fresh_id),
        Correlation::Off => None,
        Correlation::Given(id) => Some(id.as_str()),
    };
    // The headers without the token, which may change per attempt (getToken); `auth` is where
    // the driver puts it, -1 when a caller's own Authorization header replaces it.
    let headers = config.request_headers(None, correlation_id);
    let auth = if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("authorization")) { -1 } else { 2 };
    // Written out directly rather than built as a `Value` first: each of its keys and numbers
    // would be allocated, written and freed again, a quarter of the request's time in the wasm.
    let mut out = String::with_capacity(512 + req.body.len());
    out.push_str("{\"url\":");
    json::write_string(&mut out, &req.url);
    out.push_str(",\"headers\":{");
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_string(&mut out, name);
        out.push(':');
        json::write_string(&mut out, value);
    }
    out.push_str(if auth < 0 { "},\"auth\":-1" } else { "},\"auth\":2" });
    for (key, text) in [("token", config.token.as_deref()), ("correlationId", correlation_id)] {
        if let Some(text) = text {
            push_all(&mut out, &[",\"", key, "\":"]);
            json::write_string(&mut out, text);
        }
    }
    let numbers = [
        ("timeoutMs", Some(config.timeout_ms)),
        ("totalTimeoutMs", config.total_timeout_ms),
        ("maxRetries", Some(config.max_retries)),
        ("maxResponseBytes", Some(config.max_response_bytes)),
        ("logLevel", Some(config.log_level as u32)),
    ];
    for (key, n) in numbers {
        if let Some(n) = n {
            push_all(&mut out, &[",\"", key, "\":"]);
            push_decimal(&mut out, u64::from(n));
        }
    }
    out.push_str(",\"warnings\":[");
    for (i, w) in req.warnings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_string(&mut out, &cat(&[w.path.as_str(), ": ", w.message.as_str()]));
    }
    out.push_str("]}");
    push_all(&mut out, &["\n", &req.body]);
    out
}

#[allow(clippy::too_many_arguments)]
fn call<'a>(attempts: u32, max_retries: u32, flags: u8, left_ms: Option<f64>, jitter: f64, now_ms: f64, token: Option<&'a str>, correlation_id: Option<&'a str>) -> Call<'a> {
    Call {
        attempts,
        max_retries,
        can_renew: flags & 1 != 0,
        renewed: flags & 2 != 0,
        delivered: flags & 4 != 0,
        left_ms,
        jitter,
        now_ms,
        token,
        correlation_id,
    }
}

/// `{"data": …}`, `{"delayMs", "renew", "delivered", "why"}` or `{"error": …}`.
pub fn next_json(next: Next) -> String {
    match next {
        Next::Done(data) => wrapped("data", &data),
        Next::Retry { delay_ms, renew_token, delivered, why } => Value::Object(vec![
            ("delayMs".to_string(), Value::int(delay_ms as i64)),
            ("renew".to_string(), Value::Bool(renew_token)),
            ("delivered".to_string(), Value::Bool(delivered)),
            ("why".to_string(), Value::String(why)),
        ])
        .to_json(),
        Next::Fail(e) => error_json(e),
    }
}

/// An attempt the server answered, as the core decides it (`next_json` writes it). `flags`: 1 can
/// renew the token, 2 renewed, 4 delivered before; `left_ms` is what is left of totalTimeoutMs, if
/// it is set.
#[allow(clippy::too_many_arguments)]
pub fn answered(
    status: u16,
    body: &str,
    request_id: Option<&str>,
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    attempts: u32,
    max_retries: u32,
    flags: u8,
    left_ms: Option<f64>,
    jitter: f64,
    now_ms: f64,
    token: Option<&str>,
    correlation_id: Option<&str>,
) -> Next {
    let call = call(attempts, max_retries, flags, left_ms, jitter, now_ms, token, correlation_id);
    attempt::answered(&call, status, body, request_id, retry_after_ms, retry_after)
}

/// An attempt that got no answer (see `attempt::not_answered`).
#[allow(clippy::too_many_arguments)]
pub fn not_answered(
    url: &str,
    detail: &str,
    code: Option<&str>,
    attempts: u32,
    max_retries: u32,
    flags: u8,
    jitter: f64,
    token: Option<&str>,
    correlation_id: Option<&str>,
) -> String {
    let call = call(attempts, max_retries, flags, None, jitter, 0.0, token, correlation_id);
    next_json(attempt::not_answered(&call, url, detail, code))
}

/// The other ways a call ends, as `{"error": …}`:
/// 0 an attempt's timeout (`n` ms), 1 the total timeout (`n` ms), 2 aborted,
/// 3 a body over `maxResponseBytes` (`n`) with `status`, 4 `getToken` threw or rejected,
/// 5 `getToken` gave no string, 6 no global fetch, 7 the token from `getToken` (`text`) can't be
/// sent (`{}` when it can).
#[allow(clippy::too_many_arguments)]
pub fn fail(kind: u8, n: u32, status: u16, text: Option<&str>, attempts: u32, delivered: bool, token: Option<&str>, correlation_id: Option<&str>) -> String {
    let bad = |path: &str, message: &str| ClientError::validation_after(vec![Issue::new(path, IssueCode::InvalidOption, message)], Vec::new(), attempts);
    let e = match kind {
        0 | 1 => ClientError::timeout(n, kind == 1),
        2 => ClientError::aborted(),
        3 => ClientError::too_large(status, n, text),
        4 => bad("options.getToken", "`getToken` failed (see `cause`)."),
        5 => bad("options.getToken", "`getToken` must return the token as a string (or a Promise of one)."),
        6 => bad("options.fetch", "This environment has no global fetch: pass one as options.fetch."),
        _ => match check_token(text.unwrap_or_default()) {
            Ok(()) => return "{}".to_string(),
            Err(why) => bad("options.getToken", &fill("The token from `getToken` {}.", &[why])),
        },
    };
    let call = call(attempts, 0, 0, None, 0.0, 0.0, token, correlation_id);
    error_json(call.error(e, delivered))
}

// The one export. `[what, …]`:
// - `[0 | 1, roomId, body, options, defaultBaseUrl]`: `validate` of op 0 (join) or 1 (cancel),
//   the three arguments as `input` describes them;
// - `[2 | 3, roomId, body, options, defaultBaseUrl, freshId]`: `prepare` of op 0 or 1;
// - `[4, status, requestId, retryAfterMs, retryAfter, attempts, maxRetries, flags, leftMs,
//   jitter × 10⁹, nowMs, token, correlationId]`, a line break and the response body: `answered`
//   (`leftMs` null without a total timeout). The body follows the JSON, as it is, rather than
//   inside it: escaping and unescaping it costs more than the rest of the call's JSON. A 2xx
//   answer is first sent as `[4, status]` and its body: its data, or an empty answer when the body
//   can't be read, for the driver to send the facts its error needs (with calls in flight, the
//   facts' JSON and headers cost the JS several µs a call, each step running with cold caches);
// - `[5, url, detail, code, attempts, maxRetries, flags, jitter × 10⁹, token, correlationId]`:
//   `not_answered`;
// - `[6, kind, n, status, text, attempts, delivered, token, correlationId]`: `fail`.
// (Not `///`: wasm-bindgen would copy it into the glue every browser downloads.)
#[wasm_bindgen]
pub fn run(request: &[u8]) -> String {
    let request = utf8(request).unwrap_or_default();
    // Only `answered` (`[4,…`, as JSON.stringify writes it) has a body after its JSON, which has
    // no raw line break: the first one ends it. The other requests, which can be long (a list of
    // e-mails), are not scanned for one.
    let head = if request.starts_with("[4,") { pieces(request, b"\n").next().unwrap_or_default() } else { request };
    let tail = request.get(head.len() + 1..).unwrap_or_default();
    let mut args = match json::parse(head) {
        Ok(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    // Read with `get`: a missing argument reads as 0 or none.
    let int = |i: usize| args.get(i).and_then(Value::as_i64).unwrap_or(0);
    let text = |i: usize| args.get(i).and_then(Value::as_str);
    let small = |i: usize| u32::try_from(int(i)).unwrap_or(0);
    let what = int(0);
    match what {
        0..=3 => {
            // Owned: `described` takes the arguments out of `args`.
            let (base, fresh_id) = (String::from(text(4).unwrap_or_default()), String::from(text(5).unwrap_or_default()));
            // Taken rather than drained: `drain`'s range check links core's formatted panics.
            let described = input::described(&mut args, 1);
            let op = (what % 2) as u8;
            if what < 2 {
                validate_values(op, described, &base)
            } else {
                prepare_values(op, described, &base, &fresh_id)
            }
        }
        4 => {
            let left_ms = args.get(8).and_then(Value::as_i64).map(|n| n as f64);
            let status = u16::try_from(int(1)).unwrap_or(0);
            let next = answered(status, tail, text(2), text(3), text(4), small(5), small(6), small(7) as u8, left_ms, int(9) as f64 / 1e9, int(10) as f64, text(11), text(12));
            // `[4, status]` alone, a success's short form (see client.js): its data, or nothing,
            // for the driver to ask again with what an error carries.
            if args.len() > 2 || matches!(next, Next::Done(_)) { next_json(next) } else { String::new() }
        }
        5 => {
            let (url, detail) = (text(1).unwrap_or_default(), text(2).unwrap_or_default());
            not_answered(url, detail, text(3), small(4), small(5), small(6) as u8, int(7) as f64 / 1e9, text(8), text(9))
        }
        _ => fail(small(1) as u8, small(2), u16::try_from(int(3)).unwrap_or(0), text(4), small(5), matches!(args.get(6), Some(Value::Bool(true))), text(7), text(8)),
    }
}
