//! Step 1, decoding: the API server drops the fields a schema does not declare (or, with strict
//! field validation, rejects them) and `null`s of fields that are neither nullable nor
//! defaulted, before anything else sees the object.
//!
//! The validation passes do not run this over a copy: the structural pass records unknown fields
//! on its way and every read goes through the schema (`crate::value`). [`prune`] is for the
//! object the API server would store (`Validator::defaulted`, lint) and for the schema's own
//! defaults.

use serde_json::Value;

use super::path::{joined, push_field, push_index};
use crate::schema::Node;

/// Removes fields the schema does not declare (recording their paths) and `null`s of fields
/// that are neither nullable nor defaulted, as the API server does while decoding.
pub(crate) fn prune(n: &Node, v: &mut Value, path: &mut String, unknown: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            // Keys to drop are collected and removed after the walk; nearly always none.
            let mut drop: Vec<String> = Vec::new();
            for (k, child) in m.iter_mut() {
                let sub = n.prop(k).or(n.additional.as_deref());
                match sub {
                    Some(s) => {
                        if child.is_null() && !s.nullable && s.default.is_none() {
                            drop.push(k.clone());
                        } else if matches!(child, Value::Object(_) | Value::Array(_)) {
                            let len = push_field(path, k);
                            prune(s, child, path, unknown);
                            path.truncate(len);
                        }
                    }
                    None if n.preserve_unknown => {}
                    None => {
                        unknown.push(joined(path, k));
                        drop.push(k.clone());
                    }
                }
            }
            for k in drop {
                m.remove(&k);
            }
        }
        Value::Array(items) => {
            if let Some(s) = &n.items {
                for (i, item) in items.iter_mut().enumerate() {
                    if matches!(item, Value::Object(_) | Value::Array(_)) {
                        let len = push_index(path, i);
                        prune(s, item, path, unknown);
                        path.truncate(len);
                    }
                }
            }
        }
        _ => {}
    }
}
