//! Values made once and shared by every part of the output that repeats them.

use std::cell::RefCell;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use gateway_api_types::model::{GrpcRouteMatch, HttpRouteMatch, LabelSelector, ParentReference};

use crate::ObjectKey;
use crate::hash::{HashMap, Seeded};

/// The parentRefs of route status entries, shared per Gateway: the routes attached to one
/// Gateway usually name it with one of a few equal references (`{name, namespace}`, perhaps a
/// `sectionName`), and an entry's reference shared is two or three strings not copied.
///
/// At most [`ParentRefs::MAX`] references per Gateway are kept, so that finding one costs a
/// few comparisons whatever the routes write; past that, a new reference replaces the oldest.
#[derive(Default)]
pub(crate) struct ParentRefs(RefCell<HashMap<ObjectKey, Vec<Arc<ParentReference>>>>);

impl ParentRefs {
    const MAX: usize = 8;

    /// A shared copy of `pr`, a parentRef naming the Gateway `gateway`.
    pub(crate) fn get(&self, gateway: &ObjectKey, pr: &ParentReference) -> Arc<ParentReference> {
        let Ok(mut map) = self.0.try_borrow_mut() else {
            return Arc::new(pr.clone());
        };
        if let Some(kept) = map.get_mut(gateway) {
            if let Some(found) = kept.iter().find(|k| ***k == *pr) {
                return Arc::clone(found);
            }
            let made = Arc::new(pr.clone());
            if kept.len() == Self::MAX {
                kept.remove(0);
            }
            kept.push(Arc::clone(&made));
            return made;
        }
        let made = Arc::new(pr.clone());
        map.insert(gateway.clone(), vec![Arc::clone(&made)]);
        made
    }
}

/// Numbers for listeners' namespace selectors, equal selectors sharing one: a cluster's
/// Gateways repeat a few selectors (one per tier or team), so a route's namespace is tested
/// against each distinct selector once ([`crate::routes::attachment::AttachScratch`]) rather
/// than once per listener.
///
/// At most [`SelectorNumbers::MAX`] selectors are numbered for the life of a resolver (a
/// selector past them gets no number and is evaluated each time), so numbering stays a short
/// search and the kept selectors a bounded amount of memory.
#[derive(Default)]
pub(crate) struct SelectorNumbers(RefCell<Vec<LabelSelector>>);

impl SelectorNumbers {
    const MAX: usize = 64;

    /// The number of `selector`, or `None` when the numbers are used up.
    pub(crate) fn number(&self, selector: &LabelSelector) -> Option<u32> {
        let mut kept = self.0.try_borrow_mut().ok()?;
        let at = match kept.iter().position(|k| k == selector) {
            Some(at) => at,
            None if kept.len() < Self::MAX => {
                kept.push(selector.clone());
                kept.len() - 1
            }
            None => return None,
        };
        u32::try_from(at).ok()
    }
}

/// Lists made from a written list and shared by rules that write the same list: most rules of
/// a cluster write one of a few match lists (none, `/`, a health check), and a list shared is
/// a list neither copied nor allocated again.
///
/// A direct-mapped cache rather than a hash map: a slot is chosen by a hash of a few fields
/// only (cheap, where a full hash of the matches cost more than the copy it saves), checked
/// by full comparison, and replaced on a miss. Names that collide on purpose can only cause
/// misses, each no dearer than not sharing at all: there is no chain to grow.
pub(crate) struct Interned<T> {
    slots: RefCell<Vec<Option<InternedSlot<T>>>>,
    hasher: Seeded,
}

/// A written list and the list made from it.
type InternedSlot<T> = (Arc<[T]>, Arc<[T]>);

/// Slots of an [`Interned`] cache (a power of two).
pub(crate) const INTERNED_SLOTS: usize = 1024;

/// The fields of a written list that choose its [`Interned`] slot.
pub(crate) trait Sketch: Sized {
    fn sketch(items: &[Self], h: &mut impl Hasher);
}

impl Sketch for HttpRouteMatch {
    fn sketch(items: &[Self], h: &mut impl Hasher) {
        h.write_usize(items.len());
        for m in items {
            let path = m.path.as_ref().and_then(|p| p.value.as_deref());
            h.write(path.unwrap_or_default().as_bytes());
            h.write(m.method.as_ref().map_or("", |x| x.as_str()).as_bytes());
        }
    }
}

impl Sketch for GrpcRouteMatch {
    fn sketch(items: &[Self], h: &mut impl Hasher) {
        h.write_usize(items.len());
        for m in items {
            let method = m.method.as_ref();
            h.write(
                method
                    .and_then(|x| x.service.as_deref())
                    .unwrap_or_default()
                    .as_bytes(),
            );
            h.write(
                method
                    .and_then(|x| x.method.as_deref())
                    .unwrap_or_default()
                    .as_bytes(),
            );
        }
    }
}

impl Sketch for String {
    fn sketch(items: &[Self], h: &mut impl Hasher) {
        h.write_usize(items.len());
        for x in items {
            h.write(x.as_bytes());
        }
    }
}

impl<T: Clone + PartialEq + Sketch> Interned<T> {
    pub(crate) fn new() -> Self {
        Self {
            slots: RefCell::new(Vec::new()),
            hasher: Seeded::default(),
        }
    }

    /// The list made by `make` from `written`, or the one made earlier from an equal list.
    pub(crate) fn get(&self, written: &[T], make: impl FnOnce(&[T]) -> Arc<[T]>) -> Arc<[T]> {
        // Nothing else borrows the slots while `make` runs; were they borrowed, the list is
        // made without sharing rather than failing.
        let Ok(mut slots) = self.slots.try_borrow_mut() else {
            return make(written);
        };
        if slots.is_empty() {
            slots.resize(INTERNED_SLOTS, None);
        }
        let mut h = self.hasher.build_hasher();
        T::sketch(written, &mut h);
        let i = h.finish() as usize % INTERNED_SLOTS;
        let Some(slot) = slots.get_mut(i) else {
            return make(written);
        };
        if let Some((w, made)) = slot
            && **w == *written
        {
            return Arc::clone(made);
        }
        let made = make(written);
        *slot = Some((written.into(), Arc::clone(&made)));
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::view::default_http_match;
    use gateway_api_types::model::HttpPathMatch;

    fn path(value: &str) -> HttpRouteMatch {
        HttpRouteMatch {
            path: Some(HttpPathMatch {
                r#type: None,
                value: Some(value.to_owned()),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn interned_lists_are_shared_and_never_confused() {
        // More distinct lists than slots, so that slots are shared and replaced; the same list
        // twice in a row is one list.
        let written: Vec<Vec<HttpRouteMatch>> = (0..3 * INTERNED_SLOTS)
            .map(|i| vec![path(&format!("/p{i}")), path("/health")])
            .collect();
        let interned = Interned::new();
        let make = |w: &[HttpRouteMatch]| w.iter().map(default_http_match).collect();
        for w in &written {
            let first = interned.get(w, make);
            let again = interned.get(w, make);
            assert!(Arc::ptr_eq(&first, &again));
            assert_eq!(*first, *make(w));
        }
        // Equal lists written by different rules share too.
        let copy = written[7].clone();
        let a = interned.get(&written[7], make);
        let b = interned.get(&copy, make);
        assert!(Arc::ptr_eq(&a, &b));
        // After every other list went through, each list still comes out as made from itself.
        for w in written.iter().rev() {
            assert_eq!(*interned.get(w, make), *make(w));
        }
    }
}
