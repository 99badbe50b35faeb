//! `metadata`: the ObjectMeta checks every custom resource gets (`ValidateObjectMetaAccessor`
//! with `NameIsDNSSubdomain`), with the messages of `k8s.io/apimachinery/pkg/util/validation`.

use serde_json::{Map, Value};

use crate::error::{BadValue, ErrorKind, FieldError};

/// ObjectMeta's fields, sorted (they are searched by bisection); anything else under
/// `metadata` is dropped by the API server's decoder.
const OBJECT_META_FIELDS: &[&str] = &[
    "annotations",
    "creationTimestamp",
    "deletionGracePeriodSeconds",
    "deletionTimestamp",
    "finalizers",
    "generateName",
    "generation",
    "labels",
    "managedFields",
    "name",
    "namespace",
    "ownerReferences",
    "resourceVersion",
    "selfLink",
    "uid",
];

/// Records the unknown metadata fields (`metadata.<field>`), which the API server drops.
pub(crate) fn unknown_fields(meta: Option<&Value>, unknown: &mut Vec<String>) {
    let Some(Value::Object(m)) = meta else { return };
    unknown.extend(
        m.keys()
            .filter(|k| OBJECT_META_FIELDS.binary_search(&k.as_str()).is_err())
            .map(|k| format!("metadata.{k}")),
    );
}

/// Drops unknown metadata fields, recording `metadata.<field>`.
pub(crate) fn prune(meta: &mut Value, unknown: &mut Vec<String>) {
    let Value::Object(m) = meta else { return };
    let unknown_keys: Vec<String> = m
        .keys()
        .filter(|k| !OBJECT_META_FIELDS.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in unknown_keys {
        m.remove(&k);
        unknown.push(format!("metadata.{k}"));
    }
}

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
/// `TotalAnnotationSizeLimitB`: 256 KiB of keys and values together.
const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut s = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push_str(&format!("'{e}', "));
    }
    s.push_str(&format!("regex used for validation is '{fmt}')"));
    s
}

fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// Dot-separated RFC 1123 labels, with no length limit (the pattern alone).
pub(crate) fn is_subdomain(s: &str) -> bool {
    s.split('.').all(is_label)
}

fn is_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// `IsDNS1123Subdomain`.
pub(crate) fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !is_subdomain(s) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_MSG,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `IsDNS1123Label`.
pub(crate) fn dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_label(s) {
        if is_subdomain(s) {
            errs.push("must not contain dots".to_owned());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_MSG,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// `IsQualifiedName`: a label or annotation key.
pub(crate) fn qualified_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_owned());
            } else {
                errs.extend(
                    dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_owned());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !is_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_MSG,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `IsValidLabelValue`.
pub(crate) fn label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !(s.is_empty() || is_qualified_name_part(s)) {
        errs.push(regex_error(
            LABEL_VALUE_MSG,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

fn string_field<'a>(value: Option<&'a Value>, key: &str, errs: &mut Vec<FieldError>) -> &'a str {
    match value {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s,
        Some(other) => {
            let path = format!("metadata.{key}");
            let got = crate::error::json_type(other);
            let detail = format!("{path} in body must be of type string: \"{got}\"");
            errs.push(FieldError::at(
                &path,
                ErrorKind::TypeInvalid,
                BadValue::Str(got.to_owned()),
                detail,
            ));
            ""
        }
    }
}

fn string_map<'a>(
    value: Option<&'a Value>,
    key: &str,
    errs: &mut Vec<FieldError>,
) -> Vec<(&'a str, &'a str)> {
    let path = || format!("metadata.{key}");
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => {
            let mut out = Vec::new();
            for (k, v) in map {
                match v {
                    Value::String(s) => out.push((k.as_str(), s.as_str())),
                    other => {
                        let got = crate::error::json_type(other);
                        let p = format!("{}.{k}", path());
                        let detail = format!("{p} in body must be of type string: \"{got}\"");
                        errs.push(FieldError::at(
                            &p,
                            ErrorKind::TypeInvalid,
                            BadValue::Str(got.to_owned()),
                            detail,
                        ));
                    }
                }
            }
            out
        }
        Some(other) => {
            let got = crate::error::json_type(other);
            let path = path();
            let detail = format!("{path} in body must be of type object: \"{got}\"");
            errs.push(FieldError::at(
                &path,
                ErrorKind::TypeInvalid,
                BadValue::Str(got.to_owned()),
                detail,
            ));
            Vec::new()
        }
    }
}

