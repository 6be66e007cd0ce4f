//! Binding a parameter means "the query's own variable has this value",
//! wherever that variable is in scope, and nothing else: a query bound with
//! `?x = v` gives the rows the unbound query gives where `?x` is `v`, for
//! every kind of scope (MINUS, sub-SELECT, EXISTS, OPTIONAL, GROUP BY, BIND);
//! a parameter used only in filters acts as if bound before them.

use std::path::Path;

use actorgraph_query::{Answer, QueryRequest, Row, SavedQuery, Term, Variable, parse_query, run};
use oxigraph::io::RdfFormat;
use oxigraph::model::{Literal, NamedNode};
use oxigraph::store::Store;
use proptest::prelude::*;
use spargebra::Query;
use spargebra::algebra::GraphPattern;

const DATA: &str = r#"
@prefix : <http://e.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:a a :A ; :p 1 ; :start "2015-01-01"^^xsd:date .
:b a :A , :B ; :p 2 , 3 ; :q :a ; :start "2016-06-01"^^xsd:date .
:c a :B ; :p 4 ; :q :b .
:d a :A ; :q :a .
"#;

fn small_store() -> Store {
    let store = Store::new().unwrap();
    store
        .load_from_reader(RdfFormat::Turtle, DATA.as_bytes())
        .unwrap();
    store
}

/// The variables and rows of a SELECT, the rows sorted (a multiset).
fn select(store: &Store, text: &str, bindings: Vec<(Variable, Term)>) -> (Vec<Variable>, Vec<Row>) {
    let request = QueryRequest {
        text: text.into(),
        bindings,
        ..QueryRequest::default()
    };
    let Answer::Solutions { variables, rows } = run(store, &request, "test").unwrap() else {
        panic!("not a SELECT: {text}");
    };
    let mut rows: Vec<Row> = rows.collect::<Result<_, _>>().unwrap();
    rows.sort_by_key(|r| format!("{r:?}"));
    (variables, rows)
}

/// Asserts that `text` bound with `name = value` gives the rows of `text`
/// unbound where `name` is `value`.
fn same_as_filtered(store: &Store, text: &str, name: &str, value: &Term) {
    let variable = Variable::new_unchecked(name);
    let (variables, unbound) = select(store, text, Vec::new());
    let column = variables
        .iter()
        .position(|v| v == &variable)
        .unwrap_or_else(|| panic!("?{name} is not shown by {text}"));
    let expected: Vec<Row> = unbound
        .into_iter()
        .filter(|row| row[column].as_ref() == Some(value))
        .collect();
    let (bound_variables, bound) = select(store, text, vec![(variable, value.clone())]);
    assert_eq!(bound_variables, variables, "{text}");
    assert_eq!(bound, expected, "{text} with ?{name} = {value}");
}

fn iri(local: &str) -> Term {
    NamedNode::new_unchecked(format!("http://e.org/{local}")).into()
}

/// Every subject of the small store, and one IRI that matches nothing.
fn each_value(store: &Store, text: &str, name: &str) {
    for local in ["a", "b", "c", "d", "A", "B", "nothing"] {
        same_as_filtered(store, text, name, &iri(local));
    }
}

const P: &str = "PREFIX : <http://e.org/>\n";

