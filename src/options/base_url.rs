//! The base URL: an absolute http(s) URL that fetch's URL parser accepts, without credentials,
//! query or fragment, and whether a token sent to it would cross the network in the clear.

use crate::validate::has_space_or_control;

/// Checks a base URL and returns it without its trailing slash.
pub fn check_base_url(url: &str) -> Result<String, &'static str> {
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
    check_authority(authority)?;
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

/// What fetch's URL parser (WHATWG URL) would refuse in `host[:port]`, so that such a base URL is
/// a validation error rather than a request that fails before it is sent.
fn check_authority(authority: &str) -> Result<(), &'static str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let Some((address, after)) = v6.split_once(']') else { return Err("has an IPv6 address without its closing ']'") };
            if !is_ipv6(address) {
                return Err("has a malformed IPv6 address");
            }
            match after {
                "" => (address, None),
                _ => (address, Some(after.strip_prefix(':').ok_or("has something other than a port after its IPv6 address")?)),
            }
        }
        None => match authority.split_once(':') {
            Some((_, port)) if port.as_bytes().contains(&b':') => {
                return Err("has more than one ':' in its host; an IPv6 address goes in brackets, like http://[::1]:8080");
            }
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Err("has no host");
    }
    if !authority.starts_with('[') {
        if host.bytes().any(|b| matches!(b, b'<' | b'>' | b'^' | b'|' | b'[' | b']')) {
            return Err("has a host with characters a URL's host can't hold");
        }
        if !is_ipv4_if_numeric(host) {
            return Err("has a host that ends in a number but is not an IPv4 address");
        }
    }
    // An empty port (`host:`) means the default one.
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u64>().map_or(true, |n| n > 65_535) {
            return Err("has a port that is not a number from 0 to 65535");
        }
    }
    Ok(())
}

/// An IPv6 address as URLs write it: up to eight groups of 1 to 4 hex digits, at most one `::`,
/// optionally ending in a dotted IPv4 address.
fn is_ipv6(address: &str) -> bool {
    let compressed = crate::search::matches(address, "::").count();
    if compressed > 1 || address.is_empty() {
        return false;
    }
    let (head, tail) = crate::search::find(address, "::").map_or((address, ""), |at| (address.get(..at).unwrap_or(""), address.get(at + 2..).unwrap_or("")));
    let groups = |part: &str| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let mut count = 0;
        let mut items = part.split(':').peekable();
        while let Some(group) = items.next() {
            let last = items.peek().is_none();
            if last && group.as_bytes().contains(&b'.') {
                if !is_dotted_quad(group) {
                    return None;
                }
                count += 2;
            } else if (1..=4).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_hexdigit()) {
                count += 1;
            } else {
                return None;
            }
        }
        Some(count)
    };
    // A dotted address may only end the whole address.
    if compressed == 1 && head.as_bytes().contains(&b'.') {
        return false;
    }
    match (groups(head), groups(tail)) {
        (Some(h), Some(t)) if compressed == 1 => h + t <= 7,
        (Some(h), _) => h == 8,
        _ => false,
    }
}

/// A host whose last label is a decimal number is read as an IPv4 address (`127.1`, `2130706433`)
/// and must then be one.
fn is_ipv4_if_numeric(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let numeric = |l: &&str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit());
    if !labels.last().is_some_and(numeric) {
        return true;
    }
    if labels.len() > 4 || !labels.iter().all(numeric) {
        return false;
    }
    let Some((last, rest)) = labels.split_last() else { return false };
    let last_max = 256u64.pow(5 - labels.len() as u32) - 1;
    rest.iter().all(|l| l.parse::<u64>().is_ok_and(|n| n <= 255)) && last.parse::<u64>().is_ok_and(|n| n <= last_max)
}

/// The host of an authority (`host:port` or `[v6]:port`), lower-cased.
fn host_of(authority: &str) -> String {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
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
    address.split('.').all(|o| {
        count += 1;
        (1..=3).contains(&o.len()) && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u64>().is_ok_and(|n| n <= 255)
    }) && count == 4
}
