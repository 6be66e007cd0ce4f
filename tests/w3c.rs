//! The W3C RDF 1.1 conformance suites for Turtle, TriG, N-Triples and
//! N-Quads (in `tests/w3c`), driven from their manifests through the
//! binary: `load` for syntax tests, `convert` for evaluation tests, whose
//! output must be isomorphic to the expected result.

use std::path::{Path, PathBuf};

use oxrdf::dataset::CanonicalizationAlgorithm;
use oxrdf::{Dataset, Graph, NamedNodeRef, NamedOrBlankNodeRef, TermRef};

use crate::util::{Env, Run, bin, test_data};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const RDFT: &str = "http://www.w3.org/ns/rdftest#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// One entry of a manifest.
struct Case {
    name: String,
    kind: String,
    action: PathBuf,
    result: Option<PathBuf>,
}

/// The suite's tests and the base IRI their inputs assume.
fn manifest(suite: &str) -> (Vec<Case>, String) {
    let dir = test_data().join("w3c").join(suite);
    let path = dir.join("manifest.ttl");
    let base = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let graph: Graph = oxttl::TurtleParser::new()
        .with_base_iri(&base)
        .unwrap()
        .for_slice(&text)
        .map(|t| t.unwrap())
        .collect();
    let iri = |s: &str| NamedNodeRef::new_unchecked(s).into_owned();
    let object = |subject: NamedOrBlankNodeRef<'_>, predicate: &str| {
        graph.object_for_subject_predicate(subject, &iri(predicate))
    };
    let local = |term: TermRef<'_>| match term {
        TermRef::NamedNode(n) => dir.join(n.as_str().rsplit('/').next().unwrap()),
        other => panic!("not an IRI: {other}"),
    };
    let manifest_node = iri(&base);
    let test_base = match object(
        manifest_node.as_ref().into(),
        &format!("{MF}assumedTestBase"),
    ) {
        Some(TermRef::NamedNode(n)) => n.as_str().to_owned(),
        // N-Triples and N-Quads have no relative IRIs and assume no base.
        _ => String::new(),
    };
    let mut list = object(manifest_node.as_ref().into(), &format!("{MF}entries")).unwrap();
    let mut cases = Vec::new();
    while let TermRef::BlankNode(cell) = list {
        let entry = object(cell.into(), &format!("{RDF}first")).unwrap();
        let TermRef::NamedNode(entry) = entry else {
            panic!("entry is not an IRI")
        };
        let kind = match object(entry.into(), &format!("{RDF}type")) {
            Some(TermRef::NamedNode(n)) => n.as_str().trim_start_matches(RDFT).to_owned(),
            _ => panic!("{entry} has no type"),
        };
        let name = match object(entry.into(), &format!("{MF}name")) {
            Some(TermRef::Literal(l)) => l.value().to_owned(),
            _ => entry.as_str().to_owned(),
        };
        cases.push(Case {
            name,
            kind,
            action: local(object(entry.into(), &format!("{MF}action")).unwrap()),
            result: object(entry.into(), &format!("{MF}result")).map(local),
        });
        list = object(cell.into(), &format!("{RDF}rest")).unwrap();
    }
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