#[test]
fn minus_keeps_the_variable_on_both_sides() {
    let store = small_store();
    let text = format!("{P}SELECT ?x {{ ?x a :A MINUS {{ ?x a :B }} }}");
    each_value(&store, &text, "x");
    let (_, rows) = select(
        &store,
        &text,
        vec![(Variable::new_unchecked("x"), iri("b"))],
    );
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn minus_whose_left_may_leave_the_variable_unbound() {
    let store = small_store();
    let text = format!("{P}SELECT ?s ?x {{ ?s a :A OPTIONAL {{ ?s :q ?x }} MINUS {{ ?x a :B }} }}");
    each_value(&store, &text, "x");
}

#[test]
fn a_sub_select_that_does_not_project_the_variable_has_its_own() {
    let store = small_store();
    let text =
        format!("{P}SELECT ?x ?n {{ ?x a :B {{ SELECT (COUNT(?x) AS ?n) {{ ?x a :A }} }} }}");
    each_value(&store, &text, "x");
    let (_, rows) = select(
        &store,
        &text,
        vec![(Variable::new_unchecked("x"), iri("b"))],
    );
    assert_eq!(
        rows,
        vec![vec![Some(iri("b")), Some(Literal::from(3_i64).into())]]
    );
}

#[test]
fn a_sub_select_that_projects_the_variable_shares_it() {
    let store = small_store();
    let text = format!(
        "{P}SELECT ?x ?n {{ ?x a :A {{ SELECT ?x (COUNT(?v) AS ?n) {{ ?x :p ?v }} GROUP BY ?x }} }}"
    );
    each_value(&store, &text, "x");
}

#[test]
fn a_sliced_sub_select_is_not_restricted_before_its_limit() {
    let store = small_store();
    let text = format!(
        "{P}SELECT ?x ?v {{ {{ SELECT ?x ?v {{ ?x :p ?v }} ORDER BY DESC(?v) LIMIT 2 }} }}"
    );
    each_value(&store, &text, "x");
}

#[test]
fn exists_sees_the_value() {
    let store = small_store();
    let text = format!("{P}SELECT ?x {{ ?x a ?t FILTER EXISTS {{ ?x :p ?v FILTER(?v > 1) }} }}");
    each_value(&store, &text, "x");
}

#[test]
fn not_exists_sees_the_value() {
    let store = small_store();
    let text = format!("{P}SELECT ?x ?t {{ ?x a ?t FILTER NOT EXISTS {{ ?y :q ?x }} }}");
    each_value(&store, &text, "x");
}

#[test]
fn optional_binding_the_variable() {
    let store = small_store();
    let text = format!("{P}SELECT ?s ?x {{ ?s a :A OPTIONAL {{ ?s :q ?x }} }}");
    each_value(&store, &text, "x");
    let text = format!("{P}SELECT ?x ?v {{ ?x a ?t OPTIONAL {{ ?x :p ?v FILTER(?x != :c) }} }}");
    each_value(&store, &text, "x");
}

#[test]
fn group_by_the_variable() {
    let store = small_store();
    let text = format!(
        "{P}SELECT ?x (COUNT(?v) AS ?n) {{ ?x a ?t OPTIONAL {{ ?x :p ?v }} }} GROUP BY ?x HAVING (COUNT(?v) < 3)"
    );
    each_value(&store, &text, "x");
}

#[test]
fn bind_of_the_variable() {
    let store = small_store();
    let text = format!(
        "{P}SELECT ?x ?y ?z {{ ?x :p ?v BIND(STR(?x) AS ?y) BIND(?v * 2 AS ?z) FILTER(?x != :a) }}"
    );
    each_value(&store, &text, "x");
}

#[test]
fn union_with_one_branch_binding_the_variable() {
    let store = small_store();
    let text = format!("{P}SELECT ?x ?y {{ {{ ?x a :A }} UNION {{ ?y a :B }} }}");
    each_value(&store, &text, "x");
}

#[test]
fn values_listing_the_variable() {
    let store = small_store();
    let text = format!(
        "{P}SELECT ?x ?t {{ VALUES ?x {{ :a :b UNDEF }} ?y a ?t OPTIONAL {{ ?y :q ?x }} }}"
    );
    each_value(&store, &text, "x");
}

#[test]
fn lateral_sees_the_value_from_its_left() {
    let store = small_store();
    let text = format!(
        "{P}SELECT ?x ?v {{ ?x a :A LATERAL {{ SELECT ?v {{ ?x :p ?v }} ORDER BY ?v LIMIT 1 }} }}"
    );
    each_value(&store, &text, "x");
}

#[test]
fn ask_and_construct_are_restricted_too() {
    let store = small_store();
    let ask = |local: &str| {
        let request = QueryRequest {
            text: format!("{P}ASK {{ ?x a :A MINUS {{ ?x a :B }} }}"),
            bindings: vec![(Variable::new_unchecked("x"), iri(local))],
            ..QueryRequest::default()
        };
        let Answer::Boolean(answer) = run(&store, &request, "test").unwrap() else {
            panic!("an ASK gives a boolean")
        };
        answer
    };
    assert!(ask("a"));
    assert!(!ask("b"));
    assert!(!ask("c"));
    let request = QueryRequest {
        text: format!("{P}CONSTRUCT {{ ?x :r ?t }} WHERE {{ ?x a ?t MINUS {{ ?x a :B }} }}"),
        bindings: vec![(Variable::new_unchecked("x"), iri("a"))],
        ..QueryRequest::default()
    };
    let Answer::Graph(triples) = run(&store, &request, "test").unwrap() else {
        panic!("a CONSTRUCT gives triples")
    };
    let triples: Vec<String> = triples.map(|t| t.unwrap().to_string()).collect();
    assert_eq!(
        triples,
        vec!["<http://e.org/a> <http://e.org/r> <http://e.org/A>".to_owned()]
    );
}

#[test]
fn graph_named_by_the_variable() {
    let store = Store::new().unwrap();
    store
        .load_from_reader(
            RdfFormat::TriG,
            "@prefix : <http://e.org/> . :a { :s a :A . :t a :B } :b { :s a :A } :u a :A ."
                .as_bytes(),
        )
        .unwrap();
    let text = format!("{P}SELECT ?x ?s {{ GRAPH ?x {{ ?s a :A }} }}");
    each_value(&store, &text, "x");
    let text = format!("{P}SELECT ?x ?s {{ GRAPH ?x {{ ?s a ?x }} }}");
    each_value(&store, &text, "x");
    let text = format!("{P}SELECT ?x ?g {{ GRAPH ?g {{ ?x a :A }} }}");
    each_value(&store, &text, "x");
}

#[test]
fn a_parameter_used_only_in_filters_is_bound_before_them() {
    let store = small_store();
    let since: Term = Literal::new_typed_literal(
        "2016-01-01",
        NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#date"),
    )
    .into();
    let bound = select(
        &store,
        &format!("{P}SELECT ?e ?since {{ ?e :start ?s FILTER(?s >= ?since) }}"),
        vec![(Variable::new_unchecked("since"), since.clone())],
    );
    let written = select(
        &store,
        &format!("{P}SELECT ?e (?d AS ?since) {{ ?e :start ?s FILTER(?s >= ?d) }}",).replace(
            "?d",
            "\"2016-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>",
        ),
        Vec::new(),
    );
    assert_eq!(bound.1, written.1);
    assert_eq!(bound.1, vec![vec![Some(iri("b")), Some(since)]]);
    // Also inside a sub-SELECT that never binds it (as roles-on-date.rq).
    let bound = select(
        &store,
        &format!("{P}SELECT ?e {{ {{ SELECT ?e {{ ?e :start ?s FILTER(?s >= ?since) }} }} }}"),
        vec![(
            Variable::new_unchecked("since"),
            bound.1[0][1].clone().unwrap(),
        )],
    );
    assert_eq!(bound.1, vec![vec![Some(iri("b"))]]);
}

// The saved queries, on the example data.

fn example_store() -> Store {
    let store = Store::new().unwrap();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/osce-shymkent-seminar-2015.ttl");
    let data = std::fs::read(&path).unwrap();
    store
        .load_from_reader(RdfFormat::Turtle, data.as_slice())
        .unwrap();
    store
}

/// The saved queries and the parameters their patterns bind, checked below.
/// Left out:
/// - co-participants.rq `with`: `BIND(?with AS ?given)` comes before the
///   patterns that bind ?with, so the unbound query has ?given unbound and
///   keeps each pair once (`STR(?with) < STR(?other)`), while the bound query
///   (?with bound before the BIND, as the query means it) lists every pair
///   with the given actor first. The two answers differ by design.
/// - Parameters used only in expressions (organization-units `org`,
///   find `text`, roles-on-date `date`, timeline and events-by-organization
///   `since`/`until`): the unbound query has no such column; they are bound
///   before their filters (tested above).
const PATTERN_BOUND: [(&str, &str); 7] = [
    ("events-about-topic", "topic"),
    ("events-at-place", "place"),
    ("events-by-organization", "org"),
    ("follow-up-chain", "event"),
    ("participants-of-event", "event"),
    ("quotations-at-event", "event"),
    ("sources-of", "entity"),
];

fn saved(name: &str) -> SavedQuery {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../queries/{name}.rq"));
    let text = std::fs::read_to_string(&path).unwrap();
    SavedQuery::parse(name, &path.display().to_string(), &text).unwrap()
}

/// `text` with `variable` added to the columns of its SELECT, so that the
/// unbound rows can be filtered on it. None of the saved queries checked has
/// a LIMIT or OFFSET (ORDER BY does not matter to a multiset).
fn showing(text: &str, variable: &Variable) -> String {
    let mut query = parse_query(text, None, "test").unwrap();
    let Query::Select { pattern, .. } = &mut query else {
        panic!("not a SELECT")
    };
    let mut node = pattern;
    loop {
        match node {
            GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => node = inner,
            GraphPattern::Slice { .. } => panic!("a sliced query needs another comparison"),
            GraphPattern::Project { variables, .. } => {
                if !variables.contains(variable) {
                    variables.push(variable.clone());
                }
                break;
            }
            _ => panic!("no projection"),
        }
    }
    query.to_string()
}

/// Every IRI of the example data, and two that match nothing.
fn example_iris(store: &Store) -> Vec<String> {
    let mut iris: Vec<String> = store
        .iter()
        .flat_map(|quad| {
            let quad = quad.unwrap();
            let mut found = Vec::new();
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = &quad.subject {
                found.push(n.as_str().to_owned());
            }
            if let Term::NamedNode(n) = &quad.object {
                found.push(n.as_str().to_owned());
            }
            found
        })
        .collect();
    iris.sort();
    iris.dedup();
    iris.push("https://w3id.org/actorgraph/id/nothing".into());
    iris.push("https://example.org/elsewhere".into());
    iris
}

fn check_saved(store: &Store, name: &str, param: &str, value: &str) {
    let query = saved(name);
    let variable = Variable::new_unchecked(param);
    let bindings = query.bind(&[(param.to_owned(), value.to_owned())]).unwrap();
    let term = bindings
        .iter()
        .find(|(v, _)| v == &variable)
        .unwrap()
        .1
        .clone();
    let others: Vec<(Variable, Term)> = bindings
        .iter()
        .filter(|(v, _)| v != &variable)
        .cloned()
        .collect();
    let text = showing(&query.text, &variable);
    let (variables, unbound) = select(store, &text, others.clone());
    let column = variables.iter().position(|v| v == &variable).unwrap();
    let expected: Vec<Row> = unbound
        .into_iter()
        .filter(|row| row[column].as_ref() == Some(&term))
        .collect();
    let (_, bound) = select(store, &text, bindings);
    assert_eq!(bound, expected, "{name} with {param}={value}");
}

#[test]
fn saved_queries_with_their_examples_agree() {
    let store = example_store();
    for (name, param) in PATTERN_BOUND {
        let query = saved(name);
        for example in &query.examples {
            for (n, value) in actorgraph_query::split_example(example) {
                if n == param {
                    check_saved(&store, name, param, &value);
                }
            }
        }
    }
}

/// Every value each parameter takes in the unbound query's rows.
#[test]
fn saved_queries_for_every_value_their_rows_have() {
    let store = example_store();
    for (name, param) in PATTERN_BOUND {
        let query = saved(name);
        let variable = Variable::new_unchecked(param);
        let mut given = Vec::new();
        for p in &query.params {
            if p.name != param && p.requirement == actorgraph_query::Requirement::Required {
                panic!("{name}: another required parameter {}", p.name);
            }
        }
        given.push((param.to_owned(), "https://example.org/any".to_owned()));
        let others: Vec<(Variable, Term)> = query
            .bind(&given)
            .unwrap()
            .into_iter()
            .filter(|(v, _)| v != &variable)
            .collect();
        let text = showing(&query.text, &variable);
        let (variables, rows) = select(&store, &text, others);
        let column = variables.iter().position(|v| v == &variable).unwrap();
        let mut values: Vec<String> = rows
            .iter()
            .filter_map(|row| match &row[column] {
                Some(Term::NamedNode(n)) => Some(n.as_str().to_owned()),
                _ => None,
            })
            .collect();
        values.sort();
        values.dedup();
        assert!(!values.is_empty(), "{name}: no rows to compare");
        for value in values {
            check_saved(&store, name, param, &value);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn saved_queries_bound_give_the_unbound_rows_with_that_value(
        which in 0..PATTERN_BOUND.len(),
        pick in any::<prop::sample::Index>(),
    ) {
        thread_local! {
            static STORE: (Store, Vec<String>) = {
                let store = example_store();
                let iris = example_iris(&store);
                (store, iris)
            };
        }
        STORE.with(|(store, iris)| {
            let (name, param) = PATTERN_BOUND[which];
            check_saved(store, name, param, &iris[pick.index(iris.len())]);
        });
    }
}

/// Where nothing but the patterns that match it reads the variable, the
/// bound query is the plain query with the value in place of the variable
/// (as `--show-query` prints it); where something does, it keeps it.
#[test]
fn the_variable_stays_only_where_something_reads_it() {
    let shown = |text: &str| {
        QueryRequest {
            text: text.into(),
            bindings: vec![(Variable::new_unchecked("x"), iri("b"))],
            ..QueryRequest::default()
        }
        .bound_text("test")
        .unwrap()
    };
    let plain = shown(&format!(
        "{P}SELECT ?v {{ ?x :p ?v OPTIONAL {{ ?x :q ?y }} }}"
    ));
    assert!(!plain.contains("?x"), "{plain}");
    let minus = shown(&format!("{P}SELECT ?v {{ ?x :p ?v MINUS {{ ?x a :B }} }}"));
    assert!(minus.contains("?x"), "{minus}");
    let query = saved("events-by-organization");
    let request = QueryRequest {
        text: query.text.clone(),
        bindings: query
            .bind(&[(
                "org".into(),
                "https://w3id.org/actorgraph/id/actor/osce".into(),
            )])
            .unwrap(),
        ..QueryRequest::default()
    };
    let text = request.bound_text("test").unwrap();
    assert!(!text.contains("?org"), "{text}");
}
