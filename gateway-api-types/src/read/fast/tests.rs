//! The fast path must read every stream exactly as the full reader alone does: the same values,
//! and the same errors (index, position, message, snippet) for the same documents.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};

use super::subset::{self, Unsupported};
use super::{Reader, next_document_line};
use crate::read::{ReadError, ReadLimits, Values};

type Documents = Vec<Result<Value, ReadError>>;

fn read_with(text: &str, limits: ReadLimits, full: bool) -> Documents {
    let reader = if full {
        Reader::full(text, limits)
    } else {
        Reader::new(text, limits)
    };
    Values {
        pending: VecDeque::new(),
        index: 0,
        yaml: Some(reader),
    }
    .collect()
}

/// Reads `text` both ways, asserts they agree, and returns the documents.
#[track_caller]
fn same(text: &str) -> Documents {
    same_with(text, ReadLimits::default())
}

#[track_caller]
fn same_with(text: &str, limits: ReadLimits) -> Documents {
    let fast = read_with(text, limits, false);
    let full = read_with(text, limits, true);
    assert_eq!(fast, full, "the fast path differs on {text:?}");
    fast
}

/// How many documents of `text` the subset reader reads, and how many it leaves to the full
/// reader.
fn coverage(text: &str) -> (usize, usize) {
    let (mut read, mut left) = (0, 0);
    let mut pos = 0;
    while pos < text.len() {
        match subset::document(text, pos, 128) {
            Ok((_, end)) => {
                read += 1;
                pos = end;
            }
            Err(Unsupported) => {
                left += 1;
                pos = next_document_line(text, pos);
            }
        }
    }
    (read, left)
}

/// Asserts that both paths agree and that the subset reader read every document itself, so
/// that the case really tests it.
#[track_caller]
fn subset(text: &str) -> Value {
    let docs = same(text);
    assert_eq!(coverage(text).1, 0, "the subset reader gave up on {text:?}");
    assert_eq!(docs.len(), 1, "{text:?}");
    docs.into_iter().next().unwrap().unwrap()
}

/// Asserts that both paths agree and that the subset reader left the document to the full
/// reader.
#[track_caller]
fn left(text: &str) -> Documents {
    assert_ne!(coverage(text).1, 0, "the subset reader read {text:?}");
    same(text)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                yaml_files(&path, out);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_yaml_file_of_the_repository_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = Vec::new();
    yaml_files(&root, &mut paths);
    assert!(paths.len() > 300, "found {} YAML files", paths.len());
    let (mut read, mut left) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable");
        let fast = read_with(&text, ReadLimits::default(), false);
        let full = read_with(&text, ReadLimits::default(), true);
        assert_eq!(fast, full, "{}", path.display());
        // controller-gen wraps long descriptions as plain scalars over several lines, which
        // the subset leaves to the full reader: the upstream CRDs are read by it alone.
        if !path.starts_with(root.join("testdata/upstream/crds")) {
            let (r, l) = coverage(&text);
            read += r;
            left += l;
        }
    }
    // The manifests of the repository are in the subset: the fast path is the common one.
    assert!(
        read > 500 && left == 0,
        "subset read {read} documents, left {left}"
    );
}

