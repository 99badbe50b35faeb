//! Status-expectation files (`kind: StatusTests`): reading them and checking a [`Resolution`]
//! against them. The format is described in the project's `route-tests.md`.

use std::fmt;

use serde_json::{Map, Value};

use crate::refs::GATEWAY_GROUP;
use crate::{ObjectKey, Resolution};

/// A `StatusTests` file that does not have the documented shape.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}{field}: {message}", self.test.as_ref().map(|t| format!("test {t:?}: ")).unwrap_or_default())]
pub struct FormatError {
    /// The file.
    pub file: String,
    /// The test's name (or its index, when it has no name), when the error is inside a test.
    pub test: Option<String>,
    /// The field path (`tests[3].condition.status`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// A parsed status-expectation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusTests {
    /// The file it came from.
    pub file: String,
    /// The controller whose status is computed.
    pub controller_name: String,
    /// The tests, in order.
    pub tests: Vec<StatusTest>,
}

/// One expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusTest {
    /// Unique name within the file.
    pub name: String,
    /// The object's kind.
    pub kind: String,
    /// The object's namespace and name (empty namespace for cluster-scoped kinds).
    pub object: ObjectKey,
    /// A route `status.parents` entry or a policy `status.ancestors` entry, selected by the
    /// reference as written.
    pub parent: Option<ParentSelector>,
    /// A `status.listeners` entry, by name.
    pub listener: Option<String>,
    /// The condition that must be present.
    pub condition: Option<ExpectedCondition>,
    /// The listener's `attachedRoutes`.
    pub attached_routes: Option<i64>,
    /// The selected entry (or condition) must not exist.
    pub absent: bool,
}

/// A parent or ancestor reference as written in a route or policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentSelector {
    /// Group (default `gateway.networking.k8s.io`).
    pub group: Option<String>,
    /// Kind (default `Gateway`).
    pub kind: Option<String>,
    /// Namespace (default: the object's).
    pub namespace: Option<String>,
    /// Name.
    pub name: String,
    /// sectionName, as written.
    pub section_name: Option<String>,
    /// port, as written.
    pub port: Option<i64>,
}

/// An expected condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedCondition {
    /// Type.
    pub r#type: String,
    /// Status: `True`, `False` or `Unknown`.
    pub status: String,
    /// Reason; `None` passes with any reason.
    pub reason: Option<String>,
}

impl fmt::Display for ExpectedCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.r#type, self.status)?;
        if let Some(r) = &self.reason {
            write!(f, " ({r})")?;
        }
        Ok(())
    }
}

/// The result of one test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The expectation holds.
    Passed,
    /// It does not.
    Failed {
        /// What the test expects.
        expected: String,
        /// What the resolution has.
        actual: String,
    },
}

struct Fields<'a> {
    file: &'a str,
    test: Option<String>,
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    fn new(
        file: &'a str,
        test: Option<String>,
        path: String,
        value: &'a Value,
        allowed: &[&str],
    ) -> Result<Self, FormatError> {
        let err = |field: String, message: String| FormatError {
            file: file.to_owned(),
            test: test.clone(),
            field,
            message,
        };
        let map = value
            .as_object()
            .ok_or_else(|| err(path.clone(), "must be a mapping".into()))?;
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let field = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                return Err(err(
                    field,
                    format!("unknown field (expected one of: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(Self {
            file,
            test,
            path,
            map,
        })
    }

    fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn err(&self, key: &str, message: impl Into<String>) -> FormatError {
        FormatError {
            file: self.file.to_owned(),
            test: self.test.clone(),
            field: self.field(key),
            message: message.into(),
        }
    }

    fn string(&self, key: &str) -> Result<Option<String>, FormatError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.err(key, "must be a string")),
        }
    }

    fn required(&self, key: &str) -> Result<String, FormatError> {
        self.string(key)?
            .ok_or_else(|| self.err(key, "is required"))
    }

    fn int(&self, key: &str) -> Result<Option<i64>, FormatError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.err(key, "must be an integer")),
        }
    }

    fn bool(&self, key: &str) -> Result<bool, FormatError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.err(key, "must be true or false")),
        }
    }
}

