//! The W3C SHACL Core test suite, whole: the `tests/core` folder of the
//! Working Group's `data-shapes-test-suite`, copied unchanged into
//! `tests/w3c/shacl-core/` and driven from its manifests through the
//! binary.
//!
//! Each approved `sht:Validate` case names a data graph and a shapes graph
//! (Turtle files, often the case's own file). `actorgraph validate DATA
//! --shapes SHAPES --format ttl` reads the data as written (no store
//! rewrites its literals) and writes a W3C validation report, which must be
//! isomorphic to the expected one, as the suite prescribes: the expected
//! graph is the `mf:result` node's triples, its results' triples and their
//! paths' triples; `sh:resultMessage` is left out of both sides. Where an
//! expected result has a `sh:resultMessage`, the matching result must also
//! carry that message. The exit code must say whether the expected report
//! has violations (warnings and infos do not fail a validation).

use std::collections::BTreeSet;

use oxrdf::dataset::CanonicalizationAlgorithm;
use oxrdf::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, TermRef};

use crate::util::{Run, bin, test_data};
use crate::w3c_manifest::{Entry, MF, SHT, entries, file, node};

/// How many approved cases the copied revision of the suite holds: every
/// one must be found, and pass.
const APPROVED_CASES: usize = 98;

/// A SHACL term.
fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://www.w3.org/ns/shacl#{local}"))
}

/// The parts of a report the comparison reads.
#[derive(Clone, Copy)]
enum Part {
    Report,
    Result,
    Path,
}

impl Part {
    /// The part a blank node is, reached from this one through `predicate`.
    fn next(self, predicate: NamedNodeRef<'_>) -> Option<Self> {
        match self {
            Self::Report => (predicate == sh("result").as_ref()).then_some(Self::Result),
            Self::Result => (predicate == sh("resultPath").as_ref()).then_some(Self::Path),
            // Every blank node inside a path (steps, lists) is the path's.
            Self::Path => Some(Self::Path),
        }
    }
}

/// Adds to `into` the triples of `node`, the `part` of a report, and of
/// the parts they lead to: a report's results, a result's path. Messages
/// are left out.
fn closure(graph: &Graph, node: &NamedOrBlankNode, part: Part, into: &mut Graph) {
    for triple in graph.triples_for_subject(node) {
        if triple.predicate == sh("resultMessage").as_ref() {
            continue;
        }
        into.insert(triple);
        if let (TermRef::BlankNode(next), Some(part)) = (triple.object, part.next(triple.predicate))
        {
            closure(graph, &next.into_owned().into(), part, into);
        }
    }
}

/// The triples of `graph`, blank nodes canonically labelled, sorted.
fn canonical(mut graph: Graph) -> BTreeSet<String> {
    graph.canonicalize(CanonicalizationAlgorithm::Unstable);
    graph.iter().map(|t| t.to_string()).collect()
}

/// The report at `report` as compared: without messages, blank nodes
/// canonically labelled.
fn report_form(graph: &Graph, report: &NamedOrBlankNode) -> BTreeSet<String> {
    let mut compared = Graph::new();
    closure(graph, report, Part::Report, &mut compared);
    canonical(compared)
}

/// Each result of the report at `report` (as its canonical triples) with
/// each of its messages.
fn messages(graph: &Graph, report: &NamedOrBlankNode) -> BTreeSet<(String, String)> {
    let mut pairs = BTreeSet::new();
    for result in graph.objects_for_subject_predicate(report, sh("result").as_ref()) {
        let result = node(result).into_owned();
        let mut alone = Graph::new();
        closure(graph, &result, Part::Result, &mut alone);
        let form = canonical(alone).into_iter().collect::<Vec<_>>().join("\n");
        for message in graph.objects_for_subject_predicate(&result, sh("resultMessage").as_ref()) {
            pairs.insert((form.clone(), message.to_string()));
        }
    }
    pairs
}

