//! The client options: read from a `Value`, checked, with their defaults applied.
//!
//! `signal` and `fetch` are JS objects the core can't use; it only checks their types, and the
//! boundary reads them itself.

use crate::model::{add, Issue, IssueCode};
use crate::validate::{closest, has_space_or_control, prefix};
use crate::value::{number_text, Value};

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// `setTimeout` treats larger delays as 0.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 10 * 1024 * 1024;

const KNOWN: &[&str] = &[
    "baseUrl",
    "token",
    "getToken",
    "headers",
    "timeoutMs",
    "totalTimeoutMs",
    "maxRetries",
    "signal",
    "fetch",
    "allowInsecureHttp",
    "correlationId",
    "logger",
    "logLevel",
    "maxResponseBytes",
];

/// Where log lines go at the most; each level includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    Info,
    Debug,
}

const LOG_LEVELS: [(&str, LogLevel); 5] =
    [("off", LogLevel::Off), ("error", LogLevel::Error), ("warn", LogLevel::Warn), ("info", LogLevel::Info), ("debug", LogLevel::Debug)];

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        LOG_LEVELS.iter().find(|(_, l)| *l == self).map_or("off", |(n, _)| n)
    }
}

/// The `x-rainbow-correlation-id` of a call.
#[derive(Clone, Debug, PartialEq)]
pub enum Correlation {
    /// A fresh random id per call (the default).
    Auto,
    Off,
    Given(String),
}

/// Options after checking, with defaults applied.
#[derive(Debug, PartialEq)]
pub struct Config {
    /// Without a trailing slash.
    pub base_url: String,
    pub token: Option<String>,
    /// Whether a `getToken` callback supplies the token for each attempt.
    pub get_token: bool,
    /// Extra headers, in the order given.
    pub headers: Vec<(String, String)>,
    /// Bounds each attempt, response body included.
    pub timeout_ms: u32,
    /// Bounds the whole call, retries and waits included.
    pub total_timeout_ms: Option<u32>,
    pub max_retries: u32,
    pub correlation: Correlation,
    pub log_level: LogLevel,
    pub max_response_bytes: u32,
}

impl Config {
    /// Every header of a request: the spec's two, the token, the correlation id, then the
    /// caller's own.
    pub fn request_headers(&self, token: Option<&str>, correlation_id: Option<&str>) -> Vec<(String, String)> {
        let mut all = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Accept".to_string(), "application/json, text/xml".to_string()),
        ];
        if let Some(token) = token {
            all.push(("Authorization".to_string(), format!("Bearer {token}")));
        }
        if let Some(id) = correlation_id {
            all.push(("x-rainbow-correlation-id".to_string(), id.to_string()));
        }
        // A caller's header replaces the client's own of the same name, rather than being joined
        // to it with a comma by fetch.
        for (name, value) in &self.headers {
            all.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            all.push((name.clone(), value.clone()));
        }
        all
    }
}

/// Whether a header's value is a credential or session state by its name (`Authorization`,
/// `Proxy-Authorization`, `Cookie`, `X-Api-Key`, …): never written to a log.
pub fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["auth", "token", "key", "secret", "cookie", "session", "passw", "credential", "signature"].iter().any(|word| name.contains(word))
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

