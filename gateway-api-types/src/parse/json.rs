//! The fast path of [`parse`](super::parse) for JSON text: a document of a kind this crate types
//! is decoded straight from the text into its type, without the JSON value tree the slow path
//! builds first.
//!
//! The fast path only ever gives the answer the slow path would give. It takes a document only
//! when everything about it is ordinary: the text is read as the slow path's reader reads it, no
//! object has a key twice (checked by [`Checked`](super::checked::Checked), which also names the
//! unknown fields as the slow path does), the kind is one this crate types, and the typed
//! decoding succeeds, status included. The items of a `List` are taken one by one in the same
//! way, in one reading of the text, and an item of another kind is built into a JSON value and
//! decoded as the slow path decodes it. Anything else (an error of any sort, a status that does
//! not decode, a `List` with an item that is not an object) is handed to the slow path, whose
//! messages name fields and positions; errors are rare, so only valid documents need to be fast.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer as _, Error as _, IgnoredAny, MapAccess};
use serde_json::{Deserializer, Map, Value};

use super::checked::{Borrowed, Context};
use super::{Document, Object, ParseError, Source, decode_document, decode_known_checked};
use crate::read::{Strict, StrictVisitor, json_document, strict_object};

#[cfg(test)]
mod tests;

/// The documents of `text`, when it is JSON the fast path can read; `None` sends the whole text to
/// the slow path.
#[allow(clippy::result_large_err)]
pub(super) fn parse(file: &str, text: &str) -> Option<Vec<Result<Document, ParseError>>> {
    // The slow path's reader takes text starting with `{` (after this prefix) as JSON.
    let json = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !json.starts_with('{') {
        return None;
    }
    // Most texts hold one object: it is decoded at once, and the text is only split into its
    // values when there is something after it.
    let mut out = Vec::with_capacity(1);
    if push_typed(file, json, &mut out) || push_list(file, json, &mut out) {
        return Some(out);
    }
    // Where each value ends, as the slow path's reader finds it. Text it refuses is read as YAML
    // by the slow path, which then also gives every document's answer.
    let mut stream = Deserializer::from_str(json).into_iter::<IgnoredAny>();
    let mut ends = Vec::new();
    while let Some(value) = stream.next() {
        value.ok()?;
        ends.push(stream.byte_offset());
    }
    if ends.len() < 2 {
        // One value, which the fast path did not take.
        return None;
    }
    out.reserve(ends.len());
    let mut start = 0;
    for end in ends {
        // Values end on ASCII (`}`, `]`, a quote, a digit or a letter of a literal), so these are
        // character boundaries; `get` only keeps that from being a panic.
        let value = json.get(start..end)?;
        start = end;
        if push_typed(file, value, &mut out) || push_list(file, value, &mut out) {
            continue;
        }
        // This value through the slow path alone (a `List` gives one document per item). If the
        // reader refuses it, the whole text is YAML to the slow path, so nothing decided here
        // stands.
        for value in json_document(value)? {
            let source = Source {
                file: file.to_owned(),
                index: out.len(),
            };
            out.push(decode_document(source, value));
        }
    }
    Some(out)
}

/// Decodes a text holding one JSON object of a kind this crate types, and appends its document to
/// `out`; false (and `out` as it was) when the fast path does not take the text.
fn push_typed(file: &str, text: &str, out: &mut Vec<Result<Document, ParseError>>) -> bool {
    // The document is put in place first and the object decoded into it, so that the object is
    // not copied from place to place on its way there.
    out.push(Ok(Document {
        source: Source {
            file: file.to_owned(),
            index: out.len(),
        },
        object: Object::Other(Value::Null),
        unknown_fields: Vec::new(),
        ignored_status: None,
    }));
    if let Some(Ok(document)) = out.last_mut()
        && let Some(unknown) = typed(text, &mut document.object)
    {
        document.unknown_fields = listed(unknown);
        return true;
    }
    out.pop();
    false
}

/// Unknown fields as the slow path lists them: sorted, each once.
fn listed(mut unknown: Vec<String>) -> Vec<String> {
    unknown.sort();
    unknown.dedup();
    unknown
}

/// Decodes a text holding one JSON object of a kind this crate types into `out`, and gives its
/// unknown fields; `None` when the fast path does not take it.
fn typed(text: &str, out: &mut Object) -> Option<Vec<String>> {
    let mut cx = Context::new();
    let mut elsewhere = false;
    let mut de = Deserializer::from_str(text);
    let read = de.deserialize_map(Dispatch {
        cx: &mut cx,
        elsewhere: &mut elsewhere,
        out: &mut *out,
    });
    match read {
        Ok(()) => {}
        Err(_) if elsewhere => return typed_by_head(text, out),
        Err(_) => return None,
    }
    de.end().ok()?;
    cx.finish()
}

