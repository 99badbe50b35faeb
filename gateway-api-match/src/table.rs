//! A small open-addressing string table, built once and only read afterwards.
//!
//! std's `HashMap<Box<str>, V>` would do for exact keys, but host lookups hash a lower-cased copy
//! that lives in a stack buffer, and path lookups hash many prefixes of one path; a table of our
//! own lets both hash a `&[u8]` with a fast word-at-a-time function seeded per router (so request
//! keys cannot be chosen to collide without knowing the seed).

use std::hash::BuildHasher;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Lower-cases the ASCII letters of eight bytes at once (other bytes are unchanged), so host
/// lookups can hash a request host as if lower-cased without copying it.
#[inline(always)]
fn lower_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let heptets = w & (0x7f * ONES);
    // High bit of a byte set when that byte (below 0x80) is >= 'A', resp. > 'Z'.
    let ge_a = heptets + (0x80 - u64::from(b'A')) * ONES;
    let gt_z = heptets + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = (ge_a ^ gt_z) & !w & (0x80 * ONES);
    w | (upper >> 2)
}

#[inline(always)]
fn hash_impl(seed: u64, bytes: &[u8], lower: bool) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mut w = u64::from_le_bytes(word);
        if lower {
            w = lower_word(w);
        }
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    if !chunks.remainder().is_empty() {
        let mut w = tail_word(bytes);
        if lower {
            w = lower_word(w);
        }
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 29)
}

/// The word covering the bytes after the last whole 8-byte chunk: for keys of 8 bytes or more,
/// the key's last 8 bytes (overlapping the previous chunk), read in one load instead of byte by
/// byte; for shorter keys, the bytes padded with zeros. Hash and comparison both use it, so a
/// key's tail is handled the same way on both sides.
#[inline(always)]
fn tail_word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let n = bytes.len().min(8);
    if let (Some(dst), Some(src)) = (word.get_mut(..n), bytes.get(bytes.len() - n..)) {
        dst.copy_from_slice(src);
    }
    u64::from_le_bytes(word)
}

/// Whether `key` equals `stored`, eight bytes at a time; with `lower`, `key` is compared as if
/// ASCII-lower-cased (`stored` already is). Short keys make a libc `memcmp` call the larger cost.
#[inline(always)]
fn eq_words(stored: &[u8], key: &[u8], lower: bool) -> bool {
    if stored.len() != key.len() {
        return false;
    }
    let mut a = stored.chunks_exact(8);
    let mut b = key.chunks_exact(8);
    for (x, y) in (&mut a).zip(&mut b) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx.copy_from_slice(x);
        wy.copy_from_slice(y);
        let wy = u64::from_le_bytes(wy);
        let wy = if lower { lower_word(wy) } else { wy };
        if u64::from_le_bytes(wx) != wy {
            return false;
        }
    }
    if a.remainder().is_empty() {
        return true;
    }
    let wy = tail_word(key);
    tail_word(stored) == if lower { lower_word(wy) } else { wy }
}

/// Hashes bytes eight at a time.
#[inline]
pub(crate) fn hash(seed: u64, bytes: &[u8]) -> u64 {
    hash_impl(seed, bytes, false)
}

/// `hash` of the ASCII-lower-cased bytes.
#[inline]
pub(crate) fn hash_lower(seed: u64, bytes: &[u8]) -> u64 {
    hash_impl(seed, bytes, true)
}

/// A fresh random seed from std's per-process randomness.
pub(crate) fn random_seed() -> u64 {
    std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)
}

/// Which key lengths a table holds, so lookups of other lengths are skipped without hashing.
#[derive(Clone, Debug, Default)]
pub(crate) struct LenSet {
    bits: Vec<u64>,
}

impl LenSet {
    pub(crate) fn insert(&mut self, len: usize) {
        let word = len / 64;
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        if let Some(w) = self.bits.get_mut(word) {
            *w |= 1 << (len % 64);
        }
    }

    pub(crate) fn contains(&self, len: usize) -> bool {
        self.bits
            .get(len / 64)
            .is_some_and(|w| w & (1 << (len % 64)) != 0)
    }
}

/// Maps byte strings to values. Keys are compared exactly; callers lower-case hosts first.
#[derive(Clone, Debug)]
pub(crate) struct StrTable<V> {
    seed: u64,
    /// Index + 1 into `entries`; 0 marks an empty slot.
    slots: Box<[u32]>,
    entries: Vec<(Box<[u8]>, u64, V)>,
    lens: LenSet,
}

