//! Step 2, defaulting: schema defaults applied inside present objects and items, as the
//! apiextensions-apiserver's structural defaulting does. As for pruning, validation reads
//! defaults through the schema instead of writing them; [`default`] builds the stored object and
//! [`complete_defaults`] readies the schema's defaults once, when the validator is built.

use serde_json::Value;

use crate::schema::Node;

pub(crate) fn non_nullable_null(v: &Value, s: &Node) -> bool {
    v.is_null() && !s.nullable && s.default.is_some()
}

/// Applies schema defaults: inside objects and array items that are present, never creating an
/// absent parent (structural defaulting of the apiextensions-apiserver).
pub(crate) fn default(n: &Node, v: &mut Value) {
    if !n.defaults_below {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, p) in &n.properties {
                let Some(d) = &p.default else { continue };
                if m.get(k).is_none_or(|x| non_nullable_null(x, p)) {
                    m.insert(k.clone(), d.clone());
                }
            }
            for (k, child) in m.iter_mut() {
                if let Some(p) = n.prop(k) {
                    default(p, child);
                } else if let Some(a) = &n.additional {
                    if non_nullable_null(child, a)
                        && let Some(d) = &a.default
                    {
                        *child = d.clone();
                    }
                    default(a, child);
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = &n.items {
                for item in items {
                    if non_nullable_null(item, s)
                        && let Some(d) = &s.default
                    {
                        *item = d.clone();
                    }
                    default(s, item);
                }
            }
        }
        _ => {}
    }
}

/// Replaces every default in the tree by the value the API server would store for it: the
/// default pruned and with the defaults of its own fields applied (structural defaulting
/// descends into a value it has just defaulted). Readers of defaults then never default again.
pub(crate) fn complete_defaults(n: &mut Node) {
    for (_, p) in &mut n.properties {
        complete_defaults(p);
    }
    for b in [&mut n.additional, &mut n.items].into_iter().flatten() {
        complete_defaults(b);
    }
    if let Some(mut d) = n.default.take() {
        super::decode::prune(n, &mut d, &mut String::new(), &mut Vec::new());
        default(n, &mut d);
        n.default = Some(d);
    }
}