impl StatusTests {
    /// Reads a `StatusTests` document (already decoded from YAML or JSON). Unknown keys, a
    /// missing `name` or `object`, duplicate names, and a test that checks nothing are errors.
    pub fn from_value(file: &str, value: &Value) -> Result<Self, FormatError> {
        let top = Fields::new(
            file,
            None,
            String::new(),
            value,
            &["kind", "controllerName", "tests"],
        )?;
        if top.string("kind")?.as_deref() != Some("StatusTests") {
            return Err(top.err("kind", "must be StatusTests"));
        }
        let controller_name = top.required("controllerName")?;
        let Some(Value::Array(list)) = top.map.get("tests") else {
            return Err(top.err("tests", "must be a list"));
        };
        let mut tests: Vec<StatusTest> = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let path = format!("tests[{i}]");
            let label = t
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{i}"), str::to_owned);
            let f = Fields::new(
                file,
                Some(label.clone()),
                path.clone(),
                t,
                &[
                    "name",
                    "object",
                    "parent",
                    "listener",
                    "condition",
                    "attachedRoutes",
                    "absent",
                ],
            )?;
            let name = f.required("name")?;
            if tests.iter().any(|x| x.name == name) {
                return Err(f.err("name", "duplicate test name"));
            }
            let o = f
                .map
                .get("object")
                .ok_or_else(|| f.err("object", "is required"))?;
            let of = Fields::new(
                file,
                Some(label.clone()),
                format!("{path}.object"),
                o,
                &["kind", "namespace", "name"],
            )?;
            let kind = of.required("kind")?;
            let object = ObjectKey::new(
                of.string("namespace")?.unwrap_or_default(),
                of.required("name")?,
            );
            let parent = match f.map.get("parent") {
                None => None,
                Some(p) => {
                    let pf = Fields::new(
                        file,
                        Some(label.clone()),
                        format!("{path}.parent"),
                        p,
                        &["group", "kind", "namespace", "name", "sectionName", "port"],
                    )?;
                    Some(ParentSelector {
                        group: pf.string("group")?,
                        kind: pf.string("kind")?,
                        namespace: pf.string("namespace")?,
                        name: pf.required("name")?,
                        section_name: pf.string("sectionName")?,
                        port: pf.int("port")?,
                    })
                }
            };
            let condition = match f.map.get("condition") {
                None => None,
                Some(c) => {
                    let cf = Fields::new(
                        file,
                        Some(label.clone()),
                        format!("{path}.condition"),
                        c,
                        &["type", "status", "reason"],
                    )?;
                    let status = cf.required("status")?;
                    if !matches!(status.as_str(), "True" | "False" | "Unknown") {
                        return Err(cf.err("status", "must be \"True\", \"False\" or \"Unknown\""));
                    }
                    Some(ExpectedCondition {
                        r#type: cf.required("type")?,
                        status,
                        reason: cf.string("reason")?,
                    })
                }
            };
            let test = StatusTest {
                name,
                kind,
                object,
                parent,
                listener: f.string("listener")?,
                condition,
                attached_routes: f.int("attachedRoutes")?,
                absent: f.bool("absent")?,
            };
            if test.parent.is_some() && test.listener.is_some() {
                return Err(f.err("listener", "cannot be combined with parent"));
            }
            if test.condition.is_none() && test.attached_routes.is_none() && !test.absent {
                return Err(f.err(
                    "condition",
                    "one of condition, attachedRoutes or absent is required",
                ));
            }
            if test.attached_routes.is_some() && test.listener.is_none() {
                return Err(f.err("attachedRoutes", "needs listener"));
            }
            tests.push(test);
        }
        Ok(Self {
            file: file.to_owned(),
            controller_name,
            tests,
        })
    }

    /// Checks every test against a resolution (computed for [`Self::controller_name`]).
    pub fn check(&self, resolution: &Resolution) -> Vec<(&StatusTest, Outcome)> {
        self.tests
            .iter()
            .map(|t| (t, t.check(&self.controller_name, resolution)))
            .collect()
    }
}

fn describe_condition(c: &Value) -> String {
    let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    format!("{}={} ({})", s("type"), s("status"), s("reason"))
}

