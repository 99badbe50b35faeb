//! A route's view: its rules with the API defaults applied, its backends (and mirror
//! backends) resolved, and the rules dropped for unsupported values. One implementation for
//! every route kind; what differs per kind (matches, filters, the effective rule type) is
//! behind [`RouteRule`] and [`RouteFilter`].

use std::sync::Arc;

use gateway_api_types::model::{
    GrpcRouteFilter, GrpcRouteFilterType, GrpcRouteMatch, GrpcRouteRule, HeaderMatchType,
    HttpMethod, HttpPathMatch, HttpRequestMirrorFilter, HttpRouteFilter, HttpRouteFilterType,
    HttpRouteMatch, HttpRouteRule, L4RouteRule, PathMatchType,
};

use super::RouteObject;
use crate::backends::{BackendRefLike, mirror_target, resolve_backend};
use crate::conditions::Reason;
use crate::context::Ctx;
use crate::deps::Deps;
use crate::{
    Backend, EffectiveGrpcFilter, EffectiveGrpcRule, EffectiveHttpFilter, EffectiveHttpRule,
    EffectiveL4Rule, EffectiveRules, RouteKind,
};

/// What the view of a route found.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RouteView {
    /// First unresolved reference: `ResolvedRefs=False` with this reason.
    pub(crate) unresolved: Option<Reason>,
    /// Indexes of rules dropped as invalid, with why.
    pub(crate) invalid_rules: Vec<(usize, String)>,
    pub(crate) rule_count: usize,
    /// The rules of its effective routes, shared by every listener it attaches to.
    pub(crate) rules: Arc<EffectiveRules>,
}

impl RouteView {
    /// Every rule was dropped: the route is not accepted.
    pub(crate) fn all_invalid(&self) -> bool {
        self.rule_count > 0 && self.rule_count == self.invalid_rules.len()
    }

    /// Whether the route claims hostnames against routes of the other kind (HTTPRoute and
    /// GRPCRoute): it has a rule left.
    pub(crate) fn claims(&self) -> bool {
        self.rule_count != self.invalid_rules.len()
    }
}

/// Layer-4 routes have no filters.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NoFilter {}

/// A filter of a rule or of a backend reference.
pub(crate) trait RouteFilter {
    /// The filter in the effective rules.
    type Effective;
    /// Why the filter is not supported (an unknown type).
    fn unsupported(&self) -> Option<String>;
    /// A feature the filter needs that the controller lacks (see [`crate::Feature`]).
    fn missing_feature(&self, _features: crate::Features) -> Option<crate::Feature> {
        None
    }
    /// The backend of a RequestMirror filter.
    fn mirror(&self) -> Option<&HttpRequestMirrorFilter>;
    fn effective(&self, mirror: Option<Backend<()>>) -> Self::Effective;
}

impl RouteFilter for HttpRouteFilter {
    type Effective = EffectiveHttpFilter;
    fn unsupported(&self) -> Option<String> {
        match &self.r#type {
            HttpRouteFilterType::Unrecognized(t) => {
                Some(format!("filter type {t} is not supported"))
            }
            _ => None,
        }
    }
    fn missing_feature(&self, features: crate::Features) -> Option<crate::Feature> {
        crate::features::http_filter_missing(self, features)
    }
    fn mirror(&self) -> Option<&HttpRequestMirrorFilter> {
        self.request_mirror.as_ref()
    }
    fn effective(&self, mirror: Option<Backend<()>>) -> EffectiveHttpFilter {
        EffectiveHttpFilter {
            filter: self.clone(),
            mirror,
        }
    }
}

impl RouteFilter for GrpcRouteFilter {
    type Effective = EffectiveGrpcFilter;
    fn unsupported(&self) -> Option<String> {
        match &self.r#type {
            GrpcRouteFilterType::Unrecognized(t) => {
                Some(format!("filter type {t} is not supported"))
            }
            _ => None,
        }
    }
    fn mirror(&self) -> Option<&HttpRequestMirrorFilter> {
        self.request_mirror.as_ref()
    }
    fn effective(&self, mirror: Option<Backend<()>>) -> EffectiveGrpcFilter {
        EffectiveGrpcFilter {
            filter: self.clone(),
            mirror,
        }
    }
}

impl RouteFilter for NoFilter {
    type Effective = ();
    fn unsupported(&self) -> Option<String> {
        match *self {}
    }
    fn mirror(&self) -> Option<&HttpRequestMirrorFilter> {
        match *self {}
    }
    fn effective(&self, _: Option<Backend<()>>) {
        match *self {}
    }
}

/// Filters resolved into an effective rule (`F`), and backends with theirs.
type Resolved<R> = (
    Vec<<<R as RouteRule>::Filter as RouteFilter>::Effective>,
    Vec<Backend<<<R as RouteRule>::Filter as RouteFilter>::Effective>>,
);

