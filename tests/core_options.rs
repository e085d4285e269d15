//! README "Options", rule by rule, against `options::read`.

mod common;

use rainbow_room_invitations::model::{Issue, IssueCode};
use rainbow_room_invitations::options::{
    self, check_token, Config, Correlation, LogLevel, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS,
};
use rainbow_room_invitations::value::{number_text, Value};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.SIGNATURE-7f3a";

fn opts(entries: Vec<(&'static str, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn ok(options: &Value) -> Config {
    options::read(options, &common::node()).unwrap_or_else(|issues| panic!("{options:?} should be accepted: {issues:#?}"))
}

fn issues(options: &Value) -> Vec<Issue> {
    match options::read(options, &common::node()) {
        Ok(config) => panic!("{options:?} should be refused, got {config:?}"),
        Err(issues) => {
            assert!(!issues.is_empty());
            issues
        }
    }
}

/// Asserts exactly one issue at `path` with `code` and returns its message.
fn only_issue(options: &Value, path: &str, code: IssueCode) -> String {
    let issues = issues(options);
    assert_eq!(issues.len(), 1, "{options:?}: {issues:#?}");
    assert_eq!(issues[0].path, path, "{options:?}");
    assert_eq!(issues[0].code, code, "{options:?}");
    assert!(!issues[0].message.trim().is_empty());
    issues[0].message.clone()
}

fn base(url: &str) -> Value {
    opts(vec![("baseUrl", Value::str(url))])
}

fn base_with_token(url: &str) -> Value {
    opts(vec![("baseUrl", Value::str(url)), ("token", Value::str(TOKEN))])
}

fn headers(list: &[(&str, Value)]) -> Value {
    opts(vec![("headers", Value::Object(list.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()))])
}

// ---- defaults -----------------------------------------------------------------------------------

#[test]
fn absent_options_take_the_defaults() {
    for absent in [Value::Undefined, Value::Null, Value::Object(vec![])] {
        let config = ok(&absent);
        assert_eq!(
            config,
            Config {
                base_url: "http://localhost".into(),
                token: None,
                get_token: false,
                headers: vec![],
                timeout_ms: DEFAULT_TIMEOUT_MS,
                total_timeout_ms: None,
                max_retries: DEFAULT_MAX_RETRIES,
                correlation: Correlation::Auto,
                log_level: LogLevel::Warn,
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            }
        );
    }
    assert_eq!(DEFAULT_TIMEOUT_MS, 30_000);
    assert_eq!(MAX_TIMEOUT_MS, 2_147_483_647);
}

#[test]
fn absent_option_fields_take_the_defaults() {
    let config = ok(&opts(vec![
        ("baseUrl", Value::Null),
        ("token", Value::Undefined),
        ("headers", Value::Null),
        ("timeoutMs", Value::Undefined),
        ("signal", Value::Null),
        ("fetch", Value::Undefined),
        ("allowInsecureHttp", Value::Null),
    ]));
    assert_eq!(config.base_url, "http://localhost");
    assert_eq!(config.timeout_ms, DEFAULT_TIMEOUT_MS);
    assert_eq!(config.token, None);
}

#[test]
fn the_default_base_url_is_the_callers_origin_without_trailing_slash() {
    let config = options::read(&Value::Undefined, &common::page("https://app.example.com/")).unwrap();
    assert_eq!(config.base_url, "https://app.example.com");
    let config = options::read(&Value::Undefined, &common::page("http://127.0.0.1:8080")).unwrap();
    assert_eq!(config.base_url, "http://127.0.0.1:8080");
}

#[test]
fn options_must_be_an_object() {
    for (value, kind) in [
        (Value::str("https://openrainbow.com"), "a string"),
        (Value::int(3), "a number"),
        (Value::Bool(true), "a boolean"),
        (Value::Array(vec![]), "an array"),
        (Value::Function, "a function"),
    ] {
        let message = only_issue(&value, "options", IssueCode::InvalidOption);
        assert!(message.contains(kind), "{message}");
    }
}

// ---- baseUrl ------------------------------------------------------------------------------------

#[test]
fn base_url_forms_that_are_accepted() {
    let table = [
        ("https://sandbox.openrainbow.com", "https://sandbox.openrainbow.com"),
        ("https://openrainbow.com/", "https://openrainbow.com"),
        ("https://openrainbow.com//", "https://openrainbow.com"),
        ("https://gateway.example.com/rainbow/", "https://gateway.example.com/rainbow"),
        ("https://gateway.example.com/a/b", "https://gateway.example.com/a/b"),
        ("https://gateway.example.com:8443", "https://gateway.example.com:8443"),
        ("HTTPS://Gateway.Example.COM/Prefix", "HTTPS://Gateway.Example.COM/Prefix"),
        ("http://localhost", "http://localhost"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("http://[::1]:3000/", "http://[::1]:3000"),
        ("http://example.com", "http://example.com"),
    ];
    for (input, expected) in table {
        assert_eq!(ok(&base(input)).base_url, expected, "{input}");
    }
}

#[test]
fn base_url_forms_that_are_refused() {
    let table = [
        ("", "http"),
        ("sandbox.openrainbow.com", "http"),
        ("/api", "http"),
        ("//openrainbow.com", "http"),
        ("ftp://openrainbow.com", "http"),
        ("javascript:alert(1)", "http"),
        ("https:openrainbow.com", "http"),
        ("https://", "host"),
        ("https:///path", "host"),
        ("https://:443", "host"),
        ("https://user:pass@openrainbow.com", "credentials"),
        ("https://user@openrainbow.com", "credentials"),
        ("https://openrainbow.com/?debug=1", "query"),
        ("https://openrainbow.com?x", "query"),
        ("https://openrainbow.com/#top", "fragment"),
        ("https://open rainbow.com", "white space"),
        ("https://openrainbow.com\n", "white space"),
        (" https://openrainbow.com", "white space"),
        ("https://openrainbow.com/\u{0}", "control"),
    ];
    for (input, why) in table {
        let message = only_issue(&base(input), "options.baseUrl", IssueCode::InvalidOption);
        assert!(message.contains(why), "{input:?}: expected {why:?} in {message}");
        assert!(message.contains("https://openrainbow.com"), "an example helps: {message}");
    }
}

#[test]
fn base_urls_that_fetch_would_refuse_before_sending_are_refused() {
    // The platform's URL parser (here the url crate's WHATWG parser) refuses the host or port.
    for input in ["http://127.0.0.1:99999", "http://127.0.0.1:65536/x", "http://127.0.0.1:8o80", "http://[::1:8080", "http://[:::1]:8080",
        "http://[1:2:3:4:5:6:7:8:9]", "http://[12345::1]", "http://[g::1]", "http://[::1]x", "http://256.0.0.1", "http://1.2.3.4.5",
        "http://example.1", "http://exa|mple.com", "http://exa^mple.com"] {
        let message = only_issue(&base(input), "options.baseUrl", IssueCode::InvalidOption);
        assert!(message.contains("has a host or port a URL can't hold"), "{input:?}: {message}");
        assert!(message.contains("IPv6 address is in brackets") && message.contains("from 0 to 65535"), "{input:?}: what to check: {message}");
    }
    let message = only_issue(&base("http://::1:8080"), "options.baseUrl", IssueCode::InvalidOption);
    assert!(message.contains("has no host"), "{message}");
    for good in ["http://127.0.0.1:65535", "http://127.0.0.1:", "http://[::ffff:127.0.0.1]:80", "http://[1:2:3:4:5:6:7:8]", "http://[fe80::]",
        "http://127.1", "http://2130706433", "http://1.2.3.4.", "https://xn--bcher-kva.example", "https://bücher.example"] {
        ok(&base(good));
    }
    // What the platform's parser says is final: one that refuses everything refuses a good URL.
    let refusing = options::Platform { parses_url: |_| false, ..common::node() };
    let issues = options::read(&base("https://openrainbow.com"), &refusing).unwrap_err();
    assert_eq!(issues.iter().map(|i| i.path.as_str()).collect::<Vec<_>>(), ["options.baseUrl"]);
}

#[test]
fn a_base_url_that_already_holds_the_api_path_is_refused() {
    for url in ["https://openrainbow.com/api/rainbow/enduser/v1.0", "https://openrainbow.com/api/rainbow/enduser/v1.0/", "https://gw.example/x/API/Rainbow/Enduser/v1.0/rooms"] {
        let message = only_issue(&base(url), "options.baseUrl", IssueCode::InvalidOption);
        assert!(message.contains("adds itself"), "{url}: {message}");
    }
    ok(&base("https://gw.example/rainbow"));
}

#[test]
fn base_url_credentials_are_not_echoed() {
    let message = only_issue(&base("https://admin:s3cr3t-pw@openrainbow.com"), "options.baseUrl", IssueCode::InvalidOption);
    assert!(!message.contains("s3cr3t-pw"), "{message}");
    assert!(message.contains("token"), "the message points to the token option: {message}");
}

#[test]
fn base_url_of_the_wrong_type() {
    for (value, kind) in [(Value::int(80), "a number"), (Value::Object(vec![]), "an object"), (Value::Bool(true), "a boolean")] {
        let message = only_issue(&opts(vec![("baseUrl", value)]), "options.baseUrl", IssueCode::InvalidOption);
        assert!(message.contains(kind), "{message}");
    }
}

// ---- token over plain http ----------------------------------------------------------------------

#[test]
fn a_token_over_plain_http_to_another_host_is_refused() {
    for url in [
        "http://example.com",
        "http://openrainbow.com/",
        "HTTP://OPENRAINBOW.COM",
        "http://192.168.1.10:8080",
        "http://10.0.0.1",
        "http://0.0.0.0",
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example",
        "http://127.0.0.1.",
        "http://128.0.0.1",
        "http://[::2]",
        "http://[::ffff:10.0.0.1]",
        "http://evil.example/localhost",
    ] {
        let message = only_issue(&base_with_token(url), "options.baseUrl", IssueCode::InvalidOption);
        assert!(message.contains("https://") && message.contains("allowInsecureHttp"), "{url}: {message}");
        assert!(!message.contains(TOKEN), "{message}");
        // …unless the caller says so explicitly.
        let Value::Object(mut entries) = base_with_token(url) else { unreachable!() };
        entries.push(("allowInsecureHttp".into(), Value::Bool(true)));
        let config = ok(&Value::Object(entries));
        assert_eq!(config.token.as_deref(), Some(TOKEN));
        // allowInsecureHttp: false is the default.
        let Value::Object(mut entries) = base_with_token(url) else { unreachable!() };
        entries.push(("allowInsecureHttp".into(), Value::Bool(false)));
        issues(&Value::Object(entries));
    }
}

#[test]
fn the_loopback_test_reads_the_host_as_fetch_does() {
    // fetch and `new URL` read a backslash as `/` in http(s) URLs: the host of the first URL
    // below is evil.example, so the token must not go there over plain http.
    for url in ["http://evil.example\\.localhost", "http://evil.example\\.localhost/", "http://10.0.0.1\\@localhost", "http://evil.example\\[::1]"] {
        let message = only_issue(&base_with_token(url), "options.baseUrl", IssueCode::InvalidOption);
        assert!(message.contains("allowInsecureHttp"), "{url}: {message}");
    }
    // `+1` is no number to fetch: 127.0.0.+1 is a domain name, looked up like any other.
    only_issue(&base_with_token("http://127.0.0.+1"), "options.baseUrl", IssueCode::InvalidOption);
    // …and a loopback host followed by a backslash is still loopback.
    assert!(ok(&base_with_token("http://127.0.0.1:8080\\prefix")).token.is_some());
    assert!(ok(&base_with_token("http://localhost\\x.evil.example")).token.is_some());
}

#[test]
fn a_token_to_loopback_over_plain_http_is_allowed() {
    for url in [
        "http://localhost",
        "http://LOCALHOST:8080",
        "http://localhost:3000/prefix/",
        "http://127.0.0.1",
        "http://127.0.0.1:8080",
        "http://127.1.2.3:9000",
        "http://[::1]",
        "http://[::1]:8080/api",
    ] {
        assert_eq!(ok(&base_with_token(url)).token.as_deref(), Some(TOKEN), "{url}");
    }
}

#[test]
fn subdomains_of_localhost_are_not_trusted_with_a_token() {
    // Browsers map them to loopback, but Node asks the system resolver, which may not.
    only_issue(&base_with_token("http://app.localhost"), "options.baseUrl", IssueCode::InvalidOption);
}

#[test]
fn a_token_over_https_or_no_token_over_http_is_fine() {
    assert!(ok(&base_with_token("https://example.com")).token.is_some());
    assert!(ok(&base("http://example.com")).token.is_none());
}

#[test]
fn the_default_base_url_is_checked_for_a_token_too() {
    let token_only = opts(vec![("token", Value::str(TOKEN))]);
    assert!(options::read(&token_only, &common::page("http://localhost")).is_ok());
    let issues = options::read(&token_only, &common::page("http://intranet.example.com")).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "options.baseUrl");
    assert!(options::read(&token_only, &common::page("https://app.example.com")).is_ok());
}

#[test]
fn allow_insecure_http_must_be_a_boolean() {
    let value = opts(vec![("allowInsecureHttp", Value::str("true"))]);
    let message = only_issue(&value, "options.allowInsecureHttp", IssueCode::InvalidOption);
    assert!(message.contains("true or false"), "{message}");
}

// ---- token --------------------------------------------------------------------------------------

#[test]
fn the_token_is_sent_as_a_bearer_authorization() {
    let config = ok(&base_with_token("https://openrainbow.com"));
    assert_eq!(
        config.request_headers(config.token.as_deref(), None),
        vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Accept".to_string(), "application/json, text/xml".to_string()),
            ("Authorization".to_string(), format!("Bearer {TOKEN}")),
        ]
    );
}

