//! A deserializer adapter for the JSON fast path: it refuses duplicate keys and records the path of
//! every field the target type ignores, while the typed value is decoded straight from the text.
//!
//! The slow path gets the same two answers from a JSON value tree: the reader refuses duplicate
//! keys while it builds the tree, and `serde_ignored` over the tree names the ignored fields. Doing
//! both here, in the one pass that also builds the typed value, is what makes the fast path fast.
//! Nothing is allocated per key: a key is kept as the slice of the text it was read from, and a
//! field path is only written out when a field is ignored. A key written with escapes
//! (`"\u006bind"`) has no such slice; it is refused, so that the slow path takes the document
//! (no manifest writes its keys so).
//!
//! The adapter reports exactly what `serde_ignored` reports over the value tree: a path for every
//! `deserialize_ignored_any` the target type asks for, `a.b[0].c`, with `Option`, newtype and
//! enum-variant levels adding nothing. A key that does not arrive as a string (only a type that
//! reads keys as numbers could do that) is an error, so that the caller takes the slow path.

use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, Deserializer, Error as _, Visitor};

/// What one document's decoding shares across its levels.
pub(super) struct Context<'de> {
    /// The keys read so far of every object still open, outermost first: while an object is read,
    /// its keys sit above those of the object that holds it, and they are dropped when it ends.
    /// One stack for the whole document, so that an object costs no allocation of its own.
    keys: Vec<&'de str>,
    /// The paths of the fields the target type ignored, in the order it ignored them.
    unknown: Vec<String>,
}

impl Context<'_> {
    pub(super) fn new() -> Self {
        Self {
            // Enough for the open objects of a usual document, so that the stack seldom grows.
            keys: Vec::with_capacity(32),
            unknown: Vec::new(),
        }
    }

    /// The paths of the ignored fields, once the document is read; `None` if an object was left
    /// unfinished (its keys were then not all checked).
    pub(super) fn finish(self) -> Option<Vec<String>> {
        self.keys.is_empty().then_some(self.unknown)
    }
}

/// Where a value is: the chain of keys and indices from the document's root, on the stack. A key
/// is its place in [`Context::keys`], where it stays while its value is read.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Self, usize),
    Index(&'p Self, usize),
}

impl Path<'_> {
    /// Writes the path as the API server writes field paths (`spec.rules[0].filters`), the form
    /// the slow path writes too.
    fn write(&self, keys: &[&str], out: &mut String) {
        match *self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(keys, out);
                if !out.is_empty() {
                    out.push('.');
                }
                // The key is on the stack while its value is read (a missing one would be a
                // bug here, and only leaves the path short).
                out.push_str(keys.get(key).copied().unwrap_or_default());
            }
            Path::Index(parent, index) => {
                parent.write(keys, out);
                // Writing to a String cannot fail.
                let _ = write!(out, "[{index}]");
            }
        }
    }
}

/// Whether a list of keys holds one twice. Most objects have a handful of keys, where comparing
/// every pair is cheapest (keys of different lengths differ at once); a big one is sorted, so that
/// no input makes this quadratic.
fn has_duplicates(keys: &mut [&str]) -> bool {
    if keys.len() <= 8 {
        (1..keys.len()).any(|i| keys[..i].contains(&keys[i]))
    } else {
        keys.sort_unstable();
        keys.windows(2).any(|pair| pair[0] == pair[1])
    }
}

/// The keys of the object whose keys start at `base` on the stack. `None` cannot happen (nested
/// objects drop only their own keys), and is taken as a duplicate, which sends the document to
/// the slow path rather than panicking.
fn own_keys<'k, 'de>(keys: &'k mut [&'de str], base: usize) -> Option<&'k mut [&'de str]> {
    keys.get_mut(base..)
}

/// The error that sends a document to the slow path; its text is never shown.
fn duplicate<E: de::Error>() -> E {
    E::custom("duplicate key")
}

/// Forwards the `deserialize_*` methods of a wrapping deserializer to the wrapped one, with the
/// visitor wrapped by the type's own `split`.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
                let (de, visitor) = self.split(visitor);
                de.$method($($arg,)* visitor)
            }
        )*
    };
}

