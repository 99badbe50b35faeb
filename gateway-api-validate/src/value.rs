//! The value view: a submitted object read through its compiled schema, pruned and defaulted on
//! the fly, as the API server's CEL sees it. The structural pass writes a table of what it found
//! ([`Slot`]s); the CEL pass and the native rules read fields through views of it.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::BadValue;
use crate::key::Key;
use crate::schema::{Node, eq_key};

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

/// Whether two optional field values are the same (both absent counts as the same).
pub(crate) fn same(a: Option<V<'_>>, b: Option<V<'_>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => json_eq(a, b),
        _ => false,
    }
}

/// The JSON a view stands for, pruned and defaulted (for error values only).
pub(crate) fn materialize(v: V<'_>) -> Value {
    match v.raw() {
        Value::Array(_) => Value::Array(
            v.items()
                .into_iter()
                .flat_map(|i| i.iter())
                .map(materialize)
                .collect(),
        ),
        Value::Object(_) => Value::Object(
            v.entries()
                .into_iter()
                .flatten()
                .map(|(k, x)| (k.to_owned(), materialize(x)))
                .collect(),
        ),
        scalar => scalar.clone(),
    }
}

/// The value an error shows: what the API server validated, that is pruned and defaulted (an
/// object under a schema that declares none of its fields shows as `{}`).
pub(crate) fn bad_value(v: V<'_>) -> BadValue {
    match v.raw() {
        Value::Object(_) | Value::Array(_) => BadValue::Json(materialize(v)),
        raw => BadValue::of(raw),
    }
}
