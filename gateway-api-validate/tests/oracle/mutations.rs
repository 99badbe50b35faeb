//! Variants of valid objects: schema-guided mutations (boundary lengths, pattern-breaking
//! characters, enum values, duplicates, too many items, missing fields, removed defaults, wrong
//! types, nulls, added properties) and domain mutations from pools of hand-written fragments
//! (filter combinations, path forms, parentRef sets, listener sets, backendRefs, TLS validation).
//!
//! Randomness comes from proptest's deterministic runner (one seed per variant), so a run is
//! reproducible and a variant can be replayed from its seed.

use std::collections::HashMap;

use regex::Regex;
use serde_json::{Value, json};

/// SplitMix64, seeded from a proptest-drawn `u64`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A value of the object with the schema node that governs it.
struct Site<'s> {
    path: Vec<Seg>,
    schema: &'s Value,
}

fn child_schema<'s>(s: &'s Value, key: &str) -> Option<&'s Value> {
    s.get("properties")
        .and_then(|p| p.get(key))
        .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()))
}

fn collect<'s>(s: &'s Value, v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Site<'s>>) {
    out.push(Site {
        path: path.clone(),
        schema: s,
    });
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                if path.is_empty()
                    && matches!(k.as_str(), "apiVersion" | "kind" | "metadata" | "status")
                {
                    continue;
                }
                if let Some(cs) = child_schema(s, k) {
                    path.push(Seg::Key(k.clone()));
                    collect(cs, val, path, out);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            if let Some(is) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    collect(is, item, path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

pub fn get_mut<'v>(v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            Seg::Key(k) => cur.get_mut(k.as_str())?,
            Seg::Index(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

fn last_key(path: &[Seg]) -> Option<&str> {
    path.iter().rev().find_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    })
}

fn ty(s: &Value) -> &str {
    s.get("type").and_then(Value::as_str).unwrap_or("")
}

/// Strings tried, in order, when a value must be generated for a string schema.
const CANDIDATES: &[&str] = &[
    "a",
    "example",
    "example.com",
    "/",
    "/foo",
    "http",
    "HTTP",
    "Exact",
    "gw",
    "1s",
    "10s",
    "X-Header",
    "GET",
    "a.b",
    "foo.example.com",
    "10.0.0.1",
    "https",
    "Service",
    "https://example.com",
    "PathPrefix",
    "x/y",
    "example.com/foo",
    "svc",
];

/// Characters that break one or another upstream pattern (or CEL rule), including non-ASCII
/// digits and letters where Unicode-aware classes would differ from RE2's ASCII ones.
const BREAKERS: &[&str] = &[
    "_", ".", "-", "/", " ", "*", "A", "é", "\n", "\r", "%", "#", "?", ":", "@", "\t", "\u{663}",
    "\u{212a}", "..", "*.", "//", "\\", "\"", ",", ";", "=", "~", "\u{0}", "\u{7f}", "[", "]", "{",
    "}", "$", "^", "|", "+",
];

const TRICKY: &[&str] = &[
    "",
    "-a",
    "a-",
    "a..b",
    "*.a",
    "*",
    "a.",
    ".a",
    "1.2.3.4",
    "::1",
    "example.com:80",
    "UPPER",
    "*.example.com",
    "a*.example.com",
    "01.2.3.4",
    "1.2.3",
    "::ffff:1.2.3.4",
    "fe80::1%eth0",
    "256.1.1.1",
    "a b",
    "ünïcödé",
    "0",
    "00",
    "1",
    "1ms",
    "100000h",
    "1h2m3s4ms",
    "1h1h1h1h1h",
    "-1s",
    "/",
    "//",
    "a/b",
    "GET ",
    "get",
];

pub struct Gen {
    regexes: HashMap<String, Option<Regex>>,
}

impl Gen {
    pub fn new() -> Self {
        Self {
            regexes: HashMap::new(),
        }
    }

    fn matches(&mut self, pattern: &str, s: &str) -> bool {
        let re = self
            .regexes
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).ok());
        re.as_ref().is_none_or(|r| r.is_match(s))
    }

    /// A value that probably satisfies `s` (a default, an enum member, a candidate string
    /// matching the pattern, required properties filled in).
    pub fn value(&mut self, rng: &mut Rng, s: &Value, depth: usize) -> Value {
        if let Some(d) = s.get("default")
            && rng.chance(50)
        {
            return d.clone();
        }
        if let Some(Value::Array(e)) = s.get("enum") {
            return rng.pick(e).clone();
        }
        match ty(s) {
            "object" => {
                let mut m = serde_json::Map::new();
                if depth < 5 {
                    let required: Vec<&str> = s
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| r.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    if let Some(props) = s.get("properties").and_then(Value::as_object) {
                        for (k, ps) in props {
                            if required.contains(&k.as_str()) || rng.chance(15) {
                                m.insert(k.clone(), self.value(rng, ps, depth + 1));
                            }
                        }
                    }
                }
                Value::Object(m)
            }
            "array" => {
                let n = 1 + usize::from(rng.chance(20));
                let is = s.get("items").cloned().unwrap_or(Value::Null);
                Value::Array((0..n).map(|_| self.value(rng, &is, depth + 1)).collect())
            }
            "integer" => {
                let min = s.get("minimum").and_then(Value::as_i64).unwrap_or(0);
                let max = s
                    .get("maximum")
                    .and_then(Value::as_i64)
                    .unwrap_or(i64::from(u16::MAX));
                let preferred = [80, 1, 443, 100, 8080];
                let p = *rng.pick(&preferred);
                json!(if p >= min && p <= max { p } else { min })
            }
            "boolean" => json!(rng.chance(50)),
            "string" => {
                let pattern = s.get("pattern").and_then(Value::as_str).map(str::to_owned);
                let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
                let max = s
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .unwrap_or(u64::MAX) as usize;
                let start = rng.below(CANDIDATES.len());
                for i in 0..CANDIDATES.len() {
                    let c = CANDIDATES[(start + i) % CANDIDATES.len()];
                    let n = c.chars().count();
                    if n >= min && n <= max && pattern.as_deref().is_none_or(|p| self.matches(p, c))
                    {
                        return json!(c);
                    }
                }
                json!("a")
            }
            _ => json!("a"),
        }
    }

    /// Applies 1–3 mutations to `obj` (whose top-level schema is `schema`); returns their labels.
    pub fn mutate(
        &mut self,
        rng: &mut Rng,
        obj: &mut Value,
        schema: &Value,
        kind: &str,
        versions: &[String],
    ) -> Vec<String> {
        let n = 1 + rng.below(3);
        let mut labels = Vec::new();
        for _ in 0..n {
            labels.push(self.mutate_once(rng, obj, schema, kind, versions));
        }
        labels
    }

    fn mutate_once(
        &mut self,
        rng: &mut Rng,
        obj: &mut Value,
        schema: &Value,
        kind: &str,
        versions: &[String],
    ) -> String {
        let mut sites = Vec::new();
        collect(schema, obj, &mut Vec::new(), &mut sites);
        let roll = rng.below(100);
        if roll < 30
            && let Some(l) = self.domain(rng, obj, &sites, kind)
        {
            return l;
        }
        let roll = rng.below(100);
        match roll {
            0..=13 => self.string_boundary(rng, obj, &sites),
            14..=27 => self.pattern_break(rng, obj, &sites),
            28..=36 => self.enum_change(rng, obj, &sites),
            37..=46 => self.duplicate(rng, obj, &sites),
            47..=52 => self.too_many(rng, obj, &sites),
            53..=63 => self.remove(rng, obj, &sites),
            64..=75 => self.add(rng, obj, &sites),
            76..=80 => self.wrong_type(rng, obj, &sites),
            81..=86 => self.number(rng, obj, &sites),
            87..=88 => self.null(rng, obj, &sites),
            89..=90 => {
                let v = rng.pick(versions).clone();
                obj["apiVersion"] = json!(v);
                "apiVersion".into()
            }
            _ => self.tricky(rng, obj, &sites),
        }
    }

    fn pick_site<'a, 's>(
        rng: &mut Rng,
        sites: &'a [Site<'s>],
        f: impl Fn(&Site<'s>) -> bool,
    ) -> Option<&'a Site<'s>> {
        let c: Vec<&Site<'s>> = sites.iter().filter(|s| f(s)).collect();
        if c.is_empty() {
            None
        } else {
            Some(c[rng.below(c.len())])
        }
    }

    fn string_boundary(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| {
            ty(s.schema) == "string"
                && (s.schema.get("maxLength").is_some() || s.schema.get("minLength").is_some())
        }) else {
            return self.tricky(rng, obj, sites);
        };
        let max = site.schema.get("maxLength").and_then(Value::as_u64);
        let min = site.schema.get("minLength").and_then(Value::as_u64);
        let target = match (rng.below(4), max, min) {
            (0, Some(m), _) => m,
            (1, Some(m), _) => m + 1,
            (2, _, Some(m)) if m > 0 => m - 1,
            (_, _, Some(m)) => m,
            (_, Some(m), _) => m + 1,
            _ => 0,
        } as usize;
        let Some(v) = get_mut(obj, &site.path) else {
            return "none".into();
        };
        let cur = v.as_str().unwrap_or("a").to_owned();
        // Grow by repeating a character the value already ends with (keeps most patterns happy:
        // DNS labels, header names, paths), or shrink by truncating.
        let filler = if rng.chance(70) {
            'a'
        } else {
            *rng.pick(&['0', 'x', '.', '-'])
        };
        let mut s: String = cur.chars().take(target).collect();
        while s.chars().count() < target {
            // Keep a DNS subdomain valid: labels of at most 63 characters.
            let label_len = s.rsplit('.').next().map_or(0, |l| l.chars().count());
            if label_len >= 63 && rng.chance(80) {
                s.push('.');
            } else {
                s.push(filler);
            }
        }
        if s.ends_with('.') {
            s.pop();
            s.push('a');
        }
        *v = json!(s);
        format!("length {target} at {}", last_key(&site.path).unwrap_or(""))
    }

    fn pattern_break(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| {
            ty(s.schema) == "string" && s.schema.get("enum").is_none()
        }) else {
            return "none".into();
        };
        let Some(v) = get_mut(obj, &site.path) else {
            return "none".into();
        };
        let cur = v.as_str().unwrap_or("").to_owned();
        let b = *rng.pick(BREAKERS);
        let chars: Vec<char> = cur.chars().collect();
        let at = rng.below(chars.len() + 1);
        let s: String =
            chars[..at].iter().collect::<String>() + b + &chars[at..].iter().collect::<String>();
        *v = json!(s);
        "pattern-break".into()
    }

    fn tricky(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| ty(s.schema) == "string") else {
            return "none".into();
        };
        if let Some(v) = get_mut(obj, &site.path) {
            *v = json!(*rng.pick(TRICKY));
        }
        "tricky-string".into()
    }

    fn enum_change(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| s.schema.get("enum").is_some()) else {
            return self.tricky(rng, obj, sites);
        };
        let options = site.schema["enum"].as_array().cloned().unwrap_or_default();
        let Some(v) = get_mut(obj, &site.path) else {
            return "none".into();
        };
        let new = match rng.below(4) {
            0 => json!("Unknown"),
            1 => json!(v.as_str().unwrap_or("").to_lowercase()),
            _ if !options.is_empty() => rng.pick(&options).clone(),
            _ => json!(""),
        };
        *v = new;
        "enum".into()
    }

    fn duplicate(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| ty(s.schema) == "array") else {
            return "none".into();
        };
        let Some(Value::Array(a)) = get_mut(obj, &site.path) else {
            return "none".into();
        };
        if a.is_empty() {
            return "none".into();
        }
        let mut item = a[rng.below(a.len())].clone();
        // Sometimes change a non-key field, so a map list sees a duplicate key with a different
        // value and a set list sees two distinct items.
        if rng.chance(30)
            && let Value::Object(m) = &mut item
        {
            for key in ["weight", "value", "port", "sectionName", "hostname"] {
                if let Some(x) = m.get_mut(key) {
                    *x = match x {
                        Value::Number(_) => json!(1),
                        _ => json!("b"),
                    };
                    break;
                }
            }
        }
        let at = rng.below(a.len() + 1);
        a.insert(at, item);
        format!("duplicate in {}", last_key(&site.path).unwrap_or(""))
    }

    fn too_many(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| s.schema.get("maxItems").is_some()) else {
            return self.duplicate(rng, obj, sites);
        };
        let max = site.schema["maxItems"].as_u64().unwrap_or(0) as usize;
        let target = if rng.chance(50) { max + 1 } else { max };
        let item_schema = site.schema.get("items").cloned().unwrap_or(Value::Null);
        let base =
            get_mut(obj, &site.path).and_then(|a| a.as_array().and_then(|a| a.first().cloned()));
        let mut items = Vec::new();
        for i in 0..target {
            let mut item = base
                .clone()
                .unwrap_or_else(|| self.value(rng, &item_schema, 0));
            // Unique names where the items have one, so the list is not only a duplicate.
            match &mut item {
                Value::Object(m) => {
                    for key in ["name", "value", "hostname"] {
                        if let Some(Value::String(s)) = m.get_mut(key) {
                            if !s.is_empty() {
                                s.push_str(&format!("{i}"));
                            }
                            break;
                        }
                    }
                }
                Value::String(s) if i > 0 => {
                    *s = format!("a{i}{s}").chars().take(60).collect();
                    if s.ends_with('.') || s.ends_with('-') {
                        s.push('a');
                    }
                }
                _ => {}
            }
            items.push(item);
        }
        if let Some(v) = get_mut(obj, &site.path) {
            *v = Value::Array(items);
        }
        format!("{target} items in {}", last_key(&site.path).unwrap_or(""))
    }

    fn remove(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| {
            s.path.len() > 1 || matches!(s.path.first(), Some(Seg::Key(_)))
        }) else {
            return "none".into();
        };
        let (last, parent) = site.path.split_last().unwrap();
        let Some(p) = get_mut(obj, parent) else {
            return "none".into();
        };
        match (last, p) {
            (Seg::Key(k), Value::Object(m)) => {
                m.remove(k);
                let had_default = site.schema.get("default").is_some();
                format!(
                    "remove {k}{}",
                    if had_default { " (defaulted)" } else { "" }
                )
            }
            (Seg::Index(i), Value::Array(a)) => {
                a.remove(*i);
                "remove item".into()
            }
            _ => "none".into(),
        }
    }

    fn add(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| {
            s.schema
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
                && !s.path.is_empty()
        }) else {
            return "none".into();
        };
        let props: Vec<(String, Value)> = site.schema["properties"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let (k, ps) = rng.pick(&props).clone();
        let value = self.value(rng, &ps, 0);
        if let Some(Value::Object(m)) = get_mut(obj, &site.path) {
            m.insert(k.clone(), value);
        }
        format!("add {k}")
    }

    fn wrong_type(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| !s.path.is_empty()) else {
            return "none".into();
        };
        let Some(v) = get_mut(obj, &site.path) else {
            return "none".into();
        };
        *v = match v {
            Value::String(_) => json!(5),
            Value::Number(n) => json!(n.to_string()),
            Value::Bool(_) => json!("true"),
            Value::Array(_) => json!({}),
            Value::Object(_) => json!([]),
            Value::Null => json!(1),
        };
        "wrong type".into()
    }

    fn number(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| ty(s.schema) == "integer") else {
            return self.tricky(rng, obj, sites);
        };
        let min = site.schema.get("minimum").and_then(Value::as_i64);
        let max = site.schema.get("maximum").and_then(Value::as_i64);
        let choices = [
            min.map(|m| m - 1),
            min,
            max,
            max.map(|m| m + 1),
            Some(0),
            Some(-1),
            Some(1_000_000_000),
        ];
        let n = rng.pick(&choices).unwrap_or(0);
        if let Some(v) = get_mut(obj, &site.path) {
            *v = json!(n);
        }
        "integer bound".into()
    }

    fn null(&mut self, rng: &mut Rng, obj: &mut Value, sites: &[Site<'_>]) -> String {
        let Some(site) = Self::pick_site(rng, sites, |s| {
            s.path.len() > 1 && matches!(s.path.last(), Some(Seg::Key(_)))
        }) else {
            return "none".into();
        };
        if let Some(v) = get_mut(obj, &site.path) {
            *v = Value::Null;
        }
        "null".into()
    }

    /// The domain mutations; `None` when the object has no site for them.
    fn domain(
        &mut self,
        rng: &mut Rng,
        obj: &mut Value,
        sites: &[Site<'_>],
        kind: &str,
    ) -> Option<String> {
        let key_is = |s: &Site<'_>, k: &str| matches!(s.path.last(), Some(Seg::Key(x)) if x == k);
        if !obj["spec"].is_object() {
            return None;
        }
        let choice = rng.below(6);
        match choice {
            0 if matches!(kind, "HTTPRoute" | "GRPCRoute") => {
                // Filters of a rule or of a backendRef: a random combination from the pool.
                let site = Self::pick_site(rng, sites, |s| key_is(s, "filters"))
                    .or_else(|| Self::pick_site(rng, sites, |s| matches!(s.path.as_slice(), [Seg::Key(a), Seg::Key(b), Seg::Index(_)] if a == "spec" && b == "rules")))?;
                let pool = filter_pool();
                let n = 1 + rng.below(4);
                let filters: Vec<Value> = (0..n).map(|_| rng.pick(&pool).clone()).collect();
                let target = get_mut(obj, &site.path)?;
                if key_is(site, "filters") {
                    *target = Value::Array(filters);
                } else if target.is_object() {
                    target["filters"] = Value::Array(filters);
                }
                Some("filters".into())
            }
            1 if kind == "HTTPRoute" => {
                let forms = path_forms();
                if let Some(site) = Self::pick_site(rng, sites, |s| {
                    key_is(s, "replacePrefixMatch") || key_is(s, "replaceFullPath")
                }) && rng.chance(40)
                {
                    *get_mut(obj, &site.path)? = json!(*rng.pick(&forms));
                    return Some("rewrite path form".into());
                }
                let site = Self::pick_site(rng, sites, |s| key_is(s, "matches"))?;
                let types = [
                    "Exact",
                    "PathPrefix",
                    "PathPrefix",
                    "RegularExpression",
                    "Prefix",
                ];
                let n = 1 + rng.below(3);
                let matches: Vec<Value> = (0..n)
                    .map(|_| {
                        let mut p = json!({"value": *rng.pick(&forms)});
                        if rng.chance(85) {
                            p["type"] = json!(*rng.pick(&types));
                        }
                        json!({"path": p})
                    })
                    .collect();
                *get_mut(obj, &site.path)? = Value::Array(matches);
                Some("path form".into())
            }
            2 if kind.ends_with("Route") => {
                let pool = parent_pool();
                let n = 1 + rng.below(4);
                let refs: Vec<Value> = (0..n).map(|_| rng.pick(&pool).clone()).collect();
                obj["spec"]["parentRefs"] = Value::Array(refs);
                Some("parentRefs".into())
            }
            3 if matches!(kind, "Gateway" | "ListenerSet") => {
                let pool = listener_pool();
                let n = 1 + rng.below(4);
                let ls: Vec<Value> = (0..n).map(|_| rng.pick(&pool).clone()).collect();
                obj["spec"]["listeners"] = Value::Array(ls);
                Some("listeners".into())
            }
            4 if kind.ends_with("Route") => {
                let site = Self::pick_site(rng, sites, |s| key_is(s, "backendRefs"))?;
                let pool = backend_pool();
                let n = 1 + rng.below(3);
                let refs: Vec<Value> = (0..n).map(|_| rng.pick(&pool).clone()).collect();
                *get_mut(obj, &site.path)? = Value::Array(refs);
                Some("backendRefs".into())
            }
            5 if kind == "BackendTLSPolicy" => {
                let pool = tls_validation_pool();
                obj["spec"]["validation"] = rng.pick(&pool).clone();
                if rng.chance(40) {
                    let t = json!({"group": "", "kind": "Service", "name": "svc"});
                    let mut t2 = t.clone();
                    if rng.chance(50) {
                        t2["sectionName"] = json!("https");
                    }
                    obj["spec"]["targetRefs"] = json!([t, t2]);
                }
                Some("tls validation".into())
            }
            _ => None,
        }
    }
}

fn filter_pool() -> Vec<Value> {
    vec![
        json!({"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "X-A", "value": "a"}]}}),
        json!({"type": "RequestHeaderModifier", "requestHeaderModifier": {"add": [{"name": "X-A", "value": "a"}, {"name": "x-a", "value": "b"}]}}),
        json!({"type": "RequestHeaderModifier", "requestHeaderModifier": {"remove": ["X-A", "x-a"]}}),
        json!({"type": "ResponseHeaderModifier", "responseHeaderModifier": {"remove": ["X-A"]}}),
        json!({"type": "ResponseHeaderModifier", "responseHeaderModifier": {"set": [{"name": "X-B", "value": "b\r\nc"}]}}),
        json!({"type": "RequestRedirect", "requestRedirect": {"scheme": "https", "statusCode": 301}}),
        json!({"type": "RequestRedirect", "requestRedirect": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/foo"}}}),
        json!({"type": "RequestRedirect", "requestRedirect": {"path": {"type": "ReplaceFullPath", "replaceFullPath": "/foo"}}}),
        json!({"type": "RequestRedirect", "requestRedirect": {"path": {"type": "ReplaceFullPath", "replacePrefixMatch": "/foo"}}}),
        json!({"type": "RequestRedirect", "requestRedirect": {"hostname": "example.com", "port": 8443}}),
        json!({"type": "URLRewrite", "urlRewrite": {"hostname": "example.com"}}),
        json!({"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/bar"}}}),
        json!({"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplaceFullPath", "replaceFullPath": "/bar"}}}),
        json!({"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replaceFullPath": "/bar"}}}),
        json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "mirror", "port": 8080}}}),
        json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "mirror", "port": 8080}, "percent": 50}}),
        json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "mirror", "port": 8080}, "percent": 5, "fraction": {"numerator": 1}}}),
        json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "mirror"}}}),
        json!({"type": "ExtensionRef", "extensionRef": {"group": "example.com", "kind": "Foo", "name": "f"}}),
        json!({"type": "CORS", "cors": {"allowOrigins": ["https://example.com"]}}),
        json!({"type": "CORS", "cors": {"allowOrigins": ["*"], "allowCredentials": true}}),
        json!({"type": "ExternalAuth", "externalAuth": {"protocol": "HTTP", "backendRef": {"name": "auth", "port": 80}}}),
        json!({"type": "ExternalAuth", "externalAuth": {"protocol": "GRPC", "backendRef": {"name": "auth", "port": 80}, "http": {"path": "/x"}}}),
        json!({"type": "RequestHeaderModifier", "requestRedirect": {"scheme": "https"}}),
        json!({"type": "RequestRedirect"}),
        json!({"type": "URLRewrite", "urlRewrite": {}, "requestHeaderModifier": {"set": [{"name": "a", "value": "b"}]}}),
        json!({"type": "ExtensionRef"}),
        json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "m", "port": 80}}, "urlRewrite": {"hostname": "a"}}),
    ]
}

