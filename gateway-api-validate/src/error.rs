//! Field errors in the API server's vocabulary, printed the way `k8s.io/apimachinery`'s
//! `field.Error` prints them.

use std::fmt;

use serde_json::Value;

/// The kind of a field error: the `field.ErrorType` of the API server, plus the two rejections
/// that happen before validation (an unknown field under strict field validation, a kind or
/// version the channel does not serve).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A required field is missing (`Required value`).
    Required,
    /// The value breaks a rule: pattern, length, bounds, format, or a CEL rule (`Invalid value`).
    Invalid,
    /// The value has the wrong JSON type; the API server prints it as `Invalid value` too.
    TypeInvalid,
    /// The value is not one of the schema's `enum` (`Unsupported value`).
    NotSupported,
    /// A string is longer than `maxLength`, or annotations are too large (`Too long`).
    TooLong,
    /// An array has more than `maxItems` items or an object more than `maxProperties`
    /// properties (`Too many`).
    TooMany,
    /// An item repeats in an `x-kubernetes-list-type` set or map (`Duplicate value`).
    Duplicate,
    /// The field may not be set (`Forbidden`).
    Forbidden,
    /// A field the schema does not declare, rejected under strict field validation.
    UnknownField,
    /// The object's kind and version are not served in the channel.
    NotServed,
}

impl ErrorKind {
    /// The phrase the API server prints after the field path (`Required value`).
    pub fn phrase(self) -> &'static str {
        match self {
            Self::Required => "Required value",
            Self::Invalid | Self::TypeInvalid => "Invalid value",
            Self::NotSupported => "Unsupported value",
            Self::TooLong => "Too long",
            Self::TooMany => "Too many",
            Self::Duplicate => "Duplicate value",
            Self::Forbidden => "Forbidden",
            Self::UnknownField => "Unknown field",
            Self::NotServed => "Not served",
        }
    }

    /// The machine-readable name: the API server's `StatusCause` type (`FieldValueRequired` …),
    /// or `FieldValueUnknown` / `KindNotServed` for the two rejections before validation.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "FieldValueRequired",
            Self::Invalid => "FieldValueInvalid",
            Self::TypeInvalid => "FieldValueTypeInvalid",
            Self::NotSupported => "FieldValueNotSupported",
            Self::TooLong => "FieldValueTooLong",
            Self::TooMany => "FieldValueTooMany",
            Self::Duplicate => "FieldValueDuplicate",
            Self::Forbidden => "FieldValueForbidden",
            Self::UnknownField => "FieldValueUnknown",
            Self::NotServed => "KindNotServed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The offending value as the API server holds it: its Go type decides how it prints.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BadValue {
    /// Not printed.
    Omitted,
    /// A Go string, printed quoted.
    Str(String),
    /// A Go int64 (or int), printed plainly.
    Int(i64),
    /// A Go float64, printed with `%v`.
    Float(f64),
    /// Any other JSON value (`nil`, bool, map, slice).
    Json(Value),
}

impl BadValue {
    /// The value of a JSON datum as the API server's unstructured decoding types it.
    pub(crate) fn of(v: &Value) -> Self {
        match v {
            Value::String(s) => Self::Str(s.clone()),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Self::Int(i),
                None => Self::Float(n.as_f64().unwrap_or(0.0)),
            },
            other => Self::Json(other.clone()),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::Omitted => Value::Null,
            Self::Str(s) => Value::String(s.clone()),
            Self::Int(i) => Value::from(*i),
            Self::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Self::Json(v) => v.clone(),
        }
    }

    fn write_go(&self, out: &mut String) {
        match self {
            Self::Omitted => {}
            Self::Str(s) => out.push_str(&go_quote(s)),
            Self::Int(i) => out.push_str(&i.to_string()),
            Self::Float(f) => out.push_str(&go_float(*f)),
            // Go's field.Error turns a nil value into the string "null", then quotes it.
            Self::Json(Value::Null) => out.push_str("\"null\""),
            Self::Json(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
            Self::Json(v) => go_sharp_v(v, out),
        }
    }
}

/// One field error: where, what kind, the value, and the detail message.
///
/// `Display` prints it exactly as the API server does, for example
/// `spec.listeners[1].name: Duplicate value: "http"`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    field: Option<String>,
    kind: ErrorKind,
    value: BadValue,
    detail: String,
}

impl FieldError {
    pub(crate) fn new(
        field: Option<String>,
        kind: ErrorKind,
        value: BadValue,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            field,
            kind,
            value,
            detail: detail.into(),
        }
    }

    pub(crate) fn at(
        field: &str,
        kind: ErrorKind,
        value: BadValue,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(Some(field.to_owned()), kind, value, detail)
    }

    /// The field path (`spec.listeners[0].name`), or `None` for errors the API server reports
    /// without one (it prints `<nil>`): composite `oneOf`/`anyOf` failures and the note that CEL
    /// rules were skipped.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The offending value as JSON, when the API server reports one (`None` for `Required`,
    /// `TooLong`, `Forbidden` …).
    pub fn value(&self) -> Option<Value> {
        if self.value_printed() {
            Some(self.value.to_json())
        } else {
            None
        }
    }

    /// The detail message (`supported values: "GET", …`), empty when there is none.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    fn value_printed(&self) -> bool {
        !matches!(
            self.kind,
            ErrorKind::Required | ErrorKind::Forbidden | ErrorKind::TooLong
        ) && !matches!(self.value, BadValue::Omitted)
    }

    /// Everything after the field path, as the API server's `StatusCause.message` carries it:
    /// `Invalid value: "*": spec.listeners[0].hostname in body should match '…'`.
    pub fn body(&self) -> String {
        let mut s = String::from(self.kind.phrase());
        if self.value_printed() {
            s.push_str(": ");
            self.value.write_go(&mut s);
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            // The strict decoder's wording: `unknown field "spec.foo"`.
            ErrorKind::UnknownField => write!(
                f,
                "unknown field {}",
                go_quote(self.field.as_deref().unwrap_or(""))
            ),
            ErrorKind::NotServed => f.write_str(&self.detail),
            _ => write!(
                f,
                "{}: {}",
                self.field.as_deref().unwrap_or("<nil>"),
                self.body()
            ),
        }
    }
}