/// Forwards `deserialize_*` methods as they are, visitor and all.
macro_rules! pass_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
                self.inner.$method($($arg,)* visitor)
            }
        )*
    };
}

/// The `deserialize_*` methods of values that cannot hold others: serde_json (and `json`'s
/// replayed strings) answer them with a scalar or an error, never with a map, a sequence or an
/// option to look into. (The one other deserializer wrapped, the replayed top-level object of
/// `json`, is only ever asked for a struct.)
macro_rules! scalar_methods {
    ($forward:ident) => {
        $forward! {
            deserialize_bool();
            deserialize_i8();
            deserialize_i16();
            deserialize_i32();
            deserialize_i64();
            deserialize_i128();
            deserialize_u8();
            deserialize_u16();
            deserialize_u32();
            deserialize_u64();
            deserialize_u128();
            deserialize_f32();
            deserialize_f64();
            deserialize_char();
            deserialize_str();
            deserialize_string();
            deserialize_unit();
            deserialize_unit_struct(name: &'static str);
            deserialize_identifier();
        }
    };
}

/// The other `deserialize_*` methods but `deserialize_ignored_any`: those that may find a map or
/// a sequence (serde_json reads an array for `deserialize_bytes`).
macro_rules! nesting_methods {
    ($forward:ident) => {
        $forward! {
            deserialize_any();
            deserialize_bytes();
            deserialize_byte_buf();
            deserialize_option();
            deserialize_newtype_struct(name: &'static str);
            deserialize_seq();
            deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize);
            deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        }
    };
}

/// Forwards `visit_*` methods that carry a plain value to the wrapped visitor (each one to the
/// same method, so that the wrapped visitor sees exactly the calls it would see unwrapped).
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {
        $(
            #[inline]
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

/// What a wrapping visitor (of a wrapped visitor `V`, in `inner`) forwards as it is: what it
/// expects, and the `visit_*` methods with a plain value that no wrapper here needs to look at.
macro_rules! forward_visit_scalars {
    () => {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.inner.expecting(f)
        }

        forward_visit! {
            visit_bool(bool);
            visit_i8(i8);
            visit_i16(i16);
            visit_i32(i32);
            visit_i64(i64);
            visit_i128(i128);
            visit_u8(u8);
            visit_u16(u16);
            visit_u32(u32);
            visit_u64(u64);
            visit_u128(u128);
            visit_f32(f32);
            visit_f64(f64);
            visit_char(char);
            visit_str(&str);
            visit_string(String);
            visit_bytes(&[u8]);
            visit_borrowed_bytes(&'de [u8]);
            visit_byte_buf(Vec<u8>);
        }

        #[inline]
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.inner.visit_unit()
        }

        #[inline]
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.inner.visit_none()
        }
    };
}

/// One piece of the target type's decoding (a deserializer, a visitor, a seed or an enum's
/// access), wrapped with the document's [`Context`] and the path of the value it is about, so
/// that whatever it hands on is wrapped too.
///
/// As a deserializer it is the adapter itself: it decodes what the wrapped deserializer reads,
/// checking keys and recording ignored fields. The wrapped deserializer is serde_json's, reading
/// text, or `json`'s replay of an object's first entries ahead of serde_json's: what is said here
/// of how values arrive is what these do.
pub(super) struct At<'c, 'p, 'de, T> {
    inner: T,
    cx: &'c mut Context<'de>,
    /// By reference: a wrapper is moved through every level of the decoding, and a path of one
    /// word moves more cheaply than the three words of a `Path`.
    path: &'p Path<'p>,
}

/// The adapter over the deserializer of a whole document.
pub(super) type Checked<'c, 'de, D> = At<'c, 'static, 'de, D>;

/// `inner` wrapped at `path`.
#[inline]
fn at<'c, 'p, 'de, T>(
    inner: T,
    cx: &'c mut Context<'de>,
    path: &'p Path<'p>,
) -> At<'c, 'p, 'de, T> {
    At { inner, cx, path }
}

impl<'c, 'de, D> Checked<'c, 'de, D> {
    /// Wraps the deserializer of a whole document.
    pub(super) fn new(de: D, cx: &'c mut Context<'de>) -> Self {
        at(de, cx, &Path::Root)
    }
}

