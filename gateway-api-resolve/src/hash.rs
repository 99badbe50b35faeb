//! The hash maps of the resolver: foldhash, keyed per map.

/// A hash map keyed per map.
///
/// Keys are names that tenants choose, so a hash an attacker can predict would let one tenant
/// make every lookup slow. Each map gets a seed of its own, drawn from the standard library's
/// OS-seeded `RandomState`, on top of foldhash's process-wide seed: no set of names collides
/// under every seed, and no map lets its order reach the output. SipHash (the standard
/// library's default) offers the same with about four times the work per key, and these maps
/// are consulted for every route and backend.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, Seeded>;

/// A hash set keyed per set (see [`HashMap`]).
pub(crate) type HashSet<K> = std::collections::HashSet<K, Seeded>;

/// See [`HashMap`].
#[derive(Clone)]
pub(crate) struct Seeded(foldhash::fast::SeedableRandomState);

impl Default for Seeded {
    fn default() -> Self {
        use std::hash::BuildHasher;
        let seed = std::hash::RandomState::new().hash_one(0u8);
        Self(foldhash::fast::SeedableRandomState::with_seed(
            seed,
            foldhash::SharedSeed::global_random(),
        ))
    }
}

impl std::hash::BuildHasher for Seeded {
    type Hasher = foldhash::fast::FoldHasher<'static>;
    fn build_hasher(&self) -> Self::Hasher {
        self.0.build_hasher()
    }
}
