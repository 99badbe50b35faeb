//! The few pieces of CEL's runtime semantics the Gateway API rules use, over `serde_json::Value`.
//!
//! Every helper returns [`Eval`]: CEL has a third outcome besides `true` and `false`, the
//! evaluation error (`no such key`, a failed conversion, an index out of range). The API server
//! reports such an error as an `Invalid` field error instead of the rule's verdict, and the error
//! does not always propagate: `false && error` is `false`, `true || error` is `true`, and the `all`
//! and `exists` macros absorb errors the same way. The combinators here reproduce cel-go's rules so
//! that the native checks reject exactly what the API server rejects.

use std::fmt;

use serde_json::{Map, Value};

use crate::schema::{Node, eq_key};

/// Why evaluating a CEL expression failed; the `Display` text follows cel-go's error strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EvalError {
    /// A field selection on an object or map that lacks the field (`no such key: f`).
    NoSuchKey(&'static str),
    /// An operator or function applied to a value of a type it has no overload for.
    NoSuchOverload,
    /// A list index or substring offset outside the value.
    IndexOutOfRange(i64),
    /// A conversion (for example `duration('5x')`) that failed.
    Conversion(&'static str),
    /// A `matches()` pattern that does not compile.
    BadRegex,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchKey(key) => write!(f, "no such key: {key}"),
            Self::NoSuchOverload => f.write_str("no such overload"),
            Self::IndexOutOfRange(i) => write!(f, "index out of range: {i}"),
            Self::Conversion(to) => write!(f, "type conversion error from 'string' to '{to}'"),
            Self::BadRegex => f.write_str("invalid regular expression"),
        }
    }
}

/// The outcome of a CEL (sub)expression: a value, or the evaluation error CEL would raise.
pub(crate) type Eval<T> = Result<T, EvalError>;

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
    fn is(self, other: Key<'_>) -> bool {
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

/// The place the structural pass gives one submitted field or list item: the value as the API
/// server's CEL sees it, and where the value's own fields or items are.
///
/// The structural pass merges every object's keys with its schema's properties anyway; it
/// writes down what it found, per property (in the schema's order) and per list item, in one
/// table per object. The CEL pass and the native rules then read a declared field by its
/// property index instead of searching the object's map and the schema again for every
/// selection (the searches were most of the validator's time).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot<'a> {
    /// The value read through the schema: the submitted one, or the default when the field is
    /// absent (or a non-nullable `null`); `None` when there is neither.
    pub(crate) value: Option<&'a Value>,
    /// The block of the value's own fields (an object) or items (a list), or [`NO_BLOCK`].
    pub(crate) block: u32,
    /// Whether `value` is the submitted one (the structural pass validates those; defaults
    /// are valid by construction).
    pub(crate) submitted: bool,
}

/// The table of views read without one.
static NO_SLOTS: Vec<Slot<'static>> = Vec::new();

/// A [`Slot::block`] that points nowhere: the value is a scalar, a default, a map, or was not
/// seen by the structural pass; it is read through its schema node.
pub(crate) const NO_BLOCK: u32 = u32::MAX;

/// A value as the API server's CEL sees it: the submitted JSON, read through its schema so that
/// unknown fields and non-nullable `null`s are gone and absent defaulted fields are present.
///
/// The walker does not copy and default the object before evaluating rules; every field
/// selection applies pruning and defaulting on the fly, from the structural pass's [`Slot`]s
/// where it wrote them, else from the schema node. A view without a node is the value as it is
/// (what the rules' own tests use).
#[derive(Clone, Copy)]
pub(crate) struct V<'a> {
    value: &'a Value,
    shape: Option<&'a Node>,
    /// The object is known to need no pruning, so the schema matters only where defaults can
    /// still appear; below that, fields are read as they are (one map lookup, no schema one).
    clean: bool,
    /// The structural pass's table for the whole object (empty when there is none).
    /// (A reference to the `Vec` rather than a slice keeps views one word smaller: they are
    /// copied at every field selection.)
    slots: &'a Vec<Slot<'a>>,
    /// Where this value's fields or items are in `slots`, or [`NO_BLOCK`].
    block: u32,
}

