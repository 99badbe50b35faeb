//! References across namespaces: ReferenceGrants.

use crate::context::Ctx;
use crate::deps::{Dep, Deps};

/// The API group of Gateway API kinds.
pub(crate) const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// Whether a ReferenceGrant lets an object of kind `from.0` in namespace `from.1` refer to the
/// core object of kind `to.0` in namespace `to.1` named `to.2` (every reference the resolver
/// checks names a core kind: Service, Secret, ConfigMap). A reference across namespaces
/// records that the answer depends on the grants between the two namespaces.
///
/// "All cross-namespace references in Gateway API (with the exception of cross-namespace
/// Gateway-route attachment) require a ReferenceGrant"; the grant "lives in the target
/// namespace", its `from` and `to` entries are OR'ed, and a `to` without name allows every
/// object of that kind. References within one namespace need no grant.
pub(crate) fn permitted(
    ctx: &Ctx<'_>,
    deps: &mut Deps,
    (from_kind, from_namespace): (&str, &str),
    (to_kind, to_namespace, to_name): (&str, &str, &str),
) -> bool {
    if from_namespace == to_namespace {
        return true;
    }
    deps.add(|| Dep::Grant {
        from: from_namespace.to_owned(),
        to: to_namespace.to_owned(),
    });
    ctx.lookups.grants_in(to_namespace).any(|grant| {
        grant.spec.from.iter().any(|f| {
            f.group == GATEWAY_GROUP && f.kind == from_kind && f.namespace == from_namespace
        }) && grant.spec.to.iter().any(|t| {
            t.group.is_empty()
                && t.kind == to_kind
                && t.name
                    .as_deref()
                    .is_none_or(|n| n.is_empty() || n == to_name)
        })
    })
}
