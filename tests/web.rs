//! The wasm boundary, exercised from inside wasm: in Node (`wasm-pack test --node`) and in headless
//! Chromium (same suite, `WASM_BINDGEN_USE_BROWSER=1`). The one export, `run`, dispatches to
//! `validate`, `prepare`, `answered`, `not_answered` and `fail`, which take numbers and strings
//! and return JSON text; each test calls one as `pkg-template/client.js` asks for it and reads
//! the answer back with the crate's own parser (the last test checks `run`'s dispatch). The Node
//! and browser suites cover the driver's I/O.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

use rainbow_room_invitations::exports::*;
use rainbow_room_invitations::json::{self, Value};

const ROOM: &str = "56f42c1914e2a8a91b99e595";
const PATH: &str = "/api/rainbow/enduser/v1.0/rooms/56f42c1914e2a8a91b99e595/invitations";
const URL: &str = "https://rainbow.test/api/rainbow/enduser/v1.0/rooms/56f42c1914e2a8a91b99e595/invitations";
const TOKEN: &str = "secret-token-0123456789";

fn parse(text: &str) -> Value {
    json::parse(text).unwrap_or_else(|e| panic!("not JSON ({e:?}): {text}"))
}

/// The value at `path` (object keys, or array indexes written as numbers).
fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, key| match v {
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => v.get(key),
    })
}

fn s(text: &str) -> Option<Value> {
    Some(Value::str(text))
}

fn n(n: i64) -> Option<Value> {
    Some(Value::int(n))
}

/// The `{"error": …}` an export answered with: its name and code, a message, nothing else.
fn error(text: &str, name: &str, code: &str) -> Value {
    let v = parse(text);
    let Some(e) = at(&v, &["error"]) else { panic!("expected an error, got {text}") };
    assert_eq!(at(e, &["name"]).cloned(), s(name), "{text}");
    assert_eq!(at(e, &["code"]).cloned(), s(code), "{text}");
    assert!(at(e, &["message"]).and_then(Value::as_str).is_some_and(|m| !m.trim().is_empty()), "no message: {text}");
    assert!(!text.contains('\n'), "an error is one line, as the driver splits at the first line break: {text}");
    e.clone()
}

fn codes(list: Option<&Value>) -> Vec<String> {
    match list {
        Some(Value::Array(items)) => items.iter().map(|i| at(i, &["code"]).and_then(Value::as_str).unwrap_or("?").to_string()).collect(),
        other => panic!("not a list of issues: {other:?}"),
    }
}

fn opt(s: &str) -> Option<&str> {
    Some(s)
}

/// `answered` for attempt `attempts` of 3, no totalTimeoutMs, jitter 0.
fn answer(status: u16, body: &str, retry_after_ms: Option<&str>, attempts: u32, flags: u8) -> String {
    next_json(answered(status, body, opt("r-1"), retry_after_ms, None, attempts, 2, flags, None, 0.0, 0.0, opt(TOKEN), opt("corr-1")))
}

