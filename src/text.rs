//! Text helpers written out by hand: `format!`, `join`, `str::parse`, `char`-pattern splits and
//! core's substring search each bring kilobytes of generic code (and formatted panics) into the
//! wasm, for what is, here, always short strings and integers.

use crate::prelude::*;

/// The parts, joined: `[a, b].concat()` without alloc's generic join, which costs a kilobyte of
/// wasm (and a formatted panic) for what is, here, always a handful of short strings.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    push_all(&mut out, parts);
    out
}

/// `template` with each `{}` replaced by the next of `args`. A message's fixed text stays one
/// string rather than a piece per gap: each piece of `cat` is a few bytes of wasm at every call.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = find(rest, "{}", 0) {
        let arg = args.next();
        debug_assert!(arg.is_some(), "more gaps than arguments in {template:?}");
        push_all(&mut out, &[rest.get(..at).unwrap_or(""), arg.copied().unwrap_or("")]);
        rest = rest.get(at + 2..).unwrap_or("");
    }
    debug_assert!(args.next().is_none(), "more arguments than gaps in {template:?}");
    out.push_str(rest);
    out
}

/// Appends the parts: `out.extend([a, b, …])` would instantiate `Extend` once per array length.
pub fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

/// `s.split(…)` at any of the ASCII bytes `seps`, by a plain scan: core's `char` patterns bring
/// `memchr` and a searcher per pattern type. Cutting at ASCII keeps every piece whole UTF-8.
pub fn pieces<'a>(s: &'a str, seps: &'a [u8]) -> Pieces<'a> {
    Pieces { rest: Some(s), seps }
}

/// The iterator `pieces` returns.
pub struct Pieces<'a> {
    rest: Option<&'a str>,
    seps: &'a [u8],
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        // Not `seps.contains(&b)`: for bytes that is core's memchr, 0.1 KB more of wasm.
        #[allow(clippy::manual_contains)]
        let at = rest.bytes().position(|b| self.seps.iter().any(|&sep| sep == b));
        match at {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => self.rest.take(),
        }
    }
}

/// `n` in decimal. Written out because `to_string` and `format!` pull `core::fmt`'s formatting
/// machinery into the wasm, and integers are all the crate's messages ever format.
pub fn decimal(n: u64) -> String {
    let mut out = String::with_capacity(20);
    push_decimal(&mut out, n);
    out
}

/// `decimal` with a sign: error codes from a server's body can be negative.
pub fn signed_decimal(n: i64) -> String {
    let mut out = String::with_capacity(20);
    if n < 0 {
        out.push('-');
    }
    push_decimal(&mut out, n.unsigned_abs());
    out
}

/// The higher places first, by recursion (20 deep at most), so nothing is reversed or buffered;
/// dividing only by constants, as a variable divisor brings core's division-by-zero panic.
pub fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `s.parse::<u64>()`: an optional `+`, then decimal digits, `None` past `u64::MAX`. Written
/// out, as `decimal` is, because `str::parse` brings core's parser once per integer type; the
/// crate's other integers are read with this one and narrowed.
pub fn parse_u64(s: &str) -> Option<u64> {
    // Byte tests rather than `strip_prefix(char)`, whose pattern machinery is most of a short
    // number's reading at opt-level "z".
    let digits = if s.as_bytes().first() == Some(&b'+') { s.get(1..)? } else { s };
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for b in digits.bytes() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        // The bound by division: an overflow-checked multiply brings a 128-bit one (`__multi3`).
        if n > (u64::MAX - u64::from(digit)) / 10 {
            return None;
        }
        n = n * 10 + u64::from(digit);
    }
    Some(n)
}

/// `s.parse::<i64>()`, through `parse_u64`.
pub fn parse_i64(s: &str) -> Option<i64> {
    if s.as_bytes().first() != Some(&b'-') {
        return i64::try_from(parse_u64(s)?).ok();
    }
    let digits = s.get(1..)?;
    // No second sign after the `-`, as core's parser.
    if digits.as_bytes().first() == Some(&b'+') {
        return None;
    }
    0i64.checked_sub_unsigned(parse_u64(digits)?)
}

/// `names.join(", ")`, without alloc's generic join (see `cat`).
pub fn comma_list(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    out
}

/// Where `needle` first occurs in `hay` at or after byte `from`. A plain scan rather than
/// `str::find(&str)`: the texts are short, and core's substring search costs kilobytes of wasm.
pub fn find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return None;
    }
    let last = h.len().checked_sub(n.len())?;
    let mut at = from;
    while at <= last {
        if h.get(at..at + n.len()) == Some(n) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// `hay` with every `needle` replaced by `with`. A UTF-8 needle only matches at character
/// boundaries, so every slice below is whole characters.
pub fn replace_all(hay: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    while let Some(i) = find(hay, needle, last) {
        out.push_str(hay.get(last..i).unwrap_or(""));
        out.push_str(with);
        last = i + needle.len();
    }
    out.push_str(hay.get(last..).unwrap_or(""));
    out
}

/// `core::str::from_utf8(bytes).ok()`: all-ASCII text (nearly every request; a list of 10,000
/// addresses is 342 KB) checked a word at a time by `is_ascii`, any other a sequence at a time.
/// Core's validator is 0.7 KB of wasm, for text that `TextEncoder` wrote and that is valid but for
/// a broken caller.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    let mut i = if bytes.is_ascii() { bytes.len() } else { 0 };
    while let Some(&lead) = bytes.get(i) {
        if lead < 0x80 {
            i += 1;
            continue;
        }
        // The sequence's length, and the least code point it may encode (shorter is overlong).
        let (len, least) = match lead {
            0xC2..=0xDF => (2, 0x80),
            0xE0..=0xEF => (3, 0x800),
            0xF0..=0xF4 => (4, 0x1_0000),
            _ => return None,
        };
        let mut c = u32::from(lead) & (0x7F >> len);
        for k in 1..len {
            let next = *bytes.get(i + k)?;
            if next & 0xC0 != 0x80 {
                return None;
            }
            c = (c << 6) | u32::from(next & 0x3F);
        }
        if c < least || c > 0x10_FFFF || (0xD800..=0xDFFF).contains(&c) {
            return None;
        }
        i += len;
    }
    // SAFETY: the loop went over every byte and found only whole, shortest-form sequences of
    // scalar values (no surrogate, nothing above U+10FFFF): UTF-8 as `str` requires.
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}

