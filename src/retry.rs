//! When a failed attempt may be sent again, and after how long.
//!
//! An invitation sent twice is a duplicate e-mail in a guest's inbox, so a POST is retried only
//! where the server provably did not act on it: a 429, a 503 that says when to come back, a
//! connection that never opened, and one 401 for an expired token when a fresh one can be had.
//! Everything else — timeouts after sending, 408, 409, 5xx, resets — fails at once and says
//! whether the request may have been delivered.


/// The longest server-requested wait that is honoured; a longer one fails at once.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;
pub const BACKOFF_BASE_MS: u64 = 500;
pub const BACKOFF_MAX_MS: u64 = 8_000;

/// Node's codes for a connection that failed before any byte of the request was written, and
/// may work on another try.
pub const NOT_SENT_CODES: &[&str] = &["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];

/// Stands for the code of fetch's refusal of a port it never connects to (a "bad port" of the
/// Fetch standard, such as 6000), which Node reports by that message alone: nothing was sent, and
/// trying again would fail the same way.
pub const BAD_PORT: &str = "bad port";

/// Node's codes for a TLS handshake that failed (a wrong certificate, http spoken to an https
/// port…): nothing was sent, and trying again would fail the same way.
pub fn tls_failed(code: &str) -> bool {
    const CERTIFICATE: &[&str] = &[
        "CERT_HAS_EXPIRED",
        "CERT_NOT_YET_VALID",
        "DEPTH_ZERO_SELF_SIGNED_CERT",
        "SELF_SIGNED_CERT_IN_CHAIN",
        "UNABLE_TO_GET_ISSUER_CERT",
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    ];
    code.starts_with("ERR_SSL_") || code.starts_with("ERR_TLS_") || CERTIFICATE.contains(&code)
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Clone, Debug, PartialEq)]
pub enum Attempt<'a> {
    /// The server answered with this status (non-2xx).
    Status {
        status: u16,
        /// The `retry-after-ms` header.
        retry_after_ms: Option<&'a str>,
        /// The `Retry-After` header.
        retry_after: Option<&'a str>,
        /// A 401 whose details say the token expired.
        token_expired: bool,
    },
    /// The connection failed with this platform code (`None` in browsers, which give none).
    /// (A timeout or an abort is never retried: the call ends there.)
    Network { code: Option<&'a str> },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Send again after this many milliseconds (a new token first when `renew_token`).
    Retry { delay_ms: u64, renew_token: bool },
    /// Give up; `retry_after_ms` is the server's wait when it was too long to honour.
    Stop { retry_after_ms: Option<u64> },
}

/// Whether the server may have acted on an attempt that ended this way.
pub fn may_have_been_delivered(attempt: &Attempt) -> bool {
    match attempt {
        // A 503 that says when to come back is a refusal; without that, or with a time that can't
        // be read (as `decide` reads it), it proves nothing.
        Attempt::Status { status: 503, retry_after_ms, retry_after, .. } => server_delay_ms(*retry_after_ms, *retry_after, 0.0).is_none(),
        // A 303 See Other is what a server answers after acting on a POST.
        Attempt::Status { status, .. } => *status >= 500 || *status == 408 || *status == 303,
        Attempt::Network { code } => !code.is_some_and(|c| NOT_SENT_CODES.contains(&c) || tls_failed(c) || c == BAD_PORT),
    }
}

/// Decides about attempt number `done` (1 for the first) of a call allowed `max_retries` retries.
/// `jitter` is a random number in [0, 1); `now_ms` the clock, for `Retry-After` dates.
pub fn decide(attempt: &Attempt, done: u32, max_retries: u32, can_renew_token: bool, renewed: bool, jitter: f64, now_ms: f64) -> Decision {
    let stop = Decision::Stop { retry_after_ms: None };
    if done > max_retries {
        return stop;
    }
    let backoff = || backoff_ms(done, jitter);
    match attempt {
        Attempt::Status { status: 401, token_expired: true, .. } if can_renew_token && !renewed => {
            Decision::Retry { delay_ms: 0, renew_token: true }
        }
        Attempt::Status { status, retry_after_ms, retry_after, .. } if *status == 429 || *status == 503 => {
            match server_delay_ms(*retry_after_ms, *retry_after, now_ms) {
                Some(ms) if ms > MAX_RETRY_AFTER_MS => Decision::Stop { retry_after_ms: Some(ms) },
                Some(ms) => Decision::Retry { delay_ms: ms, renew_token: false },
                // A 503 without a time to come back may be a server that acted and then failed.
                None if *status == 503 => stop,
                None => Decision::Retry { delay_ms: backoff(), renew_token: false },
            }
        }
        Attempt::Network { code: Some(code) } if NOT_SENT_CODES.contains(code) => Decision::Retry { delay_ms: backoff(), renew_token: false },
        _ => stop,
    }
}

