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
    let fold = |w: u64| if lower { lower_word(w) } else { w };
    let n = bytes.len();
    let mut i = 0;
    while i + 8 <= n {
        h = (h.rotate_left(23) ^ fold(load8(bytes, i))).wrapping_mul(K);
        i += 8;
    }
    if i != n {
        h = (h.rotate_left(23) ^ fold(tail_word(bytes))).wrapping_mul(K);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 29)
}

/// Eight bytes at `at` as a little-endian word; zero past the end (never reached by callers,
/// which check the length first).
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_le_bytes)
}

#[inline(always)]
fn load4(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
}

/// The word covering the bytes after the last whole 8-byte chunk, read with at most two loads
/// (a libc `memcpy` for the odd tail cost more than the rest of a lookup): for keys of 8 bytes
/// or more, the key's last 8 bytes (overlapping the previous chunk); for 4 to 7 bytes, the first
/// and the last four; for 1 to 3, the first, middle and last byte. Each form covers every byte,
/// so for keys of one length the word is a one-to-one function of the bytes. Hash and comparison
/// both use it, so a key's tail is handled the same way on both sides; lower-casing it lower-cases
/// the bytes it holds, whichever form.
#[inline(always)]
fn tail_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 8 {
        load8(bytes, n - 8)
    } else if n >= 4 {
        load4(bytes, 0) | (load4(bytes, n - 4) << 32)
    } else if n > 0 {
        let b = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(0));
        b(0) | (b(n / 2) << 8) | (b(n - 1) << 16)
    } else {
        0
    }
}

/// The index of the first `needle` in `hay`, eight bytes at a time (hosts and paths are short,
/// so std's byte loop, not a vectorised search, is what it replaces).
#[inline]
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rep = ONES * u64::from(needle);
    // The lowest byte of `w` that is zero gets its high bit set (higher ones may be false
    // positives after a borrow, but only above a true zero, so the lowest set bit is exact).
    let zero_at = |w: u64| {
        let z = w.wrapping_sub(ONES) & !w & HIGH;
        (z != 0).then(|| (z.trailing_zeros() / 8) as usize)
    };
    let n = hay.len();
    if n < 8 {
        return hay.iter().position(|b| *b == needle);
    }
    let mut i = 0;
    while i + 8 <= n {
        if let Some(k) = zero_at(load8(hay, i) ^ rep) {
            return Some(i + k);
        }
        i += 8;
    }
    if i == n {
        return None;
    }
    // The last eight bytes overlap bytes already searched, which hold no `needle`.
    zero_at(load8(hay, n - 8) ^ rep).map(|k| n - 8 + k)
}

