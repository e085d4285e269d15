//! Looking for one string inside another, byte by byte: where the core searches text for a word
//! (a URL for the API path, a header name for a secret-looking word, a message for the token).
//! std's `str` search would do the same job, but its searcher carries a panic path that formats
//! the failing range and character, which the build would otherwise not need (see the README's
//! Size). A match of valid UTF-8 inside valid UTF-8 always starts and ends on a character
//! boundary, so the offsets returned can slice the haystack.

/// The byte offsets of `needle`'s non-overlapping occurrences in `haystack`, left to right; none
/// for an empty `needle`.
pub fn matches<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        if pin.is_empty() {
            return None;
        }
        let at = from + hay.get(from..)?.windows(pin.len()).position(|w| w == pin)?;
        from = at + pin.len();
        Some(at)
    })
}

/// The byte offset of `needle`'s first occurrence in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    matches(haystack, needle).next()
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_non_overlapping_matches_left_to_right() {
        assert_eq!(matches("aaaa", "aa").collect::<Vec<_>>(), vec![0, 2]);
        assert_eq!(matches("a::b::c", "::").collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(matches("é-tok-é-tok", "tok").collect::<Vec<_>>(), vec![3, 10]);
        assert_eq!(find("abc", "abcd"), None);
        assert_eq!(find("abc", ""), None);
        assert!(contains("/api/rainbow/", "rainbow"));
        assert!(!contains("", "x"));
    }

    #[test]
    fn agrees_with_std() {
        let cases = [("xx--x-x--", "-x"), ("ééé", "é"), ("abcabcab", "cab"), ("tokentoken", "token"), ("a", "a")];
        for (hay, pin) in cases {
            let ours: Vec<usize> = matches(hay, pin).collect();
            let std: Vec<usize> = hay.match_indices(pin).map(|(i, _)| i).collect();
            assert_eq!(ours, std, "{hay:?} / {pin:?}");
        }
    }
}