#[test]
fn yaml_1_1_scalars_resolve_as_the_full_reader_does() {
    let forms = [
        "010",
        "0x10",
        "0X1f",
        "0o10",
        "0b101",
        "1_000",
        "08",
        "09.5",
        "1.5",
        "1e3",
        "1E-2",
        "-010",
        "+12",
        "+0x10",
        "-0",
        "0",
        ".5",
        "5.",
        "-.5e1",
        "1.0.0",
        "0x",
        "0b",
        "_1",
        "1__0",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e400",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "y",
        "Y",
        "n",
        "N",
        "yes",
        "Yes",
        "YES",
        "yEs",
        "no",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "true",
        "True",
        "TRUE",
        "false",
        "FALSE",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "12:30:00",
        "1:20",
        "=",
        "<<x",
        "é",
        "日本語",
        "emoji 🦀",
        "a b  c",
        "a#b",
        "a:b",
        "http://example.com:8080/a?b=c#d",
        "nginx:1.19",
        "-flag",
        "--flag=x",
        "$(VAR)",
        "/path/[x]",
        "a,b",
        "a{b}",
        "~x",
        "a'b",
        "a\"b",
        "a\\b",
    ];
    for form in forms {
        for text in [
            format!("k: {form}\n"),
            format!("k: {form}   \n"),
            format!("k: {form} # comment\n"),
            format!("- {form}\n"),
            format!("{form}: v\n"),
        ] {
            subset(&text);
        }
        // Quoted, a scalar is a string whatever it looks like.
        let quoted = format!("a: '{}'\nb: \"{}\"\n", form.replace('\'', "''"), {
            form.replace('\\', "\\\\").replace('"', "\\\"")
        });
        let v = subset(&quoted);
        assert_eq!(v["a"], form);
        assert_eq!(v["b"], form);
    }
    // Scalars JSON cannot hold are the full reader's errors.
    for form in [".inf", "-.Inf", "+.INF", ".nan", ".NaN"] {
        let docs = left(&format!("k: {form}\n"));
        assert!(docs[0].is_err());
    }
    let v = subset("a: 010\nb: 0x10\nc: yes\nd: ~\ne: 1e3\nf: -0\ng: '010'\nh: \"0x10\"\n");
    assert_eq!(
        v,
        json!({"a": 8, "b": 16, "c": true, "d": null, "e": 1000, "f": 0, "g": "010", "h": "0x10"})
    );
}

#[test]
fn scalar_keys_become_the_same_strings() {
    // `true` and `yes` are the same key, as are `~` and `null`, and `1` and `'1'`: duplicates.
    left("true: a\nyes: b\n");
    left("~: a\nnull: b\n");
    left("1: a\n'1': b\n");
    let v = subset("1: a\n010: b\n0x10: c\ntrue: d\nn: f\n~: g\n1.5: i\n");
    assert_eq!(
        v,
        json!({"1": "a", "8": "b", "16": "c", "true": "d", "false": "f", "null": "g", "1.5": "i"})
    );
}

#[test]
fn layouts_of_manifests() {
    let cases = [
        // Sequences indented under their key, or at its column.
        "a:\n  - x\n  - y\nb: 1\n",
        "a:\n- x\n- y\nb: 1\n",
        "a:\n    - x\n    -   y\n",
        // Nested sequences and mappings in entries.
        "- - a\n  - b\n- c\n",
        "- - - a\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "- a:\n  - x\n  b: 1\n- y\n",
        "-   a: 1\n    b:\n      c: 2\n",
        "-\n  a: 1\n-\n- x\n",
        "- # comment\n  a: 1\n",
        "a: # comment\n  b: 1\n",
        // Empty values.
        "a:\nb:\n",
        "a:\n",
        "- \n-\n",
        "a: []\nb: {}\nc: ''\nd: \"\"\n",
        // Flow collections on one line.
        "a: [1, b, 'c', \"d\", [e], {f: g}]\n",
        "a: {b: 1, 'c': 2, \"d\": [3]}\n",
        "a: [ x , y ]\n",
        "a: [x] # comment\n",
        // Spaces.
        "a  : 1\n",
        "a:    1\n",
        "   a: 1\n   b: 2\n",
        "a: 1   \n  \nb: 2\n",
        // Comments and blank lines everywhere.
        "# head\n\na: 1 # one\n  # indented comment\n\n# between\nb: 2\n# tail\n",
        // CRLF.
        "a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\n",
        // A byte order mark.
        "\u{feff}a: 1\n",
        "\u{feff}---\na: 1\n",
        // Unicode.
        "名前: 値\nemoji: \"🦀\"\n",
        // Escapes.
        "a: \"\\t\\n\\\\\\\"\\/\\x41\\u00e9\\U0001F980\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ \"\n",
        "a: 'it''s'\n",
        // Block scalars: literal and folded, clipped and stripped.
        "a: |\n  x\n  y\nb: 1\n",
        "a: |-\n  x\n\n  y\n\n\nb: 1\n",
        "a: > # folded\n  x\n  y\n\n  z\n    more indented\n  w\n",
        "a: >-\n  x\n\n\n  y\n",
        "- |\n  #!/bin/sh\n  echo \"a: b\" # not a comment\n- >\n   x\n",
        "a:\n  b: |\n    x\n  # a comment, not content\n  c: 1\n",
        "a: |\n\n  x\n",
        "- |\n x\n  y\n -z\n",
        "a: |\n  x\n\n",
        "a: |\r\n  x\r\n  y\r\nb: 1\r\n",
        // No final newline.
        "a: 1",
        "a:\n  - x",
        "a: 'x'",
    ];
    for text in cases {
        subset(text);
    }
    assert_eq!(
        subset("a:\n- x\n- z\nb: 1\n"),
        json!({"a": ["x", "z"], "b": 1})
    );
    assert_eq!(subset("- - a\n  - b\n- c\n"), json!([["a", "b"], "c"]));
    assert_eq!(subset("-\n  a: 1\n-\n- x\n"), json!([{"a": 1}, null, "x"]));
    assert_eq!(
        subset("a: >\n  x\n  y\n\n  z\n    more\n  w\nb: |-\n  p\n\n  q\n\n"),
        json!({"a": "x y\nz\n  more\nw\n", "b": "p\n\nq"})
    );
}