#[test]
fn a_token_is_kept_without_the_blanks_around_it_as_the_server_reads_it() {
    for given in [format!(" {TOKEN}"), format!("{TOKEN} "), format!("\t {TOKEN} \t")] {
        let config = ok(&opts(vec![("baseUrl", Value::str("https://openrainbow.com")), ("token", Value::str(&given))]));
        assert_eq!(config.token.as_deref(), Some(TOKEN), "{given:?}");
    }
    assert_eq!(check_token(&format!(" {TOKEN} ")), Ok(TOKEN));
    // A token copied with its header's scheme: sent once, as `Bearer <token>`.
    assert_eq!(check_token(&format!("Bearer {TOKEN}")), Ok(TOKEN));
    assert_eq!(check_token(&format!(" bearer \t{TOKEN} ")), Ok(TOKEN));
    let config = ok(&opts(vec![("baseUrl", Value::str("https://openrainbow.com")), ("token", Value::str(format!("Bearer {TOKEN}")))]));
    assert_eq!(config.token.as_deref(), Some(TOKEN));
    let sent = config.request_headers(config.token.as_deref(), None);
    assert!(sent.contains(&("Authorization".to_string(), format!("Bearer {TOKEN}"))), "{sent:?}");
    // "Bearer" alone is no scheme before a token.
    assert_eq!(check_token("Bearer"), Ok("Bearer"));
    assert!(check_token(" \t ").is_err(), "blanks alone are no token");
}

