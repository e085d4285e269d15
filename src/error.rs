//! Every way a call can fail, each with a stable name and code, a message a person can act on,
//! and the fields the JS error carries. The boundary adds only what the core can't hold: the
//! `cause` of a network failure and the `reason` of an abort.

use crate::prelude::*;
use crate::json::Value;
use crate::text::{cat, decimal, fill, find, prefix, push_all, replace_all, signed_decimal};
use crate::model::Issue;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Validation,
    Api,
    Network,
    Timeout,
    Aborted,
    Response,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Validation => "RainbowValidationError",
            ErrorKind::Api => "RainbowApiError",
            ErrorKind::Network => "RainbowNetworkError",
            ErrorKind::Timeout => "RainbowTimeoutError",
            ErrorKind::Aborted => "RainbowAbortError",
            ErrorKind::Response => "RainbowResponseError",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Validation => "ERR_VALIDATION",
            ErrorKind::Api => "ERR_API",
            ErrorKind::Network => "ERR_NETWORK",
            ErrorKind::Timeout => "ERR_TIMEOUT",
            ErrorKind::Aborted => "ERR_ABORTED",
            ErrorKind::Response => "ERR_RESPONSE",
        }
    }
}

/// A failed call. `fields` become own properties of the JS error, beside `name` and `code`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientError {
    pub kind: ErrorKind,
    pub message: String,
    pub fields: Vec<(&'static str, Value)>,
}

/// Raw bodies kept on errors are cut to this many characters: enough to read, never a memory hog.
pub const MAX_KEPT_BODY: usize = 4096;

impl ClientError {
    pub fn validation(errors: Vec<Issue>, warnings: Vec<Issue>) -> ClientError {
        ClientError::validation_after(errors, warnings, 0)
    }

    /// A validation error found after `attempts` attempts were sent (a bad token from `getToken`
    /// when it renews one): the message says the request was not sent again, not that nothing was.
    pub fn validation_after(errors: Vec<Issue>, warnings: Vec<Issue>, attempts: u32) -> ClientError {
        let n = errors.len();
        let plural = if n == 1 { "" } else { "s" };
        let count = decimal(n as u64);
        let mut message = if attempts == 0 {
            fill("The request is invalid ({} problem{}); nothing was sent.", &[&count, plural])
        } else {
            let times = if attempts == 1 { "" } else { "s" };
            fill(
                "The call can't go on ({} problem{}); the request was sent {} time{} before, and not again.",
                &[&count, plural, &decimal(u64::from(attempts)), times],
            )
        };
        for issue in errors.iter().take(5) {
            push_all(&mut message, &["\n  ", issue.path.as_str(), ": ", issue.message.as_str()]);
        }
        if n > 5 {
            push_all(&mut message, &["\n  … and ", &decimal((n - 5) as u64), " more in `errors`."]);
        }
        ClientError {
            kind: ErrorKind::Validation,
            message,
            fields: vec![("errors", Issue::list(errors)), ("warnings", Issue::list(warnings))],
        }
    }

    /// The error as the JS driver builds it: `name`, `code`, `message`, then the fields (absent
    /// ones left out).
    pub fn to_value(&self) -> Value {
        self.clone().into_value()
    }

    /// `to_value`, moving the fields rather than cloning them.
    pub fn into_value(self) -> Value {
        let mut all = vec![
            ("name".to_string(), Value::str(self.kind.name())),
            ("code".to_string(), Value::str(self.kind.code())),
            ("message".to_string(), Value::String(self.message)),
        ];
        // Absent fields left out, as `Value::object` does.
        for (k, v) in self.fields {
            if !matches!(v, Value::Undefined) {
                all.push((k.to_string(), v));
            }
        }
        Value::Object(all)
    }

    /// Replaces every occurrence of `secret` in the message and the string fields: a server or a
    /// proxy may echo the Authorization header back in its body.
    pub fn redact(mut self, secret: Option<&str>) -> ClientError {
        let Some(secret) = secret.filter(|s| !s.is_empty()) else { return self };
        self.message = scrub(&self.message, secret);
        for (_, value) in self.fields.iter_mut() {
            redact_value(value, secret);
        }
        self
    }

    /// `detail` says what the platform reported (`ECONNREFUSED`, `Failed to fetch`, …).
    pub fn network(url: &str, detail: &str) -> ClientError {
        ClientError {
            kind: ErrorKind::Network,
            message: fill(
                "Could not reach {} ({}). Check that baseUrl is right and the server is up; in a browser this is also how a CORS refusal looks. The request may not have been sent.",
                &[url, detail],
            ),
            fields: Vec::new(),
        }
    }

