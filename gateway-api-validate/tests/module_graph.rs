//! The crate's modules form layers: no module uses, directly or through others, a module that
//! uses it. Read from the sources: every `crate::…`, `super::…` or own-submodule path outside
//! test code names the module it reaches into (a file is a module: `rules::cel`,
//! `pipeline::structural`); a cycle fails the test and prints the modules on it.
//!
//! `cargo test -p gateway-api-validate --test module_graph -- --nocapture` prints the graph,
//! as docs/architecture.md shows it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The module a source file is (`rules/cel.rs` → `rules::cel`, `pipeline/mod.rs` → `pipeline`),
/// `None` for lib.rs (the root only declares and re-exports).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    (parts != ["lib"]).then(|| parts.join("::"))
}

/// The file's code without comments and without test code: a `#[cfg(test)]` item is cut from
/// its attribute to the end of its braces (test files, `tests.rs`, are skipped by the caller).
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            // Skip the item: up to the line where its braces (or a `;`) close.
            let mut depth = 0i32;
            let mut opened = false;
            for item in lines.by_ref() {
                depth += item.matches('{').count() as i32 - item.matches('}').count() as i32;
                opened |= item.contains('{');
                if (opened && depth <= 0) || (!opened && item.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push_str(line.split(" //").next().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The path segments starting at `at` (`a::b::{c, d::e}` gives `[a, b, c]` and `[a, b, d, e]`).
fn paths_at(code: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let ident: String = code
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let rest = &code[ident.len()..];
    if ident.is_empty() {
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group at its top-level commas.
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        paths_at(group[start..i].trim_start(), prefix, out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        paths_at(group[start..i].trim_start(), prefix.clone(), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        }
        out.push(prefix);
        return;
    }
    let mut path = prefix;
    path.push(ident);
    match rest.strip_prefix("::") {
        Some(more) => paths_at(more, path, out),
        None => out.push(path),
    }
}

/// The modules of `modules` that the code of `module` refers to: by `crate::…`, by `super::…`,
/// or by the name of one of its own submodules.
fn references(module: &str, code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let is_mod_file = |m: &str| modules.iter().any(|x| x.starts_with(&format!("{m}::")));
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    for (i, _) in code.match_indices("::") {
        // The identifier before `::`, if it starts a path.
        let start = code[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |p| p + 1);
        if start > 0 && (bytes[start - 1] == b':' || bytes[start - 1] == b'$') {
            continue;
        }
        let head = &code[start..i];
        let base: Vec<String> = match head {
            "crate" => Vec::new(),
            // `super` from a module's own file (`a/mod.rs` or `a.rs`) is its parent.
            "super" => parent
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            own if is_mod_file(module) && modules.contains(&format!("{module}::{own}")) => {
                let mut b: Vec<String> = module.split("::").map(str::to_owned).collect();
                b.push(own.to_owned());
                b
            }
            _ => continue,
        };
        let mut paths = Vec::new();
        if head == "crate" || head == "super" {
            paths_at(&code[i + 2..], base, &mut paths);
        } else {
            paths.push(base);
        }
        for p in paths {
            // The longest prefix that is a module.
            for n in (1..=p.len()).rev() {
                let name = p[..n].join("::");
                if modules.contains(&name) {
                    found.push(name);
                    break;
                }
            }
        }
    }
    found.into_iter().filter(|m| m != module).collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module graph: module → modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let names: BTreeSet<String> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let names: BTreeSet<String> = names
        .into_iter()
        .filter(|n| !n.ends_with("tests"))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> =
        names.iter().map(|n| (n.clone(), BTreeSet::new())).collect();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read a source file");
        let uses = references(&module, &production_code(&text), &names);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses.into_iter().filter(|u| *u != module));
    }
    graph
}

/// The modules on a cycle, if there is one (depth-first search with colours).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_owned(), 1);
        stack.push(n.to_owned());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn modules_have_no_import_cycle() {
    let graph = graph();
    for (module, uses) in &graph {
        let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
        println!("{module} -> {}", uses.join(", "));
    }
    // The graph is read, not assumed: the layers named in lib.rs are all there.
    for m in [
        "schema",
        "value",
        "rules",
        "rules::cel",
        "pipeline::cel",
        "validator",
    ] {
        assert!(graph.contains_key(m), "module {m} not found");
    }
    assert!(
        graph["value"].contains("schema") && graph["rules::cel"].contains("value"),
        "the references were not read: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert("a".into(), ["b".to_owned()].into());
    graph.insert("b".into(), ["c".to_owned()].into());
    graph.insert("c".into(), ["a".to_owned()].into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    graph.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&graph), None);
}
