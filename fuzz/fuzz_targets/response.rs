//! What a server sends back: any status, retry headers, request id and body bytes.
//!
//! Input (so the corpus stays readable): four lines, then the body's bytes:
//!   status            decimal; anything else takes the first two bytes as a number
//!   retry-after-ms    empty for none
//!   Retry-After       empty for none
//!   x-rainbow-request-id   empty for none
//!   body…             read as the transport does, invalid UTF-8 replaced, and parsed as the
//!                     shell's JSON.parse would (serde_json here)
#![no_main]

use libfuzzer_sys::fuzz_target;
use rainbow_room_invitations::error::{ClientError, ErrorKind, MAX_KEPT_BODY};
use rainbow_room_invitations::response;
use rainbow_room_invitations::retry::{self, Attempt, Decision, MAX_RETRY_AFTER_MS};
use rainbow_room_invitations::value::Value;
use rainbow_room_invitations_fuzz::{answer, assert_no_token, NOW_MS, TOKEN};

fn string_list(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().unwrap_or_else(|| panic!("a non-string in a success list: {i:?}")))
            .collect(),
        other => panic!("a success list that is not an array: {other:?}"),
    }
}

fn check_error(e: ClientError, status: u16, body: &str) {
    assert!(!e.message.trim().is_empty());
    assert_eq!(e.field("status"), Some(&Value::int(i64::from(status))), "status field");
    if let Some(Value::String(kept)) = e.field("body") {
        // Raw bodies are cut, never kept whole.
        assert!(kept.chars().count() <= MAX_KEPT_BODY + 1, "kept body of {} chars", kept.chars().count());
        assert!(body.starts_with(kept.trim_end_matches('…')));
    }
    assert_no_token(&e.redact(Some(TOKEN)), TOKEN);
}

fuzz_target!(|data: &[u8]| {
    let answer = answer(data);
    let status = answer.status;
    let (retry_after_ms, retry_after) = (answer.retry_after_ms.clone(), answer.retry_after.clone());
    let body = answer.text.clone();

    match response::read(answer.clone()) {
        Ok(v) => {
            assert!((200..300).contains(&status), "success from status {status}");
            let Value::Object(top) = &v else { panic!("success is not an object: {v:?}") };
            assert_eq!(top.first().map(|(k, _)| k.as_str()), Some("data"), "`data` comes first");
            let data = v.get("data").unwrap();
            assert!(matches!(data, Value::Object(_)), "`data` is an object");
            string_list(data.get("guestEmails"));
            let invalid = string_list(data.get("invalidUsers"));
            for (i, id) in invalid.iter().enumerate() {
                assert!(!invalid[..i].contains(id), "invalidUsers repeats {id:?}");
            }
            // Reading the normalized body again changes nothing.
            assert_eq!(response::success(v.clone()), Ok(v.clone()), "success() is not idempotent");
        }
        Err(e) => {
            let kind = if (200..300).contains(&status) { ErrorKind::Response } else { ErrorKind::Api };
            assert_eq!(e.kind, kind, "status {status} gave {:?}", e.kind);
            check_error(e, status, &body);
        }
    }

    let expired = status == 401 && response::token_expired(answer.json.as_ref());
    let failure = response::api_failure(answer);
    check_error(ClientError::from(failure), status, &body);

    // The retry policy reads the server's headers: any wait it honours is at most a minute.
    let attempt = Attempt::Status { status, retry_after_ms: retry_after_ms.as_deref(), retry_after: retry_after.as_deref(), token_expired: expired };
    let _ = retry::may_have_been_delivered(&attempt);
    let _ = retry::server_delay_ms(retry_after_ms.as_deref(), retry_after.as_deref(), NOW_MS);
    if let Some(after) = retry_after.as_deref() {
        let _ = retry::http_date_ms(after);
    }
    for done in [1, 2, 3] {
        match retry::decide(&attempt, done, 2, true, false, 0.5, NOW_MS) {
            Decision::Retry { delay_ms, renew_token } => {
                assert!(delay_ms <= MAX_RETRY_AFTER_MS, "retry after {delay_ms} ms");
                assert!(matches!(status, 401 | 429 | 503), "status {status} retried");
                assert!(!renew_token || expired);
                assert!(!retry::may_have_been_delivered(&attempt) || renew_token, "retried a request the server may have acted on");
            }
            Decision::Stop { retry_after_ms } => assert!(retry_after_ms.is_none_or(|ms| ms > MAX_RETRY_AFTER_MS)),
        }
    }
});
