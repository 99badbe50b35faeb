//! Types that exist only to describe a schema: the field they describe keeps a plain Rust type
//! (`i64`, `String`), and points here with `#[cfg_attr(feature = "schema", schemars(with = ...))]`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// An integer without a `format`: the schema of a Go `int` field, which upstream's CRDs leave
/// unformatted (a redirect's status code, a retry count).
pub(crate) struct UnformattedInt;

impl JsonSchema for UnformattedInt {
    fn schema_name() -> Cow<'static, str> {
        "UnformattedInt".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer" })
    }
}

/// The value of an annotation-like map (Gateway infrastructure annotations, TLS options): any
/// string up to 4096 characters, the limit Kubernetes applies to annotation values.
// Never constructed: only its schema is used.
#[allow(dead_code)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(inline))]
pub(crate) struct AnnotationValueSchema(
    #[cfg_attr(feature = "schema", schemars(length(min = 0, max = 4096)))] String,
);

/// The value of a label-like map (Gateway infrastructure labels): Kubernetes label value syntax.
#[allow(dead_code)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(inline))]
pub(crate) struct LabelValueSchema(
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 0, max = 63),
            regex(pattern = r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
        )
    )]
    String,
);