#[test]
fn streams_of_documents() {
    for text in [
        "a: 1\n---\nb: 2\n",
        "---\na: 1\n---\nb: 2\n---\n",
        "--- # first\na: 1\n--- # second\n",
        "---\n---\n---\na: 1\n",
        "# only a comment\n",
        "",
        "\n\n",
        "---",
        "a: 1\n---\n",
        "a: 1\n---\n\n# c\n---\nb: 2",
        // `----` and `---x` are no markers.
        "a: ----\n",
        "kind: List\nitems:\n- a: 1\n- b: 2\n---\nc: 3\n",
        "a: |\n  x\n---\nb: |\n  y\n",
    ] {
        let docs = same(text);
        assert_eq!(coverage(text).1, 0, "{text:?}");
        assert!(docs.iter().all(Result::is_ok), "{text:?}");
    }
    assert_eq!(
        same("kind: List\nitems:\n- a: 1\n- b: 2\n---\nc: 3\n"),
        vec![
            Ok(json!({"a": 1})),
            Ok(json!({"b": 2})),
            Ok(json!({"c": 3}))
        ]
    );
}

#[test]
fn what_the_subset_leaves_to_the_full_reader() {
    for text in [
        // Anchors, aliases, merge keys, tags.
        "a: &x 1\nb: *x\n",
        "base: &b {x: 1}\nobj:\n  <<: *b\n  y: 2\n",
        "a:\n  <<: {x: 1}\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "--- !tag\na: 1\n",
        // Block scalars the subset does not cover, and plain or quoted scalars over several
        // lines.
        "a: |+\n  x\n\n",
        "a: |2\n   x\n",
        "a: >1-\n  x\n",
        "a: |\nb: 1\n",
        "a: |\n  x",
        "a: |\n    \n  x\n",
        "a: |\n  x\n   \n  y\n",
        "a: |\n  x\n\ty\n",
        "a: |#c\n  x\n",
        "a: x\n  y\n",
        "a: 'x\n  y'\n",
        "a: \"x\\\n  y\"\n",
        "a:\n  x\n",
        "- x\n  y\n",
        "a: [x,\n  y]\n",
        // Complex keys, flow keys, keys without values in flow mappings.
        "? a\n: b\n",
        "[a]: b\n",
        "a: {b}\n",
        "a: [b: c]\n",
        "a: [b,]\n",
        "a: {b: }\n",
        // Tabs, directives, document ends, odd characters.
        "a:\t1\n",
        "\ta: 1\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n...\n",
        "a: 1\n...\n---\nb: 2\n",
        "a: 1\rb: 2\n",
        "a: \u{7}\n",
        "a: \u{85}\n",
        "a: x\u{feff}\n",
        // Top-level scalars and flow collections.
        "just a scalar\n",
        "--- x\n",
        "{a: 1}\n",
        "[1, 2]\n",
        // Special escapes.
        "a: \"\\ud83e\\udd80\"\n",
        "a: \"\\q\"\n",
    ] {
        left(text);
    }
    assert_eq!(
        left("base: &b {x: 1, z: 2}\nobj:\n  <<: *b\n  z: 3\n")[0],
        Ok(json!({"base": {"x": 1, "z": 2}, "obj": {"x": 1, "z": 3}}))
    );
}

