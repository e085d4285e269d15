//! The client options: read from a `json::Value`, checked, with their defaults applied.
//!
//! `signal` and `fetch` are JS objects the core can't use; it only checks their types, and the
//! boundary reads them itself.

use crate::json::Value;
use crate::model::{Issue, IssueCode};
use crate::validate::{closest, has_space_or_control};

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// `setTimeout` treats larger delays as 0.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

const KNOWN: &[&str] = &["baseUrl", "token", "headers", "timeoutMs", "signal", "fetch", "allowInsecureHttp"];

/// Options after checking, with defaults applied.
#[derive(Debug, PartialEq)]
pub struct Config {
    /// Without a trailing slash.
    pub base_url: String,
    pub token: Option<String>,
    /// Extra headers, in the order given.
    pub headers: Vec<(String, String)>,
    pub timeout_ms: u32,
}

impl Config {
    /// Every header of a request: the spec's two, the token, then the caller's own.
    pub fn request_headers(&self) -> Vec<(String, String)> {
        let mut all = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Accept".to_string(), "application/json, text/xml".to_string()),
        ];
        if let Some(token) = &self.token {
            all.push(("Authorization".to_string(), format!("Bearer {token}")));
        }
        all.extend(self.headers.iter().cloned());
        all
    }
}

/// Checks `options`; `default_base_url` is the page's origin in a browser, `http://localhost`
/// elsewhere. Issues have paths such as `options.timeoutMs`.
pub fn read(options: &Value, default_base_url: &str) -> Result<Config, Vec<Issue>> {
    let mut issues = Vec::new();
    let empty = Value::Object(Vec::new());
    let options = match options {
        v if v.is_absent() => &empty,
        v @ Value::Object(_) => v,
        other => {
            issues.push(bad("options", format!("`options` must be an object, got {}.", other.kind())));
            return Err(issues);
        }
    };
    if let Value::Object(entries) = options {
        for (key, _) in entries {
            if !KNOWN.contains(&key.as_str()) {
                let hint = match closest(key, KNOWN.iter().copied()) {
                    Some(s) => format!(" Did you mean `{s}`?"),
                    None => format!(" The known options are {}.", KNOWN.join(", ")),
                };
                let path = format!("options.{}", key.chars().take(64).collect::<String>());
                issues.push(Issue::new(path, IssueCode::UnknownField, format!("Unknown option.{hint}")));
            }
        }
    }
    let field = |name: &str| options.get(name).filter(|v| !v.is_absent());

    let base_url = match field("baseUrl") {
        None => Some(default_base_url.trim_end_matches('/').to_string()),
        Some(Value::String(s)) => match check_base_url(s) {
            Ok(url) => Some(url),
            Err(why) => {
                issues.push(bad("options.baseUrl", format!("`baseUrl` {why}; use an absolute URL like https://openrainbow.com.")));
                None
            }
        },
        Some(other) => {
            issues.push(bad("options.baseUrl", format!("`baseUrl` must be a string, got {}.", other.kind())));
            None
        }
    };

    let token = match field("token") {
        None => None,
        Some(Value::String(s)) if s.is_empty() => {
            issues.push(bad("options.token", "`token` is empty; pass the JWT from Rainbow's login, or leave the option out.".into()));
            None
        }
        Some(Value::String(s)) if !is_header_safe(s) => {
            issues.push(bad("options.token", "`token` contains a line break or control character; pass the JWT alone.".into()));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            issues.push(bad("options.token", format!("`token` must be a string, got {}.", other.kind())));
            None
        }
    };

    let allow_insecure = match field("allowInsecureHttp") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            issues.push(bad("options.allowInsecureHttp", format!("`allowInsecureHttp` must be true or false, got {}.", other.kind())));
            false
        }
    };
    if let (Some(url), Some(_)) = (&base_url, &token) {
        if !allow_insecure && is_plain_http_to_remote(url) {
            issues.push(bad(
                "options.baseUrl",
                "Refusing to send the token over plain http:// to a host other than this machine; use https://, or set allowInsecureHttp: true if you really mean it.".into(),
            ));
        }
    }

    let headers = read_headers(field("headers"), &mut issues);

    let timeout_ms = match field("timeoutMs") {
        None => DEFAULT_TIMEOUT_MS,
        Some(Value::Number(n)) => match n.parse::<u32>() {
            Ok(ms) if (1..=MAX_TIMEOUT_MS).contains(&ms) => ms,
            _ => {
                issues.push(bad("options.timeoutMs", format!("`timeoutMs` must be a whole number of milliseconds from 1 to {MAX_TIMEOUT_MS}, got {n}.")));
                DEFAULT_TIMEOUT_MS
            }
        },
        Some(other) => {
            issues.push(bad("options.timeoutMs", format!("`timeoutMs` must be a number, got {}.", other.kind())));
            DEFAULT_TIMEOUT_MS
        }
    };

    match field("signal") {
        None | Some(Value::Object(_)) => {}
        Some(other) => issues.push(bad("options.signal", format!("`signal` must be an AbortSignal, got {}.", other.kind()))),
    }
    match field("fetch") {
        None | Some(Value::Function) => {}
        Some(other) => issues.push(bad("options.fetch", format!("`fetch` must be a function, got {}.", other.kind()))),
    }

    match (issues.is_empty(), base_url) {
        (true, Some(base_url)) => Ok(Config { base_url, token, headers, timeout_ms }),
        _ => Err(issues),
    }
}

