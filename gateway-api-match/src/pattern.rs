//! Compiling user regular expressions so they behave like Go's RE2 where that is cheap.

use regex::{Regex, RegexBuilder};

/// Compiled programs larger than this are refused: a route table is untrusted input, and one
/// pattern must not be able to take the gateway's memory.
const SIZE_LIMIT: usize = 1 << 20;

/// Compiles `pattern` to match a whole value.
///
/// * Anchored with `\A(?:...)\z`: the upstream conformance tests expect a path, header or query
///   regex to match the entire value, not a substring.
/// * RE2 (Go) treats `\d \w \s \b` and their negations as ASCII, Rust's `regex` as Unicode. They
///   are rewritten to the ASCII classes RE2 uses, so `\d` does not match `٣`. Everything else
///   (`.`, `\pL`, case folding) already agrees closely enough.
pub(crate) fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    let mut anchored = String::with_capacity(pattern.len() + 16);
    anchored.push_str(r"\A(?:");
    rewrite_perl_classes(pattern, &mut anchored);
    anchored.push_str(r")\z");
    RegexBuilder::new(&anchored)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
}

/// A set of patterns already made by [`compile`] (anchored and rewritten), for a one-pass
/// "does any of them match" test.
pub(crate) fn compile_set(patterns: &[&str]) -> Result<regex::RegexSet, regex::Error> {
    regex::RegexSetBuilder::new(patterns)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
}

/// Replaces `\d \D \w \W \s \S` with RE2's ASCII sets and `\b \B` with their ASCII forms.
fn rewrite_perl_classes(pattern: &str, out: &mut String) {
    let mut chars = pattern.chars();
    // Depth of `[...]` nesting; inside a class a set is spelled without its own brackets.
    let mut class_depth = 0usize;
    // Set right after `[` or `[^`, where a `]` is a literal.
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_start = class_start;
        class_start = false;
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    // A trailing backslash: leave it for the regex parser to report.
                    out.push('\\');
                    break;
                };
                let inside = class_depth > 0;
                let replacement = match (next, inside) {
                    ('d', false) => Some("[0-9]"),
                    ('d', true) => Some("0-9"),
                    ('D', _) => Some("[^0-9]"),
                    ('w', false) => Some("[0-9A-Za-z_]"),
                    ('w', true) => Some("0-9A-Za-z_"),
                    ('W', _) => Some("[^0-9A-Za-z_]"),
                    // RE2's \s is [\t\n\f\r ] (no \v).
                    ('s', false) => Some(r"[\t\n\f\r ]"),
                    ('s', true) => Some(r"\t\n\f\r "),
                    ('S', _) => Some(r"[^\t\n\f\r ]"),
                    ('b', false) => Some(r"(?-u:\b)"),
                    ('B', false) => Some(r"(?-u:\B)"),
                    _ => None,
                };
                match replacement {
                    Some(r) => out.push_str(r),
                    None => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                class_start = true;
                // `[^` keeps the start state for the following `]`.
                let mut peek = chars.clone();
                if peek.next() == Some('^') {
                    chars = peek;
                    out.push('^');
                }
                // POSIX classes like `[:alpha:]` nest a `[`; they close with `:]`.
                let mut peek = chars.clone();
                if peek.next() == Some(':') && class_depth > 1 {
                    class_start = false;
                }
            }
            ']' if class_depth > 0 && !at_start => {
                class_depth -= 1;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compile;

    #[test]
    fn anchored_and_ascii() {
        let r = compile(r"/v\d+").unwrap();
        assert!(r.is_match("/v12"));
        assert!(!r.is_match("/v12/x"));
        assert!(!r.is_match("x/v12"));
        assert!(!r.is_match("/v\u{0663}"));
        let r = compile(r"[\d\s]+").unwrap();
        assert!(r.is_match("1 2"));
        assert!(!r.is_match("1\u{2003}2"));
        let r = compile(r"a|b").unwrap();
        assert!(!r.is_match("ab"));
        let r = compile(r"[]a]\w").unwrap();
        assert!(r.is_match("]x"));
        let r = compile(r"[[:digit:]]\D").unwrap();
        assert!(r.is_match("1é"));
        assert!(compile(r"\bfoo\b.*").unwrap().is_match("foo bar"));
        assert!(compile("(").is_err());
        assert!(compile("\\").is_err());
    }
}
