//! Properties of the core over generated input: nothing panics, valid requests are stable under
//! re-validation, values written as JSON read back the same, and the token stays out of every
//! error.
//!
//! proptest is a native-only dev-dependency (it does not build for wasm32-unknown-unknown).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use proptest::prelude::*;
use proptest::sample::select;

use common::{answer, json, parse, to_json};
use rainbow_room_invitations::error::ClientError;
use rainbow_room_invitations::model::Operation;
use rainbow_room_invitations::response::{self, Answer};
use rainbow_room_invitations::value::Value;
use rainbow_room_invitations::{options, request, validate};

const OPAQUE: &[&str] = &[
    "a symbol",
    "a bigint",
    "a string with unpaired UTF-16 surrogates",
    "an unreadable number",
    "an object that is not a plain object (a Map, Date, Promise…)",
];

const FIELD_NAMES: &[&str] = &[
    "scenario", "confId", "users", "emails", "lang", "instantMessage", "noMail", "update", "email", "data", "failed",
    "invalidUsers", "guestEmails", "errorCode", "errorMsg", "errorDetails", "errorDetailsCode", "baseUrl", "token",
    "headers", "timeoutMs", "signal", "fetch", "allowInsecureHttp",
];

const INTERESTING: &[&str] = &[
    "chat", "pstn-conference", "video-conference", "56f42c1914e2a8a91b99e595", "5A1B2C3D4E5F60718293A4B5",
    "ada@example.com", " ADA@example.com ", "guest2@mycompany", "a@b@c", "", " ", "en", "fr-FR", "en_US",
    "true", "http://localhost", "https://openrainbow.com/", "http://example.com", "\r\n", "\u{0}", "é😀",
];

fn op() -> impl Strategy<Value = Operation> {
    prop_oneof![Just(Operation::Invite), Just(Operation::Cancel)]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(INTERESTING).prop_map(String::from),
        2 => any::<String>(),
        1 => "[ -~]{0,40}",
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<i64>().prop_map(|n| n as f64),
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(1e21),
        Just(-0.0),
        Just(1.5),
    ]
}

/// Any `Value`, including what only the JS boundary produces.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Undefined),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        text().prop_map(Value::String),
        Just(Value::Function),
        select(OPAQUE).prop_map(Value::Opaque),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let key = prop_oneof![3 => select(FIELD_NAMES).prop_map(String::from), 1 => any::<String>()];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8).prop_map(Value::Object),
        ]
    })
}

/// Values JSON can hold exactly, for round-trips: each key once in an object (a parser keeps only
/// the last of a repeated one), and numbers that are whole ones a double holds exactly, or
/// decimals of a few digits with a small exponent (serde_json, without its `float_roundtrip`
/// feature, reads other numbers back only to within a unit in the last place).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53)..=(1i64 << 53)).prop_map(Value::int),
        "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,4})?([eE][+-]?[0-9])?".prop_map(|t| Value::Number(t.parse().expect("a number"))),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|entries| {
                let mut seen = std::collections::HashSet::new();
                Value::Object(entries.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect())
            }),
        ]
    })
}

