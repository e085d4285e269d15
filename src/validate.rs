//! Validation of a room id and a request body, producing exactly the JSON to send.
//!
//! Every problem is collected (never only the first), each at its field path, so that a caller
//! can fix a whole form at once. Nothing here touches JS: the boundary hands in `json::Value`s.

use crate::prelude::*;
use crate::error::truncate;
use crate::text::{comma_list, decimal, fill, find, pieces, trim};
use crate::json::Value;
use crate::model::{add, Field, FieldType, Issue, IssueCode, Operation, Scenario};

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

impl Report {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The `ValidationResult` handed to JS. Consumes the report: the request can hold thousands
    /// of strings, moved rather than copied.
    pub fn into_value(self) -> Value {
        let valid = self.is_valid();
        let (path, request) = match self.request {
            Some(v) => (Value::String(v.path), v.body),
            None => (Value::Null, Value::Null),
        };
        Value::Object(vec![
            ("valid".to_string(), Value::Bool(valid)),
            ("errors".to_string(), Issue::list(self.errors)),
            ("warnings".to_string(), Issue::list(self.warnings)),
            ("path".to_string(), path),
            ("request".to_string(), request),
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
        check_id(room_id, "roomId", "room", &mut report.errors)
    };

    let Value::Object(entries) = &body else {
        add(
            &mut report.errors,
            "body",
            IssueCode::InvalidType,
            fill("The request body must be a plain object like { scenario: 'chat', emails: […] }, got {}.", &[body.kind()]),
        );
        return report;
    };

    let fields = op.fields();
    for (key, value) in entries {
        // `undefined` and `null` mean "not given", for unknown names too (objects spread from forms).
        if !value.is_absent() && !fields.iter().any(|f| f.name == key) {
            report.errors.push(unknown_field(key, fields));
        }
    }

    let scenario = read_scenario(op, body.get("scenario"), &mut report.errors);
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut recipients = 0usize;
    let mut emails = 0usize;
    for field in fields {
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
                    add(
                        &mut report.warnings,
                        field.name,
                        IssueCode::IgnoredField,
                        fill("`{}` is not used by the {} scenario; it is left out of the request.", &[field.name, sc.as_str()]),
                    );
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
        if let Some(v) = check_field(op, field, value, &mut report) {
            if let Value::Array(items) = &v {
                recipients += items.len();
                if field.ty == FieldType::Emails {
                    emails = items.len();
                }
            }
            out.push((field.name.to_string(), v));
        } else if matches!(field.ty, FieldType::Ids | FieldType::Emails) {
            // Invalid entries (or a list that is not one) are reported on their own; don't also
            // claim there are no recipients.
            recipients += given;
            if field.ty == FieldType::Emails {
                emails = given;
            }
        }
    }

    if let Some(sc) = scenario {
        if op.needs_emails(sc) && emails == 0 {
            add(
                &mut report.errors,
                "emails",
                IssueCode::NoRecipients,
                fill("The {} scenario needs at least one e-mail address in `emails`.", &[sc.as_str()]),
            );
        } else if recipients == 0 {
            add(
                &mut report.errors,
                "emails",
                IssueCode::NoRecipients,
                fill("The {} scenario needs at least one recipient: a user id in `users` or an address in `emails`.", &[sc.as_str()]),
            );
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
                add(errors, "scenario", IssueCode::Required, fill("`scenario` is required: one of {}.", &[allowed]));
            }
            default
        }
        Value::String(s) => {
            let sc = Scenario::parse(s);
            if sc.is_none() {
                add(
                    errors,
                    "scenario",
                    IssueCode::InvalidValue,
                    fill("`scenario` must be one of {}, got {}.", &[allowed, &shown(s)]),
                );
            }
            sc
        }
        other => {
            errors.push(type_error("scenario", "a string", other));
            None
        }
    }
}

/// Checks one present, used field and returns the value to send.
fn check_field(op: Operation, field: &Field, value: Value, report: &mut Report) -> Option<Value> {
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
                Some(Value::str(s))
            } else {
                add(
                    &mut report.errors,
                    name,
                    IssueCode::InvalidLang,
                    fill("`lang` must be a language tag such as 'en', 'fr' or 'en-US', got {}.", &[&shown(s)]),
                );
                None
            }
        }
    }
}