/// A rule of some route kind.
pub(crate) trait RouteRule: Sized {
    type Filter: RouteFilter;
    type BackendRef: BackendRefLike<Filter = Self::Filter>;
    /// The rule in the effective rules.
    type Effective;
    fn filters(&self) -> &[Self::Filter];
    fn backend_refs(&self) -> &[Self::BackendRef];
    /// Why a match of the rule is not supported (the last such value).
    fn match_problem(&self) -> Option<String>;
    /// The effective rule, with matches defaulted.
    fn effective(&self, ctx: &Ctx<'_>, index: usize, resolved: Resolved<Self>) -> Self::Effective;
    /// The effective rules of a route.
    fn collect(rules: Vec<Self::Effective>) -> EffectiveRules;
}

/// Why a `RegularExpression` match value is refused, by the one regex policy the router
/// compiles with ([`gateway_api_match::pattern`]): a rule the router could not build is
/// dropped like a rule with an unsupported value, so one bad pattern never takes the other
/// rules or routes of its listener down.
fn regex_problem(what: &str, pattern: &str) -> Option<String> {
    gateway_api_match::pattern::check(pattern).err().map(|e| {
        let quoted = gateway_api_match::pattern::excerpt(pattern);
        format!("{what} regular expression {quoted:?} does not compile: {e}")
    })
}

/// HTTPRoute match defaults: path PathPrefix `/`, header and query parameter type Exact.
pub(crate) fn default_http_match(m: &HttpRouteMatch) -> HttpRouteMatch {
    let mut m = m.clone();
    let path = m.path.get_or_insert_with(HttpPathMatch::default);
    path.r#type.get_or_insert(PathMatchType::PathPrefix);
    path.value.get_or_insert_with(|| "/".to_owned());
    for h in m.headers.iter_mut().flatten() {
        h.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    for q in m.query_params.iter_mut().flatten() {
        q.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    m
}

/// GRPCRoute match defaults: method and header type Exact.
fn default_grpc_match(m: &GrpcRouteMatch) -> GrpcRouteMatch {
    let mut m = m.clone();
    if let Some(method) = m.method.as_mut() {
        method.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    for h in m.headers.iter_mut().flatten() {
        h.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    m
}

impl RouteRule for HttpRouteRule {
    type Filter = HttpRouteFilter;
    type BackendRef = gateway_api_types::model::HttpBackendRef;
    type Effective = EffectiveHttpRule;
    fn filters(&self) -> &[HttpRouteFilter] {
        self.filters.as_deref().unwrap_or_default()
    }
    fn backend_refs(&self) -> &[Self::BackendRef] {
        self.backend_refs.as_deref().unwrap_or_default()
    }
    fn match_problem(&self) -> Option<String> {
        let mut problem = None;
        for m in self.matches.iter().flatten() {
            match m
                .path
                .as_ref()
                .map(|p| (p.r#type.as_ref(), p.value.as_deref()))
            {
                Some((Some(PathMatchType::Unrecognized(t)), _)) => {
                    problem = Some(format!("path match type {t} is not supported"));
                }
                Some((Some(PathMatchType::RegularExpression), Some(v))) => {
                    problem = regex_problem("path", v).or(problem);
                }
                _ => {}
            }
            if let Some(HttpMethod::Unrecognized(t)) = &m.method {
                problem = Some(format!("method {t} is not supported"));
            }
            for h in m.headers.iter().flatten() {
                if let Some(HeaderMatchType::RegularExpression) = h.r#type {
                    problem = regex_problem("header", &h.value).or(problem);
                }
            }
            for q in m.query_params.iter().flatten() {
                if let Some(HeaderMatchType::RegularExpression) = q.r#type {
                    problem = regex_problem("query parameter", &q.value).or(problem);
                }
            }
        }
        problem
    }
    fn effective(
        &self,
        ctx: &Ctx<'_>,
        index: usize,
        (filters, backends): Resolved<Self>,
    ) -> EffectiveHttpRule {
        // "no matches" is one match of every path.
        let matches =
            ctx.shared
                .http_matches
                .get(
                    self.matches.as_deref().unwrap_or_default(),
                    |written| match written {
                        [] => Arc::new([default_http_match(&HttpRouteMatch::default())]),
                        ms => ms.iter().map(default_http_match).collect(),
                    },
                );
        EffectiveHttpRule {
            index,
            name: self.name.clone(),
            matches,
            filters,
            backends,
            timeouts: self.timeouts.clone(),
        }
    }
    fn collect(rules: Vec<EffectiveHttpRule>) -> EffectiveRules {
        EffectiveRules::Http(rules)
    }
}

impl RouteRule for GrpcRouteRule {
    type Filter = GrpcRouteFilter;
    type BackendRef = gateway_api_types::model::GrpcBackendRef;
    type Effective = EffectiveGrpcRule;
    fn filters(&self) -> &[GrpcRouteFilter] {
        self.filters.as_deref().unwrap_or_default()
    }
    fn backend_refs(&self) -> &[Self::BackendRef] {
        self.backend_refs.as_deref().unwrap_or_default()
    }
    fn match_problem(&self) -> Option<String> {
        let mut problem = None;
        for m in self.matches.iter().flatten() {
            if let Some(method) = &m.method {
                match &method.r#type {
                    Some(HeaderMatchType::Unrecognized(t)) => {
                        problem = Some(format!("method match type {t} is not supported"));
                    }
                    Some(HeaderMatchType::RegularExpression) => {
                        // Empty names match anything and are not compiled (as in the router).
                        for (what, v) in [("service", &method.service), ("method", &method.method)]
                        {
                            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                                problem = regex_problem(what, v).or(problem);
                            }
                        }
                    }
                    _ => {}
                }
            }
            for h in m.headers.iter().flatten() {
                if let Some(HeaderMatchType::RegularExpression) = h.r#type {
                    problem = regex_problem("header", &h.value).or(problem);
                }
            }
        }
        problem
    }
    fn effective(
        &self,
        ctx: &Ctx<'_>,
        index: usize,
        (filters, backends): Resolved<Self>,
    ) -> EffectiveGrpcRule {
        // "If no matches are specified, the implementation MUST match every gRPC request":
        // an empty list.
        let matches = ctx
            .shared
            .grpc_matches
            .get(self.matches.as_deref().unwrap_or_default(), |written| {
                written.iter().map(default_grpc_match).collect()
            });
        EffectiveGrpcRule {
            index,
            name: self.name.clone(),
            matches,
            filters,
            backends,
        }
    }
    fn collect(rules: Vec<EffectiveGrpcRule>) -> EffectiveRules {
        EffectiveRules::Grpc(rules)
    }
}

impl RouteRule for L4RouteRule {
    type Filter = NoFilter;
    type BackendRef = gateway_api_types::model::BackendRef;
    type Effective = EffectiveL4Rule;
    fn filters(&self) -> &[NoFilter] {
        &[]
    }
    fn backend_refs(&self) -> &[Self::BackendRef] {
        &self.backend_refs
    }
    fn match_problem(&self) -> Option<String> {
        None
    }
    fn effective(
        &self,
        _: &Ctx<'_>,
        index: usize,
        (_, backends): Resolved<Self>,
    ) -> EffectiveL4Rule {
        EffectiveL4Rule {
            index,
            name: self.name.clone(),
            backends,
        }
    }
    fn collect(rules: Vec<EffectiveL4Rule>) -> EffectiveRules {
        EffectiveRules::L4(rules)
    }
}

/// Notes the first backend that did not resolve as the route's `ResolvedRefs` problem.
fn note<F>(unresolved: &mut Option<Reason>, b: &Backend<F>) {
    if let (None, Some(i)) = (&unresolved, &b.invalid) {
        *unresolved = Some((i.reason.as_str().into(), i.message.clone()));
    }
}

/// The view of a route of any kind; what it read goes to `deps`.
pub(crate) fn view<R: RouteObject>(ctx: &Ctx<'_>, route: &R, deps: &mut Deps) -> RouteView {
    let kind: RouteKind = R::KIND;
    let ns = route.meta().namespace.as_deref().unwrap_or_default();
    let spec_rules = route.rules();
    let mut unresolved = None;
    let mut invalid_rules = Vec::new();
    let mut rules = Vec::with_capacity(spec_rules.len());
    let filter =
        |unresolved: &mut Option<Reason>, deps: &mut Deps, f: &<R::Rule as RouteRule>::Filter| {
            let mirror = f.mirror().map(|m| {
                let b = resolve_backend(
                    ctx,
                    deps,
                    kind,
                    ns,
                    &mirror_target(&m.backend_ref),
                    Vec::new(),
                );
                note(unresolved, &b);
                b
            });
            f.effective(mirror)
        };
    for (index, rule) in spec_rules.iter().enumerate() {
        let mut problem = None;
        let backend_filters = rule.backend_refs().iter().flat_map(|b| b.filters());
        for f in rule.filters().iter().chain(backend_filters) {
            if let Some(p) = f.unsupported() {
                problem = Some(p);
            } else if let Some(n) = f.missing_feature(ctx.opts.features) {
                problem = Some(format!("the controller does not support feature {n}"));
            }
        }
        if let Some(p) = rule.match_problem() {
            problem = Some(p);
        }
        if let Some(p) = problem {
            invalid_rules.push((index, p));
            continue;
        }
        let filters = rule
            .filters()
            .iter()
            .map(|f| filter(&mut unresolved, deps, f))
            .collect();
        let backends = rule
            .backend_refs()
            .iter()
            .map(|b| {
                let fs = b
                    .filters()
                    .iter()
                    .map(|f| filter(&mut unresolved, deps, f))
                    .collect();
                let be = resolve_backend(ctx, deps, kind, ns, &b.target(), fs);
                note(&mut unresolved, &be);
                be
            })
            .collect();
        rules.push(rule.effective(ctx, index, (filters, backends)));
    }
    RouteView {
        unresolved,
        invalid_rules,
        rule_count: spec_rules.len(),
        rules: Arc::new(R::Rule::collect(rules)),
    }
}