#[test]
fn bad_tokens_are_refused_without_being_echoed() {
    for token in ["", " ", &format!("{TOKEN}\r\nX-Evil: 1"), &format!("{TOKEN}\n"), &format!("{TOKEN}\u{0}"), &format!("\u{7f}{TOKEN}")] {
        let value = opts(vec![("token", Value::str(token))]);
        let message = only_issue(&value, "options.token", IssueCode::InvalidOption);
        if !token.is_empty() {
            assert!(!message.contains(TOKEN), "{message}");
        }
    }
    for (value, kind) in [(Value::int(1), "a number"), (Value::Object(vec![]), "an object"), (Value::Bool(true), "a boolean")] {
        let message = only_issue(&opts(vec![("token", value)]), "options.token", IssueCode::InvalidOption);
        assert!(message.contains(kind), "{message}");
    }
}

// ---- headers ------------------------------------------------------------------------------------

#[test]
fn extra_headers_are_sent_after_the_clients_own_in_order() {
    let config = ok(&opts(vec![
        ("baseUrl", Value::str("https://openrainbow.com")),
        ("token", Value::str(TOKEN)),
        (
            "headers",
            Value::Object(vec![
                ("x-rainbow-client".into(), Value::str("my-app")),
                ("X-Rainbow-Client-Version".into(), Value::str("1.2.3")),
                ("x-tabbed".into(), Value::str("a\tb")),
                ("x-empty".into(), Value::str("")),
                ("x-absent".into(), Value::Null),
            ]),
        ),
    ]));
    assert_eq!(
        config.headers,
        vec![
            ("x-rainbow-client".to_string(), "my-app".to_string()),
            ("X-Rainbow-Client-Version".to_string(), "1.2.3".to_string()),
            ("x-tabbed".to_string(), "a\tb".to_string()),
            ("x-empty".to_string(), String::new()),
        ]
    );
    let all = config.request_headers(config.token.as_deref(), None);
    assert_eq!(all.len(), 7);
    assert_eq!(all[0].0, "Content-Type");
    assert_eq!(all[1].0, "Accept");
    assert_eq!(all[2].0, "Authorization");
    assert_eq!(all[3].0, "x-rainbow-client");
}

