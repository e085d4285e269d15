//! The exact request that is sent (`request::prepare`), the combined check of body and options,
//! the validation error, and that the token never shows up in an error.

mod common;

use common::{json, to_json};
use rainbow_room_invitations::error::{ClientError, ErrorKind};
use rainbow_room_invitations::model::{IssueCode, Operation};
use rainbow_room_invitations::request::{self, Request};
use rainbow_room_invitations::value::Value;

use Operation::{Cancel, Invite};

const ROOM: &str = "56f42c1914e2a8a91b99e595";
const USER1: &str = "5a1b2c3d4e5f60718293a4b5";
const CONF: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.dG9rZW4tcGF5bG9hZA.Zm9vYmFyLXNpZ25hdHVyZQ";

fn prepare(op: Operation, body: &str, options: &str) -> Result<Request, ClientError> {
    request::prepare(op, &Value::str(ROOM), &json(body), &json(options), &common::node())
}

fn prepared(op: Operation, body: &str, options: &str) -> Request {
    prepare(op, body, options).unwrap_or_else(|e| panic!("{body} with {options} should be sent: {}", e.message))
}

fn field<'a>(error: &'a ClientError, name: &str) -> &'a Value {
    error.field(name).unwrap_or_else(|| panic!("no field {name} in {error:?}"))
}

fn issue_paths(list: &Value) -> Vec<(String, String)> {
    let Value::Array(items) = list else { panic!("not a list: {list:?}") };
    items
        .iter()
        .map(|i| (i.get("path").and_then(Value::as_str).unwrap().to_string(), i.get("code").and_then(Value::as_str).unwrap().to_string()))
        .collect()
}

/// The headers of a first attempt without a correlation id.
fn headers(req: &Request) -> Vec<(String, String)> {
    req.config.request_headers(req.config.token.as_deref(), None)
}

