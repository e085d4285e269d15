//! Looking for one string inside another, byte by byte: where the core searches text for a word
//! (a URL for the API path, a header name for a secret-looking word, a message for the token).
//! std's `str` search would do the same job, but its searcher carries a panic path that formats
//! the failing range and character, which the build would otherwise not need (see the README's
//! Size). This is Knuth-Morris-Pratt: linear in both lengths, so that a long token looked for in
//! a server's long error details costs no more than reading them. A match of valid UTF-8 inside
//! valid UTF-8 always starts and ends on a character boundary, so the offsets returned can slice
//! the haystack.

/// The byte offsets of `needle`'s non-overlapping occurrences in `haystack`, left to right (as
/// `str::match_indices` finds them); none for an empty `needle`.
pub fn matches<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    // back[i]: the length of the longest proper prefix of `pin[..=i]` that also ends it, where
    // a partial match of i + 1 bytes goes on after a mismatch.
    let mut back = vec![0usize; pin.len()];
    let mut k = 0;
    for (i, &b) in pin.iter().enumerate().skip(1) {
        while k > 0 && pin.get(k) != Some(&b) {
            k = back.get(k - 1).copied().unwrap_or(0);
        }
        if pin.get(k) == Some(&b) {
            k += 1;
        }
        if let Some(slot) = back.get_mut(i) {
            *slot = k;
        }
    }
    let (mut at, mut matched) = (0, 0);
    std::iter::from_fn(move || {
        if pin.is_empty() {
            return None;
        }
        while let Some(&b) = hay.get(at) {
            at += 1;
            while matched > 0 && pin.get(matched) != Some(&b) {
                matched = back.get(matched - 1).copied().unwrap_or(0);
            }
            if pin.get(matched) == Some(&b) {
                matched += 1;
            }
            if matched == pin.len() {
                // Non-overlapping: the next match starts after this one.
                matched = 0;
                return Some(at - pin.len());
            }
        }
        None
    })
}

/// The pieces of `s` between the occurrences of the ASCII byte `sep`, as `str::split` with that
/// character gives them: a string only the caller's separator can end, sliced at ASCII bytes, so
/// always on character boundaries. (std's `Split<char>` carries a char searcher and `memchr`.)
pub fn split(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.bytes().position(|b| b == sep) {
            Some(i) => {
                rest = s.get(i + 1..);
                s.get(..i)
            }
            None => rest.take(),
        }
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
    fn long_repetitive_needles_take_linear_time() {
        // Quadratic here would be 10^10 byte comparisons: minutes, not milliseconds.
        let hay = "a".repeat(200_000);
        let pin = format!("{}b", "a".repeat(50_000));
        assert_eq!(find(&hay, &pin), None);
        assert_eq!(matches(&hay, &"a".repeat(50_000)).count(), 4);
    }

    #[test]
    fn agrees_with_std() {
        let cases = [
            ("xx--x-x--", "-x"),
            ("ééé", "é"),
            ("abcabcab", "cab"),
            ("tokentoken", "token"),
            ("a", "a"),
            ("aaaaa", "aa"),
            ("aabaabaaab", "aab"),
            ("abababcabababcab", "ababc"),
            ("xyz", "xyzw"),
        ];
        for (hay, pin) in cases {
            let ours: Vec<usize> = matches(hay, pin).collect();
            let std: Vec<usize> = hay.match_indices(pin).map(|(i, _)| i).collect();
            assert_eq!(ours, std, "{hay:?} / {pin:?}");
        }
    }

    #[test]
    fn splits_as_std_does() {
        for s in ["", ".", "a.b", ".a..b.", "é.ü", "no separator", "..."] {
            assert_eq!(split(s, b'.').collect::<Vec<_>>(), s.split('.').collect::<Vec<_>>(), "{s:?}");
        }
    }
}

// proptest does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_std_on_any_text(hay in "[ab\u{e9}]{0,40}", pin in "[ab\u{e9}]{1,6}") {
            let ours: Vec<usize> = matches(&hay, &pin).collect();
            let std: Vec<usize> = hay.match_indices(pin.as_str()).map(|(i, _)| i).collect();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn splits_as_std_on_any_text(s in "[a.\u{e9}:]{0,30}") {
            prop_assert_eq!(split(&s, b'.').collect::<Vec<_>>(), s.split('.').collect::<Vec<_>>());
            prop_assert_eq!(split(&s, b':').collect::<Vec<_>>(), s.split(':').collect::<Vec<_>>());
        }
    }
}
