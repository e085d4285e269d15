//! The end of one attempt, as the wasm shell asks about it (`attempt::answered` and
//! `attempt::not_answered`): whatever the server or the platform sends, nothing panics, a POST
//! is sent again only within the retry budget and never after a wait the server did not ask
//! for or the call can't afford, and every rejection carries its call facts without the token.
//!
//! Input:
//!   byte 0            the call: bits 0-1 attempts - 1, bits 2-3 maxRetries, bit 4 renewed,
//!                     bit 5 delivered, bit 6 can renew (a `getToken`); so `H` is a first attempt
//!                     of two retries with a `getToken`, `h` the same once delivered
//!   byte 1            the clock: jitter = byte / 255; bits 0-2 pick what is left of
//!                     totalTimeoutMs (` ` none, `#` 250 ms, `%` 30000.5 ms: see LEFT_MS)
//!   the rest          the server's answer as the `response` target reads it (see `answer`); for
//!                     `not_answered`, the request-id line is the platform's code and the body the
//!                     platform's detail
#![no_main]

use libfuzzer_sys::fuzz_target;
use rainbow_room_invitations::attempt::{self, Call, Next};
use rainbow_room_invitations::error::{ClientError, ErrorKind};
use rainbow_room_invitations::response;
use rainbow_room_invitations::retry::{self, BACKOFF_MAX_MS, MAX_RETRY_AFTER_MS, NOT_SENT_CODES};
use rainbow_room_invitations::value::Value;
use rainbow_room_invitations_fuzz::{answer, assert_no_token, NOW_MS, TOKEN};

const CORRELATION_ID: &str = "corr-fuzz-1";
const URL: &str = "https://openrainbow.example/api/rainbow/enduser/v1.0/rooms/56f42c1914e2a8a91b99e595/invitations";

/// What is left of totalTimeoutMs, by the clock byte's low three bits: around the waits a server
/// asks for (250 ms and 1 s in the corpus, 60 s at the most) and the backoff's (375 ms to 8 s).
const LEFT_MS: [Option<f64>; 8] =
    [None, Some(0.0), Some(1.0), Some(250.0), Some(2_000.0), Some(30_000.5), Some(60_000.0), Some(1e12)];

fn call(data: &[u8]) -> Call<'static> {
    let flags = data.first().copied().unwrap_or(0);
    let clock = data.get(1).copied().unwrap_or(0);
    Call {
        attempts: 1 + u32::from(flags & 3),
        max_retries: u32::from((flags >> 2) & 3),
        renewed: flags & 0x10 != 0,
        delivered: flags & 0x20 != 0,
        can_renew: flags & 0x40 != 0,
        left_ms: LEFT_MS[usize::from(clock & 7)],
        jitter: f64::from(clock) / 255.0,
        now_ms: NOW_MS,
        tokens: Some(TOKEN),
        correlation_id: Some(CORRELATION_ID),
    }
}

/// What every rejection carries, whatever the attempt: returns `mayHaveBeenDelivered`.
fn check_fail(e: &ClientError, call: &Call) -> bool {
    assert!(!e.message.trim().is_empty(), "an error without a message: {e:?}");
    assert_eq!(e.field("attempts").and_then(Value::as_i64), Some(i64::from(call.attempts)), "attempts field");
    assert_eq!(e.field("correlationId"), Some(&Value::str(CORRELATION_ID)), "correlationId field");
    assert_no_token(e, TOKEN);
    let Some(&Value::Bool(delivered)) = e.field("mayHaveBeenDelivered") else {
        panic!("mayHaveBeenDelivered is not a boolean: {e:?}")
    };
    // Once an earlier attempt may have reached the server, no later one can say otherwise.
    assert!(delivered || !call.delivered, "mayHaveBeenDelivered false after a delivered attempt");
    delivered
}

