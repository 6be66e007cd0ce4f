//! The validator on inputs the W3C cases do not cover: shapes and data that
//! loop, malformed shapes, results that name their source, and the two
//! kinds of layer (a store's canonical literals, a dataset's as written).

use actorgraph_model::vocab::{schema, xsd};
use actorgraph_shacl::{
    DataView, Layer, Scope, ShaclError, Shapes, ValidationReport, ValidationResult, validate,
};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Dataset, Graph, GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::store::Store;

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

/// The quads of a Turtle text (after `PREFIXES`), in `graph`.
fn quads(turtle: &str, graph: impl Into<GraphName>) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(graph)
        .for_slice(&format!("{PREFIXES}{turtle}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}\n{turtle}"))
}

fn shapes(turtle: &str) -> Result<Shapes, ShaclError> {
    let graph: Graph = quads(turtle, GraphName::DefaultGraph)
        .into_iter()
        .map(Into::into)
        .collect::<Vec<oxigraph::model::Triple>>()
        .iter()
        .collect();
    Shapes::from_graph(&graph, "test shapes")
}

fn ex(local: &str) -> Term {
    NamedNode::new_unchecked(format!("https://example.org/{local}")).into()
}

/// The graph a source is loaded into, as a loader would name it.
fn source_graph(name: &str) -> GraphName {
    NamedNode::new_unchecked(format!("file:///data/{name}.ttl")).into()
}

/// A store holding `data` (Turtle) in the graph of the source `data.ttl`.
fn store(data: &str) -> Store {
    let store = Store::new().unwrap();
    store
        .extend(quads(data, source_graph("data")))
        .expect("the store takes the quads");
    store
}

/// Validates `data` (Turtle), loaded into a store, against `shapes` (Turtle).
fn check(data: &str, shapes_turtle: &str) -> Result<ValidationReport, ShaclError> {
    let store = store(data);
    let view = DataView::new(vec![Layer::new(
        &store,
        [(source_graph("data"), "data.ttl".to_owned())],
    )]);
    validate(&shapes(shapes_turtle)?, &view, Scope::All)
}

fn shapes_error(turtle: &str) -> String {
    match shapes(turtle) {
        Ok(_) => panic!("the shapes were accepted:\n{turtle}"),
        Err(e) => e.to_string(),
    }
}

fn values(report: &ValidationReport) -> Vec<Term> {
    report
        .results
        .iter()
        .filter_map(|r| r.value.clone())
        .collect()
}

#[test]
fn shapes_that_refer_to_themselves_end_on_cyclic_data() {
    let report = check(
        "ex:a ex:knows ex:b . ex:b ex:knows ex:a . ex:a ex:name \"A\" .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ;
             sh:property [ sh:path ex:knows ; sh:node ex:S ] ;
             sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
    )
    .unwrap();
    // ex:b has no name, so ex:a's ex:knows value does not conform.
    let components: Vec<&str> = report
        .results
        .iter()
        .map(ValidationResult::component_name)
        .collect();
    assert_eq!(components, ["Node"]);
}

#[test]
fn repeated_paths_end_on_cycles() {
    let report = check(
        "ex:a ex:next ex:b . ex:b ex:next ex:c . ex:c ex:next ex:a .",
        "ex:S a sh:PropertyShape ; sh:targetNode ex:a ;
             sh:path [ sh:oneOrMorePath ex:next ] ; sh:maxCount 2 .",
    )
    .unwrap();
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].component_name(), "MaxCount");
}

