//! The package's functions, as the wasm exports them to JS. The four calls return a Promise at
//! once, their arguments read and validated first; what follows is the async Rust driver
//! (`call::run`), turned into that Promise by wasm-bindgen-futures. The two validations are
//! synchronous.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::call::{self, Form};
use super::write::to_js;
use crate::model::Operation;
use crate::request;

#[wasm_bindgen(js_name = sendUsersJoinRoomInvitation)]
pub fn send_users_join_room_invitation(room_id: &JsValue, body: &JsValue, options: &JsValue) -> Promise {
    call::start(Operation::Invite, Form::Data, room_id, body, options)
}

#[wasm_bindgen(js_name = sendUserRoomInvitationCancelation)]
pub fn send_user_room_invitation_cancelation(room_id: &JsValue, body: &JsValue, options: &JsValue) -> Promise {
    call::start(Operation::Cancel, Form::Data, room_id, body, options)
}

#[wasm_bindgen(js_name = sendUsersJoinRoomInvitationWithHttpInfo)]
pub fn send_users_join_room_invitation_with_http_info(room_id: &JsValue, body: &JsValue, options: &JsValue) -> Promise {
    call::start(Operation::Invite, Form::WithHttpInfo, room_id, body, options)
}

#[wasm_bindgen(js_name = sendUserRoomInvitationCancelationWithHttpInfo)]
pub fn send_user_room_invitation_cancelation_with_http_info(room_id: &JsValue, body: &JsValue, options: &JsValue) -> Promise {
    call::start(Operation::Cancel, Form::WithHttpInfo, room_id, body, options)
}

#[wasm_bindgen(js_name = validateJoinInvitation)]
pub fn validate_join_invitation(room_id: &JsValue, body: &JsValue, options: &JsValue) -> JsValue {
    validate(Operation::Invite, room_id, body, options)
}

#[wasm_bindgen(js_name = validateCancelation)]
pub fn validate_cancelation(room_id: &JsValue, body: &JsValue, options: &JsValue) -> JsValue {
    validate(Operation::Cancel, room_id, body, options)
}

/// The `ValidationResult` of a call's arguments and options; nothing is sent.
fn validate(op: Operation, room_id: &JsValue, body: &JsValue, options: &JsValue) -> JsValue {
    let (options, room, body) = call::read_args(room_id, body, options);
    let (report, _) = request::check_owned(op, &room, body, &options.value, &call::platform());
    to_js(&report.into_value())
}