/// The checks of `ValidateObjectMetaAccessor` for a custom resource. A namespaced object without
/// a namespace is not an error here: the request (kubectl's current namespace) supplies it. A
/// cluster-scoped object's namespace is cleared by the API server before validation, so it is
/// not an error either (the linter warns about it).
pub(crate) fn validate(meta: Option<&Value>, namespaced: bool, errs: &mut Vec<FieldError>) {
    let empty = Map::new();
    let m = match meta {
        Some(Value::Object(m)) => m,
        // A non-object metadata is a type error of the schema pass.
        Some(Value::Null) | None => &empty,
        Some(_) => return,
    };
    // One pass over the few fields instead of a tree search per field.
    let [
        mut generate_name,
        mut name,
        mut namespace,
        mut generation,
        mut labels,
        mut annotations,
    ] = [None; 6];
    for (k, v) in m {
        let slot = match k.as_str() {
            "generateName" => &mut generate_name,
            "name" => &mut name,
            "namespace" => &mut namespace,
            "generation" => &mut generation,
            "labels" => &mut labels,
            "annotations" => &mut annotations,
            _ => continue,
        };
        *slot = Some(v);
    }
    let generate_name = string_field(generate_name, "generateName", errs);
    let name = string_field(name, "name", errs);
    if !generate_name.is_empty() {
        // The name is generated from the prefix before validation; the prefix may end with '-'.
        let masked = generate_name
            .strip_suffix('-')
            .map_or_else(|| generate_name.to_owned(), |p| format!("{p}a"));
        for msg in dns1123_subdomain(&masked) {
            errs.push(FieldError::at(
                "metadata.generateName",
                ErrorKind::Invalid,
                BadValue::Str(generate_name.to_owned()),
                msg,
            ));
        }
    }
    if name.is_empty() {
        if generate_name.is_empty() {
            errs.push(FieldError::at(
                "metadata.name",
                ErrorKind::Required,
                BadValue::Omitted,
                "name or generateName is required",
            ));
        }
    } else {
        for msg in dns1123_subdomain(name) {
            errs.push(FieldError::at(
                "metadata.name",
                ErrorKind::Invalid,
                BadValue::Str(name.to_owned()),
                msg,
            ));
        }
    }
    let namespace = string_field(namespace, "namespace", errs);
    if namespaced && !namespace.is_empty() {
        for msg in dns1123_label(namespace) {
            errs.push(FieldError::at(
                "metadata.namespace",
                ErrorKind::Invalid,
                BadValue::Str(namespace.to_owned()),
                msg,
            ));
        }
    }
    if let Some(g) = generation.and_then(Value::as_i64)
        && g < 0
    {
        errs.push(FieldError::at(
            "metadata.generation",
            ErrorKind::Invalid,
            BadValue::Int(g),
            "must be greater than or equal to 0",
        ));
    }
    for (k, v) in string_map(labels, "labels", errs) {
        for msg in qualified_name(k) {
            errs.push(FieldError::at(
                "metadata.labels",
                ErrorKind::Invalid,
                BadValue::Str(k.to_owned()),
                msg,
            ));
        }
        for msg in label_value(v) {
            errs.push(FieldError::at(
                "metadata.labels",
                ErrorKind::Invalid,
                BadValue::Str(v.to_owned()),
                msg,
            ));
        }
    }
    let annotations = string_map(annotations, "annotations", errs);
    let mut total = 0;
    for (k, v) in &annotations {
        // "The rule is QualifiedName except that case doesn't matter."
        for msg in qualified_name(&k.to_ascii_lowercase()) {
            errs.push(FieldError::at(
                "metadata.annotations",
                ErrorKind::Invalid,
                BadValue::Str((*k).to_owned()),
                msg,
            ));
        }
        total += k.len() + v.len();
    }
    if total > ANNOTATIONS_MAX_BYTES {
        let detail = format!("may not be more than {ANNOTATIONS_MAX_BYTES} bytes");
        errs.push(FieldError::at(
            "metadata.annotations",
            ErrorKind::TooLong,
            BadValue::Omitted,
            detail,
        ));
    }
}

/// `ValidateObjectMetaAccessorUpdate`'s immutable fields that matter for manifests.
pub(crate) fn validate_update(
    new: Option<&Value>,
    old: Option<&Value>,
    errs: &mut Vec<FieldError>,
) {
    for key in ["name", "namespace"] {
        let get = |m: Option<&Value>| {
            m.and_then(|m| m.get(key))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let (n, o) = (get(new), get(old));
        if n != o {
            errs.push(FieldError::at(
                &format!("metadata.{key}"),
                ErrorKind::Invalid,
                BadValue::Str(n),
                "field is immutable",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_meta_fields_are_sorted_for_bisection() {
        assert!(OBJECT_META_FIELDS.is_sorted());
    }

    #[test]
    fn names_and_keys() {
        assert!(dns1123_subdomain("example-gateway").is_empty());
        assert!(dns1123_subdomain("a.b.c").is_empty());
        assert_eq!(
            dns1123_subdomain("Bad_Name"),
            vec![
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ]
        );
        assert_eq!(
            dns1123_subdomain(&"a".repeat(254))[0],
            "must be no more than 253 characters"
        );
        assert_eq!(dns1123_label("a.b"), vec!["must not contain dots"]);
        assert!(dns1123_label("infra").is_empty());
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert!(qualified_name("Name_1").is_empty());
        assert_eq!(qualified_name("/x"), vec!["prefix part must be non-empty"]);
        assert_eq!(qualified_name("a/b/c").len(), 1);
        assert!(qualified_name("-x")[0].starts_with("name part must consist of"));
        assert!(label_value("").is_empty());
        assert!(label_value("v1.2_3").is_empty());
        assert_eq!(label_value("bad value").len(), 1);
    }

    #[test]
    fn metadata_errors() {
        let mut errs = Vec::new();
        validate(
            Some(&serde_json::json!({"namespace": "Infra", "labels": {"ok": "-no"}})),
            true,
            &mut errs,
        );
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            text[0],
            "metadata.name: Required value: name or generateName is required"
        );
        assert!(text[1].starts_with(
            r#"metadata.namespace: Invalid value: "Infra": a lowercase RFC 1123 label"#
        ));
        assert!(
            text[2].starts_with(r#"metadata.labels: Invalid value: "-no": a valid label must be"#)
        );
    }
}