#[test]
fn header_values_with_cr_lf_nul_or_controls_are_refused_and_never_echoed() {
    let secret = "Bearer very-secret-value";
    for bad in [format!("{secret}\r\nX-Injected: 1"), format!("{secret}\n"), format!("{secret}\r"), format!("{secret}\u{0}"), format!("{secret}\u{1b}"), format!("{secret} 10 €")] {
        let value = headers(&[("X-Api-Key", Value::str(bad.clone()))]);
        let message = only_issue(&value, "options.headers.X-Api-Key", IssueCode::InvalidOption);
        assert!(!message.contains("very-secret-value"), "{message}");
        assert_eq!(message, "The header's value contains a line break, a control character or a character above U+00FF (fetch refuses them).");
    }
    // Up to U+00FF is sent.
    assert_eq!(ok(&headers(&[("X-Price", Value::str("10 £, 5 ÿ"))])).headers, vec![("X-Price".to_string(), "10 £, 5 ÿ".to_string())]);
    assert_eq!(check_token("tok€n"), Err("contains a line break, a control character or a character above U+00FF; pass the JWT alone"));
}

#[test]
fn header_values_must_be_strings() {
    for (value, kind) in [(Value::int(5), "a number"), (Value::Bool(true), "a boolean"), (Value::strings(["a"]), "an array")] {
        let message = only_issue(&headers(&[("X-Count", value)]), "options.headers.X-Count", IssueCode::InvalidOption);
        assert!(message.contains(kind), "{message}");
    }
}

