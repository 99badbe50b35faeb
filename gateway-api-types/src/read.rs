//! Reading a YAML or JSON stream into untyped JSON values, as kubectl reads manifests.
//!
//! kubectl turns YAML into JSON with go-yaml v2 (through `sigs.k8s.io/yaml`) before anything else
//! sees it, so plain scalars resolve by YAML 1.1: `010` is the integer 8, `0x10` is 16, `yes`
//! and `on` are `true`, `1_000` is 1000, and a timestamp stays a string. [`read_values`] does the
//! same, so every consumer of this crate reads a manifest with one meaning. JSON input is decoded
//! by `serde_json` directly (it is much faster than the YAML reader); JSON that it refuses goes
//! through the YAML reader, whose messages name the line and column.
//!
//! What is bounded is what an attacker can inflate, not what is merely big: nesting depth and the
//! nodes that aliases add beyond what the text itself holds ([`ReadLimits`]). The number of
//! documents, nodes and bytes is not limited; memory grows with the input.

use std::collections::{HashMap, VecDeque};
use std::fmt;

// YAML documents of the shape manifests have are read by `fast`'s own reader; `YamlReader`
// below reads the rest, and every error.
mod fast;

use granit_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use serde_json::{Map, Number, Value};

/// The limits of [`read_values_with`]: what hostile input could inflate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadLimits {
    /// How deeply mappings and sequences may nest (default 128, as `serde_json` allows).
    pub max_depth: usize,
    /// How many nodes aliases (`*name`) may add, per byte of input (default 1). A few aliases
    /// are normal YAML; a file whose aliases expand to far more data than it holds is a
    /// "billion laughs" attack. At least 100,000 nodes are always allowed.
    pub alias_nodes_per_byte: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_depth: 128,
            alias_nodes_per_byte: 1,
        }
    }
}

impl ReadLimits {
    /// The default limits with another nesting depth.
    pub fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The default limits with another alias expansion allowance (nodes per byte of input).
    pub fn with_alias_nodes_per_byte(mut self, n: usize) -> Self {
        self.alias_nodes_per_byte = n;
        self
    }
}

/// Which of the [`ReadLimits`] a document exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`ReadLimits::max_depth`].
    Depth,
    /// [`ReadLimits::alias_nodes_per_byte`].
    AliasExpansion,
}

/// A document of a stream that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// The document's index in the stream, counted as [`read_values`] counts (empty documents
    /// skipped, a `List`'s items one each).
    pub index: usize,
    /// The line (1-based) and column (1-based, in characters) of the problem, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in words that do not depend on the parser.
    pub message: String,
    /// The source line with a caret under the column, when the position is known.
    pub snippet: Option<String>,
    /// The limit that was exceeded, if that is the problem.
    pub limit: Option<Limit>,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "line {line} column {column}: {}", self.message)?,
            None => f.write_str(&self.message)?,
        }
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// Reads every document of a YAML or JSON stream with the default [`ReadLimits`].
///
/// Yields one item per document, in order: empty documents are skipped and the items of a
/// `List` (any kind ending in `List` with an `items` array) are yielded one by one. A document
/// that cannot be read yields an error naming its index, and reading goes on with the next
/// document (`---`).
///
/// ```
/// use gateway_api_types::read_values;
///
/// let text = "a: 010\nb: 0x10\nc: yes\n---\nbroken: [\n---\nd: '010'\n";
/// let docs: Vec<_> = read_values(text).collect();
/// let first = docs[0].as_ref().unwrap();
/// assert_eq!(first["a"], 8); // YAML 1.1, as kubectl reads it
/// assert_eq!(first["b"], 16);
/// assert_eq!(first["c"], true);
/// assert_eq!(docs[1].as_ref().unwrap_err().index, 1);
/// assert_eq!(docs[2].as_ref().unwrap()["d"], "010");
/// ```
pub fn read_values(text: &str) -> Values<'_> {
    read_values_with(text, ReadLimits::default())
}

/// [`read_values`] with other limits.
pub fn read_values_with(text: &str, limits: ReadLimits) -> Values<'_> {
    let json = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let mut pending = VecDeque::new();
    let mut index = 0;
    if json.starts_with('{') && json_stream(json, &mut pending, &mut index) {
        return Values {
            pending,
            index,
            yaml: None,
        };
    }
    Values {
        pending: VecDeque::new(),
        index: 0,
        yaml: Some(fast::Reader::new(text, limits)),
    }
}

