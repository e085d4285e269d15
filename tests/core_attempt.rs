//! README "Retries": what the end of one attempt means for the call (`attempt::answered` and
//! `attempt::not_answered`) — the success, another attempt after a wait, or the error to reject
//! with, its call facts set and the token scrubbed.

mod common;

use common::{answer, json, to_json};
use rainbow_room_invitations::attempt::{self, not_answered, Call, Next};
use rainbow_room_invitations::error::{ClientError, ErrorKind};
use rainbow_room_invitations::response::Answer;
use rainbow_room_invitations::value::Value;

const URL: &str = "https://rainbow.test/api/rainbow/enduser/v1.0/rooms/56f42c1914e2a8a91b99e595/invitations";
const TOKEN: &str = "secret-token-0123456789";

/// The first attempt of a call with the default two retries, no getToken, no totalTimeoutMs.
fn first() -> Call<'static> {
    Call { attempts: 1, max_retries: 2, jitter: 0.0, tokens: Some(TOKEN), correlation_id: Some("corr-1"), ..Call::default() }
}

fn status(call: &Call, status: u16, body: &str) -> Next {
    attempt::answered(call, answer(status, body))
}

/// `attempt::answered` for an answer with these headers: `x-rainbow-request-id`,
/// `retry-after-ms` and `Retry-After`.
fn answered(call: &Call, status: u16, body: &str, request_id: Option<&str>, retry_after_ms: Option<&str>, retry_after: Option<&str>) -> Next {
    let headers = Answer {
        request_id: request_id.map(String::from),
        retry_after_ms: retry_after_ms.map(String::from),
        retry_after: retry_after.map(String::from),
        ..answer(status, body)
    };
    attempt::answered(call, headers)
}