/// Bodies that are often valid, so that idempotence is exercised on many real requests.
fn near_valid_body() -> impl Strategy<Value = Value> {
    let email = prop_oneof![
        6 => select(&[
            "ada@example.com", "Ada@Example.com", " grace@example.org\t", "x@a.io", "o'brien@example.ie",
            "user@bücher.ch", "\u{a0}linus@example.com ", "first.last@sub.example.co.uk", "ADA@EXAMPLE.COM",
        ][..])
        .prop_map(String::from),
        4 => "[ ]{0,2}[a-zA-Z0-9+_-]{1,8}@[a-z0-9]{1,8}(\\.[a-zA-Z]{2,5}){1,2}[ ]{0,2}",
        1 => select(&["guest2@mycompany", "a@b", "bad", "a b@c.com"][..]).prop_map(String::from),
        1 => "[ -~]{0,12}",
    ];
    let user = prop_oneof![
        4 => select(&["56f42c1914e2a8a91b99e595", "56F42C1914E2A8A91B99E595", "5a1b2c3d4e5f60718293a4b5"][..]).prop_map(String::from),
        4 => "[0-9a-fA-F]{24}",
        1 => "[0-9a-f]{23}",
    ];
    let maybe = |v: BoxedStrategy<Value>| prop_oneof![2 => Just(Value::Undefined), 1 => Just(Value::Null), 4 => v].boxed();
    let scenario = prop_oneof![
        1 => Just(Value::Undefined),
        1 => Just(Value::Null),
        12 => select(&["chat", "pstn-conference", "video-conference"][..]).prop_map(Value::str),
        1 => text().prop_map(Value::String),
    ];
    let conf = maybe("[0-9a-f]{24}".prop_map(Value::String).boxed());
    let users = maybe(prop::collection::vec(user, 0..4).prop_map(Value::strings).boxed());
    let emails = prop_oneof![
        1 => Just(Value::Undefined),
        8 => prop::collection::vec(email, 0..5).prop_map(Value::strings),
    ];
    let lang = maybe(prop_oneof![8 => select(&["en", "fr", "en-US", "zh-Hans-CN", "EN"][..]).prop_map(Value::str), 1 => text().prop_map(Value::String)].boxed());
    let message = maybe(any::<String>().prop_map(Value::String).boxed());
    let no_mail = maybe(prop_oneof![8 => any::<bool>().prop_map(Value::Bool), 1 => any_value()].boxed());
    let update = maybe(any::<bool>().prop_map(Value::Bool).boxed());
    (scenario, conf, users, emails, lang, message, no_mail, update).prop_map(|(s, c, u, e, l, m, n, up)| {
        Value::Object(
            [("scenario", s), ("confId", c), ("users", u), ("emails", e), ("lang", l), ("instantMessage", m), ("noMail", n), ("update", up)]
                .into_iter()
                .filter(|(_, v)| *v != Value::Undefined)
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    })
}

fn no_secret(err: &ClientError, secret: &str) -> bool {
    !err.message.contains(secret) && err.fields.iter().all(|(_, v)| !to_json(v).contains(secret))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validation_never_panics(op in op(), room in any_value(), body in any_value()) {
        let report = validate::validate(op, &room, &body);
        prop_assert_eq!(report.is_valid(), report.errors.is_empty());
        if report.request.is_some() {
            prop_assert!(report.errors.is_empty());
        }
        for issue in report.errors.iter().chain(&report.warnings) {
            prop_assert!(!issue.message.is_empty());
        }
        let _ = to_json(&report);
    }

    #[test]
    fn validation_never_panics_on_object_bodies(op in op(), room in text(), entries in prop::collection::vec((select(FIELD_NAMES).prop_map(String::from), any_value()), 0..10)) {
        let report = validate::validate(op, &Value::String(room), &Value::Object(entries));
        prop_assert_eq!(report.is_valid(), report.errors.is_empty());
    }

    #[test]
    fn options_and_prepare_never_panic(op in op(), body in any_value(), opts in any_value(), default_base in text()) {
        let _ = options::read(&opts, &common::page(&default_base));
        let _ = request::prepare(op, &Value::str("56f42c1914e2a8a91b99e595"), &body, &opts, &common::page(&default_base));
    }

    #[test]
    fn options_never_panic_on_option_objects(entries in prop::collection::vec((select(FIELD_NAMES).prop_map(String::from), any_value()), 0..8), url in any::<String>()) {
        let mut entries = entries;
        entries.push(("baseUrl".to_string(), Value::String(url)));
        let _ = options::read(&Value::Object(entries), &common::node());
    }

    #[test]
    fn response_reading_never_panics(status in any::<u16>(), body in any::<String>(), request_id in proptest::option::of(any::<String>())) {
        let outcome = response::read(Answer { request_id, ..answer(status, &body) });
        let is_2xx = (200..300).contains(&status);
        match outcome {
            Ok(v) => {
                prop_assert!(is_2xx);
                let data = v.get("data").expect("data");
                prop_assert!(matches!(data.get("guestEmails"), Some(Value::Array(_))));
                prop_assert!(matches!(data.get("invalidUsers"), Some(Value::Array(_))));
            }
            Err(e) => prop_assert!(!e.message.trim().is_empty()),
        }
    }

    #[test]
    fn response_reading_never_panics_on_bytes(status in any::<u16>(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let body = String::from_utf8_lossy(&bytes);
        let _ = response::read(answer(status, &body));
    }

    #[test]
    fn response_reading_never_panics_on_json(status in prop_oneof![200u16..300, 400u16..600, any::<u16>()], body in any_value(), wrap in any::<bool>(), as_text in any::<bool>()) {
        let body = if wrap { Value::Object(vec![("data".into(), body)]) } else { body };
        // Either what JSON.parse would make of the value's JSON text, or the value itself, with
        // what JSON can't hold (undefined, NaN, functions…): reading must not panic on any Value.
        let text = to_json(&body);
        let json = if as_text { parse(&text) } else { Some(body) };
        let answer = Answer { status, text, json, request_id: Some("rid".into()), ..Answer::default() };
        match response::read(answer) {
            Ok(v) => {
                let data = v.get("data").expect("data");
                prop_assert!(matches!(data.get("guestEmails"), Some(Value::Array(_))));
                prop_assert!(matches!(data.get("invalidUsers"), Some(Value::Array(_))));
            }
            Err(e) => prop_assert!(!e.message.trim().is_empty()),
        }
    }

    #[test]
    fn json_round_trips(v in json_value()) {
        let text = to_json(&v);
        prop_assert_eq!(parse(&text), Some(v), "{}", text);
    }

    #[test]
    fn validation_is_idempotent(op in op(), body in near_valid_body()) {
        let room = Value::str("56f42c1914e2a8a91b99e595");
        let first = validate::validate(op, &room, &body);
        if let Some(validated) = &first.request {
            let again = validate::validate(op, &room, &validated.body);
            prop_assert!(again.errors.is_empty(), "re-validating {:?} gave {:?}", validated.body, again.errors);
            prop_assert!(again.warnings.is_empty(), "re-validating {:?} warned {:?}", validated.body, again.warnings);
            let second = again.request.as_ref().expect("a request");
            prop_assert_eq!(&second.body, &validated.body);
            prop_assert_eq!(&second.path, &validated.path);
            // What is sent parses back to what was validated.
            prop_assert_eq!(json(&to_json(&validated.body)), validated.body.clone());
        }
    }

    #[test]
    fn an_echoed_token_is_scrubbed_wherever_the_body_is_cut(
        token in "[A-Za-z0-9_-]{20,60}\\.[A-Za-z0-9_-]{20,60}",
        before in 0usize..4200,
        after in 0usize..50,
        status in prop_oneof![200u16..300, 400u16..600],
        as_json in any::<bool>(),
    ) {
        let echoed = format!("{}Bearer {token}{}", "~".repeat(before), " ".repeat(after));
        let body = if as_json {
            to_json(&Value::object([("errorCode", Value::int(401)), ("errorMsg", Value::str(echoed.as_str())), ("errorDetails", Value::str(echoed.as_str()))]))
        } else {
            echoed
        };
        let e = match response::read(Answer { request_id: Some(token.clone()), ..answer(status, &body) }) {
            Ok(_) => return Ok(()),
            Err(e) => e.redact(Some(&token)),
        };
        prop_assert!(no_secret(&e, &token[..8]), "{:?}", e);
    }

    #[test]
    fn the_token_never_appears_in_an_error(
        token in "[A-Za-z0-9_-]{20,40}\\.[A-Za-z0-9_-]{20,40}",
        host in "[a-z]{3,10}\\.(com|net|org)",
        scheme in prop_oneof![Just("http"), Just("https")],
        body in near_valid_body(),
        status in any::<u16>(),
        header_bad in any::<bool>(),
    ) {
        let mut opts = vec![
            ("baseUrl".to_string(), Value::String(format!("{scheme}://{host}"))),
            ("token".to_string(), Value::String(token.clone())),
        ];
        if header_bad {
            opts.push(("headers".to_string(), Value::Object(vec![("Authorization".into(), Value::String(format!("Bearer {token}\r\n")))])));
        }
        let opts = Value::Object(opts);
        if let Err(e) = request::prepare(Operation::Invite, &Value::str("56f42c1914e2a8a91b99e595"), &body, &opts, &common::node()) {
            prop_assert!(no_secret(&e, &token), "{:?}", e);
        }
        // The server never saw the token in these bodies, so reading them can't surface it.
        if let Err(e) = response::read(answer(status, r#"{"errorCode":401,"errorMsg":"Unauthorized","errorDetails":"jwt expired"}"#)) {
            prop_assert!(no_secret(&e, &token));
        }
    }
}
