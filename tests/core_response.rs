//! README "Success" and "Errors": reading what the server answered (`response::read`), and the
//! names, codes, fields and messages of every error kind.

mod common;

use common::{answer, json, to_json};
use rainbow_room_invitations::error::{self, ApiFailure, ClientError, ErrorKind, MAX_KEPT_BODY};
use rainbow_room_invitations::response::{self, Answer};
use rainbow_room_invitations::value::Value;

fn ok(status: u16, body: &str) -> Value {
    response::read(answer(status, body)).unwrap_or_else(|e| panic!("{status} {body:?} should be a success: {}", e.message))
}

/// An answer with an `x-rainbow-request-id` header.
fn with_id(status: u16, body: &str, request_id: Option<&str>) -> Answer {
    Answer { request_id: request_id.map(String::from), ..answer(status, body) }
}

fn err(status: u16, body: &str, request_id: Option<&str>) -> ClientError {
    match response::read(with_id(status, body, request_id)) {
        Ok(v) => panic!("{status} {body:?} should fail, got {v:?}"),
        Err(e) => {
            assert!(!e.message.trim().is_empty());
            e
        }
    }
}

fn field<'a>(error: &'a ClientError, name: &str) -> &'a Value {
    error.field(name).unwrap_or_else(|| panic!("no field {name} in {error:?}"))
}

fn data(v: &Value) -> &Value {
    v.get("data").unwrap_or_else(|| panic!("no data in {v:?}"))
}

fn list(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(items)) => items.iter().map(|i| i.as_str().expect("a string").to_string()).collect(),
        other => panic!("{key} is not an array: {other:?}"),
    }
}

// ---- success shapes -----------------------------------------------------------------------------

#[test]
fn the_documented_shape_with_invalid_users_as_a_string() {
    let body = r#"{"data":{"scenario":"pstn-conference","status":"Invitations successfully sent","confEndPoint":{"confId":"aaaaaaaaaaaaaaaaaaaaaaaa","phoneNumbers":[{"number":"+33 1"}]},"attendees":["x"],"guestEmails":["g@example.com"],"invalidUsers":"5a1b2c3d4e5f60718293a4b5, 0123456789abcdef01234567"}}"#;
    let v = ok(200, body);
    let d = data(&v);
    assert_eq!(d.get("scenario"), Some(&Value::str("pstn-conference")));
    assert_eq!(d.get("status"), Some(&Value::str("Invitations successfully sent")));
    assert_eq!(list(d, "guestEmails"), ["g@example.com"]);
    assert_eq!(list(d, "invalidUsers"), ["5a1b2c3d4e5f60718293a4b5", "0123456789abcdef01234567"]);
    // Fields the client does not model are kept as they came.
    let original = json(body);
    assert_eq!(d.get("confEndPoint"), original.get("data").unwrap().get("confEndPoint"));
    assert_eq!(d.get("attendees"), Some(&Value::strings(["x"])));
}