#[test]
fn errors_are_the_full_readers() {
    for text in [
        "a: 1\na: 2\n",
        "a:\n  b: 1\n  b: 2\n",
        "- {a: 1, a: 2}\n",
        "a: 1\n---\nb: [\n---\nc: 3\n",
        "a: 1\n---\nb: 2\nb: 3\n---\nc: 3\n",
        "a: 1\n  b: 2\n",
        "a:\n  - x\n  b: 1\n",
        "a:\n  b: 1\n c: 2\n",
        "- a\nb: 1\n",
        "a: b: c\n",
        "a: - b\n",
        "a: 'x' y\n",
        "a: \"x\"#c\n",
        "a: [x]y\n",
        "a: ]\n",
        "a: }\n",
        "a: @x\n",
        "a: `x`\n",
        "a: x\n---\nb: *unknown\n",
        "a: 1\n---\n%YAML 1.1\n---\nb: 2\n",
        "x: 1\n---\nb: .inf\n---\nc: 1\n",
        // Escapes whose digits run into a multi-byte character (found by the validate fuzz
        // target: the reader sliced inside the character and panicked).
        "{\"\\u\u{fffd}\u{fffd}\u{fffd}",
        "a: \"\\x\u{e9}\"\n",
        "a: \"\\u00\u{e9}9\"\n",
        "{\"\\U0000\u{1f600}\": 1}\n",
    ] {
        let docs = same(text);
        assert!(docs.iter().any(Result::is_err), "{text:?}: {docs:?}");
    }
    // An error after documents the subset reader read names the line in the whole stream.
    let docs = same("a: 1\nb: 2\n---\nc: 3\nc: 4\n");
    let e = docs[1].as_ref().unwrap_err();
    assert_eq!((e.index, e.position.map(|p| p.0)), (1, Some(5)));
    assert!(e.snippet.as_deref().unwrap().starts_with("5 | c: 4"));
}

#[test]
fn limits_are_the_full_readers() {
    let deep = "a:\n  b:\n    c:\n      d: [1]\n";
    for depth in 0..6 {
        same_with(deep, ReadLimits::default().with_max_depth(depth));
    }
    let nested = format!("{}x{}\n", "[".repeat(150), "]".repeat(150));
    same(&nested);
    let mut block = String::new();
    for i in 0..150 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    same(&block);
    same_with(&block, ReadLimits::default().with_max_depth(1000));
    // Aliases in a section the full reader reads use the stream's budget.
    let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n\
                  c: [*b, *b, *b, *b, *b, *b, *b, *b]\n";
    let stream = format!("k: 1\n---\n{laughs}---\nk: 2\n---\n{laughs}");
    let limits = ReadLimits::default().with_alias_nodes_per_byte(0);
    same_with(&stream, limits);
    // Keys around the full reader's simple-key length.
    for n in [990, 1000, 1010, 1030] {
        same(&format!("{}: 1\n", "k".repeat(n)));
        same(&format!("a: {{{}: 1}}\n", "k".repeat(n)));
    }
}

/// A node of a generated document.
#[derive(Clone, Debug)]
enum Node {
    Scalar(String),
    Map(Vec<(String, Self)>),
    Seq(Vec<Self>),
}

/// Scalars chosen to hit YAML 1.1 resolution and indicators, and random short text.
fn scalar_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "010",
            "0x10",
            "0o10",
            "1_000",
            "1.5",
            "1e3",
            "+1",
            "-0",
            ".5",
            "yes",
            "On",
            "n",
            "~",
            "null",
            "true",
            ".inf",
            "2001-12-14",
            "",
            "a b",
            "a: b",
            "a:b",
            "a #b",
            "a#b",
            "- a",
            "-a",
            "<<",
            "'",
            "\"",
            "\\",
            "é",
            "日本",
            "[a]",
            "{}",
            "a,b",
            "?",
            ":",
            "#",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "%",
            "@",
            "---",
            "...",
            "a  ",
            "  a",
            "name",
            "kind",
            "port",
            "80",
        ])
        .prop_map(String::from),
        "[a-z0-9 :#,\\[\\]{}'\".\\\\-]{0,8}",
        "[a-z]{1,8}",
        // Several lines, for block scalars.
        "( ?[a-z#:]{0,4}\n){1,4}[a-z ]{0,4}",
    ]
}