/// Checks a token, from the option or from `getToken`.
pub fn check_token(token: &str) -> Result<(), &'static str> {
    if token.is_empty() {
        Err("is empty; pass the JWT from Rainbow's login")
    } else if !is_header_safe(token) {
        Err("contains a line break or control character; pass the JWT alone")
    } else {
        Ok(())
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
            let hint = if matches!(other, Value::Function) {
                " The calls return a Promise and take no callback: use await or .then()."
            } else {
                ""
            };
            bad(&mut issues, "options", format!("`options` must be an object, got {}.{hint}", other.kind()));
            return Err(issues);
        }
    };
    if let Value::Object(entries) = options {
        for (key, _) in entries {
            if !KNOWN.contains(&key.as_str()) {
                let hint = match closest(key, KNOWN) {
                    Some(s) => format!(" Did you mean `{s}`?"),
                    None => format!(" The known options are {}.", KNOWN.join(", ")),
                };
                let path = format!("options.{}", prefix(key, 64));
                issues.push(Issue::new(path, IssueCode::UnknownField, format!("Unknown option.{hint}")));
            }
        }
    }
    let field = |name: &str| options.get(name).filter(|v| !v.is_absent());
    let type_error = |issues: &mut Vec<Issue>, name: &str, expected: &str, got: &Value| {
        bad(issues, &format!("options.{name}"), format!("`{name}` must be {expected}, got {}.", got.kind()));
    };

    let base_url = match field("baseUrl") {
        None => Some(default_base_url.trim_end_matches('/').to_string()),
        Some(Value::String(s)) => match check_base_url(s) {
            Ok(url) => Some(url),
            Err(why) => {
                bad(&mut issues, "options.baseUrl", format!("`baseUrl` {why}; use an absolute URL like https://openrainbow.com."));
                None
            }
        },
        Some(other) => {
            type_error(&mut issues, "baseUrl", "a string", other);
            None
        }
    };

    let token = match field("token") {
        None => None,
        Some(Value::String(s)) => match check_token(s) {
            Ok(()) => Some(s.clone()),
            Err(why) => {
                bad(&mut issues, "options.token", format!("`token` {why}, or leave the option out."));
                None
            }
        },
        Some(other) => {
            type_error(&mut issues, "token", "a string", other);
            None
        }
    };
    let get_token = match field("getToken") {
        None => false,
        Some(Value::Function) => true,
        Some(other) => {
            type_error(&mut issues, "getToken", "a function returning the token (or a Promise of it)", other);
            false
        }
    };
    if get_token && token.is_some() {
        bad(&mut issues, "options.getToken", "Give `token` or `getToken`, not both.".into());
    }

    let allow_insecure = match field("allowInsecureHttp") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            type_error(&mut issues, "allowInsecureHttp", "true or false", other);
            false
        }
    };
    let mut headers = read_headers(field("headers"), &mut issues);
    // A caller's own Authorization header is the token by another name: it gets the token's
    // protections (refused over plain http to a remote host, scrubbed from errors and logs).
    let mut token = token;
    if let Some(at) = headers.iter().position(|(n, _)| n.eq_ignore_ascii_case("authorization")) {
        let (name, value) = headers.remove(at);
        let path = format!("options.headers.{name}");
        if token.is_some() || get_token {
            bad(&mut issues, &path, "Give the token through `token` or `getToken`, not also as an Authorization header.".into());
        } else {
            match bearer_credential(&value).map(|t| (t, check_token(t))) {
                Some((t, Ok(()))) => token = Some(t.to_string()),
                Some((_, Err(why))) => bad(&mut issues, &path, format!("The Authorization header's token {why}.")),
                None => bad(
                    &mut issues,
                    &path,
                    "Rainbow expects `Authorization: Bearer <token>`: pass the token as the `token` option.".into(),
                ),
            }
        }
    }
    if let Some(url) = &base_url {
        if (token.is_some() || get_token) && !allow_insecure && is_plain_http_to_remote(url) {
            bad(
                &mut issues,
                "options.baseUrl",
                "Refusing to send the token over plain http:// to a host other than this machine; use https://, or set allowInsecureHttp: true if you really mean it.".into(),
            );
        }
    }

    let whole = |issues: &mut Vec<Issue>, name: &str, min: u32, max: u32| -> Option<u32> {
        match field(name)? {
            Value::Number(n) if n.fract() == 0.0 && (f64::from(min)..=f64::from(max)).contains(n) => Some(*n as u32),
            Value::Number(n) => {
                let message = format!("`{name}` must be a whole number from {min} to {max}, got {}.", number_text(*n));
                bad(issues, &format!("options.{name}"), message);
                None
            }
            other => {
                type_error(issues, name, "a number", other);
                None
            }
        }
    };
    let timeout_ms = whole(&mut issues, "timeoutMs", 1, MAX_TIMEOUT_MS).unwrap_or(DEFAULT_TIMEOUT_MS);
    let total_timeout_ms = whole(&mut issues, "totalTimeoutMs", 1, MAX_TIMEOUT_MS);
    let max_retries = whole(&mut issues, "maxRetries", 0, 10).unwrap_or(DEFAULT_MAX_RETRIES);
    let max_response_bytes = whole(&mut issues, "maxResponseBytes", 1, MAX_TIMEOUT_MS).unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);

    let correlation = match field("correlationId") {
        None | Some(Value::Bool(true)) => Correlation::Auto,
        Some(Value::Bool(false)) => Correlation::Off,
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 200 && is_header_safe(s) => Correlation::Given(s.clone()),
        Some(other) => {
            bad(
                &mut issues,
                "options.correlationId",
                format!("`correlationId` must be false, or a string of 1 to 200 characters without line breaks, got {}.", other.kind()),
            );
            Correlation::Auto
        }
    };

    let log_level = match field("logLevel") {
        None => LogLevel::Warn,
        Some(Value::String(s)) => match LOG_LEVELS.iter().find(|(n, _)| n == s) {
            Some((_, l)) => *l,
            None => {
                bad(&mut issues, "options.logLevel", "`logLevel` must be one of 'off', 'error', 'warn', 'info', 'debug'.".into());
                LogLevel::Warn
            }
        },
        Some(other) => {
            type_error(&mut issues, "logLevel", "a string", other);
            LogLevel::Warn
        }
    };

    type Accepts = fn(&Value) -> bool;
    let js_objects: [(&str, &str, Accepts); 3] = [
        ("signal", "an AbortSignal", |v| matches!(v, Value::Object(_))),
        ("fetch", "a function", |v| matches!(v, Value::Function)),
        ("logger", "a function or a console-like object", |v| matches!(v, Value::Function | Value::Object(_))),
    ];
    for (name, expected, ok) in js_objects {
        if let Some(v) = field(name).filter(|v| !ok(v)) {
            type_error(&mut issues, name, expected, v);
        }
    }

    match (issues.is_empty(), base_url) {
        (true, Some(base_url)) => Ok(Config {
            base_url,
            token,
            get_token,
            headers,
            timeout_ms,
            total_timeout_ms,
            max_retries,
            correlation,
            log_level,
            max_response_bytes,
        }),
        _ => Err(issues),
    }
}