#[test]
fn reserved_headers_are_refused() {
    for name in ["Content-Type", "content-type", "CONTENT-TYPE", "Content-Length", "Host", "host"] {
        let value = headers(&[(name, Value::str("text/plain"))]);
        let path = format!("options.headers.{name}");
        let message = only_issue(&value, &path, IssueCode::InvalidOption);
        assert!(message.contains("can't be given"), "{message}");
        assert!(!message.contains("text/plain"), "values are never echoed: {message}");
    }
}

#[test]
fn hop_by_hop_headers_are_refused() {
    for name in ["Transfer-Encoding", "Connection", "keep-alive", "Upgrade", "Expect", "TE", "Trailer"] {
        let message = only_issue(&headers(&[(name, Value::str("close"))]), &format!("options.headers.{name}"), IssueCode::InvalidOption);
        assert!(message.contains("can't be given"), "{message}");
    }
}

#[test]
fn a_callers_bearer_authorization_header_is_the_token() {
    for value in [format!("Bearer {TOKEN}"), format!("bearer  {TOKEN} "), format!("  BEARER\t{TOKEN}"), format!("\tBearer \t{TOKEN}\t ")] {
        let config = ok(&headers(&[("authorization", Value::str(value.clone()))]));
        assert_eq!(config.token.as_deref(), Some(TOKEN), "{value:?}");
        assert!(config.headers.is_empty(), "the header is carried as the token: {:?}", config.headers);
    }
    // So it gets the token's protections: never over plain http to a remote host.
    let remote = opts(vec![
        ("baseUrl", Value::str("http://example.com")),
        ("headers", Value::Object(vec![("Authorization".into(), Value::str(format!("Bearer {TOKEN}")))])),
    ]);
    let message = only_issue(&remote, "options.baseUrl", IssueCode::InvalidOption);
    assert!(message.contains("plain http://"), "{message}");
    // Another scheme, or a bearer without a token, is refused without echoing the value.
    for value in [format!("Basic {TOKEN}"), TOKEN.to_string(), format!("Bearer{TOKEN}"), "Bearer".to_string(), "Bearer ".to_string(), " Bearer \t ".to_string()] {
        let message = only_issue(&headers(&[("Authorization", Value::str(value.clone()))]), "options.headers.Authorization", IssueCode::InvalidOption);
        assert!(!message.contains(TOKEN), "{message}");
    }
    // With a token or getToken as well, it is refused.
    let both = opts(vec![("token", Value::str(TOKEN)), ("headers", Value::Object(vec![("Authorization".into(), Value::str("Bearer x"))]))]);
    only_issue(&both, "options.headers.Authorization", IssueCode::InvalidOption);
}