fn bad(path: &str, message: String) -> Issue {
    Issue::new(path, IssueCode::InvalidOption, message)
}

/// Header names the caller may not set: the body is always JSON, and the token has its option.
const RESERVED: &[&str] = &["content-type", "content-length", "host"];

fn read_headers(value: Option<&Value>, issues: &mut Vec<Issue>) -> Vec<(String, String)> {
    let entries = match value {
        None => return Vec::new(),
        Some(Value::Object(entries)) => entries,
        Some(other) => {
            issues.push(bad("options.headers", format!("`headers` must be an object of header names to strings, got {}.", other.kind())));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (name, value) in entries {
        let shown_name: String = name.chars().take(64).collect();
        let path = format!("options.headers.{shown_name}");
        if name.is_empty() || !name.bytes().all(is_token_char) {
            issues.push(bad(&path, "Not a valid header name: use letters, digits and '-'.".into()));
            continue;
        }
        if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
            issues.push(bad(&path, format!("`{shown_name}` is set by the client and can't be replaced.")));
            continue;
        }
        // Values are never echoed: a header can carry a secret.
        match value {
            Value::String(v) if is_header_safe(v) => out.push((name.clone(), v.clone())),
            Value::String(_) => issues.push(bad(&path, "The header's value contains a line break or control character.".into())),
            v if v.is_absent() => {}
            other => issues.push(bad(&path, format!("A header's value must be a string, got {}.", other.kind()))),
        }
    }
    out
}

/// RFC 9110 token characters.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// No CR, LF, NUL or other control character (tab allowed), so nothing can split a header.
pub fn is_header_safe(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\t')
}

/// Checks a base URL and returns it without its trailing slash.
pub fn check_base_url(url: &str) -> Result<String, &'static str> {
    if has_space_or_control(url) {
        return Err("contains white space or control characters");
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        return Err("must start with http:// or https://");
    }
    .unwrap_or("");
    if url.contains(['?', '#']) {
        return Err("must not have a query or a fragment");
    }
    // fetch reads `\` as `/` in http(s) URLs, so either one ends the authority.
    let authority = rest.split(['/', '\\']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("must not carry credentials (user:password@); pass the token option instead");
    }
    if host_of(authority).is_empty() {
        return Err("has no host");
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// The host of an authority (`host:port` or `[v6]:port`), lower-cased.
fn host_of(authority: &str) -> String {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host.to_ascii_lowercase()
}

/// `http://` to anything but loopback: a token sent there can be read on the way.
pub fn is_plain_http_to_remote(base_url: &str) -> bool {
    let Some(rest) = base_url.get(7..).filter(|_| base_url.to_ascii_lowercase().starts_with("http://")) else {
        return false;
    };
    let host = host_of(rest.split(['/', '\\']).next().unwrap_or(""));
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || (host.starts_with("127.") && host.split('.').count() == 4 && host.split('.').all(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u8>().is_ok()));
    !loopback
}
