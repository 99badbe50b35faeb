//! Step 4, the CEL rules: every `x-kubernetes-validations` rule of every node that has a value,
//! evaluated by its native check (`crate::rules`), unless an earlier error blocks them, as in
//! the API server. Transition rules (those reading `oldSelf`) run here too, on updates, with the
//! old value [`super::transition`] pairs with each new one.

use serde_json::Value;

use super::path::Path;
use super::transition::{old_field, old_item};
use crate::error::{BadValue, ErrorKind, FieldError, json_type};
use crate::rules;
use crate::schema::{Node, Ty};
use crate::value::V;

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
    let proven = out.proofs && n.proof.and_then(rules::proof).is_some_and(|p| (p.holds)(v));
    if !proven || (old.is_some() && n.transition_rules) {
        for rule in &n.rules {
            if (rule.uses_old_self && old.is_none()) || (proven && !rule.uses_old_self) {
                continue;
            }
            let Some(check) = rule.native.and_then(rules::native) else {
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
                let old_item = old_item(n, old_items, item);
                cel(s, item, old_item, &Path::Index(at, i), out);
            }
        }
        Value::Object(_) => {
            for &i in &n.rule_props {
                let (k, p) = &n.properties[i];
                let Some(child) = v.property(i) else {
                    continue;
                };
                cel(p, child, old_field(old, k), &Path::Field(at, k), out);
            }
            let Some(a) = n.additional.as_deref().filter(|a| a.rules_below) else {
                return;
            };
            for (k, child) in v.entries().into_iter().flatten() {
                if n.prop(k).is_some() {
                    continue;
                }
                cel(a, child, old_field(old, k), &Path::Field(at, k), out);
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