/// Whether `key` equals `stored`, eight bytes at a time; with `lower`, `key` is compared as if
/// ASCII-lower-cased (`stored` already is). Short keys make a libc `memcmp` call the larger cost.
#[inline(always)]
fn eq_words(stored: &[u8], key: &[u8], lower: bool) -> bool {
    let n = stored.len();
    if n != key.len() {
        return false;
    }
    let fold = |w: u64| if lower { lower_word(w) } else { w };
    let mut i = 0;
    while i + 8 <= n {
        if load8(stored, i) != fold(load8(key, i)) {
            return false;
        }
        i += 8;
    }
    i == n || tail_word(stored) == fold(tail_word(key))
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

/// The longest probe sequence a table keeps (see `StrTable::rehash`).
const MAX_PROBE: usize = 3;
/// How many slots per key a table may grow to in keeping `MAX_PROBE`; past that a longer
/// probe is accepted (with a fair hash this is never reached in practice).
const MAX_GROWTH: usize = 32;

/// Which key lengths a table holds, so lookups of other lengths are skipped without hashing.
/// Lengths up to 255 are kept exactly (every host, and the paths of real tables); longer ones
/// share one flag.
#[derive(Clone, Debug, Default)]
pub(crate) struct LenSet {
    bits: [u64; 4],
    long: bool,
}

impl LenSet {
    pub(crate) fn insert(&mut self, len: usize) {
        match self.bits.get_mut(len / 64) {
            Some(w) => *w |= 1 << (len % 64),
            None => self.long = true,
        }
    }

    #[inline]
    pub(crate) fn contains(&self, len: usize) -> bool {
        match self.bits.get(len / 64) {
            Some(w) => w & (1 << (len % 64)) != 0,
            None => self.long,
        }
    }

    /// The largest length in the set below `len`, or `None`. Lengths over 255 are never
    /// returned (see `contains` for those).
    #[inline]
    pub(crate) fn prev(&self, len: usize) -> Option<usize> {
        let mut word = len.min(256) / 64;
        // Bits below `len` within its word; whole words below it.
        let mut mask = if len >= 256 {
            word = 3;
            u64::MAX
        } else {
            (1u64 << (len % 64)) - 1
        };
        loop {
            let w = self.bits.get(word).copied().unwrap_or(0) & mask;
            if w != 0 {
                return Some(word * 64 + 63 - w.leading_zeros() as usize);
            }
            word = word.checked_sub(1)?;
            mask = u64::MAX;
        }
    }
}

/// A table of at most this many keys has no slot array: a lookup compares the stored hashes one
/// by one, which costs no more than a probe at this size, and building it allocates nothing
/// beyond its entries and key bytes (a router has a table per hostname, most of them tiny).
const SMALL: usize = 4;

/// Maps byte strings to values. Keys are compared exactly; callers lower-case hosts first.
#[derive(Clone, Debug)]
pub(crate) struct StrTable<V> {
    seed: u64,
    /// Index + 1 into `entries`; 0 marks an empty slot. Empty while the table holds at most
    /// [`SMALL`] keys.
    slots: Box<[u32]>,
    /// Every key's bytes, concatenated: one allocation for all keys instead of one per key.
    keys: Vec<u8>,
    entries: Vec<Slot<V>>,
    lens: LenSet,
}

#[derive(Clone, Debug)]
struct Slot<V> {
    /// The key's range in `StrTable::keys`.
    start: usize,
    end: usize,
    hash: u64,
    value: V,
}

impl<V> StrTable<V> {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            seed,
            slots: Box::new([]),
            keys: Vec::new(),
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
        let idx = self.index_or_insert_with(key, make);
        self.entries.get_mut(idx).map(|e| &mut e.value)
    }

    /// The index (in insertion order, see [`Self::values_mut`]) of `key`'s entry, inserting
    /// `make()` first if absent. Build time only.
    pub(crate) fn index_or_insert_with(&mut self, key: &[u8], make: impl FnOnce() -> V) -> usize {
        let h = hash(self.seed, key);
        if let Some(i) = self.find(key, h) {
            return i;
        }
        let start = self.keys.len();
        self.keys.extend_from_slice(key);
        self.entries.push(Slot {
            start,
            end: self.keys.len(),
            hash: h,
            value: make(),
        });
        self.lens.insert(key.len());
        let last = self.entries.len() - 1;
        if self.entries.len() <= SMALL {
            // Found by scanning `entries`.
        } else if self.entries.len() * 2 > self.slots.len() {
            // Rehashing only when the table doubles keeps building linear; the probe bound
            // is enforced then (keys added since may probe longer until the next one).
            self.rehash();
        } else {
            self.place(last);
        }
        last
    }

    /// Lays the slots out again, at most half full, growing them while some key sits more than
    /// [`MAX_PROBE`] slots past its home: how long a lookup probes must not depend on the seed.
    fn rehash(&mut self) {
        let n = self.entries.len();
        let mut cap = (n * 2).next_power_of_two().max(8).max(self.slots.len());
        loop {
            self.slots = vec![0; cap].into_boxed_slice();
            let worst = (0..n).map(|i| self.place(i)).max().unwrap_or(0);
            if worst <= MAX_PROBE || cap >= n.saturating_mul(MAX_GROWTH) {
                return;
            }
            cap *= 2;
        }
    }

    /// Puts entry `i` in the first free slot from its home; returns how far past home that is.
    fn place(&mut self, i: usize) -> usize {
        let Some(h) = self.entries.get(i).map(|e| e.hash) else {
            return 0;
        };
        let mask = self.slots.len().wrapping_sub(1);
        let mut pos = (h as usize) & mask;
        for step in 0..self.slots.len() {
            if let Some(slot) = self.slots.get_mut(pos)
                && *slot == 0
            {
                *slot = u32::try_from(i + 1).unwrap_or(u32::MAX);
                return step;
            }
            pos = (pos + 1) & mask;
        }
        self.slots.len()
    }

    #[inline]
    fn find(&self, key: &[u8], h: u64) -> Option<usize> {
        find_in(
            &self.slots,
            &self.entries,
            &self.keys,
            || h,
            |k| eq_words(k, key, false),
        )
    }

    /// Looks `key` up ignoring ASCII case; keys must have been inserted lower-cased. `hash`
    /// gives `hash_lower(seed, key)` with this table's seed, and is called only if the table is
    /// large enough to need it (see [`find_in`]).
    #[inline]
    pub(crate) fn get_ignore_case_with(
        &self,
        key: &[u8],
        hash: impl FnOnce() -> u64,
    ) -> Option<&V> {
        if !self.lens.contains(key.len()) {
            return None;
        }
        let i = find_in(&self.slots, &self.entries, &self.keys, hash, |k| {
            eq_words(k, key, true)
        })?;
        self.entries.get(i).map(|e| &e.value)
    }

    /// Looks `key` up ignoring ASCII case; keys must have been inserted lower-cased.
    #[inline]
    pub(crate) fn get_ignore_case(&self, key: &[u8]) -> Option<&V> {
        self.get_ignore_case_with(key, || hash_lower(self.seed, key))
    }

    /// Moves the keys and entries into `arena`, leaving this table empty (its buffers kept for
    /// reuse) and returning the table that reads them there.
    pub(crate) fn move_into(&mut self, arena: &mut TableArena<V>) -> ArenaTable {
        let offset = arena.keys.len();
        arena.keys.append(&mut self.keys);
        let start = arena.entries.len();
        arena.entries.extend(self.entries.drain(..).map(|mut e| {
            e.start += offset;
            e.end += offset;
            e
        }));
        ArenaTable {
            seed: self.seed,
            slots: std::mem::take(&mut self.slots),
            start,
            end: arena.entries.len(),
            lens: std::mem::take(&mut self.lens),
        }
    }

    /// The values in insertion order.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|e| &mut e.value)
    }
}