fn header_list(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

// ---- what is sent -------------------------------------------------------------------------------

#[test]
fn the_readme_invitation_is_sent_exactly() {
    let req = prepared(
        Invite,
        r#"{ "scenario": "chat", "emails": ["ada@example.com", "grace@example.com"] }"#,
        &format!(r#"{{ "baseUrl": "https://sandbox.openrainbow.com", "token": "{TOKEN}" }}"#),
    );
    assert_eq!(req.url, format!("https://sandbox.openrainbow.com/api/rainbow/enduser/v1.0/rooms/{ROOM}/invitations"));
    assert_eq!(
        headers(&req),
        header_list(&[
            ("Content-Type", "application/json"),
            ("Accept", "application/json, text/xml"),
            ("Authorization", &format!("Bearer {TOKEN}")),
        ])
    );
    assert_eq!(to_json(&req.body), r#"{"scenario":"chat","emails":["ada@example.com","grace@example.com"],"lang":"en"}"#);
    assert_eq!(req.config.timeout_ms, 30_000);
    assert_eq!(req.config.token.as_deref(), Some(TOKEN));
    assert!(req.warnings.is_empty());
}

#[test]
fn the_seed_cancellation_is_sent_exactly() {
    let req = prepared(Cancel, r#"{ "scenario": "chat", "emails": ["guest1@mycompany.com", "guest2@mycompany"] }"#, "{}");
    assert_eq!(req.url, format!("http://localhost/api/rainbow/enduser/v1.0/rooms/{ROOM}/invitations/cancel"));
    assert_eq!(to_json(&req.body), r#"{"scenario":"chat","emails":["guest1@mycompany.com","guest2@mycompany"]}"#);
    assert_eq!(headers(&req), header_list(&[("Content-Type", "application/json"), ("Accept", "application/json, text/xml")]));
}

#[test]
fn bodies_for_every_operation_and_scenario() {
    let table: Vec<(Operation, String, String)> = vec![
        (
            Invite,
            format!(
                r#"{{"scenario":"pstn-conference","confId":"{CONF}","users":["{USER1}"],"emails":[" Ada@Example.com ","ada@example.com"],"lang":"fr","instantMessage":"Now!","noMail":true,"update":false}}"#
            ),
            format!(
                r#"{{"scenario":"pstn-conference","confId":"{CONF}","users":["{USER1}"],"emails":["Ada@Example.com"],"lang":"fr","instantMessage":"Now!","noMail":true,"update":false}}"#
            ),
        ),
        (
            Invite,
            format!(r#"{{"scenario":"video-conference","users":["{USER1}"],"noMail":true}}"#),
            format!(r#"{{"scenario":"video-conference","users":["{USER1}"],"lang":"en"}}"#),
        ),
        (
            Invite,
            format!(r#"{{"scenario":"chat","users":["{USER1}"],"emails":["a@example.com"],"lang":"de"}}"#),
            r#"{"scenario":"chat","emails":["a@example.com"],"lang":"de"}"#.to_string(),
        ),
        (
            Cancel,
            format!(r#"{{"confId":"{CONF}","users":["{USER1}"],"noMail":true}}"#),
            format!(r#"{{"scenario":"pstn-conference","confId":"{CONF}","users":["{USER1}"],"lang":"en","noMail":true}}"#),
        ),
        (
            Cancel,
            format!(r#"{{"scenario":"video-conference","users":["{USER1}"],"emails":["guest@x"],"lang":"fr"}}"#),
            r#"{"scenario":"video-conference","emails":["guest@x"]}"#.to_string(),
        ),
    ];
    for (op, body, expected) in table {
        let req = prepared(op, &body, "null");
        assert_eq!(to_json(&req.body), expected, "{op:?} {body}");
        // The body is JSON that parses back to what was validated.
        assert_eq!(json(&to_json(&req.body)), req.body);
    }
}

#[test]
fn text_is_escaped_in_the_sent_json() {
    let body = Value::object([
        ("scenario", Value::str("video-conference")),
        ("users", Value::strings([USER1])),
        ("instantMessage", Value::str("He said \"hi\"\\\n\t\u{1}é😀</script>")),
    ]);
    let req = request::prepare(Invite, &Value::str(ROOM), &body, &Value::Undefined, &common::node()).unwrap();
    assert_eq!(
        to_json(&req.body),
        format!(r#"{{"scenario":"video-conference","users":["{USER1}"],"lang":"en","instantMessage":"He said \"hi\"\\\n\t\u0001é😀</script>"}}"#)
    );
    assert_eq!(json(&to_json(&req.body)).get("instantMessage"), body.get("instantMessage"));
}

#[test]
fn the_url_keeps_a_base_path_prefix_and_drops_trailing_slashes() {
    let table = [
        ("https://gw.example.com/rainbow", "https://gw.example.com/rainbow/api/rainbow/enduser/v1.0/rooms/"),
        ("https://gw.example.com/rainbow/", "https://gw.example.com/rainbow/api/rainbow/enduser/v1.0/rooms/"),
        ("https://gw.example.com/a/b///", "https://gw.example.com/a/b/api/rainbow/enduser/v1.0/rooms/"),
        ("https://openrainbow.com/", "https://openrainbow.com/api/rainbow/enduser/v1.0/rooms/"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/rainbow/enduser/v1.0/rooms/"),
    ];
    for (base, prefix) in table {
        let req = prepared(Invite, r#"{"scenario":"chat","emails":["a@example.com"]}"#, &format!(r#"{{"baseUrl":"{base}"}}"#));
        assert_eq!(req.url, format!("{prefix}{ROOM}/invitations"), "{base}");
        let req = prepared(Cancel, r#"{"emails":["a@example.com"]}"#, &format!(r#"{{"baseUrl":"{base}"}}"#));
        assert_eq!(req.url, format!("{prefix}{ROOM}/invitations/cancel"), "{base}");
    }
}

#[test]
fn the_default_base_url_is_used_without_its_trailing_slash() {
    let body = json(r#"{"scenario":"chat","emails":["a@example.com"]}"#);
    let req = request::prepare(Invite, &Value::str(ROOM), &body, &Value::Undefined, &common::page("https://app.example.com/")).unwrap();
    assert_eq!(req.url, format!("https://app.example.com/api/rainbow/enduser/v1.0/rooms/{ROOM}/invitations"));
}

#[test]
fn extra_headers_and_timeout_are_carried() {
    let req = prepared(
        Invite,
        r#"{"scenario":"chat","emails":["a@example.com"]}"#,
        r#"{"headers":{"x-rainbow-client":"demo","x-rainbow-correlation-id":"42"},"timeoutMs":5000}"#,
    );
    assert_eq!(
        headers(&req),
        header_list(&[
            ("Content-Type", "application/json"),
            ("Accept", "application/json, text/xml"),
            ("x-rainbow-client", "demo"),
            ("x-rainbow-correlation-id", "42"),
        ])
    );
    assert_eq!(req.config.timeout_ms, 5000);
}

// ---- what is refused ------------------------------------------------------------------------------

#[test]
fn an_invalid_body_is_a_validation_error_and_nothing_is_prepared() {
    let err = prepare(Invite, r#"{"scenario":"chat","emails":["ok@example.com","nope"],"email":[]}"#, "{}").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(err.kind.name(), "RainbowValidationError");
    assert_eq!(
        issue_paths(field(&err, "errors")),
        [("email".to_string(), "unknown_field".to_string()), ("emails[1]".to_string(), "invalid_email".to_string())]
    );
    assert_eq!(field(&err, "warnings"), &Value::Array(vec![]));
    assert!(err.message.contains("2 problems") && err.message.contains("nothing was sent"), "{}", err.message);
    assert!(err.message.contains("emails[1]:") && err.message.contains("email:"), "{}", err.message);
    assert_eq!(err.fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(), ["errors", "warnings"]);
}

#[test]
fn warnings_travel_with_a_validation_error() {
    let err = prepare(Invite, r#"{"scenario":"chat","emails":["a@example.com","A@example.com"],"users":["x"],"lang":"??"}"#, "{}").unwrap_err();
    assert_eq!(issue_paths(field(&err, "errors")), [("lang".to_string(), "invalid_lang".to_string())]);
    assert_eq!(
        issue_paths(field(&err, "warnings")),
        [("users".to_string(), "ignored_field".to_string()), ("emails[1]".to_string(), "duplicate".to_string())]
    );
    assert!(err.message.contains("1 problem)"), "{}", err.message);
}

#[test]
fn bad_options_alone_refuse_the_request() {
    let err = prepare(Invite, r#"{"scenario":"chat","emails":["a@example.com"]}"#, r#"{"timeoutMs":0}"#).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(issue_paths(field(&err, "errors")), [("options.timeoutMs".to_string(), "invalid_option".to_string())]);
}

#[test]
fn check_reports_body_and_option_problems_together() {
    let (report, config) = request::check(
        Invite,
        &Value::str("bad-room"),
        &json(r#"{"scenario":"chat","emails":["x"]}"#),
        &json(r#"{"baseUrl":"ftp://x","timeout":5}"#),
        &common::node(),
    );
    assert!(config.is_none());
    assert!(report.request.is_none());
    let got: Vec<(&str, IssueCode)> = report.errors.iter().map(|i| (i.path.as_str(), i.code)).collect();
    assert_eq!(
        got,
        [
            ("roomId", IssueCode::InvalidId),
            ("emails[0]", IssueCode::InvalidEmail),
            ("options.timeout", IssueCode::UnknownField),
            ("options.baseUrl", IssueCode::InvalidOption),
        ]
    );

    // Valid body, bad options: the report loses its request.
    let (report, config) =
        request::check(Invite, &Value::str(ROOM), &json(r#"{"scenario":"chat","emails":["a@example.com"]}"#), &Value::int(1), &common::node());
    assert!(config.is_none() && report.request.is_none() && !report.is_valid());

    // Bad body, good options: the config is still read.
    let (report, config) = request::check(Invite, &Value::str(ROOM), &Value::Null, &Value::Undefined, &common::node());
    assert!(config.is_some() && !report.is_valid());
}

#[test]
fn a_long_list_of_problems_is_summarized() {
    let emails: Vec<String> = (0..8).map(|i| format!("bad{i}")).collect();
    let body = Value::object([("scenario", Value::str("chat")), ("emails", Value::strings(emails))]);
    let err = request::prepare(Invite, &Value::str(ROOM), &body, &Value::Undefined, &common::node()).unwrap_err();
    assert!(err.message.contains("(8 problems)"), "{}", err.message);
    assert!(err.message.contains("emails[4]") && !err.message.contains("emails[5]"), "{}", err.message);
    assert!(err.message.contains("… and 3 more in `errors`."), "{}", err.message);
    let Value::Array(all) = field(&err, "errors") else { panic!() };
    assert_eq!(all.len(), 8);
}

// ---- the token never leaks ------------------------------------------------------------------------

fn assert_no_token(err: &ClientError, secret: &str) {
    assert!(!err.message.contains(secret), "message leaks the token: {}", err.message);
    for (name, value) in &err.fields {
        assert!(!to_json(value).contains(secret), "field {name} leaks the token: {value:?}");
    }
}

#[test]
fn the_token_never_appears_in_a_validation_error() {
    let body = r#"{"scenario":"chat","emails":["a@example.com"]}"#;
    let cases = [
        // token over plain http to a remote host
        format!(r#"{{"baseUrl":"http://example.com","token":"{TOKEN}"}}"#),
        // token with a line break
        format!(r#"{{"token":"{TOKEN}\r\nX-Evil: 1"}}"#),
        // token given as a header whose value is refused
        format!(r#"{{"headers":{{"Authorization":"Bearer {TOKEN}\n"}}}}"#),
        // token given as a reserved header's value
        format!(r#"{{"headers":{{"Content-Type":"{TOKEN}"}}}}"#),
        // token next to other bad options
        format!(r#"{{"token":"{TOKEN}","timeoutMs":-1,"baseUrl":"https://u:{TOKEN}@example.com","tokn":"{TOKEN}"}}"#),
        // a valid token with a bad body
        format!(r#"{{"token":"{TOKEN}","baseUrl":"https://openrainbow.com"}}"#),
    ];
    for (i, options) in cases.iter().enumerate() {
        let body = if i == 5 { r#"{"scenario":"chat"}"# } else { body };
        let err = prepare(Invite, body, options).unwrap_err();
        assert_no_token(&err, TOKEN);
        assert_no_token(&err, "dG9rZW4tcGF5bG9hZA");
    }
}

#[test]
fn the_token_given_by_mistake_as_a_field_is_not_quoted_back() {
    // Validation quotes a bad value cut to its first 60 characters: none of the token's may show,
    // whether the options give it as `token` (valid or not) or as an Authorization header.
    let body = format!(r#"{{"scenario":"video-conference","users":["{TOKEN}"],"emails":["{TOKEN}@x"],"lang":"{TOKEN}","{TOKEN}":1}}"#);
    let head = &TOKEN[..8];
    for options in [
        format!(r#"{{"token":"{TOKEN}"}}"#),
        format!(r#"{{"token":" {TOKEN}\n"}}"#),
        format!(r#"{{"headers":{{"authorization":"Bearer {TOKEN}"}}}}"#),
        // An Authorization header without the Bearer scheme, or with another, is refused, and
        // its credential is a secret all the same.
        format!(r#"{{"headers":{{"Authorization":"{TOKEN}"}}}}"#),
        format!(r#"{{"headers":{{"Authorization":" Basic  {TOKEN} "}}}}"#),
        // Both at once (refused): each is scrubbed.
        format!(r#"{{"token":"other-secret-token","headers":{{"Authorization":"Bearer {TOKEN}"}}}}"#),
        format!(r#"{{"token":"{TOKEN}","headers":{{"Authorization":"Bearer other-secret-token"}}}}"#),
    ] {
        let err = prepare(Invite, &body, &options).unwrap_err();
        assert_no_token(&err, head);
        assert!(err.message.contains("users[0]") && err.message.contains("[redacted]"), "{}", err.message);
        let (report, _) = request::check(Invite, &Value::str(ROOM), &json(&body), &json(&options), &common::node());
        for issue in report.errors.iter().chain(&report.warnings) {
            assert!(!issue.message.contains(head) && !issue.path.contains(head), "{issue:?}");
        }
    }
    // Without a token in the options, the value is quoted as given.
    let err = prepare(Invite, &body, "{}").unwrap_err();
    assert!(err.message.contains(head), "{}", err.message);
}

#[test]
fn an_authorization_scheme_alone_is_not_a_secret() {
    // `Bearer` with no token holds no credential: the refusal's own hint, which names the
    // scheme, is shown whole rather than with `[redacted]` in it.
    for value in ["Bearer", " bearer\\t", "Bearer "] {
        let options = format!(r#"{{"headers":{{"Authorization":"{value}"}}}}"#);
        let err = prepare(Invite, r#"{"scenario":"chat","emails":["a@example.com"]}"#, &options).unwrap_err();
        assert!(!err.message.contains("[redacted]"), "{value:?}: {}", err.message);
        if value == "Bearer" {
            assert!(err.message.contains("`Authorization: Bearer <token>`"), "{}", err.message);
        }
    }
}

#[test]
fn the_token_never_appears_in_transport_errors() {
    let req = prepared(Invite, r#"{"scenario":"chat","emails":["a@example.com"]}"#, &format!(r#"{{"baseUrl":"https://openrainbow.com","token":"{TOKEN}"}}"#));
    for err in [
        ClientError::network(&req.url, "ECONNREFUSED", Some("ECONNREFUSED"), false),
        ClientError::timeout(req.config.timeout_ms, false, true),
        ClientError::aborted(false),
    ] {
        assert_no_token(&err, TOKEN);
    }
}