#[test]
fn the_normalized_value_is_exactly_this() {
    let v = ok(200, r#"{"data":{"scenario":"chat","status":"Invitations successfully sent","guestEmails":["a@example.com"],"invalidUsers":"u1"}}"#);
    assert_eq!(
        to_json(&v),
        r#"{"data":{"scenario":"chat","status":"Invitations successfully sent","guestEmails":["a@example.com"],"invalidUsers":["u1"]}}"#
    );
}

#[test]
fn invalid_users_as_a_string_an_array_or_nothing() {
    let table = [
        (r#""invalidUsers":"a""#, vec!["a"]),
        (r#""invalidUsers":"a,b""#, vec!["a", "b"]),
        (r#""invalidUsers":" a , b ,""#, vec!["a", "b"]),
        (r#""invalidUsers":"""#, vec![]),
        (r#""invalidUsers":["a","b"]"#, vec!["a", "b"]),
        (r#""invalidUsers":[]"#, vec![]),
        (r#""invalidUsers":null"#, vec![]),
        (r#""other":1"#, vec![]),
    ];
    for (part, expected) in table {
        let v = ok(200, &format!(r#"{{"data":{{"status":"ok",{part}}}}}"#));
        assert_eq!(list(data(&v), "invalidUsers"), expected, "{part}");
        assert_eq!(list(data(&v), "guestEmails"), Vec::<String>::new(), "{part}");
    }
}

#[test]
fn guest_emails_as_an_array_a_string_or_nothing() {
    for (part, expected) in [
        (r#""guestEmails":["a@x.com","b@x.com"]"#, vec!["a@x.com", "b@x.com"]),
        (r#""guestEmails":"a@x.com""#, vec!["a@x.com"]),
        (r#""guestEmails":null"#, vec![]),
        (r#""x":1"#, vec![]),
    ] {
        let v = ok(200, &format!(r#"{{"data":{{{part}}}}}"#));
        assert_eq!(list(data(&v), "guestEmails"), expected, "{part}");
    }
}

#[test]
fn invalid_users_under_data_failed_are_merged_without_duplicates() {
    let v = ok(
        200,
        r#"{"data":{"scenario":"video-conference","status":"Invitations successfully sent","guestEmails":[],"failed":{"invalidUsers":["u2","u3","u1"]},"invalidUsers":"u1,u2"}}"#,
    );
    assert_eq!(list(data(&v), "invalidUsers"), ["u1", "u2", "u3"]);
    // `failed` itself is kept, as any unknown field.
    assert_eq!(data(&v).get("failed").and_then(|f| f.get("invalidUsers")), Some(&Value::strings(["u2", "u3", "u1"])));

    let v = ok(200, r#"{"data":{"failed":{"invalidUsers":["u1"]}}}"#);
    assert_eq!(list(data(&v), "invalidUsers"), ["u1"]);
    let v = ok(200, r#"{"data":{"failed":{"invalidUsers":"u1, u2"}}}"#);
    assert_eq!(list(data(&v), "invalidUsers"), ["u1", "u2"]);
    let v = ok(200, r#"{"data":{"failed":{}}}"#);
    assert_eq!(list(data(&v), "invalidUsers"), Vec::<String>::new());
}

#[test]
fn a_body_without_the_data_wrapper() {
    // The spec's own cancellation example.
    let v = ok(200, r#"{"scenario":"chat","status":"Cancellation successfully sent","guestEmails":["guest1@mycompany.com"]}"#);
    assert_eq!(
        to_json(&v),
        r#"{"data":{"scenario":"chat","status":"Cancellation successfully sent","guestEmails":["guest1@mycompany.com"],"invalidUsers":[]}}"#
    );
    let v = ok(200, "{}");
    assert_eq!(to_json(&v), r#"{"data":{"guestEmails":[],"invalidUsers":[]}}"#);
}

#[test]
fn unknown_top_level_fields_beside_data_are_kept() {
    let v = ok(201, r#"{"meta":{"page":1},"data":{"status":"ok"},"x":[true]}"#);
    assert_eq!(to_json(&v), r#"{"data":{"status":"ok","guestEmails":[],"invalidUsers":[]},"meta":{"page":1},"x":[true]}"#);
}

#[test]
fn every_2xx_status_is_a_success() {
    for status in [200, 201, 202, 204, 299] {
        assert!(response::read(answer(status, r#"{"data":{}}"#)).is_ok(), "{status}");
    }
}

// ---- a 2xx that is not the success model ---------------------------------------------------------

#[test]
fn unreadable_success_bodies_are_response_errors() {
    let table = [
        // Not JSON: JSON.parse refuses them (the shell leaves `json` empty).
        ("", "the body is not a JSON object"),
        ("   ", "the body is not a JSON object"),
        ("OK", "the body is not a JSON object"),
        ("<html><body>Welcome</body></html>", "the body is not a JSON object"),
        (r#"{"data":"#, "the body is not a JSON object"),
        ("[]", "not a JSON object"),
        (r#"["a"]"#, "not a JSON object"),
        (r#""done""#, "not a JSON object"),
        ("null", "not a JSON object"),
        ("42", "not a JSON object"),
        ("true", "not a JSON object"),
        (r#"{"data":null}"#, "`data` is not an object"),
        (r#"{"data":[]}"#, "`data` is not an object"),
        (r#"{"data":"ok"}"#, "`data` is not an object"),
        (r#"{"data":{"guestEmails":5}}"#, "`guestEmails`"),
        (r#"{"data":{"guestEmails":[1]}}"#, "`guestEmails`"),
        (r#"{"data":{"invalidUsers":{}}}"#, "`invalidUsers`"),
        (r#"{"data":{"invalidUsers":["a",null]}}"#, "`invalidUsers`"),
        (r#"{"data":{"failed":{"invalidUsers":true}}}"#, "`failed.invalidUsers`"),
    ];
    for (body, why) in table {
        for status in [200, 204] {
            let e = err(status, body, Some("req-42"));
            assert_eq!(e.kind, ErrorKind::Response, "{body:?}");
            assert!(e.message.contains(why), "{body:?}: expected {why:?} in {}", e.message);
            assert!(e.message.contains(&status.to_string()), "{}", e.message);
            assert!(e.message.contains("check the room before sending it again"), "{}", e.message);
            assert_eq!(field(&e, "status"), &Value::int(i64::from(status)));
            assert_eq!(field(&e, "body"), &Value::str(body));
            assert_eq!(field(&e, "requestId"), &Value::str("req-42"));
            assert_eq!(e.fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(), ["status", "body", "requestId"]);
        }
    }
}

#[test]
fn a_response_error_without_request_id_leaves_it_out() {
    let e = err(200, "nope", None);
    assert_eq!(field(&e, "requestId"), &Value::Undefined);
    // The fields the JS error carries: absent ones are not there at all.
    assert_eq!(to_json(&e), r#"{"status":200,"body":"nope"}"#);
}

#[test]
fn a_huge_unreadable_body_is_cut() {
    let body = "x".repeat(MAX_KEPT_BODY * 3);
    let e = err(200, &body, None);
    let kept = field(&e, "body").as_str().unwrap();
    assert_eq!(kept.chars().count(), MAX_KEPT_BODY + 1);
    assert!(kept.ends_with('…'));
    assert!(e.message.len() < 1000, "the message does not carry the body");

    let e = err(502, &"é".repeat(MAX_KEPT_BODY + 10), None);
    let kept = field(&e, "body").as_str().unwrap();
    assert_eq!(kept.chars().count(), MAX_KEPT_BODY + 1);
}

// ---- non-2xx: RainbowApiError -------------------------------------------------------------------

struct Expected {
    status: u16,
    body: &'static str,
    error_code: Value,
    error_msg: Value,
    error_details: Value,
    error_details_code: Value,
    raw: Value,
    in_message: &'static [&'static str],
}

fn api_table() -> Vec<Expected> {
    let s = Value::str;
    vec![
        Expected {
            status: 400,
            body: r#"{"errorCode":400,"errorMsg":"Bad Request","errorDetails":"identifier must be alpha-numeric and have a length of 24 chars","errorDetailsCode":400000}"#,
            error_code: Value::int(400),
            error_msg: s("Bad Request"),
            error_details: s("identifier must be alpha-numeric and have a length of 24 chars"),
            error_details_code: Value::int(400000),
            raw: Value::Undefined,
            in_message: &["400", "Bad Request", "(400000)", "identifier must be alpha-numeric", "Fix the request"],
        },
        Expected {
            status: 400,
            body: r#"{"errorCode":400,"errorMsg":"Bad Request","errorDetails":"A list of emails is mandatory to revoke guests from a chat or video conference bubble."}"#,
            error_code: Value::int(400),
            error_msg: s("Bad Request"),
            error_details: s("A list of emails is mandatory to revoke guests from a chat or video conference bubble."),
            error_details_code: Value::Undefined,
            raw: Value::Undefined,
            in_message: &["A list of emails is mandatory"],
        },
        Expected {
            status: 401,
            body: r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"jwt expired","errorDetailsCode":401500}"#,
            error_code: Value::int(401),
            error_msg: s("Unauthorized"),
            error_details: s("jwt expired"),
            error_details_code: Value::int(401500),
            raw: Value::Undefined,
            in_message: &["401", "jwt expired", "token", "fresh"],
        },
        Expected {
            status: 403,
            body: r#"{"errorCode":403,"errorMsg":"Forbidden","errorDetails":"Access denied: user (5a1b2c3d4e5f60718293a4b5) is not registered inside the roomId(56f42c1914e2a8a91b99e595)","errorDetailsCode":403000}"#,
            error_code: Value::int(403),
            error_msg: s("Forbidden"),
            error_details: s("Access denied: user (5a1b2c3d4e5f60718293a4b5) is not registered inside the roomId(56f42c1914e2a8a91b99e595)"),
            error_details_code: Value::int(403000),
            raw: Value::Undefined,
            in_message: &["403", "(403000)", "Access denied", "member"],
        },
        Expected {
            status: 403,
            body: r#"{"errorCode":403,"errorMsg":"Forbidden","errorDetails":{"errorMsg":"Quota exceeded for feature BUBBLE_PARTICIPANT_COUNT","feature":"BUBBLE_PARTICIPANT_COUNT","maxValue":100,"currentValue":100,"unit":"participant"},"errorDetailsCode":403621}"#,
            error_code: Value::int(403),
            error_msg: s("Forbidden"),
            error_details: Value::Object(vec![
                ("errorMsg".into(), s("Quota exceeded for feature BUBBLE_PARTICIPANT_COUNT")),
                ("feature".into(), s("BUBBLE_PARTICIPANT_COUNT")),
                ("maxValue".into(), Value::int(100)),
                ("currentValue".into(), Value::int(100)),
                ("unit".into(), s("participant")),
            ]),
            error_details_code: Value::int(403621),
            raw: Value::Undefined,
            in_message: &["(403621)", "Quota exceeded for feature BUBBLE_PARTICIPANT_COUNT", "quota"],
        },
        Expected {
            status: 404,
            body: r#"{"errorCode":404,"errorMsg":"Resource Not Found","errorDetails":"Room with id 56f42c1914e2a8a91b99e595 does not exist","errorDetailsCode":404001}"#,
            error_code: Value::int(404),
            error_msg: s("Resource Not Found"),
            error_details: s("Room with id 56f42c1914e2a8a91b99e595 does not exist"),
            error_details_code: Value::int(404001),
            raw: Value::Undefined,
            in_message: &["404", "does not exist", "roomId"],
        },
        Expected {
            status: 409,
            body: "",
            error_code: Value::Undefined,
            error_msg: Value::Undefined,
            error_details: Value::Undefined,
            error_details_code: Value::Undefined,
            raw: Value::Undefined,
            in_message: &["409", "conflicts"],
        },
        Expected {
            status: 413,
            body: r#"{"errorCode":413,"errorMsg":"Request Entity Too Large","errorDetails":"too many recipients","errorDetailsCode":413000}"#,
            error_code: Value::int(413),
            error_msg: s("Request Entity Too Large"),
            error_details: s("too many recipients"),
            error_details_code: Value::int(413000),
            raw: Value::Undefined,
            in_message: &["413", "fewer recipients"],
        },
        Expected {
            status: 429,
            body: "Too Many Requests",
            error_code: Value::Undefined,
            error_msg: Value::Undefined,
            error_details: Value::Undefined,
            error_details_code: Value::Undefined,
            raw: s("Too Many Requests"),
            in_message: &["429", "wait"],
        },
        Expected {
            status: 500,
            body: r#"{"errorCode":500,"errorMsg":"Internal Server Error","errorDetails":""}"#,
            error_code: Value::int(500),
            error_msg: s("Internal Server Error"),
            error_details: s(""),
            error_details_code: Value::Undefined,
            raw: Value::Undefined,
            in_message: &["500", "Internal Server Error", "check the room"],
        },
        Expected {
            status: 502,
            body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
            error_code: Value::Undefined,
            error_msg: Value::Undefined,
            error_details: Value::Undefined,
            error_details_code: Value::Undefined,
            raw: s("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"),
            in_message: &["502", "server failed"],
        },
        Expected {
            status: 418,
            body: r#"["not","an","object"]"#,
            error_code: Value::Undefined,
            error_msg: Value::Undefined,
            error_details: Value::Undefined,
            error_details_code: Value::Undefined,
            raw: s(r#"["not","an","object"]"#),
            in_message: &["418", "See body."],
        },
        Expected {
            status: 302,
            body: "",
            error_code: Value::Undefined,
            error_msg: Value::Undefined,
            error_details: Value::Undefined,
            error_details_code: Value::Undefined,
            raw: Value::Undefined,
            in_message: &["302"],
        },
    ]
}

#[test]
fn error_bodies_become_api_errors_with_their_fields() {
    for x in api_table() {
        let e = err(x.status, x.body, None);
        let ctx = format!("{} {}", x.status, x.body);
        assert_eq!(e.kind, ErrorKind::Api, "{ctx}");
        assert_eq!(e.kind.name(), "RainbowApiError");
        assert_eq!(
            e.fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            ["status", "errorCode", "errorMsg", "errorDetails", "errorDetailsCode", "requestId", "body", "retryAfterMs", "location"],
            "{ctx}"
        );
        assert_eq!(field(&e, "status"), &Value::int(i64::from(x.status)), "{ctx}");
        assert_eq!(field(&e, "errorCode"), &x.error_code, "{ctx}");
        assert_eq!(field(&e, "errorMsg"), &x.error_msg, "{ctx}");
        assert_eq!(field(&e, "errorDetails"), &x.error_details, "{ctx}");
        assert_eq!(field(&e, "errorDetailsCode"), &x.error_details_code, "{ctx}");
        assert_eq!(field(&e, "requestId"), &Value::Undefined, "{ctx}");
        assert_eq!(field(&e, "body"), &x.raw, "{ctx}");
        assert!(e.message.starts_with(&format!("Rainbow answered {}", x.status)), "{ctx}: {}", e.message);
        for part in x.in_message {
            assert!(e.message.contains(part), "{ctx}: expected {part:?} in {}", e.message);
        }
    }
}

#[test]
fn the_raw_body_is_kept_only_when_it_is_not_json() {
    let json_error = err(400, r#"{"errorCode":400}"#, None);
    assert_eq!(field(&json_error, "body"), &Value::Undefined);
    let text_error = err(400, "Bad Request", None);
    assert_eq!(field(&text_error, "body"), &Value::str("Bad Request"));
    let empty = err(500, "", None);
    assert_eq!(field(&empty, "body"), &Value::Undefined);
}

#[test]
fn the_request_id_is_a_field_and_in_the_message() {
    let e = err(500, r#"{"errorCode":500,"errorMsg":"Internal Server Error","errorDetails":""}"#, Some("a1b2-c3"));
    assert_eq!(field(&e, "requestId"), &Value::str("a1b2-c3"));
    assert!(e.message.contains("request id a1b2-c3"), "{}", e.message);
}

#[test]
fn a_json_error_without_rainbows_fields_is_kept_as_text() {
    // A gateway's own JSON: nothing of it would show in Rainbow's fields.
    let e = err(502, r#"{"message":"upstream timed out","errors":["db"]}"#, None);
    assert_eq!(field(&e, "body"), &Value::str(r#"{"message":"upstream timed out","errors":["db"]}"#));
    // Rainbow's own error keeps its fields, and no body.
    let e = err(400, r#"{"errorCode":400,"errorMsg":"Bad Request","errorDetails":"bad lang"}"#, None);
    assert!(field(&e, "body").is_absent(), "{e:?}");
    assert_eq!(field(&e, "errorMsg"), &Value::str("Bad Request"));
}

#[test]
fn a_404_that_is_not_rainbows_json_points_to_base_url() {
    // The page's own server answering for a `baseUrl` left out: not the room's fault.
    let e = err(404, "<!doctype html><title>Not Found</title>", None);
    assert!(e.message.contains("check that baseUrl is Rainbow's server"), "{}", e.message);
    assert!(!e.message.contains("Check that roomId"), "{}", e.message);
    // Rainbow's own 404 names the room.
    let e = err(404, r#"{"errorCode":404,"errorMsg":"Resource Not Found","errorDetails":"Room not found"}"#, None);
    assert!(e.message.contains("Check that roomId"), "{}", e.message);
}

#[test]
fn every_status_gets_an_actionable_hint() {
    for status in [300, 400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 502, 503, 504, 599, 600, 999] {
        let e = err(status, "", None);
        let hint = e.message.trim_start_matches(&format!("Rainbow answered {status}. "));
        assert!(hint.len() > 10 && hint != e.message, "{status}: {}", e.message);
    }
    // Another status points to what the answer holds, never to a field it lacks.
    let e = err(418, r#"{"errorCode":418,"errorMsg":"Teapot","errorDetails":{"why":"tea"}}"#, None);
    assert!(e.message.ends_with("See errorDetails."), "{}", e.message);
    for (status, body) in [(408, ""), (304, ""), (451, ""), (418, r#"{"errorCode":418,"errorMsg":"Teapot","errorDetails":null}"#)] {
        let e = err(status, body, None);
        assert!(!e.message.contains("errorDetails") && !e.message.contains("See body"), "{status} {body}: {}", e.message);
    }
    // Only a redirect is said to point elsewhere; a 304 (Not Modified) or 300 does not. A 303
    // (See Other) is answered after acting: it says so.
    for (status, redirect) in [(301, true), (302, true), (307, true), (308, true), (300, false), (303, false), (304, false), (305, false)] {
        assert_eq!(err(status, "", None).message.contains("redirects elsewhere"), redirect, "{status}");
    }
    assert!(err(303, "", None).message.contains("The server acted on the request"));
    // A 5xx the call knows the server did not act on (a 503 that said when to come back) says so;
    // a 401 with a token from getToken points to it.
    let answer = |status| response::api_failure(Answer { status, ..Answer::default() });
    let e: ClientError = ApiFailure { not_acted: true, ..answer(503) }.into();
    assert!(e.message.ends_with("The server did not act on the request: send it again later."), "{}", e.message);
    assert!(err(503, "", None).message.contains("may or may not have sent"));
    let e: ClientError = ApiFailure { from_get_token: true, ..answer(401) }.into();
    assert!(e.message.contains("getToken must give a fresh one"), "{}", e.message);
}

#[test]
fn api_failure_keeps_the_parsed_fields() {
    let f = response::api_failure(with_id(403, r#"{"errorCode":403,"errorMsg":"Forbidden","errorDetails":["a","b"],"errorDetailsCode":403000}"#, Some("rid")));
    assert_eq!(
        f,
        ApiFailure {
            status: 403,
            error_code: Some(403),
            error_msg: Some("Forbidden".into()),
            error_details: Value::strings(["a", "b"]),
            error_details_code: Some(403000),
            request_id: Some("rid".into()),
            body: None,
            retry_after_ms: None,
            location: None,
            not_acted: false,
            from_get_token: false,
        }
    );
    // Array details are kept but do not end up in the message as text.
    let e: ClientError = f.into();
    assert_eq!(field(&e, "errorDetails"), &Value::strings(["a", "b"]));
}

// ---- every error kind ---------------------------------------------------------------------------

#[test]
fn error_names_are_stable() {
    let table = [
        (ErrorKind::Validation, "RainbowValidationError"),
        (ErrorKind::Api, "RainbowApiError"),
        (ErrorKind::Network, "RainbowNetworkError"),
        (ErrorKind::Timeout, "RainbowTimeoutError"),
        (ErrorKind::Aborted, "RainbowAbortError"),
        (ErrorKind::Response, "RainbowResponseError"),
    ];
    for (kind, name) in table {
        assert_eq!(kind.name(), name);
    }
}

#[test]
fn network_timeout_and_abort_errors() {
    // A browser's failure: no code, so it may be CORS, and the request may have been delivered.
    let e = ClientError::network("https://openrainbow.com/api/x", "Failed to fetch", None, true);
    assert_eq!(e.kind, ErrorKind::Network);
    assert!(e.message.contains("https://openrainbow.com/api/x") && e.message.contains("Failed to fetch"), "{}", e.message);
    assert!(e.message.contains("baseUrl") && e.message.contains("CORS"), "{}", e.message);
    assert!(e.message.contains("may have reached the server"), "{}", e.message);
    // Node's refused connection: nothing was sent, and the message says so.
    let e = ClientError::network("http://127.0.0.1:9/api/x", "ECONNREFUSED", Some("ECONNREFUSED"), false);
    assert!(e.message.contains("Nothing was sent") && !e.message.contains("may"), "{}", e.message);
    assert!(!e.message.contains("CORS"), "{}", e.message);
    // A TLS handshake that failed: nothing was sent, and the likely causes.
    let e = ClientError::network("https://127.0.0.1:8301/api/x", "ERR_SSL_WRONG_VERSION_NUMBER", Some("ERR_SSL_WRONG_VERSION_NUMBER"), false);
    assert!(e.message.contains("plain http") && e.message.contains("Nothing was sent"), "{}", e.message);
    // The same after an earlier attempt that may have reached the server: the message says so too.
    let e = ClientError::network("https://127.0.0.1:8301/api/x", "ERR_SSL_WRONG_VERSION_NUMBER", Some("ERR_SSL_WRONG_VERSION_NUMBER"), true);
    assert!(e.message.contains("plain http") && e.message.contains("may have reached the server"), "{}", e.message);
    assert!(!e.message.contains("Nothing was sent"), "{}", e.message);
    // An opaque redirect: where it points and its status can't be read; the message says what to
    // do, and that a 303 is answered after acting.
    let e = ClientError::redirected("http://openrainbow.com/api/x");
    assert!(e.message.contains("redirected the request elsewhere") && e.message.contains("set baseUrl") && e.message.contains("check before sending it again: a 303 is answered after acting"), "{}", e.message);
    assert!(!e.message.contains("Nothing was"), "{}", e.message);
    assert!(!e.message.contains("Could not reach"), "{}", e.message);

    let e = ClientError::timeout(1500, false, true);
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert_eq!(e.fields, vec![("timeoutMs", Value::int(1500))]);
    assert_eq!(
        e.message,
        "No complete response within 1500 ms (timeoutMs). The server may still have acted on the request: check before sending it again, or raise timeoutMs."
    );

    // Timed out before anything reached the server (waiting for `getToken`), or while waiting to
    // retry after an answer that says it did nothing: the message says so, as the error's
    // `mayHaveBeenDelivered` does.
    let e = ClientError::timeout(9000, true, false);
    assert_eq!(e.fields, vec![("totalTimeoutMs", Value::int(9000))]);
    assert_eq!(
        e.message,
        "No complete response within 9000 ms (totalTimeoutMs). The server did not act on the request: send it again, or raise totalTimeoutMs."
    );
    let e = ClientError::signal_timed_out(false);
    assert!(e.message.ends_with("The server did not act on the request: send it again, or raise the signal's time."), "{}", e.message);
    let e = ClientError::signal_timed_out(true);
    assert!(e.message.ends_with("check before sending it again, or raise the signal's time."), "{}", e.message);

    // An abort says, as a timeout does, whether the server may have acted.
    let e = ClientError::aborted(false);
    assert_eq!(e.kind, ErrorKind::Aborted);
    assert_eq!(e.message, "The call was aborted through its signal. The server did not act on the request: send it again.");
    let e = ClientError::aborted(true);
    assert_eq!(e.message, "The call was aborted through its signal. The server may still have acted on the request: check before sending it again.");
}

#[test]
fn validation_errors_with_one_problem_say_so() {
    use rainbow_room_invitations::model::{Issue, IssueCode};
    let e = ClientError::validation(vec![Issue::new("roomId", IssueCode::InvalidId, "bad id.")], vec![]);
    assert_eq!(e.message, "The request is invalid (1 problem); nothing was sent.\n  roomId: bad id.");
    let e = ClientError::validation(vec![], vec![]);
    assert!(e.message.contains("(0 problems)"));
}

// ---- the token is scrubbed from what the server sent back ----------------------------------------

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNlY3JldA";

fn leaks(e: &ClientError, secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    if e.message.contains(secret) {
        found.push(format!("message: {}", e.message));
    }
    for (name, value) in &e.fields {
        if to_json(value).contains(secret) {
            found.push(format!("{name}: {value:?}"));
        }
    }
    found
}

#[test]
fn an_echoed_token_is_redacted_from_api_errors() {
    let bodies = [
        format!(r#"{{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"invalid token Bearer {TOKEN}","errorDetailsCode":401500}}"#),
        format!(r#"{{"errorCode":401,"errorMsg":"Bad {TOKEN}","errorDetails":{{"errorMsg":"jwt {TOKEN} expired","seen":["{TOKEN}",{{"h":"Bearer {TOKEN}"}}]}}}}"#),
        format!("<html><body><pre>Authorization: Bearer {TOKEN}\nHost: x</pre></body></html>"),
        format!("Bearer {TOKEN}{TOKEN}"),
    ];
    for body in &bodies {
        for status in [400, 401, 502] {
            let e = err(status, body, Some(&format!("rid-{TOKEN}"))).redact(Some(TOKEN));
            assert_eq!(leaks(&e, TOKEN), Vec::<String>::new(), "{status} {body}");
            let all = format!("{} {:?}", e.message, e.fields);
            assert!(all.contains(error::REDACTED), "{all}");
        }
    }
}

#[test]
fn an_echoed_token_is_redacted_from_response_errors() {
    let e = err(200, &format!("<p>token={TOKEN}</p>"), None).redact(Some(TOKEN));
    assert_eq!(leaks(&e, TOKEN), Vec::<String>::new());
    assert_eq!(field(&e, "body"), &Value::str(format!("<p>token={}</p>", error::REDACTED)));
}

#[test]
fn the_start_of_a_token_that_ends_what_the_server_sent_is_redacted() {
    // The server's body ends in the middle of the token it echoes; so does a field of its JSON.
    let start = &TOKEN[..30];
    let e = err(409, &format!("echo: {start}"), None).redact(Some(TOKEN));
    assert_eq!(field(&e, "body"), &Value::str(format!("echo: {}", error::REDACTED)));
    let e = err(400, &format!(r#"{{"errorCode":400,"errorMsg":"Bad","errorDetails":"got {start}"}}"#), None).redact(Some(TOKEN));
    assert_eq!(field(&e, "errorDetails"), &Value::str(format!("got {}", error::REDACTED)));
    assert!(!e.message.contains(start), "{}", e.message);
    // Under 8 characters, a start says nothing of the token and stays.
    let e = err(409, &format!("echo: {}", &TOKEN[..7]), None).redact(Some(TOKEN));
    assert_eq!(field(&e, "body"), &Value::str(format!("echo: {}", &TOKEN[..7])));
}

#[test]
fn a_short_token_is_scrubbed_where_it_stands_alone_without_garbling_other_text() {
    for token in ["t", "5", "ab12", "s"] {
        let body = format!(r#"{{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"bad token: Bearer {token}","errorDetailsCode":401500}}"#);
        let e = err(401, &body, Some("req-5t-ab12x")).redact(Some(token));
        let details = field(&e, "errorDetails").as_str().unwrap().to_string();
        assert_eq!(details, format!("bad token: Bearer {}", error::REDACTED), "{token}");
        assert_eq!(field(&e, "requestId"), &Value::str("req-5t-ab12x"), "{token}: an id that merely contains it is kept");
        assert!(e.message.contains("Rainbow answered 401 Unauthorized (401500)"), "{token}: {}", e.message);
        assert!(e.message.contains("get a fresh one from Rainbow's login and pass it as `token`."), "{token}: the hint is intact: {}", e.message);
    }
    // An apostrophe joins a word ("can't"), unless it quotes the token.
    let e = err(401, r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"token 't' can't be read"}"#, None).redact(Some("t"));
    assert_eq!(field(&e, "errorDetails"), &Value::str(format!("token '{}' can't be read", error::REDACTED)));
}

#[test]
fn redacting_nothing_changes_nothing() {
    let e = err(401, r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"jwt expired"}"#, Some("r1"));
    assert_eq!(e.clone().redact(None), e);
    assert_eq!(e.clone().redact(Some("")), e);
    assert_eq!(e.clone().redact(Some(TOKEN)), e);
}

#[test]
fn a_token_cut_in_half_by_truncation_leaves_no_part_behind() {
    // A long non-JSON body that echoes the token right where it is cut.
    let half = TOKEN.len() / 2;
    let body = format!("{}{TOKEN} and more", "x".repeat(MAX_KEPT_BODY - half));
    for status in [200, 502] {
        let e = err(status, &body, None).redact(Some(TOKEN));
        let kept = field(&e, "body").as_str().unwrap().to_string();
        assert!(kept.ends_with('…'), "the body was cut");
        assert!(!kept.contains(&TOKEN[..half]), "{status}: the first half of the token is kept: …{}", &kept[kept.len() - 80..]);
    }
    // The same in the details a message quotes.
    let details = format!("{}{TOKEN}", "d".repeat(MAX_KEPT_BODY - half));
    let e = err(401, &format!(r#"{{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"{details}"}}"#), None).redact(Some(TOKEN));
    assert!(!e.message.contains(&TOKEN[..half]), "the message keeps the first half of the token");
}
