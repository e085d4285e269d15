//! Reading what the server answered: the success model, read tolerantly, or a typed error.
//!
//! The spec's own examples contradict its schema (`invalidUsers` as a string, an array, or under
//! `data.failed`; the cancel example without its `data` wrapper), so every one of those shapes is
//! read, and the caller always gets `{ data: { …, guestEmails: [], invalidUsers: [] } }`.

use crate::prelude::*;
use crate::error::{ApiFailure, ClientError};
use crate::json::{self, Value};
use crate::text::{pieces, trim};

/// Turns a status and body into the success value or the error to reject with.
pub fn read(status: u16, body: &str, request_id: Option<&str>) -> Result<Value, ClientError> {
    if (200..300).contains(&status) {
        json::parse(body)
            .map_err(|e| e.0)
            .and_then(success)
            .map_err(|why| ClientError::response(status, why, body, request_id))
    } else {
        Err(api_failure(status, body, request_id).into())
    }
}

/// Normalizes a success body; the error says why it can't be read as the model.
pub fn success(body: Value) -> Result<Value, &'static str> {
    let Value::Object(top) = body else { return Err("the body is not a JSON object") };
    let (data, rest) = if top.iter().any(|(k, _)| k == "data") {
        let mut rest = top;
        (take(&mut rest, "data"), rest)
    } else {
        (Value::Object(top), Vec::new())
    };
    let Value::Object(mut fields) = data else { return Err("`data` is not an object") };

    let guests = string_list(&take(&mut fields, "guestEmails")).ok_or("`guestEmails` is not a list of strings")?;
    let mut all = string_list(&take(&mut fields, "invalidUsers")).ok_or("`invalidUsers` is not a list of strings")?;
    if let Some(failed) = json::last(&fields, "failed") {
        let nested = string_list(failed.get("invalidUsers").unwrap_or(&Value::Undefined))
            .ok_or("`failed.invalidUsers` is not a list of strings")?;
        all.extend(nested);
    }
    let mut invalid: Vec<Value> = Vec::new();
    for id in all {
        if !invalid.iter().any(|seen| seen.as_str() == id.as_str()) {
            invalid.push(id);
        }
    }
    fields.push(("guestEmails".to_string(), Value::Array(guests)));
    fields.push(("invalidUsers".to_string(), Value::Array(invalid)));

    let mut out = vec![("data".to_string(), Value::Object(fields))];
    out.extend(rest);
    Ok(Value::Object(out))
}

/// Removes every `key` from an object's entries, returning the last value.
fn take(fields: &mut Vec<(String, Value)>, key: &str) -> Value {
    let mut last = Value::Undefined;
    // Rebuilt rather than `retain_mut`, whose instance costs 0.25 KB of wasm.
    let mut kept = Vec::with_capacity(fields.len());
    for (k, v) in core::mem::take(fields) {
        if k == key {
            // In order, so the last one stays.
            last = v;
        } else {
            kept.push((k, v));
        }
    }
    *fields = kept;
    last
}

/// The strings of a list given as an array, a comma-separated string, or nothing; `None` when the
/// value is neither. Read by reference, so that no `Value` is cloned (`failed` stays in the data):
/// the lists are short.
fn string_list(v: &Value) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    match v {
        Value::Undefined | Value::Null => {}
        Value::String(s) => {
            for id in pieces(s, b",").map(trim).filter(|id| !id.is_empty()) {
                out.push(Value::str(id));
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push(Value::str(item.as_str()?));
            }
        }
        _ => return None,
    }
    Some(out)
}

/// Whether a 401's body says the token expired (`errorDetails: "jwt expired"`).
pub fn token_expired(body: &str) -> bool {
    let Ok(v) = json::parse(body) else { return false };
    let details = v.get("errorDetails");
    let text = details.and_then(Value::as_str).or_else(|| details.and_then(|d| d.get("errorMsg")).and_then(Value::as_str));
    text.is_some_and(|t| crate::text::find(&t.to_ascii_lowercase(), "expired", 0).is_some())
}

/// Reads a Rainbow error body; anything that is not one keeps its raw text in `body`.
pub fn api_failure(status: u16, body: &str, request_id: Option<&str>) -> ApiFailure {
    let mut failure = ApiFailure { status, request_id: request_id.map(String::from), ..ApiFailure::default() };
    match json::parse(body) {
        Ok(mut v @ Value::Object(_)) => {
            failure.error_code = v.get("errorCode").and_then(Value::as_i64);
            failure.error_msg = v.get("errorMsg").and_then(Value::as_str).map(String::from);
            failure.error_details = v.take("errorDetails");
            failure.error_details_code = v.get("errorDetailsCode").and_then(Value::as_i64);
        }
        _ if body.is_empty() => {}
        _ => failure.body = Some(body.to_string()),
    }
    failure
}
