//! The one policy for user regular expressions (HTTPRoute path, header and query matches,
//! GRPCRoute method and header matches): the dialect they are read in, the size they may
//! compile to, and how a refused pattern is reported.
//!
//! The router compiles with it, and the resolver (a rule whose pattern is refused is dropped
//! from its route) and the validator's lint (a warning) ask [`check`], so a pattern accepted by
//! one is accepted by all three.
//!
//! The dialect is the `regex` crate's syntax, which is RE2's apart from corners, made closer to
//! RE2 (Go) where that is cheap:
//!
//! * anchored with `\A(?:...)\z`: the upstream conformance tests expect a path, header or query
//!   regex to match the entire value, not a substring;
//! * RE2 treats `\d \w \s \b` and their negations as ASCII, Rust's `regex` as Unicode; they are
//!   rewritten to the ASCII classes RE2 uses, so `\d` does not match `٣`. Everything else (`.`,
//!   `\pL`, case folding) already agrees closely enough.
//!
//! ```
//! use gateway_api_match::pattern;
//!
//! assert!(pattern::check(r"/v\d+/.*").is_ok());
//! let err = pattern::check("/(unclosed").unwrap_err();
//! assert_eq!(err.to_string(), "unclosed group");
//! // A pattern that compiles to more than the size limit is refused too.
//! assert!(pattern::check(r"(?:\w{1000}){1000}").is_err());
//! ```

use std::borrow::Cow;
use std::fmt;

use regex::{Regex, RegexBuilder};
use regex_automata::meta;

/// Compiled programs larger than this many bytes are refused: a route table is untrusted
/// input, and one pattern must not be able to take the gateway's memory (or, at build time,
/// its CPU: compilation cost grows with the program).
pub const SIZE_LIMIT: usize = 1 << 20;

/// Patterns longer than this many characters are shortened in messages ([`excerpt`]).
pub const EXCERPT_CHARS: usize = 64;

/// Why a pattern was refused: a syntax error or a program over [`SIZE_LIMIT`].
///
/// Its `Display` is one short line without the pattern (quote it with [`excerpt`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    reason: String,
}

impl PatternError {
    fn new(e: &regex::Error) -> Self {
        match e {
            regex::Error::Syntax(msg) => Self::syntax(msg),
            regex::Error::CompiledTooBig(_) => Self::too_big(),
            other => Self {
                reason: other.to_string(),
            },
        }
    }

    /// The error of [`check`]'s build, worded as the `regex` crate words the same failure of
    /// [`compile`] (it maps the same builder's errors this way).
    fn from_meta(e: &meta::BuildError) -> Self {
        if e.size_limit().is_some() {
            Self::too_big()
        } else if let Some(syntax) = e.syntax_error() {
            Self::syntax(&syntax.to_string())
        } else {
            Self::syntax(&e.to_string())
        }
    }