fn path_forms() -> Vec<&'static str> {
    vec![
        "/",
        "/foo",
        "/foo/",
        "//",
        "/foo//bar",
        "/./",
        "/foo/./bar",
        "/%2f",
        "/foo%2Fbar",
        "/foo#bar",
        "foo",
        "relative/path",
        "/foo/..",
        "/foo/.",
        "/..",
        "/foo?x=1",
        "/foo bar",
        "",
        "/a/b/../c",
        "/%2e%2e",
        "/foo%",
        "/[a-z]+",
        "/f\u{e9}",
        "/foo/bar",
        "/v1",
        "/%",
        "/a%2",
        "/~user",
        "/a;b",
        "/a:b",
        "/a@b",
    ]
}

fn parent_pool() -> Vec<Value> {
    vec![
        json!({"name": "gw"}),
        json!({"name": "gw", "sectionName": "http"}),
        json!({"name": "gw", "sectionName": "https"}),
        json!({"name": "gw", "port": 80}),
        json!({"name": "gw", "sectionName": "http", "port": 80}),
        json!({"name": "gw", "namespace": "other"}),
        json!({"name": "gw2"}),
        json!({"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "gw"}),
        json!({"group": "gateway.networking.k8s.io", "kind": "ListenerSet", "name": "ls"}),
        json!({"group": "", "kind": "Service", "name": "svc"}),
        json!({"name": "gw", "sectionName": ""}),
    ]
}

fn listener_pool() -> Vec<Value> {
    vec![
        json!({"name": "http", "protocol": "HTTP", "port": 80}),
        json!({"name": "http", "protocol": "HTTP", "port": 80, "hostname": "foo.example.com"}),
        json!({"name": "https", "protocol": "HTTPS", "port": 443, "hostname": "*.example.com", "tls": {"mode": "Terminate", "certificateRefs": [{"name": "cert"}]}}),
        json!({"name": "https2", "protocol": "HTTPS", "port": 443}),
        json!({"name": "https3", "protocol": "HTTPS", "port": 443, "tls": {"mode": "Passthrough"}}),
        json!({"name": "tls", "protocol": "TLS", "port": 443, "tls": {"mode": "Passthrough"}}),
        json!({"name": "tls2", "protocol": "TLS", "port": 443}),
        json!({"name": "tls3", "protocol": "TLS", "port": 8443, "tls": {"mode": "Terminate"}}),
        json!({"name": "tcp", "protocol": "TCP", "port": 9000, "hostname": "a.example.com"}),
        json!({"name": "tcp2", "protocol": "TCP", "port": 9001}),
        json!({"name": "udp", "protocol": "UDP", "port": 9000, "tls": {"mode": "Terminate"}}),
        json!({"name": "custom", "protocol": "example.com/custom", "port": 1234}),
        json!({"name": "sel", "protocol": "HTTP", "port": 8080, "allowedRoutes": {"namespaces": {"from": "Selector"}}}),
        json!({"name": "kinds", "protocol": "HTTP", "port": 8081, "allowedRoutes": {"kinds": [{"kind": "HTTPRoute"}, {"kind": "HTTPRoute"}]}}),
        json!({"name": "HTTP", "protocol": "HTTP", "port": 80}),
    ]
}

fn backend_pool() -> Vec<Value> {
    vec![
        json!({"name": "svc", "port": 80}),
        json!({"name": "svc"}),
        json!({"group": "", "kind": "Service", "name": "svc", "port": 80}),
        json!({"group": "", "kind": "Service", "name": "svc"}),
        json!({"group": "example.com", "kind": "Foo", "name": "f"}),
        json!({"name": "svc", "port": 80, "weight": 0}),
        json!({"name": "svc", "port": 80, "weight": 1000001}),
        json!({"name": "svc", "port": 80, "filters": [{"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "a", "value": "b"}]}}]}),
        json!({"name": "svc", "port": 80, "filters": [{"type": "RequestRedirect", "requestRedirect": {"scheme": "https"}}]}),
        json!({"name": "svc", "namespace": "other", "port": 80}),
    ]
}

fn tls_validation_pool() -> Vec<Value> {
    vec![
        json!({"hostname": "example.com", "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "ca"}]}),
        json!({"hostname": "example.com", "wellKnownCACertificates": "System"}),
        json!({"hostname": "example.com", "wellKnownCACertificates": "System", "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "ca"}]}),
        json!({"hostname": "example.com"}),
        json!({"hostname": "*.example.com", "wellKnownCACertificates": "System"}),
        json!({"hostname": "10.0.0.1", "wellKnownCACertificates": "System"}),
        json!({"hostname": "example.com", "wellKnownCACertificates": "System", "subjectAltNames": [{"type": "Hostname", "hostname": "a.example.com"}, {"type": "URI", "uri": "spiffe://a"}]}),
        json!({"hostname": "example.com", "wellKnownCACertificates": "System", "subjectAltNames": [{"type": "Hostname", "uri": "spiffe://a"}]}),
        json!({"hostname": "example.com", "wellKnownCACertificates": "System", "subjectAltNames": [{"type": "URI"}]}),
    ]
}