impl fmt::Debug for V<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "V({})", self.value)
    }
}

impl<'a> V<'a> {
    /// A value read as it is, with no schema.
    pub(crate) fn plain(value: &'a Value) -> Self {
        Self {
            value,
            shape: None,
            clean: false,
            slots: &NO_SLOTS,
            block: NO_BLOCK,
        }
    }

    /// A value read through its schema node.
    pub(crate) fn new(value: &'a Value, shape: &'a Node) -> Self {
        Self {
            shape: Some(shape),
            ..Self::plain(value)
        }
    }

    /// A value read through its schema node and the structural pass's table, whose block
    /// `block` holds the value's fields. `clean` says that nothing in the value needs pruning
    /// or replacing (no undeclared field, no non-nullable `null`): where the table does not
    /// reach, only the defaults of absent fields are left to apply.
    pub(crate) fn indexed(
        value: &'a Value,
        shape: &'a Node,
        clean: bool,
        slots: &'a Vec<Slot<'a>>,
        block: u32,
    ) -> Self {
        Self {
            value,
            shape: Some(shape),
            clean,
            slots,
            block,
        }
    }

    /// A value below this one, read through its schema node `shape`.
    fn sub(self, value: &'a Value, shape: &'a Node) -> Self {
        if self.clean && !shape.defaults_below {
            return Self::plain(value);
        }
        Self {
            value,
            shape: Some(shape),
            clean: self.clean,
            slots: self.slots,
            block: NO_BLOCK,
        }
    }

    /// The value of a slot whose schema node is `p`.
    fn at(self, p: &'a Node, slot: Slot<'a>) -> Option<Self> {
        let value = slot.value?;
        if slot.block == NO_BLOCK {
            return Some(self.sub(value, p));
        }
        Some(Self {
            value,
            shape: Some(p),
            clean: self.clean,
            slots: self.slots,
            block: slot.block,
        })
    }