/// Checks a list of ids or e-mails: every entry, then drops duplicates with a warning.
fn check_list(op: Operation, field: &Field, value: Value, report: &mut Report) -> Option<Value> {
    check_list_hashed(op, field, value, report, folded_hash)
}

/// `check_list` with the hash as a parameter, so that tests can make every entry collide.
fn check_list_hashed(op: Operation, field: &Field, value: Value, report: &mut Report, hash_of: impl Fn(&str) -> u64) -> Option<Value> {
    let name = field.name;
    let items = match value {
        Value::Array(items) => items,
        other => {
            let hint = if matches!(other, Value::String(_)) { " Wrap a single entry in an array: [\"…\"]." } else { "" };
            add(
                &mut report.errors,
                name,
                IssueCode::InvalidType,
                fill("`{}` must be an array of strings, got {}.{}", &[name, other.kind(), hint]),
            );
            return None;
        }
    };
    let before = report.errors.len();
    // Each kept entry by its folded hash, in an open-addressed table never more than half full:
    // the hash's low bits pick the first slot to look at, then the next ones until a free one. A
    // slot holds the hash's high bits and the entry's place in `kept` plus one (0: free). Entries
    // with one hash sit in one run of slots, so a collision costs a comparison, not a scan.
    let mask = (items.len() * 2).next_power_of_two() - 1;
    let mut slots: Vec<(u32, u32)> = vec![(0, 0); mask + 1];
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    // Each kept entry's index in the list.
    let mut origins: Vec<usize> = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let path = || fill("{}[{}]", &[name, &decimal(i as u64)]);
        // Lists can hold thousands of entries: a valid one is accepted without building its path.
        let valid = match (&item, field.ty) {
            (Value::String(s), FieldType::Ids) => is_object_id(s).then_some(s.as_str()),
            (Value::String(s), _) => {
                let email = trimmed(s);
                let problem = if op == Operation::Invite { email_problem(email) } else { lenient_email_problem(email) };
                problem.is_none().then_some(email)
            }
            _ => None,
        };
        // Only an entry the checks above refused gets here: the full checks report why.
        let Some(entry) = valid else {
            if field.ty == FieldType::Ids {
                check_id(&item, &path(), "user", &mut report.errors);
            } else {
                check_email_entry(op, &item, &path(), &mut report.errors);
            }
            continue;
        };
        let hash = hash_of(entry);
        let (tag, mut slot) = ((hash >> 32) as u32, hash as usize & mask);
        let first = loop {
            match slots.get(slot) {
                Some(&(t, place)) if place != 0 => {
                    let at = place as usize - 1;
                    if t == tag && matches!(kept.get(at), Some(Value::String(k)) if k.eq_ignore_ascii_case(entry)) {
                        break origins.get(at).copied();
                    }
                }
                _ => break None,
            }
            slot = (slot + 1) & mask;
        };
        if let Some(first) = first {
            add(
                &mut report.warnings,
                &path(),
                IssueCode::Duplicate,
                fill("{} repeats {}[{}]; it is sent once.", &[&shown(entry), name, &decimal(first as u64)]),
            );
            continue;
        }
        // `slot` is the free one the search ended at.
        if let Some(free) = slots.get_mut(slot) {
            *free = (tag, kept.len() as u32 + 1);
        }
        origins.push(i);
        // The string itself when trimming left it whole (nearly always): moved, not copied.
        let trimmed = (entry.len() != item.as_str().map_or(0, str::len)).then(|| entry.to_string());
        kept.push(trimmed.map_or(item, Value::String));
    }
    (report.errors.len() == before).then_some(Value::Array(kept))
}

fn check_email_entry(op: Operation, item: &Value, path: &str, errors: &mut Vec<Issue>) -> Option<String> {
    let raw = check_string(item, path, errors)?;
    let email = trim(raw);
    let problem = match op {
        Operation::Invite => email_problem(email),
        Operation::Cancel => lenient_email_problem(email),
    };
    match problem {
        None => Some(email.to_string()),
        Some(why) => {
            add(errors, path, IssueCode::InvalidEmail, fill("{} is not a valid e-mail address: {}.", &[&shown(email), why]));
            None
        }
    }
}