/// The documents of a stream; see [`read_values`].
pub struct Values<'a> {
    pending: VecDeque<Result<Value, ReadError>>,
    index: usize,
    yaml: Option<fast::Reader<'a>>,
}

impl fmt::Debug for Values<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Values")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl Iterator for Values<'_> {
    type Item = Result<Value, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            let yaml = self.yaml.as_mut()?;
            match yaml.next_document() {
                None => {
                    self.yaml = None;
                    return None;
                }
                Some(Ok(Value::Null)) => {}
                Some(Ok(value)) => spread(value, &mut self.pending, &mut self.index),
                Some(Err(mut e)) => {
                    e.index = self.index;
                    self.index += 1;
                    self.pending.push_back(Err(e));
                }
            }
        }
    }
}

/// Queues a document, or the items of a `List`, numbering them.
fn spread(value: Value, out: &mut VecDeque<Result<Value, ReadError>>, index: &mut usize) {
    let is_list = value
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && value.get("items").is_some_and(Value::is_array);
    let items = match value {
        Value::Object(mut map) if is_list => match map.remove("items") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        other => vec![other],
    };
    for item in items {
        out.push_back(Ok(item));
        *index += 1;
    }
}

/// Decodes a stream of JSON objects. Returns false (and leaves nothing decided) when
/// `serde_json` refuses it, so the YAML reader can say why in its own words.
fn json_stream(
    text: &str,
    out: &mut VecDeque<Result<Value, ReadError>>,
    index: &mut usize,
) -> bool {
    let mut values = Vec::new();
    for v in serde_json::Deserializer::from_str(text).into_iter::<Strict>() {
        match v {
            Ok(Strict(v)) => values.push(v),
            Err(_) => return false,
        }
    }
    for v in values {
        if !v.is_null() {
            spread(v, out, index);
        }
    }
    true
}

/// One value of a JSON stream, read as [`read_values`] reads each value of one: strictly, a
/// `List` spread into its items, `null` dropped. `None` when the reader refuses it (and so reads
/// the whole stream as YAML).
pub(crate) fn json_document(text: &str) -> Option<Vec<Value>> {
    let Strict(value) = serde_json::from_str(text).ok()?;
    let mut out = VecDeque::new();
    if !value.is_null() {
        spread(value, &mut out, &mut 0);
    }
    // `spread` queues values only.
    Some(out.into_iter().filter_map(Result::ok).collect())
}

/// A JSON value whose objects have no duplicate keys (the API server refuses them).
pub(crate) struct Strict(pub(crate) Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

/// Builds a [`Strict`] value.
pub(crate) struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        strict_object(map, Map::new())
    }
}

/// The object whose first entries are `out` (already read) and whose other entries `map` has
/// still to give, refusing duplicate keys as [`Strict`] does.
pub(crate) fn strict_object<'de, A: serde::de::MapAccess<'de>>(
    mut map: A,
    mut out: Map<String, Value>,
) -> Result<Value, A::Error> {
    while let Some(key) = map.next_key::<String>()? {
        let Strict(v) = map.next_value()?;
        if out.insert(key, v).is_some() {
            return Err(serde::de::Error::custom("duplicate key"));
        }
    }
    Ok(Value::Object(out))
}

/// The YAML side: granit-parser's events built into JSON values.
struct YamlReader<'a> {
    text: &'a str,
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    limits: ReadLimits,
    /// Nodes aliases may still add in this stream.
    alias_budget: usize,
    done: bool,
}

/// The nodes aliases may add in a stream: [`ReadLimits::alias_nodes_per_byte`], and at least
/// 100,000.
fn alias_budget(text: &str, limits: ReadLimits) -> usize {
    limits
        .alias_nodes_per_byte
        .saturating_mul(text.len())
        .max(100_000)
}

/// A collection being built.
enum Frame {
    Seq(Vec<Value>, usize, usize),
    Map(MapFrame),
}

