//! The wasm boundary, exercised from inside wasm: in Node (`wasm-pack test --node`) and in headless
//! Chromium (same suite, `WASM_BINDGEN_USE_BROWSER=1`). A JS `fetch` stand-in returns real
//! `Response` objects, so these tests need no server; the Node integration suite covers real TCP.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, JsString, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use rainbow_room_invitations::exports::*;

const ROOM: &str = "56f42c1914e2a8a91b99e595";

fn js(body: &str) -> JsValue {
    Function::new_no_args(&format!("return ({body});")).call0(&JsValue::NULL).expect("test JS evaluates")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("readable")
}

async fn wait(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

fn opts(fetch_body: &str, extra: &str) -> JsValue {
    js(&format!("{{ fetch: (url, init) => {{ globalThis.__last = {{ url, init }}; {fetch_body} }}, baseUrl: 'https://rainbow.test' {extra} }}"))
}

#[wasm_bindgen_test]
fn validate_returns_the_exact_request() {
    let body = js("{ scenario: 'chat', emails: [' Ada@Example.com ', 'ada@example.com'], users: ['x'] }");
    let r = validate_join_invitation(ROOM.into(), body, JsValue::UNDEFINED);
    assert_eq!(get(&r, "valid"), JsValue::TRUE);
    assert_eq!(get(&r, "path").as_string().as_deref(), Some("/api/rainbow/enduser/v1.0/rooms/56f42c1914e2a8a91b99e595/invitations"));
    let sent = js_sys::JSON::stringify(&get(&r, "request")).expect("json");
    assert_eq!(String::from(sent), r#"{"scenario":"chat","emails":["Ada@Example.com"],"lang":"en"}"#);
    let warnings: Array = get(&r, "warnings").into();
    let codes: Vec<String> = warnings.iter().map(|w| get(&w, "code").as_string().unwrap_or_default()).collect();
    assert_eq!(codes, ["ignored_field", "duplicate"]);
}

#[wasm_bindgen_test]
fn hostile_inputs_become_issues_not_traps() {
    let cases = [
        js("new Proxy({}, { ownKeys() { throw new Error('boom') } })"),
        js("new Proxy({ scenario: 'chat' }, { get() { throw new Error('boom') } })"),
        js("{ scenario: 'chat', emails: new Proxy([], { get(t, k) { if (k === 'length') return 4294967295; throw new Error('x') } }) }"),
        js("{ scenario: Symbol('s'), emails: [10n, () => 1, {}, [], undefined, null] }"),
        js("(() => { const o = { scenario: 'chat' }; o.emails = [o]; o.self = o; return o })()"),
        js("{ scenario: 'chat', emails: ['a\\ud800@b.com'] }"),
        js("new Map([['scenario', 'chat']])"),
        js("Object.freeze(['chat'])"),
        JsValue::from(js_sys::BigInt::from(5u32)),
    ];
    for body in cases {
        let r = validate_join_invitation(ROOM.into(), body, JsValue::UNDEFINED);
        assert_eq!(get(&r, "valid"), JsValue::FALSE);
        assert!(Array::from(&get(&r, "errors")).length() > 0);
    }
    // The module still works afterwards.
    let ok = validate_join_invitation(ROOM.into(), js("{ scenario: 'chat', emails: ['a@b.co'] }"), JsValue::UNDEFINED);
    assert_eq!(get(&ok, "valid"), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn a_lone_surrogate_is_an_invalid_string() {
    let bad = JsString::from_char_code1(0xD800);
    let r = validate_join_invitation(bad.into(), JsValue::NULL, JsValue::UNDEFINED);
    let first = Array::from(&get(&r, "errors")).get(0);
    assert_eq!(get(&first, "path").as_string().as_deref(), Some("roomId"));
    assert_eq!(get(&first, "code").as_string().as_deref(), Some("invalid_string"));
}

#[wasm_bindgen_test]
async fn sends_the_request_and_reads_the_success() {
    let o = opts(
        "return new Response(JSON.stringify({ data: { scenario: 'chat', status: 'Invitations successfully sent', invalidUsers: 'abc' } }), { status: 200, headers: { 'x-rainbow-request-id': 'r-1' } })",
        ", token: 'secret-token', headers: { 'x-extra': 'yes' }",
    );
    let body = js("{ scenario: 'chat', emails: ['ada@example.com'] }");
    let out = wait(send_users_join_room_invitation_with_http_info(ROOM.into(), body, o)).await.expect("resolves");
    assert_eq!(get(&out, "status").as_f64(), Some(200.0));
    assert_eq!(get(&out, "requestId").as_string().as_deref(), Some("r-1"));
    let data = get(&get(&out, "data"), "data");
    assert_eq!(String::from(js_sys::JSON::stringify(&get(&data, "invalidUsers")).expect("json")), r#"["abc"]"#);
    assert_eq!(String::from(js_sys::JSON::stringify(&get(&data, "guestEmails")).expect("json")), "[]");

    let last = get(&js_sys::global(), "__last");
    assert_eq!(get(&last, "url").as_string().as_deref(), Some("https://rainbow.test/api/rainbow/enduser/v1.0/rooms/56f42c1914e2a8a91b99e595/invitations"));
    let init = get(&last, "init");
    assert_eq!(get(&init, "method").as_string().as_deref(), Some("POST"));
    let headers = get(&init, "headers");
    assert_eq!(get(&headers, "Authorization").as_string().as_deref(), Some("Bearer secret-token"));
    assert_eq!(get(&headers, "Content-Type").as_string().as_deref(), Some("application/json"));
    assert_eq!(get(&headers, "Accept").as_string().as_deref(), Some("application/json, text/xml"));
    assert_eq!(get(&headers, "x-extra").as_string().as_deref(), Some("yes"));
    assert_eq!(get(&init, "body").as_string().as_deref(), Some(r#"{"scenario":"chat","emails":["ada@example.com"],"lang":"en"}"#));
}

fn assert_error(e: &JsValue, name: &str, code: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error");
    assert_eq!(get(e, "name").as_string().as_deref(), Some(name));
    assert_eq!(get(e, "code").as_string().as_deref(), Some(code));
    let message = get(e, "message").as_string().unwrap_or_default();
    assert!(!message.is_empty());
    let all = format!("{message} {}", String::from(js_sys::JSON::stringify(e).expect("json")));
    assert!(!all.contains("secret-token"), "token leaked: {all}");
}

#[wasm_bindgen_test]
async fn maps_an_api_error() {
    let o = opts(
        "return new Response(JSON.stringify({ errorCode: 404, errorMsg: 'Not Found', errorDetails: 'Room with id x does not exist', errorDetailsCode: 404001 }), { status: 404, headers: { 'x-rainbow-request-id': 'r-2' } })",
        ", token: 'secret-token'",
    );
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowApiError", "ERR_API");
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    assert_eq!(get(&e, "errorDetailsCode").as_f64(), Some(404001.0));
    assert_eq!(get(&e, "requestId").as_string().as_deref(), Some("r-2"));
}

#[wasm_bindgen_test]
async fn maps_a_non_json_gateway_error() {
    let o = opts("return new Response('<html>Bad gateway</html>', { status: 502 })", "");
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowApiError", "ERR_API");
    assert_eq!(get(&e, "body").as_string().as_deref(), Some("<html>Bad gateway</html>"));
}

#[wasm_bindgen_test]
async fn a_2xx_that_is_not_the_model_is_a_response_error() {
    let o = opts("return new Response('[1,2]', { status: 200 })", "");
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowResponseError", "ERR_RESPONSE");
}

#[wasm_bindgen_test]
async fn validation_failures_send_nothing() {
    let o = opts("globalThis.__sent = true; return new Response('{}')", ", token: 'secret-token'");
    let _ = Reflect::set(&js_sys::global(), &"__sent".into(), &JsValue::FALSE);
    let e = wait(send_users_join_room_invitation("nope".into(), js("{ scenario: 'chats', email: [] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowValidationError", "ERR_VALIDATION");
    assert_eq!(Array::from(&get(&e, "errors")).length(), 3);
    assert_eq!(get(&js_sys::global(), "__sent"), JsValue::FALSE);
}

#[wasm_bindgen_test]
async fn a_rejected_fetch_is_a_network_error_with_its_cause() {
    let o = opts("return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))", "");
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowNetworkError", "ERR_NETWORK");
    assert!(get(&e, "message").as_string().unwrap_or_default().contains("ECONNREFUSED"));
    assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>());
}

#[wasm_bindgen_test]
async fn a_fetch_that_never_answers_times_out() {
    let o = opts("return new Promise(() => {})", ", timeoutMs: 30");
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowTimeoutError", "ERR_TIMEOUT");
    assert_eq!(get(&e, "timeoutMs").as_f64(), Some(30.0));
}

#[wasm_bindgen_test]
async fn a_body_that_never_ends_times_out() {
    let o = opts("return { status: 200, headers: new Headers(), text: () => new Promise(() => {}) }", ", timeoutMs: 30");
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
    assert_error(&e, "RainbowTimeoutError", "ERR_TIMEOUT");
}

#[wasm_bindgen_test]
async fn an_abort_rejects_at_once_whatever_its_reason() {
    for reason in ["undefined", "'a string'", "new Error('why')", "new DOMException('x', 'AbortError')"] {
        // A fetch that ignores the signal: only the client's own race can end the call.
        let o = js(&format!(
            "(() => {{ const c = new AbortController(); setTimeout(() => c.abort({reason}), 5); return {{ signal: c.signal, fetch: () => new Promise(() => {{}}), baseUrl: 'https://rainbow.test' }} }})()"
        ));
        let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect_err("rejects");
        assert_error(&e, "RainbowAbortError", "ERR_ABORTED");
    }
    let already = js("(() => { const c = new AbortController(); c.abort('early'); return { signal: c.signal, fetch: () => { throw new Error('must not be called') } } })()");
    let e = wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), already)).await.expect_err("rejects");
    assert_error(&e, "RainbowAbortError", "ERR_ABORTED");
    assert_eq!(get(&e, "reason").as_string().as_deref(), Some("early"));
}

#[wasm_bindgen_test]
async fn the_signal_listener_is_removed_when_the_call_ends() {
    let o = js("(() => { const c = new AbortController(); globalThis.__c = c; return { signal: c.signal, fetch: () => Promise.resolve(new Response('{}')), baseUrl: 'https://rainbow.test' } })()");
    wait(send_user_room_invitation_cancelation(ROOM.into(), js("{ emails: ['g@x'] }"), o)).await.expect("resolves");
    // Aborting afterwards must not touch the finished call (a dropped closure would throw here).
    let abort = js("() => globalThis.__c.abort()").dyn_into::<Function>().expect("fn");
    abort.call0(&JsValue::NULL).expect("abort after the call is harmless");
    JsFuture::from(Promise::resolve(&JsValue::NULL)).await.expect("a tick passes");
}