impl<'c, 'p, 'de, D> At<'c, 'p, 'de, D> {
    /// The wrapped deserializer, and `visitor` wrapped at the same path.
    #[inline]
    fn split<V>(self, visitor: V) -> (D, At<'c, 'p, 'de, V>) {
        (self.inner, at(visitor, self.cx, self.path))
    }
}

/// Scalars need no checking, so their visitors are handed on unwrapped (which spares the work
/// of the wrapping on most values of a document).
impl<'de, D: Deserializer<'de>> Deserializer<'de> for At<'_, '_, 'de, D> {
    type Error = D::Error;

    scalar_methods!(pass_deserialize);
    nesting_methods!(forward_deserialize);

    /// The target type has no field for this value. Its path is recorded, and the value is read
    /// through, not skipped, so that a duplicate key inside it is still refused (the slow path
    /// reads every object of the document). The visitor then gets a unit, as it does from a JSON
    /// value tree.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let mut path = String::new();
        self.path.write(&self.cx.keys, &mut path);
        self.cx.unknown.push(path);
        self.inner.deserialize_any(Scan { cx: self.cx })?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor of the target type: the maps, sequences, options and enums it is handed are
/// wrapped too.
impl<'de, V: Visitor<'de>> Visitor<'de> for At<'_, '_, 'de, V> {
    forward_visit_scalars!();

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.inner.visit_borrowed_str(v)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(at(de, self.cx, self.path))
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(at(de, self.cx, self.path))
    }

    #[inline]
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(SeqWrap {
            inner: seq,
            cx: self.cx,
            path: self.path,
            index: 0,
        })
    }

    #[inline]
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let base = self.cx.keys.len();
        self.inner.visit_map(MapWrap {
            inner: map,
            cx: self.cx,
            path: self.path,
            base,
            pending: false,
            seen: 0,
            clash: false,
        })
    }

    #[inline]
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(at(data, self.cx, self.path))
    }
}

/// A seed for a map value, a sequence element or a newtype variant's content, at its path.
impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for At<'_, '_, 'de, S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(at(de, self.cx, self.path))
    }
}