/// The report node of `graph`: the subject typed `sh:ValidationReport`.
fn report_node(graph: &Graph) -> Option<NamedOrBlankNode> {
    let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    graph
        .subject_for_predicate_object(&rdf_type, &sh("ValidationReport"))
        .map(NamedOrBlankNodeRef::into_owned)
}

/// Runs one case through the binary; `Err` says how it failed.
fn run(case: &Entry) -> Result<(), String> {
    let action = case.action().ok_or("the case has no mf:action")?;
    let path = |predicate| {
        file(
            case.object_of(action, SHT, predicate)
                .unwrap_or_else(|| panic!("the case has no sht:{predicate}")),
        )
    };
    let (data, shapes) = (path("dataGraph"), path("shapesGraph"));
    let run = Run::from(
        bin()
            .arg("validate")
            .arg(&data)
            .arg("--shapes")
            .arg(&shapes)
            .args(["--format", "ttl"])
            .output()
            .unwrap(),
    );
    let got: Graph = oxttl::TurtleParser::new()
        .for_slice(run.stdout.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| {
            format!(
                "the report is not Turtle ({e}): {}{}",
                run.stdout, run.stderr
            )
        })?;
    let got_report = report_node(&got).ok_or_else(|| {
        format!(
            "no sh:ValidationReport (exit {:?}): {}",
            run.code, run.stderr
        )
    })?;
    let expected = node(
        case.object(MF, "result")
            .ok_or("the case has no mf:result")?,
    )
    .into_owned();
    let graph = &case.graph;
    let (want, have) = (
        report_form(graph, &expected),
        report_form(&got, &got_report),
    );
    if want != have {
        let mut diff = String::from("the report differs from the expected one");
        for line in want.difference(&have) {
            diff.push_str(&format!("\n    missing:    {line}"));
        }
        for line in have.difference(&want) {
            diff.push_str(&format!("\n    unexpected: {line}"));
        }
        return Err(diff);
    }
    let got_messages = messages(&got, &got_report);
    if let Some((result, message)) = messages(graph, &expected).difference(&got_messages).next() {
        return Err(format!("no result says {message}:\n{result}"));
    }
    // actorgraph fails (exit 1) on violations only: warnings and infos are
    // reported, as sh:conforms false says, but do not fail.
    let violation = sh("Violation");
    let violations = graph
        .objects_for_subject_predicate(&expected, &sh("result"))
        .any(|result| {
            graph
                .object_for_subject_predicate(node(result), &sh("resultSeverity"))
                .is_some_and(|s| s == violation.as_ref().into())
        });
    match (violations, run.code) {
        (false, Some(0)) | (true, Some(1)) => Ok(()),
        (_, code) => Err(format!(
            "exit {code:?} where the expected report {} violations",
            if violations { "has" } else { "has no" }
        )),
    }
}

#[test]
fn the_w3c_shacl_core_suite_passes_through_the_binary() {
    let cases = entries(&test_data().join("w3c/shacl-core/manifest.ttl"));
    let approved: Vec<&Entry> = cases
        .iter()
        .filter(|case| {
            case.object(MF, "status")
                == Some(
                    NamedNodeRef::from(&NamedNode::new_unchecked(format!("{SHT}approved"))).into(),
                )
        })
        .collect();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let halves: Vec<_> = approved
            .chunks(approved.len().div_ceil(2))
            .map(|half| {
                scope.spawn(move || {
                    half.iter()
                        .filter_map(|case| {
                            let outcome = match case.kind().as_str() {
                                "Validate" => run(case),
                                other => Err(format!("this runner does not know {other} cases")),
                            };
                            outcome.err().map(|why| format!("{}: {why}", case.node))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty() && approved.len() == APPROVED_CASES,
        "{} of {} approved cases pass ({APPROVED_CASES} expected); failures:\n{}",
        approved.len() - failures.len(),
        approved.len(),
        failures.join("\n")
    );
}
