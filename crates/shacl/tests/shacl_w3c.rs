//! The W3C SHACL Core test suite, whole: the `tests/core` folder of the
//! Working Group's `data-shapes-test-suite`, copied unchanged into
//! `tests/w3c/shacl-core/` and driven from its manifests (`mf:include`,
//! then each file's `mf:entries`).
//!
//! Each approved `sht:Validate` case names a data graph and a shapes graph
//! (Turtle files, often the case's own file). The data is read as written
//! into a dataset layer, the shapes into a graph, and the validation report
//! must be isomorphic to the expected one, as the suite prescribes: the
//! expected graph is the `mf:result` node's triples, its results' triples
//! and their paths' triples; `sh:resultMessage` is left out of both sides.
//! Where an expected result has a `sh:resultMessage`, the matching result
//! must also carry that message.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::rc::Rc;

use actorgraph_model::vocab::{rdf, sh};
use actorgraph_shacl::{DataView, Layer, Scope, Shapes, validate};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::graph::CanonicalizationAlgorithm;
use oxigraph::model::{
    Dataset, Graph, GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef, Triple,
};

/// The suite's folder.
const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/w3c/shacl-core");

/// How many approved cases the copied revision of the suite holds: every
/// one must be found, and pass.
const APPROVED_CASES: usize = 98;

/// A manifest vocabulary term.
fn mf(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#{local}"
    ))
}

/// A SHACL test vocabulary term.
fn sht(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("http://www.w3.org/ns/shacl-test#{local}"))
}

/// One Turtle file of the suite, read as written.
struct File {
    /// Where it is, for the layer's source path.
    path: String,
    graph: Graph,
    dataset: Dataset,
}

/// The suite's files, each read once (so that a case whose data and shapes
/// share a file sees the same blank nodes in both).
#[derive(Default)]
struct Files(HashMap<NamedNode, Rc<File>>);

impl Files {
    /// The file at the `file:` IRI `iri`, with `iri` as its base.
    fn get(&mut self, iri: &NamedNode) -> Rc<File> {
        if let Some(file) = self.0.get(iri) {
            return Rc::clone(file);
        }
        let path = iri
            .as_str()
            .strip_prefix("file://")
            .unwrap_or_else(|| panic!("{iri} is not a file"))
            .to_owned();
        let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let dataset: Dataset = RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri(iri.as_str())
            .unwrap()
            .for_slice(&text)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let graph = dataset
            .graph(GraphName::DefaultGraph.as_ref())
            .iter()
            .collect();
        let file = Rc::new(File {
            path,
            graph,
            dataset,
        });
        self.0.insert(iri.clone(), Rc::clone(&file));
        file
    }
}

fn subject(term: TermRef<'_>) -> NamedOrBlankNode {
    match term {
        TermRef::NamedNode(n) => n.into_owned().into(),
        TermRef::BlankNode(b) => b.into_owned().into(),
        TermRef::Literal(l) => panic!("{l} where a node was expected"),
    }
}

fn objects(graph: &Graph, node: TermRef<'_>, predicate: NamedNodeRef<'_>) -> Vec<Term> {
    graph
        .objects_for_subject_predicate(&subject(node), predicate)
        .map(TermRef::into_owned)
        .collect()
}

fn object(graph: &Graph, node: TermRef<'_>, predicate: NamedNodeRef<'_>) -> Option<Term> {
    objects(graph, node, predicate).into_iter().next()
}

fn iri_object(graph: &Graph, node: TermRef<'_>, predicate: NamedNodeRef<'_>) -> NamedNode {
    match object(graph, node, predicate) {
        Some(Term::NamedNode(n)) => n,
        other => panic!("{node} {predicate} is {other:?}, not an IRI"),
    }
}

fn list(graph: &Graph, mut head: Term) -> Vec<Term> {
    let mut items = Vec::new();
    while head != rdf::NIL.into_owned().into() {
        items.push(object(graph, head.as_ref(), rdf::FIRST).expect("a list has rdf:first"));
        head = object(graph, head.as_ref(), rdf::REST).expect("a list has rdf:rest");
    }
    items
}

/// One test case: its entry in the manifest of its file.
struct Case {
    file: Rc<File>,
    entry: Term,
}