#[test]
fn results_name_their_entity_and_source() {
    let store =
        store("ex:e a ex:Event ; ex:label \"Launch\" ; <http://schema.org/name> \"The launch\" .");
    let view = DataView::new(vec![Layer::new(
        &store,
        [(source_graph("data"), "data.ttl".to_owned())],
    )]);
    let shapes = shapes(
        "ex:S a sh:NodeShape ; sh:targetClass ex:Event ;
             sh:property [ sh:path ex:start ; sh:minCount 1 ; sh:message \"needs a start\"@en ] .",
    )
    .unwrap();
    let report = validate(&shapes, &view, Scope::All).unwrap();
    let result = &report.results[0];
    assert_eq!(result.message(), "needs a start");
    assert_eq!(
        view.literal(&result.focus_node, schema::NAME).unwrap(),
        Some("The launch".to_owned())
    );
    assert_eq!(view.sources_of(&result.focus_node).unwrap(), ["data.ttl"]);
}

#[test]
fn malformed_shapes_are_refused_naming_the_shape() {
    for (shapes, expected) in [
        (
            "ex:S sh:targetNode ex:a ; sh:path \"name\" .",
            "a path is the literal",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:path ex:p ; sh:minCount -1 .",
            "sh:minCount must be a non-negative integer",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:pattern \"(unclosed\" .",
            "sh:pattern is not a valid regular expression",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:in ex:l . ex:l <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> 1 ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ex:l .",
            "loops back on itself",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:maxCount 1 .",
            "needs a property shape",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:nodeKind sh:Nothing .",
            "sh:nodeKind must be one of",
        ),
    ] {
        let error = shapes_error(shapes);
        assert!(error.contains(expected), "{shapes}\n→ {error}");
        assert!(error.contains("<https://example.org/S>"), "{error}");
        assert!(error.starts_with("test shapes: invalid shapes"), "{error}");
    }
}

#[test]
fn shapes_nested_without_end_are_refused_not_followed_off_the_stack() {
    let chain: String = (0..5000)
        .map(|i| format!("ex:S{i} sh:not ex:S{} .\n", i + 1))
        .collect();
    let error = shapes_error(&format!("ex:S0 sh:targetNode ex:a .\n{chain}"));
    assert!(error.contains("nested more than 64 shapes deep"), "{error}");
}

#[test]
fn data_nested_without_end_is_refused_not_followed_off_the_stack() {
    // Each node must conform to the shape of the next one: deeper than the
    // validator follows.
    let data: String = (0..1000)
        .map(|i| format!("ex:n{i} ex:next ex:n{} .\n", i + 1))
        .collect();
    let error = check(
        &data,
        "ex:S a sh:NodeShape ; sh:targetNode ex:n0 ;
             sh:property [ sh:path ex:next ; sh:node ex:S ] .",
    )
    .expect_err("the validation ends in an error");
    assert!(
        error.to_string().contains("levels deep while checking"),
        "{error}"
    );
}

#[test]
fn property_shapes_nested_in_themselves_end() {
    let cycle = check(
        "ex:a ex:next ex:b . ex:b ex:next ex:a .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P .
         ex:P sh:path ex:next ; sh:property ex:P ; sh:nodeKind sh:IRI .",
    )
    .unwrap();
    assert!(cycle.conforms());
    let chain: String = (0..1000)
        .map(|i| format!("ex:n{i} ex:next ex:n{} .\n", i + 1))
        .collect();
    let error = check(
        &chain,
        "ex:S a sh:NodeShape ; sh:targetNode ex:n0 ; sh:property ex:P .
         ex:P sh:path ex:next ; sh:property ex:P .",
    )
    .expect_err("the validation ends in an error");
    assert!(error.to_string().contains("levels deep"), "{error}");
}

const SMALL_NUMBERS: &str =
    "ex:a ex:n \"55\"^^xsd:integer, \"300\"^^xsd:byte, \"7\"^^xsd:byte, \"007\"^^xsd:byte .";
const BYTES: &str = "ex:S sh:targetNode ex:a ; sh:path ex:n ; sh:datatype xsd:byte .";

#[test]
fn a_dataset_layer_validates_literals_as_written() {
    let dataset: Dataset = quads(SMALL_NUMBERS, source_graph("data"))
        .into_iter()
        .collect();
    let view = DataView::new(vec![Layer::from_dataset(
        &dataset,
        [(source_graph("data"), "data.ttl".to_owned())],
    )]);
    let report = validate(&shapes(BYTES).unwrap(), &view, Scope::All).unwrap();
    let mut failing = values(&report);
    failing.sort_by_key(ToString::to_string);
    assert_eq!(
        failing,
        [
            Literal::new_typed_literal("300", xsd::BYTE).into(),
            Literal::new_typed_literal("55", xsd::INTEGER).into(),
        ] as [Term; 2]
    );
}

#[test]
fn a_store_layer_validates_the_values_it_keeps() {
    // The store keeps integers as xsd:integer values: "55" fits a byte and
    // passes, "300"^^xsd:byte is named by its canonical literal.
    let report = check(SMALL_NUMBERS, BYTES).unwrap();
    assert_eq!(
        values(&report),
        [Literal::new_typed_literal("300", xsd::INTEGER).into()] as [Term; 1]
    );
}

#[test]
fn layers_of_both_kinds_make_one_view() {
    // New data in a dataset, checked against entities already in a store.
    let dataset: Dataset = quads(
        "ex:e a ex:Event ; ex:place ex:p . ex:f a ex:Event ; ex:place ex:q .",
        source_graph("new"),
    )
    .into_iter()
    .collect();
    let store = store("ex:p a ex:Place . ex:old a ex:Event ; ex:place ex:r .");
    let view = DataView::new(vec![
        Layer::from_dataset(&dataset, [(source_graph("new"), "new.ttl".to_owned())]),
        Layer::new(&store, [(source_graph("data"), "data.ttl".to_owned())]),
    ]);
    let shapes = shapes(
        "ex:S sh:targetClass ex:Event ; sh:property [ sh:path ex:place ; sh:class ex:Place ] .",
    )
    .unwrap();
    let report = validate(&shapes, &view, Scope::FirstLayer).unwrap();
    assert_eq!(values(&report), [ex("q")]);
    let report = validate(&shapes, &view, Scope::All).unwrap();
    let mut failing = values(&report);
    failing.sort_by_key(ToString::to_string);
    assert_eq!(failing, [ex("q"), ex("r")]);
    assert_eq!(view.sources_of(&ex("p")).unwrap(), ["data.ttl"]);
    assert_eq!(view.sources_of(&ex("e")).unwrap(), ["new.ttl"]);
}

#[test]
fn a_layer_reads_only_its_own_graphs() {
    let mut dataset: Dataset = quads("ex:a ex:n \"x\" .", source_graph("one"))
        .into_iter()
        .collect();
    dataset.extend(quads("ex:a ex:n \"y\" .", source_graph("two")));
    dataset.extend(quads("ex:a ex:n \"z\" .", source_graph("other")));
    let view = DataView::new(vec![Layer::from_dataset(
        &dataset,
        [
            (source_graph("one"), "one.ttl".to_owned()),
            (source_graph("two"), "two.ttl".to_owned()),
        ],
    )]);
    // Both chosen graphs are read ("x" and "y"), the other one ("z") not.
    let shapes =
        shapes("ex:S sh:targetNode ex:a ; sh:path ex:n ; sh:minCount 2 ; sh:in (\"x\" \"y\") .")
            .unwrap();
    assert!(validate(&shapes, &view, Scope::All).unwrap().conforms());
    assert_eq!(view.sources_of(&ex("a")).unwrap(), ["one.ttl", "two.ttl"]);
}
