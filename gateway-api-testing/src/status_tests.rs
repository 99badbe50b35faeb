//! Status-expectation files (`kind: StatusTests`): reading them and checking a [`Resolution`]
//! against them. The format is `docs/route-tests.md` (summarised in the README).

use std::collections::BTreeSet;
use std::fmt;

use gateway_api_resolve::{ObjectKey, Resolution};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, deserialize, test_label};

/// The API group a parent or ancestor reference defaults to.
const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

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
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParentSelector {
    /// Group (default `gateway.networking.k8s.io`).
    #[serde(default)]
    pub group: Option<String>,
    /// Kind (default `Gateway`).
    #[serde(default)]
    pub kind: Option<String>,
    /// Namespace (default: the object's).
    #[serde(default)]
    pub namespace: Option<String>,
    /// Name.
    pub name: String,
    /// sectionName, as written.
    #[serde(default)]
    pub section_name: Option<String>,
    /// port, as written.
    #[serde(default)]
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

/// The result of one status test.
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Wire {
    #[allow(dead_code, reason = "checked by the caller that dispatches on kind")]
    kind: Kind,
    controller_name: String,
    tests: Vec<WireTest>,
}

#[derive(Deserialize)]
enum Kind {
    StatusTests,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireTest {
    name: String,
    object: WireObject,
    #[serde(default)]
    parent: Option<ParentSelector>,
    #[serde(default)]
    listener: Option<String>,
    #[serde(default)]
    condition: Option<WireCondition>,
    #[serde(default)]
    attached_routes: Option<i64>,
    #[serde(default)]
    absent: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireObject {
    kind: String,
    #[serde(default)]
    namespace: Option<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCondition {
    r#type: String,
    status: ConditionStatus,
    #[serde(default)]
    reason: Option<String>,
}

/// The three statuses a condition can have; any other value is a format error.
#[derive(Deserialize)]
enum ConditionStatus {
    True,
    False,
    Unknown,
}

impl ConditionStatus {
    fn as_str(&self) -> &'static str {
        match self {
            Self::True => "True",
            Self::False => "False",
            Self::Unknown => "Unknown",
        }
    }
}

impl StatusTests {
    /// Reads a `StatusTests` document (already decoded from YAML or JSON). Unknown keys, a
    /// missing `name` or `object`, duplicate names, and a test that checks nothing are errors.
    pub fn from_value(file: &str, value: &Value) -> Result<Self, Error> {
        let wire: Wire = deserialize(file, value)?;
        let mut names = BTreeSet::new();
        let mut tests = Vec::with_capacity(wire.tests.len());
        for (i, t) in wire.tests.into_iter().enumerate() {
            let err = |field: &str, message: &str| {
                Error::new(
                    file,
                    Some(test_label(value, i)),
                    format!("tests[{i}].{field}"),
                    message,
                )
            };
            if !names.insert(t.name.clone()) {
                return Err(err("name", "duplicate test name"));
            }
            if t.parent.is_some() && t.listener.is_some() {
                return Err(err("listener", "cannot be combined with parent"));
            }
            if t.condition.is_none() && t.attached_routes.is_none() && !t.absent {
                return Err(err(
                    "condition",
                    "one of condition, attachedRoutes or absent is required",
                ));
            }
            if t.attached_routes.is_some() && t.listener.is_none() {
                return Err(err("attachedRoutes", "needs listener"));
            }
            tests.push(StatusTest {
                name: t.name,
                kind: t.object.kind,
                object: ObjectKey::new(t.object.namespace.unwrap_or_default(), t.object.name),
                parent: t.parent,
                listener: t.listener,
                condition: t.condition.map(|c| ExpectedCondition {
                    r#type: c.r#type,
                    status: c.status.as_str().to_owned(),
                    reason: c.reason,
                }),
                attached_routes: t.attached_routes,
                absent: t.absent,
            });
        }
        Ok(Self {
            file: file.to_owned(),
            controller_name: wire.controller_name,
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

    /// The entry the test selects: the object's status, a parent/ancestor entry of
    /// `controller`, or a listener entry.
    fn entry(&self, controller: &str, status: Option<&Value>) -> Option<Value> {
        let status = status?;
        match (&self.parent, &self.listener) {
            (Some(p), _) => status
                .get("parents")
                .or_else(|| status.get("ancestors"))
                .and_then(Value::as_array)?
                .iter()
                .find(|e| {
                    e.get("controllerName").and_then(Value::as_str) == Some(controller)
                        && e.get("parentRef")
                            .or_else(|| e.get("ancestorRef"))
                            .is_some_and(|r| self.ref_matches(p, r))
                })
                .cloned(),
            (None, Some(name)) => status
                .get("listeners")
                .and_then(Value::as_array)?
                .iter()
                .find(|e| e.get("name").and_then(Value::as_str) == Some(name))
                .cloned(),
            (None, None) => Some(status.clone()),
        }
    }

    /// Checks this test against a resolution; `controller` selects route and policy entries.
    pub fn check(&self, controller: &str, resolution: &Resolution) -> Outcome {
        let fail = |actual: String| Outcome::Failed {
            expected: self.expected(),
            actual,
        };
        let status = resolution.status_of(&self.kind, &self.object);
        let entry = self.entry(controller, status.as_ref());
        let selects_entry = self.parent.is_some() || self.listener.is_some();
        if self.absent && self.condition.is_none() {
            return match entry {
                None => Outcome::Passed,
                Some(_) if selects_entry => fail("entry present".to_owned()),
                Some(_) => fail("status present".to_owned()),
            };
        }
        let Some(entry) = entry else {
            return fail(
                if self.parent.is_some() {
                    "no parent entry"
                } else if self.listener.is_some() {
                    "no listener entry"
                } else {
                    "no status"
                }
                .to_owned(),
            );
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
