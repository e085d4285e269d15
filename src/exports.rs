//! The functions JS calls. Each one converts its arguments, hands them to the core, and turns the
//! outcome back into JS: a plain object, or a rejected `Error`.

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{self, error_to_js, get, read_options, to_js, to_value, BODY_DEPTH};
use crate::json::Value;
use crate::error::ClientError;
use crate::model::{Issue, IssueCode, Operation};
use crate::{call, request};

/// A browser's page origin, as the spec's relative paths mean; `http://localhost` elsewhere.
/// Looked up only when `options.baseUrl` is absent: it costs two property reads per call.
fn default_base_url(options: &Value) -> String {
    if options.get("baseUrl").is_some_and(|b| !b.is_absent()) {
        return String::new();
    }
    get(&get(&js_sys::global(), "location"), "origin")
        .as_string()
        .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
        .unwrap_or_else(|| "http://localhost".to_string())
}

fn validate(op: Operation, room_id: &JsValue, body: &JsValue, options: &JsValue) -> JsValue {
    let options = read_options(options).value;
    let (report, _) = request::check(op, &to_value(room_id, 0), &to_value(body, BODY_DEPTH), &options, &default_base_url(&options));
    to_js(&report.to_value())
}

#[wasm_bindgen(js_name = validateJoinInvitation)]
pub fn validate_join_invitation(room_id: JsValue, body: JsValue, options: JsValue) -> JsValue {
    validate(Operation::Invite, &room_id, &body, &options)
}

#[wasm_bindgen(js_name = validateCancelation)]
pub fn validate_cancelation(room_id: JsValue, body: JsValue, options: JsValue) -> JsValue {
    validate(Operation::Cancel, &room_id, &body, &options)
}

// Plain functions returning a Promise rather than four `async fn` exports: each async export
// would carry its own copy of the whole call's state machine.
#[wasm_bindgen(js_name = sendUsersJoinRoomInvitation)]
pub fn send_users_join_room_invitation(room_id: JsValue, body: JsValue, options: JsValue) -> Promise {
    start(Operation::Invite, room_id, body, options, false)
}

#[wasm_bindgen(js_name = sendUserRoomInvitationCancelation)]
pub fn send_user_room_invitation_cancelation(room_id: JsValue, body: JsValue, options: JsValue) -> Promise {
    start(Operation::Cancel, room_id, body, options, false)
}

#[wasm_bindgen(js_name = sendUsersJoinRoomInvitationWithHttpInfo)]
pub fn send_users_join_room_invitation_with_http_info(room_id: JsValue, body: JsValue, options: JsValue) -> Promise {
    start(Operation::Invite, room_id, body, options, true)
}

#[wasm_bindgen(js_name = sendUserRoomInvitationCancelationWithHttpInfo)]
pub fn send_user_room_invitation_cancelation_with_http_info(room_id: JsValue, body: JsValue, options: JsValue) -> Promise {
    start(Operation::Cancel, room_id, body, options, true)
}

#[inline(never)]
fn start(op: Operation, room_id: JsValue, body: JsValue, options: JsValue, http_info: bool) -> Promise {
    wasm_bindgen_futures::future_to_promise(call(op, room_id, body, options, http_info))
}

async fn call(op: Operation, room_id: JsValue, body: JsValue, options: JsValue, http_info: bool) -> Result<JsValue, JsValue> {
    let mut options = read_options(&options);
    let default = default_base_url(&options.value);
    let req = request::prepare(op, &to_value(&room_id, 0), &to_value(&body, BODY_DEPTH), &options.value, &default)
        .map_err(|e| error_to_js(e.with_call_facts(0, false, None), None))?;

    let fetch = match options.fetch.take() {
        Some(f) => f,
        None => get(&js_sys::global(), "fetch").dyn_into::<Function>().map_err(|_| {
            let issue = Issue::new("options.fetch", IssueCode::InvalidOption, "This environment has no global fetch: pass one as options.fetch.");
            error_to_js(ClientError::validation(vec![issue], Vec::new()).with_call_facts(0, false, None), None)
        })?,
    };

    let done = call::run(req, fetch, options).await?;
    let data = to_js(&done.data);
    if !http_info {
        return Ok(data);
    }
    let info = Object::new();
    let request_id = done.response.header("x-rainbow-request-id");
    let headers = Object::from_entries(&done.response.headers).map(JsValue::from).unwrap_or_else(|_| Object::new().into());
    let text = |s: Option<String>| s.map_or(JsValue::NULL, |s| JsValue::from_str(&s));
    for (key, value) in [
        ("data", data),
        ("status", JsValue::from(done.response.status)),
        ("headers", headers),
        ("requestId", text(request_id)),
        ("correlationId", text(done.correlation_id)),
        ("attempts", JsValue::from(done.attempts)),
    ] {
        convert::set(&info, key, &value);
    }
    Ok(info.into())
}
