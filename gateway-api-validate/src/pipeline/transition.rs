//! Step 5, transition rules: on an update, the API server evaluates rules that read `oldSelf`
//! with the old object's value at the same place. Which old value that is follows the
//! apiextensions-apiserver's correlation: an object field correlates with the old object's field
//! of the same name, an item of an `x-kubernetes-list-type: map` list with the old item of equal
//! keys; items of other lists correlate with nothing, so their transition rules do not run. The
//! CEL pass ([`super::cel`]) asks here as it descends.

use crate::schema::{ListType, Node};
use crate::value::{Items, V, same};

/// The old value of the field `key` of an object whose old value is `old`.
#[inline]
pub(crate) fn old_field<'a>(old: Option<V<'a>>, key: &str) -> Option<V<'a>> {
    old.and_then(|o| o.field(key))
}

/// The old value of `item`, an item of a list whose schema is `n` and whose old items are
/// `old_items`: the old item with the same map keys, for a map list; `None` otherwise.
pub(crate) fn old_item<'a>(n: &Node, old_items: Option<Items<'a>>, item: V<'_>) -> Option<V<'a>> {
    match (n.list_type, old_items) {
        (Some(ListType::Map), Some(olds)) => olds.iter().find(|o| {
            n.list_map_keys
                .iter()
                .all(|k| same(o.field(k), item.field(k)))
        }),
        _ => None,
    }
}
