//! Repeated entries of a list, compared in ASCII case only (the domain is case-insensitive, and
//! servers fold local parts no further): the first is sent, the others are dropped with a warning.

use std::collections::HashMap;

/// The entries of a list seen so far, by their folded text, with the index each was first seen at.
pub(super) struct Seen(HashMap<String, usize>);

impl Seen {
    pub(super) fn with_capacity(n: usize) -> Seen {
        Seen(HashMap::with_capacity(n))
    }

    /// Records `entry` at `index`; the index of its first occurrence when it was seen before.
    pub(super) fn insert(&mut self, entry: &str, index: usize) -> Option<usize> {
        match self.0.entry(entry.to_ascii_lowercase()) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_found_in_any_ascii_case() {
        let mut seen = Seen::with_capacity(4);
        assert_eq!(seen.insert("a@x.com", 0), None);
        assert_eq!(seen.insert("B@x.com", 1), None);
        assert_eq!(seen.insert("A@X.COM", 2), Some(0));
        assert_eq!(seen.insert("b@X.com", 3), Some(1));
        assert_eq!(seen.insert("é@x.com", 4), None);
        assert_eq!(seen.insert("É@x.com", 5), None, "only ASCII case is folded");
    }
}