/// A string field's text, or an issue saying why it is not one.
fn check_string<'a>(value: &'a Value, path: &str, errors: &mut Vec<Issue>) -> Option<&'a str> {
    match value {
        Value::String(s) => Some(s),
        Value::Opaque(kind) if kind.starts_with("a string longer") => {
            add(errors, path, IssueCode::InvalidString, fill("`{}` is {}: send less.", &[path, kind]));
            None
        }
        Value::Opaque(kind) if kind.starts_with("a string") => {
            add(
                errors,
                path,
                IssueCode::InvalidString,
                fill("`{}` is {}, which can't be sent as JSON text; fix the text's encoding.", &[path, kind]),
            );
            None
        }
        other => {
            errors.push(type_error(path, "a string", other));
            None
        }
    }
}

/// The hash of a list entry as compared, in ASCII case only (the domain is case-insensitive, and
/// servers fold local parts no further), computed without building a folded copy.
fn folded_hash(s: &str) -> u64 {
    let mut state = Mix::default();
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        // Always eight bytes: one load.
        let eight: Option<[u8; 8]> = chunk.try_into().ok();
        state.add(fold(eight.map_or(0, u64::from_le_bytes)));
    }
    state.add(fold(word(chunks.remainder())) ^ bytes.len() as u64);
    state.finish()
}

/// Up to eight bytes as a little-endian word, by shifts: at opt-level "z" a copy into an array
/// is a call per word.
#[inline(always)]
fn word(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b))
}

/// Eight bytes with ASCII upper case made lower case at once: bit 5 is set on the bytes in
/// `A`..=`Z` (and only those; bytes over 0x7f are left as they are).
#[inline(always)]
fn fold(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = w & LOW7;
    let at_least_a = seven + 0x3f3f_3f3f_3f3f_3f3f; // high bit set where the byte >= 'A'
    let above_z = seven + 0x2525_2525_2525_2525; // high bit set where the byte > 'Z'
    let upper = at_least_a & !above_z & !w & HIGH;
    w | (upper >> 2)
}

/// A multiply-rotate hash (as rustc's FxHash) with a final mix, since the table uses both halves
/// of it: duplicate detection needs no protection against crafted collisions (the caller
/// sends their own list), and SipHash costs kilobytes of wasm and most of the time.
#[derive(Default)]
struct Mix(u64);

impl Mix {
    #[inline(always)]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

/// A 24-hex id (room, conference or user), or an issue at `path`.
fn check_id(value: &Value, path: &str, what: &str, errors: &mut Vec<Issue>) -> Option<String> {
    let s = check_string(value, path, errors)?;
    if is_object_id(s) {
        Some(s.to_string())
    } else {
        // Characters, not bytes; counted without core's chunked counter (a kilobyte of wasm).
        let characters = decimal(s.bytes().filter(|&b| b & 0xC0 != 0x80).count() as u64);
        add(
            errors,
            path,
            IssueCode::InvalidId,
            fill(
                "`{}` must be a Rainbow {} id: 24 hexadecimal characters like 56f42c1914e2a8a91b99e595, got {} ({} characters).",
                &[path, what, &shown(s), &characters],
            ),
        );
        None
    }
}

fn type_error(path: &str, expected: &str, got: &Value) -> Issue {
    let hint = match (expected, got) {
        ("true or false", Value::String(s)) if s == "true" || s == "false" => " (a string, not a boolean: drop the quotes)",
        _ => "",
    };
    Issue::new(path, IssueCode::InvalidType, fill("`{}` must be {}, got {}{}.", &[path, expected, got.kind(), hint]))
}

fn unknown_field(key: &str, fields: &[Field]) -> Issue {
    let shown_key = shown(key);
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let suggestion = closest(key, &names);
    let message = match suggestion {
        Some(s) => fill("Unknown field {}: did you mean `{}`?", &[&shown_key, s]),
        None => fill("Unknown field {}; the known fields are {}.", &[&shown_key, &comma_list(&names)]),
    };
    Issue::new(truncate(key, 64), IssueCode::UnknownField, message)
}

/// The known name closest to `key`, when it is close enough to be a likely typo.
pub fn closest<'a>(key: &str, names: &[&'a str]) -> Option<&'a str> {
    if key.len() > 64 {
        return None;
    }
    // The first of the nearest, as `min_by_key` would pick.
    let mut best: Option<(usize, &str)> = None;
    for &name in names {
        let d = edit_distance(key, name);
        if d <= 2.max(name.len() / 4) && best.is_none_or(|(nearest, _)| d < nearest) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| name)
}