#[test]
fn a_header_given_twice_in_two_cases_is_refused() {
    // Which of the two would be sent, and which checked, is not for the client to guess: an
    // Authorization header sent unchecked would go out unprotected and unscrubbed.
    let twice = headers(&[("authorization", Value::str(format!("Bearer {TOKEN}"))), ("Authorization", Value::str("Basic b3RoZXI="))]);
    let message = only_issue(&twice, "options.headers.Authorization", IssueCode::InvalidOption);
    assert!(message.contains("repeats a header") && !message.contains("b3RoZXI"), "{message}");
    let other = headers(&[("X-Tenant", Value::str("a")), ("x-tenant", Value::str("b"))]);
    only_issue(&other, "options.headers.x-tenant", IssueCode::InvalidOption);
    // More than 100 is refused whole, before the check of repeated names (quadratic).
    let names: Vec<String> = (0..101).map(|i| format!("X-H{i}")).collect();
    let many: Vec<(&str, Value)> = names.iter().map(|n| (n.as_str(), Value::str("v"))).collect();
    assert!(only_issue(&headers(&many), "options.headers", IssueCode::InvalidOption).contains("Too many headers (101)"));
    assert_eq!(ok(&headers(&many[..100])).headers.len(), 100);
}

#[test]
fn header_names_must_be_tokens() {
    for name in ["", "X Space", "X:Colon", "X-New\nLine", "Ünicode", "X(paren)", "X/Slash"] {
        let value = headers(&[(name, Value::str("secret-value-123"))]);
        let issues = issues(&value);
        assert_eq!(issues.len(), 1, "{name:?}: {issues:#?}");
        assert_eq!(issues[0].code, IssueCode::InvalidOption);
        assert!(issues[0].path.starts_with("options.headers."), "{}", issues[0].path);
        assert!(issues[0].message.contains("header name"), "{}", issues[0].message);
        assert!(!issues[0].message.contains("secret-value-123"));
    }
}

