//! How a value the caller gave appears in a message: quoted, cut short, with control characters
//! replaced, so that a message stays one readable line whatever was passed.

/// A value quoted for a message, cut short and with control characters replaced.
pub fn shown(s: &str) -> String {
    let mut quoted = String::from("'");
    for c in truncate(s, 60).chars() {
        quoted.push(if c.is_control() { '\u{FFFD}' } else { c });
    }
    quoted.push('\'');
    quoted
}

/// How many characters `s` has: its bytes that start one (std's `chars().count()` brings its own
/// counting routine for this one use).
pub(super) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| starts_char(b)).count()
}

/// Whether a byte of UTF-8 text starts a character (it is not a continuation byte, 0b10xxxxxx).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The first `max` characters of `s`: up to the byte that starts character `max` (std's
/// `char_indices().nth()` brings its own stepping routine for this).
pub fn prefix(s: &str, max: usize) -> &str {
    let mut count = 0;
    for (i, b) in s.bytes().enumerate() {
        if starts_char(b) {
            if count == max {
                return s.get(..i).unwrap_or(s);
            }
            count += 1;
        }
    }
    s
}

/// `s` cut to `max` characters, with an ellipsis when anything was cut.
pub fn truncate(s: &str, max: usize) -> String {
    let kept = prefix(s, max);
    if kept.len() == s.len() {
        s.to_string()
    } else {
        cat!("{}…", kept)
    }
}

/// White space (ASCII and the Unicode spaces people paste) or a control character.
pub fn has_space_or_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
}
