//! README "Request bodies" and "Validation result", rule by rule, against `validate::validate`.

mod common;

use common::{json, to_json};
use rainbow_room_invitations::model::{IssueCode, Operation, Scenario};
use rainbow_room_invitations::validate::{self, Report};
use rainbow_room_invitations::value::Value;

use IssueCode::*;
use Operation::{Cancel, Invite};

const ROOM: &str = "56f42c1914e2a8a91b99e595";
const USER1: &str = "5a1b2c3d4e5f60718293a4b5";
const USER2: &str = "0123456789abcdefABCDEF01";
const CONF: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";

fn run(op: Operation, body: &str) -> Report {
    validate::validate(op, &Value::str(ROOM), &json(body))
}

fn run_room(op: Operation, room: Value, body: &str) -> Report {
    validate::validate(op, &room, &json(body))
}

/// The JSON text of the body that would be sent; fails when the request is not valid.
fn sent(op: Operation, body: &str) -> String {
    let report = run(op, body);
    assert!(report.is_valid(), "{body} should be valid, got {:#?}", report.errors);
    to_json(&report.request.as_ref().expect("a valid report has a request").body)
}

fn errors(report: &Report) -> Vec<(String, IssueCode)> {
    report.errors.iter().map(|i| (i.path.clone(), i.code)).collect()
}

fn warnings(report: &Report) -> Vec<(String, IssueCode)> {
    report.warnings.iter().map(|i| (i.path.clone(), i.code)).collect()
}

fn pairs(list: &[(&str, IssueCode)]) -> Vec<(String, IssueCode)> {
    list.iter().map(|(p, c)| (p.to_string(), *c)).collect()
}

/// Asserts the report has exactly one error, at `path` with `code`, and returns its message.
fn only_error(report: &Report, path: &str, code: IssueCode) -> String {
    assert_eq!(errors(report), pairs(&[(path, code)]), "full report: {report:#?}");
    assert!(report.request.is_none(), "an invalid report must carry no request");
    let message = report.errors[0].message.clone();
    assert!(!message.trim().is_empty());
    message
}

fn chat_with_emails(emails: &[&str]) -> String {
    to_json(&Value::object([("scenario", Value::str("chat")), ("emails", Value::strings(emails.iter().copied()))]))
}

// ---- paths and the validation result ------------------------------------------------------------

