//! Repeated entries of a list, compared in ASCII case only (the domain is case-insensitive, and
//! servers fold local parts no further): the first is sent, the others are dropped with a warning.
//!
//! A small open-addressing table rather than std's `HashMap`: the list's length is known before
//! the first entry, so the table is made once at twice that size and never grows, and the code
//! that grows and rehashes a `HashMap` stays out of the build.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// The ASCII case bit of every byte of a word.
const FOLD: u64 = 0x2020_2020_2020_2020;

/// An entry's hash, ASCII case folded, without a folded copy: eight bytes a step, read in place,
/// each with its 0x20 bit set (that folds ASCII case, and makes a few other bytes alike, such as
/// '@' and '`', which the comparison then tells apart). FxHash rather than std's SipHash: the
/// list is the caller's own, so there is no one to defend against crafted collisions, and it is
/// several times faster.
fn folded_hash(entry: &str) -> u64 {
    let mut state = FxHasher::default();
    let mut chunks = entry.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        state.write_u64(<[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes) | FOLD);
    }
    let mut last = [0u8; 8];
    for (slot, b) in last.iter_mut().zip(chunks.remainder()) {
        *slot = *b;
    }
    state.write_u64(u64::from_le_bytes(last) | FOLD);
    state.finish()
}

/// The entries of a list seen so far, with the index each was first seen at.
pub(super) struct Seen<'a> {
    /// A power of two of slots, at least twice the entries it is made for, so a probe always
    /// meets an empty slot.
    slots: Vec<Option<(&'a str, usize)>>,
}

impl<'a> Seen<'a> {
    /// A table for up to `n` entries.
    pub(super) fn with_capacity(n: usize) -> Seen<'a> {
        Seen { slots: vec![None; n.saturating_mul(2).max(1).next_power_of_two()] }
    }

    /// Records `entry` at `index`; the index of its first occurrence when it was seen before.
    pub(super) fn insert(&mut self, entry: &'a str, index: usize) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut at = folded_hash(entry) as usize;
        // Linear probing, bounded by the table's size.
        for _ in 0..self.slots.len() {
            at &= mask;
            match self.slots.get_mut(at)? {
                Some((seen, first)) if seen.eq_ignore_ascii_case(entry) => return Some(*first),
                Some(_) => at += 1,
                empty => {
                    *empty = Some((entry, index));
                    return None;
                }
            }
        }
        None
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