/// A sequence's elements, each at its index.
struct SeqWrap<'c, 'p, 'de, A> {
    inner: A,
    cx: &'c mut Context<'de>,
    path: &'p Path<'p>,
    index: usize,
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for SeqWrap<'_, '_, 'de, A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let index = self.index;
        self.index += 1;
        let path = Path::Index(self.path, index);
        self.inner.next_element_seed(at(seed, &mut *self.cx, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An object's entries: each key is kept on the key stack (to find it again, and to name its
/// value's path), each value is read at its key's path.
struct MapWrap<'c, 'p, 'de, A> {
    inner: A,
    cx: &'c mut Context<'de>,
    path: &'p Path<'p>,
    /// Where this object's keys start on the key stack.
    base: usize,
    /// Whether a key was read whose value was not.
    pending: bool,
    /// A rough sketch of the keys read: one of 64 bits per key, by its length and first byte.
    seen: u64,
    /// Whether two keys fell on one bit, so that the keys must be compared when the object ends
    /// (equal keys always do; the keys of most objects never do, which spares the comparing).
    clash: bool,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for MapWrap<'_, '_, 'de, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        // The key's text, kept here rather than read back from the stack, where reaching it
        // takes more loads than the check below.
        let mut read = None;
        let key = self.inner.next_key_seed(KeySeed {
            inner: seed,
            read: &mut read,
        })?;
        if key.is_none() {
            // The object has ended. Its keys are the top of the stack (those of the objects in
            // its values were dropped as each ended); checking them here, not after the
            // visitor returns, spares moving the decoded value.
            if self.clash && own_keys(&mut self.cx.keys, self.base).is_none_or(has_duplicates) {
                return Err(duplicate());
            }
            self.cx.keys.truncate(self.base);
        } else if let (Some(text), false) = (read, self.pending) {
            self.cx.keys.push(text);
            self.pending = true;
            let key = text.as_bytes();
            let first = key.first().copied().map_or(0, usize::from);
            let bit = 1u64 << (key.len().wrapping_mul(7).wrapping_add(first) % 64);
            self.clash |= self.seen & bit != 0;
            self.seen |= bit;
        } else {
            return Err(A::Error::custom("a key that is not a string"));
        }
        Ok(key)
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        if !std::mem::take(&mut self.pending) {
            return Err(A::Error::custom("a value without a key"));
        }
        // The key just read is the top of the stack (`pending` says one was pushed).
        let key = self.cx.keys.len().saturating_sub(1);
        let path = Path::Key(self.path, key);
        self.inner.next_value_seed(at(seed, &mut *self.cx, &path))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An enum's variant; its content keeps the enum's path.
impl<'c, 'p, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for At<'c, 'p, 'de, A> {
    type Error = A::Error;
    type Variant = At<'c, 'p, 'de, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.inner.variant_seed(seed)?;
        Ok((value, at(variant, self.cx, self.path)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for At<'_, '_, 'de, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.inner
            .newtype_variant_seed(at(seed, self.cx, self.path))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner
            .tuple_variant(len, at(visitor, self.cx, self.path))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.inner
            .struct_variant(fields, at(visitor, self.cx, self.path))
    }
}

/// The seed of a map key: it decodes the key as the target type asks, and keeps the key's text
/// in `read`.
struct KeySeed<'k, 'de, S> {
    inner: S,
    read: &'k mut Option<&'de str>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(KeyDeserializer {
            de,
            read: self.read,
        })
    }
}

/// The key's deserializer, whose visitor keeps the string it is given.
struct KeyDeserializer<'k, 'de, D> {
    de: D,
    read: &'k mut Option<&'de str>,
}

impl<'k, 'de, D> KeyDeserializer<'k, 'de, D> {
    #[inline]
    fn split<V>(self, visitor: V) -> (D, KeyVisitor<'k, 'de, V>) {
        (
            self.de,
            KeyVisitor {
                inner: visitor,
                read: self.read,
            },
        )
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, 'de, D> {
    type Error = D::Error;

    scalar_methods!(forward_deserialize);
    nesting_methods!(forward_deserialize);
    forward_deserialize! {
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

struct KeyVisitor<'k, 'de, V> {
    inner: V,
    read: &'k mut Option<&'de str>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, 'de, V> {
    forward_visit_scalars!();

    // Only a key read as a slice of the text is kept. A key with escapes comes as a passing
    // `&str` or a `String` (forwarded above): it is handed on but not kept, which the map then
    // refuses (sending the document to the slow path). Such keys are not worth a copy.
    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        *self.read = Some(v);
        self.inner.visit_borrowed_str(v)
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(de)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_newtype_struct(de)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

/// Reads a value no type wants, only to refuse duplicate keys in it.
struct Scan<'c, 'de> {
    cx: &'c mut Context<'de>,
}

impl<'de> DeserializeSeed<'de> for Scan<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Scan { cx: &mut *self.cx })?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let base = self.cx.keys.len();
        while let Some(key) = map.next_key_seed(Borrowed)? {
            map.next_value_seed(Scan { cx: &mut *self.cx })?;
            self.cx.keys.push(key);
        }
        if own_keys(&mut self.cx.keys, base).is_none_or(has_duplicates) {
            return Err(duplicate());
        }
        self.cx.keys.truncate(base);
        Ok(())
    }
}

/// A string (a key or a value) as the slice of the input it was read from: only a string without
/// escapes can be one, and any other is refused.
pub(super) struct Borrowed;

impl<'de> DeserializeSeed<'de> for Borrowed {
    type Value = &'de str;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<&'de str, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Borrowed {
    type Value = &'de str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string without escapes")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<&'de str, E> {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::has_duplicates;

    #[test]
    fn duplicates_are_found_in_small_and_big_objects() {
        for n in [0, 1, 2, 5, 16, 17, 40] {
            let mut keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            // Keys of one length.
            keys.extend(["ab", "aab", "abb"].map(String::from));
            let mut unique: Vec<&str> = keys.iter().map(String::as_str).collect();
            assert!(!has_duplicates(&mut unique.clone()), "{n}");
            for i in 0..unique.len() {
                let mut with = unique.clone();
                with.insert(0, unique[i]);
                assert!(has_duplicates(&mut with), "{n}: {}", unique[i]);
            }
            unique.push("");
            assert!(!has_duplicates(&mut unique.clone()));
            unique.push("");
            assert!(has_duplicates(&mut unique));
        }
    }
}