impl StatusTest {
    fn expected(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.condition {
            parts.push(c.to_string());
        }
        if let Some(n) = self.attached_routes {
            parts.push(format!("attachedRoutes={n}"));
        }
        if self.absent {
            parts.push("absent".to_owned());
        }
        parts.join(", ")
    }

    /// Checks this test against a resolution; `controller` selects route and policy entries.
    pub fn check(&self, controller: &str, resolution: &Resolution) -> Outcome {
        let expected = self.expected();
        let fail = |actual: String| Outcome::Failed {
            expected: expected.clone(),
            actual,
        };
        let status = resolution.status_of(&self.kind, &self.object);
        // The entry the test selects: the object's status, a parent/ancestor entry, or a
        // listener entry.
        let entry: Option<Value> = match (&status, &self.parent, &self.listener) {
            (None, _, _) => None,
            (Some(s), Some(p), _) => {
                let list = s
                    .get("parents")
                    .or_else(|| s.get("ancestors"))
                    .and_then(Value::as_array);
                list.and_then(|l| {
                    l.iter()
                        .find(|e| {
                            e.get("controllerName").and_then(Value::as_str) == Some(controller)
                                && e.get("parentRef")
                                    .or_else(|| e.get("ancestorRef"))
                                    .is_some_and(|r| self.ref_matches(p, r))
                        })
                        .cloned()
                })
            }
            (Some(s), None, Some(name)) => {
                s.get("listeners").and_then(Value::as_array).and_then(|l| {
                    l.iter()
                        .find(|e| e.get("name").and_then(Value::as_str) == Some(name))
                        .cloned()
                })
            }
            (Some(s), None, None) => Some(s.clone()),
        };
        let what = if self.parent.is_some() {
            "no parent entry"
        } else if self.listener.is_some() {
            "no listener entry"
        } else {
            "no status"
        };
        if self.absent && self.condition.is_none() {
            return match entry {
                None => Outcome::Passed,
                Some(_) if self.parent.is_none() && self.listener.is_none() => {
                    fail("status present".to_owned())
                }
                Some(_) => fail("entry present".to_owned()),
            };
        }
        let Some(entry) = entry else {
            return fail(what.to_owned());
        };
        if let Some(n) = self.attached_routes {
            let got = entry.get("attachedRoutes").and_then(Value::as_i64);
            if got != Some(n) {
                return fail(got.map_or_else(
                    || "no attachedRoutes".to_owned(),
                    |g| format!("attachedRoutes={g}"),
                ));
            }
        }
        if let Some(c) = &self.condition {
            let found = entry
                .get("conditions")
                .and_then(Value::as_array)
                .and_then(|l| {
                    l.iter()
                        .find(|x| x.get("type").and_then(Value::as_str) == Some(c.r#type.as_str()))
                });
            match (found, self.absent) {
                (None, true) => {}
                (Some(x), true) => return fail(describe_condition(x)),
                (None, false) => return fail(format!("no condition {}", c.r#type)),
                (Some(x), false) => {
                    let status_ok =
                        x.get("status").and_then(Value::as_str) == Some(c.status.as_str());
                    let reason_ok = c
                        .reason
                        .as_deref()
                        .is_none_or(|r| x.get("reason").and_then(Value::as_str) == Some(r));
                    if !(status_ok && reason_ok) {
                        return fail(describe_condition(x));
                    }
                }
            }
        }
        Outcome::Passed
    }

    fn ref_matches(&self, p: &ParentSelector, r: &Value) -> bool {
        let s = |k: &str| r.get(k).and_then(Value::as_str);
        s("group").unwrap_or(GATEWAY_GROUP) == p.group.as_deref().unwrap_or(GATEWAY_GROUP)
            && s("kind").unwrap_or("Gateway") == p.kind.as_deref().unwrap_or("Gateway")
            && s("namespace").unwrap_or(&self.object.namespace)
                == p.namespace.as_deref().unwrap_or(&self.object.namespace)
            && s("name") == Some(p.name.as_str())
            && s("sectionName") == p.section_name.as_deref()
            && r.get("port").and_then(Value::as_i64) == p.port
    }
}