    /// `total` says the whole call's budget (`totalTimeoutMs`) ran out, not one attempt's.
    pub fn timeout(timeout_ms: u32, total: bool) -> ClientError {
        let option = if total { "totalTimeoutMs" } else { "timeoutMs" };
        ClientError {
            kind: ErrorKind::Timeout,
            message: fill(
                "No complete response within {} ms ({}). The server may still have acted on the request: check before sending it again, or raise {}.",
                &[&decimal(u64::from(timeout_ms)), option, option],
            ),
            fields: vec![(option, Value::int(i64::from(timeout_ms)))],
        }
    }

    /// A body over the `maxResponseBytes` cap, refused while reading.
    pub fn too_large(status: u16, max_bytes: u32, request_id: Option<&str>) -> ClientError {
        ClientError {
            kind: ErrorKind::Response,
            message: fill(
                "The server answered {} with a body larger than {} bytes (maxResponseBytes); it was not read. A Rainbow answer is never this large: check baseUrl.",
                &[&decimal(u64::from(status)), &decimal(u64::from(max_bytes))],
            ),
            fields: vec![("status", Value::int(i64::from(status))), ("requestId", opt_str(request_id))],
        }
    }

    /// Records what every error says about the call: how many attempts were made, whether the
    /// server may have acted, and the ids that let the server's logs be searched.
    pub fn with_call_facts(mut self, attempts: u32, may_have_been_delivered: bool, correlation_id: Option<&str>) -> ClientError {
        self.fields.push(("attempts", Value::int(i64::from(attempts))));
        self.fields.push(("mayHaveBeenDelivered", Value::Bool(may_have_been_delivered)));
        self.fields.push(("correlationId", opt_str(correlation_id)));
        self
    }

    pub fn aborted() -> ClientError {
        ClientError {
            kind: ErrorKind::Aborted,
            message: "The call was aborted through its signal.".to_string(),
            fields: Vec::new(),
        }
    }

    /// A 2xx whose body is not the success model.
    pub fn response(status: u16, why: &str, body: &str, request_id: Option<&str>) -> ClientError {
        ClientError {
            kind: ErrorKind::Response,
            message: fill(
                "The server answered {} but its body can't be read as the success model ({}). The invitation was probably processed: check the room before sending it again.",
                &[&decimal(u64::from(status)), why],
            ),
            fields: vec![
                ("status", Value::int(i64::from(status))),
                ("body", Value::str(cut(body))),
                ("requestId", opt_str(request_id)),
            ],
        }
    }
}

/// The fields of a Rainbow error body.
#[derive(Debug, Default, PartialEq)]
pub struct ApiFailure {
    pub status: u16,
    pub error_code: Option<i64>,
    pub error_msg: Option<String>,
    pub error_details: Value,
    pub error_details_code: Option<i64>,
    pub request_id: Option<String>,
    /// The raw text, when the body is not a JSON object.
    pub body: Option<String>,
    /// The server's requested wait, when it was too long to honour.
    pub retry_after_ms: Option<u64>,
}

impl From<ApiFailure> for ClientError {
    fn from(f: ApiFailure) -> ClientError {
        let mut message = cat(&["Rainbow answered ", &decimal(u64::from(f.status))]);
        if let Some(msg) = &f.error_msg {
            push_all(&mut message, &[" ", msg.as_str()]);
        }
        if let Some(code) = f.error_details_code {
            push_all(&mut message, &[" (", &signed_decimal(code), ")"]);
        }
        let details = match &f.error_details {
            Value::String(s) if !s.is_empty() => Some(s.as_str()),
            d @ Value::Object(_) => d.get("errorMsg").and_then(Value::as_str),
            _ => None,
        };
        if let Some(d) = details {
            push_all(&mut message, &[": ", &cut(d)]);
        }
        message.push_str(". ");
        match f.retry_after_ms {
            Some(ms) => {
                let (amount, unit) = if ms % 1000 == 0 { (ms / 1000, " s") } else { (ms, " ms") };
                push_all(&mut message, &[
                    "The server asks to wait ",
                    &decimal(amount),
                    unit,
                    " before trying again: more than this call waits by itself (60 s at the most, and within totalTimeoutMs). Try again later.",
                ]);
            }
            None => message.push_str(hint(f.status)),
        }
        if let Some(id) = &f.request_id {
            push_all(&mut message, &[" (request id ", id.as_str(), ")"]);
        }
        let int = |n: Option<i64>| n.map_or(Value::Undefined, Value::int);
        ClientError {
            kind: ErrorKind::Api,
            message,
            fields: vec![
                ("status", Value::int(i64::from(f.status))),
                ("errorCode", int(f.error_code)),
                ("errorMsg", opt_str(f.error_msg.as_deref())),
                ("errorDetails", f.error_details),
                ("errorDetailsCode", int(f.error_details_code)),
                ("requestId", opt_str(f.request_id.as_deref())),
                ("body", f.body.map_or(Value::Undefined, |b| Value::str(cut(&b)))),
                // Any u64 a server sent, written whole: as an i64 a huge one would turn negative.
                ("retryAfterMs", f.retry_after_ms.map_or(Value::Undefined, |ms| Value::Number(decimal(ms)))),
            ],
        }
    }
}

