//! Step 3, continued: `x-kubernetes-list-type` `set` and `map` uniqueness, reported after the
//! schema errors as `structurallisttype.ValidateListSetsAndMaps` does.

use serde_json::{Map, Value};

use super::path::{Path, at};
use crate::error::{BadValue, ErrorKind, FieldError};
use crate::schema::{ListType, Node};
use crate::value::{V, bad_value, json_eq, materialize, same, write_canonical};

/// Lists up to this long are checked for duplicates by comparing items pairwise; longer ones
/// by hashing their JSON text.
const PAIRWISE: usize = 32;

/// For each item, whether it is the second occurrence of its key (the only one reported, as
/// `structurallisttype.ValidateListSetsAndMaps` does).
fn second_occurrences<'a>(
    items: &[V<'a>],
    same_key: impl Fn(V<'a>, V<'a>) -> bool,
    canonical: impl Fn(V<'a>) -> String,
) -> Vec<bool> {
    if items.len() <= PAIRWISE {
        return (0..items.len())
            .map(|i| (0..i).filter(|&j| same_key(items[j], items[i])).count() == 1)
            .collect();
    }
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    items
        .iter()
        .map(|x| {
            let times = seen.entry(canonical(*x)).or_insert(0);
            *times += 1;
            *times == 2
        })
        .collect()
}

/// Duplicate items of a `set` list and duplicate keys of a `map` list, reported at the second
/// occurrence only.
pub(crate) fn list_type(n: &Node, v: V<'_>, path: &Path<'_>, errs: &mut Vec<FieldError>) {
    let Some(views) = v.items() else { return };
    match n.list_type {
        Some(ListType::Set) if views.len() > 1 => {
            let items: Vec<V<'_>> = views.iter().collect();
            let canonical = |x: V<'_>| {
                let mut s = String::new();
                write_canonical(x, &mut s);
                s
            };
            let dup = second_occurrences(&items, json_eq, canonical);
            for (i, x) in items.iter().enumerate() {
                if dup[i] {
                    errs.push(at(
                        &Path::Index(path, i),
                        ErrorKind::Duplicate,
                        bad_value(*x),
                        "",
                    ));
                }
            }
        }
        Some(ListType::Map) => list_map(n, views, path, errs),
        _ => {}
    }
}

fn list_map(
    n: &Node,
    views: crate::rules::cel::Items<'_>,
    path: &Path<'_>,
    errs: &mut Vec<FieldError>,
) {
    for (i, x) in views.iter().enumerate() {
        let raw = x.raw();
        if !(raw.is_null() || raw.is_object()) {
            errs.push(at(
                &Path::Index(path, i),
                ErrorKind::Invalid,
                bad_value(x),
                "must be an object for an array of list-type map",
            ));
            return;
        }
    }
    if views.len() < 2 {
        return;
    }
    let items: Vec<V<'_>> = views.iter().collect();
    let keys = &n.list_map_keys;
    let same_key = |a: V<'_>, b: V<'_>| keys.iter().all(|k| same(a.field(k), b.field(k)));
    let canonical = |x: V<'_>| {
        let mut s = String::new();
        for k in keys {
            match x.field(k) {
                Some(v) => write_canonical(v, &mut s),
                None => s.push_str("\u{0}unspecified"),
            }
            s.push('\u{0}');
        }
        s
    };
    let dup = second_occurrences(&items, same_key, canonical);
    for (i, x) in items.iter().enumerate() {
        if !dup[i] {
            continue;
        }
        let item = Path::Index(path, i);
        if let [single] = keys.as_slice() {
            let value = x
                .field(single)
                .map_or(BadValue::Json(Value::Null), bad_value);
            errs.push(at(
                &Path::Field(&item, single),
                ErrorKind::Duplicate,
                value,
                "",
            ));
        } else {
            let fields: Map<String, Value> = keys
                .iter()
                .filter_map(|k| x.field(k).map(|v| (k.clone(), materialize(v))))
                .collect();
            errs.push(at(
                &item,
                ErrorKind::Duplicate,
                BadValue::Json(Value::Object(fields)),
                "",
            ));
        }
    }
}