/// What every retry promises, whatever the attempt.
fn check_retry(call: &Call, delay_ms: u64, renew_token: bool, delivered: bool, why: &str) {
    assert!(call.attempts <= call.max_retries, "retry after attempt {} of {} retries", call.attempts, call.max_retries);
    assert!(delay_ms <= MAX_RETRY_AFTER_MS, "retry after {delay_ms} ms");
    assert!(!renew_token || (call.can_renew && !call.renewed), "token renewed without getToken or twice");
    assert!(!renew_token || delay_ms == 0, "a new token waits {delay_ms} ms");
    // Only an attempt the server provably did not act on is sent again: it adds no delivery.
    assert_eq!(delivered, call.delivered, "a retry changed `delivered`");
    assert!(!why.trim().is_empty(), "a retry without a reason");
}

fuzz_target!(|data: &[u8]| {
    let call = call(data);
    let answer = answer(data.get(2..).unwrap_or_default());
    let status = answer.status;
    let (ms, after, id) = (answer.retry_after_ms.as_deref(), answer.retry_after.as_deref(), answer.request_id.as_deref());
    let success = (200..300).contains(&status);

    match attempt::answered(&call, answer.clone()) {
        Next::Done(v) => {
            assert!(success, "success from status {status}");
            assert_eq!(Ok(v), response::read(answer.clone()), "Done is not the read body");
        }
        Next::Retry { delay_ms, renew_token, delivered, why } => {
            assert!(!success, "status {status} retried");
            assert!(matches!(status, 401 | 429 | 503), "status {status} retried");
            check_retry(&call, delay_ms, renew_token, delivered, &why);
            assert!(!renew_token || (status == 401 && response::token_expired(answer.json.as_ref())), "token renewed for status {status}");
            if !renew_token {
                if let Some(wait) = retry::server_delay_ms(ms, after, NOW_MS) {
                    assert_eq!(delay_ms, wait, "not the server's wait");
                    // A server's wait is slept only when the call's budget outlasts it.
                    if let Some(left) = call.left_ms {
                        assert!((delay_ms as f64) < left, "waits {delay_ms} ms with {left} ms left");
                    }
                }
            }
        }
        Next::Fail(e) => {
            let delivered = check_fail(&e, &call);
            assert_eq!(e.kind, if success { ErrorKind::Response } else { ErrorKind::Api }, "status {status}");
            assert!(delivered || !success, "a 2xx reported as not delivered");
            assert_eq!(e.field("status").and_then(Value::as_i64), Some(i64::from(status)), "status field");
            // A server's wait is reported only when it was too long to honour.
            if let Some(wait) = e.field("retryAfterMs").filter(|v| !v.is_absent()) {
                // Any u64 the server sent, as the nearest JS number: whole, never negative.
                let wait = match *wait {
                    Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => n,
                    ref other => panic!("retryAfterMs {other:?}: not a whole, non-negative number"),
                };
                assert!(matches!(status, 429 | 503), "retryAfterMs on status {status}");
                let too_long = wait > MAX_RETRY_AFTER_MS as f64 || call.left_ms.is_some_and(|left| wait >= left);
                assert!(too_long, "retryAfterMs {wait} reported with {:?} ms left", call.left_ms);
            }
        }
    }

    // No answer at all: the request-id line stands for the platform's code, the body its detail.
    let code = id;
    match attempt::not_answered(&call, URL, &answer.text, code) {
        Next::Done(v) => panic!("no answer read as a success: {v:?}"),
        Next::Retry { delay_ms, renew_token, delivered, why } => {
            check_retry(&call, delay_ms, renew_token, delivered, &why);
            assert!(code.is_some_and(|c| NOT_SENT_CODES.contains(&c)), "retried after {code:?}, which may have sent the request");
            assert!(!renew_token, "a network failure renewed the token");
            assert!(delay_ms <= BACKOFF_MAX_MS, "backoff of {delay_ms} ms");
        }
        Next::Fail(e) => {
            let delivered = check_fail(&e, &call);
            assert_eq!(e.kind, ErrorKind::Network);
            // README "Retries": a refused connection, a failed lookup, a TLS handshake that failed
            // and a port fetch refuses to use sent nothing.
            let sent = !code.is_some_and(|c| NOT_SENT_CODES.contains(&c) || retry::tls_failed(c) || c == retry::BAD_PORT);
            assert_eq!(delivered, call.delivered || sent, "mayHaveBeenDelivered after {code:?}");
        }
    }
});