fn bad(list: &mut Vec<Issue>, path: &str, message: String) {
    add(list, path, IssueCode::InvalidOption, message);
}

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
fn bearer_credential(value: &str) -> Option<&str> {
    let value = value.trim_start_matches([' ', '\t']);
    let (scheme, rest) = value.split_at_checked(6)?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest)?.strip_prefix([' ', '\t']).map(|t| t.trim_matches([' ', '\t']))
}

fn read_headers(value: Option<&Value>, issues: &mut Vec<Issue>) -> Vec<(String, String)> {
    let entries = match value {
        None => return Vec::new(),
        Some(Value::Object(entries)) => entries,
        Some(other) => {
            bad(issues, "options.headers", format!("`headers` must be an object of header names to strings, got {}.", other.kind()));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (name, value) in entries {
        let shown_name = prefix(name, 64);
        let path = format!("options.headers.{shown_name}");
        if name.is_empty() || !name.bytes().all(is_token_char) {
            bad(issues, &path, "Not a valid header name: use letters, digits and '-'.".into());
            continue;
        }
        if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
            bad(issues, &path, format!("`{shown_name}` is set by the client or the HTTP layer and can't be given."));
            continue;
        }
        // Values are never echoed: a header can carry a secret.
        match value {
            Value::String(v) if is_header_safe(v) => out.push((name.clone(), v.clone())),
            Value::String(_) => bad(issues, &path, "The header's value contains a line break or control character.".into()),
            v if v.is_absent() => {}
            other => bad(issues, &path, format!("A header's value must be a string, got {}.", other.kind())),
        }
    }
    out
}

/// RFC 9110 token characters.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~')
}

