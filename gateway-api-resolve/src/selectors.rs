//! Label selectors over namespaces: which namespaces a listener's `allowedRoutes` or a
//! Gateway's `allowedListeners` admit.

use std::collections::BTreeMap;

use gateway_api_types::model::LabelSelector;

/// Whether `labels` satisfy a Kubernetes label selector: every `matchLabels` pair and every
/// `matchExpressions` requirement (In, NotIn, Exists, DoesNotExist). An unknown operator
/// matches nothing.
pub(crate) fn selector_matches(selector: &LabelSelector, labels: &NamespaceLabels<'_>) -> bool {
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
