//! The YAML side of [`read_values`](super::read_values): each document is read by the subset
//! reader ([`subset`]) when it can, and by the full reader (granit-parser) when it cannot.
//!
//! The subset reader is several times faster, and almost every manifest is in its subset. A
//! document it gives up on is read by the full reader alone, as one section of the stream: from
//! its `---` line to the next one. What came before was read as whole documents, which leave
//! nothing behind for later ones (anchors belong to their document, and a section with a
//! directive is not read alone), so the full reader reads the section as it would have in the
//! whole stream; the alias budget is carried from section to section. If the section holds an
//! error, a directive (`%`) or a document end (`...`), the full reader reads the rest of the
//! stream instead, as it always did, so that errors and the recovery after them are its own;
//! only its positions move, to count the lines before where it started.

mod subset;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use serde_json::Value;

use super::{ReadError, ReadLimits, YamlReader, alias_budget, snippet};

/// A YAML stream's documents, read as fast as each allows.
pub(super) struct Reader<'a> {
    text: &'a str,
    limits: ReadLimits,
    /// Where the next document starts: 0, or the first byte of a `---` line.
    pos: usize,
    /// Nodes aliases may still add in the stream (they are only in the full reader's sections).
    alias_budget: usize,
    /// Documents of a section the full reader read, not yet returned.
    queued: VecDeque<Value>,
    /// The full reader of the rest of the stream, once it reads everything, and the number of
    /// lines before where it started.
    rest: Option<(YamlReader<'a>, usize)>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, limits: ReadLimits) -> Self {
        Self {
            text,
            limits,
            pos: 0,
            alias_budget: alias_budget(text, limits),
            queued: VecDeque::new(),
            rest: None,
        }
    }

    /// A reader that leaves everything to the full reader: what the subset reader must equal.
    #[cfg(test)]
    pub(super) fn full(text: &'a str, limits: ReadLimits) -> Self {
        let mut reader = Self::new(text, limits);
        reader.rest = Some((YamlReader::new(text, limits), 0));
        reader
    }

    /// The next document's value (`Null` for an empty one), or `None` at the end.
    pub(super) fn next_document(&mut self) -> Option<Result<Value, ReadError>> {
        loop {
            if let Some(value) = self.queued.pop_front() {
                return Some(Ok(value));
            }
            if let Some((reader, lines)) = &mut self.rest {
                let lines = *lines;
                return reader
                    .next_document()
                    .map(|r| r.map_err(|e| relocate(self.text, lines, e)));
            }
            if self.pos >= self.text.len() {
                return None;
            }
            match subset::document(self.text, self.pos, self.limits.max_depth) {
                Ok((value, end)) => {
                    self.pos = end;
                    return Some(Ok(value));
                }
                Err(subset::Unsupported) => self.full_section(),
            }
        }
    }

    /// Reads the section from `pos` to the next `---` line with the full reader, queueing its
    /// documents; or, when the section cannot be read apart from the rest (see the module
    /// documentation), hands the rest of the stream to the full reader.
    fn full_section(&mut self) {
        let end = next_document_line(self.text, self.pos);
        let section = &self.text[self.pos..end];
        if !has_stream_level_line(section) {
            let mut reader = YamlReader::new(section, self.limits);
            reader.alias_budget = self.alias_budget;
            let mut values = Vec::new();
            let mut failed = false;
            while let Some(document) = reader.next_document() {
                match document {
                    Ok(value) => values.push(value),
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            if !failed {
                self.alias_budget = reader.alias_budget;
                self.queued.extend(values);
                self.pos = end;
                return;
            }
        }
        let mut reader = YamlReader::new(&self.text[self.pos..], self.limits);
        reader.alias_budget = self.alias_budget;
        self.rest = Some((reader, line_breaks(&self.text[..self.pos])));
    }
}

/// The first byte of the first `---` line after the line at `pos`, or the end of the text.
fn next_document_line(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut i = pos;
    while let Some(n) = b[i..].iter().position(|&c| c == b'\n') {
        i += n + 1;
        if b[i..].starts_with(b"---")
            && matches!(b.get(i + 3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
        {
            return i;
        }
    }
    b.len()
}

/// Whether a section has a line starting with a directive (`%`) or a document end (`...`):
/// what follows those may depend on them, so the section is not read apart from the rest.
fn has_stream_level_line(section: &str) -> bool {
    let first = section.trim_start_matches('\u{feff}');
    first.starts_with('%')
        || first.starts_with("...")
        || section.contains("\n%")
        || section.contains("\n...")
}

/// The line breaks in `text` as the full reader counts them: CRLF, LF or a lone CR.
fn line_breaks(text: &str) -> usize {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

/// An error of the full reader that started `lines` lines into `text`, as it would have been
/// reported reading the whole text.
fn relocate(text: &str, lines: usize, mut e: ReadError) -> ReadError {
    if lines > 0
        && let Some((line, column)) = e.position
    {
        e.position = Some((line + lines, column));
        e.snippet = snippet(text, line + lines, column);
    }
    e
}