    /// The slot of the `i`-th declared property, when the structural pass wrote this object's
    /// block.
    fn slot(self, i: usize) -> Option<Slot<'a>> {
        if self.block == NO_BLOCK {
            return None;
        }
        self.slots.get(self.block as usize + i).copied()
    }

    /// The underlying JSON (for an object or list, its fields are not yet pruned or defaulted:
    /// read them through [`V::field`], [`V::entries`] and [`V::items`]).
    pub(crate) fn raw(self) -> &'a Value {
        self.value
    }

    /// The string inside, if the value is one.
    pub(crate) fn as_str(self) -> Option<&'a str> {
        self.value.as_str()
    }

    /// The integer inside, if the value is one that fits `i64`.
    pub(crate) fn as_i64(self) -> Option<i64> {
        self.value.as_i64()
    }

    /// The number inside, as a float.
    pub(crate) fn as_f64(self) -> Option<f64> {
        self.value.as_f64()
    }

    /// A field or item whose schema node is `p`, submitted as `raw` (`None`: absent): a
    /// non-nullable `null` and an absent field read as the default; `None` without one.
    fn under(self, p: &'a Node, raw: Option<&'a Value>) -> Option<Self> {
        match raw {
            Some(raw) if !raw.is_null() || p.nullable => Some(self.sub(raw, p)),
            _ => p.default.as_ref().map(|d| self.sub(d, p)),
        }
    }

    /// The field `key`, submitted with value `raw`, as this object view reads it: `None` when
    /// it is pruned (undeclared, or a non-nullable `null` without default); the default when it
    /// is a non-nullable `null` with one.
    pub(crate) fn child(self, key: &str, raw: &'a Value) -> Option<Self> {
        let Some(s) = self.shape else {
            return Some(Self::plain(raw));
        };
        match s.prop(key).or(s.additional.as_deref()) {
            Some(p) => self.under(p, Some(raw)),
            None if s.preserve_unknown => Some(Self::plain(raw)),
            None => None,
        }
    }

    /// The field `key` of an object view: present, defaulted, or `None` (absent or pruned).
    #[inline]
    pub(crate) fn field(self, key: &str) -> Option<Self> {
        self.field_key(Key::of(key))
    }

    /// [`V::field`] with the key's signature at hand.
    pub(crate) fn field_key(self, key: Key<'_>) -> Option<Self> {
        let m = self.value.as_object()?;
        let Some(s) = self.shape else {
            return get(m, key.name).map(Self::plain);
        };
        if self.block != NO_BLOCK
            && let Some(i) = s.key_index(key)
            && let Some(slot) = self.slot(i)
            && let Some((_, p)) = s.properties.get(i)
        {
            return self.at(p, slot);
        }
        match get(m, key.name) {
            Some(raw) if self.clean && !s.defaults_below_children => Some(Self::plain(raw)),
            Some(raw) => self.child(key.name, raw),
            // Only a declared property has a default (map entries are never defaulted).
            None => self.under(s.key_prop(key)?, None),
        }
    }

    /// The JSON of the field `key` as [`V::field_key`] reads it (present, defaulted, or `None`),
    /// without building its view: what a presence test or a read of a scalar needs. From the
    /// structural pass's table this is one slot read.
    #[inline]
    pub(crate) fn field_value(self, key: Key<'_>) -> Option<&'a Value> {
        if self.block != NO_BLOCK
            && let Some(s) = self.shape
            && let Some(i) = s.key_index(key)
            && let Some(slot) = self.slot(i)
        {
            // Only objects have blocks of properties (a list's block holds its items, and a
            // list's schema has no properties), so this is the field's slot.
            return slot.value;
        }
        self.field_key(key).map(Self::raw)
    }

    /// The `i`-th declared property of this object view's schema (see [`V::field`]), found by
    /// position: no search in the schema, and none in the object when the structural pass
    /// wrote its block.
    pub(crate) fn property(self, i: usize) -> Option<Self> {
        let m = self.value.as_object()?;
        let (key, p) = self.shape?.properties.get(i)?;
        match self.slot(i) {
            Some(slot) => self.at(p, slot),
            None => self.under(p, get(m, key)),
        }
    }

    /// The fields of an object view (submitted ones first, in map order, then defaulted ones
    /// the submitted object lacks); `None` when the value is not an object.
    pub(crate) fn entries(self) -> Option<Entries<'a>> {
        let map = self.value.as_object()?;
        Some(Entries {
            view: self,
            map,
            raw: map.iter(),
            next_default: 0,
        })
    }

    /// The items of a list view; `None` when the value is not a list.
    pub(crate) fn items(self) -> Option<Items<'a>> {
        let items = self.value.as_array()?;
        Some(Items {
            items,
            parent: self,
            shape: self.shape.and_then(|s| s.items.as_deref()),
        })
    }
}

/// `m.get(key)`. Objects are small and their keys short: a scan comparing bytes in line beats
/// the tree search, whose every comparison is a call to `memcmp`.
fn get<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if m.len() > 16 {
        return m.get(key);
    }
    m.iter().find(|(k, _)| eq_key(k, key)).map(|(_, v)| v)
}

/// The fields of an object view; see [`V::entries`].
pub(crate) struct Entries<'a> {
    view: V<'a>,
    map: &'a Map<String, Value>,
    raw: serde_json::map::Iter<'a>,
    next_default: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a str, V<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        for (k, raw) in self.raw.by_ref() {
            if let Some(v) = self.view.child(k, raw) {
                return Some((k.as_str(), v));
            }
        }
        let shape = self.view.shape?;
        while let Some(&i) = shape.defaulted.get(self.next_default) {
            self.next_default += 1;
            let (k, p) = &shape.properties[i];
            if !self.map.contains_key(k)
                && let Some(d) = &p.default
            {
                return Some((k, self.view.sub(d, p)));
            }
        }
        None
    }
}

