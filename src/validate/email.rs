//! E-mail addresses: the practical RFC 5321 grammar an invitation needs, with a one-pass check
//! for the plain addresses that fill long lists, and the lenient rule of a cancellation (which
//! must accept any address that could have been stored, misspelled ones included).

use super::shown::has_space_or_control;

/// Whether `email` is an ASCII address that passes every check of `email_problem`, in one pass:
/// lists hold thousands of addresses, nearly all of them like this. `false` says nothing; then
/// `email_problem` decides, and says why.
fn plainly_valid(email: &[u8]) -> bool {
    // A 256-entry table, indexed by a byte: it can't index past it.
    if email.len() > 254 {
        return false;
    }
    let Some(at) = email.iter().position(|&b| b == b'@') else { return false };
    let (local, domain) = email.split_at(at);
    // The part before the '@': no leading, trailing or double dot, only characters that need no
    // quoting.
    let mut prev = b'.';
    for &b in local {
        if CLASS[usize::from(b)] & LOCAL == 0 || (b == b'.' && prev == b'.') {
            return false;
        }
        prev = b;
    }
    if local.is_empty() || local.len() > 64 || prev == b'.' || domain.len() > 254 {
        return false;
    }
    // The domain: labels of letters, digits and inner '-', 1 to 63 long; at least two; the last
    // not all digits.
    let (mut labels, mut len, mut digits_only) = (0, 0, true);
    prev = b'.';
    for &b in domain.iter().skip(1).chain(b".") {
        if b == b'.' {
            if len == 0 || len > 63 || prev == b'-' {
                return false;
            }
            labels += 1;
            len = 0;
        } else {
            let class = CLASS[usize::from(b)];
            if class & LABEL == 0 || (b == b'-' && len == 0) {
                return false;
            }
            if len == 0 {
                digits_only = true;
            }
            digits_only &= class & DIGIT != 0;
            len += 1;
        }
        prev = b;
    }
    labels >= 2 && !digits_only
}

const LOCAL: u8 = 1;
const LABEL: u8 = 2;
const DIGIT: u8 = 4;
/// A character the part before the '@' can't hold unquoted.
const SPECIAL: u8 = 8;

/// What each byte may be in a plain address; bytes over 0x7e are none of these.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = b'!';
    while b < 0x7f {
        if matches!(b, b'"' | b'(' | b')' | b',' | b':' | b';' | b'<' | b'>' | b'[' | b'\\' | b']') {
            t[b as usize] |= SPECIAL;
        } else if b != b'@' {
            t[b as usize] |= LOCAL;
        }
        if b.is_ascii_alphanumeric() || b == b'-' {
            t[b as usize] |= LABEL;
        }
        if b.is_ascii_digit() {
            t[b as usize] |= DIGIT;
        }
        b += 1;
    }
    t
};

/// Why `email` is not a practical RFC 5321 address, or `None` when it is one.
pub fn email_problem(email: &str) -> Option<&'static str> {
    if plainly_valid(email.as_bytes()) {
        None
    } else {
        email_problem_checked(email)
    }
}

