//! What one attempt's outcome means for the call: the parsed success, another attempt after a
//! wait, or the error to reject with. The wasm shell does the I/O (the fetch, the timers, reading
//! the body) and asks this module at the end of every attempt; everything it decides is here, so
//! `cargo test` covers it.

use crate::error::ClientError;
use crate::response::{self, Answer};
use crate::retry::{self, Attempt, Decision};
use crate::value::Value;

/// What the shell knows of the call when an attempt ends.
#[derive(Clone, Copy, Debug, Default)]
pub struct Call<'a> {
    /// Attempts made so far, this one included.
    pub attempts: u32,
    pub max_retries: u32,
    /// Whether a `getToken` can supply a fresh token.
    pub can_renew: bool,
    /// Whether a fresh token was already fetched for an expired one.
    pub renewed: bool,
    /// Whether an earlier attempt may have reached the server.
    pub delivered: bool,
    /// What is left of `totalTimeoutMs`, if set.
    pub left_ms: Option<f64>,
    /// A random number in [0, 1), for the backoff's jitter.
    pub jitter: f64,
    pub now_ms: f64,
    /// The tokens the call sent, this attempt's and earlier ones, one per line (`getToken` may
    /// give another for a retry): all scrubbed from the error.
    pub tokens: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
}

/// What the shell does next.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// The call succeeded with this value (`{ data: … }`).
    Done(Value),
    /// Send again after `delay_ms`; `why` is for the log line.
    Retry { delay_ms: u64, renew_token: bool, delivered: bool, why: String },
    /// Reject with this error, its call facts set and the token scrubbed.
    Fail(ClientError),
}

impl Call<'_> {
    /// Shapes an error with the call's facts.
    pub fn fail(&self, e: ClientError, delivered: bool) -> Next {
        Next::Fail(self.error(e, delivered))
    }

    pub fn error(&self, e: ClientError, delivered: bool) -> ClientError {
        e.redact(self.tokens).with_call_facts(self.attempts, delivered, self.correlation_id)
    }

    fn decide(&self, attempt: &Attempt) -> Decision {
        retry::decide(attempt, self.attempts, self.max_retries, self.can_renew, self.renewed, self.jitter, self.now_ms)
    }
}

/// The server answered (its body read in full).
pub fn answered(call: &Call, answer: Answer) -> Next {
    let status = answer.status;
    if (200..300).contains(&status) {
        return match response::read(answer) {
            Ok(data) => Next::Done(data),
            Err(e) => call.fail(e, true),
        };
    }
    let expired = status == 401 && response::token_expired(answer.json.as_ref());
    let (retry_after_ms, retry_after) = (answer.retry_after_ms.as_deref(), answer.retry_after.as_deref());
    let attempt = Attempt::Status { status, retry_after_ms, retry_after, token_expired: expired };
    let delivered = call.delivered || retry::may_have_been_delivered(&attempt);
    // Only a wait the server asked for and that can be read: the client's own backoff, or a new
    // token, is not the server's wait.
    let server_wait = retry::server_delay_ms(retry_after_ms, retry_after, call.now_ms).is_some();
    let decision = call.decide(&attempt);
    let mut failure = response::api_failure(answer);
    failure.not_acted = !delivered;
    failure.from_get_token = call.can_renew;
    match decision {
        // A wait that outlasts what is left of totalTimeoutMs is reported at once (a server's, as
        // one over the limit is), rather than slept through to a timeout.
        Decision::Retry { delay_ms, renew_token: false } if call.left_ms.is_some_and(|left| delay_ms as f64 >= left) => {
            if server_wait {
                failure.retry_after_ms = Some(delay_ms);
            }
            call.fail(failure.into(), delivered)
        }
        Decision::Retry { delay_ms, renew_token } => {
            Next::Retry { delay_ms, renew_token, delivered, why: cat!("status {}", u64::from(status)) }
        }
        Decision::Stop { retry_after_ms } => {
            failure.retry_after_ms = retry_after_ms;
            call.fail(failure.into(), delivered)
        }
    }
}

/// The request got no answer: `detail` is what the platform said, `code` Node's `cause.code`.
pub fn not_answered(call: &Call, url: &str, detail: &str, code: Option<&str>) -> Next {
    let attempt = Attempt::Network { code };
    let delivered = call.delivered || retry::may_have_been_delivered(&attempt);
    let error = ClientError::network(url, detail, code, delivered);
    match call.decide(&attempt) {
        Decision::Retry { delay_ms, renew_token } => Next::Retry { delay_ms, renew_token, delivered, why: error.message },
        Decision::Stop { .. } => call.fail(error, delivered),
    }
}

/// The server answered `status`, but its body broke off: it had the request, which is not sent
/// again.
pub fn broke_off(call: &Call, url: &str, status: u16, detail: &str) -> Next {
    call.fail(ClientError::broke_off(url, status, detail), true)
}

/// The server answered with a redirect that the platform's fetch refused to follow (Node's says
/// no more), or that a browser hid (an opaque redirect), so where it points and its status are
/// unknown: it may be a 303, answered after acting. It is not sent again.
pub fn redirected(call: &Call, url: &str) -> Next {
    call.fail(ClientError::redirected(url), true)
}
