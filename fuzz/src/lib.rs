//! Invariants shared by the fuzz targets. Each target feeds the core what a server or a caller
//! could send and checks, beyond "no panic", what the rest of the package relies on.

use rainbow_room_invitations::error::ClientError;
use rainbow_room_invitations::model::{Issue, ROOMS_PATH};
use rainbow_room_invitations::options::is_header_safe;
use rainbow_room_invitations::response::Answer;
use rainbow_room_invitations::validate::{is_object_id, Report};
use rainbow_room_invitations::value::Value;

/// The native tests' helpers: JSON text read and written through serde_json, as the wasm shell
/// reads and writes it with `JSON.parse` and `JSON.stringify`.
#[path = "../../tests/common/mod.rs"]
pub mod common;

/// The token every target uses; it is also in the dictionaries, so the fuzzer learns to echo it.
pub const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.FUZZ-TOKEN-7f3a9c1e5b.sig-Qw3rTy";

/// A fixed "now" for `Retry-After` dates: 2025-01-01T00:00:00Z.
pub const NOW_MS: f64 = 1_735_689_600_000.0;

/// A server's answer as the `response` and `attempt` targets write it (so their corpora stay
/// readable): four lines, then the body's bytes.
///   status            decimal; anything else takes the first two bytes as a number
///   retry-after-ms    empty for none
///   Retry-After       empty for none
///   x-rainbow-request-id   empty for none
///   body…             read as the transport does, invalid UTF-8 replaced; `json` is what
///                     `JSON.parse` makes of it (serde_json here), when it is JSON
pub fn answer(data: &[u8]) -> Answer {
    let (status, retry_after_ms, retry_after, request_id, body) = split(data);
    Answer { status, json: common::parse(&body), text: body, request_id, retry_after_ms, retry_after, location: None }
}

/// The fields of `answer`: status, `retry-after-ms`, `Retry-After`, request id and body.
fn split(data: &[u8]) -> (u16, Option<String>, Option<String>, Option<String>, String) {
    let mut rest = data;
    let mut line = || -> Option<String> {
        let (l, r) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = r;
        Some(String::from_utf8_lossy(l).into_owned()).filter(|s| !s.is_empty())
    };
    let first = line();
    let status = match first.as_deref().map(str::trim).map(str::parse::<u16>) {
        Some(Ok(s)) => s,
        _ => u16::from_le_bytes([data.first().copied().unwrap_or(0), data.get(1).copied().unwrap_or(0)]),
    };
    let (ms, after, id) = (line(), line(), line());
    (status, ms, after, id, String::from_utf8_lossy(rest).into_owned())
}

pub const ISSUE_CODES: &[&str] = &[
    "required", "invalid_type", "invalid_value", "invalid_id", "invalid_email", "invalid_lang", "invalid_string",
    "unknown_field", "no_recipients", "invalid_option", "duplicate", "ignored_field",
];

/// Every string in a value (keys included).
pub fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(entries) => entries.iter().for_each(|(k, v)| {
            out.push(k);
            strings(v, out);
        }),
        _ => {}
    }
}

/// The token is nowhere in a redacted error: not in its message, not in any field.
pub fn assert_no_token(e: &ClientError, token: &str) {
    assert!(!e.message.contains(token), "token in message: {:?}", e.message);
    for (name, value) in &e.fields {
        let mut all = Vec::new();
        strings(value, &mut all);
        for s in all {
            assert!(!s.contains(token), "token in field {name}: {s:?}");
        }
    }
}

pub fn assert_issues(list: &[Issue]) {
    for i in list {
        assert!(!i.message.trim().is_empty(), "issue without a message at {:?}", i.path);
        assert!(ISSUE_CODES.contains(&i.code.as_str()));
        // Paths are shown to people and cut to a sane length; a 10 MB key must not come back whole.
        assert!(i.path.chars().count() <= 200, "issue path too long: {} chars", i.path.chars().count());
    }
}

/// A value written as JSON parses back to itself (for values JSON can hold).
pub fn assert_round_trip(v: &Value) {
    let text = common::to_json(v);
    let back = common::parse(&text).unwrap_or_else(|| panic!("a value written as unparseable JSON: {text:?}"));
    assert_eq!(&back, v, "JSON round trip changed the value: {text:?}");
}

/// What `validate` promises about a report, whatever the input.
pub fn assert_report(report: &Report, room_id: &Value) {
    assert_issues(&report.errors);
    assert_issues(&report.warnings);
    assert_eq!(report.is_valid(), report.request.is_some(), "valid exactly when a request is produced: {report:?}");
    if let Some(req) = &report.request {
        // Nothing but a 24-hex room id can reach the path.
        let room = room_id.as_str().expect("a valid report has a string room id");
        assert!(is_object_id(room), "room id {room:?} accepted");
        assert!(req.path.starts_with(ROOMS_PATH) && req.path[ROOMS_PATH.len()..].starts_with(room));
        assert!(req.path.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'.'), "odd path {:?}", req.path);
        assert!(matches!(req.body, Value::Object(_)));
        assert_round_trip(&req.body);
    }
    // The `ValidationResult` handed to JS.
    let v = common::json(&common::to_json(report));
    assert_eq!(v.get("valid"), Some(&Value::Bool(report.is_valid())));
    assert_eq!(v.get("path").and_then(Value::as_str), report.request.as_ref().map(|r| r.path.as_str()));
}

/// Request headers can't be split: no CR, LF, NUL or other control character in any value.
pub fn assert_headers_safe(headers: &[(String, String)]) {
    for (name, value) in headers {
        assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()), "bad header name {name:?}");
        assert!(is_header_safe(value), "unsafe value for header {name}: {value:?}");
    }
}
