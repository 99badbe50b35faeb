//! A reader for the part of YAML that Kubernetes manifests are written in.
//!
//! Manifests are block mappings and sequences of single-line scalars, sometimes with a short
//! flow collection (`[a, b]`, `{}`), a block scalar (`|`, `>`) and comments. This reader takes
//! one document of that shape straight from the text to JSON values, with no token or event
//! stream in between. It resolves plain scalars with the full reader's function ([`scalar`]),
//! so a value means the same on both paths.
//!
//! Anything else is [`Unsupported`], and the caller reads the document with the full reader:
//! anchors, aliases, tags, plain and quoted scalars over several lines, block scalars with keep
//! chomping or an indentation indicator, complex keys, tabs, directives, `...`, merge keys,
//! duplicate keys, keys too long to be simple keys, characters YAML treats specially, nesting
//! past the depth limit, and anything malformed. Errors therefore always come from the full
//! reader, with its positions and messages. Giving up is always allowed; reading a value the
//! full reader would read differently (or refuse) is not.

use granit_parser::ScalarStyle;
use serde_json::map::Entry;
use serde_json::{Map, Value};

use crate::read::{key_string, scalar};

/// Why a document was not read: it is outside the subset (or malformed), and the full reader
/// must read it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unsupported;

type Read<T> = Result<T, Unsupported>;

/// Nesting deeper than this is left to the full reader, whose stack is on the heap: this reader
/// recurses, and a caller may raise `max_depth` far beyond what a thread's stack holds.
const MAX_RECURSION: usize = 100;

/// The full reader's limit on how far a simple key may reach (granit-parser counts 1,024
/// characters from the key's start to its `:`). Keys longer than this in bytes are left to it,
/// which is conservative since a character is at least one byte.
const MAX_KEY_BYTES: usize = 1000;

/// Reads the document that starts at byte `start` of `text` (0, or the first byte of a `---`
/// line). Returns its value (`Null` when it has no content) and where the next document starts
/// (the first byte of the next `---` line, or the end of the text).
pub(super) fn document(text: &str, start: usize, max_depth: usize) -> Read<(Value, usize)> {
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        pos: start,
        line_start: start,
        col: 0,
        eol: start,
        next: start,
        end: None,
        max_depth: max_depth.min(MAX_RECURSION),
    };
    if start == 0 && text.starts_with('\u{feff}') {
        r.next = '\u{feff}'.len_utf8();
    }
    if r.is_marker(r.next, b"---") {
        // The marker line may hold a comment, nothing else (`--- !tag`, `--- |` and
        // `--- {a: 1}` are left to the full reader).
        let (eol, next) = r.scan_line(r.next + 3)?;
        let rest = &r.b[r.next + 3..eol];
        let content = rest.iter().position(|&c| c != b' ');
        if content.is_some_and(|i| rest[i] != b'#') {
            return Err(Unsupported);
        }
        r.next = next;
    }
    r.next_line()?;
    if let Some(end) = r.end {
        return Ok((Value::Null, end));
    }
    let value = r.block_node(0)?;
    // Content left over (a line less indented than the root node) is an error.
    match r.end {
        Some(end) => Ok((value, end)),
        None => Err(Unsupported),
    }
}

/// The position in a document, line by line.
struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    /// The next byte to read on the current line.
    pos: usize,
    /// The first byte of the current line.
    line_start: usize,
    /// The column (in bytes, which are characters here: only spaces and `- ` precede it) of
    /// `pos` when a node starts there.
    col: usize,
    /// Where the current line's content ends (its `\r\n` or `\n`, or the end of the text).
    eol: usize,
    /// The first byte of the line after the current one.
    next: usize,
    /// Set when the document has ended: where the next one starts.
    end: Option<usize>,
    max_depth: usize,
}

/// What a line's content starts with, once read: a mapping key (its `:` consumed), or a
/// whole value that ends the line.
enum Item {
    Key(String),
    Value(Value),
}

