//! The passes over one object, in the API server's order: pruning, defaulting, the OpenAPI
//! schema validator (kube-openapi), list-type uniqueness, then the CEL rules.

use serde_json::{Map, Value};

use crate::error::{BadValue, ErrorKind, FieldError, go_float, go_quote};
use crate::rules;
use crate::rules::cel::{NO_BLOCK, Slot, V, json_eq, write_canonical};
use crate::schema::{ListType, Node, Ty};

/// A CEL rule that applied to a value but has no native implementation yet: the object was not
/// fully checked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UncheckedRule {
    /// The field path of the value the rule applies to (empty for the object's root).
    pub field: String,
    /// The rule's CEL text, exactly as in the CRD.
    pub rule: String,
    /// The rule's message.
    pub message: String,
}

fn push_field(path: &mut String, key: &str) -> usize {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    len
}

fn push_index(path: &mut String, i: usize) -> usize {
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

fn joined(path: &str, key: &str) -> String {
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
fn at(path: &Path<'_>, kind: ErrorKind, value: BadValue, detail: impl Into<String>) -> FieldError {
    FieldError::at(&path.to_string(), kind, value, detail)
}

/// The JSON type name of a value, as kube-openapi names the Go type it decodes to.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The largest integer a float64 holds exactly; kube-openapi accepts a float as an integer only
/// up to it.
const MAX_JSON_INTEGER: f64 = 9_007_199_254_740_992.0;

fn type_matches(t: Ty, v: &Value) -> bool {
    match (t, v) {
        (Ty::Object, Value::Object(_))
        | (Ty::Array, Value::Array(_))
        | (Ty::String, Value::String(_))
        | (Ty::Boolean, Value::Bool(_))
        | (Ty::Number, Value::Number(_)) => true,
        (Ty::Integer, Value::Number(n)) => {
            n.is_i64()
                || n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() <= MAX_JSON_INTEGER)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Pruning and defaulting

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

fn non_nullable_null(v: &Value, s: &Node) -> bool {
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

// ---------------------------------------------------------------------------------------------
// The OpenAPI schema validator

/// What only the pass over the object's own schema (not a `oneOf`/`anyOf`/`allOf`/`not` branch)
/// records on its way: unknown fields, which the API server prunes while decoding, and
/// `x-kubernetes-list-type` duplicates, which it reports after the schema errors.
pub(crate) struct Structural<'a, 'v> {
    pub(crate) unknown: &'a mut Vec<String>,
    pub(crate) lists: &'a mut Vec<FieldError>,
    /// Set when a non-nullable `null` was dropped or replaced by its default.
    pub(crate) touched_null: bool,
    /// What the pass found, for the CEL pass: one block per object visited (a slot per
    /// declared property, in the schema's order) and per list (a slot per item).
    pub(crate) slots: Vec<Slot<'v>>,
    /// The block of the value [`validate`] returned from last, or [`NO_BLOCK`].
    pub(crate) block: u32,
}

impl<'v> Structural<'_, 'v> {
    /// Starts a block holding `slots`, and returns its position.
    fn open(&mut self, slots: impl Iterator<Item = Slot<'v>>) -> usize {
        let at = self.slots.len();
        self.slots.extend(slots);
        at
    }

    /// Starts the block of an object whose schema is `n`: a slot per declared property, each
    /// holding the property's default (what an absent field reads as) until the caller puts in
    /// what the object has.
    fn open_fields(&mut self, n: &'v Node) -> usize {
        self.open(n.properties.iter().map(|(_, p)| Slot {
            value: p.default.as_ref(),
            block: NO_BLOCK,
            submitted: false,
        }))
    }
}

/// A block position as a [`Slot::block`] (tables never grow near `u32::MAX` slots: one per
/// JSON value at most, and request bodies are limited to a few megabytes).
fn block_id(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(NO_BLOCK)
}

/// Validates `v` against `n` the way kube-openapi's `SchemaValidator` does, in the order of its
/// validators (type, oneOf/anyOf/not, string, format, number, items, enum, object). Returns the
/// number of checks applied, which picks the "best" failing branch of a `oneOf`/`anyOf`, as
/// kube-openapi's match count does.
///
/// `v` is read through the object's schema, so it is pruned and defaulted as the API server's
/// validator sees it. With `structural` (the pass over the object's own schema, where `n` is
/// `v`'s schema node), fields the schema does not declare are recorded and list types checked;
/// a defaulted field absent from the submitted object is not walked there: every default of the
/// CRDs is valid, as the API server requires of a CRD before it serves it (a test checks it for
/// the CRDs of both channels). A `oneOf`/`anyOf`/`allOf`/`not` branch (`structural` is `None`)
/// sees defaulted fields too.
///
/// The structural pass also records the value's fields (or items) as a block of slots and
/// leaves its position in [`Structural::block`] (see [`Slot`]).
pub(crate) fn validate<'v>(
    n: &'v Node,
    v: V<'v>,
    path: &Path<'_>,
    errs: &mut Vec<FieldError>,
    mut structural: Option<&mut Structural<'_, 'v>>,
) -> u32 {
    let raw = v.raw();
    let mut count = 1;
    if let Some(st) = structural.as_deref_mut() {
        st.block = NO_BLOCK;
    }
    if raw.is_null() {
        if !n.nullable
            && let Some(t) = n.ty
        {
            errs.push(type_error(path, t.name(), "null"));
        }
        enum_check(n, v, path, errs);
        return count + 1;
    }
    if let Some(t) = n.ty
        && !type_matches(t, raw)
    {
        errs.push(type_error(path, t.name(), json_type(raw)));
    }
    if n.checks & Node::BRANCHES != 0 {
        count += 1 + schema_props(n, v, path, errs);
    }
    match raw {
        Value::String(s) => {
            count += 1;
            if n.checks & Node::STRING == 0 {
                // Nothing to check on this string.
            } else if let Some(f) = n.format {
                string_checks(n, s, path, errs);
                count += 1;
                if !f.check(s) {
                    let detail = format!(
                        "{path} in body must be of type {}: {}",
                        f.name(),
                        go_quote(s)
                    );
                    errs.push(at(
                        path,
                        ErrorKind::TypeInvalid,
                        BadValue::Str(s.clone()),
                        detail,
                    ));
                }
            } else {
                string_checks(n, s, path, errs);
            }
        }
        Value::Number(num) => {
            count += 1;
            if n.checks & Node::NUMBER != 0 {
                number_checks(n, num, path, errs);
            }
        }
        Value::Array(items) => {
            count += 1;
            if let Some(st) = structural.as_deref_mut() {
                list_type(n, v, path, st.lists);
                st.touched_null |= n.items.as_ref().is_some_and(|s| {
                    !s.nullable && s.default.is_some() && items.iter().any(Value::is_null)
                });
            }
            if let (Some(s), Some(views)) = (&n.items, v.items()) {
                let base = structural.as_deref_mut().map(|st| {
                    st.open(views.iter().map(|x| Slot {
                        value: Some(x.raw()),
                        block: NO_BLOCK,
                        submitted: true,
                    }))
                });
                for (i, item) in views.iter().enumerate() {
                    count += validate(
                        s,
                        item,
                        &Path::Index(path, i),
                        errs,
                        structural.as_deref_mut(),
                    );
                    if let (Some(st), Some(base)) = (structural.as_deref_mut(), base) {
                        st.slots[base + i].block = st.block;
                    }
                }
                if let (Some(st), Some(base)) = (structural.as_deref_mut(), base) {
                    st.block = block_id(base);
                }
            }
            let size = items.len() as u64;
            if n.checks & Node::ITEMS != 0 {
                if let Some(min) = n.min_items
                    && size < min
                {
                    errs.push(too_few(path, size, min, "items"));
                }
                if let Some(max) = n.max_items
                    && size > max
                {
                    errs.push(too_many(path, size, max));
                }
            }
        }
        _ => {}
    }
    if n.checks & Node::ENUM != 0 {
        count += 1;
        enum_check(n, v, path, errs);
    }
    if let Value::Object(m) = raw {
        count += 1 + object(n, v, m, path, errs, structural);
    }
    count
}

fn number_checks(n: &Node, num: &serde_json::Number, path: &Path<'_>, errs: &mut Vec<FieldError>) {
    let d = num.as_f64().unwrap_or(0.0);
    let bounds = [
        (n.minimum, n.exclusive_minimum, true),
        (n.maximum, n.exclusive_maximum, false),
    ];
    for (limit, exclusive, lower) in bounds {
        let Some(limit) = limit else { continue };
        let (broken, op) = match (lower, exclusive) {
            (true, false) => (d < limit, "greater than or equal to"),
            (true, true) => (d <= limit, "greater than"),
            (false, false) => (d > limit, "less than or equal to"),
            (false, true) => (d >= limit, "less than"),
        };
        if broken {
            let detail = format!("{path} in body should be {op} {}", go_float(limit));
            errs.push(at(path, ErrorKind::Invalid, BadValue::Float(d), detail));
        }
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn too_many(path: &Path<'_>, actual: u64, max: u64) -> FieldError {
    let unit = if max == 1 { "item" } else { "items" };
    at(
        path,
        ErrorKind::TooMany,
        BadValue::Int(to_i64(actual)),
        format!("must have at most {max} {unit}"),
    )
}

/// kube-openapi's error for fewer items or properties (`what`) than `minItems`/`minProperties`.
fn too_few(path: &Path<'_>, actual: u64, min: u64, what: &str) -> FieldError {
    let detail = format!("{path} in body should have at least {min} {what}");
    at(
        path,
        ErrorKind::Invalid,
        BadValue::Int(to_i64(actual)),
        detail,
    )
}

fn type_error(path: &Path<'_>, want: &str, got: &str) -> FieldError {
    let detail = format!("{path} in body must be of type {want}: {}", go_quote(got));
    at(
        path,
        ErrorKind::TypeInvalid,
        BadValue::Str(got.to_owned()),
        detail,
    )
}

fn string_checks(n: &Node, s: &str, path: &Path<'_>, errs: &mut Vec<FieldError>) {
    // kube-openapi counts characters, and reports only the first failing check. A character
    // is 1 to 4 bytes, so the byte length settles most checks without counting.
    let len = s.len() as u64;
    let chars = || s.chars().count() as u64;
    if let Some(max) = n.max_length
        && len > max
        && chars() > max
    {
        let unit = if max == 1 { "byte" } else { "bytes" };
        let detail = format!("may not be more than {max} {unit}");
        errs.push(at(
            path,
            ErrorKind::TooLong,
            BadValue::Str(s.to_owned()),
            detail,
        ));
        return;
    }
    if let Some(min) = n.min_length
        && len < min.saturating_mul(4)
        && chars() < min
    {
        let detail = format!("{path} in body should be at least {min} chars long");
        errs.push(at(
            path,
            ErrorKind::Invalid,
            BadValue::Str(s.to_owned()),
            detail,
        ));
        return;
    }
    if let Some(p) = &n.pattern
        && p.is_match(s) == Some(false)
    {
        let detail = format!("{path} in body should match '{}'", p.source);
        errs.push(at(
            path,
            ErrorKind::Invalid,
            BadValue::Str(s.to_owned()),
            detail,
        ));
    }
}

fn enum_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // Go converts the datum to the enum value's type before comparing: 301 == 301.0.
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn enum_check(n: &Node, view: V<'_>, path: &Path<'_>, errs: &mut Vec<FieldError>) {
    let Some(values) = &n.enumeration else { return };
    let v = view.raw();
    if values.iter().any(|e| enum_eq(e, v)) {
        return;
    }
    let supported: Vec<String> = values
        .iter()
        .map(|e| match e {
            Value::String(s) => go_quote(s),
            other => go_quote(&other.to_string()),
        })
        .collect();
    let detail = format!("supported values: {}", supported.join(", "));
    let value = if v.is_null() {
        BadValue::Json(Value::Null)
    } else {
        bad_value(view)
    };
    errs.push(at(path, ErrorKind::NotSupported, value, detail));
}

/// The value an error shows: what the API server validated, that is pruned and defaulted (an
/// object under a schema that declares none of its fields shows as `{}`).
fn bad_value(v: V<'_>) -> BadValue {
    match v.raw() {
        Value::Object(_) | Value::Array(_) => BadValue::Json(materialize(v)),
        raw => BadValue::of(raw),
    }
}

fn composite(message: String) -> FieldError {
    FieldError::new(
        None,
        ErrorKind::Invalid,
        BadValue::Str(String::new()),
        message,
    )
}

/// `anyOf`, `oneOf`, `allOf` and `not`, with kube-openapi's messages and its choice of which
/// failing branch to report.
fn schema_props(n: &Node, v: V<'_>, path: &Path<'_>, errs: &mut Vec<FieldError>) -> u32 {
    let mut count = 0;
    if !n.any_of.is_empty() {
        let mut best: Option<(u32, Vec<FieldError>)> = None;
        let mut ok = false;
        for b in &n.any_of {
            let mut e = Vec::new();
            let c = validate(b, v, path, &mut e, None);
            if e.is_empty() {
                ok = true;
                best = None;
                break;
            }
            if best.as_ref().is_none_or(|(bc, _)| c > *bc) {
                best = Some((c, e));
            }
        }
        if !ok {
            errs.push(composite(format!(
                "{} must validate at least one schema (anyOf)",
                go_quote(&path.to_string())
            )));
        }
        if let Some((c, e)) = best {
            count += c;
            errs.extend(e);
        }
    }
    if !n.one_of.is_empty() {
        let mut best: Option<(u32, Vec<FieldError>)> = None;
        let mut validated = 0;
        for b in &n.one_of {
            let mut e = Vec::new();
            let c = validate(b, v, path, &mut e, None);
            if e.is_empty() {
                validated += 1;
                best = None;
                continue;
            }
            if validated == 0 && best.as_ref().is_none_or(|(bc, _)| c > *bc) {
                best = Some((c, e));
            }
        }
        if validated != 1 {
            let more = if validated == 0 {
                "Found none valid".to_owned()
            } else {
                format!("Found {validated} valid alternatives")
            };
            errs.push(composite(format!(
                "{} must validate one and only one schema (oneOf). {more}",
                go_quote(&path.to_string())
            )));
            if let Some((c, e)) = best {
                count += c;
                errs.extend(e);
            }
        }
    }
    if !n.all_of.is_empty() {
        let mut all_ok = true;
        for b in &n.all_of {
            let before = errs.len();
            count += validate(b, v, path, errs, None);
            all_ok &= errs.len() == before;
        }
        if !all_ok {
            errs.push(composite(format!(
                "{} must validate all the schemas (allOf)",
                go_quote(&path.to_string())
            )));
        }
    }
    if let Some(not) = &n.not {
        let mut e = Vec::new();
        count += validate(not, v, path, &mut e, None);
        if e.is_empty() {
            errs.push(composite(format!(
                "{} must not validate the schema (not)",
                go_quote(&path.to_string())
            )));
        }
    }
    count
}

fn object<'v>(
    n: &'v Node,
    v: V<'v>,
    m: &'v Map<String, Value>,
    path: &Path<'_>,
    errs: &mut Vec<FieldError>,
    mut structural: Option<&mut Structural<'_, 'v>>,
) -> u32 {
    if n.checks & Node::PROPERTIES != 0 {
        let size = v.entries().map_or(0, |e| e.count()) as u64;
        let mut stop = false;
        if let Some(max) = n.max_properties
            && size > max
        {
            errs.push(too_many(path, size, max));
            stop = true;
        } else if let Some(min) = n.min_properties
            && size < min
        {
            errs.push(too_few(path, size, min, "properties"));
            stop = true;
        }
        if stop {
            // kube-openapi stops checking the object here, but pruning, the list-type check
            // and the table still see its fields: walk them with their errors thrown away.
            if let Some(st) = structural {
                own_fields(n, v, m, path, &mut Vec::new(), st);
            }
            return 0;
        }
    }
    let mut count = 0;
    if let Some(a) = &n.additional {
        for (k, child) in v.entries().into_iter().flatten() {
            if n.prop(k).is_none() {
                count += validate(
                    a,
                    child,
                    &Path::Field(path, k),
                    errs,
                    structural.as_deref_mut(),
                );
            }
        }
    }
    if let Some(st) = structural {
        return count + own_fields(n, v, m, path, errs, st);
    }
    for k in &n.required {
        if v.field(k).is_none() {
            errs.push(FieldError::at(
                &Path::Field(path, k).to_string(),
                ErrorKind::Required,
                BadValue::Omitted,
                "",
            ));
        }
    }
    // A branch: every field the object has once pruned and defaulted.
    for (k, child) in v.entries().into_iter().flatten() {
        if let Some(p) = n.prop(k) {
            count += validate(p, child, &Path::Field(path, k), errs, None);
        }
    }
    count
}

/// The structural pass over an object's declared properties: records unknown fields, checks
/// `required`, validates the submitted fields, and writes the object's block of slots (one
/// per property, in the schema's order). `additionalProperties` entries are validated by the
/// caller, before `required`, in kube-openapi's order.
fn own_fields<'v>(
    n: &'v Node,
    v: V<'v>,
    m: &'v Map<String, Value>,
    path: &Path<'_>,
    errs: &mut Vec<FieldError>,
    st: &mut Structural<'_, 'v>,
) -> u32 {
    // Absent fields read as their defaults; the merge below puts in what was submitted.
    let base = st.open_fields(n);
    for (k, raw) in m {
        match n.prop_index(k) {
            Some(i) => {
                if raw.is_null() && !n.properties[i].1.nullable {
                    // Pruned, or replaced by the default, which is valid.
                    st.touched_null = true;
                } else {
                    st.slots[base + i] = Slot {
                        value: Some(raw),
                        block: NO_BLOCK,
                        submitted: true,
                    };
                }
            }
            None => match &n.additional {
                Some(a) => st.touched_null |= raw.is_null() && !a.nullable,
                None if n.preserve_unknown => {}
                None => st.unknown.push(Path::Field(path, k).to_string()),
            },
        }
    }
    for (k, p) in n.required.iter().zip(&n.required_props) {
        let present = match p {
            Some(i) => st.slots[base + i].value.is_some(),
            // Not a declared property: a map entry, or a field kept as it is.
            None => v.field(k).is_some(),
        };
        if !present {
            errs.push(FieldError::at(
                &Path::Field(path, k).to_string(),
                ErrorKind::Required,
                BadValue::Omitted,
                "",
            ));
        }
    }
    let mut count = 0;
    for (i, (k, p)) in n.properties.iter().enumerate() {
        let slot = st.slots[base + i];
        let (true, Some(raw)) = (slot.submitted, slot.value) else {
            // A default with rules inside (an HTTPRoute rule's default `matches`): index it
            // too, so that the rules read it from the table.
            if let Some(d) = slot.value
                && p.rules_below
            {
                st.slots[base + i].block = index_default(p, d, st);
            }
            continue;
        };
        count += validate(
            p,
            V::new(raw, p),
            &Path::Field(path, k),
            errs,
            Some(&mut *st),
        );
        st.slots[base + i].block = st.block;
    }
    st.block = block_id(base);
    count
}

/// Writes the blocks of a default value (or of a value inside one) and returns its block. The
/// structural pass does not validate defaults (they are valid); this only records what the
/// CEL pass reads, with the same rules as [`own_fields`] and list items: a non-nullable `null`
/// reads as the default (or, for a field, is absent without one).
fn index_default<'v>(n: &'v Node, d: &'v Value, st: &mut Structural<'_, 'v>) -> u32 {
    let nested = |p: &Node, x: &Value| p.rules_below && (x.is_object() || x.is_array());
    match d {
        Value::Object(m) if !n.properties.is_empty() => {
            let base = st.open_fields(n);
            for (k, x) in m {
                if let Some(i) = n.prop_index(k)
                    && (!x.is_null() || n.properties[i].1.nullable)
                {
                    st.slots[base + i].value = Some(x);
                }
            }
            for (i, (_, p)) in n.properties.iter().enumerate() {
                if let Some(x) = st.slots[base + i].value
                    && nested(p, x)
                {
                    st.slots[base + i].block = index_default(p, x, st);
                }
            }
            block_id(base)
        }
        Value::Array(items) => {
            let Some(s) = n.items.as_deref() else {
                return NO_BLOCK;
            };
            let item = |x: &'v Value| match &s.default {
                Some(d) if x.is_null() && !s.nullable => d,
                _ => x,
            };
            let base = st.open(items.iter().map(|x| Slot {
                value: Some(item(x)),
                block: NO_BLOCK,
                submitted: false,
            }));
            for (i, x) in items.iter().enumerate() {
                let x = item(x);
                if nested(s, x) {
                    st.slots[base + i].block = index_default(s, x, st);
                }
            }
            block_id(base)
        }
        _ => NO_BLOCK,
    }
}

// ---------------------------------------------------------------------------------------------
// x-kubernetes-list-type

/// Lists up to this long are checked for duplicates by comparing items pairwise; longer ones
/// by hashing their JSON text.
const PAIRWISE: usize = 32;

/// Whether two optional field values are the same (both absent counts as the same).
fn same(a: Option<V<'_>>, b: Option<V<'_>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => json_eq(a, b),
        _ => false,
    }
}

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
fn list_type(n: &Node, v: V<'_>, path: &Path<'_>, errs: &mut Vec<FieldError>) {
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

/// The JSON a view stands for, pruned and defaulted (for error values only).
fn materialize(v: V<'_>) -> Value {
    match v.raw() {
        Value::Array(_) => Value::Array(
            v.items()
                .into_iter()
                .flat_map(|i| i.iter())
                .map(materialize)
                .collect(),
        ),
        Value::Object(_) => Value::Object(
            v.entries()
                .into_iter()
                .flatten()
                .map(|(k, x)| (k.to_owned(), materialize(x)))
                .collect(),
        ),
        scalar => scalar.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// CEL rules

/// Where the CEL pass writes.
pub(crate) struct CelOut<'a> {
    pub(crate) errs: &'a mut Vec<FieldError>,
    pub(crate) unchecked: &'a mut Vec<UncheckedRule>,
    /// Whether the nodes' proofs may stand in for their rules ([`rules::proofs`]); off, every
    /// rule is evaluated one by one (the tests compare both).
    pub(crate) proofs: bool,
}

/// Evaluates every rule of every node that has a value, rules of a node before its children, as
/// the apiextensions CEL validator does. Values are read through the schema (pruned and
/// defaulted); only the properties with a rule at or below them are visited. `old` is the value
/// at the same path in the old object (object properties by name, items of `map` lists by key;
/// other list items have none).
pub(crate) fn cel(n: &Node, v: V<'_>, old: Option<V<'_>>, at: &Path<'_>, out: &mut CelOut<'_>) {
    if !n.rules_below {
        return;
    }
    // With a proof that the create-time rules hold, only transition rules are left to run.
    let proven = out.proofs && n.proof.is_some_and(|p| (p.holds)(v));
    if !proven || (old.is_some() && n.transition_rules) {
        for rule in &n.rules {
            if (rule.uses_old_self && old.is_none()) || (proven && !rule.uses_old_self) {
                continue;
            }
            let Some(check) = rule.native else {
                out.unchecked.push(UncheckedRule {
                    field: at.to_string(),
                    rule: rule.rule.clone(),
                    message: rule.message.clone().unwrap_or_default(),
                });
                continue;
            };
            let outcome = check(v, old);
            if outcome == Ok(true) {
                continue;
            }
            rule_error(n, rule, v.raw(), outcome.err(), &at.to_string(), out);
        }
    }
    match v.raw() {
        Value::Array(_) => {
            let (Some(s), Some(items)) = (&n.items, v.items()) else {
                return;
            };
            let old_items = old.and_then(V::items);
            for (i, item) in items.iter().enumerate() {
                let old_item = match (n.list_type, old_items) {
                    (Some(ListType::Map), Some(olds)) => olds.iter().find(|o| {
                        n.list_map_keys
                            .iter()
                            .all(|k| same(o.field(k), item.field(k)))
                    }),
                    _ => None,
                };
                cel(s, item, old_item, &Path::Index(at, i), out);
            }
        }
        Value::Object(_) => {
            for &i in &n.rule_props {
                let (k, p) = &n.properties[i];
                let Some(child) = v.property(i) else {
                    continue;
                };
                cel(
                    p,
                    child,
                    old.and_then(|o| o.field(k)),
                    &Path::Field(at, k),
                    out,
                );
            }
            let Some(a) = n.additional.as_deref().filter(|a| a.rules_below) else {
                return;
            };
            for (k, child) in v.entries().into_iter().flatten() {
                if n.prop(k).is_some() {
                    continue;
                }
                cel(
                    a,
                    child,
                    old.and_then(|o| o.field(k)),
                    &Path::Field(at, k),
                    out,
                );
            }
        }
        _ => {}
    }
}

/// The field error of a rule that did not hold (`error` is `None`) or failed to evaluate.
fn rule_error(
    n: &Node,
    rule: &crate::schema::Rule,
    v: &Value,
    error: Option<rules::cel::EvalError>,
    path: &str,
    out: &mut CelOut<'_>,
) {
    // The value an error shows is the node's type name, as the API server's.
    let type_name = n.ty.map_or_else(|| json_type(v), Ty::name);
    let value = BadValue::Str(type_name.to_owned());
    if let Some(e) = error {
        // apiextensions-apiserver reports an evaluation error at the node's own path
        // (the rule's fieldPath and reason are not applied), naming the rule by its
        // trimmed message, or by its text when it has none (`ruleErrorString`).
        let name = match rule.message.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => m,
            _ => rule.rule.trim(),
        };
        let message = match e {
            rules::cel::EvalError::NoSuchOverload => format!(
                "'{e}': call arguments did not match a supported operator, function or macro signature for rule: {name}"
            ),
            _ => format!("{e} evaluating rule: {name}"),
        };
        let field = (!path.is_empty()).then(|| path.to_owned());
        out.errs
            .push(FieldError::new(field, ErrorKind::Invalid, value, message));
        return;
    }
    let mut field = path.to_owned();
    if let Some(fp) = &rule.field_path {
        let fp = fp.trim_start_matches('.');
        if !fp.is_empty() {
            if !field.is_empty() && !fp.starts_with('[') {
                field.push('.');
            }
            field.push_str(fp);
        }
    }
    let field = if field.is_empty() { None } else { Some(field) };
    let message = match rule.message.as_deref().map(str::trim) {
        Some(m) if !m.is_empty() => m.to_owned(),
        _ => format!("failed rule: {}", rule.rule.trim()),
    };
    let err = match rule.reason.as_deref() {
        Some("FieldValueForbidden") => {
            FieldError::new(field, ErrorKind::Forbidden, BadValue::Omitted, message)
        }
        Some("FieldValueRequired") => {
            FieldError::new(field, ErrorKind::Required, BadValue::Omitted, message)
        }
        Some("FieldValueDuplicate") => FieldError::new(field, ErrorKind::Duplicate, value, ""),
        _ => FieldError::new(field, ErrorKind::Invalid, value, message),
    };
    out.errs.push(err);
}

/// Errors after which the API server does not evaluate CEL rules (`hasBlockingErr`).
pub(crate) fn is_blocking(e: &FieldError) -> bool {
    matches!(
        e.kind(),
        ErrorKind::NotSupported
            | ErrorKind::Required
            | ErrorKind::TooLong
            | ErrorKind::TooMany
            | ErrorKind::TypeInvalid
    )
}

/// The note the API server appends when it skipped the CEL rules.
pub(crate) fn blocking_note() -> FieldError {
    FieldError::new(
        None,
        ErrorKind::Invalid,
        BadValue::Json(Value::Null),
        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Validates `v` against `schema` (read pruned and defaulted); returns the printed errors of
    /// the schema and list-type passes.
    fn check(schema: Value, v: Value) -> Vec<String> {
        let mut n = Node::compile(&schema);
        n.complete_defaults();
        let (mut unknown, mut lists, mut errs) = (Vec::new(), Vec::new(), Vec::new());
        let mut st = Structural {
            unknown: &mut unknown,
            lists: &mut lists,
            touched_null: false,
            slots: Vec::new(),
            block: NO_BLOCK,
        };
        validate(&n, V::new(&v, &n), &Path::Root, &mut errs, Some(&mut st));
        errs.extend(lists);
        errs.iter().map(ToString::to_string).collect()
    }

    fn obj(props: Value) -> Value {
        json!({"type": "object", "properties": props})
    }

    /// A rendered [`Path`] is the string that pushing its segments onto a path builds, for
    /// chains of fields (empty names included) and items in any order.
    #[test]
    fn paths_render_as_pushed() {
        fn check_chain(segments: &[Result<&str, usize>], parent: &Path<'_>, pushed: &mut String) {
            assert_eq!(parent.to_string(), *pushed);
            let Some((first, rest)) = segments.split_first() else {
                return;
            };
            let len = match *first {
                Ok(k) => push_field(pushed, k),
                Err(i) => push_index(pushed, i),
            };
            match *first {
                Ok(k) => check_chain(rest, &Path::Field(parent, k), pushed),
                Err(i) => check_chain(rest, &Path::Index(parent, i), pushed),
            }
            pushed.truncate(len);
        }
        let pool: [Result<&str, usize>; 7] = [
            Ok("spec"),
            Ok(""),
            Ok("a.b"),
            Err(0),
            Err(7),
            Err(1234),
            Err(usize::MAX),
        ];
        for a in pool {
            for b in pool {
                for c in pool {
                    check_chain(&[a, b, c], &Path::Root, &mut String::new());
                }
            }
        }
    }

    #[test]
    fn types() {
        let s = obj(
            json!({"port": {"type": "integer"}, "name": {"type": "string"}, "on": {"type": "boolean"}}),
        );
        assert_eq!(
            check(s.clone(), json!({"port": "80", "name": 1, "on": "yes"})),
            vec![
                r#"name: Invalid value: "integer": name in body must be of type string: "integer""#,
                r#"on: Invalid value: "string": on in body must be of type boolean: "string""#,
                r#"port: Invalid value: "string": port in body must be of type integer: "string""#,
            ]
        );
        assert!(
            check(s.clone(), json!({"port": 80.0})).is_empty(),
            "a float with no fraction is an integer"
        );
        assert_eq!(
            check(s, json!({"port": 80.5}))[0],
            r#"port: Invalid value: "number": port in body must be of type integer: "number""#
        );
    }

    #[test]
    fn required_and_nulls() {
        let s = json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}});
        assert_eq!(check(s.clone(), json!({})), vec!["name: Required value"]);
        // A null in a non-nullable field without default is dropped before validation.
        assert_eq!(
            check(s, json!({"name": null})),
            vec!["name: Required value"]
        );
    }

    #[test]
    fn strings() {
        let s = obj(
            json!({"h": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-z]+$"}}),
        );
        assert_eq!(
            check(s.clone(), json!({"h": "abcdé"})),
            vec!["h: Too long: may not be more than 4 bytes"]
        );
        assert!(
            check(s.clone(), json!({"h": "abé"}))[0].contains("should match '^[a-z]+$'"),
            "characters, not bytes, count"
        );
        assert_eq!(
            check(s.clone(), json!({"h": "a"})),
            vec![r#"h: Invalid value: "a": h in body should be at least 2 chars long"#]
        );
        assert_eq!(
            check(s, json!({"h": "A1"})),
            vec![r#"h: Invalid value: "A1": h in body should match '^[a-z]+$'"#]
        );
    }

    #[test]
    fn enums_and_numbers() {
        let s = obj(json!({
            "m": {"type": "string", "enum": ["GET", "HEAD"]},
            "code": {"type": "integer", "enum": [301, 302]},
            "port": {"type": "integer", "minimum": 1, "maximum": 65535},
            "w": {"type": "integer", "maximum": 1_000_000},
        }));
        assert_eq!(
            check(
                s,
                json!({"m": "BREW", "code": 300, "port": 123_456_789, "w": 2_000_000})
            ),
            vec![
                r#"code: Unsupported value: 300: supported values: "301", "302""#,
                r#"m: Unsupported value: "BREW": supported values: "GET", "HEAD""#,
                "port: Invalid value: 1.23456789e+08: port in body should be less than or equal to 65535",
                "w: Invalid value: 2e+06: w in body should be less than or equal to 1e+06",
            ]
        );
    }

    #[test]
    fn arrays_objects_and_formats() {
        let s = obj(json!({
            "hosts": {"type": "array", "maxItems": 2, "minItems": 1, "items": {"type": "string"}},
            "labels": {"type": "object", "maxProperties": 1, "additionalProperties": {"type": "string"}},
            "ip": {"type": "string", "format": "ipv4"},
            "t": {"type": "string", "format": "date-time"},
        }));
        assert_eq!(
            check(
                s.clone(),
                json!({"hosts": ["a", "b", "c"], "labels": {"a": "1", "b": "2"}, "ip": "1.2.3", "t": "now"})
            ),
            vec![
                "hosts: Too many: 3: must have at most 2 items",
                r#"ip: Invalid value: "1.2.3": ip in body must be of type ipv4: "1.2.3""#,
                "labels: Too many: 2: must have at most 1 item",
                r#"t: Invalid value: "now": t in body must be of type date-time: "now""#,
            ]
        );
        assert_eq!(
            check(s, json!({"hosts": []})),
            vec!["hosts: Invalid value: 0: hosts in body should have at least 1 items"]
        );
    }

    #[test]
    fn list_types_sets_and_maps() {
        let s = obj(json!({
            "remove": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
            "listeners": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["name"],
                "items": {"type": "object", "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}},
            },
            "refs": {
                "type": "array",
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["group", "name"],
                "items": {"type": "object", "properties": {"group": {"type": "string"}, "name": {"type": "string"}}},
            },
        }));
        let v = json!({
            "remove": ["a", "a", "a", "b"],
            "listeners": [{"name": "http", "port": 80}, {"name": "http", "port": 81}],
            "refs": [{"group": "g", "name": "n"}, {"group": "g", "name": "n"}],
        });
        assert_eq!(
            check(s, v),
            vec![
                r#"listeners[1].name: Duplicate value: "http""#,
                r#"refs[1]: Duplicate value: map[string]interface {}{"group":"g", "name":"n"}"#,
                r#"remove[1]: Duplicate value: "a""#,
            ]
        );
    }

    #[test]
    fn one_of_any_of_not() {
        // The shape of Gateway `spec.addresses[*]`.
        let s = json!({"type": "array", "items": {
            "type": "object",
            "properties": {"type": {"type": "string", "default": "IPAddress"}, "value": {"type": "string"}},
            "oneOf": [
                {"properties": {"type": {"enum": ["IPAddress"]}, "value": {"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}}},
                {"properties": {"type": {"not": {"enum": ["IPAddress"]}}}},
            ],
        }});
        assert!(
            check(
                s.clone(),
                json!([{"value": "10.0.0.1"}, {"value": "::1"}, {"type": "Hostname", "value": "x"}])
            )
            .is_empty()
        );
        assert_eq!(
            check(s, json!([{"value": "1.1.1"}])),
            vec![
                r#"<nil>: Invalid value: "": "[0]" must validate one and only one schema (oneOf). Found none valid"#,
                r#"<nil>: Invalid value: "": "[0].value" must validate at least one schema (anyOf)"#,
                r#"[0].value: Invalid value: "1.1.1": [0].value in body must be of type ipv4: "1.1.1""#,
            ]
        );
    }

    #[test]
    fn pruning_and_defaults() {
        let n = Node::compile(&obj(json!({
            "rules": {"type": "array", "items": {"type": "object", "properties": {
                "weight": {"type": "integer", "default": 1},
                "match": {"type": "object", "properties": {"type": {"type": "string", "default": "PathPrefix"}}},
            }}},
            "absent": {"type": "object", "properties": {"x": {"type": "string", "default": "d"}}},
        })));
        let mut v = json!({"rules": [{"foo": 1}, {"weight": 5, "match": {}}], "bar": true});
        let mut unknown = Vec::new();
        prune(&n, &mut v, &mut String::new(), &mut unknown);
        default(&n, &mut v);
        assert_eq!(unknown, vec!["bar", "rules[0].foo"]);
        assert_eq!(
            v,
            json!({"rules": [{"weight": 1}, {"weight": 5, "match": {"type": "PathPrefix"}}]})
        );
    }

    #[test]
    fn properties_are_found_by_exact_name() {
        // Keys longer than seven bytes that share their first seven and their length have the
        // same signature: the rest of the name decides.
        let n = Node::compile(&json!({"type": "object", "properties": {
            "a": {"type": "string"}, "c": {"type": "integer"},
            "sectionNameX": {"type": "boolean"}, "sectionNameY": {"type": "number"}}}));
        let ty = |k: &str| n.prop(k).and_then(|p| p.ty).map(Ty::name);
        assert_eq!(ty("a"), Some("string"));
        assert_eq!(ty("c"), Some("integer"));
        assert_eq!(ty("sectionNameX"), Some("boolean"));
        assert_eq!(ty("sectionNameY"), Some("number"));
        for absent in [
            "b",
            "",
            "aa",
            "sectionNameZ",
            "sectionName",
            "sectionNameXY",
        ] {
            assert_eq!(ty(absent), None, "{absent}");
        }
        assert_eq!(n.prop_index("c"), Some(1));
    }
}
