//! The base URL: an absolute http(s) URL that fetch's URL parser accepts, without credentials,
//! query or fragment, and whether a token sent to it would cross the network in the clear.
//! The host and port are left to the platform's URL parser (the WHATWG URL that fetch uses), so
//! that validation refuses exactly what fetch would.

use crate::validate::has_space_or_control;

/// Checks a base URL and returns it without its trailing slash; `parses` is the platform's URL
/// parser.
pub fn check_base_url(url: &str, parses: fn(&str) -> bool) -> Result<String, &'static str> {
    if has_space_or_control(url) {
        return Err("contains white space or control characters");
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        return Err("must start with http:// or https://");
    }
    .unwrap_or("");
    if url.bytes().any(|b| b == b'?' || b == b'#') {
        return Err("must not have a query or a fragment");
    }
    let authority = authority_of(rest);
    if authority.bytes().any(|b| b == b'@') {
        return Err("must not carry credentials (user:password@); pass the token option instead");
    }
    if host_of(authority).is_empty() {
        return Err("has no host");
    }
    if !parses(url) {
        return Err("has a host or port a URL can't hold (the platform's URL parser refused it): check the host's characters, that an IPv6 address is in brackets and that the port is a number from 0 to 65535");
    }
    let path = rest.get(authority.len()..).unwrap_or("").trim_end_matches('/');
    if crate::search::contains(&path.to_ascii_lowercase(), crate::model::API_PREFIX) {
        return Err("already holds /api/rainbow/enduser/v1.0, which the client adds itself (the request would go to …/v1.0/api/rainbow/enduser/v1.0/rooms/…); give the server's address alone");
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// The authority (`host[:port]`) at the start of what follows a URL's `scheme://`: fetch reads
/// `\\` as `/` in http(s) URLs, so either one ends it.
fn authority_of(rest: &str) -> &str {
    let end = rest.bytes().position(|b| b == b'/' || b == b'\\').unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

/// The host of an authority (`host:port` or `[v6]:port`), lower-cased.
fn host_of(authority: &str) -> String {
    let host = match authority.strip_prefix('[') {
        Some(v6) => crate::search::split(v6, b']').next().unwrap_or(""),
        None => crate::search::split(authority, b':').next().unwrap_or(""),
    };
    host.to_ascii_lowercase()
}

/// `http://` to anything but loopback: a token sent there can be read on the way.
pub fn is_plain_http_to_remote(base_url: &str) -> bool {
    let Some(rest) = base_url.get(7..).filter(|_| base_url.to_ascii_lowercase().starts_with("http://")) else {
        return false;
    };
    let host = host_of(authority_of(rest));
    // Only the names every resolver maps to loopback: Node asks the system for `*.localhost`.
    let loopback = host == "localhost"
        || host == "::1"
        || (host.starts_with("127.") && is_dotted_quad(&host));
    !loopback
}

/// Four decimal numbers from 0 to 255, of one to three digits, between dots (`192.168.0.1`).
fn is_dotted_quad(address: &str) -> bool {
    let mut count = 0;
    crate::search::split(address, b'.').all(|o| {
        count += 1;
        (1..=3).contains(&o.len()) && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u64>().is_ok_and(|n| n <= 255)
    }) && count == 4
}