#[test]
fn headers_must_be_an_object() {
    for (value, kind) in [(Value::str("X-A: 1"), "a string"), (Value::Array(vec![]), "an array"), (Value::int(1), "a number")] {
        let message = only_issue(&opts(vec![("headers", value)]), "options.headers", IssueCode::InvalidOption);
        assert!(message.contains(kind), "{message}");
    }
}

#[test]
fn every_bad_header_is_reported() {
    let value = headers(&[
        ("Content-Type", Value::str("x")),
        ("X-Good", Value::str("ok")),
        ("X-Bad", Value::str("a\nb")),
        ("X Bad", Value::str("v")),
    ]);
    let paths: Vec<String> = issues(&value).into_iter().map(|i| i.path).collect();
    assert_eq!(paths, ["options.headers.Content-Type", "options.headers.X-Bad", "options.headers.X Bad"]);
}

// ---- timeoutMs ----------------------------------------------------------------------------------

#[test]
fn timeout_ms_accepts_positive_integers_up_to_the_set_timeout_limit() {
    for (n, expected) in [(1.0, 1), (30000.0, 30_000), (120000.0, 120_000), (2147483647.0, MAX_TIMEOUT_MS)] {
        let config = ok(&opts(vec![("timeoutMs", Value::Number(n))]));
        assert_eq!(config.timeout_ms, expected);
    }
}

#[test]
fn timeout_ms_refuses_other_numbers() {
    for n in [0.0, -1.0, -30000.0, 1.5, 0.5, 2147483648.0, 4294967296.0, 1e21, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let message = only_issue(&opts(vec![("timeoutMs", Value::Number(n))]), "options.timeoutMs", IssueCode::InvalidOption);
        assert!(message.contains("2147483647") && message.contains("whole number"), "{n}: {message}");
        // The number as the message shows it.
        assert!(message.ends_with(&format!(", got {}.", number_text(n))), "{n}: {message}");
    }
}

#[test]
fn timeout_ms_must_be_a_number() {
    for (value, kind) in [(Value::str("1000"), "a string"), (Value::Bool(true), "a boolean"), (Value::Object(vec![]), "an object")] {
        let message = only_issue(&opts(vec![("timeoutMs", value)]), "options.timeoutMs", IssueCode::InvalidOption);
        assert!(message.contains(kind), "{message}");
    }
}

// ---- signal and fetch ---------------------------------------------------------------------------

#[test]
fn signal_and_fetch_are_type_checked() {
    ok(&opts(vec![("signal", Value::Object(vec![])), ("fetch", Value::Function)]));
    let message = only_issue(&opts(vec![("signal", Value::Bool(true))]), "options.signal", IssueCode::InvalidOption);
    assert!(message.contains("AbortSignal"), "{message}");
    let message = only_issue(&opts(vec![("fetch", Value::Object(vec![]))]), "options.fetch", IssueCode::InvalidOption);
    assert!(message.contains("function"), "{message}");
}

// ---- unknown options ----------------------------------------------------------------------------

#[test]
fn unknown_options_suggest_the_closest_name() {
    for (key, suggestion) in [
        ("baseURL", "baseUrl"),
        ("baseurl", "baseUrl"),
        ("base_url", "baseUrl"),
        ("timeout", "timeoutMs"),
        ("timeoutMS", "timeoutMs"),
        ("header", "headers"),
        ("tokn", "token"),
        ("signals", "signal"),
        ("allowInsecureHTTP", "allowInsecureHttp"),
    ] {
        let value = opts(vec![(key, Value::str("x"))]);
        let message = only_issue(&value, &format!("options.{key}"), IssueCode::UnknownField);
        assert!(message.contains(&format!("Did you mean `{suggestion}`?")), "{key}: {message}");
    }
}