/// Every entry of the manifest `iri` and of the manifests it includes.
fn entries(files: &mut Files, iri: &NamedNode, out: &mut Vec<Case>) {
    let file = files.get(iri);
    let manifest = Term::from(iri.clone());
    for included in objects(&file.graph, manifest.as_ref(), mf("include").as_ref()) {
        match included {
            Term::NamedNode(included) => entries(files, &included, out),
            other => panic!("{iri} includes {other}, not a file"),
        }
    }
    for head in objects(&file.graph, manifest.as_ref(), mf("entries").as_ref()) {
        for entry in list(&file.graph, head) {
            out.push(Case {
                file: Rc::clone(&file),
                entry,
            });
        }
    }
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
            Self::Report => (predicate == sh::RESULT).then_some(Self::Result),
            Self::Result => (predicate == sh::RESULT_PATH).then_some(Self::Path),
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
        if triple.predicate == sh::RESULT_MESSAGE {
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
    for result in graph.objects_for_subject_predicate(report, sh::RESULT) {
        let result = subject(result);
        let mut alone = Graph::new();
        closure(graph, &result, Part::Result, &mut alone);
        let form = canonical(alone).into_iter().collect::<Vec<_>>().join("\n");
        for message in graph.objects_for_subject_predicate(&result, sh::RESULT_MESSAGE) {
            pairs.insert((form.clone(), message.to_string()));
        }
    }
    pairs
}

/// Runs one case; `Err` says how it failed.
fn run(files: &mut Files, case: &Case) -> Result<(), String> {
    let graph = &case.file.graph;
    let action = object(graph, case.entry.as_ref(), mf("action").as_ref())
        .ok_or("the case has no mf:action")?;
    let data = files.get(&iri_object(
        graph,
        action.as_ref(),
        sht("dataGraph").as_ref(),
    ));
    let shapes = files.get(&iri_object(
        graph,
        action.as_ref(),
        sht("shapesGraph").as_ref(),
    ));
    let shapes = Shapes::from_graph(&shapes.graph, &shapes.path)
        .map_err(|e| format!("the shapes were refused: {e}"))?;
    let view = DataView::new(vec![Layer::from_dataset(
        &data.dataset,
        [(GraphName::DefaultGraph, data.path.clone())],
    )]);
    let report =
        validate(&shapes, &view, Scope::All).map_err(|e| format!("validation failed: {e}"))?;

    let got: Graph = report.to_triples().iter().map(Triple::as_ref).collect();
    let got_report = got
        .subject_for_predicate_object(rdf::TYPE, sh::VALIDATION_REPORT)
        .ok_or("the report has no sh:ValidationReport")?
        .into_owned();
    let expected = subject(
        object(graph, case.entry.as_ref(), mf("result").as_ref())
            .ok_or("the case has no mf:result")?
            .as_ref(),
    );
    let (want, have) = (
        report_form(graph, &expected),
        report_form(&got, &got_report),
    );
    if want != have {
        let mut diff = String::from("the report differs from the expected one");
        for line in want.difference(&have) {
            write!(diff, "\n    missing:    {line}").unwrap();
        }
        for line in have.difference(&want) {
            write!(diff, "\n    unexpected: {line}").unwrap();
        }
        return Err(diff);
    }
    let got_messages = messages(&got, &got_report);
    if let Some((result, message)) = messages(graph, &expected).difference(&got_messages).next() {
        return Err(format!("no result says {message}:\n{result}"));
    }
    Ok(())
}

#[test]
fn the_w3c_shacl_core_suite_passes() {
    let root = std::path::Path::new(SUITE)
        .join("manifest.ttl")
        .canonicalize()
        .expect("the suite is in tests/w3c/shacl-core");
    let root = NamedNode::new(format!("file://{}", root.display())).unwrap();
    let mut files = Files::default();
    let mut cases = Vec::new();
    entries(&mut files, &root, &mut cases);
    let approved = sht("approved");
    let mut failures = Vec::new();
    let mut passed = 0;
    let mut approved_cases = 0;
    for case in &cases {
        let graph = &case.file.graph;
        let status = object(graph, case.entry.as_ref(), mf("status").as_ref());
        if status != Some(approved.clone().into()) {
            continue;
        }
        approved_cases += 1;
        let kind = object(graph, case.entry.as_ref(), rdf::TYPE);
        let outcome = if kind == Some(sht("Validate").into()) {
            run(&mut files, case)
        } else {
            Err(format!("{kind:?} is not a kind of case this runner knows"))
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(why) => failures.push(format!("{}: {why}", case.entry)),
        }
    }
    assert!(
        failures.is_empty() && approved_cases == APPROVED_CASES,
        "{passed} of {approved_cases} approved cases pass ({APPROVED_CASES} expected); failures:\n{}",
        failures.join("\n")
    );
}