/// Unicode White_Space, as `char::is_whitespace` (written out: its table costs bytes).
fn is_white_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// `s.trim()`, a character at a time from each end, without core's pattern searcher.
pub fn trim(mut s: &str) -> &str {
    while let Some(c) = s.chars().next().filter(|&c| is_white_space(c)) {
        s = s.get(c.len_utf8()..).unwrap_or("");
    }
    while let Some(c) = s.chars().next_back().filter(|&c| is_white_space(c)) {
        s = s.get(..s.len() - c.len_utf8()).unwrap_or("");
    }
    s
}

/// The first `max` characters of `s`.
pub fn prefix(s: &str, max: usize) -> &str {
    s.char_indices().nth(max).map_or(s, |(at, _)| s.get(..at).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_agrees_with_core_on_every_sequence_of_up_to_three_bytes() {
        assert_eq!(utf8(b""), Some(""));
        for a in 0..=255u8 {
            assert_eq!(utf8(&[a]), core::str::from_utf8(&[a]).ok(), "{a:x}");
            for b in 0..=255u8 {
                assert_eq!(utf8(&[a, b]), core::str::from_utf8(&[a, b]).ok(), "{a:x} {b:x}");
                if a >= 0xc0 {
                    for c in 0..=255u8 {
                        assert_eq!(utf8(&[a, b, c]), core::str::from_utf8(&[a, b, c]).ok(), "{a:x} {b:x} {c:x}");
                    }
                }
            }
        }
    }

    #[test]
    fn utf8_agrees_with_core_on_four_byte_sequences() {
        // Every lead byte from 0xf0 up, every second byte, and third and fourth bytes on and
        // around the continuation range's edges.
        let edges = [0x00, 0x7f, 0x80, 0x81, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
        for a in 0xf0..=0xffu8 {
            for b in 0..=255u8 {
                for c in edges {
                    for d in edges {
                        let s = [a, b, c, d, b'x'];
                        assert_eq!(utf8(&s), core::str::from_utf8(&s).ok(), "{s:x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn trim_matches_rusts_own() {
        for c in '\0'..=char::MAX {
            assert_eq!(is_white_space(c), c.is_whitespace(), "{c:?}");
        }
        for s in ["", " ", "a", " a ", "\u{a0}a\u{3000}", "\t\n a b \r\u{85}", "\u{200b}a\u{feff}", "é ", " \u{2029}é\u{2028}"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn decimals_match_rusts_own_formatting() {
        for n in [0, 1, 9, 10, 99, 100, 65_535, 4_294_967_295, u64::MAX / 10, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in [0, -1, 7, -10, 1_000_000, i64::MIN, i64::MAX, i64::MIN + 1] {
            assert_eq!(signed_decimal(n), n.to_string());
        }
    }

    #[test]
    fn integers_read_as_cores_parser_reads_them() {
        let u64_max = u64::MAX.to_string();
        let over = cat(&[&u64_max, "0"]);
        let texts = ["", "+", "-", "0", "-0", "+0", "7", "+7", "-7", "++7", "+-7", "-+7", "--7", "007", " 7", "7 ", "1e3", "1.0", "٣",
            "255", "256", "-128", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", &u64_max, &over];
        for s in texts {
            assert_eq!(parse_u64(s), s.parse::<u64>().ok(), "{s:?}");
            assert_eq!(parse_i64(s), s.parse::<i64>().ok(), "{s:?}");
            assert_eq!(parse_u64(s).and_then(|n| u32::try_from(n).ok()), s.parse::<u32>().ok(), "{s:?}");
            assert_eq!(parse_u64(s).and_then(|n| u8::try_from(n).ok()), s.parse::<u8>().ok(), "{s:?}");
        }
    }

    #[test]
    fn pieces_split_as_str_split_does() {
        for s in ["", "a", ",", "a,b", ",a,,b,", "é,ü,😀", "a/b\\c"] {
            assert_eq!(pieces(s, b",").collect::<Vec<_>>(), s.split(',').collect::<Vec<_>>(), "{s:?}");
            assert_eq!(pieces(s, b"/\\").collect::<Vec<_>>(), s.split(['/', '\\']).collect::<Vec<_>>(), "{s:?}");
        }
        for s in ["", " ", "Sun, 06 Nov", " \t a\r\n\x0cb  c\u{a0}d "] {
            let words: Vec<&str> = pieces(s, b" \t\n\x0c\r").filter(|p| !p.is_empty()).collect();
            assert_eq!(words, s.split_ascii_whitespace().collect::<Vec<_>>(), "{s:?}");
        }
    }
}