/// What stands in for a secret in errors.
pub const REDACTED: &str = "[redacted]";

/// `s` with every `secret` replaced, and also the start of one that a cut (`…`, see `truncate`)
/// left behind: a kept body can end in the middle of an echoed token.
fn scrub(s: &str, secret: &str) -> String {
    let s = replace_secret(s, secret);
    // Shorter starts say nothing about the secret, and would mask ordinary text.
    let Some(head) = secret.get(..8) else { return s };
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = find(rest, "…", 0) {
        let before = rest.get(..i).unwrap_or("");
        let mut cut_at = None;
        let mut from = 0;
        while let Some(p) = find(before, head, from) {
            if before.get(p..).is_some_and(|tail| secret.starts_with(tail)) {
                cut_at = Some(p);
                break;
            }
            from = p + 1;
        }
        match cut_at {
            Some(p) => push_all(&mut out, &[before.get(..p).unwrap_or(""), REDACTED]),
            None => out.push_str(before),
        }
        out.push('…');
        rest = rest.get(i + '…'.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Secrets shorter than this are only matched as a whole word: a token such as `t` (common
/// against a mock) would otherwise garble every message it appears in.
pub const SHORT_SECRET: usize = 8;

/// `s` with `secret` replaced: every occurrence of a long secret; a short one only where it stands
/// alone, not next to a letter, a digit, `-` or `_`.
pub fn replace_secret(s: &str, secret: &str) -> String {
    if secret.len() >= SHORT_SECRET {
        return replace_all(s, secret, REDACTED);
    }
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80);
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut last, mut from) = (0, 0);
    while let Some(i) = find(s, secret, from) {
        let end = i + secret.len();
        let alone = !word(i.checked_sub(1).and_then(|b| bytes.get(b))) && !word(bytes.get(end));
        if alone {
            push_all(&mut out, &[s.get(last..i).unwrap_or(""), REDACTED]);
            last = end;
        }
        from = if alone { end } else { i + 1 };
    }
    out.push_str(s.get(last..).unwrap_or(""));
    out
}

fn redact_value(v: &mut Value, secret: &str) {
    match v {
        Value::String(s) => *s = scrub(s, secret),
        Value::Array(items) => items.iter_mut().for_each(|i| redact_value(i, secret)),
        Value::Object(entries) => entries.iter_mut().for_each(|(k, i)| {
            *k = scrub(k, secret);
            redact_value(i, secret);
        }),
        _ => {}
    }
}

fn hint(status: u16) -> &'static str {
    match status {
        400 => "Fix the request as the details say.",
        401 => "The token is missing, wrong or expired: get a fresh one from Rainbow's login and pass it as `token`.",
        403 => "The token's user may not do this in this room: check that it is a member, and any quota in errorDetails.",
        404 => "Check that roomId (and confId) name an existing room and conference.",
        409 => "The request conflicts with the room's current state; reload it before trying again.",
        413 => "The request is too large: send fewer recipients per call.",
        429 => "Too many requests: wait before trying again.",
        300..=399 => "The server redirects elsewhere, and a POST is not followed there: set baseUrl to where it points (https:// rather than http://, say).",
        500..=599 => "The server failed; it may or may not have sent the invitations, so check the room before trying again.",
        _ => "See errorDetails.",
    }
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Undefined, Value::str)
}

fn cut(s: &str) -> String {
    truncate(s, MAX_KEPT_BODY)
}

/// `s` cut to `max` characters, with an ellipsis when anything was cut.
pub fn truncate(s: &str, max: usize) -> String {
    let kept = prefix(s, max);
    if kept.len() < s.len() {
        cat(&[kept, "…"])
    } else {
        s.to_string()
    }
}
