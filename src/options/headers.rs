//! The caller's extra request headers: which names may be given, which values are safe to send,
//! an `Authorization: Bearer` header read as the token, and which values the debug log hides.

use crate::model::Issue;
use crate::validate::{must_be, prefix};
use crate::value::Value;

use super::bad;

/// Header names the caller may not set: the body is always JSON, and the HTTP layer owns the
/// length, the host and the connection (Node's fetch refuses the hop-by-hop ones before sending).
const RESERVED: &[&str] = &[
    "content-type",
    "content-length",
    "host",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "expect",
    "te",
    "trailer",
];

/// The token of an `Authorization: Bearer <token>` value.
pub(super) fn bearer_credential(value: &str) -> Option<&str> {
    let (scheme, rest) = trim_blanks(value, false).split_at_checked(6)?;
    // The scheme, at least one blank, then the token with the blanks around it left out.
    (scheme.eq_ignore_ascii_case("bearer") && rest.as_bytes().first().is_some_and(is_blank)).then(|| trim_blanks(rest, true))
}

/// The credential of any `Authorization` value: without its scheme (the first word, when another
/// follows) and the blanks around it. Not a check: what a wrong value holds is still a secret.
/// `Bearer` alone holds none (a lone word of another kind may be a token pasted without its
/// scheme).
pub(super) fn credential(value: &str) -> &str {
    let value = trim_blanks(value, true);
    match value.bytes().position(|b| is_blank(&b)) {
        Some(at) => value.get(at..).map_or(value, |rest| trim_blanks(rest, true)),
        None if value.eq_ignore_ascii_case("bearer") => "",
        None => value,
    }
}

fn is_blank(b: &u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// `s` without its leading spaces and tabs, and without its trailing ones when `end`.
pub(super) fn trim_blanks(s: &str, end: bool) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !is_blank(b)).unwrap_or(bytes.len());
    let stop = if end { bytes.iter().rposition(|b| !is_blank(b)).map_or(start, |last| last + 1) } else { bytes.len() };
    s.get(start..stop).unwrap_or("")
}

pub(super) fn read_headers(value: Option<&Value>, issues: &mut Vec<Issue>) -> Vec<(String, String)> {
    let entries = match value {
        None => return Vec::new(),
        Some(Value::Object(entries)) => entries,
        Some(other) => {
            bad(issues, "options.headers", must_be("headers", "an object of header names to strings", other.kind(), "."));
            return Vec::new();
        }
    };
    // Servers refuse far fewer (often over 100, or 8 KB of them); and the check of repeated names
    // below is quadratic.
    if entries.len() > MAX_HEADERS {
        bad(issues, "options.headers", cat!("Too many headers ({}): give at most 100.", entries.len() as u64));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (name, value) in entries {
        let shown_name = prefix(name, 64);
        let path = cat!("options.headers.{}", shown_name);
        if name.is_empty() || !name.bytes().all(is_token_char) {
            bad(issues, &path, "Not a valid header name: use letters, digits and '-'.".into());
            continue;
        }
        if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
            bad(issues, &path, cat!("`{}` is set by the client or the HTTP layer and can't be given.", shown_name));
            continue;
        }
        // Two names that differ in case are one header: which value would be sent, and which
        // checked (an Authorization header's), is anyone's guess. (The entries before this one
        // are told by address: 25 B less in the build than by an index.)
        if entries.iter().take_while(|(n, _)| !std::ptr::eq(n, name)).any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            bad(issues, &path, cat!("`{}` repeats a header given before it (names ignore case): give each header once.", shown_name));
            continue;
        }
        // Values are never echoed: a header can carry a secret.
        match value {
            Value::String(v) if is_header_safe(v) => out.push((name.clone(), v.clone())),
            Value::String(_) => bad(issues, &path, "The header's value contains a line break, a control character or a character above U+00FF (fetch refuses them).".into()),
            v if v.is_absent() => {}
            other => bad(issues, &path, cat!("A header's value must be a string, got {}.", other.kind())),
        }
    }
    out
}

const MAX_HEADERS: usize = 100;

/// RFC 9110 token characters.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~')
}

/// No CR, LF, NUL or other control character (tab allowed), so nothing can split a header; and
/// nothing above U+00FF, which fetch refuses in a header value.
pub fn is_header_safe(s: &str) -> bool {
    !s.chars().any(|c| (c.is_control() && c != '\t') || c > '\u{ff}')
}

/// Whether a header's value is a credential or session state by its name (`Authorization`,
/// `Proxy-Authorization`, `Cookie`, `X-Api-Key`, …): never written to a log.
pub fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["auth", "token", "key", "secret", "cookie", "session", "passw", "credential", "signature", "jwt", "bearer"].iter().any(|word| crate::search::contains(&name, word))
}

/// A header's value as the debug log shows it.
pub fn redacted_header<'a>(name: &str, value: &'a str) -> &'a str {
    if name.eq_ignore_ascii_case("authorization") {
        "Bearer [redacted]"
    } else if is_secret_header(name) {
        "[redacted]"
    } else {
        value
    }
}