#[test]
fn valid_requests_carry_the_operation_path() {
    let invite = run(Invite, r#"{"scenario":"chat","emails":["ada@example.com"]}"#);
    assert_eq!(invite.request.unwrap().path, format!("/api/rainbow/enduser/v1.0/rooms/{ROOM}/invitations"));
    let cancel = run(Cancel, r#"{"emails":["ada@example.com"]}"#);
    assert_eq!(cancel.request.unwrap().path, format!("/api/rainbow/enduser/v1.0/rooms/{ROOM}/invitations/cancel"));
}

#[test]
fn validation_result_value_when_valid() {
    let report = run(Invite, r#"{"scenario":"chat","emails":["ada@example.com"],"users":[]}"#);
    assert_eq!(
        to_json(&report),
        format!(
            concat!(
                r#"{{"valid":true,"errors":[],"#,
                r#""warnings":[{{"path":"users","code":"ignored_field","message":"`users` is not used by the chat scenario; it is left out of the request."}}],"#,
                r#""path":"/api/rainbow/enduser/v1.0/rooms/{}/invitations","#,
                r#""request":{{"scenario":"chat","emails":["ada@example.com"],"lang":"en"}}}}"#
            ),
            ROOM
        )
    );
}

#[test]
fn validation_result_value_when_invalid() {
    let report = run(Invite, r#"{"scenario":"chat","emails":["ada@example.com","x"]}"#);
    let v = json(&to_json(&report));
    assert_eq!(v.get("valid"), Some(&Value::Bool(false)));
    assert_eq!(v.get("path"), Some(&Value::Null));
    assert_eq!(v.get("request"), Some(&Value::Null));
    let Some(Value::Array(errs)) = v.get("errors") else { panic!("errors is not an array: {v:?}") };
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].get("path"), Some(&Value::str("emails[1]")));
    assert_eq!(errs[0].get("code"), Some(&Value::str("invalid_email")));
    assert!(errs[0].get("message").and_then(Value::as_str).is_some_and(|m| !m.is_empty()));
    assert_eq!(v.get("warnings"), Some(&Value::Array(vec![])));
}

#[test]
fn issue_codes_have_the_documented_names() {
    let table = [
        (Required, "required"),
        (InvalidType, "invalid_type"),
        (InvalidValue, "invalid_value"),
        (InvalidId, "invalid_id"),
        (InvalidEmail, "invalid_email"),
        (InvalidLang, "invalid_lang"),
        (InvalidString, "invalid_string"),
        (UnknownField, "unknown_field"),
        (NoRecipients, "no_recipients"),
        (InvalidOption, "invalid_option"),
        (Duplicate, "duplicate"),
        (IgnoredField, "ignored_field"),
    ];
    for (code, name) in table {
        assert_eq!(code.as_str(), name);
    }
}

// ---- ids: roomId, confId, users[i] --------------------------------------------------------------

const BAD_IDS: &[&str] = &[
    "",
    "56f42c1914e2a8a91b99e59",                          // 23
    "56f42c1914e2a8a91b99e5955",                        // 25
    "56f42c1914e2a8a91b99e59g",                         // not hex
    "56f42c1914e2a8a91b99e59 ",                         // space
    " 56f42c1914e2a8a91b99e595",                        // not trimmed
    "56f42c1914e2a8a91b99e59/",                         // path separator
    "../../../../../../../../x",                        // traversal
    "56f42c1914e2a8a91b99e5%2",                         // encoded
    "56f42c1914e2a8a91b99e59é",                         // 24 characters, 25 bytes
    "０１２３４５６７８９ａｂｃｄｅｆ０１２３４５６７", // full-width digits
    "0x56f42c1914e2a8a91b99e5",
];

#[test]
fn room_id_accepts_24_hex_in_any_case() {
    for id in ["56f42c1914e2a8a91b99e595", "56F42C1914E2A8A91B99E595", "0123456789abcdefABCDEF01"] {
        let report = run_room(Invite, Value::str(id), r#"{"scenario":"chat","emails":["a@example.com"]}"#);
        assert!(report.is_valid(), "{id}: {:?}", report.errors);
        assert_eq!(report.request.unwrap().path, format!("/api/rainbow/enduser/v1.0/rooms/{id}/invitations"));
    }
}

#[test]
fn room_id_must_be_24_hex() {
    for op in [Invite, Cancel] {
        for id in BAD_IDS {
            let report = run_room(op, Value::str(*id), r#"{"scenario":"chat","emails":["a@example.com"]}"#);
            let message = only_error(&report, "roomId", InvalidId);
            assert!(message.contains("24 hexadecimal"), "{id:?}: {message}");
        }
    }
}

#[test]
fn a_missing_room_id_is_required() {
    for room in [Value::Undefined, Value::Null] {
        let report = run_room(Invite, room, r#"{"scenario":"chat","emails":["a@example.com"]}"#);
        let message = only_error(&report, "roomId", Required);
        assert!(message.contains("24 hexadecimal"), "{message}");
    }
}

#[test]
fn room_id_of_the_wrong_type() {
    let table = [
        (Value::int(5), "a number"),
        (Value::Bool(true), "a boolean"),
        (Value::strings([ROOM]), "an array"),
        (Value::Object(vec![]), "an object"),
        (Value::Function, "a function"),
        (Value::Opaque("a symbol"), "a symbol"),
    ];
    for (room, kind) in table {
        let report = run_room(Invite, room.clone(), r#"{"scenario":"chat","emails":["a@example.com"]}"#);
        let message = only_error(&report, "roomId", InvalidType);
        assert!(message.contains(kind), "{room:?}: {message}");
    }
}

#[test]
fn conf_id_must_be_24_hex() {
    for op in [Invite, Cancel] {
        for id in BAD_IDS {
            let body = Value::object([
                ("scenario", Value::str("pstn-conference")),
                ("confId", Value::str(*id)),
                ("emails", Value::strings(["a@example.com"])),
            ]);
            let report = validate::validate(op, &Value::str(ROOM), &body);
            let message = only_error(&report, "confId", InvalidId);
            assert!(message.contains("24 hexadecimal"), "{id:?}: {message}");
        }
        let report = run(op, r#"{"scenario":"pstn-conference","confId":12,"emails":["a@example.com"]}"#);
        only_error(&report, "confId", InvalidType);
    }
    assert_eq!(
        sent(Invite, &format!(r#"{{"scenario":"video-conference","confId":"{CONF}","users":["{USER1}"]}}"#)),
        format!(r#"{{"scenario":"video-conference","confId":"{CONF}","users":["{USER1}"],"lang":"en"}}"#)
    );
}

#[test]
fn user_ids_must_be_24_hex_each_with_their_index() {
    for op in [Invite, Cancel] {
        for id in BAD_IDS {
            let body = Value::object([
                ("scenario", Value::str("pstn-conference")),
                ("users", Value::strings([USER1, USER2, id])),
            ]);
            let report = validate::validate(op, &Value::str(ROOM), &body);
            let message = only_error(&report, "users[2]", InvalidId);
            assert!(message.contains("24 hexadecimal"), "{id:?}: {message}");
        }
        let report = run(op, &format!(r#"{{"scenario":"pstn-conference","users":["{USER1}",7,null]}}"#));
        assert_eq!(errors(&report), pairs(&[("users[1]", InvalidType), ("users[2]", InvalidType)]));
    }
}

#[test]
fn id_messages_say_what_was_given_and_its_length() {
    let report = run_room(Invite, Value::str("abc"), r#"{"scenario":"chat","emails":["a@example.com"]}"#);
    let message = only_error(&report, "roomId", InvalidId);
    assert!(message.contains("'abc'") && message.contains("3 characters"), "{message}");
    assert!(message.contains("56f42c1914e2a8a91b99e595"), "an example id helps: {message}");
    let report = run_room(Invite, Value::str("x"), r#"{"scenario":"chat","emails":["a@example.com"]}"#);
    let message = only_error(&report, "roomId", InvalidId);
    assert!(message.ends_with("got 'x' (1 character)."), "{message}");
}

// ---- the body itself ----------------------------------------------------------------------------

#[test]
fn body_must_be_a_plain_object() {
    let table = [
        (Value::Undefined, "undefined"),
        (Value::Null, "null"),
        (Value::Bool(false), "a boolean"),
        (Value::int(1), "a number"),
        (Value::str("{\"scenario\":\"chat\"}"), "a string"),
        (Value::Array(vec![]), "an array"),
        (Value::Function, "a function"),
        (Value::Opaque("an object that is not a plain object (a Map, Date, Promise…)"), "a Map"),
    ];
    for op in [Invite, Cancel] {
        for (body, kind) in &table {
            let report = validate::validate(op, &Value::str(ROOM), body);
            let message = only_error(&report, "body", InvalidType);
            assert!(message.contains(kind), "{body:?}: {message}");
            assert!(message.contains("plain object"), "{message}");
        }
    }
}

#[test]
fn body_and_room_id_errors_are_both_reported() {
    let report = validate::validate(Invite, &Value::str("nope"), &Value::Null);
    assert_eq!(errors(&report), pairs(&[("roomId", InvalidId), ("body", InvalidType)]));
}

#[test]
fn wrong_types_are_errors() {
    let pstn = |field: &str, value: &str| {
        format!(r#"{{"scenario":"pstn-conference","users":["{USER1}"],"emails":["a@example.com"],"{field}":{value}}}"#)
    };
    let table: Vec<(Operation, String, &str, &str)> = vec![
        (Invite, pstn("noMail", r#""true""#), "noMail", "true or false"),
        (Invite, pstn("noMail", "1"), "noMail", "true or false"),
        (Invite, pstn("update", r#""false""#), "update", "true or false"),
        (Invite, pstn("update", "[]"), "update", "true or false"),
        (Cancel, pstn("noMail", r#""true""#), "noMail", "true or false"),
        (Invite, pstn("lang", "5"), "lang", "a string"),
        (Cancel, pstn("lang", "true"), "lang", "a string"),
        (Invite, pstn("instantMessage", "true"), "instantMessage", "a string"),
        (Invite, pstn("instantMessage", r#"{"text":"hi"}"#), "instantMessage", "a string"),
        (Invite, pstn("confId", r#"["aaaaaaaaaaaaaaaaaaaaaaaa"]"#), "confId", "a string"),
        (Invite, r#"{"scenario":1,"emails":["a@example.com"]}"#.into(), "scenario", "a string"),
        (Invite, r#"{"scenario":["chat"],"emails":["a@example.com"]}"#.into(), "scenario", "a string"),
        (Cancel, r#"{"scenario":true,"emails":["a@example.com"]}"#.into(), "scenario", "a string"),
        (Invite, r#"{"scenario":"chat","emails":"a@example.com"}"#.into(), "emails", "an array"),
        (Cancel, r#"{"scenario":"chat","emails":{"0":"a@example.com"}}"#.into(), "emails", "an array"),
        (Invite, format!(r#"{{"scenario":"pstn-conference","users":"{USER1}","emails":["a@example.com"]}}"#), "users", "an array"),
    ];
    for (op, body, path, expected) in table {
        let report = run(op, &body);
        assert!(
            report.errors.iter().any(|i| i.path == path && i.code == InvalidType && i.message.contains(expected)),
            "{op:?} {body}: {:#?}",
            report.errors
        );
        assert!(report.request.is_none());
    }
}

#[test]
fn a_quoted_boolean_gets_a_drop_the_quotes_hint() {
    let report = run(Invite, &format!(r#"{{"scenario":"pstn-conference","users":["{USER1}"],"noMail":"true"}}"#));
    let message = only_error(&report, "noMail", InvalidType);
    assert!(message.contains("a string") && message.contains("drop the quotes"), "{message}");
}

#[test]
fn a_single_string_where_a_list_is_wanted_gets_a_wrap_hint() {
    let report = run(Invite, r#"{"scenario":"pstn-conference","emails":"a@example.com","users":["5a1b2c3d4e5f60718293a4b5"]}"#);
    let message = only_error(&report, "emails", InvalidType);
    assert!(message.contains("Wrap a single entry in an array"), "{message}");
}

#[test]
fn strings_js_cannot_encode_are_invalid_string() {
    let bad = Value::Opaque("a string with unpaired UTF-16 surrogates");
    let body = Value::object([
        ("scenario", Value::str("pstn-conference")),
        ("users", Value::strings([USER1])),
        ("emails", Value::Array(vec![Value::str("a@example.com"), bad.clone()])),
        ("instantMessage", bad.clone()),
        ("lang", bad.clone()),
    ]);
    let report = validate::validate(Invite, &bad, &body);
    assert_eq!(
        errors(&report),
        pairs(&[("roomId", InvalidString), ("emails[1]", InvalidString), ("lang", InvalidString), ("instantMessage", InvalidString)])
    );
}

#[test]
fn undefined_and_null_fields_count_as_absent() {
    let body = Value::object([
        ("scenario", Value::str("pstn-conference")),
        ("confId", Value::Null),
        ("users", Value::strings([USER1])),
        ("emails", Value::Null),
        ("lang", Value::Null),
        ("instantMessage", Value::Null),
        ("noMail", Value::Null),
    ]);
    // Value::object drops Undefined; build one that keeps an explicit undefined entry.
    let Value::Object(mut entries) = body else { unreachable!() };
    entries.push(("update".into(), Value::Undefined));
    let report = validate::validate(Invite, &Value::str(ROOM), &Value::Object(entries));
    assert!(report.is_valid(), "{:#?}", report.errors);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    assert_eq!(to_json(&report.request.unwrap().body), format!(r#"{{"scenario":"pstn-conference","users":["{USER1}"],"lang":"en"}}"#));

    // Absent fields a scenario ignores are not warned about either.
    let report = run(Invite, r#"{"scenario":"chat","emails":["a@example.com"],"users":null,"confId":null,"noMail":null}"#);
    assert!(report.is_valid() && report.warnings.is_empty(), "{report:#?}");
}

// ---- unknown fields -----------------------------------------------------------------------------

#[test]
fn unknown_fields_are_errors_that_suggest_the_closest_name() {
    let table = [
        (Invite, "email", "emails"),
        (Invite, "Emails", "emails"),
        (Invite, "user", "users"),
        (Invite, "confid", "confId"),
        (Invite, "conf_id", "confId"),
        (Invite, "scenarios", "scenario"),
        (Invite, "scenraio", "scenario"),
        (Invite, "langs", "lang"),
        (Invite, "nomail", "noMail"),
        (Invite, "no_mail", "noMail"),
        (Invite, "updates", "update"),
        (Invite, "instantMesage", "instantMessage"),
        (Cancel, "email", "emails"),
        (Cancel, "noMails", "noMail"),
    ];
    for (op, key, suggestion) in table {
        let body = format!(r#"{{"scenario":"chat","emails":["a@example.com"],"{key}":["x"]}}"#);
        let report = run(op, &body);
        let message = only_error(&report, key, UnknownField);
        assert!(message.contains(&format!("did you mean `{suggestion}`")), "{key}: {message}");
    }
}

#[test]
fn unknown_fields_without_a_close_name_list_the_known_ones() {
    let report = run(Invite, r#"{"scenario":"chat","emails":["a@example.com"],"recipients":[]}"#);
    let message = only_error(&report, "recipients", UnknownField);
    for name in ["scenario", "confId", "users", "emails", "lang", "instantMessage", "noMail", "update"] {
        assert!(message.contains(name), "{message}");
    }
    let report = run(Cancel, r#"{"scenario":"chat","emails":["a@example.com"],"recipients":[]}"#);
    let message = only_error(&report, "recipients", UnknownField);
    assert!(!message.contains("instantMessage") && !message.contains("update"), "cancel has no such fields: {message}");
}

#[test]
fn invite_only_fields_are_unknown_to_cancel() {
    for key in ["instantMessage", "update"] {
        let body = format!(r#"{{"emails":["a@example.com"],"{key}":true}}"#);
        only_error(&run(Cancel, &body), key, UnknownField);
    }
}

#[test]
fn a_long_unknown_key_is_cut_in_its_path() {
    let key = "k".repeat(500);
    let report = run(Invite, &format!(r#"{{"scenario":"chat","emails":["a@example.com"],"{key}":1}}"#));
    assert_eq!(report.errors.len(), 1);
    let issue = &report.errors[0];
    assert_eq!(issue.code, UnknownField);
    assert!(issue.path.chars().count() <= 65, "{}", issue.path.len());
    assert!(issue.message.chars().count() < 300, "{}", issue.message);
}

// ---- scenario -----------------------------------------------------------------------------------

#[test]
fn invite_requires_a_scenario() {
    for body in [r#"{"emails":["a@example.com"]}"#, r#"{"scenario":null,"emails":["a@example.com"]}"#] {
        let message = only_error(&run(Invite, body), "scenario", Required);
        for s in ["chat", "pstn-conference", "video-conference"] {
            assert!(message.contains(s), "{message}");
        }
    }
}

#[test]
fn cancel_defaults_to_pstn_conference_and_sends_it() {
    assert_eq!(sent(Cancel, r#"{"emails":["guest@example.com"]}"#), r#"{"scenario":"pstn-conference","emails":["guest@example.com"],"lang":"en"}"#);
    assert_eq!(
        sent(Cancel, &format!(r#"{{"scenario":null,"users":["{USER1}"]}}"#)),
        format!(r#"{{"scenario":"pstn-conference","users":["{USER1}"],"lang":"en"}}"#)
    );
}

#[test]
fn an_unknown_scenario_lists_the_allowed_values() {
    for op in [Invite, Cancel] {
        for bad in ["Chat", "pstn", "video", "", "chat ", "pstn_conference"] {
            let body = Value::object([("scenario", Value::str(bad)), ("emails", Value::strings(["a@example.com"]))]);
            let report = validate::validate(op, &Value::str(ROOM), &body);
            let message = only_error(&report, "scenario", InvalidValue);
            assert!(message.contains(&format!("'{bad}'")), "{message}");
            for s in ["'chat'", "'pstn-conference'", "'video-conference'"] {
                assert!(message.contains(s), "{message}");
            }
        }
    }
}

#[test]
fn every_scenario_round_trips_through_its_name() {
    for sc in Scenario::ALL {
        assert_eq!(Scenario::parse(sc.as_str()), Some(sc));
    }
    assert_eq!(Scenario::parse("CHAT"), None);
}

// ---- lang ---------------------------------------------------------------------------------------

#[test]
fn lang_accepts_language_tags() {
    for tag in ["en", "fr", "de", "en-US", "pt-BR", "zh-Hans", "zh-Hans-CN", "de-CH-1996", "EN", "es-419", "ast"] {
        let body = format!(r#"{{"scenario":"chat","emails":["a@example.com"],"lang":"{tag}"}}"#);
        assert_eq!(sent(Invite, &body), format!(r#"{{"scenario":"chat","emails":["a@example.com"],"lang":"{tag}"}}"#));
    }
}

#[test]
fn lang_refuses_what_is_not_a_tag() {
    for tag in ["", "e", "english", "en_US", "en-", "-en", "en--US", "e1", "12", "en-abcdefghi", "en US", " en", "fr.", "ü"] {
        let body = Value::object([
            ("scenario", Value::str("pstn-conference")),
            ("emails", Value::strings(["a@example.com"])),
            ("lang", Value::str(tag)),
        ]);
        for op in [Invite, Cancel] {
            let report = validate::validate(op, &Value::str(ROOM), &body);
            let message = only_error(&report, "lang", InvalidLang);
            assert!(message.contains("'en'") && message.contains("'en-US'"), "{message}");
        }
    }
}

#[test]
fn lang_defaults_to_en_where_the_scenario_uses_it() {
    let table = [
        (Invite, r#"{"scenario":"chat","emails":["a@example.com"]}"#, true),
        (Invite, r#"{"scenario":"pstn-conference","emails":["a@example.com"]}"#, true),
        (Invite, r#"{"scenario":"video-conference","emails":["a@example.com"]}"#, true),
        (Cancel, r#"{"scenario":"pstn-conference","emails":["a@example.com"]}"#, true),
        (Cancel, r#"{"emails":["a@example.com"]}"#, true),
        (Cancel, r#"{"scenario":"chat","emails":["a@example.com"]}"#, false),
        (Cancel, r#"{"scenario":"video-conference","emails":["a@example.com"]}"#, false),
    ];
    for (op, body, has_lang) in table {
        let report = run(op, body);
        assert!(report.is_valid() && report.warnings.is_empty(), "{body}: {report:#?}");
        let sent = report.request.unwrap().body;
        assert_eq!(sent.get("lang"), has_lang.then(|| Value::str("en")).as_ref(), "{op:?} {body}");
    }
}

#[test]
fn lang_is_not_sent_where_the_scenario_ignores_it() {
    for scenario in ["chat", "video-conference"] {
        let body = format!(r#"{{"scenario":"{scenario}","emails":["a@example.com"],"lang":"fr"}}"#);
        let report = run(Cancel, &body);
        assert!(report.is_valid());
        assert_eq!(warnings(&report), pairs(&[("lang", IgnoredField)]));
        assert_eq!(to_json(&report.request.unwrap().body), format!(r#"{{"scenario":"{scenario}","emails":["a@example.com"]}}"#));
    }
}

// ---- recipients ---------------------------------------------------------------------------------

#[test]
fn recipients_rules_for_every_operation_and_scenario() {
    // (operation, scenario, users given, emails given, valid)
    let table = [
        (Invite, "chat", false, true, true),
        (Invite, "chat", true, false, false),
        (Invite, "chat", false, false, false),
        (Invite, "chat", true, true, true),
        (Invite, "pstn-conference", true, false, true),
        (Invite, "pstn-conference", false, true, true),
        (Invite, "pstn-conference", true, true, true),
        (Invite, "pstn-conference", false, false, false),
        (Invite, "video-conference", true, false, true),
        (Invite, "video-conference", false, true, true),
        (Invite, "video-conference", true, true, true),
        (Invite, "video-conference", false, false, false),
        (Cancel, "pstn-conference", true, false, true),
        (Cancel, "pstn-conference", false, true, true),
        (Cancel, "pstn-conference", true, true, true),
        (Cancel, "pstn-conference", false, false, false),
        (Cancel, "chat", false, true, true),
        (Cancel, "chat", true, false, false),
        (Cancel, "chat", false, false, false),
        (Cancel, "chat", true, true, true),
        (Cancel, "video-conference", false, true, true),
        (Cancel, "video-conference", true, false, false),
        (Cancel, "video-conference", false, false, false),
        (Cancel, "video-conference", true, true, true),
    ];
    for (op, scenario, users, emails, valid) in table {
        for empty_lists in [false, true] {
            let list = |given: bool, item: &str| match (given, empty_lists) {
                (true, _) => Value::strings([item]),
                (false, true) => Value::Array(vec![]),
                (false, false) => Value::Undefined,
            };
            let body = Value::object([
                ("scenario", Value::str(scenario)),
                ("users", list(users, USER1)),
                ("emails", list(emails, "guest@example.com")),
            ]);
            let report = validate::validate(op, &Value::str(ROOM), &body);
            let ctx = format!("{op:?} {scenario} users={users} emails={emails} empty_lists={empty_lists}");
            if valid {
                assert!(report.is_valid(), "{ctx}: {:#?}", report.errors);
            } else {
                let message = only_error(&report, "emails", NoRecipients);
                assert!(message.contains(scenario), "{ctx}: {message}");
                assert!(message.contains("`emails`"), "{ctx}: {message}");
                let needs_emails_only = scenario == "chat" || (op == Cancel && scenario == "video-conference");
                assert_eq!(message.contains("`users`"), !needs_emails_only, "{ctx}: {message}");
            }
        }
    }
}

#[test]
fn invalid_entries_are_not_also_reported_as_no_recipients() {
    let report = run(Invite, r#"{"scenario":"chat","emails":["not-an-address"]}"#);
    only_error(&report, "emails[0]", InvalidEmail);
    let report = run(Invite, r#"{"scenario":"pstn-conference","users":["nope"]}"#);
    only_error(&report, "users[0]", InvalidId);
}

#[test]
fn duplicates_still_count_once_as_recipients() {
    let report = run(Invite, r#"{"scenario":"chat","emails":["a@example.com","A@example.com"]}"#);
    assert!(report.is_valid());
}

// ---- e-mails ------------------------------------------------------------------------------------

fn long_address(local: usize, labels: &[usize]) -> String {
    let domain: Vec<String> = labels.iter().enumerate().map(|(i, n)| ((b'a' + i as u8) as char).to_string().repeat(*n)).collect();
    format!("{}@{}", "x".repeat(local), domain.join("."))
}

#[test]
fn strict_invite_emails_accept_practical_addresses() {
    let mut valid: Vec<String> = [
        "ada@example.com",
        "first.last@example.co.uk",
        "user+tag@example.com",
        "o'brien@example.ie",
        "x@a.io",
        "1234@example.com",
        "user@123.example.com",
        "user@sub-domain.example.com",
        "a_b-c!#$%&*=?^`{|}~@example.org",
        "user@xn--bcher-kva.ch",
        "user@bücher.ch",
        "UPPER@EXAMPLE.COM",
        "user@example.c0m",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    valid.push(long_address(64, &[10, 3])); // local part at its 64-character limit
    valid.push(long_address(1, &[63, 3])); // label at its 63-character limit
    let max = long_address(64, &[63, 63, 61]);
    assert_eq!(max.len(), 254);
    valid.push(max);
    for email in valid {
        let body = chat_with_emails(&[&email]);
        assert_eq!(sent(Invite, &body), format!(r#"{{"scenario":"chat","emails":["{email}"],"lang":"en"}}"#));
    }
}

#[test]
fn strict_invite_emails_refuse_what_is_not_an_address() {
    let too_long = long_address(64, &[63, 63, 62]);
    assert_eq!(too_long.len(), 255);
    let table: Vec<(String, &str)> = vec![
        ("".into(), "empty"),
        ("   ".into(), "empty"),
        ("plainaddress".into(), "no '@'"),
        ("@example.com".into(), "before the '@'"),
        ("user@".into(), "after the '@'"),
        ("user@localhost".into(), "no dot"),
        ("guest2@mycompany".into(), "no dot"),
        ("a@b@example.com".into(), "more than one '@'"),
        ("user name@example.com".into(), "space"),
        ("user@exa mple.com".into(), "space"),
        ("user\u{a0}x@example.com".into(), "space"),
        ("user\u{0}@example.com".into(), "control"),
        ("user\u{7}@example.com".into(), "control"),
        ("us\ter@example.com".into(), "control"),
        ("user@example.com\r\nBcc: x@example.com".into(), "control"),
        (".user@example.com".into(), "dot"),
        ("user.@example.com".into(), "dot"),
        ("us..er@example.com".into(), "dot"),
        ("user@example..com".into(), "empty label"),
        ("user@.example.com".into(), "empty label"),
        ("user@example.com.".into(), "empty label"),
        ("user@-example.com".into(), "'-'"),
        ("user@example-.com".into(), "'-'"),
        ("user@example.-com".into(), "'-'"),
        ("user@example.123".into(), "number"),
        ("user@1.2.3.4".into(), "number"),
        ("user@[127.0.0.1]".into(), "character"),
        ("user@exam_ple.com".into(), "character"),
        ("user@example.com/x".into(), "character"),
        ("\"quoted\"@example.com".into(), "unquoted"),
        ("user(comment)@example.com".into(), "unquoted"),
        ("a,b@example.com".into(), "unquoted"),
        ("a:b@example.com".into(), "unquoted"),
        ("a;b@example.com".into(), "unquoted"),
        ("<a>@example.com".into(), "unquoted"),
        ("a\\b@example.com".into(), "unquoted"),
        ("a[b]@example.com".into(), "unquoted"),
        (long_address(65, &[10, 3]), "64"),
        (long_address(1, &[64, 3]), "63"),
        (too_long, "254"),
    ];
    for (email, why) in table {
        let body = chat_with_emails(&["ok@example.com", &email]);
        let message = only_error(&run(Invite, &body), "emails[1]", InvalidEmail);
        assert!(message.contains(why), "{email:?}: expected {why:?} in {message}");
        assert!(message.contains("not a valid e-mail address"), "{message}");
    }
}

#[test]
fn email_messages_never_carry_raw_control_characters() {
    let report = run(Invite, &chat_with_emails(&["a\r\nb@example.com"]));
    let message = only_error(&report, "emails[0]", InvalidEmail);
    assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
}

#[test]
fn lenient_cancel_emails_accept_any_address_that_could_have_been_stored() {
    for scenario in ["chat", "video-conference", "pstn-conference"] {
        for email in ["guest2@mycompany", "user@localhost", "a@1.2.3.4", "user@example..com", ".a.@b", "a@-b-", "\"q\"@x", "x@[127.0.0.1]"] {
            let body = Value::object([("scenario", Value::str(scenario)), ("emails", Value::strings([email]))]);
            let report = validate::validate(Cancel, &Value::str(ROOM), &body);
            assert!(report.is_valid(), "{scenario} {email}: {:#?}", report.errors);
            assert_eq!(report.request.unwrap().body.get("emails"), Some(&Value::strings([email])));
        }
    }
    // The seed's own cancellation example.
    assert_eq!(
        sent(Cancel, r#"{"scenario":"chat","emails":["guest1@mycompany.com","guest2@mycompany"]}"#),
        r#"{"scenario":"chat","emails":["guest1@mycompany.com","guest2@mycompany"]}"#
    );
}

#[test]
fn lenient_cancel_emails_still_refuse_what_is_not_an_address() {
    let table = [
        ("", "no '@'"),
        ("nobody", "no '@'"),
        ("@mycompany", "before the '@'"),
        ("guest@", "after the '@'"),
        ("a@b@c", "more than one '@'"),
        ("guest 2@mycompany", "space"),
        ("guest2@my\u{1}company", "control"),
        ("guest2@mycompany\n", "never"), // trimmed: accepted, checked below
    ];
    for (email, why) in table {
        let body = Value::object([("scenario", Value::str("chat")), ("emails", Value::strings(["ok@x", email]))]);
        let report = validate::validate(Cancel, &Value::str(ROOM), &body);
        if why == "never" {
            assert!(report.is_valid(), "{email:?}");
            continue;
        }
        let message = only_error(&report, "emails[1]", InvalidEmail);
        assert!(message.contains(why), "{email:?}: expected {why:?} in {message}");
    }
}

#[test]
fn emails_are_trimmed() {
    assert_eq!(
        sent(Invite, &chat_with_emails(&["  ada@example.com", "grace@example.com\t\n", "\u{a0}\u{2003}linus@example.com "])),
        r#"{"scenario":"chat","emails":["ada@example.com","grace@example.com","linus@example.com"],"lang":"en"}"#
    );
    assert_eq!(sent(Cancel, r#"{"scenario":"chat","emails":[" guest2@mycompany "]}"#), r#"{"scenario":"chat","emails":["guest2@mycompany"]}"#);
}

#[test]
fn duplicate_emails_are_dropped_case_insensitively_with_warnings() {
    let report = run(
        Invite,
        &chat_with_emails(&["Ada@Example.com", "grace@example.com", "ada@example.com", " ADA@EXAMPLE.COM ", "Grace@example.com"]),
    );
    assert!(report.is_valid(), "{:#?}", report.errors);
    assert_eq!(warnings(&report), pairs(&[("emails[2]", Duplicate), ("emails[3]", Duplicate), ("emails[4]", Duplicate)]));
    assert!(report.warnings[0].message.contains("emails[0]"), "{}", report.warnings[0].message);
    assert!(report.warnings[2].message.contains("emails[1]"), "{}", report.warnings[2].message);
    assert_eq!(report.request.unwrap().body.get("emails"), Some(&Value::strings(["Ada@Example.com", "grace@example.com"])));

    let report = run(Cancel, r#"{"scenario":"chat","emails":["guest2@mycompany","GUEST2@MyCompany"]}"#);
    assert_eq!(warnings(&report), pairs(&[("emails[1]", Duplicate)]));
    assert_eq!(report.request.unwrap().body.get("emails"), Some(&Value::strings(["guest2@mycompany"])));
}

#[test]
fn duplicate_user_ids_are_dropped_with_warnings() {
    for op in [Invite, Cancel] {
        let upper = USER1.to_uppercase();
        let body = format!(r#"{{"scenario":"pstn-conference","users":["{USER1}","{USER2}","{USER1}","{upper}"]}}"#);
        let report = run(op, &body);
        assert!(report.is_valid(), "{:#?}", report.errors);
        assert_eq!(warnings(&report), pairs(&[("users[2]", Duplicate), ("users[3]", Duplicate)]));
        assert!(report.warnings[0].message.contains("users[0]"));
        assert_eq!(report.request.unwrap().body.get("users"), Some(&Value::strings([USER1, USER2])));
    }
}

#[test]
fn a_user_id_and_an_email_are_never_duplicates_of_each_other() {
    let report = run(Invite, &format!(r#"{{"scenario":"pstn-conference","users":["{USER1}"],"emails":["{USER1}@example.com"]}}"#));
    assert!(report.is_valid() && report.warnings.is_empty(), "{report:#?}");
}

// ---- fields a scenario ignores -----------------------------------------------------------------

#[test]
fn ignored_fields_are_warned_about_and_left_out() {
    let everything = format!(
        r#""confId":"{CONF}","users":["{USER1}"],"emails":["a@example.com"],"lang":"fr","instantMessage":"hi","noMail":true,"update":true"#
    );
    let table: Vec<(Operation, &str, Vec<&str>, String)> = vec![
        (
            Invite,
            "chat",
            vec!["confId", "users", "instantMessage", "noMail", "update"],
            r#"{"scenario":"chat","emails":["a@example.com"],"lang":"fr"}"#.into(),
        ),
        (
            Invite,
            "video-conference",
            vec!["noMail", "update"],
            format!(r#"{{"scenario":"video-conference","confId":"{CONF}","users":["{USER1}"],"emails":["a@example.com"],"lang":"fr","instantMessage":"hi"}}"#),
        ),
        (
            Invite,
            "pstn-conference",
            vec![],
            format!(
                r#"{{"scenario":"pstn-conference","confId":"{CONF}","users":["{USER1}"],"emails":["a@example.com"],"lang":"fr","instantMessage":"hi","noMail":true,"update":true}}"#
            ),
        ),
    ];
    for (op, scenario, ignored, expected) in table {
        let report = run(op, &format!(r#"{{"scenario":"{scenario}",{everything}}}"#));
        assert!(report.is_valid(), "{scenario}: {:#?}", report.errors);
        let expected_warnings: Vec<(String, IssueCode)> = ignored.iter().map(|p| (p.to_string(), IgnoredField)).collect();
        assert_eq!(warnings(&report), expected_warnings, "{scenario}");
        for w in &report.warnings {
            assert!(w.message.contains(scenario) && w.message.contains("left out"), "{}", w.message);
        }
        assert_eq!(to_json(&report.request.unwrap().body), expected, "{scenario}");
    }

    let cancel_all = format!(r#""confId":"{CONF}","users":["{USER1}"],"emails":["a@example.com"],"lang":"fr","noMail":false"#);
    for scenario in ["chat", "video-conference"] {
        let report = run(Cancel, &format!(r#"{{"scenario":"{scenario}",{cancel_all}}}"#));
        assert!(report.is_valid(), "{:#?}", report.errors);
        assert_eq!(warnings(&report), pairs(&[("confId", IgnoredField), ("users", IgnoredField), ("lang", IgnoredField), ("noMail", IgnoredField)]));
        assert_eq!(to_json(&report.request.unwrap().body), format!(r#"{{"scenario":"{scenario}","emails":["a@example.com"]}}"#));
    }
    assert_eq!(
        sent(Cancel, &format!(r#"{{"scenario":"pstn-conference",{cancel_all}}}"#)),
        format!(r#"{{"scenario":"pstn-conference","confId":"{CONF}","users":["{USER1}"],"emails":["a@example.com"],"lang":"fr","noMail":false}}"#)
    );
}

#[test]
fn an_ignored_field_is_only_a_warning_even_when_malformed() {
    let report = run(Invite, r#"{"scenario":"chat","emails":["a@example.com"],"noMail":"yes","users":["nope"],"confId":5}"#);
    assert!(report.is_valid(), "{:#?}", report.errors);
    assert_eq!(warnings(&report), pairs(&[("confId", IgnoredField), ("users", IgnoredField), ("noMail", IgnoredField)]));
    assert_eq!(to_json(&report.request.unwrap().body), r#"{"scenario":"chat","emails":["a@example.com"],"lang":"en"}"#);
}

// ---- every problem at once ------------------------------------------------------------------------

#[test]
fn every_problem_is_collected_at_once_with_its_path() {
    let body = r#"{
        "scenario": "pstn-conference",
        "confId": "xyz",
        "users": ["nope", "5a1b2c3d4e5f60718293a4b5", 42],
        "emails": ["a@example.com", "b@example.com", "b@example.com", "bad@", "also bad"],
        "lang": "english",
        "instantMessage": false,
        "noMail": "true",
        "update": null,
        "email": ["c@example.com"],
        "cc": []
    }"#;
    let report = run_room(Invite, Value::str("room-1"), body);
    assert_eq!(
        errors(&report),
        pairs(&[
            ("roomId", InvalidId),
            ("email", UnknownField),
            ("cc", UnknownField),
            ("confId", InvalidId),
            ("users[0]", InvalidId),
            ("users[2]", InvalidType),
            ("emails[3]", InvalidEmail),
            ("emails[4]", InvalidEmail),
            ("lang", InvalidLang),
            ("instantMessage", InvalidType),
            ("noMail", InvalidType),
        ])
    );
    assert_eq!(warnings(&report), pairs(&[("emails[2]", Duplicate)]));
    assert!(report.request.is_none());
    assert!(!report.is_valid());
    for issue in report.errors.iter().chain(&report.warnings) {
        assert!(!issue.message.trim().is_empty(), "{issue:?}");
    }
}

#[test]
fn field_order_of_the_sent_body_is_the_models() {
    let body = format!(
        r#"{{"update":false,"noMail":true,"instantMessage":"Join now","lang":"fr-FR","emails":["a@example.com"],"users":["{USER1}"],"confId":"{CONF}","scenario":"pstn-conference"}}"#
    );
    assert_eq!(
        sent(Invite, &body),
        format!(
            r#"{{"scenario":"pstn-conference","confId":"{CONF}","users":["{USER1}"],"emails":["a@example.com"],"lang":"fr-FR","instantMessage":"Join now","noMail":true,"update":false}}"#
        )
    );
}

#[test]
fn instant_message_text_is_sent_as_given() {
    let text = "Line 1\nLine \"2\" \\ é 😀\u{1}";
    let body = Value::object([
        ("scenario", Value::str("video-conference")),
        ("users", Value::strings([USER1])),
        ("instantMessage", Value::str(text)),
    ]);
    let report = validate::validate(Invite, &Value::str(ROOM), &body);
    assert!(report.is_valid());
    let sent = report.request.unwrap().body;
    assert_eq!(sent.get("instantMessage"), Some(&Value::str(text)));
    assert_eq!(json(&to_json(&sent)), sent);
}

#[test]
fn a_repeated_key_uses_its_last_value_and_is_sent_once() {
    // JSON.parse keeps only the last; a body read from JS can't repeat a key, but the core's
    // objects can, and lookups see the last.
    let body = Value::Object(vec![
        ("scenario".into(), Value::str("pstn-conference")),
        ("scenario".into(), Value::str("chat")),
        ("emails".into(), Value::strings(["a@example.com"])),
    ]);
    let report = validate::validate(Invite, &Value::str(ROOM), &body);
    assert_eq!(to_json(&report.request.unwrap().body), r#"{"scenario":"chat","emails":["a@example.com"],"lang":"en"}"#);
}

#[test]
fn prefix_and_truncate_cut_at_characters() {
    assert_eq!(validate::prefix("ab€d", 3), "ab€");
    assert_eq!(validate::prefix("😀😀", 1), "😀");
    assert_eq!(validate::prefix("abc", 5), "abc");
    assert_eq!(validate::prefix("abc", 0), "");
    assert_eq!(validate::truncate("abc", 3), "abc");
    assert_eq!(validate::truncate("abcd", 3), "abc…");
    assert_eq!(validate::truncate("ééé", 2), "éé…");
    assert_eq!(validate::truncate("", 0), "");
    assert_eq!(validate::truncate("a", 0), "…");
}
