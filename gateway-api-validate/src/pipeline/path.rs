//! Field paths as the API server prints them (`spec.listeners[0].name`), built only when an error
//! or an unknown field needs one.

use crate::error::{BadValue, ErrorKind, FieldError};

pub(crate) fn push_field(path: &mut String, key: &str) -> usize {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    len
}

pub(crate) fn push_index(path: &mut String, i: usize) -> usize {
    let len = path.len();
    // Digits by hand: `write!` costs more than the rest of visiting a list item.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    path.push('[');
    for d in &digits[at..] {
        path.push(char::from(*d));
    }
    path.push(']');
    len
}

pub(crate) fn joined(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Where the structural pass is in the object: the chain of fields and items from the root,
/// each link on the stack of the walk that entered it. Entering a field or an item costs a
/// link, not a write to a path string; the string (`spec.listeners[0].name`) is rendered only
/// for an error or an unknown field, which few values have.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    /// The object's root (the empty path).
    Root,
    /// A field (its name) of the value at the path.
    Field(&'a Self, &'a str),
    /// An item (its position) of the list at the path.
    Index(&'a Self, usize),
}

impl Path<'_> {
    /// Appends the path to `out`, as [`push_field`] and [`push_index`] would have built it.
    fn write_to(&self, out: &mut String) {
        match *self {
            Self::Root => {}
            Self::Field(parent, key) => {
                parent.write_to(out);
                push_field(out, key);
            }
            Self::Index(parent, i) => {
                parent.write_to(out);
                push_index(out, i);
            }
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write_to(&mut s);
        f.write_str(&s)
    }
}

/// [`FieldError::at`] the rendered `path`.
pub(crate) fn at(
    path: &Path<'_>,
    kind: ErrorKind,
    value: BadValue,
    detail: impl Into<String>,
) -> FieldError {
    FieldError::at(&path.to_string(), kind, value, detail)
}
