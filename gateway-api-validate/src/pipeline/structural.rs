//! Step 3, structural validation: the OpenAPI schema validator (kube-openapi's `SchemaValidator`)
//! over the object read pruned and defaulted, recording unknown fields (step 1's report) and the
//! table of slots the CEL pass reads; then `x-kubernetes-list-type` uniqueness ([`super::lists`]).

use serde_json::{Map, Value};

use super::lists::list_type;
use super::path::{Path, at};
use crate::error::{BadValue, ErrorKind, FieldError, go_float, go_quote, json_type};
use crate::schema::{Node, Ty};
use crate::value::{NO_BLOCK, Slot, V, bad_value};

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