    /// The regex crate's syntax errors repeat the (rewritten, anchored) pattern with a caret
    /// under the error, then `error: <reason>` on the last line; only the reason is about what
    /// the user wrote.
    fn syntax(msg: &str) -> Self {
        let reason = msg
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| l.strip_prefix("error:").unwrap_or(l).trim().to_owned())
            .unwrap_or_else(|| "invalid syntax".to_owned());
        Self { reason }
    }

    fn too_big() -> Self {
        Self {
            reason: format!("compiles to more than the size limit of {SIZE_LIMIT} bytes"),
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for PatternError {}

/// Compiles `pattern` to match a whole value, in the dialect and under the size limit of this
/// module.
pub(crate) fn compile(pattern: &str) -> Result<Regex, PatternError> {
    RegexBuilder::new(&anchored(pattern))
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| PatternError::new(&e))
}

/// `pattern` rewritten to this module's dialect and anchored to match a whole value.
fn anchored(pattern: &str) -> String {
    let mut anchored = String::with_capacity(pattern.len() + 16);
    anchored.push_str(r"\A(?:");
    rewrite_perl_classes(pattern, &mut anchored);
    anchored.push_str(r")\z");
    anchored
}

/// Whether the router accepts `pattern`: `Ok` exactly when [`crate::Router::build`] can
/// compile it, with the same error. Cheaper than a compilation (about a tenth for short
/// patterns), but callers checking many patterns should still check each distinct one once.
pub fn check(pattern: &str) -> Result<(), PatternError> {
    // A `regex::Regex` is a meta regex built from the configuration below. Building one can
    // fail only while parsing or while compiling the forward and reverse NFAs under the size
    // limit; the engines built after them (a dense DFA when the `dfa-build` feature is on
    // anywhere in the build, the one-pass DFA, the backtracker) are optional and never fail
    // the build, and the dense DFA's determinization is most of the cost. So they are left
    // out here; the lazy DFA stays on because it is what makes the reverse NFA get built.
    let config = meta::Config::new()
        .nfa_size_limit(Some(SIZE_LIMIT))
        .hybrid_cache_capacity(SIZE_LIMIT)
        .dfa(false)
        .onepass(false)
        .backtrack(false);
    meta::Builder::new()
        .configure(config)
        .build(&anchored(pattern))
        .map(drop)
        .map_err(|e| PatternError::from_meta(&e))
}

/// `pattern` as quoted in messages: whole when short, otherwise its first
/// [`EXCERPT_CHARS`] characters, an ellipsis and its length, so that a 10 KB pattern does not
/// fill a status condition or a terminal.
pub fn excerpt(pattern: &str) -> Cow<'_, str> {
    match pattern.char_indices().nth(EXCERPT_CHARS) {
        None => Cow::Borrowed(pattern),
        Some((end, _)) => Cow::Owned(format!("{}… ({} bytes)", &pattern[..end], pattern.len())),
    }
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
    use super::{SIZE_LIMIT, check, compile, excerpt};

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

    #[test]
    fn errors_are_one_line_without_the_pattern() {
        let long = format!("{}(", "a".repeat(10_000));
        let e = check(&long).unwrap_err();
        assert_eq!(e.to_string(), "unclosed group");
        // 1,000 ASCII word characters repeated 1,000 times: about 1 MB of states, over the limit.
        let e = check(r"(?:\w{1000}){1000}").unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("compiles to more than the size limit of {SIZE_LIMIT} bytes")
        );
    }

    /// `check` builds less than `compile` does; it must refuse exactly what `compile` refuses,
    /// with the same words, including patterns near the size limit.
    #[test]
    fn check_agrees_with_compile() {
        let mut patterns: Vec<String> = [
            "",
            "/",
            r"/v\d+/.*",
            "(",
            ")",
            "[",
            "[a-",
            r"\",
            r"\p{Nope}",
            "a{2,1}",
            "(?P<x>a)",
            "(?i)ab|cd",
            r"\bfoo\B",
            "a**",
            "x{1001}",
            r"[[:word:]]+",
            ".*foo.*bar",
            r"(?:\w{1000}){1000}",
            "(a|b|c|d|e)*z",
            r"\x{110000}",
            "(?<",
            "[z-a]",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        // Around the size limit, where forward and reverse NFAs may fall on either side.
        for n in [40, 60, 80, 100, 120, 140, 160, 200] {
            patterns.push(format!(r"(?:\w{{{n}}}){{{n}}}"));
            patterns.push(format!(r"[a-z]{{{n}}}\d{{{n}}}x{{{n}}}"));
            patterns.push(format!(r"(?:.{{{n}}}){{{}}}", n / 4));
        }
        for p in &patterns {
            let compiled = compile(p).map(drop);
            assert_eq!(check(p), compiled, "{p}");
        }
        // The list straddles the limit: 100x100 word characters fit, 120x120 do not.
        assert!(check(r"(?:\w{100}){100}").is_ok());
        assert!(check(r"(?:\w{120}){120}").is_err());
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("/v[0-9]+"), "/v[0-9]+");
        let long = "é".repeat(10_000);
        let e = excerpt(&long);
        assert!(e.starts_with(&"é".repeat(64)));
        assert!(e.ends_with("… (20000 bytes)"), "{e}");
        assert!(e.len() < 200);
    }
}
