//! Validation of any room id, body and options the JS boundary can hand the core, including what
//! JSON can't hold (undefined, functions, symbols and other opaque values).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rainbow_room_invitations::error::ClientError;
use rainbow_room_invitations::model::Operation;
use rainbow_room_invitations::options::is_plain_http_to_remote;
use rainbow_room_invitations::value::Value;
use rainbow_room_invitations::{request, validate};
use rainbow_room_invitations_fuzz::{assert_headers_safe, assert_no_token, assert_report, common, TOKEN};

/// Strings the rules care about, so that short inputs reach deep branches.
const TEXT: &[&str] = &[
    "chat", "pstn-conference", "video-conference", "56f42c1914e2a8a91b99e595", "5A1B2C3D4E5F60718293A4B5", "5c8f1e2d3b4a596877a6b5c4",
    "ada@example.com", " ADA@example.com ", "guest2@mycompany", "a@b@c", "", " ", "en", "fr-FR", "en_US", "true", "false",
    "http://localhost", "https://openrainbow.com/", "http://example.com", "http://127.0.0.1:8080/x", "http://[::1]", "https://u:p@h.com",
    "\r\n", "\u{0}", "é😀", "../x", "%2e%2e", "a/b", "?x", "#x", "debug", "off", "30000", TOKEN, "Bearer x", "X-Trace",
    "Authorization", "Content-Type", "__proto__", "constructor",
];
const KEYS: &[&str] = &[
    "scenario", "confId", "users", "emails", "lang", "instantMessage", "noMail", "update", "email", "baseUrl", "token", "getToken",
    "headers", "timeoutMs", "totalTimeoutMs", "maxRetries", "signal", "fetch", "allowInsecureHttp", "correlationId", "logger",
    "logLevel", "maxResponseBytes", "__proto__", "constructor",
];
const NUMBERS: &[f64] =
    &[0.0, -0.0, 1.0, 2.0, 10.0, 11.0, 1.5, -1.0, 30000.0, 2147483647.0, 2147483648.0, 1e21, f64::NAN, f64::INFINITY, 5e-324];
const OPAQUE: &[&str] = &[
    "a symbol", "a bigint", "a string with unpaired UTF-16 surrogates", "an unreadable number",
    "an object that is not a plain object (a Map, Date, Promise…)", "an array of more than 100000 items", "an unreadable value (its getter threw)",
];

#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Raw(String),
}

impl Text {
    fn get(self, list: &[&str]) -> String {
        match self {
            Text::Known(i) => list[usize::from(i) % list.len()].to_string(),
            Text::Raw(s) => s,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Number {
    Known(u8),
    Raw(f64),
}

impl Number {
    fn get(self) -> f64 {
        match self {
            Number::Known(i) => NUMBERS[usize::from(i) % NUMBERS.len()],
            Number::Raw(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum V {
    Undefined,
    Null,
    Bool(bool),
    Number(Number),
    Str(Text),
    Array(Vec<V>),
    Object(Vec<(Text, V)>),
    Function,
    Opaque(u8),
}

impl V {
    fn value(self) -> Value {
        match self {
            V::Undefined => Value::Undefined,
            V::Null => Value::Null,
            V::Bool(b) => Value::Bool(b),
            V::Number(n) => Value::Number(n.get()),
            V::Str(t) => Value::String(t.get(TEXT)),
            V::Array(items) => Value::Array(items.into_iter().map(V::value).collect()),
            V::Object(entries) => Value::Object(entries.into_iter().map(|(k, v)| (k.get(KEYS), v.value())).collect()),
            V::Function => Value::Function,
            V::Opaque(i) => Value::Opaque(OPAQUE[usize::from(i) % OPAQUE.len()]),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    cancel: bool,
    room_id: V,
    body: V,
    options: V,
}

fuzz_target!(|input: Input| {
    let op = if input.cancel { Operation::Cancel } else { Operation::Invite };
    let (room_id, body, options) = (input.room_id.value(), input.body.value(), input.options.value());

    let report = validate::validate(op, &room_id, &body);
    assert_report(&report, &room_id);
    if let Some(req) = &report.request {
        // Idempotent: what it produced validates again, unchanged and without complaint.
        let again = validate::validate(op, &room_id, &req.body);
        assert!(again.errors.is_empty(), "re-validation found errors: {:?} in {:?}", again.errors, req.body);
        assert!(again.warnings.is_empty(), "re-validation found warnings: {:?} in {:?}", again.warnings, req.body);
        assert_eq!(again.request.as_ref().map(|r| &r.body), Some(&req.body));
    }

    let (checked, config) = request::check(op, &room_id, &body, &options, &common::node());
    assert_report(&checked, &room_id);
    if let Some(config) = &config {
        assert_headers_safe(&config.request_headers(config.token.as_deref(), Some("corr-1")));
        assert_headers_safe(&config.request_headers(Some(TOKEN), None));
        // A token goes over plain http only to loopback, or when the caller said so.
        if config.token.is_some() || config.get_token {
            let allowed = options.get("allowInsecureHttp") == Some(&Value::Bool(true));
            assert!(allowed || !is_plain_http_to_remote(&config.base_url), "token allowed over http to {}", config.base_url);
        }
        assert!(!config.base_url.ends_with('/'));
    }
    match request::prepare(op, &room_id, &body, &options, &common::node()) {
        Ok(req) => {
            let config = config.expect("prepared without a config");
            assert!(req.url.starts_with(&config.base_url));
            assert_eq!(&req.url[config.base_url.len()..], checked.request.as_ref().unwrap().path);
        }
        Err(e) => {
            assert!(!checked.is_valid());
            assert_no_token(&e.with_call_facts(0, false, None).redact(Some(TOKEN)), TOKEN);
        }
    }
    let _ = ClientError::validation(checked.errors, checked.warnings);
});
