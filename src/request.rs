//! Building the HTTP request from a validated body and checked options.

use crate::error::ClientError;
use crate::model::{Issue, Operation};
use crate::options::{self, Config, Platform};
use crate::validate::{self, Report};
use crate::value::Value;

/// Everything needed to send one call; the headers are made per attempt, since the token (from
/// `getToken`) can change between attempts.
#[derive(Debug, PartialEq)]
pub struct Request {
    pub url: String,
    /// The JSON object to send.
    pub body: Value,
    pub config: Config,
    /// Validation warnings, for the log.
    pub warnings: Vec<Issue>,
}

/// Validates the call's arguments and options together, so one report lists every problem.
pub fn check(op: Operation, room_id: &Value, body: &Value, options: &Value, platform: &Platform) -> (Report, Option<Config>) {
    check_owned(op, room_id, body.clone(), options, platform)
}

/// `check`, taking the body (see `validate::validate_owned`).
pub fn check_owned(op: Operation, room_id: &Value, body: Value, options: &Value, platform: &Platform) -> (Report, Option<Config>) {
    let mut report = validate::validate_owned(op, room_id, body);
    let config = match options::read(options, platform) {
        Ok(config) => Some(config),
        Err(issues) => {
            report.errors.extend(issues);
            report.request = None;
            None
        }
    };
    for secret in options::given_secrets(options) {
        report.redact(secret);
    }
    (report, config)
}

/// The request to send, or the validation error to reject with (nothing is sent then).
pub fn prepare(op: Operation, room_id: &Value, body: &Value, options: &Value, platform: &Platform) -> Result<Request, ClientError> {
    prepare_owned(op, room_id, body.clone(), options, platform)
}

/// `prepare`, taking the body (see `validate::validate_owned`).
pub fn prepare_owned(op: Operation, room_id: &Value, body: Value, options: &Value, platform: &Platform) -> Result<Request, ClientError> {
    let (report, config) = check_owned(op, room_id, body, options, platform);
    match (report.request, config) {
        (Some(validated), Some(config)) => Ok(Request {
            url: cat!("{}{}", config.base_url, validated.path),
            body: validated.body,
            config,
            warnings: report.warnings,
        }),
        _ => Err(ClientError::validation(report.errors, report.warnings)),
    }
}