// ---- validate ---------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn validate_returns_the_exact_request() {
    let args = format!(r#"["{ROOM}", {{"scenario":"chat","emails":[" Ada@Example.com ","ada@example.com"],"users":["x"]}}, "\u0000u"]"#);
    let r = parse(&validate(0, args.as_bytes(), "http://localhost"));
    assert_eq!(at(&r, &["valid"]), Some(&Value::Bool(true)));
    assert_eq!(at(&r, &["errors"]), Some(&Value::Array(Vec::new())));
    assert_eq!(at(&r, &["path"]).cloned(), s(PATH));
    assert_eq!(at(&r, &["request"]).map(Value::to_json).as_deref(), Some(r#"{"scenario":"chat","emails":["Ada@Example.com"],"lang":"en"}"#));
    assert_eq!(codes(at(&r, &["warnings"])), ["ignored_field", "duplicate"]);

    // The cancellation (op 1) has its own model and path.
    let r = parse(&validate(1, format!(r#"["{ROOM}", {{"emails":["g@example.com"]}}, null]"#).as_bytes(), "http://localhost"));
    assert_eq!(at(&r, &["valid"]), Some(&Value::Bool(true)), "{r:?}");
    assert_eq!(at(&r, &["path"]).cloned(), s(&[PATH, "/cancel"].concat()));
}

#[wasm_bindgen_test]
fn values_json_cannot_hold_become_issues_not_traps() {
    let body = |scenario: &str| format!(r#"["{ROOM}", {{"scenario":{scenario},"emails":["a@b.co"]}}, null]"#);
    // A symbol, a bigint, a function, NaN, a lone surrogate, an unknown marker, undefined.
    for scenario in [r#""\u0000b""#, r#""\u0000c""#, r#""\u0000F""#, r#""\u0000#NaN""#, r#""\u0000a""#, r#""\u0000~""#, r#""\u0000""#] {
        let r = parse(&validate(0, body(scenario).as_bytes(), "http://localhost"));
        assert_eq!(at(&r, &["valid"]), Some(&Value::Bool(false)), "{scenario}: {r:?}");
        assert_eq!(at(&r, &["errors", "0", "path"]).cloned(), s("scenario"), "{scenario}: {r:?}");
        assert_eq!(at(&r, &["request"]), Some(&Value::Null));
    }
    // An escaped U+0000 at the start of a real string is that string, still not a scenario.
    let r = parse(&validate(0, body(r#""\u0000s\u0000chat""#).as_bytes(), "http://localhost"));
    assert_eq!(at(&r, &["valid"]), Some(&Value::Bool(false)));
    // A roomId with unpaired surrogates, an unreadable body, an options object that is a Map.
    let r = parse(&validate(0, br#"["\u0000a", "\u0000j", "\u0000i"]"#, "http://localhost"));
    assert_eq!(at(&r, &["errors", "0", "path"]).cloned(), s("roomId"));
    assert_eq!(at(&r, &["errors", "0", "code"]).cloned(), s("invalid_string"));
    let paths: Vec<_> = match at(&r, &["errors"]) {
        Some(Value::Array(items)) => items.iter().filter_map(|i| at(i, &["path"]).and_then(Value::as_str)).collect(),
        other => panic!("no errors: {other:?}"),
    };
    assert!(paths.contains(&"options"), "{paths:?}");
    // Text that is not the arguments at all, or not UTF-8, reads as three undefineds.
    let not_utf8 = [b"[\"".as_slice(), &[0xff, 0xfe], b"\", {}, null]"].concat();
    let undefineds = validate(0, br#"["\u0000u", "\u0000u", "\u0000u"]"#, "http://localhost");
    assert_eq!(at(&parse(&undefineds), &["valid"]), Some(&Value::Bool(false)));
    for text in [b"nope".as_slice(), b"", b"{}", b"[]", &not_utf8] {
        assert_eq!(validate(0, text, "http://localhost"), undefineds, "{text:?}");
    }
    // The module still works afterwards.
    let ok = parse(&validate(0, body(r#""chat""#).as_bytes(), "http://localhost"));
    assert_eq!(at(&ok, &["valid"]), Some(&Value::Bool(true)), "{ok:?}");
}

// ---- prepare ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn prepare_gives_the_plan_then_the_body() {
    let args = format!(
        r#"["{ROOM}", {{"scenario":"chat","emails":["ada@example.com"]}}, {{"baseUrl":"https://rainbow.test/","token":"{TOKEN}","headers":{{"x-extra":"yes"}},"fetch":"\u0000F"}}]"#
    );
    let out = prepare(0, args.as_bytes(), "http://localhost", "fresh-id-1");
    let Some((plan, body)) = out.split_once('\n') else { panic!("no line break in {out}") };
    assert_eq!(body, r#"{"scenario":"chat","emails":["ada@example.com"],"lang":"en"}"#);
    let plan = parse(plan);
    assert_eq!(at(&plan, &["url"]).cloned(), s(URL));
    assert_eq!(
        at(&plan, &["headers"]).map(Value::to_json).as_deref(),
        Some(r#"{"Content-Type":"application/json","Accept":"application/json, text/xml","x-rainbow-correlation-id":"fresh-id-1","x-extra":"yes"}"#)
    );
    assert_eq!(at(&plan, &["auth"]).cloned(), n(2));
    assert_eq!(at(&plan, &["token"]).cloned(), s(TOKEN));
    assert_eq!(at(&plan, &["correlationId"]).cloned(), s("fresh-id-1"));
    assert_eq!(at(&plan, &["timeoutMs"]).cloned(), n(30_000));
    assert_eq!(at(&plan, &["totalTimeoutMs"]), None, "absent without the option");
    assert_eq!(at(&plan, &["maxRetries"]).cloned(), n(2));
    assert_eq!(at(&plan, &["maxResponseBytes"]).cloned(), n(10 * 1024 * 1024));
    assert_eq!(at(&plan, &["warnings"]), Some(&Value::Array(Vec::new())));
}

#[wasm_bindgen_test]
fn prepare_writes_the_plan_as_json_text_whatever_it_holds() {
    // A header value with a quote and a backslash, a duplicate (a warning, whose message quotes
    // the `…` of the field), a total timeout: the plan is written out directly, so it must still
    // parse to what was asked.
    let args = format!(
        r#"["{ROOM}", {{"scenario":"chat","emails":["a@example.com","A@example.com"]}}, {{"baseUrl":"https://rainbow.test","headers":{{"x-q":"say \"hi\" \\o/"}},"totalTimeoutMs":900}}]"#
    );
    let out = prepare(0, args.as_bytes(), "http://localhost", "id-\"1\"");
    let Some((plan, _)) = out.split_once('\n') else { panic!("no line break in {out}") };
    let plan = parse(plan);
    assert_eq!(at(&plan, &["headers", "x-q"]).cloned(), s(r#"say "hi" \o/"#), "{plan:?}");
    assert_eq!(at(&plan, &["correlationId"]).cloned(), s(r#"id-"1""#));
    assert_eq!(at(&plan, &["totalTimeoutMs"]).cloned(), n(900));
    let Some(Value::Array(warnings)) = at(&plan, &["warnings"]) else { panic!("no warnings in {plan:?}") };
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].as_str().is_some_and(|w| w.starts_with("emails[1]: ")), "{warnings:?}");
}

#[wasm_bindgen_test]
fn prepare_follows_the_options() {
    // The caller's own Authorization header (the token by another name), its own correlation id,
    // the timeouts.
    let args = format!(
        r#"["{ROOM}", {{"emails":["g@example.com"]}}, {{"headers":{{"Authorization":"Bearer abc"}},"correlationId":"mine","timeoutMs":50,"totalTimeoutMs":900,"maxRetries":0}}]"#
    );
    let out = prepare(1, args.as_bytes(), "https://page.test", "fresh-id-2");
    let Some((plan, _)) = out.split_once('\n') else { panic!("no line break in {out}") };
    let plan = parse(plan);
    assert_eq!(at(&plan, &["url"]).and_then(Value::as_str).map(|u| u.starts_with("https://page.test/")), Some(true), "{plan:?}");
    assert_eq!(at(&plan, &["auth"]).cloned(), n(2));
    assert_eq!(at(&plan, &["token"]).cloned(), s("abc"));
    assert_eq!(at(&plan, &["correlationId"]).cloned(), s("mine"));
    assert_eq!(at(&plan, &["headers", "Authorization"]), None);
    assert_eq!(at(&plan, &["headers", "x-rainbow-correlation-id"]).cloned(), s("mine"));
    assert_eq!(at(&plan, &["timeoutMs"]).cloned(), n(50));
    assert_eq!(at(&plan, &["totalTimeoutMs"]).cloned(), n(900));
    assert_eq!(at(&plan, &["maxRetries"]).cloned(), n(0));

    // correlationId: false sends none.
    let out = prepare(1, format!(r#"["{ROOM}", {{"emails":["g@example.com"]}}, {{"correlationId":false}}]"#).as_bytes(), "http://localhost", "fresh-id-3");
    let Some((plan, _)) = out.split_once('\n') else { panic!("no line break in {out}") };
    let plan = parse(plan);
    assert_eq!(at(&plan, &["correlationId"]), None);
    assert_eq!(at(&plan, &["headers", "x-rainbow-correlation-id"]), None);
    assert!(!out.contains("fresh-id-3"), "{out}");
}

#[wasm_bindgen_test]
fn prepare_refuses_an_invalid_call_with_a_validation_error() {
    let out = prepare(0, br#"["nope", {"scenario":"chats","email":[]}, {"token":"a\nb"}]"#, "http://localhost", "fresh-id-4");
    let e = error(&out, "RainbowValidationError", "ERR_VALIDATION");
    let paths = match at(&e, &["errors"]) {
        Some(Value::Array(items)) => items.iter().filter_map(|i| at(i, &["path"]).and_then(Value::as_str).map(String::from)).collect::<Vec<_>>(),
        other => panic!("no errors: {other:?}"),
    };
    assert!(paths.iter().any(|p| p == "roomId") && paths.iter().any(|p| p == "scenario") && paths.iter().any(|p| p == "options.token"), "{paths:?}");
    assert_eq!(at(&e, &["attempts"]).cloned(), n(0));
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(false)));
    assert_eq!(at(&e, &["correlationId"]), None, "nothing was sent, so no id was used");
}

// ---- answered ---------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn answered_reads_a_success() {
    let body = r#"{"data":{"scenario":"chat","status":"Invitations successfully sent","invalidUsers":"abc"}}"#;
    // `data` is the call's result, itself `{ data: { … } }` as the README shows.
    assert_eq!(
        answer(200, body, None, 1, 0),
        r#"{"data":{"data":{"scenario":"chat","status":"Invitations successfully sent","guestEmails":[],"invalidUsers":["abc"]}}}"#
    );
    // A 2xx that is not the model: probably processed, so delivered.
    let e = error(&answer(200, "[1,2]", None, 1, 0), "RainbowResponseError", "ERR_RESPONSE");
    assert_eq!(at(&e, &["status"]).cloned(), n(200));
    assert_eq!(at(&e, &["body"]).cloned(), s("[1,2]"));
    assert_eq!(at(&e, &["requestId"]).cloned(), s("r-1"));
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(true)));
}

#[wasm_bindgen_test]
fn answered_maps_a_rainbow_error() {
    let body = r#"{"errorCode":404,"errorMsg":"Not Found","errorDetails":"Room with id x does not exist","errorDetailsCode":404001}"#;
    let e = error(&answer(404, body, None, 2, 0), "RainbowApiError", "ERR_API");
    assert_eq!(at(&e, &["status"]).cloned(), n(404));
    assert_eq!(at(&e, &["errorCode"]).cloned(), n(404));
    assert_eq!(at(&e, &["errorMsg"]).cloned(), s("Not Found"));
    assert_eq!(at(&e, &["errorDetails"]).cloned(), s("Room with id x does not exist"));
    assert_eq!(at(&e, &["errorDetailsCode"]).cloned(), n(404_001));
    assert_eq!(at(&e, &["requestId"]).cloned(), s("r-1"));
    assert_eq!(at(&e, &["attempts"]).cloned(), n(2));
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(false)));
    assert_eq!(at(&e, &["correlationId"]).cloned(), s("corr-1"));
    // Flag 4: an earlier attempt may have reached the server.
    let e = error(&answer(404, body, None, 2, 4), "RainbowApiError", "ERR_API");
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(true)));
}

#[wasm_bindgen_test]
fn answered_retries_as_the_server_asks() {
    assert_eq!(answer(503, "", Some("1500"), 1, 0), r#"{"delayMs":1500,"renew":false,"delivered":false,"why":"status 503"}"#);
    // Once the retries are spent, the same answer is the error.
    let e = error(&answer(503, "", Some("1500"), 3, 0), "RainbowApiError", "ERR_API");
    assert_eq!(at(&e, &["attempts"]).cloned(), n(3));
    // A wait over what is left of totalTimeoutMs fails at once; None means no total timeout.
    let left = |left_ms: Option<f64>| next_json(answered(429, "", None, opt("1500"), None, 1, 2, 0, left_ms, 0.0, 0.0, None, None));
    let e = error(&left(Some(1000.0)), "RainbowApiError", "ERR_API");
    assert_eq!(at(&e, &["retryAfterMs"]).cloned(), n(1500));
    assert_eq!(left(None), r#"{"delayMs":1500,"renew":false,"delivered":false,"why":"status 429"}"#);
    // Without headers: the backoff, 375 ms with jitter 0 on the first attempt.
    assert_eq!(answer(429, "", None, 1, 0), r#"{"delayMs":375,"renew":false,"delivered":false,"why":"status 429"}"#);
    // An expired token with getToken (flag 1) is renewed at once, and only once (flag 2).
    let expired = r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"jwt expired"}"#;
    assert_eq!(answer(401, expired, None, 1, 1), r#"{"delayMs":0,"renew":true,"delivered":false,"why":"status 401"}"#);
    let e = error(&answer(401, expired, None, 2, 3), "RainbowApiError", "ERR_API");
    assert_eq!(at(&e, &["status"]).cloned(), n(401));
}

#[wasm_bindgen_test]
fn answered_never_returns_the_token() {
    let bodies = [
        format!(r#"{{"errorCode":400,"errorMsg":"Bad Request","errorDetails":"bad header Bearer {TOKEN}"}}"#),
        format!("<html>Authorization: Bearer {TOKEN}</html>"),
    ];
    for body in &bodies {
        let out = answer(400, body, None, 1, 0);
        assert!(!out.contains(TOKEN), "the token leaked: {out}");
        assert!(out.contains("[redacted]"), "{out}");
        error(&out, "RainbowApiError", "ERR_API");
    }
    let out = answer(200, &format!("token={TOKEN}"), None, 1, 0);
    assert!(!out.contains(TOKEN), "the token leaked: {out}");
    let e = error(&out, "RainbowResponseError", "ERR_RESPONSE");
    assert_eq!(at(&e, &["body"]).cloned(), s("token=[redacted]"));
}

// ---- notAnswered ------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn not_answered_retries_only_what_was_never_sent() {
    let refused = not_answered(URL, "ECONNREFUSED", opt("ECONNREFUSED"), 1, 2, 0, 1.0, opt(TOKEN), opt("corr-1"));
    let r = parse(&refused);
    assert_eq!(at(&r, &["delayMs"]).cloned(), n(500), "{refused}");
    assert_eq!(at(&r, &["renew"]), Some(&Value::Bool(false)));
    assert_eq!(at(&r, &["delivered"]), Some(&Value::Bool(false)));
    assert!(at(&r, &["why"]).and_then(Value::as_str).is_some_and(|w| w.contains("ECONNREFUSED") && w.contains(URL)), "{refused}");
    // Flag 4 carries an earlier attempt's delivery along.
    let r = parse(&not_answered(URL, "ECONNREFUSED", opt("ECONNREFUSED"), 2, 2, 4, 0.0, None, None));
    assert_eq!(at(&r, &["delivered"]), Some(&Value::Bool(true)));

    let reset = not_answered(URL, "ECONNRESET", opt("ECONNRESET"), 1, 2, 0, 0.0, opt(TOKEN), opt("corr-1"));
    let e = error(&reset, "RainbowNetworkError", "ERR_NETWORK");
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(true)));
    assert_eq!(at(&e, &["attempts"]).cloned(), n(1));
    assert_eq!(at(&e, &["correlationId"]).cloned(), s("corr-1"));
    assert!(at(&e, &["message"]).and_then(Value::as_str).is_some_and(|m| m.contains("ECONNRESET")), "{reset}");
    // A browser's "Failed to fetch" has no code: it may have been sent.
    let e = error(&not_answered(URL, "Failed to fetch", None, 1, 2, 0, 0.0, None, None), "RainbowNetworkError", "ERR_NETWORK");
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(true)));
}

// ---- fail -------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn fail_describes_timeouts_aborts_and_oversized_bodies() {
    let e = error(&fail(0, 30, 0, None, 1, true, opt(TOKEN), opt("corr-1")), "RainbowTimeoutError", "ERR_TIMEOUT");
    assert_eq!(at(&e, &["timeoutMs"]).cloned(), n(30));
    assert_eq!(at(&e, &["totalTimeoutMs"]), None);
    assert_eq!(at(&e, &["attempts"]).cloned(), n(1));
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(true)));
    assert_eq!(at(&e, &["correlationId"]).cloned(), s("corr-1"));

    let e = error(&fail(1, 5000, 0, None, 2, false, None, None), "RainbowTimeoutError", "ERR_TIMEOUT");
    assert_eq!(at(&e, &["totalTimeoutMs"]).cloned(), n(5000));
    assert_eq!(at(&e, &["timeoutMs"]), None);
    assert_eq!(at(&e, &["mayHaveBeenDelivered"]), Some(&Value::Bool(false)));

    let e = error(&fail(2, 0, 0, None, 0, false, None, None), "RainbowAbortError", "ERR_ABORTED");
    assert_eq!(at(&e, &["attempts"]).cloned(), n(0));

    let e = error(&fail(3, 1024, 200, opt("r-3"), 1, true, None, None), "RainbowResponseError", "ERR_RESPONSE");
    assert_eq!(at(&e, &["status"]).cloned(), n(200));
    assert_eq!(at(&e, &["requestId"]).cloned(), s("r-3"));
    assert!(at(&e, &["message"]).and_then(Value::as_str).is_some_and(|m| m.contains("1024")), "{e:?}");
}

#[wasm_bindgen_test]
fn fail_checks_a_token_from_get_token() {
    assert_eq!(fail(7, 0, 0, opt("eyJhbGciOiJIUzI1NiJ9.e30.sig"), 0, false, None, None), "{}");
    for bad in [Some("a\nb"), Some(""), None] {
        let out = fail(7, 0, 0, bad, 1, false, None, opt("corr-1"));
        let e = error(&out, "RainbowValidationError", "ERR_VALIDATION");
        assert_eq!(at(&e, &["errors", "0", "path"]).cloned(), s("options.getToken"), "{bad:?}");
        assert_eq!(at(&e, &["errors", "0", "code"]).cloned(), s("invalid_option"), "{bad:?}");
        assert_eq!(at(&e, &["attempts"]).cloned(), n(1));
        assert_eq!(at(&e, &["correlationId"]).cloned(), s("corr-1"));
    }
    // getToken threw, gave no string; no fetch at all.
    for (kind, path) in [(4, "options.getToken"), (5, "options.getToken"), (6, "options.fetch")] {
        let e = error(&fail(kind, 0, 0, None, 0, false, None, None), "RainbowValidationError", "ERR_VALIDATION");
        assert_eq!(at(&e, &["errors", "0", "path"]).cloned(), s(path), "kind {kind}");
    }
}

// ---- run: the one export ----------------------------------------------------------------------

#[wasm_bindgen_test]
fn run_dispatches_each_request_as_the_driver_sends_it() {
    let described = format!(r#""{ROOM}", {{"scenario":"chat","emails":["a@example.com"]}}, {{"baseUrl":"https://rainbow.test"}}"#);
    let args = format!("[{described}]");
    assert_eq!(run(format!(r#"[0, {described}, "http://localhost"]"#).as_bytes()), validate(0, args.as_bytes(), "http://localhost"));
    assert_eq!(run(format!(r#"[1, {described}, "http://localhost"]"#).as_bytes()), validate(1, args.as_bytes(), "http://localhost"));
    assert_eq!(run(format!(r#"[2, {described}, "http://localhost", "id-1"]"#).as_bytes()), prepare(0, args.as_bytes(), "http://localhost", "id-1"));
    assert_eq!(run(format!(r#"[3, {described}, "http://localhost", "id-1"]"#).as_bytes()), prepare(1, args.as_bytes(), "http://localhost", "id-1"));

    // The body follows the JSON and a line break, as it is, line breaks included.
    let body = "{\"errorCode\":503,\n\"errorMsg\":\"busy\"}\n";
    let request = format!(r#"[4,503,"r-1","1500",null,1,2,4,900,500000000,0,"{TOKEN}","corr-1"]{}{body}"#, '\n');
    assert_eq!(run(request.as_bytes()), next_json(answered(503, body, opt("r-1"), opt("1500"), None, 1, 2, 4, Some(900.0), 0.5, 0.0, opt(TOKEN), opt("corr-1"))));
    assert!(run(request.as_bytes()).contains("busy"));
    // No total timeout: leftMs is null.
    let request = format!(r#"[4,503,null,"1500",null,1,2,0,null,0,0,null,null]{}{body}"#, '\n');
    assert_eq!(parse(&run(request.as_bytes())).get("delayMs").cloned(), Some(Value::int(1500)));

    // A 2xx first comes with its status alone: its data, or nothing when the body can't be read
    // (the driver then sends the facts the error carries).
    let data = r#"{"data":{"scenario":"chat","guestEmails":["a@example.com"],"invalidUsers":[]}}"#;
    let short = run(format!("[4,200]\n{data}").as_bytes());
    assert_eq!(short, next_json(answered(200, data, None, None, None, 0, 0, 0, None, 0.0, 0.0, None, None)));
    assert_eq!(parse(&short).get("data"), Some(&parse(data)));
    for unreadable in ["not json", "[1]", "", "{\"data\":[]}"] {
        assert_eq!(run(format!("[4,200]\n{unreadable}").as_bytes()), "", "{unreadable:?}");
    }

    let request = format!(r#"[5, "{URL}", "ECONNREFUSED", "ECONNREFUSED", 1, 2, 0, 1000000000, null, "corr-1"]"#);
    assert_eq!(run(request.as_bytes()), not_answered(URL, "ECONNREFUSED", opt("ECONNREFUSED"), 1, 2, 0, 1.0, None, opt("corr-1")));

    assert_eq!(run(br#"[6, 1, 5000, 0, null, 2, true, null, "corr-1"]"#), fail(1, 5000, 0, None, 2, true, None, opt("corr-1")));
    assert_eq!(run(br#"[6, 7, 0, 0, "a\nb", 1, false, null, null]"#), fail(7, 0, 0, opt("a\nb"), 1, false, None, None));
    assert_eq!(run(br#"[6, 7, 0, 0, "good-token", 1, false, null, null]"#), "{}");

    // Bytes that are not a JSON array read as a validation of three undefineds.
    let undefineds = run(br#"[0, "\u0000u", "\u0000u", "\u0000u", "http://localhost"]"#);
    assert_eq!(parse(&undefineds).get("valid").cloned(), Some(Value::Bool(false)));
    for garbage in [&b"nope"[..], b"", b"{}", &[0xff, 0xfe]] {
        assert_eq!(run(garbage), validate(0, br#"["\u0000u", "\u0000u", "\u0000u"]"#, ""), "{garbage:?}");
    }
}
