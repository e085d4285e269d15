//! The wasm shell from inside wasm: the exports called with JS values built here, in Node
//! (`wasm-pack test --node`) and in headless Chromium (same suite, `WASM_BINDGEN_USE_BROWSER=1`).
//! Hostile values (throwing getters and traps, revoked Proxies, cycles, huge arrays) are read into
//! validation errors, never a trap; a call settles through the Promise it returned. The Node and
//! browser suites cover the calls end to end over HTTP.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Proxy, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use rainbow_room_invitations::shell::exports::*;

const ROOM: &str = "56f42c1914e2a8a91b99e595";

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in entries {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn strings(items: &[&str]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn chat(emails: &[&str]) -> JsValue {
    object(&[("scenario", "chat".into()), ("emails", strings(emails))])
}

/// The paths of a validation result's errors.
fn error_paths(report: &JsValue) -> Vec<String> {
    get(report, "errors").unchecked_into::<Array>().iter().map(|i| get(&i, "path").as_string().unwrap()).collect()
}

fn throws(message: &str) -> Function {
    Function::new_no_args(&format!("throw new Error({message:?})"))
}

#[wasm_bindgen_test]
fn a_valid_body_is_the_request_to_send() {
    let report = validate_join_invitation(&ROOM.into(), &chat(&["ada@example.com", "ADA@example.com"]), &JsValue::UNDEFINED);
    assert_eq!(get(&report, "valid"), JsValue::TRUE);
    assert_eq!(get(&report, "path").as_string().unwrap(), format!("/api/rainbow/enduser/v1.0/rooms/{ROOM}/invitations"));
    let request = get(&report, "request");
    assert_eq!(js_sys::JSON::stringify(&request).unwrap(), r#"{"scenario":"chat","emails":["ada@example.com"],"lang":"en"}"#);
    let warnings = get(&report, "warnings").unchecked_into::<Array>();
    assert_eq!(get(&warnings.get(0), "code").as_string().unwrap(), "duplicate");
}

#[wasm_bindgen_test]
fn every_problem_is_reported_with_its_path() {
    let body = object(&[("scenario", "chats".into()), ("email", strings(&["a"])), ("noMail", "true".into())]);
    let report = validate_join_invitation(&"nope".into(), &body, &object(&[("timeoutMs", JsValue::from(-1))]));
    assert_eq!(get(&report, "valid"), JsValue::FALSE);
    assert_eq!(error_paths(&report), ["roomId", "email", "scenario", "noMail", "options.timeoutMs"]);
    assert!(get(&report, "request").is_null());
}

#[wasm_bindgen_test]
fn a_throwing_getter_is_an_unreadable_value() {
    let body = chat(&["ada@example.com"]);
    let descriptor = object(&[("get", throws("getter").into()), ("enumerable", JsValue::TRUE)]);
    Object::define_property(body.unchecked_ref::<Object>(), &"lang".into(), descriptor.unchecked_ref::<Object>());
    let report = validate_join_invitation(&ROOM.into(), &body, &JsValue::UNDEFINED);
    assert_eq!(error_paths(&report), ["lang"]);
}

#[wasm_bindgen_test]
fn proxies_whose_traps_throw_and_revoked_proxies_are_unreadable() {
    let handler = object(&[("get", throws("get").into()), ("ownKeys", throws("ownKeys").into()), ("getPrototypeOf", throws("proto").into())]);
    let trapping = Proxy::new(&chat(&["ada@example.com"]).unchecked_into(), handler.unchecked_ref());
    let report = validate_join_invitation(&ROOM.into(), &trapping, &JsValue::UNDEFINED);
    assert_eq!(error_paths(&report), ["body"]);

    let revocable = Proxy::revocable(&Object::new(), &Object::new());
    let revoked = get(&revocable, "proxy");
    get(&revocable, "revoke").unchecked_into::<Function>().call0(&JsValue::UNDEFINED).unwrap();
    let cases = [
        (ROOM.into(), revoked.clone(), JsValue::UNDEFINED, "body"),
        (ROOM.into(), chat(&["a@example.com"]), revoked.clone(), "options"),
        (revoked.clone(), chat(&["a@example.com"]), JsValue::UNDEFINED, "roomId"),
    ];
    for (room, body, options, path) in cases {
        let report = validate_join_invitation(&room, &body, &options);
        assert_eq!(error_paths(&report), [path]);
    }
}

#[wasm_bindgen_test]
fn cycles_and_huge_arrays_are_read_without_walking_them() {
    let body = chat(&["ada@example.com"]);
    Reflect::set(&body, &"emails".into(), &Array::of1(&body)).unwrap();
    let report = validate_join_invitation(&ROOM.into(), &body, &JsValue::UNDEFINED);
    assert_eq!(error_paths(&report), ["emails[0]"]);

    let huge = Array::new_with_length(1_000_000_000);
    let body = object(&[("scenario", "chat".into()), ("emails", huge.into())]);
    let report = validate_join_invitation(&ROOM.into(), &body, &JsValue::UNDEFINED);
    assert_eq!(error_paths(&report), ["emails"]);
}

/// Awaits a call's Promise: its value, or the error it rejected with.
async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// A fetch that answers every request with `status` and `body`.
fn answering(status: u16, body: &str) -> JsValue {
    Function::new_no_args(&format!("return Promise.resolve(new Response({body:?}, {{ status: {status}, headers: {{ 'x-rainbow-request-id': 'r-1' }} }}))")).into()
}

#[wasm_bindgen_test]
async fn a_call_resolves_to_the_success_model() {
    let body = r#"{"data":{"scenario":"chat","status":"Invitations successfully sent","invalidUsers":"a,b"}}"#;
    let options = object(&[("baseUrl", "https://rainbow.test".into()), ("fetch", answering(200, body))]);
    let data = settle(send_users_join_room_invitation(&ROOM.into(), &chat(&["ada@example.com"]), &options)).await.unwrap();
    let data = get(&data, "data");
    assert_eq!(js_sys::JSON::stringify(&get(&data, "invalidUsers")).unwrap(), r#"["a","b"]"#);
    assert_eq!(js_sys::JSON::stringify(&get(&data, "guestEmails")).unwrap(), "[]");

    let info = settle(send_user_room_invitation_cancelation_with_http_info(&ROOM.into(), &chat(&["g@x"]), &options)).await.unwrap();
    assert_eq!(get(&info, "status"), JsValue::from(200));
    assert_eq!(get(&info, "requestId").as_string().unwrap(), "r-1");
    assert_eq!(get(&info, "attempts"), JsValue::from(1));
}

#[wasm_bindgen_test]
async fn failures_reject_with_the_typed_error() {
    let options = object(&[("baseUrl", "https://rainbow.test".into()), ("fetch", answering(404, r#"{"errorCode":404,"errorMsg":"Not Found","errorDetails":"Room does not exist","errorDetailsCode":404001}"#))]);
    let e = settle(send_users_join_room_invitation(&ROOM.into(), &chat(&["ada@example.com"]), &options)).await.unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "name").as_string().unwrap(), "RainbowApiError");
    assert_eq!(get(&e, "code").as_string().unwrap(), "ERR_API");
    assert_eq!(get(&e, "status"), JsValue::from(404));
    assert_eq!(get(&e, "attempts"), JsValue::from(1));
    assert_eq!(get(&e, "mayHaveBeenDelivered"), JsValue::FALSE);

    // A validation failure rejects before anything is sent.
    let e = settle(send_users_join_room_invitation(&"x".into(), &chat(&[]), &JsValue::UNDEFINED)).await.unwrap_err();
    assert_eq!(get(&e, "name").as_string().unwrap(), "RainbowValidationError");
    assert_eq!(get(&e, "attempts"), JsValue::from(0));
}

#[wasm_bindgen_test]
async fn a_fetch_that_rejects_with_a_non_error_is_a_network_error() {
    for reason in ["'a string'", "42", "({ why: 1 })", "undefined", "Symbol('s')"] {
        let fetch = Function::new_no_args(&format!("return Promise.reject({reason})"));
        let options = object(&[("baseUrl", "https://rainbow.test".into()), ("fetch", fetch.into())]);
        let e = settle(send_users_join_room_invitation(&ROOM.into(), &chat(&["ada@example.com"]), &options)).await.unwrap_err();
        assert_eq!(get(&e, "name").as_string().unwrap(), "RainbowNetworkError", "{reason}");
    }
}