/// Levenshtein's distance in characters, ASCII case ignored: compared a character at a time
/// rather than on lower-cased copies.
fn edit_distance(a: &str, b: &str) -> usize {
    // One row of the table, over `b`'s characters, decoded again for each row rather than
    // collected (the names are short). `get` rather than indexing: the bounds always hold, but a
    // checked index would bring in core's formatted panic (a kilobyte of wasm).
    let mut row: Vec<usize> = vec![0];
    for (j, _) in b.chars().enumerate() {
        row.push(j + 1);
    }
    for (i, ca) in a.chars().enumerate() {
        let mut diag = i;
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.chars().enumerate() {
            let (left, up) = (row.get(j).copied().unwrap_or(0), row.get(j + 1).copied().unwrap_or(0));
            let next = (diag + usize::from(!ca.eq_ignore_ascii_case(&cb))).min(left + 1).min(up + 1);
            diag = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = next;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// MongoDB-style object id: Rainbow's room, user and conference ids.
pub fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A BCP 47-like tag: a 2–3 letter language, then subtags of 1–8 letters or digits.
pub fn is_lang_tag(s: &str) -> bool {
    let mut parts = pieces(s, b"-");
    let lang_ok = parts.next().is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    lang_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// White space (ASCII and the Unicode spaces people paste) or a control character. Written out
/// rather than `char::is_whitespace`, whose Unicode table costs bytes in every download.
pub fn has_space_or_control(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().any(|b| b <= b' ' || b == 0x7f);
    }
    s.chars().any(|c| {
        c.is_control()
            || c.is_ascii_whitespace()
            || matches!(c, '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200b}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}')
    })
}

/// `s.trim()`, without the Unicode look-up when both ends are plain ASCII.
#[inline(always)]
fn trimmed(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        trim(s)
    }
}

/// Whether `email` is an ASCII address that passes every check of `email_problem`, in one pass:
/// lists hold thousands of addresses, nearly all of them like this. `false` says nothing; then
/// `email_problem` decides, and says why.
fn plainly_valid(email: &[u8]) -> bool {
    // Slice loops over a 256-entry table (a byte can't index past it): iterator adapters and
    // closures don't fold away at opt-level "z".
    if email.len() > 254 {
        return false;
    }
    let Some(at) = email.iter().position(|&b| b == b'@') else { return false };
    let (local, domain) = email.split_at(at);
    // The part before the '@': no leading, trailing or double dot, only characters that need no
    // quoting.
    let mut prev = b'.';
    for &b in local {
        if CLASS[usize::from(b)] & LOCAL == 0 || (b == b'.' && prev == b'.') {
            return false;
        }
        prev = b;
    }
    if local.is_empty() || local.len() > 64 || prev == b'.' || domain.len() > 254 {
        return false;
    }
    // The domain: labels of letters, digits and inner '-', 1 to 63 long; at least two; the last
    // not all digits.
    let (mut labels, mut len, mut digits_only) = (0, 0, true);
    prev = b'.';
    for &b in domain.iter().skip(1).chain(b".") {
        if b == b'.' {
            if len == 0 || len > 63 || prev == b'-' {
                return false;
            }
            labels += 1;
            len = 0;
        } else {
            let class = CLASS[usize::from(b)];
            if class & LABEL == 0 || (b == b'-' && len == 0) {
                return false;
            }
            if len == 0 {
                digits_only = true;
            }
            digits_only &= class & DIGIT != 0;
            len += 1;
        }
        prev = b;
    }
    labels >= 2 && !digits_only
}

const LOCAL: u8 = 1;
const LABEL: u8 = 2;
const DIGIT: u8 = 4;

/// What each byte may be in a plain address; bytes over 0x7e are none of these.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = b'!';
    while b < 0x7f {
        if !matches!(b, b'"' | b'(' | b')' | b',' | b':' | b';' | b'<' | b'>' | b'[' | b'\\' | b']' | b'@') {
            t[b as usize] |= LOCAL;
        }
        if b.is_ascii_alphanumeric() || b == b'-' {
            t[b as usize] |= LABEL;
        }
        if b.is_ascii_digit() {
            t[b as usize] |= DIGIT;
        }
        b += 1;
    }
    t
};

/// Why `email` is not a practical RFC 5321 address, or `None` when it is one.
pub fn email_problem(email: &str) -> Option<&'static str> {
    if plainly_valid(email.as_bytes()) {
        None
    } else {
        email_problem_checked(email)
    }
}

