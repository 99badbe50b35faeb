//! Rules over lists of references: parentRefs and targetRefs distinctness, and the port a Service
//! backend reference needs.

use serde_json::Value;

use super::cel::Rule;
use super::cel::{
    Eval, Key, Obj, V, all_in, and, eq_eval, eq_str, exists_one_in, has, keys, not, or, read_items,
    sel, size, unset_str,
};
use gateway_api_types::rules as t;

pub(super) const RULES: &[Rule] = &[
    rule!(t::TARGET_REFS_SECTION_NAME_SPECIFIED.rule => target_refs_section_name_specified),
    rule!(t::TARGET_REFS_SECTION_NAME_UNIQUE.rule => target_refs_section_name_unique),
    rule!(t::PARENT_REFS_SECTION_NAME_SPECIFIED.rule => parent_refs_section_name_specified),
    rule!(t::PARENT_REFS_SECTION_NAME_UNIQUE.rule => parent_refs_section_name_unique),
    rule!(t::PARENT_REFS_SECTION_NAME_OR_PORT_SPECIFIED.rule => parent_refs_section_name_or_port_specified),
    rule!(t::PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE.rule => parent_refs_section_name_or_port_unique),
    rule!(t::BACKEND_REF_SERVICE_PORT.rule => backend_ref_service_port),
];

/// The fields the targetRefs rules compare, read once per reference.
const TARGET_KEYS: [Key<'static>; 4] = keys(["group", "kind", "name", "sectionName"]);

/// The fields the parentRefs rules compare, read once per reference.
const PARENT_KEYS: [Key<'static>; 6] =
    keys(["group", "kind", "name", "namespace", "sectionName", "port"]);

/// `p1.f == p2.f`.
fn same<'a>(p1: impl Obj<'a>, p2: impl Obj<'a>, f: &'static str) -> Eval<bool> {
    eq_eval(sel(p1, f), sel(p2, f))
}

/// `(!has(p.port) || p.port == 0)`.
fn unset_port<'a>(p: impl Obj<'a>) -> Eval<bool> {
    or(not(has(p, "port")), || {
        Ok(super::cel::eq(sel(p, "port")?, V::plain(&Value::from(0))))
    })
}

/// `(E(p1) && E(p2)) || (has(p1.f) && has(p2.f) && p1.f == p2.f)`: both unset/empty, or both set
/// and equal (the rules' spelling of "the same optional string").
fn same_optional_str<'a>(p1: impl Obj<'a>, p2: impl Obj<'a>, f: &'static str) -> Eval<bool> {
    or(and(unset_str(p1, f), || unset_str(p2, f)), || {
        all_of!(has(p1, f), has(p2, f), same(p1, p2, f))
    })
}

/// `p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name`.
fn same_target<'a>(p1: impl Obj<'a>, p2: impl Obj<'a>) -> Eval<bool> {
    all_of!(
        same(p1, p2, "group"),
        same(p1, p2, "kind"),
        same(p1, p2, "name")
    )
}

/// The same target, and the same namespace where unset and `''` are alike (`__namespace__` in
/// the CEL text is the escaped field name `namespace`).
fn same_parent<'a>(p1: impl Obj<'a>, p2: impl Obj<'a>) -> Eval<bool> {
    and(same_target(p1, p2), || {
        same_optional_str(p1, p2, "namespace")
    })
}

/// `(E(p1.sectionName) == E(p2.sectionName))`: both or neither name a section.
fn same_section_presence<'a>(p1: impl Obj<'a>, p2: impl Obj<'a>) -> Eval<bool> {
    let a = unset_str(p1, "sectionName")?;
    Ok(a == unset_str(p2, "sectionName")?)
}

fn target_refs_section_name_specified(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let refs = read_items(s, &TARGET_KEYS)?;
    all_in(&refs, |p1| {
        all_in(&refs, |p2| {
            if same_target(p1, p2)? {
                same_section_presence(p1, p2)
            } else {
                Ok(true)
            }
        })
    })
}

fn target_refs_section_name_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let refs = read_items(s, &TARGET_KEYS)?;
    all_in(&refs, |p1| {
        exists_one_in(&refs, |p2| {
            and(same_target(p1, p2), || {
                same_optional_str(p1, p2, "sectionName")
            })
        })
    })
}

fn parent_refs_section_name_specified(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let refs = read_items(s, &PARENT_KEYS)?;
    all_in(&refs, |p1| {
        all_in(&refs, |p2| {
            if same_parent(p1, p2)? {
                same_section_presence(p1, p2)
            } else {
                Ok(true)
            }
        })
    })
}

fn parent_refs_section_name_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let refs = read_items(s, &PARENT_KEYS)?;
    all_in(&refs, |p1| {
        exists_one_in(&refs, |p2| {
            and(same_parent(p1, p2), || {
                same_optional_str(p1, p2, "sectionName")
            })
        })
    })
}

/// Experimental: as [`parent_refs_section_name_specified`], and `port` too must be set on all or
/// none of the references to one parent (`port == 0` counts as unset).
fn parent_refs_section_name_or_port_specified(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let refs = read_items(s, &PARENT_KEYS)?;
    all_in(&refs, |p1| {
        all_in(&refs, |p2| {
            if same_parent(p1, p2)? {
                and(same_section_presence(p1, p2), || {
                    let a = unset_port(p1)?;
                    Ok(a == unset_port(p2)?)
                })
            } else {
                Ok(true)
            }
        })
    })
}

fn parent_refs_section_name_or_port_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let refs = read_items(s, &PARENT_KEYS)?;
    all_in(&refs, |p1| {
        exists_one_in(&refs, |p2| {
            all_of!(
                same_parent(p1, p2),
                same_optional_str(p1, p2, "sectionName"),
                or(and(unset_port(p1), || unset_port(p2)), || {
                    all_of!(has(p1, "port"), has(p2, "port"), same(p1, p2, "port"))
                })
            )
        })
    })
}

/// `(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true`; `group` and
/// `kind` are defaulted (`''`, `Service`) before the rule runs.
fn backend_ref_service_port(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let service = and(sel(s, "group").and_then(size).map(|n| n == 0), || {
        eq_str(sel(s, "kind"), "Service")
    })?;
    if service { has(s, "port") } else { Ok(true) }
}