impl<'t> Reader<'t> {
    /// `text[from..to]`, or `Unsupported` (the full reader decides) where an index falls
    /// outside the text or inside a character: every index here comes from scanning bytes, and
    /// a slice must never panic on what the scan found.
    fn slice(&self, from: usize, to: usize) -> Read<&'t str> {
        self.text.get(from..to).ok_or(Unsupported)
    }

    /// Whether a line starting at `at` is the document marker `marker` (`---` or `...`), which
    /// must be followed by a space or the end of the line.
    fn is_marker(&self, at: usize, marker: &[u8]) -> bool {
        self.b[at..].starts_with(marker)
            && matches!(
                self.b.get(at + 3),
                None | Some(b' ' | b'\t' | b'\r' | b'\n')
            )
    }

    /// Finds the end of the line whose content starts at `i`, checking that every character is
    /// one this reader handles. Returns where the content ends and where the next line starts.
    fn scan_line(&self, mut i: usize) -> Read<(usize, usize)> {
        let b = self.b;
        while let Some(&c) = b.get(i) {
            if (0x20..0x7f).contains(&c) {
                i += 1;
                continue;
            }
            match c {
                b'\n' => return Ok((i, i + 1)),
                // A lone `\r` is a line break to the full reader and would shift its line
                // numbers from ours; CRLF is one break to both.
                b'\r' if b.get(i + 1) == Some(&b'\n') => return Ok((i, i + 2)),
                0x80.. => {
                    let ch = self
                        .slice(i, self.text.len())?
                        .chars()
                        .next()
                        .ok_or(Unsupported)?;
                    if !printable(ch) {
                        return Err(Unsupported);
                    }
                    i += ch.len_utf8();
                }
                // Tabs (indentation or separation, the full reader knows which), other
                // control characters and DEL.
                _ => return Err(Unsupported),
            }
        }
        Ok((b.len(), b.len()))
    }

    /// Moves to the next line that holds content, past blank and comment lines, or ends the
    /// document at a `---` line or the end of the text.
    fn next_line(&mut self) -> Read<()> {
        loop {
            let start = self.next;
            if start >= self.b.len() {
                self.end = Some(self.b.len());
                return Ok(());
            }
            if self.is_marker(start, b"---") {
                self.end = Some(start);
                return Ok(());
            }
            if self.is_marker(start, b"...") {
                return Err(Unsupported);
            }
            let mut i = start;
            while self.b.get(i) == Some(&b' ') {
                i += 1;
            }
            let (eol, next) = self.scan_line(i)?;
            self.next = next;
            if i == eol || self.b[i] == b'#' {
                continue;
            }
            self.pos = i;
            self.line_start = start;
            self.col = i - start;
            self.eol = eol;
            return Ok(());
        }
    }

    fn skip_spaces(&mut self) {
        while self.pos < self.eol && self.b[self.pos] == b' ' {
            self.pos += 1;
        }
    }

    /// Whether nothing but a comment is left on the line (spaces already skipped, and a `#`
    /// here always follows a space: `:` and `-` indicators need one after them).
    fn at_line_end(&self) -> bool {
        self.pos == self.eol || self.b[self.pos] == b'#'
    }

    /// Whether the line continues with a block sequence entry (`-` then a space or the end).
    fn at_entry(&self) -> bool {
        self.b.get(self.pos) == Some(&b'-')
            && (self.pos + 1 == self.eol || self.b[self.pos + 1] == b' ')
    }

    /// Checks the depth before a collection opens at `depth` (the number of collections
    /// around it), as the full reader does.
    fn enter(&self, depth: usize) -> Read<()> {
        if depth >= self.max_depth {
            Err(Unsupported)
        } else {
            Ok(())
        }
    }

    /// A block collection starting at the current position; its column is its indentation.
    fn block_node(&mut self, depth: usize) -> Read<Value> {
        let indent = self.col;
        if self.at_entry() {
            return self.sequence(indent, depth);
        }
        match self.item(depth)? {
            Item::Key(key) => self.mapping(indent, depth, key),
            // A scalar on a line of its own may continue on the next lines.
            Item::Value(_) => Err(Unsupported),
        }
    }

    /// A block mapping at column `indent` whose first key has been read.
    fn mapping(&mut self, indent: usize, depth: usize, first: String) -> Read<Value> {
        self.enter(depth)?;
        let mut map = Map::new();
        let mut key = first;
        loop {
            let value = self.after_indicator(indent, depth + 1, true)?;
            match map.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(value);
                }
                Entry::Occupied(_) => return Err(Unsupported),
            }
            if self.end.is_some() || self.col < indent {
                return Ok(Value::Object(map));
            }
            if self.col > indent {
                return Err(Unsupported);
            }
            key = match self.item(depth + 1)? {
                Item::Key(key) => key,
                Item::Value(_) => return Err(Unsupported),
            };
        }
    }

    /// A block sequence at column `indent`, the current position on its first `-`.
    fn sequence(&mut self, indent: usize, depth: usize) -> Read<Value> {
        self.enter(depth)?;
        let mut items = Vec::new();
        loop {
            self.pos += 1;
            items.push(self.after_indicator(indent, depth + 1, false)?);
            if self.end.is_some() || self.col < indent {
                break;
            }
            if self.col > indent {
                return Err(Unsupported);
            }
            // A line at the same column that is not an entry belongs to the parent: the next
            // key of a mapping whose value this sequence is (`key:\n- a\nnext: b`).
            if !self.at_entry() {
                break;
            }
        }
        Ok(Value::Array(items))
    }

    /// The node after a mapping's `:` or a sequence's `-` (owned by a collection at column
    /// `indent`): on the same line, on the lines below (more indented, or a sequence at the
    /// same column under a key), or nothing (null). Leaves the position on the next line that
    /// does not belong to the node.
    fn after_indicator(&mut self, indent: usize, depth: usize, in_mapping: bool) -> Read<Value> {
        self.skip_spaces();
        if self.at_line_end() {
            self.next_line()?;
            if self.end.is_some() {
                return Ok(Value::Null);
            }
            if self.col > indent {
                return self.block_node(depth);
            }
            if in_mapping && self.col == indent && self.at_entry() {
                return self.sequence(indent, depth);
            }
            return Ok(Value::Null);
        }
        self.col = self.pos - self.line_start;
        let value = if matches!(self.b[self.pos], b'|' | b'>') {
            // It reads its lines and moves to the next one itself.
            self.block_scalar(indent)?
        } else {
            let value = if in_mapping {
                // `key: - a` and `key: other: value` are errors.
                match self.item(depth)? {
                    Item::Value(v) => v,
                    Item::Key(_) => return Err(Unsupported),
                }
            } else if self.at_entry() {
                // `- - a`: a sequence starting on the entry's line.
                return self.sequence(self.col, depth);
            } else {
                match self.item(depth)? {
                    // `- key: value`: a mapping starting on the entry's line, at this column.
                    Item::Key(key) => return self.mapping(self.col, depth, key),
                    Item::Value(v) => v,
                }
            };
            self.next_line()?;
            value
        };
        // A more indented line would continue a plain scalar, or be an error.
        if self.end.is_none() && self.col > indent {
            return Err(Unsupported);
        }
        Ok(value)
    }

    /// A literal (`|`) or folded (`>`) block scalar, with clip or strip (`-`) chomping and its
    /// indentation found from its first line, as the value of a collection at column `indent`.
    /// Leaves the position on the next line that holds content (or ends the document).
    ///
    /// Keep chomping (`+`), indentation indicators, lines of only spaces longer than the
    /// indentation (content or an error, depending on where they are), an empty scalar and a
    /// last line without a line break are left to the full reader.
    fn block_scalar(&mut self, indent: usize) -> Read<Value> {
        let literal = self.b[self.pos] == b'|';
        self.pos += 1;
        let strip = self.b.get(self.pos) == Some(&b'-');
        if strip {
            self.pos += 1;
        }
        if self.pos < self.eol && self.b[self.pos] != b' ' {
            return Err(Unsupported);
        }
        self.end_of_value()?;
        if self.next >= self.b.len() {
            return Err(Unsupported);
        }
        let mut out = String::new();
        // The content's indentation, once the first content line sets it.
        let mut width: Option<usize> = None;
        // The longest line of spaces before the first content line.
        let mut leading_spaces = 0;
        // Empty lines since the last content line.
        let mut breaks = 0;
        // Whether the previous content line started with a space (folding keeps its break).
        let mut previous: Option<bool> = None;
        while self.next < self.b.len() {
            let start = self.next;
            let mut i = start;
            while self.b.get(i) == Some(&b' ') {
                i += 1;
            }
            let (eol, next) = self.scan_line(i)?;
            let spaces = i - start;
            if i == eol {
                match width {
                    None => leading_spaces = leading_spaces.max(spaces),
                    Some(w) if spaces > w => return Err(Unsupported),
                    Some(_) => {}
                }
                if next == eol {
                    // Spaces at the end of the text, with no line break.
                    return Err(Unsupported);
                }
                breaks += 1;
                self.next = next;
                continue;
            }
            let w = match width {
                Some(w) => w,
                None if spaces > indent && spaces >= leading_spaces => {
                    width = Some(spaces);
                    spaces
                }
                None => return Err(Unsupported),
            };
            if spaces < w {
                break;
            }
            let line = self.slice(start + w, eol)?;
            let blank = line.starts_with(' ');
            if let Some(previous_blank) = previous {
                // Folding joins two lines that do not start with a space: the line break
                // between them becomes a space, and empty lines between them stay breaks.
                // Literal scalars and more indented lines keep every break.
                let folds = !literal && !previous_blank && !blank;
                if !folds {
                    out.push('\n');
                } else if breaks == 0 {
                    out.push(' ');
                }
            }
            out.extend(std::iter::repeat_n('\n', breaks));
            breaks = 0;
            out.push_str(line);
            previous = Some(blank);
            if next == eol {
                return Err(Unsupported);
            }
            self.next = next;
        }
        if width.is_none() {
            return Err(Unsupported);
        }
        if !strip {
            out.push('\n');
        }
        // The position moves to the line that ended the scalar.
        self.next_line()?;
        Ok(Value::String(out))
    }

    /// Reads what the line holds at the current position: a key and its `:`, or a value that
    /// ends the line (a scalar or a flow collection, then at most a comment).
    fn item(&mut self, depth: usize) -> Read<Item> {
        let start = self.pos;
        match self.b[start] {
            b'[' | b'{' => {
                let value = self.flow(depth)?;
                self.end_of_value()?;
                Ok(Item::Value(value))
            }
            quote @ (b'"' | b'\'') => {
                let text = if quote == b'"' {
                    self.double_quoted()?
                } else {
                    self.single_quoted()?
                };
                let after = self.pos;
                self.skip_spaces();
                if self.b[self.pos..self.eol].starts_with(b":")
                    && (self.pos + 1 == self.eol || self.b[self.pos + 1] == b' ')
                {
                    let key = key(Value::String(text), self.pos - start)?;
                    self.pos += 1;
                    return Ok(Item::Key(key));
                }
                if self.pos == self.eol || (self.b[self.pos] == b'#' && self.pos > after) {
                    // What the full reader's `scalar` makes of any quoted scalar.
                    return Ok(Item::Value(Value::String(text)));
                }
                Err(Unsupported)
            }
            _ => {
                let (end, colon) = self.plain_block()?;
                let value = plain(self.slice(start, end)?)?;
                if colon {
                    let key = key(value, self.pos - start)?;
                    self.pos += 1;
                    Ok(Item::Key(key))
                } else {
                    Ok(Item::Value(value))
                }
            }
        }
    }

    /// After a value on a line: spaces, then the end of the line or a comment.
    fn end_of_value(&mut self) -> Read<()> {
        let after = self.pos;
        self.skip_spaces();
        if self.pos == self.eol || (self.b[self.pos] == b'#' && self.pos > after) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// Whether a plain scalar may start at the current position. Stricter than YAML: only the
    /// characters manifests start values with, so that no indicator is ever misread.
    fn plain_start(&self, flow: bool) -> bool {
        let b = self.b;
        let i = self.pos;
        match b[i] {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | 0x80.. => true,
            b'/' | b'.' | b'_' | b'$' | b'(' | b')' | b'+' | b'=' | b'^' | b';' | b'<' | b'~' => {
                true
            }
            // `-1`, `--flag`; `- ` is a sequence entry.
            b'-' => {
                i + 1 < self.eol
                    && b[i + 1] != b' '
                    && !(flow && matches!(b[i + 1], b',' | b'[' | b']' | b'{' | b'}'))
            }
            _ => false,
        }
    }

    /// A plain scalar in block context: it ends at the end of the line, at a comment (` #`),
    /// or at a key indicator (`:` then a space or the end of the line). Returns its end without
    /// trailing spaces, and whether a key indicator ended it (the position is then on the `:`).
    fn plain_block(&mut self) -> Read<(usize, bool)> {
        if !self.plain_start(false) {
            return Err(Unsupported);
        }
        let b = self.b;
        let start = self.pos;
        let mut i = start + 1;
        let (end, colon) = loop {
            if i >= self.eol {
                break (self.eol, false);
            }
            match b[i] {
                b':' if i + 1 == self.eol || b[i + 1] == b' ' => break (i, true),
                b'#' if b[i - 1] == b' ' => break (i, false),
                _ => i += 1,
            }
        };
        self.pos = i;
        Ok((trim_end(b, start, end), colon))
    }

    /// A plain scalar inside a flow collection: it ends at a flow indicator, or at `: ` (the
    /// position is then on the `:`, and the second result says so). Any other `:`, a comment
    /// or the end of the line is left to the full reader.
    fn plain_flow(&mut self) -> Read<(usize, usize, bool)> {
        if !self.plain_start(true) {
            return Err(Unsupported);
        }
        let b = self.b;
        let start = self.pos;
        let mut i = start + 1;
        let colon = loop {
            if i >= self.eol {
                return Err(Unsupported);
            }
            match b[i] {
                b',' | b'[' | b']' | b'{' | b'}' => break false,
                b':' if b.get(i + 1) == Some(&b' ') => break true,
                b':' => return Err(Unsupported),
                b'#' if b[i - 1] == b' ' => return Err(Unsupported),
                _ => i += 1,
            }
        };
        self.pos = i;
        Ok((start, trim_end(b, start, i), colon))
    }

    /// Skips spaces inside a flow collection, which must close on this line.
    fn flow_spaces(&mut self) -> Read<()> {
        self.skip_spaces();
        if self.pos < self.eol {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// A flow sequence or mapping that closes on the same line, the position on its `[` or
    /// `{`.
    fn flow(&mut self, depth: usize) -> Read<Value> {
        self.enter(depth)?;
        let open = self.b[self.pos];
        self.pos += 1;
        self.flow_spaces()?;
        if open == b'[' {
            let mut items = Vec::new();
            if self.b[self.pos] == b']' {
                self.pos += 1;
                return Ok(Value::Array(items));
            }
            loop {
                // An empty entry or a trailing comma fails here: `,` and `]` start no node.
                items.push(self.flow_node(depth + 1)?);
                self.flow_spaces()?;
                match self.b[self.pos] {
                    b',' => {
                        self.pos += 1;
                        self.flow_spaces()?;
                    }
                    b']' => {
                        self.pos += 1;
                        return Ok(Value::Array(items));
                    }
                    // `[a: b]` (a pair in a sequence) and anything else.
                    _ => return Err(Unsupported),
                }
            }
        }
        let mut map = Map::new();
        if self.b[self.pos] == b'}' {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            let key = self.flow_key()?;
            self.flow_spaces()?;
            let value = self.flow_node(depth + 1)?;
            match map.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(value);
                }
                Entry::Occupied(_) => return Err(Unsupported),
            }
            self.flow_spaces()?;
            match self.b[self.pos] {
                b',' => {
                    self.pos += 1;
                    self.flow_spaces()?;
                }
                b'}' => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(Unsupported),
            }
        }
    }

    /// A key in a flow mapping and its `: ` (a key without a value is left to the full reader).
    fn flow_key(&mut self) -> Read<String> {
        let start = self.pos;
        let value = match self.b[start] {
            b'"' => Value::String(self.double_quoted()?),
            b'\'' => Value::String(self.single_quoted()?),
            _ => {
                let (s, end, colon) = self.plain_flow()?;
                if !colon {
                    return Err(Unsupported);
                }
                plain(self.slice(s, end)?)?
            }
        };
        self.skip_spaces();
        if self.pos + 1 >= self.eol || self.b[self.pos] != b':' || self.b[self.pos + 1] != b' ' {
            return Err(Unsupported);
        }
        let key = key(value, self.pos - start)?;
        self.pos += 1;
        Ok(key)
    }

    /// A node inside a flow collection.
    fn flow_node(&mut self, depth: usize) -> Read<Value> {
        match self.b[self.pos] {
            b'[' | b'{' => self.flow(depth),
            b'"' => self.double_quoted().map(Value::String),
            b'\'' => self.single_quoted().map(Value::String),
            _ => {
                let (start, end, colon) = self.plain_flow()?;
                if colon {
                    return Err(Unsupported);
                }
                plain(self.slice(start, end)?)
            }
        }
    }

    /// A single-quoted scalar that closes on this line (`''` stands for a quote).
    fn single_quoted(&mut self) -> Read<String> {
        let b = self.b;
        let mut out = String::new();
        let mut from = self.pos + 1;
        let mut i = from;
        loop {
            if i >= self.eol {
                return Err(Unsupported);
            }
            if b[i] == b'\'' {
                out.push_str(self.slice(from, i)?);
                if i + 1 < self.eol && b[i + 1] == b'\'' {
                    out.push('\'');
                    i += 2;
                    from = i;
                    continue;
                }
                self.pos = i + 1;
                return Ok(out);
            }
            i += 1;
        }
    }

    /// A double-quoted scalar that closes on this line, its escapes decoded. Escapes the full
    /// reader refuses or treats specially (an unknown letter, a surrogate, a line continuation)
    /// are left to it.
    fn double_quoted(&mut self) -> Read<String> {
        let b = self.b;
        let mut out = String::new();
        let mut from = self.pos + 1;
        let mut i = from;
        loop {
            if i >= self.eol {
                return Err(Unsupported);
            }
            match b[i] {
                b'"' => {
                    out.push_str(self.slice(from, i)?);
                    self.pos = i + 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.slice(from, i)?);
                    if i + 1 >= self.eol {
                        return Err(Unsupported);
                    }
                    let escape = b[i + 1];
                    i += 2;
                    let c = match escape {
                        b'0' => '\0',
                        b'a' => '\x07',
                        b'b' => '\x08',
                        b't' => '\t',
                        b'n' => '\n',
                        b'v' => '\x0b',
                        b'f' => '\x0c',
                        b'r' => '\r',
                        b'e' => '\x1b',
                        b' ' => ' ',
                        b'"' => '"',
                        b'/' => '/',
                        b'\\' => '\\',
                        b'N' => '\u{85}',
                        b'_' => '\u{a0}',
                        b'L' => '\u{2028}',
                        b'P' => '\u{2029}',
                        b'x' | b'u' | b'U' => {
                            let len = match escape {
                                b'x' => 2,
                                b'u' => 4,
                                _ => 8,
                            };
                            if i + len > self.eol {
                                return Err(Unsupported);
                            }
                            let digits = self.slice(i, i + len)?;
                            if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
                                return Err(Unsupported);
                            }
                            i += len;
                            u32::from_str_radix(digits, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or(Unsupported)?
                        }
                        _ => return Err(Unsupported),
                    };
                    out.push(c);
                    from = i;
                }
                _ => i += 1,
            }
        }
    }
}

/// A plain scalar's value, by the full reader's resolution.
fn plain(text: &str) -> Read<Value> {
    scalar(text, ScalarStyle::Plain, None).map_err(|_| Unsupported)
}

/// A key's value as the JSON object key the full reader makes of it, `span` bytes from its
/// first character to its `:`. The merge key `<<` and keys too long to be simple keys are left
/// to the full reader.
fn key(value: Value, span: usize) -> Read<String> {
    if span > MAX_KEY_BYTES {
        return Err(Unsupported);
    }
    let key = key_string(value).map_err(|_| Unsupported)?;
    if key == "<<" {
        return Err(Unsupported);
    }
    Ok(key)
}

/// `end` moved back over spaces, not before `start`.
fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && b[end - 1] == b' ' {
        end -= 1;
    }
    end
}

/// Whether the full reader takes the non-ASCII `c` as ordinary content. YAML's printable
/// characters, less the byte order mark and the characters YAML 1.1 counted as line breaks
/// (NEL, LS, PS), which are rare enough to leave to the full reader.
fn printable(c: char) -> bool {
    matches!(c as u32, 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..)
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}
