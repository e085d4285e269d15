//! "Did you mean": the known name closest to an unknown one, by edit distance, so that a typo
//! such as `email` is answered with `emails`.

use super::shown::truncate;
use crate::model::{Field, Issue, IssueCode};

use super::shown::{char_count, shown};

/// The issue for a body field no operation has, with the likely name when there is one.
pub(super) fn unknown_field(key: &str, fields: &[Field]) -> Issue {
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let message = match closest(key, &names) {
        Some(s) => cat!("Unknown field {}: did you mean `{}`?", shown(key), s),
        None => cat!("Unknown field {}; the known fields are {}.", shown(key), listed(&names)),
    };
    Issue::new(truncate(key, 64), IssueCode::UnknownField, message)
}

/// The names, comma separated, for a message (std's `join` is generic over what it joins, and
/// several times this size).
pub fn listed(names: &[&str]) -> String {
    let mut out = String::new();
    for name in names {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    out
}

/// The known name closest to `key`, when it is close enough to be a likely typo.
pub fn closest<'a>(key: &str, names: &[&'a str]) -> Option<&'a str> {
    if key.len() > 64 {
        return None;
    }
    // The first of the nearest.
    let mut best: Option<(usize, &str)> = None;
    for &name in names {
        let d = edit_distance(key, name);
        if d <= 2.max(name.len() / 4) && best.is_none_or(|(nearest, _)| d < nearest) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| name)
}

/// Levenshtein's distance in characters, ASCII case ignored.
fn edit_distance(a: &str, b: &str) -> usize {
    // One row of the table at a time, starting from the distances to `b`'s prefixes.
    let mut row = vec![0usize; char_count(b) + 1];
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.chars().enumerate() {
        // The cells up-left and left of the one being filled.
        let (mut diag, mut left) = (i, i + 1);
        if let Some(first) = row.first_mut() {
            *first = left;
        }
        for (cb, cell) in b.chars().zip(row.iter_mut().skip(1)) {
            let up = *cell;
            left = (diag + usize::from(!ca.eq_ignore_ascii_case(&cb))).min(left + 1).min(up + 1);
            diag = up;
            *cell = left;
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters_and_ignores_ascii_case() {
        let cases = [("scenario", "scenario", 0), ("SCENARIO", "scenario", 0), ("scenaro", "scenario", 1), ("émails", "emails", 1),
            ("ÉMAILS", "émails", 1), ("", "lang", 4), ("lang", "", 4), ("confid", "confId", 0), ("nomail", "update", 5)];
        for (a, b, d) in cases {
            assert_eq!(edit_distance(a, b), d, "{a} {b}");
        }
        assert_eq!(closest("Emials", &["emails", "lang"]), Some("emails"));
    }
}