/// [`typed`] for an object whose `apiVersion` and `kind` are not its first keys: they are looked
/// for first, and the object is then read again into the type they name.
fn typed_by_head(text: &str, out: &mut Object) -> Option<Vec<String>> {
    let (api_version, kind) = head(text)?;
    let mut cx = Context::new();
    let mut de = Deserializer::from_str(text);
    decode_known_checked(api_version, kind, &mut de, &mut cx, out)?.ok()?;
    de.end().ok()?;
    cx.finish()
}

/// Reads an object whose first two keys are `apiVersion` and `kind` (as kubectl and serde_json
/// write them) straight into the type they name: the two entries are read, then replayed to the
/// type ahead of the rest of the object, so that the object is read once.
struct Dispatch<'c, 'de> {
    cx: &'c mut Context<'de>,
    /// Set when the first two keys are other keys: the object may still be of a typed kind.
    elsewhere: &'c mut bool,
    out: &'c mut Object,
}

impl<'de> de::Visitor<'de> for Dispatch<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut first = [("", ""); 2];
        for entry in &mut first {
            let Some(key) = map.next_key_seed(Borrowed)? else {
                return Err(A::Error::custom("fewer than two keys"));
            };
            if key != "apiVersion" && key != "kind" {
                *self.elsewhere = true;
                return Err(A::Error::custom("apiVersion and kind are not first"));
            }
            // A string, or an error (the slow path says what is wrong).
            *entry = (key, map.next_value_seed(Borrowed)?);
        }
        // (`kind` twice is no typed kind either: the slow path refuses it.)
        decode_replayed(first, &mut map, self.cx, self.out)
            .unwrap_or_else(|| Err(A::Error::custom("a kind this crate does not type")))
    }
}

/// The `apiVersion` and `kind` of an object whose first two entries are `first`, when these are
/// the two.
fn api_version_and_kind<'a>(first: [(&str, &'a str); 2]) -> Option<(&'a str, &'a str)> {
    match first {
        [("apiVersion", api_version), ("kind", kind)]
        | [("kind", kind), ("apiVersion", api_version)] => Some((api_version, kind)),
        _ => None,
    }
}

/// Decodes an object whose first two entries, already read, are `first`, and whose other entries
/// `rest` has still to give, into the type its `apiVersion` and `kind` name; `None` (with nothing
/// more read) when these are not its first two keys or name no type this crate has.
fn decode_replayed<'de, A: MapAccess<'de>>(
    first: [(&'de str, &'de str); 2],
    rest: &mut A,
    cx: &mut Context<'de>,
    out: &mut Object,
) -> Option<Result<(), A::Error>> {
    let (api_version, kind) = api_version_and_kind(first)?;
    let replay = Replay {
        first,
        next: 0,
        rest,
    };
    // Every type decoded here reads itself as a struct (a map), the only way this deserializer
    // answers in full.
    let de = de::value::MapAccessDeserializer::new(replay);
    decode_known_checked(api_version, kind, de, cx, out)
}

/// Decodes a text holding one `List` (an object whose `kind` ends in `List`, with an `items`
/// array), appending a document for each item to `out`; false (and `out` as it was) when the
/// fast path does not take it.
fn push_list(file: &str, text: &str, out: &mut Vec<Result<Document, ParseError>>) -> bool {
    let start = out.len();
    let mut de = Deserializer::from_str(text);
    let list = List {
        file,
        out: &mut *out,
    };
    let taken = matches!(de.deserialize_map(list), Ok(true)) && de.end().is_ok();
    if !taken {
        out.truncate(start);
    }
    taken
}

/// Reads a `List`'s entries, its items as documents; gives whether it is a `List` (the slow path
/// spreads only an object whose `kind` ends in `List` and whose `items` is an array).
struct List<'o> {
    file: &'o str,
    out: &'o mut Vec<Result<Document, ParseError>>,
}

impl<'de> de::Visitor<'de> for List<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a List")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        // A List has a handful of keys, which the slow path also refuses twice.
        let mut keys: Vec<String> = Vec::with_capacity(4);
        let (mut items, mut list) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            if keys.contains(&key) {
                return Err(A::Error::custom("duplicate key"));
            }
            if key == "items" {
                map.next_value_seed(Items {
                    file: self.file,
                    out: &mut *self.out,
                })?;
                items = true;
            } else {
                let Strict(value) = map.next_value()?;
                if key == "kind" {
                    list = value.as_str().is_some_and(|k| k.ends_with("List"));
                    if !list {
                        return Err(A::Error::custom("not a List"));
                    }
                }
            }
            keys.push(key);
        }
        Ok(items && list)
    }
}

/// A `List`'s `items`, each decoded into a document; anything but an array is refused.
struct Items<'o> {
    file: &'o str,
    out: &'o mut Vec<Result<Document, ParseError>>,
}

impl<'de> DeserializeSeed<'de> for Items<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de> de::Visitor<'de> for Items<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<S: de::SeqAccess<'de>>(mut self, mut seq: S) -> Result<(), S::Error> {
        while seq.next_element_seed(Item(&mut self))?.is_some() {}
        Ok(())
    }
}