/// `email_problem`, each rule in turn.
fn email_problem_checked(email: &str) -> Option<&'static str> {
    if email.is_empty() {
        return Some("it is empty");
    }
    if email.len() > 254 {
        return Some("it is longer than 254 bytes");
    }
    if has_space_or_control(email) {
        return Some("it contains a space or a control character");
    }
    let Some(at) = email.bytes().position(|b| b == b'@') else { return Some("it has no '@'") };
    let (local, domain) = (email.get(..at).unwrap_or(""), email.get(at + 1..).unwrap_or(""));
    if domain.bytes().any(|b| b == b'@') {
        return Some("it has more than one '@'");
    }
    if local.is_empty() {
        return Some("nothing comes before the '@'");
    }
    if local.len() > 64 {
        return Some("the part before the '@' is longer than 64 bytes");
    }
    // Byte-wise: these run for every address of lists that can hold thousands.
    let lb = local.as_bytes();
    if lb.first() == Some(&b'.') || lb.last() == Some(&b'.') || lb.windows(2).any(|w| w == b"..") {
        return Some("the part before the '@' has a misplaced dot");
    }
    if lb.iter().any(|&b| CLASS[usize::from(b)] & SPECIAL != 0) {
        return Some("the part before the '@' contains a character addresses can't hold unquoted");
    }
    if domain.is_empty() {
        return Some("nothing comes after the '@'");
    }
    if domain.len() > 253 {
        return Some("the domain is longer than 253 bytes");
    }
    if !domain.bytes().any(|b| b == b'.') {
        return Some("the domain has no dot (like example.com)");
    }
    // The last label, once the loop has seen them all.
    let mut tld: &[u8] = &[];
    for label in crate::search::split(domain, b'.') {
        let label = label.as_bytes();
        tld = label;
        if label.is_empty() {
            return Some("the domain has an empty label (two dots in a row, or a dot at an end)");
        }
        // DNS's limit counts the ASCII form of a label (`xn--…` for an internationalized one,
        // which this check doesn't compute): a label with other characters is left to the server.
        if label.len() > 63 && label.is_ascii() {
            return Some("a domain label is longer than 63 bytes");
        }
        if label.first() == Some(&b'-') || label.last() == Some(&b'-') {
            return Some("a domain label starts or ends with '-'");
        }
        // Non-ASCII letters are allowed as they are (internationalized domains).
        if !label.iter().all(|&b| CLASS[usize::from(b)] & LABEL != 0 || !b.is_ascii()) {
            return Some("the domain contains a character other than letters, digits, '-' and '.'");
        }
    }
    if tld.iter().all(u8::is_ascii_digit) {
        return Some("the domain ends with a number");
    }
    None
}

/// Cancelling must accept any address that could have been stored, misspelled ones included.
pub fn lenient_email_problem(email: &str) -> Option<&'static str> {
    if has_space_or_control(email) {
        return Some("it contains a space or a control character");
    }
    let mut parts = crate::search::split(email, b'@');
    match (parts.next(), parts.next(), parts.next()) {
        (_, None, _) => Some("it has no '@'"),
        (_, _, Some(_)) => Some("it has more than one '@'"),
        (Some(""), _, _) => Some("nothing comes before the '@'"),
        (_, Some(""), _) => Some("nothing comes after the '@'"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_refuses_each_kind_of_bad_address() {
        for bad in ["", "a", "@b.com", "a@", "a@b", "a@b.", "a@.b", "a..b@c.com", ".a@c.com", "a.@c.com", "a@b..com", "a@-b.com", "a@b-.com",
            "a@b.123", "a b@c.com", "a@b@c.com", "a\"b@c.com", "a@b_c.com", "é@b.com"] {
            assert!(!plainly_valid(bad.as_bytes()), "{bad}");
        }
        let long_local = format!("{}@b.com", "x".repeat(65));
        let long_label = format!("a@{}.com", "b".repeat(64));
        let long_total = format!("a@{}com", format!("{}.", "b".repeat(60)).repeat(5));
        // 32 × 'ü' is 64 bytes of UTF-8 but a 38-character punycode label: an address.
        assert_eq!(email_problem_checked(&format!("a@{}.de", "ü".repeat(32))), None);
        for bad in [long_local, long_label, long_total] {
            assert!(!plainly_valid(bad.as_bytes()), "{bad}");
            assert!(email_problem_checked(&bad).is_some(), "{bad}");
        }
    }
}

// proptest does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        // The one-pass check may refuse good addresses (the full checks then pass them), but it
        // must never pass one that the full checks refuse.
        #[test]
        fn the_fast_path_passes_only_what_the_checks_pass(email in "[a-zA-Z0-9.@\\-_\"(); é\t]{0,12}(@[a-z0-9.\\-]{0,12})?") {
            if plainly_valid(email.as_bytes()) {
                prop_assert_eq!(email_problem_checked(&email), None);
            }
        }

        #[test]
        fn plain_addresses_take_the_fast_path(local in "[a-z0-9_+]{1,20}(\\.[a-z0-9]{1,5})?", domain in "[a-z0-9]{1,10}(-[a-z0-9]{1,5})?\\.[a-z]{2,6}") {
            let email = format!("{local}@{domain}");
            prop_assert!(plainly_valid(email.as_bytes()), "{}", email);
            prop_assert_eq!(email_problem_checked(&email), None);
        }
    }
}
