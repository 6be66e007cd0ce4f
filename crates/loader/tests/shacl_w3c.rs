//! The W3C SHACL test suite's core cases that our validator covers, copied
//! into `tests/shacl-w3c/` and driven from its manifest: each test file
//! holds data, shapes and the expected `sh:ValidationReport`; the data is
//! loaded into a store as a source, the shapes read from the same file,
//! and `conforms` plus the multiset of (focus node, path, value, source
//! shape, component, severity) must match. Blank nodes match any blank node,
//! as their labels differ between the file and the store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use actorgraph_loader::{GraphStore, Input, LoadOptions, Shapes};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, NamedNodeRef, NamedOrBlankNode, Term, TermRef};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

fn iri(ns: &str, local: &str) -> oxigraph::model::NamedNode {
    oxigraph::model::NamedNode::new_unchecked(format!("{ns}{local}"))
}

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/shacl-w3c")
        .canonicalize()
        .unwrap()
}

/// The `file:` IRI the loader gives an absolute path (no characters in the
/// suite's paths need escaping).
fn file_iri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn read(path: &Path) -> Graph {
    let text = std::fs::read(path).unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(file_iri(path))
        .unwrap()
        .for_slice(&text)
        .map(|q| q.unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .map(|q| q.into())
        .collect::<Vec<oxigraph::model::Triple>>()
        .iter()
        .collect()
}

fn subject(term: TermRef<'_>) -> NamedOrBlankNode {
    match term {
        TermRef::NamedNode(n) => n.into_owned().into(),
        TermRef::BlankNode(b) => b.into_owned().into(),
        TermRef::Literal(l) => panic!("{l} where a node was expected"),
    }
}

fn object(
    graph: &Graph,
    node: TermRef<'_>,
    predicate: &oxigraph::model::NamedNode,
) -> Option<Term> {
    graph
        .object_for_subject_predicate(&subject(node), predicate)
        .map(TermRef::into_owned)
}

fn objects(graph: &Graph, node: TermRef<'_>, predicate: &oxigraph::model::NamedNode) -> Vec<Term> {
    graph
        .objects_for_subject_predicate(&subject(node), predicate)
        .map(TermRef::into_owned)
        .collect()
}

fn list(graph: &Graph, mut head: Term) -> Vec<Term> {
    let mut items = Vec::new();
    while head != Term::from(iri(RDF, "nil")) {
        items.push(object(graph, head.as_ref(), &iri(RDF, "first")).unwrap());
        head = object(graph, head.as_ref(), &iri(RDF, "rest")).unwrap();
    }
    items
}

/// A term as compared: blank nodes all alike.
fn key(term: &Term) -> String {
    match term {
        Term::BlankNode(_) => "_:".to_owned(),
        other => other.to_string(),
    }
}

/// An expected path, written as `Path`'s Display writes one.
fn path_key(graph: &Graph, path: &Term) -> String {
    if let Term::NamedNode(n) = path {
        return n.to_string();
    }
    if object(graph, path.as_ref(), &iri(RDF, "first")).is_some() {
        let steps: Vec<String> = list(graph, path.clone())
            .iter()
            .map(|p| path_key(graph, p))
            .collect();
        return format!("({})", steps.join(" / "));
    }
    let inner = |local: &str| object(graph, path.as_ref(), &iri(SH, local));
    if let Some(p) = inner("inversePath") {
        return format!("^{}", path_key(graph, &p));
    }
    if let Some(p) = inner("zeroOrMorePath") {
        return format!("{}*", path_key(graph, &p));
    }
    if let Some(p) = inner("oneOrMorePath") {
        return format!("{}+", path_key(graph, &p));
    }
    if let Some(p) = inner("zeroOrOnePath") {
        return format!("{}?", path_key(graph, &p));
    }
    if let Some(list_head) = inner("alternativePath") {
        let paths: Vec<String> = list(graph, list_head)
            .iter()
            .map(|p| path_key(graph, p))
            .collect();
        return format!("({})", paths.join(" | "));
    }
    panic!("not a path: {path}")
}

type Results = BTreeMap<String, usize>;

fn count(results: &mut Results, fields: [String; 6]) {
    *results.entry(fields.join("  ")).or_default() += 1;
}

/// Runs the test cases of one file; returns the failures.
fn run_file(file: &Path) -> Vec<String> {
    let graph = read(file);
    let mut failures = Vec::new();
    let validate = iri(SHT, "Validate");
    let type_ = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    if graph
        .subject_for_predicate_object(type_, &validate)
        .is_none()
    {
        failures.push(format!("{}: no sht:Validate case", file.display()));
    }
    for case in graph.subjects_for_predicate_object(
        NamedNodeRef::new_unchecked(&format!("{RDF}type")),
        &validate,
    ) {
        let case: Term = case.into_owned().into();
        let name = format!("{}#{}", file.display(), case);
        let action = object(&graph, case.as_ref(), &iri(MF, "action")).unwrap();
        let path_of = |predicate: &str| match object(&graph, action.as_ref(), &iri(SHT, predicate))
        {
            Some(Term::NamedNode(n)) => PathBuf::from(n.as_str().trim_start_matches("file://")),
            other => panic!("{name}: {predicate} is {other:?}"),
        };
        let (data, shapes) = (path_of("dataGraph"), path_of("shapesGraph"));
        let store = GraphStore::in_memory().unwrap();
        store
            .load(
                &Input::File(data.clone()),
                &LoadOptions::default(),
                &mut |_| {},
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let shapes = match Shapes::from_file(&shapes) {
            Ok(shapes) => shapes,
            Err(e) => {
                failures.push(format!("{name}: the shapes were refused: {e}"));
                continue;
            }
        };
        let report = match store.validate(&shapes, None) {
            Ok(validation) => validation.report,
            Err(e) => {
                failures.push(format!("{name}: validation failed: {e}"));
                continue;
            }
        };
        let expected = object(&graph, case.as_ref(), &iri(MF, "result")).unwrap();
        let conforms = object(&graph, expected.as_ref(), &iri(SH, "conforms"))
            .is_some_and(|c| matches!(c, Term::Literal(l) if l.value() == "true"));
        let mut want = Results::new();
        let mut want_messages = Vec::new();
        for result in objects(&graph, expected.as_ref(), &iri(SH, "result")) {
            let field = |local: &str| {
                object(&graph, result.as_ref(), &iri(SH, local))
                    .map(|t| key(&t))
                    .unwrap_or_default()
            };
            let path = object(&graph, result.as_ref(), &iri(SH, "resultPath"))
                .map(|p| path_key(&graph, &p))
                .unwrap_or_default();
            let fields = [
                field("focusNode"),
                path,
                field("value"),
                field("sourceShape"),
                field("sourceConstraintComponent"),
                field("resultSeverity"),
            ];
            for message in objects(&graph, result.as_ref(), &iri(SH, "resultMessage")) {
                want_messages.push((fields.join("  "), key(&message)));
            }
            count(&mut want, fields);
        }
        let mut got = Results::new();
        let mut got_messages = Vec::new();
        for result in &report.results {
            let fields = [
                key(&result.focus_node),
                result
                    .path
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                result.value.as_ref().map(key).unwrap_or_default(),
                key(&result.source_shape),
                key(&result.component.clone().into()),
                key(&result.severity.clone().into()),
            ];
            for message in &result.messages {
                got_messages.push((fields.join("  "), key(&message.clone().into())));
            }
            count(&mut got, fields);
        }
        for wanted in &want_messages {
            if !got_messages.contains(wanted) {
                failures.push(format!(
                    "{name}: no result says {} ({})",
                    wanted.1, wanted.0
                ));
            }
        }
        if conforms != report.conforms() || want != got {
            failures.push(format!(
                "{name}: expected conforms {conforms} with\n    {}\n  got conforms {} with\n    {}",
                want.iter()
                    .map(|(k, n)| format!("{n}× {k}"))
                    .collect::<Vec<_>>()
                    .join("\n    "),
                report.conforms(),
                got.iter()
                    .map(|(k, n)| format!("{n}× {k}"))
                    .collect::<Vec<_>>()
                    .join("\n    "),
            ));
        }
    }
    failures
}

#[test]
fn the_w3c_shacl_core_cases_we_support_pass() {
    let manifest = suite().join("manifest.ttl");
    let graph = read(&manifest);
    let root: Term = oxigraph::model::NamedNode::new_unchecked(file_iri(&manifest)).into();
    let files = objects(&graph, root.as_ref(), &iri(MF, "include"));
    assert!(
        files.len() > 50,
        "the manifest lists only {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for file in files {
        let Term::NamedNode(file) = file else {
            panic!("mf:include {file} is not an IRI")
        };
        failures.extend(run_file(Path::new(
            file.as_str().trim_start_matches("file://"),
        )));
    }
    assert!(
        failures.is_empty(),
        "{} W3C case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
