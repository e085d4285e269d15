//! The rules of each field type: ids, lists of ids or e-mails, language tags, text and flags.
//! Each check returns the value to send, or records why there is none.

use crate::model::{add, Field, FieldType, Issue, IssueCode, Operation};
use crate::value::Value;

use super::duplicates::Seen;
use super::email::{email_problem, lenient_email_problem};
use super::shown::{char_count, shown};
use super::Report;

/// Checks one present, used field and returns the value to send.
pub(super) fn check(op: Operation, field: &Field, value: Value, report: &mut Report) -> Option<Value> {
    let name = field.name;
    match field.ty {
        // The list moves into the request: it can hold thousands of strings.
        FieldType::Ids | FieldType::Emails => check_list(op, field, value, report),
        FieldType::Scenario => None,
        FieldType::Id => check_id(&value, name, "conference", &mut report.errors).map(Value::String),
        FieldType::Flag => match value {
            Value::Bool(b) => Some(Value::Bool(b)),
            other => {
                report.errors.push(type_error(name, "true or false", &other));
                None
            }
        },
        FieldType::Text => check_string(&value, name, &mut report.errors).map(Value::str),
        FieldType::Lang => {
            let s = check_string(&value, name, &mut report.errors)?;
            if is_lang_tag(s) {
                return Some(Value::str(s));
            }
            let message = cat!("`lang` must be a language tag such as 'en', 'fr' or 'en-US', got {}.", shown(s));
            add(&mut report.errors, name, IssueCode::InvalidLang, message);
            None
        }
    }
}

/// `s.trim()`, skipping the Unicode white space table when both ends are visible ASCII (nearly
/// every entry of a long list).
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Checks a list of ids or e-mails: every entry, then drops duplicates with a warning.
fn check_list(op: Operation, field: &Field, value: Value, report: &mut Report) -> Option<Value> {
    let name = field.name;
    let items = match value {
        Value::Array(items) => items,
        other => {
            let tail = if matches!(other, Value::String(_)) { ". Wrap a single entry in an array: [\"…\"]." } else { "." };
            add(&mut report.errors, name, IssueCode::InvalidType, must_be(name, "an array of strings", other.kind(), tail));
            return None;
        }
    };
    let before = report.errors.len();
    // First each entry is checked, and compared with the ones before it, in place; then the kept
    // ones are moved out (a list can hold thousands of strings).
    // For each entry, whether it is sent, and trimmed.
    let mut keep = vec![(false, false); items.len()];
    let mut seen = Seen::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        // Lists can hold thousands of entries: a valid one is accepted without building its path.
        let path = || cat!("{}[{}]", name, i);
        let valid = match (item, field.ty) {
            (Value::String(s), FieldType::Ids) => is_object_id(s).then_some(s.as_str()),
            (Value::String(s), _) => {
                let email = trim(s);
                email_rule(op)(email).is_none().then_some(email)
            }
            _ => None,
        };
        // Only an entry the checks above refused gets here: the full checks report why.
        let Some(entry) = valid else {
            if field.ty == FieldType::Ids {
                check_id(item, &path(), "user", &mut report.errors);
            } else {
                check_email_entry(op, item, &path(), &mut report.errors);
            }
            continue;
        };
        match seen.insert(entry, i) {
            Some(first) => {
                let message = cat!("{} repeats {}[{}]; it is sent once.", shown(entry), name, first);
                add(&mut report.warnings, &path(), IssueCode::Duplicate, message);
            }
            None => {
                if let Some(k) = keep.get_mut(i) {
                    *k = (true, entry.len() != item.as_str().map_or(0, str::len));
                }
            }
        }
    }
    if report.errors.len() != before {
        return None;
    }
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    for (item, (keep, trimmed)) in items.into_iter().zip(keep) {
        match item {
            Value::String(s) if trimmed => kept.push(Value::str(s.trim())),
            // The string itself when trimming leaves it whole (nearly always): moved, not copied.
            item if keep => kept.push(item),
            _ => {}
        }
    }
    Some(Value::Array(kept))
}

/// The address rule of `op`: an invitation's is strict, a cancellation's lenient (see `email`).
fn email_rule(op: Operation) -> fn(&str) -> Option<&'static str> {
    match op {
        Operation::Invite => email_problem,
        Operation::Cancel => lenient_email_problem,
    }
}

fn check_email_entry(op: Operation, item: &Value, path: &str, errors: &mut Vec<Issue>) {
    let Some(raw) = check_string(item, path, errors) else { return };
    let email = raw.trim();
    if let Some(why) = email_rule(op)(email) {
        add(errors, path, IssueCode::InvalidEmail, cat!("{} is not a valid e-mail address: {}.", shown(email), why));
    }
}

/// A string field's text, or an issue saying why it is not one.
fn check_string<'a>(value: &'a Value, path: &str, errors: &mut Vec<Issue>) -> Option<&'a str> {
    match value {
        Value::String(s) => Some(s),
        Value::Opaque(kind) if kind.starts_with("a string longer") => {
            add(errors, path, IssueCode::InvalidString, cat!("`{}` is {}: send less.", path, kind));
            None
        }
        Value::Opaque(kind) if kind.starts_with("a string") => {
            let message = cat!("`{}` is {}, which can't be sent as JSON text; fix the text's encoding.", path, kind);
            add(errors, path, IssueCode::InvalidString, message);
            None
        }
        other => {
            errors.push(type_error(path, "a string", other));
            None
        }
    }
}

/// A 24-hex id (room, conference or user), or an issue at `path`.
pub(super) fn check_id(value: &Value, path: &str, what: &str, errors: &mut Vec<Issue>) -> Option<String> {
    let s = check_string(value, path, errors)?;
    if is_object_id(s) {
        return Some(s.to_string());
    }
    let characters = char_count(s);
    let plural = if characters == 1 { "" } else { "s" };
    let message = cat!("`{}` must be a Rainbow {} id: 24 hexadecimal characters like 56f42c1914e2a8a91b99e595, got {} ({} character{}).", path, what, shown(s), characters, plural);
    add(errors, path, IssueCode::InvalidId, message);
    None
}

pub(super) fn type_error(path: &str, expected: &str, got: &Value) -> Issue {
    let tail = match (expected, got) {
        ("true or false", Value::String(s)) if s == "true" || s == "false" => " (a string, not a boolean: drop the quotes).",
        _ => ".",
    };
    Issue::new(path, IssueCode::InvalidType, must_be(path, expected, got.kind(), tail))
}

/// "`name` must be `expected`, got `got`" and `tail` (the closing period, or a hint and its
/// period): the one shape of the type errors of the body and the options.
pub fn must_be(name: &str, expected: &str, got: &str, tail: &str) -> String {
    cat!("`{}` must be {}, got {}{}", name, expected, got, tail)
}

/// MongoDB-style object id: Rainbow's room, user and conference ids.
pub fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A BCP 47-like tag: a 2–3 letter language, then subtags of 1–8 letters or digits.
pub fn is_lang_tag(s: &str) -> bool {
    let mut parts = crate::search::split(s, b'-');
    let lang_ok = parts.next().is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    lang_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