/// The items of a list view; a non-nullable `null` item with a default reads as the default.
#[derive(Clone, Copy)]
pub(crate) struct Items<'a> {
    items: &'a [Value],
    parent: V<'a>,
    shape: Option<&'a Node>,
}

impl<'a> Items<'a> {
    /// The `i`-th item, submitted as `raw`: from the structural pass's slot when it wrote one.
    fn view_at(self, i: usize, raw: &'a Value) -> V<'a> {
        if let Some(s) = self.shape
            && let Some(slot) = self.parent.slot(i)
            && slot.block != NO_BLOCK
            && let Some(v) = self.parent.at(s, slot)
        {
            return v;
        }
        self.view(raw)
    }

    fn view(self, raw: &'a Value) -> V<'a> {
        match self.shape {
            // Unlike a field's, a `null` item without default is kept, not pruned.
            Some(s) => self
                .parent
                .under(s, Some(raw))
                .unwrap_or_else(|| self.parent.sub(raw, s)),
            None => V::plain(raw),
        }
    }

    /// How many items.
    pub(crate) fn len(self) -> usize {
        self.items.len()
    }

    /// The `i`-th item.
    pub(crate) fn get(self, i: usize) -> Option<V<'a>> {
        self.items.get(i).map(|x| self.view_at(i, x))
    }

    /// Every item, in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = V<'a>> + 'a {
        self.items
            .iter()
            .enumerate()
            .map(move |(i, x)| self.view_at(i, x))
    }
}

/// Equality of the JSON the views stand for (what the API server would store): same types,
/// same numbers as written (`80` and `80.0` differ, as in their JSON text), same fields.
pub(crate) fn json_eq(a: V<'_>, b: V<'_>) -> bool {
    match (a.value, b.value) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && match (a.items(), b.items()) {
                    (Some(x), Some(y)) => x.iter().zip(y.iter()).all(|(x, y)| json_eq(x, y)),
                    _ => false,
                }
        }
        (Value::Object(_), Value::Object(_)) => match (a.entries(), b.entries()) {
            (Some(x), Some(y)) => {
                x.count() == y.count()
                    && a.entries()
                        .into_iter()
                        .flatten()
                        .all(|(k, v)| b.field(k).is_some_and(|w| json_eq(v, w)))
            }
            _ => false,
        },
        // Two floats are the same JSON text exactly when their bits are equal (`-0.0` and `0.0`
        // differ); an integer and a float never are (`80` and `80.0`), as `==` on values says.
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits)
        }
        (x, y) => x == y,
    }
}