struct MapFrame {
    map: Map<String, Value>,
    anchor: usize,
    nodes: usize,
    /// The key read, waiting for its value (and where it was, for a duplicate).
    key: Option<(String, Span)>,
    /// Whether the pending key is the merge key `<<`.
    merging: bool,
    /// Mappings to merge (`<<: *base`), applied at the end so explicit keys win.
    merges: Vec<Value>,
}

impl<'a> YamlReader<'a> {
    fn new(text: &'a str, limits: ReadLimits) -> Self {
        let mut options = granit_parser::Options::default();
        // The reader checks depth itself, with a message that names the limit; the parser's own
        // guard stays just above it.
        options.flow_nesting_limit = limits.max_depth.saturating_add(2);
        options.block_nesting_limit = limits.max_depth.saturating_add(2);
        options.emit_comments = false;
        Self {
            text,
            parser: Parser::new_from_str_with_options(text, options),
            limits,
            alias_budget: alias_budget(text, limits),
            done: false,
        }
    }

    /// The next document's value (`Null` for an empty one), or `None` at the end.
    fn next_document(&mut self) -> Option<Result<Value, ReadError>> {
        if self.done {
            return None;
        }
        match self.document() {
            Ok(Some(v)) => Some(Ok(v)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // Resume at the next `---`: one broken document does not hide the others.
                match self.parser.proceed_next_document() {
                    Ok(true) => {}
                    _ => self.done = true,
                }
                Some(Err(e))
            }
        }
    }

    fn error(&self, span: Option<&Span>, message: String, limit: Option<Limit>) -> ReadError {
        let position = span.map(|s| (s.start.line(), s.start.col() + 1));
        ReadError {
            index: 0,
            position,
            snippet: position.and_then(|(line, col)| snippet(self.text, line, col)),
            message,
            limit,
        }
    }

    fn scan_error(&self, e: &ScanError) -> ReadError {
        let mark = e.marker();
        let span = Span::new(*mark, *mark);
        self.error(Some(&span), format!("not valid YAML: {}", e.info()), None)
    }