/// Exponential backoff with jitter: 0.5 s × 2ⁿ⁻¹, at most 8 s, then 75–100 % of that.
pub fn backoff_ms(done: u32, jitter: f64) -> u64 {
    let base = (BACKOFF_BASE_MS << done.saturating_sub(1).min(16)).min(BACKOFF_MAX_MS);
    let factor = 0.75 + 0.25 * jitter.clamp(0.0, 1.0);
    (base as f64 * factor) as u64
}

/// The wait a server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date.
pub fn server_delay_ms(retry_after_ms: Option<&str>, retry_after: Option<&str>, now_ms: f64) -> Option<u64> {
    if let Some(ms) = retry_after_ms.and_then(whole) {
        return Some(ms);
    }
    let v = retry_after?.trim();
    if let Some(secs) = whole(v) {
        return Some(secs.saturating_mul(1000));
    }
    let at = http_date_ms(v)?;
    Some(if at > now_ms { (at - now_ms) as u64 } else { 0 })
}

/// A header's digits as a number, at most `u64::MAX`: a wait too long to count is still one too
/// long to wait for, not one that was never asked for.
fn whole(v: &str) -> Option<u64> {
    let v = v.trim();
    v.parse().ok().or_else(|| (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then_some(u64::MAX))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to milliseconds since the epoch.
pub fn http_date_ms(s: &str) -> Option<f64> {
    let mut parts = s.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let (day, month, year, time) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next()? != "GMT" {
        return None;
    }
    // A number within bounds; unsigned, so a negative hour is no time of day.
    let within = |t: &str, lo: u64, hi: u64| t.parse::<u64>().ok().filter(|n| (lo..=hi).contains(n)).map(|n| n as i64);
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let (day, year) = (within(day, 1, 31)?, within(year, 1, 9999)?);
    let mut hms = crate::search::split(time, b':');
    let (h, m, sec) = (within(hms.next()?, 0, 23)?, within(hms.next()?, 0, 59)?, within(hms.next()?, 0, 60)?);
    // Days from civil (Howard Hinnant's algorithm), for years from 0 on.
    let y = if month <= 2 { year - 1 } else { year };
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let days = y * 365 + y / 4 - y / 100 + y / 400 + doy - 719_468;
    Some(((days * 86_400 + h * 3600 + m * 60 + sec) * 1000) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> Attempt<'static> {
        Attempt::Status { status, retry_after_ms: None, retry_after: None, token_expired: false }
    }

    #[test]
    fn a_time_of_day_out_of_range_is_no_date() {
        assert_eq!(http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000.0));
        for bad in ["-1:00:00", "-9999999999999999:00:00", "24:00:00", "08:-1:37", "08:49:-37", "300:00:00"] {
            assert_eq!(http_date_ms(&["Sun, 06 Nov 1994 ", bad, " GMT"].concat()), None, "{bad}");
        }
    }

    #[test]
    fn only_provably_unprocessed_attempts_are_retried() {
        for s in [400, 401, 403, 404, 408, 409, 413, 500, 502, 503, 504] {
            assert_eq!(decide(&status(s), 1, 2, true, false, 0.5, 0.0), Decision::Stop { retry_after_ms: None }, "{s}");
        }
        assert!(matches!(decide(&status(429), 1, 2, false, false, 0.5, 0.0), Decision::Retry { .. }));
        for code in NOT_SENT_CODES {
            assert!(matches!(decide(&Attempt::Network { code: Some(code) }, 1, 2, false, false, 0.5, 0.0), Decision::Retry { .. }));
        }
        for code in [None, Some("ECONNRESET"), Some("UND_ERR_SOCKET"), Some(BAD_PORT), Some("CERT_HAS_EXPIRED")] {
            assert_eq!(decide(&Attempt::Network { code }, 1, 2, false, false, 0.5, 0.0), Decision::Stop { retry_after_ms: None });
        }
        // Of those, fetch refused a bad port and the TLS handshake failed before anything was sent.
        for (code, delivered) in [(None, true), (Some("ECONNRESET"), true), (Some(BAD_PORT), false), (Some("CERT_HAS_EXPIRED"), false)] {
            assert_eq!(may_have_been_delivered(&Attempt::Network { code }), delivered, "{code:?}");
        }
    }

    #[test]
    fn retries_stop_at_the_limit() {
        assert!(matches!(decide(&status(429), 2, 2, false, false, 0.0, 0.0), Decision::Retry { .. }));
        assert_eq!(decide(&status(429), 3, 2, false, false, 0.0, 0.0), Decision::Stop { retry_after_ms: None });
        assert_eq!(decide(&status(429), 1, 0, false, false, 0.0, 0.0), Decision::Stop { retry_after_ms: None });
    }

    #[test]
    fn an_expired_token_is_renewed_once_and_only_with_get_token() {
        let expired = Attempt::Status { status: 401, retry_after_ms: None, retry_after: None, token_expired: true };
        assert_eq!(decide(&expired, 1, 2, true, false, 0.0, 0.0), Decision::Retry { delay_ms: 0, renew_token: true });
        assert_eq!(decide(&expired, 2, 2, true, true, 0.0, 0.0), Decision::Stop { retry_after_ms: None });
        assert_eq!(decide(&expired, 1, 2, false, false, 0.0, 0.0), Decision::Stop { retry_after_ms: None });
    }

    #[test]
    fn server_waits_are_honoured_up_to_a_minute() {
        let with = |ms: Option<&'static str>, after: Option<&'static str>, s: u16| Attempt::Status { status: s, retry_after_ms: ms, retry_after: after, token_expired: false };
        assert_eq!(decide(&with(Some("250"), Some("9"), 429), 1, 2, false, false, 0.0, 0.0), Decision::Retry { delay_ms: 250, renew_token: false });
        assert_eq!(decide(&with(None, Some("2"), 503), 1, 2, false, false, 0.0, 0.0), Decision::Retry { delay_ms: 2000, renew_token: false });
        assert_eq!(decide(&with(None, Some("120"), 429), 1, 2, false, false, 0.0, 0.0), Decision::Stop { retry_after_ms: Some(120_000) });
        let now = http_date_ms("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(now, Some(1_445_412_480_000.0));
        let now = now.unwrap_or_default();
        assert_eq!(decide(&with(None, Some("Wed, 21 Oct 2015 07:28:03 GMT"), 429), 1, 2, false, false, 0.0, now), Decision::Retry { delay_ms: 3000, renew_token: false });
        assert_eq!(decide(&with(None, Some("soon"), 429), 1, 2, false, false, 1.0, 0.0), Decision::Retry { delay_ms: 500, renew_token: false });
    }

    #[test]
    fn backoff_doubles_with_jitter_and_a_cap() {
        assert_eq!(backoff_ms(1, 1.0), 500);
        assert_eq!(backoff_ms(1, 0.0), 375);
        assert_eq!(backoff_ms(2, 1.0), 1000);
        assert_eq!(backoff_ms(5, 1.0), 8000);
        assert_eq!(backoff_ms(40, 1.0), 8000);
    }

    #[test]
    fn http_dates_parse_to_epoch_milliseconds() {
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000.0));
        assert_eq!(http_date_ms("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(http_date_ms("06 Nov 1994"), None);
        assert_eq!(http_date_ms("Thu, 29 Feb 2024 00:00:00 GMT"), Some(1_709_164_800_000.0));
        assert_eq!(http_date_ms("Mon, 01 Jan 0001 00:00:00 GMT"), Some(-62_135_596_800_000.0));
        assert_eq!(http_date_ms("Fri, 31 Dec 9999 23:59:60 GMT"), Some(253_402_300_800_000.0));
        // Only a whole month name, in its own case.
        for month in ["anF", "JanFeb", "jan", "Ja"] {
            assert_eq!(http_date_ms(&["Sun, 06 ", month, " 1994 08:49:37 GMT"].concat()), None, "{month}");
        }
    }

    #[test]
    fn delivery_is_judged_conservatively() {
        assert!(!may_have_been_delivered(&status(429)));
        assert!(!may_have_been_delivered(&status(404)));
        assert!(may_have_been_delivered(&status(503)));
        assert!(!may_have_been_delivered(&Attempt::Status { status: 503, retry_after_ms: None, retry_after: Some("1"), token_expired: false }));
        // A time that can't be read is no time to come back: delivered as far as anyone knows, and
        // so not retried either.
        for (ms, after) in [(None, Some("garbage")), (None, Some("-1")), (None, Some("1.5")), (None, Some("")), (None, Some("0, 100")), (Some("soon"), None)] {
            let attempt = Attempt::Status { status: 503, retry_after_ms: ms, retry_after: after, token_expired: false };
            assert!(may_have_been_delivered(&attempt), "{ms:?} {after:?}");
            assert_eq!(decide(&attempt, 1, 2, false, false, 0.5, 0.0), Decision::Stop { retry_after_ms: None }, "{ms:?} {after:?}");
        }
        assert!(may_have_been_delivered(&status(500)));
        assert!(may_have_been_delivered(&status(408)));
        assert!(may_have_been_delivered(&Attempt::Network { code: None }));
        assert!(!may_have_been_delivered(&Attempt::Network { code: Some("ECONNREFUSED") }));
        for tls in ["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED"] {
            assert!(!may_have_been_delivered(&Attempt::Network { code: Some(tls) }), "{tls}");
            assert_eq!(decide(&Attempt::Network { code: Some(tls) }, 1, 2, false, false, 0.5, 0.0), Decision::Stop { retry_after_ms: None }, "{tls}: not tried again");
        }
    }
}
