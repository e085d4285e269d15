//! The client options: read from a `Value`, checked, with their defaults applied. `base_url`
//! holds the base URL's rules, `headers` the extra headers' (the token among them).
//!
//! `signal`, `fetch` and `logger` are JS objects the core can't use; it only checks their types,
//! and the shell reads them itself.

mod base_url;
mod headers;

pub use base_url::{check_base_url, is_plain_http_to_remote};
use headers::{bearer_credential, read_headers};
pub use headers::{is_header_safe, is_secret_header, redacted_header};

use crate::model::{add, Issue, IssueCode};
use crate::validate::{closest, listed, must_be, prefix};
use crate::value::{number_text, Value};

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// `setTimeout` treats larger delays as 0.
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;
pub const DEFAULT_MAX_RETRIES: u32 = 2;
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 10 * 1024 * 1024;
/// The largest `maxResponseBytes`: the same whole-number bound as the timeouts', far past what a
/// wasm's memory could hold.
pub const MAX_RESPONSE_BYTES: u32 = MAX_TIMEOUT_MS;

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
            all.push(("Authorization".to_string(), cat!("Bearer {}", token)));
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

/// The secrets `options` give, valid or not, or "": the `token` option and the credential of an
/// `Authorization` header, whatever its scheme. What validation reports is scrubbed of them.
pub fn given_secrets(options: &Value) -> [&str; 2] {
    let header = match options.get("headers") {
        Some(Value::Object(entries)) => entries.iter().find(|(name, _)| name.eq_ignore_ascii_case("authorization")),
        _ => None,
    };
    [headers::trim_blanks(text(options.get("token")), true), headers::credential(text(header.map(|(_, v)| v)))]
}

fn text(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or("")
}

/// Checks a token, from the option or from `getToken`.
pub fn check_token(token: &str) -> Result<&str, &'static str> {
    // Without the spaces and tabs around it, as a header's value loses them: the token the server
    // reads, and the one scrubbed from what it echoes. Without a `Bearer ` in front either (a
    // token copied from a request's header), which would be sent twice.
    let token = headers::trim_blanks(token, true);
    let token = bearer_credential(token).unwrap_or(token);
    if token.is_empty() {
        Err("is empty; pass the JWT from Rainbow's login")
    } else if !is_header_safe(token) {
        Err("contains a line break, a control character or a character above U+00FF; pass the JWT alone")
    } else {
        Ok(token)
    }
}

/// What checking options takes from the platform the call runs on.
#[derive(Clone, Debug)]
pub struct Platform {
    /// Where a call goes without `baseUrl`: the page's origin in a browser, `http://localhost`
    /// elsewhere.
    pub default_base_url: String,
    /// Whether the platform's URL parser (the one fetch uses) reads a URL.
    pub parses_url: fn(&str) -> bool,
}

/// Checks `options` on `platform`. Issues have paths such as `options.timeoutMs`.
pub fn read(options: &Value, platform: &Platform) -> Result<Config, Vec<Issue>> {
    let mut issues = Vec::new();
    let empty = Value::Object(Vec::new());
    let options = match options {
        v if v.is_absent() => &empty,
        v @ Value::Object(_) => v,
        other => {
            let tail = if matches!(other, Value::Function) {
                ". The calls return a Promise and take no callback: use await or .then()."
            } else {
                "."
            };
            bad(&mut issues, "options", must_be("options", "an object", other.kind(), tail));
            return Err(issues);
        }
    };
    if let Value::Object(entries) = options {
        for (key, _) in entries {
            if !KNOWN.contains(&key.as_str()) {
                let message = match closest(key, KNOWN) {
                    Some(s) => cat!("Unknown option. Did you mean `{}`?", s),
                    None => cat!("Unknown option. The known options are {}.", listed(KNOWN)),
                };
                issues.push(Issue::new(cat!("options.{}", prefix(key, 64)), IssueCode::UnknownField, message));
            }
        }
    }
    let field = |name: &str| options.get(name).filter(|v| !v.is_absent());
    let type_error = |issues: &mut Vec<Issue>, name: &str, expected: &str, got: &Value| {
        bad(issues, &cat!("options.{}", name), must_be(name, expected, got.kind(), "."));
    };

    let base_url = match field("baseUrl") {
        None => Some(platform.default_base_url.trim_end_matches('/').to_string()),
        Some(Value::String(s)) => match check_base_url(s, platform.parses_url) {
            Ok(url) => Some(url),
            Err(why) => {
                bad(&mut issues, "options.baseUrl", cat!("`baseUrl` {}; use an absolute URL like https://openrainbow.com.", why));
                None
            }
        },
        Some(other) => {
            type_error(&mut issues, "baseUrl", "a string", other);
            None
        }
    };

    let mut token = match field("token") {
        None => None,
        Some(Value::String(s)) => match check_token(s) {
            Ok(t) => Some(t.to_string()),
            Err(why) => {
                bad(&mut issues, "options.token", cat!("`token` {}, or leave the option out.", why));
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
    if let Some(at) = headers.iter().position(|(n, _)| n.eq_ignore_ascii_case("authorization")) {
        let (name, value) = headers.remove(at);
        let path = cat!("options.headers.{}", name);
        if token.is_some() || get_token {
            bad(&mut issues, &path, "Give the token through `token` or `getToken`, not also as an Authorization header.".into());
        } else {
            match bearer_credential(&value).map(check_token) {
                Some(Ok(t)) => token = Some(t.to_string()),
                Some(Err(why)) => bad(&mut issues, &path, cat!("The Authorization header's token {}.", why)),
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
                let message = cat!("`{}` must be a whole number from {} to {}, got {}.", name, min, max, number_text(*n));
                bad(issues, &cat!("options.{}", name), message);
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
    let max_response_bytes = whole(&mut issues, "maxResponseBytes", 1, MAX_RESPONSE_BYTES).unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);

    let mut correlation = match field("correlationId") {
        None | Some(Value::Bool(true)) => Correlation::Auto,
        Some(Value::Bool(false)) => Correlation::Off,
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 200 && is_header_safe(s) => Correlation::Given(s.clone()),
        Some(other) => {
            bad(
                &mut issues,
                "options.correlationId",
                must_be("correlationId", "true, false or a string of 1 to 200 characters without line breaks", other.kind(), "."),
            );
            Correlation::Auto
        }
    };
    // A caller's `x-rainbow-correlation-id` header replaces the client's: it is the id sent, so
    // the one an error or a success reports.
    if let Some((_, id)) = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("x-rainbow-correlation-id")) {
        correlation = Correlation::Given(id.clone());
    }

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
