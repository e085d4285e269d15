//! Every way a call can fail, each with a stable name and code, a message a person can act on,
//! and the fields the JS error carries. The boundary adds only what the core can't hold: the
//! `cause` of a network failure and the `reason` of an abort.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::{Issue, IssueCode};
use crate::validate::truncate;
use crate::value::Value;

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
    pub const ALL: [ErrorKind; 6] = [ErrorKind::Validation, ErrorKind::Api, ErrorKind::Network, ErrorKind::Timeout, ErrorKind::Aborted, ErrorKind::Response];

    /// The name of the JS class the error is an instance of. The classes, with their codes and
    /// fields, are defined once, in `pkg-template/errors.js` (`tests/core_errors.rs` holds this
    /// list to it).
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
}

/// A failed call. `fields` become own properties of the JS error, beside `name` and `code` (which
/// its class gives).
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
        let mut message = if attempts == 0 {
            cat!("The request is invalid ({} problem{}); nothing was sent.", n, plural)
        } else {
            let times = if attempts == 1 { "" } else { "s" };
            cat!("The call can't go on ({} problem{}); the request was sent {} time{} before, and not again.", n, plural, attempts, times)
        };
        for issue in errors.iter().take(5) {
            put!(message, "\n  {}: {}", issue.path, issue.message);
        }
        if n > 5 {
            put!(message, "\n  … and {} more in `errors`.", n - 5);
        }
        ClientError { kind: ErrorKind::Validation, message, fields: vec![("errors", Issue::list(errors)), ("warnings", Issue::list(warnings))] }
    }

    /// A validation error of one option, found while the call runs (`getToken`'s answer).
    pub fn bad_option(path: &str, message: String, attempts: u32) -> ClientError {
        ClientError::validation_after(vec![Issue::new(path, IssueCode::InvalidOption, message)], Vec::new(), attempts)
    }

    /// The error's present fields as one `Value` object (what its `Serialize` writes), moved.
    pub fn into_fields_value(self) -> Value {
        Value::object(self.fields)
    }

    /// A field of the error, if it has one.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v)
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

    /// `detail` says what the platform reported (`ECONNREFUSED`, `Failed to fetch`, …); `code` is
    /// Node's code for it, if any (browsers give none), and `delivered` whether the request may
    /// have reached the server, which the message says as the error's `mayHaveBeenDelivered` does.
    pub fn network(url: &str, detail: &str, code: Option<&str>, delivered: bool) -> ClientError {
        // An earlier attempt may have reached the server, even when this one failed before sending.
        let sent = if delivered {
            "The request may have reached the server: check before sending it again."
        } else {
            "Nothing was sent."
        };
        let message = if code.is_some_and(crate::retry::tls_failed) {
            cat!("Could not open a secure connection to {} ({}): the server may speak plain http (then write http:// in baseUrl), or its certificate is not one this platform trusts. {}", url, detail, sent)
        } else {
            let cors = if code.is_none() { " In a browser this is also how a refusal by CORS looks." } else { "" };
            cat!("Could not reach {} ({}). Check that baseUrl is right and the server is up.{} {}", url, detail, cors, sent)
        };
        ClientError { kind: ErrorKind::Network, message, fields: Vec::new() }
    }

    /// The server answered `status`, but its body broke off before its end (a reset, a body that
    /// fails to decompress): the request reached it.
    pub fn broke_off(url: &str, status: u16, detail: &str) -> ClientError {
        ClientError {
            kind: ErrorKind::Network,
            message: cat!("The server at {} answered {}, but its answer broke off before the end ({}). The request may have reached the server: check before sending it again.", url, u64::from(status), detail),
            fields: Vec::new(),
        }
    }

    /// The server answered with a redirect that the platform keeps opaque (a browser's fetch with
    /// `redirect: 'manual'`, Node's with `redirect: 'error'`), which a POST does not follow: it
    /// would send the invitation to another address. Where it points and its status can't be
    /// read, and a 303 is what a server answers after acting; a redirect that can be read is an
    /// answer (`ApiFailure`, with its `location`).
    pub fn redirected(url: &str) -> ClientError {
        ClientError {
            kind: ErrorKind::Network,
            message: cat!("The server at {} redirected the request elsewhere, and a POST is not followed to another address: set baseUrl to where it points (often the https:// form of the same host), and check before sending it again: a 303 is answered after acting.", url),
            fields: Vec::new(),
        }
    }

    /// `total` says the whole call's budget (`totalTimeoutMs`) ran out, not one attempt's;
    /// `delivered`, whether the request may have reached the server (not so while the call waited
    /// for `getToken`, or for a retry after an answer that says it did nothing).
    pub fn timeout(timeout_ms: u32, total: bool, delivered: bool) -> ClientError {
        let option = if total { "totalTimeoutMs" } else { "timeoutMs" };
        ClientError {
            kind: ErrorKind::Timeout,
            message: cat!("No complete response within {} ms ({}). {}, or raise {}.", timeout_ms, option, acted(delivered), option),
            fields: vec![(option, Value::int(i64::from(timeout_ms)))],
        }
    }

    /// A body over the `maxResponseBytes` cap, refused while reading.
    pub fn too_large(status: u16, max_bytes: u32, request_id: Option<&str>) -> ClientError {
        // As a `u64`: the one unsigned formatter the build links (see `value::int_text`).
        let shown = u64::from(status);
        ClientError {
            kind: ErrorKind::Response,
            message: cat!("The server answered {} with a body larger than {} bytes (maxResponseBytes); it was not read. A Rainbow answer is never this large: check baseUrl.", shown, max_bytes),
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

    /// The caller's signal came from `AbortSignal.timeout(ms)`, and fired.
    pub fn signal_timed_out(delivered: bool) -> ClientError {
        ClientError {
            kind: ErrorKind::Timeout,
            message: cat!("The call's signal timed out (AbortSignal.timeout) before a complete response came. {}, or raise the signal's time.", acted(delivered)),
            fields: Vec::new(),
        }
    }

    /// The caller aborted; `delivered` as for a timeout, which the message says too.
    pub fn aborted(delivered: bool) -> ClientError {
        ClientError {
            kind: ErrorKind::Aborted,
            message: cat!("The call was aborted through its signal. {}.", acted(delivered)),
            fields: Vec::new(),
        }
    }

    /// A 2xx whose body is not the success model.
    pub fn response(status: u16, why: &str, body: &str, request_id: Option<&str>) -> ClientError {
        // As a `u64`: the one unsigned formatter the build links (see `value::int_text`).
        let shown = u64::from(status);
        ClientError {
            kind: ErrorKind::Response,
            message: cat!("The server answered {} but its body can't be read as the success model ({}). The request was probably processed: check the room before sending it again.", shown, why),
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
    /// Where a redirect points.
    pub location: Option<String>,
    /// The call knows that the server did not act (a 503 that said when to come back), which the
    /// message of a 5xx says.
    pub not_acted: bool,
    /// The token came from the caller's `getToken`, which a 401's message points to.
    pub from_get_token: bool,
}

impl From<ApiFailure> for ClientError {
    fn from(f: ApiFailure) -> ClientError {
        let mut message = cat!("Rainbow answered {}", u64::from(f.status));
        if let Some(msg) = &f.error_msg {
            put!(message, " {}", msg);
        }
        if let Some(code) = f.error_details_code {
            put!(message, " ({})", crate::value::int_text(code));
        }
        let details = match &f.error_details {
            Value::String(s) if !s.is_empty() => Some(s.as_str()),
            d @ Value::Object(_) => d.get("errorMsg").and_then(Value::as_str),
            _ => None,
        };
        if let Some(d) = details {
            put!(message, ": {}", cut(d));
        }
        message.push_str(". ");
        match f.retry_after_ms {
            Some(ms) => {
                // `u64::MAX` stands for a wait whose digits overflow (see `retry::whole`).
                let (amount, unit) = if ms % 1000 == 0 { (ms / 1000, "s") } else { (ms, "ms") };
                if ms == u64::MAX {
                    message.push_str("The server asks to wait longer than can be counted");
                } else {
                    put!(message, "The server asks to wait {} {}", amount, unit);
                }
                message.push_str(" before trying again: more than this call waits by itself (60 s at the most, and within totalTimeoutMs). Try again later.");
            }
            None => {
                // A 404 that is not Rainbow's JSON comes from another server: most likely a
                // `baseUrl` left out in a browser (the page's own server) or a wrong path prefix.
                message.push_str(match (f.status, &f.body) {
                    (404, Some(_)) => "The answer is not Rainbow's JSON: check that baseUrl is Rainbow's server (in a browser it defaults to the page's own), then roomId.",
                    _ => hint(&f),
                });
                if let Some(location) = f.location.as_deref().filter(|_| (300..400).contains(&f.status)) {
                    put!(message, " It points to {}.", truncate(location, 200));
                }
            }
        }
        if let Some(id) = &f.request_id {
            put!(message, " (request id {})", id);
        }
        let int = |n: Option<i64>| n.map_or(Value::Undefined, Value::int);
        let owned = |s: Option<String>| s.map_or(Value::Undefined, Value::String);
        ClientError {
            kind: ErrorKind::Api,
            message,
            fields: vec![
                ("status", Value::int(i64::from(f.status))),
                ("errorCode", int(f.error_code)),
                ("errorMsg", owned(f.error_msg)),
                ("errorDetails", f.error_details),
                ("errorDetailsCode", int(f.error_details_code)),
                ("requestId", owned(f.request_id)),
                ("body", f.body.map_or(Value::Undefined, |b| Value::str(cut(&b)))),
                ("retryAfterMs", f.retry_after_ms.map_or(Value::Undefined, |ms| Value::Number(ms as f64))),
                ("location", owned(f.location)),
            ],
        }
    }
}

/// What stands in for a secret in errors.
pub const REDACTED: &str = "[redacted]";

/// `s` with every `secret` replaced, and also what is left of one that was cut, wherever it stands:
/// its first 8 characters or more. A server can echo a token cut short, and a kept body can end
/// in the middle of one where the package cut it (`…`, see `truncate`). A short secret is replaced
/// only where it stands alone (see `mark_short`). `secret` may hold several, one per line (a
/// token can't hold a line break): the tokens a call sent, say. What they cover is found first and
/// replaced after, one mark for each stretch: runs of two tokens that overlap (two JWTs start
/// alike) or follow each other leave nothing of either.
pub fn scrub(s: &str, secret: &str) -> String {
    let mut hidden = vec![false; s.len()];
    for secret in crate::search::split(secret, b'\n').filter(|t| !t.is_empty()) {
        if secret.len() < SHORT_SECRET {
            mark_short(s, secret, &mut hidden);
            continue;
        }
        // What follows each '.' too: a JWT's first part is the same in most tokens, so a run of
        // its payload or its signature is a secret of its own.
        let mut rest = secret;
        while rest.len() >= SHORT_SECRET {
            mark_runs(s, rest, &mut hidden);
            let Some(dot) = rest.bytes().position(|b| b == b'.') else { break };
            rest = rest.get(dot + 1..).unwrap_or("");
        }
    }
    let mut out = String::with_capacity(s.len());
    let (mut kept_from, mut at) = (0, 0);
    while at < s.len() {
        if hidden.get(at) == Some(&true) {
            out.push_str(s.get(kept_from..at).unwrap_or(""));
            out.push_str(REDACTED);
            while hidden.get(at) == Some(&true) {
                at += 1;
            }
            kept_from = at;
        } else {
            at += 1;
        }
    }
    out.push_str(s.get(kept_from..).unwrap_or(""));
    out
}

/// Marks in `hidden` every run of `secret`'s first 8 characters or more in `s`. (Runs start and
/// end on character boundaries: at a match of the head, and after whole characters.)
fn mark_runs(s: &str, secret: &str, hidden: &mut [bool]) {
    // Shorter starts say nothing about the secret, and would mask ordinary text. (Whole, if its
    // first 8 bytes end inside a character.)
    let head = secret.get(..SHORT_SECRET).unwrap_or(secret);
    for at in crate::search::matches(s, head) {
        let tail = s.get(at..).unwrap_or("");
        let kept: usize = tail.chars().zip(secret.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
        if let Some(h) = hidden.get_mut(at..at + kept) {
            h.fill(true);
        }
    }
}

/// Secrets shorter than this are only matched as a whole word: a token such as `t` (common
/// against a mock) would otherwise garble every message it appears in.
pub const SHORT_SECRET: usize = 8;

/// Marks a short `secret` where it stands alone: not next to a letter, a digit, `-` or `_`, nor
/// joined to a word by an apostrophe (the `t` of "can't", the `s` of "Rainbow's" in the
/// package's own texts).
fn mark_short(s: &str, secret: &str, hidden: &mut [bool]) {
    // The byte at `j`, a space outside `s`.
    let at = |j: usize| s.as_bytes().get(j).copied().unwrap_or(b' ');
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80;
    // `next` is a word's byte, or an apostrophe with a word's byte `beyond` it.
    let joined = |next: u8, beyond: u8| word(next) || (next == b'\'' && word(beyond));
    // Non-overlapping matches, left to right; one joined to a word is kept.
    for i in crate::search::matches(s, secret) {
        let end = i + secret.len();
        if !joined(at(i.wrapping_sub(1)), at(i.wrapping_sub(2))) && !joined(at(end), at(end + 1)) {
            if let Some(h) = hidden.get_mut(i..end) {
                h.fill(true);
            }
        }
    }
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

/// What a timeout's or an abort's message says of the request.
fn acted(delivered: bool) -> &'static str {
    if delivered {
        "The server may still have acted on the request: check before sending it again"
    } else {
        "The server did not act on the request: send it again"
    }
}

fn hint(f: &ApiFailure) -> &'static str {
    match f.status {
        400 => "Fix the request as the details say.",
        401 if f.from_get_token => "The token is wrong or expired: getToken must give a fresh one.",
        401 => "The token is missing, wrong or expired: get a fresh one from Rainbow's login and pass it as `token`.",
        403 => "The token's user may not do this in this room: check that it is a member, and any quota in errorDetails.",
        404 => "Check that roomId (and confId) name an existing room and conference.",
        409 => "The request conflicts with the room's current state; reload it before trying again.",
        413 => "The request is too large: send fewer recipients per call.",
        429 => "Too many requests: wait before trying again.",
        303 => "The server acted on the request (see `location`): check the room before sending it again.",
        301 | 302 | 307 | 308 => "The server redirects elsewhere (see `location`), and a POST is not followed there: set baseUrl to where it points (https:// rather than http://, say).",
        500..=599 if f.not_acted => "The server did not act on the request: send it again later.",
        500..=599 => "The server failed; it may or may not have sent the invitations, so check the room before trying again.",
        // Another status: point to what the answer holds, if anything.
        _ if !f.error_details.is_absent() => "See errorDetails.",
        _ if f.body.is_some() => "See body.",
        _ => "Check the request and baseUrl.",
    }
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Undefined, Value::str)
}

fn cut(s: &str) -> String {
    truncate(s, MAX_KEPT_BODY)
}

/// The error's fields as a JS object: `name`, `code` and `message` are the class's and the
/// constructor's, so they are not among them; absent fields are left out.
impl Serialize for ClientError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let present = || self.fields.iter().filter(|(_, v)| !matches!(v, Value::Undefined));
        let mut map = s.serialize_map(Some(present().count()))?;
        for (k, v) in present() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
