//! The validator on inputs the W3C cases do not cover: shapes and data that
//! loop, malformed shapes, and results that name their entity and source.

use std::io::Write;

use actorgraph_loader::{GraphStore, Input, LoadOptions, ShaclError, Shapes, Validation};

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

/// Validates `data` (Turtle) against `shapes` (Turtle).
fn validate(data: &str, shapes: &str) -> Result<Validation, ShaclError> {
    let mut file = tempfile::Builder::new().suffix(".ttl").tempfile().unwrap();
    write!(file, "{PREFIXES}{data}").unwrap();
    let store = GraphStore::in_memory().unwrap();
    store
        .load(
            &Input::File(file.path().to_owned()),
            &LoadOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let shapes = Shapes::from_turtle(&format!("{PREFIXES}{shapes}"), "test shapes")?;
    store.validate(&shapes, None)
}

fn shapes_error(shapes: &str) -> String {
    match Shapes::from_turtle(&format!("{PREFIXES}{shapes}"), "test shapes") {
        Ok(_) => panic!("the shapes were accepted:\n{shapes}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn shapes_that_refer_to_themselves_end_on_cyclic_data() {
    let validation = validate(
        "ex:a ex:knows ex:b . ex:b ex:knows ex:a . ex:a ex:name \"A\" .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ;
             sh:property [ sh:path ex:knows ; sh:node ex:S ] ;
             sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
    )
    .unwrap();
    // ex:b has no name, so ex:a's ex:knows value does not conform.
    let components: Vec<&str> = validation
        .report
        .results
        .iter()
        .map(|r| r.component_name())
        .collect();
    assert_eq!(components, ["Node"]);
}

#[test]
fn repeated_paths_end_on_cycles() {
    let validation = validate(
        "ex:a ex:next ex:b . ex:b ex:next ex:c . ex:c ex:next ex:a .",
        "ex:S a sh:PropertyShape ; sh:targetNode ex:a ;
             sh:path [ sh:oneOrMorePath ex:next ] ; sh:maxCount 2 .",
    )
    .unwrap();
    assert_eq!(validation.report.results.len(), 1);
    assert_eq!(validation.report.results[0].component_name(), "MaxCount");
}

#[test]
fn results_name_their_entity_and_source() {
    let validation = validate(
        "ex:e a ex:Event ; ex:label \"Launch\" ; <http://schema.org/name> \"The launch\" .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:Event ;
             sh:property [ sh:path ex:start ; sh:minCount 1 ; sh:message \"needs a start\"@en ] .",
    )
    .unwrap();
    let result = &validation.report.results[0];
    assert_eq!(result.message(), "needs a start");
    let entity = &validation.entities[&result.focus_node];
    assert_eq!(entity.name.as_deref(), Some("The launch"));
    assert_eq!(entity.sources.len(), 1);
    assert!(entity.sources[0].ends_with(".ttl"), "{:?}", entity.sources);
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
fn a_syntax_error_in_the_shapes_names_the_place() {
    let error = shapes_error("ex:S sh:targetNode .");
    assert!(error.contains("test shapes:4:20: syntax error"), "{error}");
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
    let error = validate(
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
    let cycle = validate(
        "ex:a ex:next ex:b . ex:b ex:next ex:a .",
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P .
         ex:P sh:path ex:next ; sh:property ex:P ; sh:nodeKind sh:IRI .",
    )
    .unwrap();
    assert!(cycle.report.conforms());
    let chain: String = (0..1000)
        .map(|i| format!("ex:n{i} ex:next ex:n{} .\n", i + 1))
        .collect();
    let error = validate(
        &chain,
        "ex:S a sh:NodeShape ; sh:targetNode ex:n0 ; sh:property ex:P .
         ex:P sh:path ex:next ; sh:property ex:P .",
    )
    .expect_err("the validation ends in an error");
    assert!(error.to_string().contains("levels deep"), "{error}");
}
