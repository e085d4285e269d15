//! Reading what the server answered: the success model, read tolerantly, or a typed error.
//!
//! The spec's own examples contradict its schema (`invalidUsers` as a string, an array, or under
//! `data.failed`; the cancel example without its `data` wrapper), so every one of those shapes is
//! read, and the caller always gets `{ data: { …, guestEmails: [], invalidUsers: [] } }`.

use crate::error::{ApiFailure, ClientError};
use crate::value::{self, Value};

/// What the server answered to one attempt, as the shell read it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    pub status: u16,
    /// The body's text, read in full.
    pub text: String,
    /// What `JSON.parse` made of `text`, or `None` when it is not JSON.
    pub json: Option<Value>,
    /// The `x-rainbow-request-id` header.
    pub request_id: Option<String>,
    /// The `retry-after-ms` header.
    pub retry_after_ms: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
}

/// Turns an answer into the success value or the error to reject with.
pub fn read(answer: Answer) -> Result<Value, ClientError> {
    if !(200..300).contains(&answer.status) {
        return Err(api_failure(answer).into());
    }
    let Answer { status, text, json, request_id, .. } = answer;
    json.ok_or("the body is not a JSON object")
        .and_then(success)
        .map_err(|why| ClientError::response(status, why, &text, request_id.as_deref()))
}

/// Normalizes a success body; the error says why it can't be read as the model.
pub fn success(body: Value) -> Result<Value, &'static str> {
    let top = match body {
        Value::Object(top) => top,
        // What the shell could not read of a JSON document, and why.
        Value::Opaque(why) => return Err(why),
        _ => return Err("the body is not a JSON object"),
    };
    let (data, rest) = if top.iter().any(|(k, _)| k == "data") {
        let mut rest = top;
        (take(&mut rest, "data"), rest)
    } else {
        (Value::Object(top), Vec::new())
    };
    let Value::Object(mut fields) = data else { return Err("`data` is not an object") };

    let guests = string_list(&take(&mut fields, "guestEmails")).ok_or("`guestEmails` is not a list of strings")?;
    let mut all = string_list(&take(&mut fields, "invalidUsers")).ok_or("`invalidUsers` is not a list of strings")?;
    if let Some(failed) = value::last(&fields, "failed") {
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
    fields.retain_mut(|(k, v)| {
        if k != key {
            return true;
        }
        // In order, so the last one stays.
        last = std::mem::take(v);
        false
    });
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
            for id in crate::search::split(s, b',') {
                let id = id.trim();
                if !id.is_empty() {
                    out.push(Value::str(id));
                }
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
pub fn token_expired(json: Option<&Value>) -> bool {
    let details = json.and_then(|v| v.get("errorDetails"));
    let text = details.and_then(Value::as_str).or_else(|| details.and_then(|d| d.get("errorMsg")).and_then(Value::as_str));
    text.is_some_and(|t| crate::search::contains(&t.to_ascii_lowercase(), "expired"))
}

/// Reads a Rainbow error body; anything that is not one keeps its raw text in `body`.
pub fn api_failure(answer: Answer) -> ApiFailure {
    let Answer { status, text, json, request_id, location, .. } = answer;
    let mut failure = ApiFailure { status, request_id, location, ..ApiFailure::default() };
    match json {
        Some(mut v @ Value::Object(_)) => {
            failure.error_code = v.get("errorCode").and_then(Value::as_i64);
            failure.error_msg = v.get("errorMsg").and_then(Value::as_str).map(String::from);
            failure.error_details = v.take("errorDetails");
            failure.error_details_code = v.get("errorDetailsCode").and_then(Value::as_i64);
            // An object without any of Rainbow's fields (a gateway's `{ message }`, say) is kept
            // as text: nothing of it would show otherwise.
            let rainbows = failure.error_code.is_some() || failure.error_msg.is_some() || failure.error_details_code.is_some();
            if !rainbows && failure.error_details.is_absent() {
                failure.body = Some(text);
            }
        }
        _ if text.is_empty() => {}
        _ => failure.body = Some(text),
    }
    failure
}
