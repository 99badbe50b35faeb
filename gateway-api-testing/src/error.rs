//! The one error of this crate: a test file that does not have the documented shape.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

/// A test file (or one document of a test stream) that cannot be read: it names the file, the
/// document (0-based, as `gateway_api_types::parse` counts them), the test (by name, or `#index`
/// when it has none), the field path (`tests[3].condition.status`) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    file: String,
    document: Option<usize>,
    test: Option<String>,
    field: String,
    message: String,
}

impl Error {
    pub(crate) fn new(
        file: &str,
        test: Option<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            document: None,
            test,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, placed in document `index` of its stream.
    pub(crate) fn in_document(mut self, index: usize) -> Self {
        self.document = Some(index);
        self
    }

    /// The file, as the caller named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The document's index in the stream, when the file was read as a stream.
    pub fn document(&self) -> Option<usize> {
        self.document
    }

    /// The test's name (`#index` when it has none), when the error is inside a test.
    pub fn test(&self) -> Option<&str> {
        self.test.as_deref()
    }

    /// The field path, empty when the error concerns the whole document.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(d) = self.document {
            write!(f, " (document {d})")?;
        }
        if let Some(t) = &self.test {
            write!(f, ": test {t:?}")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// The label of test `index` of a document: its name, or `#index`.
pub(crate) fn test_label(doc: &Value, index: usize) -> String {
    doc.get("tests")
        .and_then(|t| t.get(index))
        .and_then(|t| t.get("name"))
        .and_then(Value::as_str)
        .map_or_else(|| format!("#{index}"), str::to_owned)
}

/// Deserializes a whole document; an error carries the field path serde reached and, when that
/// path is inside `tests[i]`, the test's label.
pub(crate) fn deserialize<T: DeserializeOwned>(file: &str, doc: &Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let path = e.path();
        let test = path.iter().nth(1).and_then(|segment| match segment {
            serde_path_to_error::Segment::Seq { index }
                if path.iter().next().is_some_and(
                    |s| matches!(s, serde_path_to_error::Segment::Map { key } if key == "tests"),
                ) =>
            {
                Some(test_label(doc, *index))
            }
            _ => None,
        });
        let field = path.to_string();
        // serde_path_to_error writes `.` for the document itself (a missing top-level field).
        let field = if field == "." { String::new() } else { field };
        Error::new(file, test, field, e.into_inner().to_string())
    })
}