impl std::error::Error for FieldError {}

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

/// Go's `strconv.Quote`, close enough for every string that is valid UTF-8.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%v` of a float64: the shortest representation, in exponent form when the exponent is
/// below -4 or at least 6 (`1e+06`, `1.23456789e+08`, `65535`).
pub(crate) fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::from(sign);
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else if exp >= 0 {
        let int_len = usize::try_from(exp).unwrap_or(0) + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            out.push_str(&"0".repeat(int_len - digits.len()));
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    } else {
        out.push_str("0.");
        out.push_str(&"0".repeat(usize::try_from(-exp - 1).unwrap_or(0)));
        out.push_str(&digits);
    }
    out
}

/// Go's `%#v` of an unstructured JSON value (`map[string]interface {}{"name":"foo"}`), which the
/// API server uses for compound values such as duplicate set items.
fn go_sharp_v(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("interface {}(nil)"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&go_float(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => out.push_str(&go_quote(s)),
        Value::Array(items) => {
            out.push_str("[]interface {}{");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                go_sharp_v(item, out);
            }
            out.push('}');
        }
        Value::Object(map) => {
            out.push_str("map[string]interface {}{");
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&go_quote(k));
                out.push(':');
                go_sharp_v(item, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_matches_fmt_v() {
        assert_eq!(go_float(65535.0), "65535");
        assert_eq!(go_float(1_000_000.0), "1e+06");
        assert_eq!(go_float(123_456_789.0), "1.23456789e+08");
        assert_eq!(go_float(100_000.0), "100000");
        assert_eq!(go_float(0.5), "0.5");
        assert_eq!(go_float(0.00001), "1e-05");
        assert_eq!(go_float(-2.5), "-2.5");
        assert_eq!(go_float(1.0), "1");
    }

    #[test]
    fn go_quote_escapes_like_strconv() {
        assert_eq!(go_quote("a\"b"), r#""a\"b""#);
        assert_eq!(go_quote("this\nis\r"), r#""this\nis\r""#);
        assert_eq!(go_quote("\u{1}"), r#""\x01""#);
        assert_eq!(go_quote("héllo"), "\"héllo\"");
    }

    #[test]
    fn display_matches_the_api_server() {
        let e = FieldError::at(
            "spec.listeners[1].name",
            ErrorKind::Duplicate,
            BadValue::Str("http".into()),
            "",
        );
        assert_eq!(
            e.to_string(),
            r#"spec.listeners[1].name: Duplicate value: "http""#
        );
        let e = FieldError::at(
            "spec.listeners[0].name",
            ErrorKind::Required,
            BadValue::Omitted,
            "",
        );
        assert_eq!(e.to_string(), "spec.listeners[0].name: Required value");
        let e = FieldError::at(
            "spec.hostnames",
            ErrorKind::TooMany,
            BadValue::Int(17),
            "must have at most 16 items",
        );
        assert_eq!(
            e.to_string(),
            "spec.hostnames: Too many: 17: must have at most 16 items"
        );
        let e = FieldError::at(
            "spec.x",
            ErrorKind::TooLong,
            BadValue::Str("long".into()),
            "may not be more than 253 bytes",
        );
        assert_eq!(
            e.to_string(),
            "spec.x: Too long: may not be more than 253 bytes"
        );
        assert_eq!(e.value(), None);
        let e = FieldError::new(
            None,
            ErrorKind::Invalid,
            BadValue::Json(Value::Null),
            "some rules",
        );
        assert_eq!(e.to_string(), r#"<nil>: Invalid value: "null": some rules"#);
        let e = FieldError::at(
            "spec.rules[0]",
            ErrorKind::Invalid,
            BadValue::Str("object".into()),
            "msg",
        );
        assert_eq!(
            e.to_string(),
            r#"spec.rules[0]: Invalid value: "object": msg"#
        );
        assert_eq!(e.kind().as_str(), "FieldValueInvalid");
        let e = FieldError::at("spec.foo", ErrorKind::UnknownField, BadValue::Omitted, "");
        assert_eq!(e.to_string(), r#"unknown field "spec.foo""#);
        let e = FieldError::at(
            "x[1]",
            ErrorKind::Duplicate,
            BadValue::Json(serde_json::json!({"a": "b", "n": 1})),
            "",
        );
        assert_eq!(
            e.to_string(),
            r#"x[1]: Duplicate value: map[string]interface {}{"a":"b", "n":1}"#
        );
    }
}

/// A warning: something the API server admits (or only warns about) that is probably not what
/// the author meant. Warnings never change the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// The field path the warning is about (`spec.hostnames[0]`), if any.
    pub field: Option<String>,
    /// A stable identifier of the check (`RegexSyntax`, `HostnameIsIp`, `UnknownField` …).
    pub code: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(
        field: Option<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
