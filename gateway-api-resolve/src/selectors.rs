//! Label selectors over namespaces: which namespaces a listener's `allowedRoutes` or a
//! Gateway's `allowedListeners` admit.

use std::collections::BTreeMap;

use gateway_api_types::model::LabelSelector;

/// Whether `labels` satisfy a Kubernetes label selector: every `matchLabels` pair and every
/// `matchExpressions` requirement (In, NotIn, Exists, DoesNotExist). A selector the API server
/// would not turn into a selector ([`selector_problem`]) matches nothing.
pub(crate) fn selector_matches(selector: &LabelSelector, labels: &NamespaceLabels<'_>) -> bool {
    selector_problem(selector).is_none() && labels_match(selector, labels)
}

/// [`selector_matches`] for a selector already known to have no [`selector_problem`] (a
/// listener checks its own once, not once per route).
pub(crate) fn labels_match(selector: &LabelSelector, labels: &NamespaceLabels<'_>) -> bool {
    let labels_ok = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v.as_str()));
    let expressions_ok = selector.match_expressions.iter().flatten().all(|req| {
        let values = req.values.as_deref().unwrap_or_default();
        let value = labels.get(&req.key);
        match req.operator.as_str() {
            "In" => value.is_some_and(|v| values.iter().any(|x| x == v)),
            "NotIn" => value.is_none_or(|v| !values.iter().any(|x| x == v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    labels_ok && expressions_ok
}

/// Why Kubernetes would refuse to use a label selector (`LabelSelectorAsSelector`): an
/// unknown operator, `In`/`NotIn` without values, `Exists`/`DoesNotExist` with values, or a
/// key or value that is not a valid label key or value.
pub(crate) fn selector_problem(selector: &LabelSelector) -> Option<String> {
    for (k, v) in selector.match_labels.iter().flatten() {
        if let Some(p) = label_key_problem(k) {
            return Some(format!("matchLabels key {k:?} {p}"));
        }
        if !label_value_ok(v) {
            return Some(format!(
                "matchLabels value {v:?} is not a valid label value"
            ));
        }
    }
    for req in selector.match_expressions.iter().flatten() {
        if let Some(p) = label_key_problem(&req.key) {
            return Some(format!("matchExpressions key {:?} {p}", req.key));
        }
        let values = req.values.as_deref().unwrap_or_default();
        let op = req.operator.as_str();
        match op {
            "In" | "NotIn" if values.is_empty() => {
                return Some(format!(
                    "matchExpressions operator {op} on {:?} needs values",
                    req.key
                ));
            }
            "In" | "NotIn" => {
                if let Some(v) = values.iter().find(|v| !label_value_ok(v)) {
                    return Some(format!(
                        "matchExpressions value {v:?} is not a valid label value"
                    ));
                }
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                return Some(format!(
                    "matchExpressions operator {op} on {:?} takes no values",
                    req.key
                ));
            }
            "Exists" | "DoesNotExist" => {}
            _ => {
                return Some(format!(
                    "matchExpressions operator {op:?} is not one of In, NotIn, Exists, DoesNotExist"
                ));
            }
        }
    }
    None
}

/// A label name part: at most 63 characters, alphanumerics with `-`, `_`, `.` inside.
fn name_part_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// A DNS subdomain (RFC 1123): at most 253 characters, lower-case labels joined by dots.
fn dns_subdomain_ok(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        })
}

/// Why a string is not a label key (`[prefix/]name`), if it is not.
fn label_key_problem(key: &str) -> Option<&'static str> {
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if prefix.is_some_and(|p| !dns_subdomain_ok(p)) {
        return Some("has a prefix that is not a DNS subdomain");
    }
    (!name_part_ok(name)).then_some("is not a valid label key")
}

/// A label value: empty, or a name part.
fn label_value_ok(v: &str) -> bool {
    v.is_empty() || name_part_ok(v)
}

/// The label a namespace selector matches a namespace's name with; "the API server sets it on
/// every namespace".
const NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// The labels a label selector sees on a namespace, borrowed: the Namespace object's own, plus
/// `kubernetes.io/metadata.name` (the object's value when it carries one). A namespace the
/// snapshot lacks has only the name label.
#[derive(Clone, Copy)]
pub(crate) struct NamespaceLabels<'a> {
    pub(crate) labels: Option<&'a BTreeMap<String, String>>,
    pub(crate) name: &'a str,
}

impl<'a> NamespaceLabels<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        let own = self.labels.and_then(|l| l.get(key)).map(String::as_str);
        if key == NAME_LABEL {
            return Some(own.unwrap_or(self.name));
        }
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gateway_api_types::model::LabelSelectorRequirement;

    fn expr(key: &str, op: &str, values: Option<&[&str]>) -> LabelSelector {
        LabelSelector {
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: key.to_owned(),
                operator: op.to_owned(),
                values: values.map(|v| v.iter().map(|s| (*s).to_owned()).collect()),
            }]),
            ..Default::default()
        }
    }

    #[test]
    fn kubernetes_rejects_these_selectors() {
        assert!(selector_problem(&expr("team", "Exists", Some(&["a"]))).is_some());
        assert!(selector_problem(&expr("team", "In", None)).is_some());
        assert!(selector_problem(&expr("team", "NotIn", Some(&[]))).is_some());
        assert!(selector_problem(&expr("team", "Matches", Some(&["a"]))).is_some());
        assert!(selector_problem(&expr("bad key", "Exists", None)).is_some());
        assert!(selector_problem(&expr("Example.com/team", "Exists", None)).is_some());
        assert!(selector_problem(&expr("team", "In", Some(&["no spaces"]))).is_some());
        let labels = LabelSelector {
            match_labels: Some([("team".to_owned(), "-a".to_owned())].into()),
            ..Default::default()
        };
        assert!(selector_problem(&labels).is_some());
    }

    #[test]
    fn and_accepts_these() {
        assert!(selector_problem(&expr("team", "Exists", None)).is_none());
        assert!(selector_problem(&expr("team", "DoesNotExist", Some(&[]))).is_none());
        assert!(selector_problem(&expr("example.com/team", "In", Some(&["a", ""]))).is_none());
        assert!(
            selector_problem(&expr("kubernetes.io/metadata.name", "NotIn", Some(&["x"]))).is_none()
        );
        assert!(selector_problem(&LabelSelector::default()).is_none());
    }

    #[test]
    fn an_invalid_selector_selects_nothing() {
        let labels = NamespaceLabels {
            labels: None,
            name: "ns",
        };
        assert!(selector_matches(
            &expr("kubernetes.io/metadata.name", "Exists", None),
            &labels
        ));
        assert!(!selector_matches(
            &expr("kubernetes.io/metadata.name", "Exists", Some(&["ns"])),
            &labels
        ));
    }
}
