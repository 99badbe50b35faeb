//! What every status shares: building our conditions, merging them into what an object
//! already carries, and the spec's order of objects by age.

use std::borrow::Cow;
use std::cmp::Ordering;

use gateway_api_types::conditions::{condition, set_condition};
use gateway_api_types::model::{Condition, ConditionStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::jiff::Timestamp;

/// A status reason with its message, for conditions computed before they are written.
pub(crate) type Reason = (Cow<'static, str>, String);

/// A reason from a typed reason enum (or a constant) and a message.
pub(crate) fn reason(r: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Reason {
    (r.into(), message.into())
}

/// The `observedGeneration` of our conditions on an object.
pub(crate) fn generation(meta: &ObjectMeta) -> Option<i64> {
    Some(meta.generation.unwrap_or(1))
}

/// Builds our conditions of one object: all share the clock and the observed generation.
pub(crate) struct Conditions<'a> {
    pub(crate) now: &'a Time,
    pub(crate) generation: Option<i64>,
    pub(crate) list: Vec<Condition>,
}

impl<'a> Conditions<'a> {
    pub(crate) fn new(now: &'a Time, generation: Option<i64>) -> Self {
        Self {
            now,
            generation,
            list: Vec::with_capacity(4),
        }
    }

    /// Adds a condition that is True or False.
    pub(crate) fn set(
        &mut self,
        r#type: impl Into<Cow<'static, str>>,
        ok: bool,
        reason: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) {
        let status = if ok {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        };
        self.list.push(condition(
            r#type,
            status,
            reason,
            message,
            self.generation,
            self.now.clone(),
        ));
    }

    /// Merges the conditions into `existing` (see [`merge_conditions`]).
    pub(crate) fn merge_into(self, existing: &[Condition], managed: &[&str]) -> Vec<Condition> {
        merge_conditions(existing, self.list, managed)
    }
}

/// Merges freshly computed conditions into an existing list: conditions of the types we write
/// are set (an unchanged one keeps its lastTransitionTime), those of `managed` types we no
/// longer write are removed, any other type (another controller's) is kept.
pub(crate) fn merge_conditions(
    existing: &[Condition],
    fresh: Vec<Condition>,
    managed: &[&str],
) -> Vec<Condition> {
    if existing.is_empty() {
        // Fresh conditions have distinct types: nothing to merge.
        return fresh;
    }
    let mut out: Vec<Condition> = existing
        .iter()
        .filter(|c| !managed.contains(&&*c.r#type) || fresh.iter().any(|f| f.r#type == c.r#type))
        .cloned()
        .collect();
    for c in fresh {
        set_condition(&mut out, c);
    }
    out
}

/// The creation time the spec's order reads: "A missing creationTimestamp counts as equally
/// old", read as the oldest possible time.
pub(crate) fn created_at(meta: &ObjectMeta) -> Timestamp {
    age(meta.creation_timestamp.as_ref().map(|t| t.0))
}

/// [`created_at`] of a timestamp already read.
pub(crate) fn age(created: Option<Timestamp>) -> Timestamp {
    created.unwrap_or(Timestamp::UNIX_EPOCH).max(Timestamp::MIN)
}

/// Orders two objects "alphabetical[ly] by {namespace}/{name}", comparing that string
/// without building it. Comparing the pair (namespace, name) is not the same: `team-b/x`
/// sorts before `team/y` (`-` is below `/`) although `team` is a prefix of `team-b`.
pub(crate) fn cmp_namespaced(a: (&str, &str), b: (&str, &str)) -> Ordering {
    fn text<'a>((ns, name): (&'a str, &'a str)) -> impl Iterator<Item = u8> + 'a {
        ns.bytes().chain(std::iter::once(b'/')).chain(name.bytes())
    }
    text(a).cmp(text(b))
}

/// Orders objects by age, then by `{namespace}/{name}` ([`created_at`], [`cmp_namespaced`]).
pub(crate) fn age_cmp(a: &ObjectMeta, b: &ObjectMeta) -> Ordering {
    fn name(m: &ObjectMeta) -> (&str, &str) {
        (
            m.namespace.as_deref().unwrap_or(""),
            m.name.as_deref().unwrap_or(""),
        )
    }
    created_at(a)
        .cmp(&created_at(b))
        .then_with(|| cmp_namespaced(name(a), name(b)))
}
