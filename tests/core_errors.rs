//! The errors are defined once, in `pkg-template/errors.js` (each class's name and code); the core
//! names the class of each error it builds. This holds the core's names to that definition.

use rainbow_room_invitations::error::ErrorKind;

#[test]
fn every_error_the_core_builds_is_a_class_of_errors_js() {
    let errors_js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/errors.js")).unwrap();
    for kind in ErrorKind::ALL {
        let definition = format!("kind('{}', 'ERR_", kind.name());
        assert!(errors_js.contains(&definition), "pkg-template/errors.js defines no class {}", kind.name());
    }
}

/// The fields `index.d.ts` declares on the class `name` and on `RainbowError`, one per line.
fn declared_fields(index_d_ts: &str, name: &str) -> Vec<String> {
    let field = |line: &str| line.trim().split([':', '?']).next().filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric())).map(String::from);
    let block = |start: &str| {
        let from = index_d_ts.find(start).unwrap_or_else(|| panic!("index.d.ts has no `{start}`"));
        let rest = &index_d_ts[from..];
        rest[..rest.find("\n}").unwrap()].lines().skip(1).filter(|l| !l.trim_start().starts_with("/**") && !l.trim_start().starts_with('*')).filter_map(field).collect::<Vec<_>>()
    };
    let mut fields = block(&format!("export class {name} extends RainbowError {{"));
    fields.extend(block("export class RainbowError extends Error {"));
    fields
}

#[test]
fn index_d_ts_declares_every_field_the_core_sets() {
    use rainbow_room_invitations::error::{ApiFailure, ClientError};
    use rainbow_room_invitations::model::{Issue, IssueCode};
    let index_d_ts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts")).unwrap();
    let failure = ApiFailure { status: 302, error_code: Some(1), error_msg: Some("m".into()), error_details_code: Some(2), request_id: Some("r".into()), body: Some("b".into()), retry_after_ms: Some(3), location: Some("l".into()), ..ApiFailure::default() };
    let every = [
        ClientError::validation(vec![Issue::new("p", IssueCode::Required, "m")], vec![]),
        failure.into(),
        ClientError::network("u", "d", None, true),
        ClientError::redirected("u"),
        ClientError::timeout(1, false, true),
        ClientError::timeout(1, true, false),
        ClientError::signal_timed_out(true),
        ClientError::aborted(false),
        ClientError::too_large(200, 1, Some("r")),
        ClientError::response(200, "why", "body", Some("r")),
    ];
    for e in every {
        let e = e.with_call_facts(1, true, Some("c"));
        let declared = declared_fields(&index_d_ts, e.kind.name());
        for (field, _) in &e.fields {
            assert!(declared.iter().any(|d| d == field), "index.d.ts's {} does not declare `{field}` (it declares {declared:?})", e.kind.name());
        }
    }
}

#[test]
fn a_jwt_is_scrubbed_part_by_part_and_tokens_one_per_line() {
    use rainbow_room_invitations::error::scrub;
    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWJ5dGVz";
    const OTHER: &str = "eyJhbGciOiJIUzI1NiJ9.eyJvdGhlciI6dHJ1ZX0.b3RoZXItc2lnbmF0dXJl";
    // The payload and the signature echoed without the header, which most tokens share.
    assert_eq!(scrub("got eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWJ5dGVz!", JWT), "got [redacted]!");
    assert_eq!(scrub("sig c2lnbmF0dXJl…", JWT), "sig [redacted]…");
    // Parts under 8 characters are no secret of their own.
    assert_eq!(scrub("a.b and bcdefghij", "xxxxxxxxxx.b.bcdefghij"), "a.b and [redacted]");
    // Several tokens, one per line: each is scrubbed, and runs that follow each other share a mark.
    let both = format!("{JWT}\n{OTHER}");
    assert_eq!(scrub(&format!("old {OTHER}, new {JWT}."), &both), "old [redacted], new [redacted].");
    assert_eq!(scrub("no secret here", "\n\n"), "no secret here");
    assert_eq!(scrub("abcdefgh|abcdefgh", "abcdefghij"), "[redacted]|[redacted]");
}