/// No CR, LF, NUL or other control character (tab allowed), so nothing can split a header; and
/// nothing above U+00FF, which fetch refuses in a header value.
pub fn is_header_safe(s: &str) -> bool {
    !s.chars().any(|c| (c.is_control() && c != '\t') || c > '\u{ff}')
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
    if url.bytes().any(|b| b == b'?' || b == b'#') {
        return Err("must not have a query or a fragment");
    }
    // fetch reads `\` as `/` in http(s) URLs, so either one ends the authority.
    let authority = rest.split(['/', '\\']).next().unwrap_or("");
    if authority.bytes().any(|b| b == b'@') {
        return Err("must not carry credentials (user:password@); pass the token option instead");
    }
    check_authority(authority)?;
    let path = rest.get(authority.len()..).unwrap_or("").trim_end_matches('/');
    if path.to_ascii_lowercase().contains(crate::model::API_PREFIX) {
        return Err("already holds /api/rainbow/enduser/v1.0, which the client adds itself (the request would go to …/v1.0/api/rainbow/enduser/v1.0/rooms/…); give the server's address alone");
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// What fetch's URL parser (WHATWG URL) would refuse in `host[:port]`, so that such a base URL is
/// a validation error rather than a request that fails before it is sent.
fn check_authority(authority: &str) -> Result<(), &'static str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let Some((address, after)) = v6.split_once(']') else { return Err("has an IPv6 address without its closing ']'") };
            if !is_ipv6(address) {
                return Err("has a malformed IPv6 address");
            }
            match after {
                "" => (address, None),
                _ => (address, Some(after.strip_prefix(':').ok_or("has something other than a port after its IPv6 address")?)),
            }
        }
        None => match authority.split_once(':') {
            Some((_, port)) if port.contains(':') => {
                return Err("has more than one ':' in its host; an IPv6 address goes in brackets, like http://[::1]:8080");
            }
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Err("has no host");
    }
    if !authority.starts_with('[') {
        if host.bytes().any(|b| matches!(b, b'<' | b'>' | b'^' | b'|' | b'[' | b']')) {
            return Err("has a host with characters a URL's host can't hold");
        }
        if !is_ipv4_if_numeric(host) {
            return Err("has a host that ends in a number but is not an IPv4 address");
        }
    }
    // An empty port (`host:`) means the default one.
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u32>().map_or(true, |n| n > 65_535) {
            return Err("has a port that is not a number from 0 to 65535");
        }
    }
    Ok(())
}

/// An IPv6 address as URLs write it: up to eight groups of 1 to 4 hex digits, at most one `::`,
/// optionally ending in a dotted IPv4 address.
fn is_ipv6(address: &str) -> bool {
    let compressed = address.matches("::").count();
    if compressed > 1 || address.is_empty() {
        return false;
    }
    let (head, tail) = address.split_once("::").unwrap_or((address, ""));
    let groups = |part: &str| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let mut count = 0;
        let mut items = part.split(':').peekable();
        while let Some(group) = items.next() {
            let last = items.peek().is_none();
            if last && group.contains('.') {
                let octets: Vec<&str> = group.split('.').collect();
                let ok = octets.len() == 4 && octets.iter().all(|o| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u8>().is_ok());
                if !ok {
                    return None;
                }
                count += 2;
            } else if (1..=4).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_hexdigit()) {
                count += 1;
            } else {
                return None;
            }
        }
        Some(count)
    };
    // A dotted address may only end the whole address.
    if compressed == 1 && head.contains('.') {
        return false;
    }
    match (groups(head), groups(tail)) {
        (Some(h), Some(t)) if compressed == 1 => h + t <= 7,
        (Some(h), _) => h == 8,
        _ => false,
    }
}

/// A host whose last label is a decimal number is read as an IPv4 address (`127.1`, `2130706433`)
/// and must then be one.
fn is_ipv4_if_numeric(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let numeric = |l: &&str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit());
    if !labels.last().is_some_and(numeric) {
        return true;
    }
    if labels.len() > 4 || !labels.iter().all(numeric) {
        return false;
    }
    let Some((last, rest)) = labels.split_last() else { return false };
    let last_max = 256u64.pow(5 - labels.len() as u32) - 1;
    rest.iter().all(|l| l.parse::<u8>().is_ok()) && last.parse::<u64>().is_ok_and(|n| n <= last_max)
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
    // Only the names every resolver maps to loopback: Node asks the system for `*.localhost`.
    let loopback = host == "localhost"
        || host == "::1"
        || (host.starts_with("127.") && host.split('.').count() == 4 && host.split('.').all(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u8>().is_ok()));
    !loopback
}
