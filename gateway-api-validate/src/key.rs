//! Field names with a one-word signature, for the schema's property lookups and the rules'
//! field selections.

/// A field name and its signature: its length and first seven bytes in one word. Two names of
/// up to seven bytes (most Gateway API field names: `name`, `port`, `type`, `matches` …) are
/// equal exactly when their signatures are; longer names with equal signatures still compare
/// their remaining bytes. A property lookup scans the schema node's signatures and touches at
/// most one name. `Key::new` is a `const fn`: the read-ahead keys of the uniqueness rules are
/// built at compile time, and a literal key can be folded where the call is inlined.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Key<'k> {
    /// The field name.
    pub(crate) name: &'k str,
    /// Its signature.
    pub(crate) sig: u64,
}

impl<'k> Key<'k> {
    /// The key of `name`.
    #[inline(always)]
    pub(crate) const fn new(name: &'k str) -> Self {
        let b = name.as_bytes();
        let n = b.len();
        // Bytes 0..7 in little-endian order; loads that overlap write the same byte twice.
        let low = if n >= 8 {
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
                & 0x00ff_ffff_ffff_ffff
        } else if n >= 4 {
            let first = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
            let last = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]) as u64;
            first | (last << (8 * (n - 4)))
        } else {
            let mut w = 0u64;
            let mut i = 0;
            while i < n {
                w |= (b[i] as u64) << (8 * i);
                i += 1;
            }
            w
        };
        let len = if n > 255 { 255 } else { n as u64 };
        Self {
            name,
            sig: low | (len << 56),
        }
    }

    /// [`Key::new`] for a name known only at run time (a submitted field name): the same
    /// signature, from whole-word loads rather than the byte-by-byte form a `const fn` needs.
    #[inline]
    pub(crate) fn of(name: &'k str) -> Self {
        let b = name.as_bytes();
        let n = b.len();
        let word = |at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        let low = match b.get(..8) {
            Some(first) => {
                let mut w = [0u8; 8];
                w.copy_from_slice(first);
                u64::from_le_bytes(w) & 0x00ff_ffff_ffff_ffff
            }
            None if n >= 4 => u64::from(word(0)) | (u64::from(word(n - 4)) << (8 * (n - 4))),
            None => b
                .iter()
                .enumerate()
                .fold(0, |w, (i, c)| w | (u64::from(*c) << (8 * i))),
        };
        let len = n.min(255) as u64;
        Self {
            name,
            sig: low | (len << 56),
        }
    }

    /// Whether `other`, whose signature equals this key's, is the same name: only the bytes
    /// past the seventh are left to compare.
    #[inline]
    pub(crate) fn matches_tail(self, other: &str) -> bool {
        let (a, b) = (self.name.as_bytes(), other.as_bytes());
        a.len() <= 7 || (a.len() == b.len() && a[7..].iter().zip(&b[7..]).all(|(x, y)| x == y))
    }

    /// Whether `other` (with its signature) is the same name.
    #[inline]
    pub(crate) fn is(self, other: Key<'_>) -> bool {
        self.sig == other.sig && self.matches_tail(other.name)
    }
}

/// The keys of `names`, for the fields a rule reads ahead ([`read_items`]).
pub(crate) const fn keys<const K: usize>(names: [&'static str; K]) -> [Key<'static>; K] {
    let mut out = [Key { name: "", sig: 0 }; K];
    let mut i = 0;
    while i < K {
        out[i] = Key::new(names[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_time_keys_sign_as_compile_time_keys() {
        let names = [
            "",
            "a",
            "ab",
            "abc",
            "type",
            "port",
            "name1",
            "matches",
            "filters",
            "sectionName",
            "requestHeaderModifier",
            "x\u{e9}y",
            "\u{1F600}",
            "0123456789abcdef",
        ];
        for n in names {
            assert_eq!(Key::of(n).sig, Key::new(n).sig, "{n:?}");
        }
        let long = "k".repeat(300);
        assert_eq!(Key::of(&long).sig, Key::new(&long).sig);
    }
}
