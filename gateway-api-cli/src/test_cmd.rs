//! `gwapi test`: check test files (`kind: RouteTests` and `kind: StatusTests`, several per file
//! as a `---` stream) against the manifests, with `gateway-api-testing`.
//!
//! Each document is read by `gateway_api_testing::parse` and run through its [`TestFile`]
//! implementation. All files are loaded before anything runs, so a malformed document fails
//! the command (exit 2, every malformed document reported) without partial output.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use gateway_api_resolve::{Resolution, Snapshot, resolve};
use gateway_api_testing::{Outcome, RouteTests, StatusTests, TestDocument};

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

impl TestFile for TestDocument {
    fn run(&self, env: &mut Env<'_>) -> anyhow::Result<(usize, Vec<Failure>)> {
        match self {
            Self::Routes(r) => r.run(env),
            Self::Status(s) => s.run(env),
        }
    }
}

/// Reads a test file: every document in it, or every malformed document's error.
fn load(path: &str) -> anyhow::Result<Result<Vec<TestDocument>, Vec<gateway_api_testing::Error>>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let (documents, errors): (Vec<_>, Vec<_>) = gateway_api_testing::parse(path, &text)
        .into_iter()
        .partition(Result::is_ok);
    Ok(if errors.is_empty() {
        Ok(documents.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(errors.into_iter().filter_map(Result::err).collect())
    })
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    let mut malformed = Vec::new();
    for t in &args.tests {
        match load(t)? {
            Ok(documents) => files.extend(documents),
            Err(errors) => malformed.extend(errors),
        }
    }
    if !malformed.is_empty() {
        for e in &malformed {
            eprintln!("error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
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