fn node() -> impl Strategy<Value = Node> {
    scalar_text()
        .prop_map(Node::Scalar)
        .prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec((scalar_text(), inner.clone()), 0..5).prop_map(Node::Map),
                prop::collection::vec(inner, 0..5).prop_map(Node::Seq),
            ]
        })
}

/// How a generated document is written.
#[derive(Clone, Debug)]
struct Style {
    indent: usize,
    compact_sequences: bool,
    /// Spaces after a sequence's `-` (one is the usual).
    entry_gap: usize,
    crlf: bool,
    /// Drives the per-node choices: quoting, flow or block, comments, blank lines.
    seed: u64,
}

fn style() -> impl Strategy<Value = Style> {
    (
        1usize..4,
        any::<bool>(),
        1usize..3,
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(indent, compact_sequences, entry_gap, crlf, seed)| Style {
            indent,
            compact_sequences,
            entry_gap,
            crlf,
            seed,
        })
}

struct Printer {
    style: Style,
    state: u64,
    lines: Vec<String>,
}

impl Printer {
    fn choice(&mut self, n: u64) -> u64 {
        // xorshift: deterministic from the generated seed.
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n
    }

    fn scalar(&mut self, s: &str) -> String {
        match self.choice(4) {
            0 => format!("'{}'", s.replace('\'', "''")),
            1 => format!(
                "\"{}\"",
                s.replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n")
            ),
            _ => s.to_owned(),
        }
    }

    fn block_scalar_header(&mut self) -> &'static str {
        ["|", "|-", ">", ">-", "|+", "|2", "| # c"][self.choice(7) as usize]
    }

    fn flow(&mut self, node: &Node) -> String {
        match node {
            Node::Scalar(s) => self.scalar(s),
            Node::Seq(items) => {
                let items: Vec<String> = items.iter().map(|n| self.flow(n)).collect();
                format!("[{}]", items.join(", "))
            }
            Node::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", self.scalar(k), self.flow(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }

    fn push(&mut self, line: String) {
        let mut line = line;
        match self.choice(12) {
            0 => line.push_str(" # note"),
            1 => line.push_str("  "),
            2 => self.lines.push(String::new()),
            3 => self.lines.push("  # between".into()),
            _ => {}
        }
        self.lines.push(line);
    }

    /// Whether a node is written on its parent's line (a scalar or a flow collection). A
    /// block scalar's header is, and its lines are not.
    fn inline(&mut self, node: &Node) -> Option<String> {
        match node {
            Node::Scalar(s) if s.contains('\n') || self.choice(8) == 0 => None,
            Node::Scalar(s) => Some(self.scalar(s)),
            Node::Map(e) if e.is_empty() => Some("{}".into()),
            Node::Seq(e) if e.is_empty() => Some("[]".into()),
            _ if self.choice(4) == 0 => Some(self.flow(node)),
            _ => None,
        }
    }

    /// Writes a block collection at `col`; the first line starts with `first` instead of
    /// spaces when the collection is on its parent entry's line.
    fn block(&mut self, node: &Node, col: usize, first: Option<String>) {
        let mut prefix = first;
        let lead = |prefix: &mut Option<String>| prefix.take().unwrap_or(" ".repeat(col));
        match node {
            Node::Map(entries) => {
                for (k, v) in entries {
                    let key = self.scalar(k);
                    let start = lead(&mut prefix);
                    match self.inline(v) {
                        Some(text) => self.push(format!("{start}{key}: {text}")),
                        None if matches!(v, Node::Scalar(_)) => {
                            let header = self.block_scalar_header();
                            self.push(format!("{start}{key}: {header}"));
                            self.block(v, col + self.style.indent, None);
                        }
                        None => {
                            self.push(format!("{start}{key}:"));
                            let child = match v {
                                Node::Seq(_) if self.style.compact_sequences => col,
                                _ => col + self.style.indent,
                            };
                            self.block(v, child, None);
                        }
                    }
                }
            }
            Node::Seq(items) => {
                for item in items {
                    let start = lead(&mut prefix);
                    let gap = " ".repeat(self.style.entry_gap);
                    match self.inline(item) {
                        Some(text) => self.push(format!("{start}-{gap}{text}")),
                        None if matches!(item, Node::Scalar(_)) => {
                            let header = self.block_scalar_header();
                            self.push(format!("{start}-{gap}{header}"));
                            self.block(item, col + self.style.indent, None);
                        }
                        None => {
                            let child = col + 1 + self.style.entry_gap;
                            self.block(item, child, Some(format!("{start}-{gap}")));
                        }
                    }
                }
            }
            // A block scalar's lines (its header is on the parent's line).
            Node::Scalar(s) => {
                for line in s.split('\n') {
                    let start = lead(&mut prefix);
                    self.push(format!("{start}{line}"));
                }
            }
        }
    }
}

/// Writes documents as one stream.
fn print(docs: &[Node], style: &Style) -> String {
    let mut p = Printer {
        style: style.clone(),
        state: style.seed | 1,
        lines: Vec::new(),
    };
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 || p.choice(2) == 0 {
            let marker = if p.choice(3) == 0 { "--- # doc" } else { "---" };
            p.lines.push(marker.into());
        }
        p.block(doc, 0, None);
    }
    let newline = if style.crlf { "\r\n" } else { "\n" };
    let mut text = p.lines.join(newline);
    text.push_str(newline);
    text
}