/// `email_problem`, each rule in turn.
fn email_problem_checked(email: &str) -> Option<&'static str> {
    if email.is_empty() {
        return Some("it is empty");
    }
    if email.len() > 254 {
        return Some("it is longer than 254 bytes");
    }
    if has_space_or_control(email) {
        return Some("it contains a space or a control character");
    }
    let Some(at) = email.bytes().position(|b| b == b'@') else { return Some("it has no '@'") };
    let (local, domain) = (email.get(..at).unwrap_or(""), email.get(at + 1..).unwrap_or(""));
    if domain.bytes().any(|b| b == b'@') {
        return Some("it has more than one '@'");
    }
    if local.is_empty() {
        return Some("nothing comes before the '@'");
    }
    if local.len() > 64 {
        return Some("the part before the '@' is longer than 64 bytes");
    }
    // Byte-wise: these run for every address of lists that can hold thousands.
    let lb = local.as_bytes();
    if lb.first() == Some(&b'.') || lb.last() == Some(&b'.') || find(local, "..", 0).is_some() {
        return Some("the part before the '@' has a misplaced dot");
    }
    if lb.iter().any(|b| matches!(b, b'"' | b'(' | b')' | b',' | b':' | b';' | b'<' | b'>' | b'[' | b'\\' | b']')) {
        return Some("the part before the '@' contains a character addresses can't hold unquoted");
    }
    if domain.is_empty() {
        return Some("nothing comes after the '@'");
    }
    if domain.len() > 253 {
        return Some("the domain is longer than 253 bytes");
    }
    if !domain.bytes().any(|b| b == b'.') {
        return Some("the domain has no dot (like example.com)");
    }
    // The last label, once the loop has seen them all.
    let mut tld: &[u8] = &[];
    for label in pieces(domain, b".") {
        let label = label.as_bytes();
        tld = label;
        if label.is_empty() {
            return Some("the domain has an empty label (two dots in a row, or a dot at an end)");
        }
        if label.len() > 63 {
            return Some("a domain label is longer than 63 bytes");
        }
        if label.first() == Some(&b'-') || label.last() == Some(&b'-') {
            return Some("a domain label starts or ends with '-'");
        }
        // Non-ASCII letters are allowed as they are (internationalized domains).
        if !label.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-' || !b.is_ascii()) {
            return Some("the domain contains a character other than letters, digits, '-' and '.'");
        }
    }
    if tld.iter().all(u8::is_ascii_digit) {
        return Some("the domain ends with a number");
    }
    None
}

/// Cancelling must accept any address that could have been stored, misspelled ones included.
pub fn lenient_email_problem(email: &str) -> Option<&'static str> {
    if has_space_or_control(email) {
        return Some("it contains a space or a control character");
    }
    let mut parts = pieces(email, b"@");
    match (parts.next(), parts.next(), parts.next()) {
        (_, None, _) => Some("it has no '@'"),
        (_, _, Some(_)) => Some("it has more than one '@'"),
        (Some(""), _, _) => Some("nothing comes before the '@'"),
        (_, Some(""), _) => Some("nothing comes after the '@'"),
        _ => None,
    }
}