/// Finds the entry whose key satisfies `eq` (which compares lengths first): by scanning a small
/// table (no slots), otherwise by probing from the home slot of the hash `h()` gives. Slots
/// index `entries`; entries' key ranges index `keys`.
///
/// A small table is scanned without hashing: comparing its few keys (only those of the right
/// length get past the first compare) costs less than hashing the key, and a request whose
/// every table is small (one hostname on a listener, a handful of paths) then hashes nothing.
#[inline(always)]
fn find_in<V>(
    slots: &[u32],
    entries: &[Slot<V>],
    keys: &[u8],
    h: impl FnOnce() -> u64,
    eq: impl Fn(&[u8]) -> bool,
) -> Option<usize> {
    let key_of = |e: &Slot<V>| keys.get(e.start..e.end).unwrap_or(&[]);
    if slots.is_empty() {
        // A small table (or an empty one).
        return entries.iter().position(|e| eq(key_of(e)));
    }
    let h = h();
    let mask = slots.len() - 1;
    let mut pos = (h as usize) & mask;
    // The table is at most half full, so an empty slot ends every probe sequence.
    loop {
        let slot = *slots.get(pos)?;
        if slot == 0 {
            return None;
        }
        let i = slot as usize - 1;
        let e = entries.get(i)?;
        if e.hash == h && eq(key_of(e)) {
            return Some(i);
        }
        pos = (pos + 1) & mask;
    }
}

/// The keys and entries of many tables (the buckets of one listener), so that a table costs no
/// allocation of its own: a listener with a hostname per route has a bucket per route.
#[derive(Clone, Debug)]
pub(crate) struct TableArena<V> {
    keys: Vec<u8>,
    entries: Vec<Slot<V>>,
}

impl<V> Default for TableArena<V> {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            entries: Vec::new(),
        }
    }
}

/// A [`StrTable`] whose keys and entries sit in a [`TableArena`] (see [`StrTable::move_into`]);
/// lookups take the arena.
#[derive(Clone, Debug)]
pub(crate) struct ArenaTable {
    seed: u64,
    /// As `StrTable::slots`, indexing `start..end` of the arena's entries.
    slots: Box<[u32]>,
    start: usize,
    end: usize,
    lens: LenSet,
}

impl ArenaTable {
    pub(crate) fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub(crate) fn may_contain_len(&self, len: usize) -> bool {
        self.lens.contains(len)
    }

    /// The largest key length below `len` that the table holds (lengths up to 255).
    #[inline]
    pub(crate) fn prev_len(&self, len: usize) -> Option<usize> {
        self.lens.prev(len)
    }

    /// Looks `key` up in the table's part of `arena`.
    #[inline]
    pub(crate) fn get<'a, V>(&self, arena: &'a TableArena<V>, key: &[u8]) -> Option<&'a V> {
        if !self.lens.contains(key.len()) {
            return None;
        }
        let entries = arena.entries.get(self.start..self.end)?;
        let i = find_in(
            &self.slots,
            entries,
            &arena.keys,
            || hash(self.seed, key),
            |k| eq_words(k, key, false),
        )?;
        entries.get(i).map(|e| &e.value)
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
        // Every length up to three words, a needle at each place or absent; equality of keys
        // of one length that differ in one byte, through each tail form.
        for n in 0..=24usize {
            let hay: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert_eq!(super::find_byte(&hay, b'/'), None, "{n}");
            for at in 0..n {
                let mut h = hay.clone();
                h[at] = b'/';
                if at + 1 < n {
                    h[n - 1] = b'/';
                }
                assert_eq!(super::find_byte(&h, b'/'), Some(at), "{n} {at}");
                let mut other = hay.clone();
                other[at] = b'A';
                assert!(!super::eq_words(&hay, &other, false), "{n} {at}");
                assert_eq!(
                    super::eq_words(&hay, &other, true),
                    hay[at] == b'a',
                    "{n} {at}"
                );
                other[at] = b'#';
                assert!(!super::eq_words(&hay, &other, true), "{n} {at}");
            }
            assert!(super::eq_words(&hay, &hay.clone(), false));
        }
        let mut lens = super::LenSet::default();
        for l in [0, 3, 63, 64, 200, 255, 300] {
            lens.insert(l);
        }
        let mut got = Vec::new();
        let mut at = 1000;
        while let Some(l) = lens.prev(at) {
            got.push(l);
            at = l;
        }
        assert_eq!(got, [255, 200, 64, 63, 3, 0]);
        assert_eq!(lens.prev(64), Some(63));
        assert_eq!(lens.prev(0), None);
        assert!(lens.contains(300) && lens.contains(1000) && !lens.contains(4));
        for b in 0..=255u8 {
            let w = super::lower_word(u64::from_le_bytes([b; 8]));
            assert_eq!(w.to_le_bytes(), [b.to_ascii_lowercase(); 8]);
        }
    }
}
