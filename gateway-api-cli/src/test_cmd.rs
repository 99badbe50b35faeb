//! `gwapi test`: check test files (`kind: StatusTests`, and later `kind: RouteTests`) against
//! the manifests.
//!
//! Each test file is read and dispatched on its `kind` to a [`TestFile`] implementation; a new
//! kind adds a variant to [`load`] and an implementation, nothing else. All files are loaded
//! before anything runs, so a malformed file fails the command (exit 2) without partial output.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use gateway_api_resolve::expect::{Outcome, StatusTests};
use gateway_api_resolve::route_tests::RouteTests;
use gateway_api_resolve::{Resolution, Snapshot, resolve};
use serde_json::Value;

use crate::controller::ControllerArgs;
use crate::input::{InputArgs, Manifests};

/// `gwapi test`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Test files.
    #[arg(long, required = true, num_args = 1..)]
    pub(crate) tests: Vec<String>,
    #[command(flatten)]
    pub(crate) controller: ControllerArgs,
}

/// One failing test, as printed.
pub(crate) struct Failure {
    pub(crate) file: String,
    pub(crate) test: String,
    pub(crate) expected: String,
    pub(crate) actual: String,
}

/// What every kind of test file provides.
pub(crate) trait TestFile {
    /// Runs every test; returns the number passed and the failures.
    fn run(&self, env: &mut Env<'_>) -> anyhow::Result<(usize, Vec<Failure>)>;
}

/// What test files run against: the manifests, and resolutions computed once per controller.
pub(crate) struct Env<'a> {
    pub(crate) snapshot: &'a Snapshot,
    pub(crate) controller: &'a ControllerArgs,
    resolutions: BTreeMap<String, Resolution>,
}

impl Env<'_> {
    pub(crate) fn resolution(&mut self, controller: &str) -> anyhow::Result<&Resolution> {
        if !self.resolutions.contains_key(controller) {
            let options = self.controller.options(controller.to_owned());
            self.resolutions
                .insert(controller.to_owned(), resolve(self.snapshot, &options));
        }
        self.resolutions
            .get(controller)
            .ok_or_else(|| anyhow!("no resolution for {controller}"))
    }
}

impl TestFile for StatusTests {
    fn run(&self, env: &mut Env<'_>) -> anyhow::Result<(usize, Vec<Failure>)> {
        let resolution = env.resolution(&self.controller_name)?;
        let mut passed = 0;
        let mut failures = Vec::new();
        for (test, outcome) in self.check(resolution) {
            match outcome {
                Outcome::Passed => passed += 1,
                Outcome::Failed { expected, actual } => failures.push(Failure {
                    file: self.file.clone(),
                    test: test.name.clone(),
                    expected,
                    actual,
                }),
            }
        }
        Ok((passed, failures))
    }
}

impl TestFile for RouteTests {
    fn run(&self, env: &mut Env<'_>) -> anyhow::Result<(usize, Vec<Failure>)> {
        let flags = env.controller;
        let options_for = |controller: &str| flags.options(controller.to_owned());
        let (passed, failures) = self.check(env.snapshot, &options_for);
        let failures = failures
            .into_iter()
            .map(|f| Failure {
                file: self.file.clone(),
                test: f.test,
                expected: f.expected,
                actual: f.actual,
            })
            .collect();
        Ok((passed, failures))
    }
}

/// Reads a test file and picks its implementation by `kind`.
fn load(path: &str) -> anyhow::Result<Box<dyn TestFile>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let value: Value = serde_saphyr::from_str(&text)
        .map_err(|e| anyhow!("{path}: not valid YAML or JSON: {e}"))?;
    match value.get("kind").and_then(Value::as_str) {
        Some("StatusTests") => Ok(Box::new(StatusTests::from_value(path, &value)?)),
        Some("RouteTests") => Ok(Box::new(
            RouteTests::from_value(path, &value).map_err(|e| anyhow!(e))?,
        )),
        Some(other) => bail!(
            "{path}: kind: unknown test file kind {other:?} (expected StatusTests or RouteTests)"
        ),
        None => bail!("{path}: kind: is required (StatusTests or RouteTests)"),
    }
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let files = args
        .tests
        .iter()
        .map(|t| load(t))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let read: Manifests = args.input.read()?;
    if !read.errors.is_empty() {
        for e in &read.errors {
            eprintln!("error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
    let snapshot = Snapshot::from_documents(&read.documents);
    let mut env = Env {
        snapshot: &snapshot,
        controller: &args.controller,
        resolutions: BTreeMap::new(),
    };
    let mut passed = 0;
    let mut failed = 0;
    for file in &files {
        let (p, failures) = file.run(&mut env)?;
        passed += p;
        failed += failures.len();
        for f in failures {
            println!(
                "FAIL {}: {}: expected {}, got {}",
                f.file, f.test, f.expected, f.actual
            );
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
