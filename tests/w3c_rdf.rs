//! The W3C RDF 1.1 conformance suites for Turtle, TriG, N-Triples and
//! N-Quads (in `tests/w3c`), driven from their manifests through the
//! binary: `load` for syntax tests, `convert` for evaluation tests, whose
//! output must be isomorphic to the expected result.

use std::path::{Path, PathBuf};

use oxrdf::Dataset;
use oxrdf::TermRef;
use oxrdf::dataset::CanonicalizationAlgorithm;

use crate::util::{Env, Run, bin, test_data};
use crate::w3c_manifest::{MF, entries, file};

/// One entry of a manifest.
struct Case {
    name: String,
    kind: String,
    action: PathBuf,
    result: Option<PathBuf>,
}

/// The suite's tests and the base IRI their inputs assume.
fn manifest(suite: &str) -> (Vec<Case>, String) {
    let entries = entries(&test_data().join("w3c").join(suite).join("manifest.ttl"));
    let test_base = match entries
        .first()
        .and_then(|e| e.object_of(e.manifest.as_ref().into(), MF, "assumedTestBase"))
    {
        Some(TermRef::NamedNode(n)) => n.as_str().to_owned(),
        // N-Triples and N-Quads have no relative IRIs and assume no base.
        _ => String::new(),
    };
    let cases = entries
        .iter()
        .map(|entry| Case {
            name: entry.name(),
            kind: entry.kind(),
            action: file(entry.object(MF, "action").expect("a test has an action")),
            result: entry.object(MF, "result").map(file),
        })
        .collect();
    (cases, test_base)
}

/// Runs `check` on every case of `suite` whose kind ends with `kind`, and
/// fails with the list of the cases that did not pass.
fn run_suite(suite: &str, kind: &str, check: impl Fn(&Case, &str) -> Result<(), String> + Sync) {
    let (cases, base) = manifest(suite);
    let cases: Vec<&Case> = cases.iter().filter(|c| c.kind.ends_with(kind)).collect();
    assert!(!cases.is_empty(), "{suite} has no {kind} tests");
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = cases
            .chunks(cases.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(|| {
                    chunk
                        .iter()
                        .filter_map(|case| {
                            check(case, &base)
                                .err()
                                .map(|e| format!("{}: {e}", case.name))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        chunks.into_iter().flat_map(|c| c.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} {suite} {kind} tests failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn load(case: &Case) -> Run {
    let env = Env::new();
    env.run(&["load", case.action.to_str().unwrap()])
}

fn positive_syntax(case: &Case, _: &str) -> Result<(), String> {
    let run = load(case);
    match run.code {
        Some(0) => Ok(()),
        _ => Err(format!("refused: {}", run.stderr)),
    }
}

fn negative_syntax(case: &Case, _: &str) -> Result<(), String> {
    let run = load(case);
    match run.code {
        Some(1) if run.stderr.contains("error: ") && !run.stderr.contains("panicked") => Ok(()),
        _ => Err(format!(
            "not refused cleanly (exit {:?}): {}{}",
            run.code, run.stdout, run.stderr
        )),
    }
}

fn convert(case: &Case, base: &str) -> Run {
    let name = case.action.file_name().unwrap().to_str().unwrap();
    Run::from(
        bin()
            .arg("convert")
            .arg(&case.action)
            .args(["--format", "nquads", "--base", &format!("{base}{name}")])
            .output()
            .unwrap(),
    )
}

/// Both texts parsed as N-Quads by oxttl, with canonical blank nodes.
fn canonical(nquads: &str) -> Result<Dataset, String> {
    let mut dataset = oxttl::NQuadsParser::new()
        .for_slice(nquads)
        .collect::<Result<Dataset, _>>()
        .map_err(|e| e.to_string())?;
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    Ok(dataset)
}

fn eval(case: &Case, base: &str) -> Result<(), String> {
    let run = convert(case, base);
    if run.code != Some(0) {
        return Err(format!("refused: {}", run.stderr));
    }
    let expected_path: &Path = case.result.as_deref().ok_or("no mf:result")?;
    let expected = std::fs::read_to_string(expected_path).map_err(|e| e.to_string())?;
    let (ours, theirs) = (canonical(&run.stdout)?, canonical(&expected)?);
    if ours == theirs {
        Ok(())
    } else {
        Err(format!(
            "not isomorphic\nours:\n{}\nexpected:\n{expected}",
            run.stdout
        ))
    }
}

#[test]
fn turtle_positive_syntax() {
    run_suite("rdf-turtle", "TestTurtlePositiveSyntax", positive_syntax);
}

#[test]
fn turtle_negative_syntax() {
    run_suite("rdf-turtle", "TestTurtleNegativeSyntax", negative_syntax);
}

#[test]
fn turtle_eval() {
    run_suite("rdf-turtle", "TestTurtleEval", eval);
}

#[test]
fn trig_positive_syntax() {
    run_suite("rdf-trig", "TestTrigPositiveSyntax", positive_syntax);
}

#[test]
fn trig_negative_syntax() {
    run_suite("rdf-trig", "TestTrigNegativeSyntax", negative_syntax);
}

#[test]
fn trig_eval() {
    run_suite("rdf-trig", "TestTrigEval", eval);
}

#[test]
fn ntriples_positive_syntax() {
    run_suite(
        "rdf-n-triples",
        "TestNTriplesPositiveSyntax",
        positive_syntax,
    );
}

#[test]
fn ntriples_negative_syntax() {
    run_suite(
        "rdf-n-triples",
        "TestNTriplesNegativeSyntax",
        negative_syntax,
    );
}

#[test]
fn nquads_positive_syntax() {
    run_suite("rdf-n-quads", "TestNQuadsPositiveSyntax", positive_syntax);
}

#[test]
fn nquads_negative_syntax() {
    run_suite("rdf-n-quads", "TestNQuadsNegativeSyntax", negative_syntax);
}