/// A value quoted for a message, cut short and with control characters replaced.
pub fn shown(s: &str) -> String {
    let mut out = String::from("'");
    // A loop rather than `str::replace` with a predicate, which brings a pattern searcher.
    for c in truncate(s, 60).chars() {
        out.push(if c.is_control() { '\u{FFFD}' } else { c });
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::cat;
    #[test]
    fn the_fast_path_refuses_each_kind_of_bad_address() {
        for bad in ["", "a", "@b.com", "a@", "a@b", "a@b.", "a@.b", "a..b@c.com", ".a@c.com", "a.@c.com", "a@b..com", "a@-b.com", "a@b-.com",
            "a@b.123", "a b@c.com", "a@b@c.com", "a\"b@c.com", "a@b_c.com", "é@b.com"] {
            assert!(!plainly_valid(bad.as_bytes()), "{bad}");
        }
        let long_local = cat(&["x".repeat(65).as_str(), "@b.com"]);
        let long_label = cat(&["a@", "b".repeat(64).as_str(), ".com"]);
        let long_total = ["a@", ["b".repeat(60).as_str(), "."].concat().repeat(5).as_str(), "com"].concat();
        for bad in [long_local, long_label, long_total] {
            assert!(!plainly_valid(bad.as_bytes()), "{bad}");
            assert!(email_problem_checked(&bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn duplicates_are_found_when_every_hash_collides() -> Result<(), &'static str> {
        let field = Operation::Invite.fields().iter().find(|f| f.name == "emails").ok_or("no emails field")?;
        let list = || Value::strings(["a@x.com", "B@x.com", "A@X.com", " b@x.com", "c@x.com", "a@x.com", "C@x.COM"]);
        let (mut real, mut colliding) = (Report::default(), Report::default());
        let kept = check_list(Operation::Invite, field, list(), &mut real);
        let kept_colliding = check_list_hashed(Operation::Invite, field, list(), &mut colliding, |_| 7);
        assert_eq!(kept, Some(Value::strings(["a@x.com", "B@x.com", "c@x.com"])));
        assert_eq!(kept_colliding, kept);
        assert_eq!(colliding.warnings, real.warnings);
        let first_of: Vec<&str> = real.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(first_of.iter().any(|m| m.ends_with("repeats emails[1]; it is sent once.")), "{first_of:?}");
        assert_eq!(real.warnings.len(), 4);
        Ok(())
    }

    #[test]
    fn edit_distance_counts_characters_and_ignores_ascii_case() {
        let cases = [("scenario", "scenario", 0), ("SCENARIO", "scenario", 0), ("scenaro", "scenario", 1), ("émails", "emails", 1),
            ("ÉMAILS", "émails", 1), ("", "lang", 4), ("lang", "", 4), ("confid", "confId", 0), ("nomail", "update", 5)];
        for (a, b, d) in cases {
            assert_eq!(edit_distance(a, b), d, "{a} {b}");
        }
        assert_eq!(closest("Emials", &["emails", "lang"]), Some("emails"));
    }

    #[test]
    fn fold_lowers_exactly_the_ascii_capitals_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = *b"xY@[`{Z\xc3";
                bytes[lane] = b;
                let mut expected = bytes;
                expected.iter_mut().for_each(|c| *c = c.to_ascii_lowercase());
                assert_eq!(fold(u64::from_le_bytes(bytes)).to_le_bytes(), expected, "byte {b:#x} in lane {lane}");
            }
        }
    }
}

// proptest does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use crate::text::cat;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        // The one-pass check may refuse good addresses (the full checks then pass them), but it
        // must never pass one that the full checks refuse.
        #[test]
        fn the_fast_path_passes_only_what_the_checks_pass(email in "[a-zA-Z0-9.@\\-_\"(); é\t]{0,12}(@[a-z0-9.\\-]{0,12})?") {
            if plainly_valid(email.as_bytes()) {
                prop_assert_eq!(email_problem_checked(&email), None);
            }
        }

        #[test]
        fn plain_addresses_take_the_fast_path(local in "[a-z0-9_+]{1,20}(\\.[a-z0-9]{1,5})?", domain in "[a-z0-9]{1,10}(-[a-z0-9]{1,5})?\\.[a-z]{2,6}") {
            let email = cat(&[local.as_str(), "@", domain.as_str()]);
            prop_assert!(plainly_valid(email.as_bytes()), "{}", email);
            prop_assert_eq!(email_problem_checked(&email), None);
        }
    }
}
