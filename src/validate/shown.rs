//! How a value the caller gave appears in a message: quoted, cut short, with control characters
//! replaced, so that a message stays one readable line whatever was passed.

use crate::error::truncate;

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
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// The first `max` characters of `s`.
pub fn prefix(s: &str, max: usize) -> &str {
    s.char_indices().nth(max).and_then(|(end, _)| s.get(..end)).unwrap_or(s)
}

/// White space (ASCII and the Unicode spaces people paste) or a control character.
pub fn has_space_or_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
}