/// Appends the JSON text the view stands for, with object keys sorted (as Go's `json.Marshal`
/// writes maps), for hashing large lists by their items.
pub(crate) fn write_canonical(v: V<'_>, out: &mut String) {
    match v.value {
        Value::Array(_) => {
            out.push('[');
            for (i, x) in v.items().into_iter().flat_map(Items::iter).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        Value::Object(_) => {
            let mut entries: Vec<(&str, V<'_>)> = v.entries().into_iter().flatten().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(k).to_string());
                out.push(':');
                write_canonical(x, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The fields of an object (or entries of a map); anything else has no fields to select.
fn object(v: V<'_>) -> Eval<V<'_>> {
    if v.value.is_object() {
        Ok(v)
    } else {
        Err(EvalError::NoSuchOverload)
    }
}

/// What a field selection can be applied to: a view, or a list item whose fields a rule has read
/// in advance ([`Read`]).
pub(crate) trait Obj<'a>: Copy {
    /// The field `f` as CEL sees it: `Err(NoSuchOverload)` when the value is not an object,
    /// `Ok(None)` when the field is absent.
    fn field_eval(self, f: Key<'_>) -> Eval<Option<V<'a>>>;
}

impl<'a> Obj<'a> for V<'a> {
    fn field_eval(self, f: Key<'_>) -> Eval<Option<Self>> {
        Ok(object(self)?.field_key(f))
    }
}

/// `v.f`: the field's value, or `no such key` when it is absent.
///
/// A key holding JSON `null` counts as present when `null` is allowed there, as in the API
/// server's unstructured wrapper (non-nullable nulls are pruned, or defaulted, before CEL runs).
#[inline]
pub(crate) fn sel<'a>(v: impl Obj<'a>, f: &'static str) -> Eval<V<'a>> {
    v.field_eval(Key::new(f))?.ok_or(EvalError::NoSuchKey(f))
}

/// `(!has(v.f) || v.f == '')`: the string field is unset or empty (the rules' spelling of
/// "not given").
pub(crate) fn unset_str<'a>(v: impl Obj<'a>, f: &'static str) -> Eval<bool> {
    or(not(has(v, f)), || eq_str(sel(v, f), ""))
}

/// `has(v.f)`: whether the field is present.
#[inline]
pub(crate) fn has<'a>(v: impl Obj<'a>, f: &str) -> Eval<bool> {
    Ok(v.field_eval(Key::new(f))?.is_some())
}

/// A list item with the fields `keys` read once. Uniqueness rules compare every pair of items
/// and select the same few fields of each item again for every pair; reading them through the
/// schema once per item, not once per pair, keeps the cost of those rules linear in field
/// reads. Selecting a field not in `keys` reads it from the item.
#[derive(Clone, Copy)]
pub(crate) struct Read<'a, const K: usize> {
    item: V<'a>,
    keys: &'static [Key<'static>; K],
    /// `None` when the item is not an object (every selection is then `no such overload`).
    fields: Option<[Option<V<'a>>; K]>,
}

impl<'a, const K: usize> Obj<'a> for &Read<'a, K> {
    fn field_eval(self, f: Key<'_>) -> Eval<Option<V<'a>>> {
        let Some(fields) = self.fields else {
            return Err(EvalError::NoSuchOverload);
        };
        match self.keys.iter().position(|k| k.is(f)) {
            Some(i) => Ok(fields[i]),
            None => self.item.field_eval(f),
        }
    }
}

impl<'a, const K: usize> Read<'a, K> {
    /// The `i`-th read-ahead field as a hashable scalar: `Some(Absent)` when the item lacks it,
    /// `None` when the item is not an object or the value is not a string or an integer.
    pub(crate) fn scalar(&self, i: usize) -> Option<Scalar<'a>> {
        match self.fields.as_ref()?.get(i)? {
            None => Some(Scalar::Absent),
            Some(v) => match v.raw() {
                Value::String(s) => Some(Scalar::Str(s)),
                Value::Number(n) => n.as_i64().map(Scalar::Int),
                _ => None,
            },
        }
    }
}

/// A field value that CEL's `==` compares exactly as this type's `==` does: strings by bytes,
/// integers by value, and an absent field (for the rules that treat "unset on both" as equal).
/// Floats are left out: CEL compares `80 == 80.0` as equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Scalar<'a> {
    /// The field is not set.
    Absent,
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
}

/// Whether no two of `keys` are equal. The uniqueness rules (`self.all(x, self.exists_one(y,
/// same(x, y)))`) compare every pair of items; when every key is a [`Scalar`], nothing in
/// them can raise an evaluation error, and the rule holds exactly when no key repeats, which
/// hashing settles in linear time (a Gateway may have 64 listeners: 4,096 pairs).
pub(crate) fn distinct<T: Eq + std::hash::Hash>(keys: &[T]) -> bool {
    // Up to this many, comparing pairs costs less than building a set.
    const PAIRWISE: usize = 12;
    if keys.len() <= PAIRWISE {
        return keys
            .iter()
            .enumerate()
            .all(|(i, a)| keys[..i].iter().all(|b| a != b));
    }
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    keys.iter().all(|k| seen.insert(k))
}

/// The items of the list `v`, each with its fields `keys` read ([`Read`]); the error of a
/// comprehension over `v` when `v` is not a list.
pub(crate) fn read_items<'a, const K: usize>(
    v: V<'a>,
    keys: &'static [Key<'static>; K],
) -> Eval<Vec<Read<'a, K>>> {
    Ok(list(v)?
        .iter()
        .map(|item| Read {
            item,
            keys,
            fields: item
                .raw()
                .is_object()
                .then(|| keys.map(|k| item.field_key(k))),
        })
        .collect())
}