impl<V> StrTable<V> {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            seed,
            slots: Box::new([]),
            entries: Vec::new(),
            lens: LenSet::default(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn may_contain_len(&self, len: usize) -> bool {
        self.lens.contains(len)
    }

    /// The value for `key`, inserting `make()` first if absent. Build time only.
    pub(crate) fn entry_or_insert_with(
        &mut self,
        key: &[u8],
        make: impl FnOnce() -> V,
    ) -> Option<&mut V> {
        let h = hash(self.seed, key);
        let idx = match self.find(key, h) {
            Some(i) => i,
            None => {
                self.entries.push((key.into(), h, make()));
                self.lens.insert(key.len());
                if self.entries.len() * 2 > self.slots.len() {
                    self.rehash();
                } else {
                    self.place(self.entries.len() - 1);
                }
                self.entries.len() - 1
            }
        };
        self.entries.get_mut(idx).map(|e| &mut e.2)
    }

    fn rehash(&mut self) {
        let cap = (self.entries.len() * 2).next_power_of_two().max(8);
        self.slots = vec![0; cap].into_boxed_slice();
        for i in 0..self.entries.len() {
            self.place(i);
        }
    }

    fn place(&mut self, i: usize) {
        let Some(h) = self.entries.get(i).map(|e| e.1) else {
            return;
        };
        let mask = self.slots.len().wrapping_sub(1);
        let mut pos = (h as usize) & mask;
        for _ in 0..self.slots.len() {
            if let Some(slot) = self.slots.get_mut(pos)
                && *slot == 0
            {
                *slot = u32::try_from(i + 1).unwrap_or(u32::MAX);
                return;
            }
            pos = (pos + 1) & mask;
        }
    }

    #[inline]
    fn find(&self, key: &[u8], h: u64) -> Option<usize> {
        self.find_by(h, |k| eq_words(k, key, false))
    }

    #[inline]
    fn find_by(&self, h: u64, eq: impl Fn(&[u8]) -> bool) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut pos = (h as usize) & mask;
        // The table is at most half full, so an empty slot ends every probe sequence.
        loop {
            let slot = *self.slots.get(pos)?;
            if slot == 0 {
                return None;
            }
            let i = slot as usize - 1;
            let e = self.entries.get(i)?;
            if e.1 == h && eq(&e.0) {
                return Some(i);
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Looks `key` up.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<&V> {
        if !self.lens.contains(key.len()) {
            return None;
        }
        let i = self.find(key, hash(self.seed, key))?;
        self.entries.get(i).map(|e| &e.2)
    }

    /// Looks `key` up ignoring ASCII case; keys must have been inserted lower-cased.
    #[inline]
    pub(crate) fn get_ignore_case(&self, key: &[u8]) -> Option<&V> {
        if !self.lens.contains(key.len()) {
            return None;
        }
        let i = self.find_by(hash_lower(self.seed, key), |k| eq_words(k, key, true))?;
        self.entries.get(i).map(|e| &e.2)
    }

    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|e| &mut e.2)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lower_hash_equals_hash_of_lowercase() {
        for s in [
            "",
            "a",
            "ABC",
            "Foo.Example.COM",
            "@[`{AZaz09",
            "ÄÖü.Straße.DE",
            "x".repeat(17).as_str(),
        ] {
            let lower = s.to_ascii_lowercase();
            assert_eq!(
                super::hash_lower(7, s.as_bytes()),
                super::hash(7, lower.as_bytes()),
                "{s}"
            );
        }
        assert!(super::eq_words(
            b"foo.example.com",
            b"FOO.Example.com",
            true
        ));
        assert!(!super::eq_words(
            b"foo.example.com",
            b"FOO.Example.com",
            false
        ));
        assert!(!super::eq_words(
            b"foo.example.con",
            b"foo.example.com",
            true
        ));
        assert!(!super::eq_words(b"foo", b"fooo", true));
        for b in 0..=255u8 {
            let w = super::lower_word(u64::from_le_bytes([b; 8]));
            assert_eq!(w.to_le_bytes(), [b.to_ascii_lowercase(); 8]);
        }
    }
}