/// A manifest to mutate.
const MANIFEST: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web # the route
  labels: {app: web, 'tier': \"front\"}
spec:
  parentRefs:
  - name: gw
    sectionName: http
  hostnames: [\"example.com\", a.example.com]
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: web
          port: 8080
          weight: 010
---
kind: Service
metadata:
  name: web
";

/// The generated documents must exercise the subset reader, not only the full reader.
#[test]
fn generated_documents_are_mostly_in_the_subset() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (prop::collection::vec(node(), 1..4), style());
    let (mut read, mut left) = (0, 0);
    for _ in 0..300 {
        let (docs, style) = strategy.new_tree(&mut runner).unwrap().current();
        let (r, l) = coverage(&print(&docs, &style));
        read += r;
        left += l;
    }
    eprintln!("subset read {read} documents, left {left}");
    assert!(read > left / 2, "subset read {read} documents, left {left}");
}

proptest! {
    // 256 cases each by default; `PROPTEST_CASES` raises it for a longer search.

    #[test]
    fn generated_documents_read_the_same(docs in prop::collection::vec(node(), 1..4), style in style()) {
        let text = print(&docs, &style);
        let fast = read_with(&text, ReadLimits::default(), false);
        let full = read_with(&text, ReadLimits::default(), true);
        prop_assert_eq!(fast, full, "{}", text);
    }

    #[test]
    fn mutated_manifests_read_the_same(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, "[- :#\\[\\]{}'\"\t\r\n&*!|>a0]{0,3}"), 1..4),
    ) {
        let mut text = MANIFEST.to_owned();
        for (at, cut, insert) in edits {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, &insert);
        }
        let fast = read_with(&text, ReadLimits::default(), false);
        let full = read_with(&text, ReadLimits::default(), true);
        prop_assert_eq!(fast, full, "{}", text);
    }

    #[test]
    fn arbitrary_text_reads_the_same(text in "[- :#,\\[\\]{}'\"\\\\\t\r\nab0.~&*!|>%@`\u{feff}é]{0,40}") {
        let fast = read_with(&text, ReadLimits::default(), false);
        let full = read_with(&text, ReadLimits::default(), true);
        prop_assert_eq!(fast, full, "{:?}", text);
    }

    #[test]
    fn arbitrary_bytes_do_not_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = String::from_utf8_lossy(&bytes);
        let fast = read_with(&text, ReadLimits::default(), false);
        let full = read_with(&text, ReadLimits::default(), true);
        prop_assert_eq!(fast, full, "{:?}", text);
    }
}
