//! Bytes read as JSON, as a server's body or a caller's request: the parser never panics, what it
//! parses writes back to the same value, and a parsed document validated as
//! `[roomId, body, options]` (or as a body alone) keeps every validation invariant.
//! The first byte picks the operation: `c` for a cancellation, anything else an invitation.
//! The bytes are also read as UTF-8 by `text::utf8`, which must agree with core's `from_utf8`:
//! the wasm build trusts its verdict (`from_utf8_unchecked`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rainbow_room_invitations::json::{self, Value};
use rainbow_room_invitations::model::Operation;
use rainbow_room_invitations::{request, text, validate};
use rainbow_room_invitations_fuzz::{assert_headers_safe, assert_report, assert_round_trip};

const ROOM: &str = "56f42c1914e2a8a91b99e595";

fuzz_target!(|data: &[u8]| {
    let op = if data.first() == Some(&b'c') { Operation::Cancel } else { Operation::Invite };
    assert_eq!(text::utf8(data), std::str::from_utf8(data).ok(), "utf8 disagrees with core on {data:x?}");
    let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    let Ok(v) = json::parse(&text) else { return };
    assert_round_trip(&v);

    let (room_id, body, options) = match &v {
        Value::Array(items) if (1..=3).contains(&items.len()) => {
            let at = |i: usize| items.get(i).cloned().unwrap_or(Value::Undefined);
            (at(0), at(1), at(2))
        }
        _ => (Value::str(ROOM), v.clone(), Value::Undefined),
    };
    let report = validate::validate(op, &room_id, &body);
    assert_report(&report, &room_id);
    if let Some(req) = &report.request {
        let again = validate::validate(op, &room_id, &req.body);
        assert!(again.errors.is_empty() && again.warnings.is_empty(), "re-validation complained: {again:?}");
        assert_eq!(again.request.as_ref().map(|r| &r.body), Some(&req.body));
    }
    let (checked, config) = request::check(op, &room_id, &body, &options, "http://localhost");
    assert_report(&checked, &room_id);
    if let Some(config) = config {
        assert_headers_safe(&config.request_headers(config.token.as_deref(), Some("corr-1")));
    }
});
