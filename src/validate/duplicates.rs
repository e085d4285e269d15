//! Repeated entries of a list, compared in ASCII case only (the domain is case-insensitive, and
//! servers fold local parts no further): the first is sent, the others are dropped with a warning.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rustc_hash::FxBuildHasher;

/// An entry as compared: its text, ASCII case folded, without a folded copy.
struct Folded<'a>(&'a str);

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Eight bytes a step, read in place, each with its 0x20 bit set: that folds ASCII case
        // (and makes a few other bytes alike, such as '@' and '`', which `eq` then tells apart).
        let mut chunks = self.0.as_bytes().chunks_exact(8);
        for chunk in &mut chunks {
            state.write_u64(<[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes) | FOLD);
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        state.write_u64(u64::from_le_bytes(last) | FOLD);
    }
}

/// The ASCII case bit of every byte of a word.
const FOLD: u64 = 0x2020_2020_2020_2020;

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

/// The entries of a list seen so far, with the index each was first seen at. FxHash rather than
/// std's SipHash: the list is the caller's own, so there is no one to defend against crafted
/// collisions, and it is several times faster.
pub(super) struct Seen<'a>(HashMap<Folded<'a>, usize, FxBuildHasher>);

impl<'a> Seen<'a> {
    pub(super) fn with_capacity(n: usize) -> Seen<'a> {
        Seen(HashMap::with_capacity_and_hasher(n, FxBuildHasher))
    }

    /// Records `entry` at `index`; the index of its first occurrence when it was seen before.
    pub(super) fn insert(&mut self, entry: &'a str, index: usize) -> Option<usize> {
        match self.0.entry(Folded(entry)) {
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
        assert_eq!(seen.insert("a`x.com", 6), None, "bytes that hash alike are still told apart");
        assert_eq!(seen.insert("First.Last.Longer@Example.COM", 7), None);
        assert_eq!(seen.insert("first.last.longer@example.com", 8), Some(7), "past the first eight bytes");
        assert_eq!(seen.insert("first.last.longer@example.co", 9), None);
    }
}