/// The string inside a CEL string value.
pub(crate) fn string(v: V<'_>) -> Eval<&str> {
    v.as_str().ok_or(EvalError::NoSuchOverload)
}

/// `v.f` where the field is a string.
pub(crate) fn sel_str<'a>(v: V<'a>, f: &'static str) -> Eval<&'a str> {
    string(sel(v, f)?)
}

/// The elements of a CEL list value.
pub(crate) fn list(v: V<'_>) -> Eval<Items<'_>> {
    v.items().ok_or(EvalError::NoSuchOverload)
}

/// `size(v)`: code points of a string, elements of a list, entries of a map.
pub(crate) fn size(v: V<'_>) -> Eval<i64> {
    let n = match v.value {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.len(),
        Value::Object(_) => v.entries().map_or(0, Iterator::count),
        _ => return Err(EvalError::NoSuchOverload),
    };
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `v[i]` on a list.
pub(crate) fn index(v: V<'_>, i: usize) -> Eval<V<'_>> {
    list(v)?.get(i).ok_or(EvalError::IndexOutOfRange(
        i64::try_from(i).unwrap_or(i64::MAX),
    ))
}

/// `a == b` with CEL's heterogeneous equality: values of different types are unequal, numbers
/// compare by value across int, uint and double, lists and maps compare element-wise.
pub(crate) fn eq(a: V<'_>, b: V<'_>) -> bool {
    match (a.value, b.value) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                // Mixed or fractional values: CEL compares int/uint/double numerically.
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && match (a.items(), b.items()) {
                    (Some(x), Some(y)) => x.iter().zip(y.iter()).all(|(x, y)| eq(x, y)),
                    _ => false,
                }
        }
        (Value::Object(_), Value::Object(_)) => {
            a.entries().map(Iterator::count) == b.entries().map(Iterator::count)
                && a.entries()
                    .into_iter()
                    .flatten()
                    .all(|(k, v)| b.field(k).is_some_and(|w| eq(v, w)))
        }
        (x, y) => x == y,
    }
}

/// `e == 'lit'` where `e` may fail to evaluate.
pub(crate) fn eq_str(v: Eval<V<'_>>, lit: &str) -> Eval<bool> {
    Ok(v?.as_str() == Some(lit))
}

/// `e1 == e2` where either side may fail to evaluate (the left error wins, as in cel-go).
pub(crate) fn eq_eval(a: Eval<V<'_>>, b: Eval<V<'_>>) -> Eval<bool> {
    let a = a?;
    Ok(eq(a, b?))
}

/// CEL `a && b`: `false` wins over an error on either side; otherwise an error wins over `true`.
pub(crate) fn and(a: Eval<bool>, b: impl FnOnce() -> Eval<bool>) -> Eval<bool> {
    if a == Ok(false) {
        return Ok(false);
    }
    match (a, b()) {
        (_, Ok(false)) => Ok(false),
        (Err(e), _) | (Ok(true), Err(e)) => Err(e),
        (Ok(true), Ok(true)) => Ok(true),
        (Ok(false), _) => Ok(false),
    }
}

/// CEL `a || b`: `true` wins over an error on either side; otherwise an error wins over `false`.
pub(crate) fn or(a: Eval<bool>, b: impl FnOnce() -> Eval<bool>) -> Eval<bool> {
    if a == Ok(true) {
        return Ok(true);
    }
    match (a, b()) {
        (_, Ok(true)) => Ok(true),
        (Err(e), _) | (Ok(false), Err(e)) => Err(e),
        (Ok(false), Ok(false)) => Ok(false),
        (Ok(true), _) => Ok(true),
    }
}

/// CEL `!a`.
pub(crate) fn not(a: Eval<bool>) -> Eval<bool> {
    a.map(|b| !b)
}

/// CEL `c ? t : f`: an error in the condition is the result; only the chosen branch runs.
pub(crate) fn cond<T>(
    c: Eval<bool>,
    t: impl FnOnce() -> Eval<T>,
    f: impl FnOnce() -> Eval<T>,
) -> Eval<T> {
    if c? { t() } else { f() }
}

/// The range of a list comprehension (map comprehensions use [`all_keys`]).
fn range(v: V<'_>) -> Eval<impl Iterator<Item = V<'_>>> {
    Ok(list(v)?.iter())
}

/// `v.all(x, p)`: `false` if any element gives `false`, else an error if any gives one.
pub(crate) fn all<'a>(v: V<'a>, p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<bool> {
    all_in(range(v)?, p)
}

/// [`all`] over items already at hand (such as [`read_items`]).
pub(crate) fn all_in<T>(
    items: impl IntoIterator<Item = T>,
    mut p: impl FnMut(T) -> Eval<bool>,
) -> Eval<bool> {
    let mut result = Ok(true);
    for x in items {
        result = and(result, || p(x));
        if result == Ok(false) {
            // cel-go stops the loop once the accumulator is strictly false.
            break;
        }
    }
    result
}

/// `m.all(k, p)` over the keys of a map.
pub(crate) fn all_keys(v: V<'_>, p: impl FnMut(&str) -> Eval<bool>) -> Eval<bool> {
    all_in(
        object(v)?.entries().into_iter().flatten().map(|(k, _)| k),
        p,
    )
}

/// `v.exists(x, p)`: `true` if any element gives `true`, else an error if any gives one.
pub(crate) fn exists<'a>(v: V<'a>, mut p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<bool> {
    let mut result = Ok(false);
    for x in range(v)? {
        result = or(result, || p(x));
        if result == Ok(true) {
            break;
        }
    }
    result
}

/// `v.exists_one(x, p)`: exactly one element gives `true`; any error is the result, since the
/// macro counts with `p ? acc + 1 : acc` and nothing absorbs an error there.
pub(crate) fn exists_one<'a>(v: V<'a>, p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<bool> {
    exists_one_in(range(v)?, p)
}

/// [`exists_one`] over items already at hand (such as [`read_items`]).
pub(crate) fn exists_one_in<T>(
    items: impl IntoIterator<Item = T>,
    mut p: impl FnMut(T) -> Eval<bool>,
) -> Eval<bool> {
    let mut n = 0usize;
    for x in items {
        if p(x)? {
            n += 1;
        }
    }
    Ok(n == 1)
}

/// `v.filter(x, p).size()`: errors propagate, as in `exists_one`.
pub(crate) fn filter_count<'a>(v: V<'a>, mut p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<i64> {
    let mut n = 0i64;
    for x in range(v)? {
        if p(x)? {
            n += 1;
        }
    }
    Ok(n)
}

/// `e in ['a', 'b']` for a string-valued `e` and a list of string literals.
pub(crate) fn in_strs(v: Eval<V<'_>>, set: &[&str]) -> Eval<bool> {
    let v = v?;
    Ok(set.iter().any(|s| v.as_str() == Some(*s)))
}

/// cel-go's `duration(string)`: Go's `time.ParseDuration`, an error when it fails (the
/// nanosecond count is the duration's value; comparisons compare it).
pub(crate) fn duration(v: V<'_>) -> Eval<i64> {
    super::goparse::parse_duration(string(v)?)
        .ok_or(EvalError::Conversion("google.protobuf.Duration"))
}

/// `s.substring(start)` from the Kubernetes strings library: offsets count code points, and a
/// start past the end is an error.
pub(crate) fn substring_from(s: &str, start: usize) -> Eval<&str> {
    if start == 0 {
        return Ok(s);
    }
    match s.char_indices().nth(start) {
        Some((at, _)) => s.get(at..).ok_or(EvalError::IndexOutOfRange(0)),
        None if s.chars().count() == start => Ok(""),
        None => Err(EvalError::IndexOutOfRange(
            i64::try_from(start).unwrap_or(i64::MAX),
        )),
    }
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
    use serde_json::json;

    fn e() -> Eval<bool> {
        Err(EvalError::NoSuchKey("x"))
    }

    #[test]
    fn read_items_select_as_the_items_do() {
        let value = json!([{"a": 1, "b": "x"}, {"b": null}, 7, {"c": true}]);
        let v = V::plain(&value);
        const AB: [Key<'static>; 2] = keys(["a", "b"]);
        const A: [Key<'static>; 1] = keys(["a"]);
        let items = read_items(v, &AB).unwrap();
        let direct: Vec<V<'_>> = list(v).unwrap().iter().collect();
        assert_eq!(items.len(), direct.len());
        // Every selection, read ahead ("a", "b") or not ("c", "d"), gives what the item gives.
        for (r, d) in items.iter().zip(&direct) {
            for f in ["a", "b", "c", "d"] {
                assert_eq!(has(r, f), has(*d, f), "has({f}) on {d:?}");
                let (x, y) = (sel(r, f), sel(*d, f));
                assert_eq!(x.as_ref().map(|v| v.raw()), y.as_ref().map(|v| v.raw()));
            }
        }
        assert_eq!(sel(&items[2], "a").err(), Some(EvalError::NoSuchOverload));
        assert_eq!(sel(&items[1], "a").err(), Some(EvalError::NoSuchKey("a")));
        // Not a list: the error a comprehension over it raises.
        let scalar = json!("s");
        assert_eq!(
            read_items(V::plain(&scalar), &A).err(),
            Some(EvalError::NoSuchOverload)
        );
    }

    #[test]
    fn logic_absorbs_errors_like_cel() {
        assert_eq!(and(e(), || Ok(false)), Ok(false));
        assert_eq!(and(Ok(false), e), Ok(false));
        assert!(and(Ok(true), e).is_err());
        assert!(and(e(), || Ok(true)).is_err());
        assert_eq!(or(e(), || Ok(true)), Ok(true));
        assert_eq!(or(Ok(true), e), Ok(true));
        assert!(or(Ok(false), e).is_err());
        assert!(not(e()).is_err());
    }

    #[test]
    fn comprehensions_absorb_errors_like_cel() {
        let v = json!([{"a": 1}, {}]);
        // all: an error is absorbed by a false anywhere, else it is the result.
        assert_eq!(
            all(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(2))),
            Ok(false)
        );
        assert!(all(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        // exists: an error is absorbed by a true anywhere.
        assert_eq!(
            exists(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))),
            Ok(true)
        );
        assert!(exists(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(2))).is_err());
        // exists_one and filter: any error is the result.
        assert!(exists_one(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        assert!(filter_count(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        assert_eq!(all(V::plain(&json!([])), |_| e()), Ok(true));
        assert_eq!(exists(V::plain(&json!([])), |_| e()), Ok(false));
    }

    #[test]
    fn sizes_count_code_points() {
        assert_eq!(size(V::plain(&json!("héllo"))), Ok(5));
        assert_eq!(size(V::plain(&json!([1, 2]))), Ok(2));
        assert_eq!(size(V::plain(&json!({"a": 1}))), Ok(1));
        assert!(size(V::plain(&json!(1))).is_err());
    }

    #[test]
    fn equality_is_heterogeneous() {
        assert!(eq(V::plain(&json!(80)), V::plain(&json!(80.0))));
        assert!(!eq(V::plain(&json!(80)), V::plain(&json!("80"))));
        assert!(eq(
            V::plain(&json!({"a": [1]})),
            V::plain(&json!({"a": [1.0]}))
        ));
        assert!(!eq(V::plain(&json!({"a": 1})), V::plain(&json!({"b": 1}))));
    }

    #[test]
    fn substring_counts_code_points() {
        assert_eq!(substring_from("*.ex", 2), Ok("ex"));
        assert_eq!(substring_from("ab", 2), Ok(""));
        assert_eq!(substring_from("ééx", 2), Ok("x"));
        assert!(substring_from("a", 2).is_err());
    }
}