fn failure(next: Next) -> ClientError {
    match next {
        Next::Fail(e) => {
            assert!(!e.message.trim().is_empty(), "an empty message: {e:?}");
            e
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn field<'a>(error: &'a ClientError, name: &str) -> &'a Value {
    error.field(name).unwrap_or_else(|| panic!("no field {name} in {error:?}"))
}

fn delivered(error: &ClientError) -> &Value {
    field(error, "mayHaveBeenDelivered")
}

// ---- success ----------------------------------------------------------------------------------

#[test]
fn a_2xx_with_the_success_model_is_done() {
    let body = r#"{"data":{"scenario":"chat","status":"Invitations successfully sent","invalidUsers":"abc, def"}}"#;
    let expected = json(r#"{"data":{"scenario":"chat","status":"Invitations successfully sent","guestEmails":[],"invalidUsers":["abc","def"]}}"#);
    assert_eq!(answered(&first(), 200, body, Some("r-1"), None, None), Next::Done(expected));
    // Whatever the attempt and the call's history: a success is a success.
    let late = Call { attempts: 3, delivered: true, renewed: true, ..first() };
    assert_eq!(answered(&late, 201, "{}", None, None, None), Next::Done(json(r#"{"data":{"guestEmails":[],"invalidUsers":[]}}"#)));
}

#[test]
fn a_2xx_that_is_not_the_model_fails_as_delivered() {
    let e = failure(status(&first(), 200, "[1,2]"));
    assert_eq!(e.kind, ErrorKind::Response);
    assert_eq!(field(&e, "status"), &Value::int(200));
    assert_eq!(field(&e, "attempts"), &Value::int(1));
    assert_eq!(delivered(&e), &Value::Bool(true));
    assert_eq!(field(&e, "correlationId"), &Value::str("corr-1"));
}

// ---- 429 and 503 ------------------------------------------------------------------------------

#[test]
fn a_429_without_a_wait_backs_off_with_jitter() {
    for (jitter, delay_ms) in [(0.0, 375), (0.5, 437), (0.999, 499), (1.0, 500)] {
        let call = Call { jitter, ..first() };
        let expected = Next::Retry { delay_ms, renew_token: false, delivered: false, why: "status 429".to_string() };
        assert_eq!(status(&call, 429, ""), expected, "jitter {jitter}");
    }
    for i in 0..=20 {
        let call = Call { jitter: f64::from(i) / 20.0, ..first() };
        match status(&call, 429, r#"{"errorCode":429}"#) {
            Next::Retry { delay_ms, .. } => assert!((375..=500).contains(&delay_ms), "attempt 1 waits {delay_ms} ms"),
            other => panic!("a 429 on attempt 1 of 3 is retried, got {other:?}"),
        }
    }
    // The second attempt's backoff doubles.
    let second = Call { attempts: 2, jitter: 1.0, ..first() };
    assert_eq!(status(&second, 429, ""), Next::Retry { delay_ms: 1000, renew_token: false, delivered: false, why: "status 429".to_string() });
}

#[test]
fn a_server_wait_within_a_minute_is_honoured() {
    let call = first();
    let retry = |delay_ms| Next::Retry { delay_ms, renew_token: false, delivered: false, why: "status 503".to_string() };
    assert_eq!(answered(&call, 503, "", None, Some("1500"), None), retry(1500));
    assert_eq!(answered(&call, 503, "", None, None, Some("2")), retry(2000));
    assert_eq!(answered(&call, 503, "", None, Some("60000"), None), retry(60_000));
}

#[test]
fn a_server_wait_over_a_minute_fails_with_retry_after_ms() {
    let e = failure(answered(&first(), 503, "", Some("r-9"), Some("60001"), None));
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(field(&e, "status"), &Value::int(503));
    assert_eq!(field(&e, "retryAfterMs"), &Value::int(60_001));
    assert_eq!(field(&e, "requestId"), &Value::str("r-9"));
    // A 503 that says when to come back is a refusal: nothing was processed.
    assert_eq!(delivered(&e), &Value::Bool(false));
    assert!(e.message.contains("60001 ms"), "{}", e.message);

    let e = failure(answered(&first(), 429, "", None, None, Some("120")));
    assert_eq!(field(&e, "retryAfterMs"), &Value::int(120_000));
    assert!(e.message.contains("120 s"), "{}", e.message);
}

#[test]
fn a_wait_too_large_for_an_i64_is_reported_whole() {
    let e = failure(answered(&first(), 429, "", None, Some("18446744073709551614"), None));
    // The field is a JS number, the double nearest to the header's digits; the message keeps them whole.
    assert_eq!(field(&e, "retryAfterMs"), &Value::Number(18_446_744_073_709_551_614_u64 as f64));
    assert!(e.message.contains("wait 18446744073709551614 ms before"), "{}", e.message);
    // Longer still: as long as a wait can be, not a 429 without a wait (retried after a backoff),
    // and the message doesn't give a number the server never said.
    for (ms, secs) in [(Some("99999999999999999999"), None), (None, Some("99999999999999999999")), (None, Some("18446744073709552"))] {
        let e = failure(answered(&first(), 429, "", None, ms, secs));
        assert_eq!(field(&e, "retryAfterMs"), &Value::Number(u64::MAX as f64));
        assert!(e.message.contains("The server asks to wait longer than can be counted before trying again"), "{}", e.message);
        assert!(!e.message.contains("18446744073709551615"), "{}", e.message);
    }
}

#[test]
fn a_server_wait_past_the_total_timeout_fails_at_once() {
    let call = Call { left_ms: Some(1000.0), ..first() };
    let e = failure(answered(&call, 429, "", None, Some("1000"), None));
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(field(&e, "retryAfterMs"), &Value::int(1000));
    assert_eq!(delivered(&e), &Value::Bool(false));
    let e = failure(answered(&call, 503, "", None, None, Some("5")));
    assert_eq!(field(&e, "retryAfterMs"), &Value::int(5000));

    // Just under what is left: waited for.
    let call = Call { left_ms: Some(1000.5), ..first() };
    assert_eq!(
        answered(&call, 429, "", None, Some("1000"), None),
        Next::Retry { delay_ms: 1000, renew_token: false, delivered: false, why: "status 429".to_string() }
    );
    // The client's own backoff past what is left fails at once too, with the answer rather than
    // a timeout later, but it is not reported as the server's wait.
    let call = Call { left_ms: Some(1.0), ..first() };
    let e = failure(status(&call, 429, ""));
    assert_eq!((e.kind, field(&e, "status")), (ErrorKind::Api, &Value::int(429)));
    assert_eq!(field(&e, "retryAfterMs"), &Value::Undefined);
    // Nor is a wait header that can't be read: the backoff it falls back to is not the server's.
    let e = failure(answered(&call, 429, "", None, Some("soon"), Some("next tuesday")));
    assert_eq!(field(&e, "retryAfterMs"), &Value::Undefined);
    // Within what is left, the backoff is slept.
    let call = Call { left_ms: Some(376.0), ..first() };
    assert_eq!(status(&call, 429, ""), Next::Retry { delay_ms: 375, renew_token: false, delivered: false, why: "status 429".to_string() });
    // Nor is a new token for an expired one, even when the 401 carries a Retry-After.
    let renewing = Call { can_renew: true, left_ms: Some(0.0), ..first() };
    assert_eq!(
        answered(&renewing, 401, EXPIRED, None, None, Some("0")),
        Next::Retry { delay_ms: 0, renew_token: true, delivered: false, why: "status 401".to_string() }
    );
}

// ---- an expired token -------------------------------------------------------------------------

const EXPIRED: &str = r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"jwt expired"}"#;

#[test]
fn an_expired_token_is_renewed_once_when_get_token_can() {
    let call = Call { can_renew: true, ..first() };
    assert_eq!(status(&call, 401, EXPIRED), Next::Retry { delay_ms: 0, renew_token: true, delivered: false, why: "status 401".to_string() });

    let renewed = Call { attempts: 2, can_renew: true, renewed: true, ..first() };
    let e = failure(status(&renewed, 401, EXPIRED));
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(field(&e, "status"), &Value::int(401));
    assert_eq!(field(&e, "errorDetails"), &Value::str("jwt expired"));
    assert_eq!(field(&e, "attempts"), &Value::int(2));
    assert_eq!(delivered(&e), &Value::Bool(false));

    // Without getToken, or a 401 for another reason: no retry.
    let e = failure(status(&first(), 401, EXPIRED));
    assert_eq!(field(&e, "status"), &Value::int(401));
    let e = failure(status(&call, 401, r#"{"errorCode":401,"errorDetails":"invalid signature"}"#));
    assert_eq!(field(&e, "status"), &Value::int(401));
}

// ---- limits and delivery ----------------------------------------------------------------------

#[test]
fn no_retry_once_the_retries_are_spent() {
    let last = Call { attempts: 3, max_retries: 2, ..first() };
    let e = failure(status(&last, 429, ""));
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(field(&e, "attempts"), &Value::int(3));
    assert_eq!(field(&e, "retryAfterMs"), &Value::Undefined);
    let none = Call { max_retries: 0, ..first() };
    assert_eq!(field(&failure(status(&none, 429, "")), "attempts"), &Value::int(1));
    let e = failure(not_answered(&Call { attempts: 3, ..first() }, URL, "ECONNREFUSED", Some("ECONNREFUSED")));
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(delivered(&e), &Value::Bool(false));
    // The last allowed retry is still made.
    assert!(matches!(status(&Call { attempts: 2, ..first() }, 429, ""), Next::Retry { .. }));
}

#[test]
fn whether_the_server_may_have_acted_is_carried_along() {
    let e = failure(status(&first(), 500, r#"{"errorCode":500,"errorMsg":"Internal Server Error"}"#));
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(delivered(&e), &Value::Bool(true));
    assert_eq!(delivered(&failure(status(&first(), 503, ""))), &Value::Bool(true));
    assert_eq!(delivered(&failure(status(&first(), 408, ""))), &Value::Bool(true));
    assert_eq!(delivered(&failure(status(&first(), 404, ""))), &Value::Bool(false));

    let retried = |call: &Call| match status(call, 429, "") {
        Next::Retry { delivered, .. } => delivered,
        other => panic!("a 429 is retried, got {other:?}"),
    };
    assert!(!retried(&first()));
    // An earlier attempt that may have reached the server is never forgotten.
    let before = Call { attempts: 2, delivered: true, ..first() };
    assert!(retried(&before));
    assert_eq!(delivered(&failure(status(&before, 404, ""))), &Value::Bool(true));
    match not_answered(&before, URL, "ECONNREFUSED", Some("ECONNREFUSED")) {
        Next::Retry { delivered, .. } => assert!(delivered),
        other => panic!("a refused connection is retried, got {other:?}"),
    }
}

#[test]
fn the_token_is_scrubbed_from_a_failure() {
    let body = format!(r#"{{"errorCode":400,"errorMsg":"Bad Request","errorDetails":"bad header Bearer {TOKEN}"}}"#);
    let e = failure(status(&first(), 400, &body));
    let all = format!("{} {}", e.message, to_json(&e));
    assert!(!all.contains(TOKEN), "the token leaked: {all}");
    assert_eq!(field(&e, "errorDetails"), &Value::str("bad header Bearer [redacted]"));
    assert!(e.message.contains("Bearer [redacted]"), "{}", e.message);

    // A body that is not JSON is kept raw, and scrubbed too.
    let e = failure(status(&first(), 502, &format!("<html>Authorization: Bearer {TOKEN}</html>")));
    assert_eq!(field(&e, "body"), &Value::str("<html>Authorization: Bearer [redacted]</html>"));
    // And a 2xx's unreadable body.
    let e = failure(status(&first(), 200, &format!("token={TOKEN}")));
    assert_eq!(e.kind, ErrorKind::Response);
    assert_eq!(field(&e, "body"), &Value::str("token=[redacted]"));
}

#[test]
fn every_token_the_call_sent_is_scrubbed_from_a_failure() {
    // Two JWTs of one header, as a `getToken` that renews gives: each run hidden under one mark,
    // though the first token's run goes on into the second's payload.
    const OLD: &str = "eyJhbGciOiJIUzI1NiJ9.eyJvbGQiOnRydWV9.b2xkLXNpZ25hdHVyZQ";
    const NEW: &str = "eyJhbGciOiJIUzI1NiJ9.eyJuZXciOnRydWV9.bmV3LXNpZ25hdHVyZQ";
    let tokens = format!("{OLD}\n{NEW}");
    let call = Call { tokens: Some(&tokens), ..first() };
    let e = failure(status(&call, 502, &format!("proxy: Bearer {OLD} | Bearer {NEW}")));
    assert_eq!(field(&e, "body"), &Value::str("proxy: Bearer [redacted] | Bearer [redacted]"));
}

// ---- no answer --------------------------------------------------------------------------------

#[test]
fn a_connection_that_never_opened_is_retried() {
    let call = Call { jitter: 1.0, ..first() };
    let why = ClientError::network(URL, "ECONNREFUSED", Some("ECONNREFUSED"), false).message;
    assert!(why.contains("ECONNREFUSED") && why.contains(URL), "{why}");
    assert_eq!(
        not_answered(&call, URL, "ECONNREFUSED", Some("ECONNREFUSED")),
        Next::Retry { delay_ms: 500, renew_token: false, delivered: false, why }
    );
    for code in ["ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"] {
        assert!(matches!(not_answered(&call, URL, code, Some(code)), Next::Retry { delivered: false, .. }), "{code}");
    }
}

#[test]
fn an_answer_that_broke_off_fails_as_delivered_and_says_so() {
    let e = failure(attempt::broke_off(&first(), URL, 200, "terminated"));
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(e.message, format!("The server at {URL} answered 200, but its answer broke off before the end (terminated). The request may have reached the server: check before sending it again."));
    assert_eq!(delivered(&e), &Value::Bool(true));
    assert_eq!(field(&e, "attempts"), &Value::int(1));
    // Not sent again, whatever retries are left.
    assert!(matches!(attempt::broke_off(&Call { max_retries: 10, ..first() }, URL, 503, "terminated"), Next::Fail(_)));
}

#[test]
fn a_connection_that_broke_fails_as_maybe_delivered() {
    let e = failure(not_answered(&first(), URL, "ECONNRESET", Some("ECONNRESET")));
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(e.message, ClientError::network(URL, "ECONNRESET", Some("ECONNRESET"), true).message);
    assert_eq!(delivered(&e), &Value::Bool(true));
    assert_eq!(field(&e, "attempts"), &Value::int(1));
    assert_eq!(field(&e, "correlationId"), &Value::str("corr-1"));
    // A browser gives no code: it may have been sent.
    let e = failure(not_answered(&first(), URL, "Failed to fetch", None));
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(delivered(&e), &Value::Bool(true));
}

// ---- redirects, and what the messages say of the server's action -------------------------------

#[test]
fn a_303_or_a_redirect_of_unknown_status_may_have_been_acted_on() {
    // A 303 See Other is what a server answers after acting on a POST.
    let e = failure(status(&first(), 303, ""));
    assert_eq!(delivered(&e), &Value::Bool(true));
    assert!(e.message.contains("The server acted on the request"), "{}", e.message);
    // A 301, 302, 307 or 308 asks for the request elsewhere: nothing was done.
    for code in [301, 302, 307, 308] {
        assert_eq!(delivered(&failure(status(&first(), code, ""))), &Value::Bool(false), "{code}");
    }
    // A redirect whose status the platform hides may be a 303.
    let e = failure(attempt::redirected(&first(), URL));
    assert_eq!(delivered(&e), &Value::Bool(true));
}

#[test]
fn a_503_that_said_when_to_come_back_says_the_server_did_not_act() {
    // Its retries spent (none allowed), a readable wait: the server did nothing, and says so.
    let last = Call { max_retries: 0, ..first() };
    let e = failure(answered(&last, 503, "", None, None, Some("1")));
    assert_eq!(delivered(&e), &Value::Bool(false));
    assert!(e.message.ends_with("The server did not act on the request: send it again later."), "{}", e.message);
    // Without a wait, it proves nothing.
    let e = failure(status(&last, 503, ""));
    assert_eq!(delivered(&e), &Value::Bool(true));
    assert!(e.message.contains("may or may not have sent"), "{}", e.message);
    // A token from getToken that the server refuses twice: the advice is about getToken.
    let renewed = Call { can_renew: true, renewed: true, ..first() };
    let e = failure(status(&renewed, 401, r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"jwt expired"}"#));
    assert!(e.message.contains("getToken must give a fresh one"), "{}", e.message);
}
