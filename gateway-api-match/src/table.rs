//! A small open-addressing string table, built once and only read afterwards.
//!
//! std's `HashMap<Box<str>, V>` would do for exact keys, but host lookups hash a lower-cased copy
//! that lives in a stack buffer, and path lookups hash many prefixes of one path; a table of our
//! own lets both hash a `&[u8]` with a fast word-at-a-time function seeded per router (so request
//! keys cannot be chosen to collide without knowing the seed).

use std::hash::BuildHasher;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hashes bytes eight at a time.
pub(crate) fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        for (w, b) in word.iter_mut().zip(rest) {
            *w = *b;
        }
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 29)
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

    fn find(&self, key: &[u8], h: u64) -> Option<usize> {
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
            if e.1 == h && *e.0 == *key {
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

    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|e| &mut e.2)
    }
}