#[test]
fn unknown_options_without_a_close_name_list_the_known_ones() {
    let message = only_issue(&opts(vec![("retries", Value::int(3))]), "options.retries", IssueCode::UnknownField);
    for name in ["baseUrl", "token", "headers", "timeoutMs", "signal", "fetch"] {
        assert!(message.contains(name), "{message}");
    }
}

#[test]
fn every_bad_option_is_reported_at_once() {
    let value = opts(vec![
        ("baseUrl", Value::str("https://u:p@openrainbow.com")),
        ("token", Value::str("")),
        ("headers", Value::Object(vec![("Host".into(), Value::str("x"))])),
        ("timeoutMs", Value::int(0)),
        ("signal", Value::str("abort")),
        ("fetch", Value::Null),
        ("baseUrI", Value::Null),
    ]);
    let paths: Vec<(String, IssueCode)> = issues(&value).into_iter().map(|i| (i.path, i.code)).collect();
    let expected = [
        ("options.baseUrI", IssueCode::UnknownField),
        ("options.baseUrl", IssueCode::InvalidOption),
        ("options.token", IssueCode::InvalidOption),
        ("options.headers.Host", IssueCode::InvalidOption),
        ("options.timeoutMs", IssueCode::InvalidOption),
        ("options.signal", IssueCode::InvalidOption),
    ];
    assert_eq!(paths, expected.iter().map(|(p, c)| (p.to_string(), *c)).collect::<Vec<_>>());
}

#[test]
fn helper_predicates() {
    assert!(options::is_header_safe("abc\tdef"));
    assert!(!options::is_header_safe("a\rb"));
    assert!(!options::is_header_safe("a\nb"));
    assert!(!options::is_header_safe("a\0b"));
    assert!(options::is_plain_http_to_remote("http://example.com"));
    assert!(!options::is_plain_http_to_remote("https://example.com"));
    assert!(!options::is_plain_http_to_remote("http://localhost:1"));
    assert_eq!(options::check_base_url("https://a.example/b/", common::node().parses_url), Ok("https://a.example/b".to_string()));
}

#[test]
fn the_correlation_id_is_the_one_sent() {
    let read = |entries: Vec<(&'static str, Value)>| ok(&opts(entries)).correlation;
    assert_eq!(read(vec![]), Correlation::Auto);
    assert_eq!(read(vec![("correlationId", Value::Bool(true))]), Correlation::Auto);
    assert_eq!(read(vec![("correlationId", Value::Bool(false))]), Correlation::Off);
    assert_eq!(read(vec![("correlationId", Value::str("trace-1"))]), Correlation::Given("trace-1".into()));
    // A caller's header replaces the client's, whatever the option says: it is what is sent, so
    // what errors and successes report.
    let header = || ("headers", Value::Object(vec![("X-Rainbow-Correlation-Id".into(), Value::str("my-trace-42"))]));
    for option in [None, Some(Value::Bool(true)), Some(Value::Bool(false)), Some(Value::str("x"))] {
        let mut entries = vec![header()];
        entries.extend(option.map(|v| ("correlationId", v)));
        let config = ok(&opts(entries));
        assert_eq!(config.correlation, Correlation::Given("my-trace-42".into()));
        let sent = config.request_headers(None, Some("my-trace-42"));
        let ids: Vec<_> = sent.iter().filter(|(n, _)| n.eq_ignore_ascii_case("x-rainbow-correlation-id")).collect();
        assert_eq!(ids.len(), 1, "{sent:?}");
        assert_eq!(ids[0].1, "my-trace-42");
    }
    let message = only_issue(&opts(vec![("correlationId", Value::int(1))]), "options.correlationId", IssueCode::InvalidOption);
    assert_eq!(message, "`correlationId` must be true, false or a string of 1 to 200 characters without line breaks, got a number.");
}