/// One item of a `List`, decoded into a document where it is in the text: an object of a kind
/// this crate types (its `apiVersion` and `kind` first) straight into its type, any other object
/// through a JSON value, as the slow path decodes it. An item that is not an object is refused
/// (the slow path then says what it is).
struct Item<'i, 'o>(&'i mut Items<'o>);

impl<'de> DeserializeSeed<'de> for Item<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> de::Visitor<'de> for Item<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Items { file, out } = self.0;
        let source = Source {
            file: (*file).to_owned(),
            index: out.len(),
        };
        // The first two entries, where a typed object has its apiVersion and kind.
        let mut first = Vec::with_capacity(2);
        while first.len() < 2
            && let Some(key) = map.next_key_seed(Borrowed)?
        {
            first.push((key, map.next_value_seed(Entry)?));
        }
        if let [(key, Ok(value)), (other_key, Ok(other))] = first[..] {
            let mut object = Object::Other(Value::Null);
            let mut cx = Context::new();
            let pairs = [(key, value), (other_key, other)];
            if let Some(decoded) = decode_replayed(pairs, &mut map, &mut cx, &mut object) {
                decoded?;
                let unknown = cx
                    .finish()
                    .ok_or_else(|| A::Error::custom("an object left unfinished"))?;
                out.push(Ok(Document {
                    source,
                    object,
                    unknown_fields: listed(unknown),
                    ignored_status: None,
                }));
                return Ok(());
            }
        }
        // Any other object, as the slow path reads and decodes it.
        let mut entries = Map::new();
        for (key, value) in first {
            let value = value.map_or_else(|v| v, Value::from);
            if entries.insert(key.to_owned(), value).is_some() {
                return Err(A::Error::custom("duplicate key"));
            }
        }
        out.push(decode_document(source, strict_object(map, entries)?));
        Ok(())
    }
}

/// A value as the slice of the text it was read from when it is a string without escapes, and
/// otherwise as the [`Strict`] value the slow path builds.
struct Entry;

impl<'de> DeserializeSeed<'de> for Entry {
    type Value = Result<&'de str, Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for Entry {
    type Value = Result<&'de str, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        StrictVisitor.visit_str(v).map(Err)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        StrictVisitor.visit_bool(v).map(Err)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        StrictVisitor.visit_i64(v).map(Err)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        StrictVisitor.visit_u64(v).map(Err)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        StrictVisitor.visit_f64(v).map(Err)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        StrictVisitor.visit_unit().map(Err)
    }

    fn visit_seq<S: de::SeqAccess<'de>>(self, seq: S) -> Result<Self::Value, S::Error> {
        StrictVisitor.visit_seq(seq).map(Err)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        StrictVisitor.visit_map(map).map(Err)
    }
}

/// An object's entries with the first two already read: those two are given again, then the rest.
struct Replay<'de, A> {
    first: [(&'de str, &'de str); 2],
    /// How many of `first` were given (their values included).
    next: usize,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        match self.first.get(self.next) {
            Some(&(key, _)) => seed.deserialize(Text::new(key)).map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }

    #[inline]
    fn next_value_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        match self.first.get(self.next) {
            Some(&(_, value)) => {
                self.next += 1;
                seed.deserialize(Text::new(value))
            }
            None => self.rest.next_value_seed(seed),
        }
    }
}

/// A string read earlier, given again as JSON would give it: a string, or an `Option` that holds
/// one.
struct Text<'de, E> {
    text: &'de str,
    error: PhantomData<E>,
}

impl<'de, E> Text<'de, E> {
    fn new(text: &'de str) -> Self {
        Self {
            text,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> de::Deserializer<'de> for Text<'de, E> {
    type Error = E;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_borrowed_str(self.text)
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    // Anything else gets the string, and is refused by the visitor if it wants no string, as
    // serde_json refuses it.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The object's `apiVersion` and `kind`, when both are strings without escapes, to choose the
/// type before the object is decoded. Reading stops once both are found; the rest is read by the
/// typed decoding anyway (which also refuses a second `kind`).
fn head(text: &str) -> Option<(&str, &str)> {
    let mut head = Head::default();
    // Stopping early leaves the object unfinished, which the reader reports as an error; the
    // error says nothing about the document, so it is dropped.
    let _ = Deserializer::from_str(text).deserialize_map(HeadVisitor(&mut head));
    Some((head.api_version?, head.kind?))
}

#[derive(Default)]
struct Head<'de> {
    api_version: Option<&'de str>,
    kind: Option<&'de str>,
}

struct HeadVisitor<'h, 'de>(&'h mut Head<'de>);

impl<'de> de::Visitor<'de> for HeadVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let head = self.0;
        while let Some(key) = map.next_key_seed(Borrowed)? {
            let slot = match key {
                "apiVersion" => &mut head.api_version,
                "kind" => &mut head.kind,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if slot.is_some() {
                // A second one: the typed decoding refuses the document.
                return Ok(());
            }
            // A string, or an error (the slow path says what is wrong).
            *slot = Some(map.next_value_seed(Borrowed)?);
            if head.api_version.is_some() && head.kind.is_some() {
                return Ok(());
            }
        }
        Ok(())
    }
}
