//! Validation of a room id and a request body, producing exactly the body to send.
//!
//! Every problem is collected (never only the first), each at its field path, so that a caller
//! can fix a whole form at once. Nothing here touches JS: the shell hands in `Value`s.
//!
//! `fields` checks each field by its type, `email` holds the address grammar, `duplicates` finds
//! repeated entries of a list, `suggest` the likely name of an unknown field, `shown` how a value
//! is quoted in a message.

mod duplicates;
mod email;
mod fields;
mod shown;
mod suggest;

use serde::Serialize;

use crate::model::{add, FieldType, Issue, IssueCode, Operation, Scenario};
use crate::value::Value;

pub use email::{email_problem, lenient_email_problem};
pub use fields::{is_lang_tag, is_object_id, must_be};
pub use shown::{has_space_or_control, prefix, shown, truncate};
pub use suggest::{closest, listed};

/// What validation found: a request is present only when there are no errors.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub request: Option<Validated>,
}

/// A request that passed validation.
#[derive(Debug, PartialEq)]
pub struct Validated {
    pub path: String,
    /// Exactly the JSON object that is sent.
    pub body: Value,
}

/// The `ValidationResult` handed to JS.
#[derive(Serialize)]
struct ValidationResult<'a> {
    valid: bool,
    errors: &'a [Issue],
    warnings: &'a [Issue],
    path: Option<&'a str>,
    request: Option<&'a Value>,
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ValidationResult {
            valid: self.is_valid(),
            errors: &self.errors,
            warnings: &self.warnings,
            path: self.request.as_ref().map(|r| r.path.as_str()),
            request: self.request.as_ref().map(|r| &r.body),
        }
        .serialize(s)
    }
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Scrubs `secret`, a token the options give (none when empty), from every issue: a message
    /// quotes the value it is about, and a caller may pass the token by mistake as a field's value.
    pub fn redact(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        for issue in self.errors.iter_mut().chain(self.warnings.iter_mut()) {
            issue.message = crate::error::scrub(&issue.message, secret);
            issue.path = crate::error::scrub(&issue.path, secret);
        }
    }

    /// The `ValidationResult` as one `Value`, moved (a request can hold thousands of strings): what
    /// the shell hands to JS, the same as the `Serialize` above gives.
    pub fn into_value(self) -> Value {
        let valid = self.is_valid();
        let (path, request) = match self.request {
            Some(v) => (Value::String(v.path), v.body),
            None => (Value::Null, Value::Null),
        };
        Value::Object(vec![
            ("valid".into(), Value::Bool(valid)),
            ("errors".into(), Issue::list(self.errors)),
            ("warnings".into(), Issue::list(self.warnings)),
            ("path".into(), path),
            ("request".into(), request),
        ])
    }
}

/// Validates `room_id` and `body` for `op`.
pub fn validate(op: Operation, room_id: &Value, body: &Value) -> Report {
    validate_owned(op, room_id, body.clone())
}

/// `validate`, taking the body: the strings of its lists move into the request rather than being
/// copied (a list can hold thousands).
pub fn validate_owned(op: Operation, room_id: &Value, mut body: Value) -> Report {
    let mut report = Report::default();
    let room = if room_id.is_absent() {
        let message = "`roomId` is required: the Rainbow room id, 24 hexadecimal characters like 56f42c1914e2a8a91b99e595.";
        add(&mut report.errors, "roomId", IssueCode::Required, message.into());
        None
    } else {
        fields::check_id(room_id, "roomId", "room", &mut report.errors)
    };

    let Value::Object(entries) = &body else {
        let message = cat!("The request body must be a plain object like { scenario: 'chat', emails: […] }, got {}.", body.kind());
        add(&mut report.errors, "body", IssueCode::InvalidType, message);
        return report;
    };

    let known = op.fields();
    for (key, value) in entries {
        // `undefined` and `null` mean "not given", for unknown names too (objects spread from forms).
        if !value.is_absent() && !known.iter().any(|f| f.name == key) {
            report.errors.push(suggest::unknown_field(key, known));
        }
    }

    let scenario = read_scenario(op, body.get("scenario"), &mut report.errors);
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut recipients = 0usize;
    let mut emails = 0usize;
    for field in known {
        // Each field is read once, so its value can be taken out of the body.
        let value = body.take(field.name);
        if field.ty == FieldType::Scenario {
            if let Some(sc) = scenario {
                out.push((field.name.to_string(), Value::str(sc.as_str())));
            }
            continue;
        }
        if let Some(sc) = scenario {
            if !field.used_by.contains(&sc) {
                if !value.is_absent() {
                    let message = cat!("`{}` is not used by the {} scenario; it is left out of the request.", field.name, sc.as_str());
                    add(&mut report.warnings, field.name, IssueCode::IgnoredField, message);
                }
                continue;
            }
        }
        if value.is_absent() {
            if field.ty == FieldType::Lang {
                out.push((field.name.to_string(), Value::str("en")));
            }
            continue;
        }
        // How many recipients were given, for the "no recipients" check, before the list moves.
        let given = if let Value::Array(items) = &value { items.len() } else { 1 };
        let is_list = matches!(field.ty, FieldType::Ids | FieldType::Emails);
        match fields::check(op, field, value, &mut report) {
            Some(v) => {
                if let Value::Array(items) = &v {
                    recipients += items.len();
                    if field.ty == FieldType::Emails {
                        emails = items.len();
                    }
                }
                out.push((field.name.to_string(), v));
            }
            // Invalid entries (or a list that is not one) are reported on their own; don't also
            // claim there are no recipients.
            None if is_list => {
                recipients += given;
                if field.ty == FieldType::Emails {
                    emails = given;
                }
            }
            None => {}
        }
    }

    if let Some(sc) = scenario {
        if op.needs_emails(sc) && emails == 0 {
            let message = cat!("The {} scenario needs at least one e-mail address in `emails`.", sc.as_str());
            add(&mut report.errors, "emails", IssueCode::NoRecipients, message);
        } else if recipients == 0 {
            let message = cat!("The {} scenario needs at least one recipient: a user id in `users` or an address in `emails`.", sc.as_str());
            add(&mut report.errors, "emails", IssueCode::NoRecipients, message);
        }
    }

    if report.errors.is_empty() {
        if let Some(room) = room {
            report.request = Some(Validated { path: op.path(&room), body: Value::Object(out) });
        }
    }
    report
}

fn read_scenario(op: Operation, value: Option<&Value>, errors: &mut Vec<Issue>) -> Option<Scenario> {
    let allowed = "'chat', 'pstn-conference' or 'video-conference'";
    match value.unwrap_or(&Value::Undefined) {
        v if v.is_absent() => {
            let default = op.default_scenario();
            if default.is_none() {
                add(errors, "scenario", IssueCode::Required, cat!("`scenario` is required: one of {}.", allowed));
            }
            default
        }
        Value::String(s) => {
            let sc = Scenario::parse(s);
            if sc.is_none() {
                add(errors, "scenario", IssueCode::InvalidValue, cat!("`scenario` must be one of {}, got {}.", allowed, shown(s)));
            }
            sc
        }
        other => {
            errors.push(fields::type_error("scenario", "a string", other));
            None
        }
    }
}