    /// Reads events up to the end of one document.
    fn document(&mut self) -> Result<Option<Value>, ReadError> {
        let mut anchors: HashMap<usize, (Value, usize)> = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut root: Option<Value> = None;
        loop {
            let (event, span) = match self.parser.next_event() {
                None => return Ok(None),
                Some(Err(e)) => return Err(self.scan_error(&e)),
                Some(Ok(ev)) => ev,
            };
            // A finished node: its value, its node count, and its anchor.
            let (value, nodes, anchor) = match event {
                Event::StreamStart | Event::DocumentStart(..) => continue,
                Event::StreamEnd => return Ok(None),
                Event::DocumentEnd => return Ok(Some(root.take().unwrap_or(Value::Null))),
                Event::Alias(id) => {
                    let Some((v, n)) = anchors.get(&id) else {
                        return Err(self.error(Some(&span), "unknown alias".into(), None));
                    };
                    if *n > self.alias_budget {
                        return Err(self.error(
                            Some(&span),
                            format!(
                                "aliases expand to more than {} nodes per byte of input",
                                self.limits.alias_nodes_per_byte
                            ),
                            Some(Limit::AliasExpansion),
                        ));
                    }
                    self.alias_budget -= n;
                    (v.clone(), *n, 0)
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let tag = tag.as_deref().map(|t| (t.handle(), t.suffix()));
                    let v =
                        scalar(&text, style, tag).map_err(|m| self.error(Some(&span), m, None))?;
                    (v, 1, anchor)
                }
                Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                    if stack.len() >= self.limits.max_depth {
                        return Err(self.error(
                            Some(&span),
                            format!("nested deeper than {} levels", self.limits.max_depth),
                            Some(Limit::Depth),
                        ));
                    }
                    stack.push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq(Vec::new(), anchor, 1)
                    } else {
                        Frame::Map(MapFrame {
                            map: Map::new(),
                            anchor,
                            nodes: 1,
                            key: None,
                            merging: false,
                            merges: Vec::new(),
                        })
                    });
                    continue;
                }
                Event::SequenceEnd => match stack.pop() {
                    Some(Frame::Seq(items, anchor, nodes)) => (Value::Array(items), nodes, anchor),
                    _ => return Err(self.error(Some(&span), "unbalanced sequence".into(), None)),
                },
                Event::MappingEnd => match stack.pop() {
                    Some(Frame::Map(frame)) => {
                        let (anchor, nodes) = (frame.anchor, frame.nodes);
                        let map = merge(frame).map_err(|m| self.error(Some(&span), m, None))?;
                        (Value::Object(map), nodes, anchor)
                    }
                    _ => return Err(self.error(Some(&span), "unbalanced mapping".into(), None)),
                },
                // Anchor names and comments (when another user of the parser turns them on)
                // carry no data.
                _ => continue,
            };
            if anchor != 0 {
                anchors.insert(anchor, (value.clone(), nodes));
            }
            match stack.last_mut() {
                None => root = Some(value),
                Some(Frame::Seq(items, _, count)) => {
                    *count += nodes;
                    items.push(value);
                }
                Some(Frame::Map(frame)) => {
                    frame.nodes += nodes;
                    match frame.key.take() {
                        None => {
                            frame.merging = value.as_str() == Some("<<");
                            frame.key = Some((
                                key_string(value).map_err(|m| self.error(Some(&span), m, None))?,
                                span,
                            ));
                        }
                        Some((key, key_span)) => {
                            if std::mem::take(&mut frame.merging) {
                                frame.merges.push(value);
                            } else if frame.map.contains_key(&key) {
                                return Err(self.error(
                                    Some(&key_span),
                                    format!("not valid YAML: duplicate key {key:?} (keys of a mapping must be unique)"),
                                    None,
                                ));
                            } else {
                                frame.map.insert(key, value);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Applies a mapping's merge keys: merged keys never replace explicit ones, and of several
/// merged mappings the first that has a key wins (YAML's merge key type).
fn merge(frame: MapFrame) -> Result<Map<String, Value>, String> {
    let mut map = frame.map;
    for source in frame.merges {
        let sources = match source {
            Value::Array(items) => items,
            other => vec![other],
        };
        for source in sources {
            let Value::Object(source) = source else {
                return Err("a merge key (<<) takes a mapping or a list of mappings".into());
            };
            for (k, v) in source {
                map.entry(k).or_insert(v);
            }
        }
    }
    Ok(map)
}

/// A mapping key as a JSON object key, as `sigs.k8s.io/yaml` converts them.
fn key_string(key: Value) -> Result<String, String> {
    match key {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok("null".into()),
        Value::Array(_) | Value::Object(_) => {
            Err("a mapping key must be a scalar, not a list or a mapping".into())
        }
    }
}

/// The source line with a caret under `col` (1-based, in characters).
fn snippet(text: &str, line: usize, col: usize) -> Option<String> {
    let src = text.lines().nth(line.checked_sub(1)?)?;
    // Long lines are cut around the column so the message stays readable.
    const WIDTH: usize = 100;
    let chars: Vec<char> = src.chars().collect();
    let start = col.saturating_sub(1).saturating_sub(WIDTH / 2);
    let end = (start + WIDTH).min(chars.len());
    let shown: String = chars.get(start..end).unwrap_or_default().iter().collect();
    let prefix = if start > 0 { "…" } else { "" };
    let caret = col.saturating_sub(1) - start + prefix.chars().count();
    let gutter = line.to_string();
    Some(format!(
        "{gutter} | {prefix}{shown}\n{} | {}^",
        " ".repeat(gutter.len()),
        " ".repeat(caret)
    ))
}

/// Resolves a scalar as go-yaml v2 does (YAML 1.1), then as `sigs.k8s.io/yaml` writes it to
/// JSON.
fn scalar(text: &str, style: ScalarStyle, tag: Option<(&str, &str)>) -> Result<Value, String> {
    let core = tag.and_then(|(handle, suffix)| (handle == "tag:yaml.org,2002:").then_some(suffix));
    match core {
        Some("str" | "binary") => return Ok(Value::String(text.to_owned())),
        Some("null") => return Ok(Value::Null),
        Some("bool" | "int" | "float") => {}
        _ if style != ScalarStyle::Plain => return Ok(Value::String(text.to_owned())),
        _ => {}
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF"
        | "-.inf" | "-.Inf" | "-.INF" => {
            return Err(format!("{text} is not a number JSON can hold"));
        }
        _ => number(text).unwrap_or_else(|| Value::String(text.to_owned())),
    })
}

/// A plain scalar as a number, as go-yaml v2 reads one: Go's `ParseInt(s, 0, 64)` after removing
/// underscores (so `0x` hex, `0o` and leading-`0` octal, `0b` binary), then unsigned, then a
/// float of YAML's form. Floats with an integral value become integers, as they do when
/// `sigs.k8s.io/yaml` prints them as JSON.
fn number(text: &str) -> Option<Value> {
    let first = *text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match plain.as_bytes().first()? {
        b'-' => (true, &plain[1..]),
        b'+' => (false, &plain[1..]),
        _ => (false, &plain[..]),
    };
    let (radix, body) = if let Some(rest) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, rest)
    } else if let Some(rest) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, rest)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    let valid_digits = !body.is_empty() && body.chars().all(|c| c.is_digit(radix));
    if valid_digits && let Ok(magnitude) = u64::from_str_radix(body, radix) {
        if !negative {
            return Some(magnitude.into());
        }
        if let Ok(v) = i64::try_from(magnitude) {
            return Some((-v).into());
        }
        if magnitude == 1 << 63 {
            return Some(i64::MIN.into());
        }
    }
    if is_yaml_float(&plain) {
        let f: f64 = plain.parse().ok()?;
        if !f.is_finite() {
            return None;
        }
        // Go prints an integral float64 below 1e21 without a fraction or exponent.
        if f.fract() == 0.0 && f.abs() < 1e21 {
            if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
                return Some((f as u64).into());
            }
            if (-9_223_372_036_854_775_808.0..0.0).contains(&f) {
                return Some((f as i64).into());
            }
        }
        return Number::from_f64(f).map(Value::Number);
    }
    None
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, go-yaml v2's float form.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Value {
        read_values(text).next().unwrap().unwrap()
    }

    #[test]
    fn plain_scalars_resolve_as_go_yaml_v2() {
        let v = one(
            "a: 010\nb: 0x10\nc: 0o10\nd: 0b101\ne: 1_000\nf: 08\ng: 1.5\nh: 1e3\ni: -010\n\
             j: yes\nk: Off\nl: ~\nm: 2001-12-14\nnn: '010'\no: !!str 12\np: .5\nq: 0\nr: -0\n\
             s: 18446744073709551615\nt: 1.0.0\nu: +12\nv: 0x\n",
        );
        assert_eq!(v["a"], 8);
        assert_eq!(v["b"], 16);
        assert_eq!(v["c"], 8);
        assert_eq!(v["d"], 5);
        assert_eq!(v["e"], 1000);
        assert_eq!(v["f"], 8); // not octal, so a float 8, printed as JSON 8
        assert_eq!(v["g"], 1.5);
        assert_eq!(v["h"], 1000);
        assert_eq!(v["i"], -8);
        assert_eq!(v["j"], true);
        assert_eq!(v["k"], false);
        assert_eq!(v["l"], Value::Null);
        assert_eq!(v["m"], "2001-12-14");
        assert_eq!(v["nn"], "010");
        // `n` and `y` are booleans in YAML 1.1 (go-yaml v2), as keys too.
        assert_eq!(
            one("n: 1\ny: 2\n"),
            serde_json::json!({"false": 1, "true": 2})
        );
        assert_eq!(v["o"], "12");
        assert_eq!(v["p"], 0.5);
        assert_eq!(v["q"], 0);
        assert_eq!(v["r"], 0);
        assert_eq!(v["s"], u64::MAX);
        assert_eq!(v["t"], "1.0.0");
        assert_eq!(v["u"], 12);
        assert_eq!(v["v"], "0x");
    }

    #[test]
    fn merge_keys_keep_explicit_keys() {
        let v = one("base: &b {x: 1, z: 2}\nobj:\n  <<: *b\n  z: 3\n");
        assert_eq!(v["obj"], serde_json::json!({"x": 1, "z": 3}));
    }

    #[test]
    fn scalar_keys_become_strings() {
        let v = one("1: a\ntrue: b\n");
        assert_eq!(v["1"], "a");
        assert_eq!(v["true"], "b");
    }
}
